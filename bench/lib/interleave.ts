/**
 * Interleaved sampling: variants take turns so that drift on a shared 2-core machine (another
 * process waking up, thermal state, JIT warmth of the driver) lands on all of them alike. Rounds
 * alternate the order (ABBA) so neither variant always runs first after a cool-down.
 */

export interface Slot<Name extends string> {
  round: number;
  variant: Name;
}

export function interleaveSchedule<Name extends string>(
  variants: readonly Name[],
  rounds: number,
): Slot<Name>[] {
  const slots: Slot<Name>[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const variant of order) slots.push({ round, variant });
  }
  return slots;
}

export type Samples<Name extends string, T> = Record<Name, T[]>;

/**
 * Runs `sample(variant, round)` in the interleaved order and collects results per variant, in
 * round order. A sample that throws records `onError`'s value (or is skipped when it returns
 * undefined), so one flaky sample does not lose the others.
 */
export async function runInterleaved<Name extends string, T>(
  variants: readonly Name[],
  rounds: number,
  sample: (variant: Name, round: number) => Promise<T>,
  onError?: (variant: Name, round: number, error: unknown) => T | undefined,
): Promise<Samples<Name, T>> {
  const out = Object.fromEntries(variants.map((v) => [v, [] as T[]])) as Samples<Name, T>;
  for (const slot of interleaveSchedule(variants, rounds)) {
    try {
      out[slot.variant].push(await sample(slot.variant, slot.round));
    } catch (error) {
      const value = onError?.(slot.variant, slot.round, error);
      if (value !== undefined) out[slot.variant].push(value);
    }
  }
  return out;
}

/** Order statistics for small benchmark samples: median, min, max, percentiles. No means: one GC pause must not move the headline. */

export interface Summary {
  median: number;
  min: number;
  max: number;
  n: number;
  samples: number[];
}

function sorted(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
}

/** Linear-interpolated percentile (p in 0..100) of the finite values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  const s = sorted(values);
  if (s.length === 0) return Number.NaN;
  const clamped = Math.min(100, Math.max(0, p));
  const rank = (clamped / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = s[lo] as number;
  const b = s[hi] as number;
  return a + (b - a) * (rank - lo);
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Summary of the finite samples; null when none were finite (the figure was not measured). */
export function summarize(values: readonly number[]): Summary | null {
  const s = sorted(values);
  if (s.length === 0) return null;
  return {
    median: median(s),
    min: s[0] as number,
    max: s[s.length - 1] as number,
    n: s.length,
    samples: [...values],
  };
}

/** Per-index differences of two equally long series (candidate minus baseline), for paired designs. */
export function pairedDifferences(
  candidate: readonly number[],
  baseline: readonly number[],
): number[] {
  const n = Math.min(candidate.length, baseline.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((candidate[i] as number) - (baseline[i] as number));
  return out;
}

/** How many times a is of b; null when b is 0 or either is missing. */
export function ratioOf(a: number | null | undefined, b: number | null | undefined): number | null {
  if (a == null || b == null || !Number.isFinite(a) || !Number.isFinite(b) || b === 0) return null;
  return a / b;
}

/** Counts values above a threshold (e.g. frames longer than 50 ms). */
export function countAbove(values: readonly number[], threshold: number): number {
  let n = 0;
  for (const v of values) if (v > threshold) n++;
  return n;
}

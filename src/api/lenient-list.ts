import { z } from 'zod';
import { describeIssues, type ContractIssue } from '@/contract';

export interface SkippedListItem {
  /** Position in the response array. */
  index: number;
  /** The item's id when it had a string one. */
  id: string | null;
  issues: ContractIssue[];
}

export type SkippedItemsListener = (info: { path: string; skipped: SkippedListItem[] }) => void;

// Side tables rather than a property on the array: React Query's structural sharing copies
// arrays, and a plain array is what every consumer expects.
const skippedByList = new WeakMap<readonly unknown[], SkippedListItem[]>();
const listeners = new Set<SkippedItemsListener>();

/** The items a lenient list dropped; [] when none were (or for an array it did not build). */
export function getSkippedItems(list: readonly unknown[]): readonly SkippedListItem[] {
  return skippedByList.get(list) ?? [];
}

/**
 * Called whenever a list response had items that failed their schema (e.g. to count them on
 * screen or log them). Returns an unsubscribe function.
 */
export function onSkippedListItems(listener: SkippedItemsListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function reportSkipped(list: readonly unknown[], path: string, skipped: SkippedListItem[]) {
  if (skipped.length === 0) return;
  skippedByList.set(list, skipped);
  for (const listener of listeners) listener({ path, skipped });
}

/**
 * A bare JSON array parsed item by item: valid items are kept, invalid ones are dropped and
 * recorded (see getSkippedItems). Only a non-array body fails the whole response.
 */
export function lenientArray<T extends z.ZodType>(item: T) {
  return z.array(z.unknown()).transform((values) => {
    const items: z.output<T>[] = [];
    const skipped: SkippedListItem[] = [];
    values.forEach((value, index) => {
      const parsed = item.safeParse(value);
      if (parsed.success) {
        items.push(parsed.data);
        return;
      }
      const rec = typeof value === 'object' && value !== null ? (value as { id?: unknown }) : {};
      skipped.push({
        index,
        id: typeof rec.id === 'string' ? rec.id : null,
        issues: describeIssues(parsed.error),
      });
    });
    return { items, skipped };
  });
}

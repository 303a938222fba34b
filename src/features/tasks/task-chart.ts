import { TASK_STATUSES, type TaskStatus } from '@/contract';
import type { TaskRow } from './task-rows';

export interface TaskBucket {
  start: number;
  end: number;
  total: number;
  counts: Record<TaskStatus, number>;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Bucket widths a person can read at a glance. */
export const BUCKET_SIZES = [
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  7 * DAY,
  30 * DAY,
] as const;

/** The smallest readable bucket width that covers `span` in at most `maxBuckets` buckets. */
export function pickBucketSize(span: number, maxBuckets: number): number {
  for (const size of BUCKET_SIZES) if (span / size <= maxBuckets) return size;
  return Math.ceil(span / maxBuckets);
}

function emptyCounts(): Record<TaskStatus, number> {
  return Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
}

/**
 * Tasks per created-at bucket and status, for the chart above the list. The window is
 * [from, to]; with no `from` it starts at the oldest task. Buckets align to their width
 * (so 15-min buckets start at :00, :15, …) and rows outside the window are left out.
 */
export function bucketTasks(
  rows: readonly TaskRow[],
  window: { from: number | null; to: number },
  maxBuckets = 48,
): TaskBucket[] {
  let from = window.from;
  if (from === null) {
    let min = Infinity;
    for (const r of rows) if (r.createdAt !== null && r.createdAt < min) min = r.createdAt;
    if (min === Infinity) return [];
    from = min;
  }
  const to = Math.max(window.to, from + 1);
  const size = pickBucketSize(to - from, maxBuckets);
  const first = Math.floor(from / size) * size;
  const count = Math.max(1, Math.ceil((to - first + 1) / size));
  const buckets: TaskBucket[] = Array.from({ length: count }, (_, i) => ({
    start: first + i * size,
    end: first + (i + 1) * size,
    total: 0,
    counts: emptyCounts(),
  }));
  for (const r of rows) {
    if (r.createdAt === null || r.createdAt < from || r.createdAt > to) continue;
    const bucket = buckets[Math.floor((r.createdAt - first) / size)];
    if (!bucket) continue;
    bucket.counts[r.status] += 1;
    bucket.total += 1;
  }
  return buckets;
}

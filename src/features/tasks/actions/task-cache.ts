import type { QueryClient, QueryKey } from '@tanstack/react-query';
import { tryParseTimestamp, type Task, type TaskStatus, type TasksListItem } from '@/contract';
import { taskQueries } from '../task-queries';

function versionOf(value: string | null | undefined): number | null {
  return value ? tryParseTimestamp(value) : null;
}

/** True when `incoming` is not older than `current` (by updated_at; unknown counts as newer). */
function isNotOlder(current: Task | undefined, incoming: Task): boolean {
  const a = versionOf(current?.updated_at);
  const b = versionOf(incoming.updated_at);
  return a === null || b === null || b >= a;
}

function patchRows(
  queryClient: QueryClient,
  taskId: string,
  change: (row: TasksListItem) => TasksListItem,
): void {
  queryClient.setQueriesData<TasksListItem[]>({ queryKey: taskQueries.lists() }, (rows) => {
    if (!Array.isArray(rows)) return rows;
    const index = rows.findIndex((r) => r.id === taskId);
    const row = index < 0 ? undefined : rows[index];
    if (!row) return rows;
    const copy = rows.slice();
    copy[index] = change(row);
    return copy;
  });
}

/**
 * Writes a task a mutation returned into the detail cache and into every list row showing it.
 * Reconciled by version, not arrival: the live stream may already have delivered a newer write.
 */
export function writeTaskToCache(queryClient: QueryClient, task: Task): void {
  const key = taskQueries.detail(task.id).queryKey;
  const current = queryClient.getQueryData<Task>(key);
  if (!isNotOlder(current, task)) return;
  queryClient.setQueryData(key, task);
  patchRows(queryClient, task.id, (row) => ({
    ...row,
    status: task.status ?? row.status,
    updated_at: task.updated_at ?? row.updated_at ?? null,
    result: task.result ?? null,
    title: task.title ?? row.title ?? null,
  }));
}

export interface CacheSnapshot {
  detail: [QueryKey, Task | undefined];
  lists: [QueryKey, TasksListItem[] | undefined][];
}

/** Shows a status at once (optimistic) and returns what to restore if the call fails. */
export async function setOptimisticStatus(
  queryClient: QueryClient,
  taskId: string,
  status: TaskStatus,
): Promise<CacheSnapshot> {
  const detailKey = taskQueries.detail(taskId).queryKey;
  // An in-flight poll would land after the optimistic write and undo it.
  await Promise.all([
    queryClient.cancelQueries({ queryKey: detailKey }),
    queryClient.cancelQueries({ queryKey: taskQueries.lists() }),
  ]);
  const snapshot: CacheSnapshot = {
    detail: [detailKey, queryClient.getQueryData<Task>(detailKey)],
    lists: queryClient.getQueriesData<TasksListItem[]>({ queryKey: taskQueries.lists() }),
  };
  queryClient.setQueryData<Task>(detailKey, (task) =>
    task
      ? { ...task, status, is_manually_stopped: status === 'stopped' || task.is_manually_stopped }
      : task,
  );
  patchRows(queryClient, taskId, (row) => ({ ...row, status }));
  return snapshot;
}

export function restoreSnapshot(queryClient: QueryClient, snapshot: CacheSnapshot): void {
  queryClient.setQueryData(snapshot.detail[0], snapshot.detail[1]);
  for (const [key, data] of snapshot.lists) queryClient.setQueryData(key, data);
}

export function invalidateTaskLists(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: taskQueries.lists() });
}

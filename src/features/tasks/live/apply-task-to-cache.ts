import type { QueryClient } from '@tanstack/react-query';
import type { Task, TasksListItem } from '@/contract';
import { taskQueries } from '../task-queries';

function rowFromTask(row: TasksListItem, task: Task, updatedAt: string | undefined): TasksListItem {
  return {
    ...row,
    // A list row's status is never null (SDK trap); the SDK reads an absent status as pending.
    status: task.status ?? row.status ?? 'pending',
    result: task.result ?? null,
    title: task.title ?? row.title ?? null,
    updated_at: task.updated_at ?? updatedAt ?? row.updated_at ?? null,
  };
}

function sameRow(a: TasksListItem, b: TasksListItem): boolean {
  return (
    a.status === b.status &&
    a.result === b.result &&
    a.title === b.title &&
    a.updated_at === b.updated_at
  );
}

/**
 * Patches every cached list that holds this task, so a list never disagrees with the open
 * task (Inngest #3844). Lists that do not hold it are left as they are: whether it belongs
 * in a filtered list is for the list's next fetch to say.
 */
export function patchListRows(queryClient: QueryClient, task: Task, updatedAt?: string): void {
  queryClient.setQueriesData<TasksListItem[]>({ queryKey: taskQueries.lists() }, (rows) => {
    if (!Array.isArray(rows)) return rows;
    const index = rows.findIndex((r) => r.id === task.id);
    if (index < 0) return rows;
    const row = rows[index];
    if (!row) return rows;
    const next = rowFromTask(row, task, updatedAt);
    if (sameRow(row, next)) return rows;
    const copy = rows.slice();
    copy[index] = next;
    return copy;
  });
}

/**
 * Writes a task record (from a task_* event, a re-fetch or a mutation) into the one cache
 * entry the detail screen reads, and into every list row showing it.
 * `updatedAt` (the event time) stands in for `updated_at` when the record has none.
 */
export function applyTaskToCache(queryClient: QueryClient, task: Task, updatedAt?: string): void {
  queryClient.setQueryData(taskQueries.detail(task.id).queryKey, task);
  patchListRows(queryClient, task, updatedAt);
}

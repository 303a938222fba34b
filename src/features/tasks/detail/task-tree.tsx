import { useQueries, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { CornerDownRight, GitBranch } from 'lucide-react';
import { Skeleton } from '@/components/ui/skeleton';
import type { Task } from '@/contract';
import { StatusBadge } from '../status-display';
import { taskQueries } from '../task-queries';
import { taskHeading } from './task-header';

/** Children fetched for the tree; beyond this the rest are listed as plain links. */
export const MAX_CHILDREN_FETCHED = 25;

/** Fetches the task's sub-executions (bounded), for the tree and for resolving sub-agent triggers. */
export function useChildTasks(task: Task | undefined) {
  const ids = task?.sub_executions ?? [];
  const fetched = ids.slice(0, MAX_CHILDREN_FETCHED);
  const results = useQueries({
    queries: fetched.map((id) => ({ ...taskQueries.detail(id), staleTime: 10_000 })),
  });
  const children = results.flatMap((r) => (r.data ? [r.data] : []));
  return { ids, results, children };
}

function Row({
  id,
  task,
  loading,
  failed,
  current,
}: {
  id: string;
  task?: Task;
  loading?: boolean;
  failed?: boolean;
  current?: boolean;
}) {
  return (
    <span className="flex min-w-0 items-center gap-2">
      {current ? (
        <span className="truncate font-medium text-fg">{task ? taskHeading(task) : id}</span>
      ) : (
        <Link
          to="/tasks/$taskId"
          params={{ taskId: id }}
          className="truncate text-accent hover:underline"
        >
          {task ? taskHeading(task) : <span className="font-mono text-[12px]">{id}</span>}
        </Link>
      )}
      {task && <StatusBadge status={task.status ?? 'pending'} />}
      {loading && <Skeleton className="h-4 w-16" />}
      {failed && <span className="text-xs text-muted">could not load</span>}
      <span className="ml-auto shrink-0 font-mono text-[11px] text-muted">{id.slice(0, 8)}</span>
    </span>
  );
}

/** Parent, this task, and its sub-executions with their statuses. */
export function TaskTree({ task }: { task: Task }) {
  const parentId = task.parent_execution ?? null;
  const parent = useQuery({
    ...taskQueries.detail(parentId ?? ''),
    enabled: parentId !== null,
    staleTime: 10_000,
  });
  const { ids, results } = useChildTasks(task);
  if (!parentId && ids.length === 0) return null;
  return (
    <section aria-labelledby="tree-heading" className="flex flex-col gap-1.5">
      <h2
        id="tree-heading"
        className="flex items-center gap-1.5 text-xs font-semibold tracking-wide text-muted uppercase"
      >
        <GitBranch className="h-3.5 w-3.5" aria-hidden /> Task tree
      </h2>
      <ul className="flex flex-col gap-1 rounded-md border border-border p-2 text-[13px]">
        {parentId && (
          <li>
            <span className="mr-1 text-xs text-muted">Parent</span>
            <Row
              id={parentId}
              task={parent.data}
              loading={parent.isPending}
              failed={parent.isError}
            />
          </li>
        )}
        <li className={parentId ? 'pl-4' : ''}>
          <Row id={task.id} task={task} current />
        </li>
        {ids.map((id, i) => {
          const r = results[i];
          return (
            <li
              key={id}
              className={parentId ? 'flex items-center gap-1 pl-8' : 'flex items-center gap-1 pl-4'}
            >
              <CornerDownRight className="h-3.5 w-3.5 shrink-0 text-muted" aria-hidden />
              <span className="min-w-0 flex-1">
                <Row
                  id={id}
                  task={r?.data ?? undefined}
                  loading={r?.isPending}
                  failed={r?.isError}
                />
              </span>
            </li>
          );
        })}
        {ids.length > MAX_CHILDREN_FETCHED && (
          <li className="pl-4 text-xs text-muted">
            Statuses shown for the first {MAX_CHILDREN_FETCHED} of {ids.length} sub-tasks.
          </li>
        )}
      </ul>
    </section>
  );
}

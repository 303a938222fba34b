import { queryOptions } from '@tanstack/react-query';
import type { TasksListItem } from '@/contract';
import { getActivityLog, getTask, listAgents, listAgentTasks, listUserTasks } from '@/api';
import type { ApiTaskFilters, TaskScope } from './task-search';

/**
 * Every agent's history, merged. One failing agent does not blank the view: its rows are
 * missing and the rest show; only when every agent fails does the query fail.
 */
async function listAllTasks(
  filters: ApiTaskFilters,
  signal: AbortSignal,
): Promise<TasksListItem[]> {
  const agents = await listAgents({ signal });
  const results = await Promise.allSettled(
    agents.map((a) => listAgentTasks(a.id, filters, { signal })),
  );
  const items: TasksListItem[] = [];
  let firstError: unknown = null;
  for (const r of results) {
    if (r.status === 'fulfilled') items.push(...r.value);
    else firstError ??= r.reason;
  }
  if (firstError !== null && items.length === 0 && results.every((r) => r.status === 'rejected'))
    throw firstError;
  return items;
}

function fetchList(
  scope: TaskScope,
  filters: ApiTaskFilters,
  signal: AbortSignal,
): Promise<TasksListItem[]> {
  switch (scope.kind) {
    case 'all':
      return listAllTasks(filters, signal);
    case 'agent':
      return listAgentTasks(scope.agentId, filters, { signal });
    case 'user': {
      // The user endpoint has no user_id filter: the user is the path.
      const { user_id: _ignored, ...rest } = filters;
      return listUserTasks(scope.userId, rest, { signal });
    }
  }
}

/**
 * Query keys:
 *   ['tasks']                                  everything about tasks
 *   ['tasks', 'list']                          every list (invalidate after a mutation)
 *   ['tasks', 'list', scope, filters]          one list: TasksListItem[]
 *   ['tasks', 'detail', taskId]                one Task
 *   ['tasks', 'activity', agentId, taskId]     one ActivityThread | null
 */
export const taskQueries = {
  all: () => ['tasks'] as const,
  lists: () => ['tasks', 'list'] as const,
  list: (scope: TaskScope, filters: ApiTaskFilters = {}) =>
    queryOptions({
      queryKey: ['tasks', 'list', scope, filters] as const,
      queryFn: ({ signal }) => fetchList(scope, filters, signal),
    }),
  detail: (taskId: string) =>
    queryOptions({
      queryKey: ['tasks', 'detail', taskId] as const,
      queryFn: ({ signal }) => getTask(taskId, { signal }),
    }),
  activity: (agentId: string, taskId: string) =>
    queryOptions({
      queryKey: ['tasks', 'activity', agentId, taskId] as const,
      queryFn: ({ signal }) => getActivityLog(agentId, taskId, { signal }),
    }),
};

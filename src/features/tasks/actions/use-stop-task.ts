import { useMutation, useQueryClient } from '@tanstack/react-query';
import { stopTask } from '@/api';
import type { Task } from '@/contract';
import {
  invalidateTaskLists,
  restoreSnapshot,
  setOptimisticStatus,
  writeTaskToCache,
  type CacheSnapshot,
} from './task-cache';

export type StopOutcome = 'stopped' | 'already-finished';

/**
 * Stop is idempotent on the platform: a task that had finished comes back unchanged (200). Only
 * a `stopped` answer is a stop; any other status means it finished before the request landed.
 */
export function stopOutcomeOf(task: Task): StopOutcome {
  return task.status === 'stopped' ? 'stopped' : 'already-finished';
}

export interface StopTaskResult {
  task: Task;
  outcome: StopOutcome;
}

/** DELETE the task: shown as stopped at once everywhere, rolled back if the call fails. */
export function useStopTask() {
  const queryClient = useQueryClient();
  return useMutation<StopTaskResult, Error, { taskId: string }, CacheSnapshot>({
    mutationFn: async ({ taskId }) => {
      const task = await stopTask(taskId);
      return { task, outcome: stopOutcomeOf(task) };
    },
    onMutate: ({ taskId }) => setOptimisticStatus(queryClient, taskId, 'stopped'),
    onError: (_error, _vars, snapshot) => {
      if (snapshot) restoreSnapshot(queryClient, snapshot);
    },
    onSuccess: ({ task }) => writeTaskToCache(queryClient, task),
    onSettled: () => invalidateTaskLists(queryClient),
  });
}

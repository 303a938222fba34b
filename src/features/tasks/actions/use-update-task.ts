import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Task, UpdateTaskRequest } from '@/contract';
import { invalidateTaskLists, writeTaskToCache } from './task-cache';
import { conflictTaskFrom, updateTaskVersioned } from './versioned-update';

export interface UpdateTaskVariables {
  taskId: string;
  /** Only the changed fields. */
  patch: UpdateTaskRequest;
  /** `updated_at` of the version the edit was made on. */
  baseUpdatedAt: string | null;
  reason?: string;
}

/**
 * A conditional, sparse update. Never retried: a 409 is for the person to resolve (the caller
 * shows it); the server's current task from the 409 body still goes into the cache, since it is
 * the truth either way.
 */
export function useUpdateTask() {
  const queryClient = useQueryClient();
  return useMutation<Task, Error, UpdateTaskVariables>({
    mutationFn: ({ taskId, patch, baseUpdatedAt, reason }) =>
      updateTaskVersioned(taskId, patch, { baseUpdatedAt, reason }),
    retry: false,
    onSuccess: (task) => writeTaskToCache(queryClient, task),
    onError: (error) => {
      const current = conflictTaskFrom(error);
      if (current) writeTaskToCache(queryClient, current);
    },
    onSettled: () => invalidateTaskLists(queryClient),
  });
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createTask } from '@/api';
import type { CreateTaskRequest, Task } from '@/contract';
import { taskQueries } from '../task-queries';
import { invalidateTaskLists } from './task-cache';

export interface CreateTaskVariables {
  agentId: string;
  body: CreateTaskRequest;
  agentVersion?: string | number;
}

/**
 * POST a task (new, run again, or a continued turn when `body.id` names an existing task). The
 * answer seeds the detail cache so the live view opens without a blank first frame.
 */
export function useCreateTask() {
  const queryClient = useQueryClient();
  return useMutation<Task, Error, CreateTaskVariables>({
    mutationFn: ({ agentId, body, agentVersion }) => createTask(agentId, body, { agentVersion }),
    retry: false,
    onSuccess: (task) => {
      queryClient.setQueryData(taskQueries.detail(task.id).queryKey, task);
      // A continued task starts a new run: its old activity log is no longer the whole story.
      void queryClient.invalidateQueries({
        queryKey: ['tasks', 'activity', task.agent_id, task.id],
      });
    },
    onSettled: () => invalidateTaskLists(queryClient),
  });
}

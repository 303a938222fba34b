import { isTerminalStatus, type Task, type TaskStatus } from '@/contract';
import { shortId } from '@/lib/short-id';

/** Enough of a task to name it and to know whether it can still be stopped. */
export interface TaskRef {
  id: string;
  label: string;
  status: TaskStatus | null | undefined;
}

export function taskLabel(task: Pick<Task, 'id' | 'title' | 'input'>): string {
  const title = task.title?.trim();
  if (title) return title;
  const prompt = task.input.text?.replace(/\s+/g, ' ').trim();
  if (prompt) return prompt.length > 80 ? `${prompt.slice(0, 79)}…` : prompt;
  return `Task ${shortId(task.id)}`;
}

export function toTaskRef(task: Task): TaskRef {
  return { id: task.id, label: taskLabel(task), status: task.status };
}

/** Why a task cannot be stopped, or null when it can. */
export function stopBlockedReason(status: TaskStatus | null | undefined): string | null {
  return isTerminalStatus(status)
    ? `This task has already finished (${status}); there is nothing to stop.`
    : null;
}

/** Why a task cannot be continued, or null when it can. */
export function continueBlockedReason(status: TaskStatus | null | undefined): string | null {
  return isTerminalStatus(status)
    ? null
    : 'The task is still running; continue it once it has finished.';
}

import { CircleStop } from 'lucide-react';
import type { RefObject } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { IdChip } from '@/components/ui/id-chip';
import { STATUS_DISPLAY } from '../status-display';
import { ActionDialog, DialogFooter } from './action-dialog';
import { toastActionError } from './action-toast';
import type { TaskRef } from './task-label';
import { useStopTask } from './use-stop-task';

export interface StopTaskDialogProps {
  task: TaskRef | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocusRef?: RefObject<HTMLElement | null>;
}

/** Confirms a stop, naming the task. The dialog closes at once: the status change is optimistic. */
export function StopTaskDialog({ task, open, onOpenChange, returnFocusRef }: StopTaskDialogProps) {
  const stop = useStopTask();
  const confirm = () => {
    if (!task) return;
    onOpenChange(false);
    stop.mutate(
      { taskId: task.id },
      {
        onSuccess: ({ outcome, task: after }) => {
          if (outcome === 'stopped') toast.success(`Stopped “${task.label}”`);
          else
            toast.info(`“${task.label}” had already finished`, {
              description: `Its status is ${after.status ? STATUS_DISPLAY[after.status].label : 'unknown'}; nothing was stopped.`,
            });
        },
        onError: (error) => toastActionError(`Could not stop “${task.label}”`, error),
      },
    );
  };
  return (
    <ActionDialog
      open={open}
      onOpenChange={onOpenChange}
      size="sm"
      returnFocusRef={returnFocusRef}
      title={`Stop “${task?.label ?? ''}”?`}
      description="The agent stops working on it and the task ends as Stopped. This cannot be undone, but the task can be continued later."
    >
      {task && (
        <div className="flex items-center gap-2 px-4 py-3 text-[13px]">
          <span className="text-muted">Task</span>
          <IdChip id={task.id} kind="task id" length={12} />
          {task.status && (
            <span className="text-muted">· now {STATUS_DISPLAY[task.status].label}</span>
          )}
        </div>
      )}
      <DialogFooter>
        <Button onClick={() => onOpenChange(false)} autoFocus>
          Cancel
        </Button>
        <Button variant="danger" onClick={confirm}>
          <CircleStop className="h-3.5 w-3.5" aria-hidden />
          Stop task
        </Button>
      </DialogFooter>
    </ActionDialog>
  );
}

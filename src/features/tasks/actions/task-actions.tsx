import { CircleStop, MessageSquarePlus, Pencil, RotateCcw } from 'lucide-react';
import { useRef, useState, type MouseEvent } from 'react';
import type { Task } from '@/contract';
import { cn } from '@/lib/cn';
import { CreateTaskDialog } from './create-task-dialog';
import { ReasonButton } from './reason-button';
import { StopTaskDialog } from './stop-task-dialog';
import { continueBlockedReason, stopBlockedReason, toTaskRef } from './task-label';
import { usePermissionBlock } from '../task-permissions';
import { UpdateTaskDialog } from './update-task-dialog';

export interface TaskActionsProps {
  /** The task as the detail screen shows it (the detail query's data, kept live by the stream). */
  task: Task;
  className?: string;
}

type Open = 'stop' | 'update' | 'run-again' | 'continue' | null;

/** The detail header's actions: Stop task, Update task, Run again, Continue. */
export function TaskActions({ task, className }: TaskActionsProps) {
  const [open, setOpen] = useState<Open>(null);
  // The button that opened a dialog gets focus back when it closes.
  const triggerRef = useRef<HTMLElement | null>(null);
  const openFrom = (e: MouseEvent<HTMLElement>) => {
    triggerRef.current = e.currentTarget;
    setOpen(e.currentTarget.dataset['action'] as Exclude<Open, null>);
  };
  const onOpenChange = (which: Exclude<Open, null>) => (next: boolean) =>
    setOpen(next ? which : null);
  const stopBlock = usePermissionBlock('task.stop');
  const updateBlock = usePermissionBlock('task.update');
  const createBlock = usePermissionBlock('task.create');
  const continueBlock = usePermissionBlock('task.continue');

  return (
    <div
      role="group"
      aria-label="Task actions"
      className={cn('flex items-center gap-1.5', className)}
    >
      <ReasonButton
        size="sm"
        variant="danger"
        blockedReason={stopBlock ?? stopBlockedReason(task.status)}
        data-action="stop"
        onClick={openFrom}
      >
        <CircleStop className="h-3.5 w-3.5" aria-hidden />
        Stop task
      </ReasonButton>
      <ReasonButton size="sm" blockedReason={updateBlock} data-action="update" onClick={openFrom}>
        <Pencil className="h-3.5 w-3.5" aria-hidden />
        Update task
      </ReasonButton>
      <ReasonButton
        size="sm"
        blockedReason={createBlock}
        data-action="run-again"
        onClick={openFrom}
      >
        <RotateCcw className="h-3.5 w-3.5" aria-hidden />
        Run again
      </ReasonButton>
      <ReasonButton
        size="sm"
        blockedReason={continueBlock ?? continueBlockedReason(task.status)}
        data-action="continue"
        onClick={openFrom}
      >
        <MessageSquarePlus className="h-3.5 w-3.5" aria-hidden />
        Continue
      </ReasonButton>

      <StopTaskDialog
        task={toTaskRef(task)}
        open={open === 'stop'}
        onOpenChange={onOpenChange('stop')}
        returnFocusRef={triggerRef}
      />
      <UpdateTaskDialog
        task={task}
        open={open === 'update'}
        onOpenChange={onOpenChange('update')}
        returnFocusRef={triggerRef}
      />
      <CreateTaskDialog
        mode={{ kind: open === 'continue' ? 'continue' : 'run-again', task }}
        open={open === 'run-again' || open === 'continue'}
        onOpenChange={(next) => setOpen(next ? open : null)}
        returnFocusRef={triggerRef}
      />
    </div>
  );
}

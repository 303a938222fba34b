import { Plus } from 'lucide-react';
import { useRef, useState } from 'react';
import type { AgentsListItem } from '@/contract';
import { usePermissionBlock } from '../task-permissions';
import { ReasonButton } from './reason-button';
import { CreateTaskDialog } from './create-task-dialog';

export interface NewTaskButtonProps {
  /** The agent of the page; without it the dialog offers an agent select. */
  agentId?: string;
  agents?: readonly AgentsListItem[];
}

/** "New task": opens the create dialog; the new task opens in its live view. */
export function NewTaskButton({ agentId, agents }: NewTaskButtonProps) {
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLElement | null>(null);
  const blocked = usePermissionBlock('task.create');
  return (
    <>
      <ReasonButton
        blockedReason={blocked}
        variant="primary"
        size="sm"
        onClick={(e) => {
          triggerRef.current = e.currentTarget;
          setOpen(true);
        }}
      >
        <Plus className="h-3.5 w-3.5" aria-hidden />
        New task
      </ReasonButton>
      <CreateTaskDialog
        mode={{ kind: 'new', agentId, agents }}
        open={open}
        onOpenChange={setOpen}
        returnFocusRef={triggerRef}
      />
    </>
  );
}

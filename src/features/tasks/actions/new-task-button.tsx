import { Plus } from 'lucide-react';
import { useRef, useState } from 'react';
import type { AgentsListItem } from '@/contract';
import { Button } from '@/components/ui/button';
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
  return (
    <>
      <Button
        variant="primary"
        size="sm"
        onClick={(e) => {
          triggerRef.current = e.currentTarget;
          setOpen(true);
        }}
      >
        <Plus className="h-3.5 w-3.5" aria-hidden />
        New task
      </Button>
      <CreateTaskDialog
        mode={{ kind: 'new', agentId, agents }}
        open={open}
        onOpenChange={setOpen}
        returnFocusRef={triggerRef}
      />
    </>
  );
}

import * as Menu from '@radix-ui/react-dropdown-menu';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import {
  CircleStop,
  ExternalLink,
  MessageSquarePlus,
  MoreHorizontal,
  Pencil,
  RotateCcw,
  type LucideIcon,
} from 'lucide-react';
import { useMemo, useRef, type RefObject } from 'react';
import { Button } from '@/components/ui/button';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { taskQueries } from '../task-queries';
import { ActionDialog, DialogFooter } from './action-dialog';
import { CreateTaskDialog } from './create-task-dialog';
import { StopTaskDialog } from './stop-task-dialog';
import { continueBlockedReason, stopBlockedReason, type TaskRef } from './task-label';
import { usePermissionBlock } from '../task-permissions';
import { UpdateTaskDialog } from './update-task-dialog';

export type RowActionKind = 'stop' | 'update' | 'run-again' | 'continue';

export interface RowActionRequest {
  kind: RowActionKind;
  task: TaskRef;
  /** The row's menu button: focus returns there when the dialog closes (if still rendered). */
  returnFocus: HTMLElement | null;
}

const itemClass =
  'flex cursor-default items-start gap-2 rounded px-2 py-1.5 text-[13px] text-fg outline-none select-none data-[disabled]:cursor-not-allowed data-[disabled]:opacity-55 data-[highlighted]:bg-surface-2';

function Item({
  icon: Icon,
  label,
  reason,
  onSelect,
  danger,
}: {
  icon: LucideIcon;
  label: string;
  reason?: string | null;
  onSelect: () => void;
  danger?: boolean;
}) {
  return (
    <Menu.Item disabled={Boolean(reason)} onSelect={onSelect} className={itemClass}>
      <Icon
        className={`mt-0.5 h-3.5 w-3.5 shrink-0 ${danger ? 'text-danger' : 'text-muted'}`}
        aria-hidden
      />
      <span className="flex min-w-0 flex-col">
        <span className={danger ? 'text-danger' : undefined}>{label}</span>
        {reason && <span className="max-w-56 text-xs text-muted">{reason}</span>}
      </span>
    </Menu.Item>
  );
}

/** The "Task actions" menu button of one list row. Dialogs live in TaskRowActionHost. */
export function TaskRowMenu({
  task,
  onAction,
}: {
  task: TaskRef;
  onAction: (request: RowActionRequest) => void;
}) {
  const navigate = useNavigate();
  const triggerRef = useRef<HTMLButtonElement>(null);
  const permission = {
    stop: usePermissionBlock('task.stop'),
    update: usePermissionBlock('task.update'),
    create: usePermissionBlock('task.create'),
    continue: usePermissionBlock('task.continue'),
  };
  // A chosen action opens a dialog, which takes focus; the menu must not pull it back.
  const chose = useRef(false);
  const act = (kind: RowActionKind) => {
    chose.current = true;
    onAction({ kind, task, returnFocus: triggerRef.current });
  };
  return (
    <Menu.Root modal={false}>
      <Menu.Trigger asChild>
        <button
          ref={triggerRef}
          type="button"
          aria-label="Task actions"
          title="Task actions"
          className="inline-flex h-6 w-6 items-center justify-center rounded text-muted hover:bg-surface-2 hover:text-fg data-[state=open]:bg-surface-2 data-[state=open]:text-fg"
        >
          <MoreHorizontal className="h-4 w-4" aria-hidden />
        </button>
      </Menu.Trigger>
      <Menu.Portal>
        <Menu.Content
          align="end"
          sideOffset={4}
          // React bubbles portal events through the component tree: without this, choosing an
          // item would also count as a click on the row (which opens the task).
          onClick={(e) => e.stopPropagation()}
          onCloseAutoFocus={(e) => {
            if (chose.current) e.preventDefault();
            chose.current = false;
          }}
          className="z-30 min-w-48 rounded-lg border border-border bg-bg p-1 shadow-lg shadow-black/10"
        >
          <Item
            icon={ExternalLink}
            label="Open"
            onSelect={() => void navigate({ to: '/tasks/$taskId', params: { taskId: task.id } })}
          />
          <Menu.Separator className="my-1 h-px bg-border" />
          <Item
            icon={CircleStop}
            label="Stop task"
            danger
            reason={permission.stop ?? stopBlockedReason(task.status)}
            onSelect={() => act('stop')}
          />
          <Item
            icon={Pencil}
            label="Update task"
            reason={permission.update}
            onSelect={() => act('update')}
          />
          <Item
            icon={RotateCcw}
            label="Run again"
            reason={permission.create}
            onSelect={() => act('run-again')}
          />
          <Item
            icon={MessageSquarePlus}
            label="Continue"
            reason={permission.continue ?? continueBlockedReason(task.status)}
            onSelect={() => act('continue')}
          />
        </Menu.Content>
      </Menu.Portal>
    </Menu.Root>
  );
}

/**
 * One set of dialogs for every row, at screen level: rows are virtualized and may unmount
 * while a dialog is open. Update, run again and continue need the full task: it is fetched
 * fresh, so the version the person edits is the server's current one.
 */
export function TaskRowActionHost({
  request,
  onClose,
}: {
  request: RowActionRequest | null;
  onClose: () => void;
}) {
  const returnFocusRef = useMemo(() => ({ current: request?.returnFocus ?? null }), [request]);
  const onOpenChange = (open: boolean) => {
    if (!open) onClose();
  };
  if (!request) return null;
  if (request.kind === 'stop') {
    return (
      <StopTaskDialog
        task={request.task}
        open
        onOpenChange={onOpenChange}
        returnFocusRef={returnFocusRef}
      />
    );
  }
  return (
    <FullTaskDialog
      key={`${request.kind}:${request.task.id}`}
      request={request}
      onOpenChange={onOpenChange}
      returnFocusRef={returnFocusRef}
    />
  );
}

function FullTaskDialog({
  request,
  onOpenChange,
  returnFocusRef,
}: {
  request: RowActionRequest;
  onOpenChange: (open: boolean) => void;
  returnFocusRef: RefObject<HTMLElement | null>;
}) {
  const query = useQuery({ ...taskQueries.detail(request.task.id), refetchOnMount: 'always' });
  if (query.data && query.isFetchedAfterMount) {
    const task = query.data;
    return request.kind === 'update' ? (
      <UpdateTaskDialog
        task={task}
        open
        onOpenChange={onOpenChange}
        returnFocusRef={returnFocusRef}
      />
    ) : (
      <CreateTaskDialog
        mode={{ kind: request.kind === 'continue' ? 'continue' : 'run-again', task }}
        open
        onOpenChange={onOpenChange}
        returnFocusRef={returnFocusRef}
      />
    );
  }
  const title =
    request.kind === 'update'
      ? 'Update task'
      : request.kind === 'continue'
        ? 'Continue'
        : 'Run again';
  return (
    <ActionDialog
      open
      onOpenChange={onOpenChange}
      title={title}
      description={`“${request.task.label}”`}
      returnFocusRef={returnFocusRef}
    >
      {query.isError ? (
        <ErrorPanel
          error={query.error}
          title="Could not load the task"
          onRetry={() => void query.refetch()}
        />
      ) : (
        <div role="status" aria-label="Loading task" className="flex flex-col gap-2 px-4 py-4">
          <Skeleton className="h-4 w-40" />
          <Skeleton className="h-24 w-full" />
        </div>
      )}
      <DialogFooter>
        <Button onClick={() => onOpenChange(false)}>Cancel</Button>
      </DialogFooter>
    </ActionDialog>
  );
}

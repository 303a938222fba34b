import { CircleStop } from 'lucide-react';
import { useMemo, useState, type RefObject } from 'react';
import { toast } from 'sonner';
import { isTerminalStatus, type TaskStatus } from '@/contract';
import { Button } from '@/components/ui/button';
import { IdChip } from '@/components/ui/id-chip';
import { cn } from '@/lib/cn';
import { StatusBadge, STATUS_DISPLAY } from '../status-display';
import { ActionDialog, DialogFooter } from './action-dialog';
import { describeActionError } from './action-toast';
import type { TaskRef } from './task-label';
import { summarizeBulk, useBulkStop, type BulkItemOutcome } from './use-bulk-stop';

export interface BulkStopDialogProps {
  /** The tasks in scope (selected rows, or every row matching the filter). */
  tasks: readonly TaskRef[];
  /** Says where the tasks came from: "3 selected", "all 120 matching the filter". */
  scopeLabel: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Called when a run ends, with the ids that failed (left selected for a retry). */
  onFinished?: (failedIds: string[]) => void;
  returnFocusRef?: RefObject<HTMLElement | null>;
}

/** Dry run (what will stop, what already finished), then a run with per-task outcomes and abort. */
export function BulkStopDialog(props: BulkStopDialogProps) {
  const { open, onOpenChange, returnFocusRef } = props;
  const [running, setRunning] = useState(false);
  return (
    <ActionDialog
      open={open}
      onOpenChange={onOpenChange}
      size="md"
      returnFocusRef={returnFocusRef}
      dismissible={!running}
      title="Stop tasks"
      description={props.scopeLabel}
    >
      {open && <BulkStopBody {...props} onRunningChange={setRunning} />}
    </ActionDialog>
  );
}

function OutcomeText({ outcome }: { outcome: BulkItemOutcome | undefined }) {
  if (!outcome) return null;
  switch (outcome.state) {
    case 'queued':
      return <span className="text-muted">Waiting</span>;
    case 'running':
      return <span className="text-muted">Stopping…</span>;
    case 'stopped':
      return <span className="text-fg">Stopped</span>;
    case 'already-finished':
      return (
        <span className="text-muted">
          Already finished
          {outcome.status in STATUS_DISPLAY
            ? ` (${STATUS_DISPLAY[outcome.status as TaskStatus].label})`
            : ''}
        </span>
      );
    case 'failed':
      return <span className="text-danger">Failed: {describeActionError(outcome.error)}</span>;
    case 'skipped':
      return <span className="text-muted">Not attempted (aborted)</span>;
  }
}

function BulkStopBody({
  tasks,
  onOpenChange,
  onFinished,
  onRunningChange,
}: BulkStopDialogProps & { onRunningChange: (running: boolean) => void }) {
  const { outcomes, phase, start, abort } = useBulkStop();
  const [aborting, setAborting] = useState(false);
  const { toStop, finished } = useMemo(() => {
    const toStop: TaskRef[] = [];
    const finished: TaskRef[] = [];
    for (const t of tasks) (isTerminalStatus(t.status) ? finished : toStop).push(t);
    return { toStop, finished };
  }, [tasks]);

  // The run works on the plan the person confirmed; live row updates must not reshuffle it.
  const [plan, setPlan] = useState<readonly TaskRef[]>([]);

  const run = async () => {
    setPlan(toStop);
    onRunningChange(true);
    const result = await start(toStop.map((t) => t.id));
    onRunningChange(false);
    const c = summarizeBulk(result.outcomes);
    const parts = [
      `${c.stopped} stopped`,
      c.alreadyFinished ? `${c.alreadyFinished} had already finished` : '',
      c.failed ? `${c.failed} failed` : '',
      c.skipped ? `${c.skipped} not attempted` : '',
    ].filter(Boolean);
    const say = c.failed ? toast.error : result.aborted ? toast.warning : toast.success;
    say(result.aborted ? 'Bulk stop aborted' : 'Bulk stop finished', {
      description: parts.join(' · '),
    });
    onFinished?.([...result.outcomes].filter(([, o]) => o.state === 'failed').map(([id]) => id));
  };

  const counts = summarizeBulk(outcomes);

  if (phase === 'idle') {
    return (
      <div>
        <div className="flex flex-col gap-3 px-4 py-3">
          <p className="text-[13px] text-fg">
            <b>{toStop.length.toLocaleString()}</b> {toStop.length === 1 ? 'task' : 'tasks'} will be
            stopped.{' '}
            {finished.length > 0 && (
              <span className="text-muted">
                {finished.length.toLocaleString()} already finished and will be left as they are.
              </span>
            )}
          </p>
          <TaskList label="Will be stopped" tasks={toStop} />
          {finished.length > 0 && <TaskList label="Already finished" tasks={finished} muted />}
        </div>
        <DialogFooter>
          <Button onClick={() => onOpenChange(false)} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={() => void run()} disabled={toStop.length === 0}>
            <CircleStop className="h-3.5 w-3.5" aria-hidden />
            {`Stop ${toStop.length.toLocaleString()} ${toStop.length === 1 ? 'task' : 'tasks'}`}
          </Button>
        </DialogFooter>
      </div>
    );
  }

  const total = plan.length;
  const done = total - counts.pending;
  const percent = total === 0 ? 100 : Math.round((done / total) * 100);
  return (
    <div>
      <div className="flex flex-col gap-3 px-4 py-3">
        <div className="flex items-center justify-between text-[13px]">
          <span role="status" className="tabular">
            {phase === 'running'
              ? `Stopping… ${done} of ${total}`
              : `${phase === 'aborted' ? 'Aborted' : 'Done'}: ${counts.stopped} stopped, ${counts.alreadyFinished} already finished, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} not attempted` : ''}`}
          </span>
        </div>
        <div
          role="progressbar"
          aria-label="Bulk stop progress"
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={done}
          className="h-1.5 overflow-hidden rounded-full bg-surface-2"
        >
          <div className="h-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
        </div>
        <ul
          aria-label="Outcome per task"
          className="max-h-72 overflow-y-auto rounded-md border border-border"
        >
          {plan.map((t) => (
            <li
              key={t.id}
              className="flex items-center gap-2 border-b border-border/70 px-2 py-1.5 text-[13px] last:border-b-0"
            >
              <span className="min-w-0 flex-1 truncate" title={t.label}>
                {t.label}
              </span>
              <IdChip id={t.id} kind="task id" copyable={false} />
              <span className="w-64 shrink-0 truncate text-right text-xs">
                <OutcomeText outcome={outcomes.get(t.id)} />
              </span>
            </li>
          ))}
        </ul>
      </div>
      <DialogFooter>
        {phase === 'running' ? (
          <Button
            variant="danger"
            disabled={aborting}
            onClick={() => {
              setAborting(true);
              abort();
            }}
          >
            {aborting ? 'Aborting…' : 'Abort'}
          </Button>
        ) : (
          <Button variant="primary" onClick={() => onOpenChange(false)} autoFocus>
            Close
          </Button>
        )}
      </DialogFooter>
    </div>
  );
}

function TaskList({
  label,
  tasks,
  muted,
}: {
  label: string;
  tasks: readonly TaskRef[];
  muted?: boolean;
}) {
  if (tasks.length === 0) return null;
  return (
    <section aria-label={label}>
      <h3 className="mb-1 text-xs font-medium text-muted">
        {label} ({tasks.length.toLocaleString()})
      </h3>
      <ul
        className={cn(
          'max-h-48 overflow-y-auto rounded-md border border-border',
          muted && 'opacity-80',
        )}
      >
        {tasks.map((t) => (
          <li
            key={t.id}
            className="flex items-center gap-2 border-b border-border/70 px-2 py-1 text-[13px] last:border-b-0"
          >
            {t.status && <StatusBadge status={t.status} />}
            <span className="min-w-0 flex-1 truncate" title={t.label}>
              {t.label}
            </span>
            <IdChip id={t.id} kind="task id" copyable={false} />
          </li>
        ))}
      </ul>
    </section>
  );
}

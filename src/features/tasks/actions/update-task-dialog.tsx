import { useQueryClient } from '@tanstack/react-query';
import { AlertTriangle, ChevronRight, History, Info } from 'lucide-react';
import { lazy, Suspense, useEffect, useId, useState, type ReactNode, type RefObject } from 'react';
import { toast } from 'sonner';
import { TASK_STATUSES, tryParseTimestamp, type Task } from '@/contract';
import { Button } from '@/components/ui/button';
import { RelativeTime } from '@/components/ui/relative-time';
import { cn } from '@/lib/cn';
import { STATUS_DISPLAY } from '../status-display';
import { taskQueries } from '../task-queries';
import { ActionDialog, DialogFooter, fieldClass, labelClass } from './action-dialog';
import { describeActionError, toastActionError } from './action-toast';
import { taskLabel } from './task-label';
import { clearUpdateDraft, loadUpdateDraft, saveUpdateDraft } from './update-draft-storage';
import {
  buildSparsePatch,
  changedFields,
  diffRows,
  EDITABLE_FIELDS,
  FIELD_LABELS,
  formValuesFromTask,
  rebaseValues,
  validateValues,
  type EditableField,
  type UpdateFormValues,
} from './update-form';
import { useUpdateTask } from './use-update-task';
import { conflictTaskFrom, isConflict } from './versioned-update';

// One sanitizer for all model output: the detail screen's. Loaded only when Preview is opened,
// so the list does not pay for the markdown stack.
const SafeMarkdown = lazy(() => import('../detail/safe-markdown'));

export interface UpdateTaskDialogProps {
  /** The task as the console currently shows it. */
  task: Task;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocusRef?: RefObject<HTMLElement | null>;
}

/**
 * Edit status, result and the advanced fields; review the diff; save a sparse, version-checked
 * PATCH. A 409 shows the server's version beside the person's change (re-apply or discard).
 * The draft lives in sessionStorage until it is saved or discarded.
 */
export function UpdateTaskDialog({
  task,
  open,
  onOpenChange,
  returnFocusRef,
}: UpdateTaskDialogProps) {
  return (
    <ActionDialog
      open={open}
      onOpenChange={onOpenChange}
      size="lg"
      returnFocusRef={returnFocusRef}
      title="Update task"
      description={`“${taskLabel(task)}”`}
    >
      {open && <UpdateTaskBody task={task} onClose={() => onOpenChange(false)} />}
    </ActionDialog>
  );
}

type Step = 'edit' | 'review' | 'conflict';

const ADVANCED_FIELDS: ReadonlySet<EditableField> = new Set([
  'source',
  'last_executed_node_id',
  'payload_extension',
]);

interface Base {
  values: UpdateFormValues;
  updatedAt: string | null;
}

function initialState(task: Task) {
  const draft = loadUpdateDraft(task.id);
  if (draft) {
    return {
      base: { values: draft.base, updatedAt: draft.baseUpdatedAt } as Base,
      values: draft.values,
      reason: draft.reason,
      restoredAt: draft.savedAt as number | null,
    };
  }
  return {
    base: { values: formValuesFromTask(task), updatedAt: task.updated_at ?? null } as Base,
    values: formValuesFromTask(task),
    reason: '',
    restoredAt: null as number | null,
  };
}

function UpdateTaskBody({ task, onClose }: { task: Task; onClose: () => void }) {
  const queryClient = useQueryClient();
  const update = useUpdateTask();
  const [initial] = useState(() => initialState(task));
  const [base, setBase] = useState<Base>(initial.base);
  const [values, setValues] = useState<UpdateFormValues>(initial.values);
  const [reason, setReason] = useState(initial.reason);
  const [restoredAt, setRestoredAt] = useState(initial.restoredAt);
  const [step, setStep] = useState<Step>('edit');
  const [server, setServer] = useState<Task | null>(null);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [rebased, setRebased] = useState(false);

  const changed = changedFields(base.values, values);
  const errors = validateValues(values);
  const valid = Object.keys(errors).length === 0;
  const dirty = changed.length > 0 || reason.trim() !== '';

  // Every keystroke is kept, so a reload or a closed tab-less dialog never loses typed text.
  useEffect(() => {
    if (changed.length > 0 || reason.trim() !== '')
      saveUpdateDraft({
        taskId: task.id,
        baseUpdatedAt: base.updatedAt,
        base: base.values,
        values,
        reason,
      });
    else clearUpdateDraft(task.id);
    // `changed` is derived from base and values.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [task.id, base, values, reason]);

  const set = (field: EditableField, value: string) => setValues((v) => ({ ...v, [field]: value }));

  const discard = () => {
    clearUpdateDraft(task.id);
    toast.info('Discarded your unsaved change', { description: taskLabel(task) });
    onClose();
  };

  const save = () => {
    setSaveError(null);
    let patch;
    try {
      patch = buildSparsePatch(values, changed);
    } catch (error) {
      setSaveError(error);
      return;
    }
    update.mutate(
      { taskId: task.id, patch, baseUpdatedAt: base.updatedAt, reason },
      {
        onSuccess: () => {
          clearUpdateDraft(task.id);
          toast.success(`Updated “${taskLabel(task)}”`, {
            description: `Changed: ${changed.map((f) => FIELD_LABELS[f]).join(', ')}`,
          });
          onClose();
        },
        onError: async (error) => {
          if (!isConflict(error)) {
            setSaveError(error);
            toastActionError('Could not update the task', error);
            return;
          }
          let current = conflictTaskFrom(error);
          if (!current) {
            try {
              current = await queryClient.fetchQuery({
                ...taskQueries.detail(task.id),
                staleTime: 0,
              });
            } catch (refetchError) {
              setSaveError(refetchError);
              toastActionError('Conflict: could not load the current version', refetchError);
              return;
            }
          }
          setServer(current);
          setStep('conflict');
          toast.warning('Not saved: the task was changed by someone else', {
            description: 'Review the current version, then re-apply or discard your change.',
          });
        },
      },
    );
  };

  const reapply = () => {
    if (!server) return;
    const fresh = formValuesFromTask(server);
    setValues(rebaseValues(base.values, values, fresh));
    setBase({ values: fresh, updatedAt: server.updated_at ?? null });
    setServer(null);
    setRebased(true);
    setStep('review');
  };

  const liveMoved =
    base.updatedAt !== null &&
    task.updated_at != null &&
    task.updated_at !== base.updatedAt &&
    (tryParseTimestamp(task.updated_at) ?? 0) > (tryParseTimestamp(base.updatedAt) ?? 0);

  if (step === 'conflict' && server) {
    return (
      <ConflictPanel
        base={base.values}
        values={values}
        server={server}
        onReapply={reapply}
        onDiscard={discard}
      />
    );
  }

  if (step === 'review') {
    const rows = diffRows(base.values, values, changed);
    return (
      <div>
        <div className="flex flex-col gap-3 px-4 py-3">
          {rebased && (
            <Notice icon="info">
              Your change, re-applied on the current version (updated{' '}
              <RelativeTime time={base.updatedAt ? tryParseTimestamp(base.updatedAt) : null} />
              ). Check it once more before saving.
            </Notice>
          )}
          <h3 className="text-[13px] font-semibold text-fg">Review changes</h3>
          {rows.length === 0 ? (
            <p role="status" className="text-[13px] text-muted">
              Nothing left to change: the task already has these values.
            </p>
          ) : (
            <DiffTable
              caption="Changes to save"
              columns={['Before', 'After']}
              rows={rows.map((r) => ({
                field: r.field,
                label: r.label,
                cells: [r.before, r.after],
              }))}
            />
          )}
          {reason.trim() && (
            <p className="text-xs text-muted">
              Reason: <span className="text-fg">{reason.trim()}</span>
            </p>
          )}
          {saveError != null && <InlineError error={saveError} />}
        </div>
        <DialogFooter>
          <Button onClick={() => setStep('edit')} disabled={update.isPending}>
            Back
          </Button>
          <Button
            variant="primary"
            onClick={save}
            disabled={update.isPending || rows.length === 0 || !valid}
          >
            {update.isPending ? 'Saving…' : 'Save'}
          </Button>
        </DialogFooter>
      </div>
    );
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (changed.length > 0 && valid) setStep('review');
      }}
    >
      <div className="flex flex-col gap-3 px-4 py-3">
        {restoredAt !== null && (
          <Notice icon="history">
            Restored your unsaved draft from <RelativeTime time={restoredAt} />.{' '}
            <button
              type="button"
              className="text-accent underline underline-offset-2"
              onClick={() => {
                const fresh = formValuesFromTask(task);
                setBase({ values: fresh, updatedAt: task.updated_at ?? null });
                setValues(fresh);
                setReason('');
                setRestoredAt(null);
                clearUpdateDraft(task.id);
              }}
            >
              Start over from the current version
            </button>
          </Notice>
        )}
        {liveMoved && (
          <Notice icon="warn">
            This task has changed since you opened it. Saving will show you the newer version first.
          </Notice>
        )}
        <UpdateFields
          values={values}
          errors={errors}
          onChange={set}
          baseStatus={base.values.status}
          advancedChanged={changed.some((f) => ADVANCED_FIELDS.has(f))}
        />
        <label className={labelClass}>
          Reason
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="Optional: why this change (kept in the audit log)"
            className={fieldClass}
            maxLength={500}
          />
        </label>
      </div>
      <DialogFooter>
        {dirty && (
          <Button variant="ghost" onClick={discard} className="mr-auto">
            Discard draft
          </Button>
        )}
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={changed.length === 0 || !valid}>
          Review changes
          <ChevronRight className="h-3.5 w-3.5" aria-hidden />
        </Button>
      </DialogFooter>
    </form>
  );
}

function UpdateFields({
  values,
  errors,
  onChange,
  baseStatus,
  advancedChanged,
}: {
  values: UpdateFormValues;
  errors: Partial<Record<EditableField, string>>;
  onChange: (field: EditableField, value: string) => void;
  baseStatus: string;
  /** A restored draft that touched an advanced field opens that section. */
  advancedChanged: boolean;
}) {
  const id = useId();
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const [advanced, setAdvanced] = useState(advancedChanged || Boolean(errors.payload_extension));
  const extError = errors.payload_extension;
  return (
    <>
      <label className={cn(labelClass, 'max-w-xs')}>
        Status
        <select
          value={values.status}
          onChange={(e) => onChange('status', e.target.value)}
          className={cn(fieldClass, 'h-8 py-0')}
        >
          {baseStatus === '' && (
            <option value="" disabled>
              (not set)
            </option>
          )}
          {TASK_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_DISPLAY[s].label}
            </option>
          ))}
        </select>
      </label>

      <div className="flex flex-col gap-1">
        <div className="flex items-end justify-between">
          <label htmlFor={`${id}-result`} className="text-xs font-medium text-muted">
            Result
          </label>
          <div role="tablist" aria-label="Result editor" className="flex gap-0.5 text-xs">
            {(['write', 'preview'] as const).map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                id={`${id}-tab-${t}`}
                aria-selected={tab === t}
                aria-controls={`${id}-panel-${t}`}
                onClick={() => setTab(t)}
                className={cn(
                  'rounded px-2 py-0.5 capitalize',
                  tab === t ? 'bg-surface-2 text-fg' : 'text-muted hover:text-fg',
                )}
              >
                {t}
              </button>
            ))}
          </div>
        </div>
        <div
          id={`${id}-panel-write`}
          role="tabpanel"
          aria-labelledby={`${id}-tab-write`}
          hidden={tab !== 'write'}
        >
          <textarea
            id={`${id}-result`}
            value={values.result}
            onChange={(e) => onChange('result', e.target.value)}
            rows={8}
            spellCheck
            placeholder="Markdown. No raw HTML; remote images are not loaded."
            className={cn(fieldClass, 'min-h-32 resize-y font-mono text-[12px]')}
          />
        </div>
        <div
          id={`${id}-panel-preview`}
          role="tabpanel"
          aria-labelledby={`${id}-tab-preview`}
          hidden={tab !== 'preview'}
          className="max-h-72 min-h-32 overflow-y-auto rounded-md border border-border bg-surface px-3 py-2"
        >
          {tab === 'preview' &&
            (values.result.trim() ? (
              <Suspense fallback={<p className="text-xs text-muted">Loading preview…</p>}>
                <SafeMarkdown text={values.result} />
              </Suspense>
            ) : (
              <p className="text-xs text-muted italic">Nothing to preview.</p>
            ))}
        </div>
      </div>

      <div className="rounded-md border border-border">
        <button
          type="button"
          aria-expanded={advanced}
          aria-controls={`${id}-advanced`}
          onClick={() => setAdvanced((a) => !a)}
          className="flex w-full items-center gap-1.5 px-2.5 py-1.5 text-left text-xs font-medium text-muted hover:text-fg"
        >
          <ChevronRight
            className={cn('h-3.5 w-3.5 transition-transform', advanced && 'rotate-90')}
            aria-hidden
          />
          Advanced
          <span className="font-normal">— source, last node, tool-call payload extension</span>
        </button>
        <div
          id={`${id}-advanced`}
          hidden={!advanced}
          className="flex flex-col gap-3 border-t border-border px-2.5 py-2.5"
        >
          <div className="grid gap-3 sm:grid-cols-2">
            <label className={labelClass}>
              Source
              <input
                value={values.source}
                onChange={(e) => onChange('source', e.target.value)}
                className={fieldClass}
              />
            </label>
            <label className={labelClass}>
              Last executed node id
              <input
                value={values.last_executed_node_id}
                onChange={(e) => onChange('last_executed_node_id', e.target.value)}
                className={cn(fieldClass, 'font-mono text-[12px]')}
              />
            </label>
          </div>
          <label className={labelClass}>
            Tool-call payload extension
            <textarea
              value={values.payload_extension}
              onChange={(e) => onChange('payload_extension', e.target.value)}
              rows={5}
              spellCheck={false}
              aria-invalid={extError ? true : undefined}
              aria-describedby={`${id}-ext-help`}
              placeholder='JSON object merged into tool-call payloads, e.g. {"region": "eu"}'
              className={cn(fieldClass, 'resize-y font-mono text-[12px]')}
            />
          </label>
          <p
            id={`${id}-ext-help`}
            aria-live="polite"
            className={cn('-mt-2 text-xs', extError ? 'text-danger' : 'text-muted')}
          >
            {extError ? `Invalid JSON: ${extError}` : 'Empty means no extension.'}
          </p>
        </div>
      </div>
    </>
  );
}

function ConflictPanel({
  base,
  values,
  server,
  onReapply,
  onDiscard,
}: {
  base: UpdateFormValues;
  values: UpdateFormValues;
  server: Task;
  onReapply: () => void;
  onDiscard: () => void;
}) {
  const now = formValuesFromTask(server);
  const mine = new Set(changedFields(base, values));
  const theirs = new Set(changedFields(base, now));
  const fields = EDITABLE_FIELDS.filter((f) => mine.has(f) || theirs.has(f));
  const updated = server.updated_at ? tryParseTimestamp(server.updated_at) : null;
  return (
    <div>
      <div className="flex flex-col gap-3 px-4 py-3">
        <div
          role="alert"
          className="flex gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-[13px] text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
          <div>
            <p className="font-medium">This task was changed after you opened it.</p>
            <p>
              Your change was not saved. The server’s version is from{' '}
              <RelativeTime time={updated} />
              {server.status ? `; its status is now ${STATUS_DISPLAY[server.status].label}` : ''}.
              Your draft is kept.
            </p>
          </div>
        </div>
        <DiffTable
          caption="Your change beside the server’s current version"
          columns={['When you opened it', 'Server now', 'Your change']}
          rows={fields.map((f) => ({
            field: f,
            label: FIELD_LABELS[f],
            cells: [base[f], now[f], mine.has(f) ? values[f] : null],
            highlight: theirs.has(f) && mine.has(f),
          }))}
        />
        <p className="text-xs text-muted">
          Re-apply puts the fields you changed on top of the server’s version and shows the new diff
          before anything is saved.
        </p>
      </div>
      <DialogFooter>
        <Button variant="ghost" onClick={onDiscard} className="mr-auto">
          Discard
        </Button>
        <Button variant="primary" onClick={onReapply} autoFocus>
          Re-apply
        </Button>
      </DialogFooter>
    </div>
  );
}

function Cell({ value }: { value: string | null }) {
  if (value === null) return <span className="text-muted italic">unchanged</span>;
  if (value === '') return <span className="text-muted italic">(empty)</span>;
  return (
    <pre className="max-h-40 overflow-auto font-mono text-[12px] break-words whitespace-pre-wrap">
      {value}
    </pre>
  );
}

function DiffTable({
  caption,
  columns,
  rows,
}: {
  caption: string;
  columns: string[];
  rows: { field: string; label: string; cells: (string | null)[]; highlight?: boolean }[];
}) {
  return (
    <div className="overflow-x-auto rounded-md border border-border">
      <table className="w-full table-fixed border-collapse text-[13px]">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-surface text-xs text-muted">
          <tr>
            <th scope="col" className="w-40 px-2 py-1.5 text-left font-medium">
              Field
            </th>
            {columns.map((c) => (
              <th key={c} scope="col" className="px-2 py-1.5 text-left font-medium">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.field} className="border-t border-border align-top">
              <th scope="row" className="px-2 py-1.5 text-left font-medium text-fg">
                {r.label}
                {r.highlight && (
                  <span className="mt-0.5 block text-[11px] font-normal text-amber-700 dark:text-amber-300">
                    changed by both
                  </span>
                )}
              </th>
              {r.cells.map((c, i) => (
                <td
                  key={i}
                  className={cn(
                    'min-w-0 px-2 py-1.5',
                    i === r.cells.length - 1 && 'bg-accent-soft/60',
                  )}
                >
                  <Cell value={c} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Notice({ icon, children }: { icon: 'info' | 'warn' | 'history'; children: ReactNode }) {
  const Icon = icon === 'warn' ? AlertTriangle : icon === 'history' ? History : Info;
  return (
    <p
      role="status"
      className={cn(
        'flex items-start gap-2 rounded-md border px-3 py-2 text-[13px]',
        icon === 'warn'
          ? 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100'
          : 'border-border bg-surface text-fg',
      )}
    >
      <Icon className="mt-0.5 h-4 w-4 shrink-0 text-muted" aria-hidden />
      <span>{children}</span>
    </p>
  );
}

function InlineError({ error }: { error: unknown }) {
  return (
    <p
      role="alert"
      className="rounded-md border border-danger/40 px-3 py-2 text-[13px] text-danger"
    >
      Not saved: {describeActionError(error)}
    </p>
  );
}

import { useNavigate } from '@tanstack/react-router';
import { useId, useState, type RefObject } from 'react';
import { toast } from 'sonner';
import {
  OUTPUT_FORMATS,
  THINK_MODES,
  type AgentsListItem,
  type CreateTaskRequest,
  type OutputFormat,
  type Task,
  type ThinkMode,
  type User,
} from '@/contract';
import { Button } from '@/components/ui/button';
import { IdChip } from '@/components/ui/id-chip';
import { cn } from '@/lib/cn';
import { ActionDialog, DialogFooter, fieldClass, labelClass } from './action-dialog';
import { describeActionError, toastActionError } from './action-toast';
import { taskLabel } from './task-label';
import { useCreateTask } from './use-create-task';

/**
 * - new: a fresh task, on `agentId` or on an agent picked from `agents`;
 * - run-again: a new task with the same input, on the same agent;
 * - continue: a new turn of the same task (same id, new prompt).
 */
export type CreateTaskMode =
  | {
      kind: 'new';
      agentId?: string;
      agents?: readonly Pick<AgentsListItem, 'id' | 'name' | 'status'>[];
    }
  | { kind: 'run-again'; task: Task }
  | { kind: 'continue'; task: Task };

export interface CreateTaskDialogProps {
  mode: CreateTaskMode;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocusRef?: RefObject<HTMLElement | null>;
}

export interface CreateTaskForm {
  agentId: string;
  prompt: string;
  files: string;
  userId: string;
  userEmail: string;
  title: string;
  outputFormat: OutputFormat | '';
  thinkMode: ThinkMode | '';
}

function initialForm(mode: CreateTaskMode): CreateTaskForm {
  if (mode.kind === 'new') {
    const first = mode.agents?.find((a) => a.status === 'ACTIVE') ?? mode.agents?.[0];
    return {
      agentId: mode.agentId ?? first?.id ?? '',
      prompt: '',
      files: '',
      userId: '',
      userEmail: '',
      title: '',
      outputFormat: '',
      thinkMode: '',
    };
  }
  const t = mode.task;
  const again = mode.kind === 'run-again';
  return {
    agentId: t.agent_id,
    prompt: again ? (t.input.text ?? '') : '',
    files: again ? (t.input.files ?? []).join('\n') : '',
    userId: t.input.user?.id ?? '',
    userEmail: t.input.user?.email ?? '',
    title: again ? (t.title ?? '') : '',
    outputFormat: t.output_format ?? '',
    thinkMode: t.think_mode ?? '',
  };
}

function fileLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

function isUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function validateCreateForm(form: CreateTaskForm, kind: CreateTaskMode['kind']) {
  const errors: Partial<Record<keyof CreateTaskForm, string>> = {};
  if (!form.agentId) errors.agentId = 'Choose an agent.';
  if (!form.prompt.trim() && kind !== 'run-again')
    errors.prompt = 'Write what the agent should do.';
  const badFile = fileLines(form.files).find((l) => !isUrl(l));
  if (badFile) errors.files = `Not an http(s) URL: ${badFile}`;
  if (form.userId.trim() && !form.userEmail.trim())
    errors.userEmail = 'An end user needs an email (the API requires it).';
  if (form.userEmail.trim() && !/^\S+@\S+$/.test(form.userEmail.trim()))
    errors.userEmail = 'Not an email address.';
  return errors;
}

/** The request body. Streaming is always on (the live view needs it) and the source is "console". */
export function buildCreateBody(form: CreateTaskForm, mode: CreateTaskMode): CreateTaskRequest {
  const previousUser = mode.kind === 'new' ? null : mode.task.input.user;
  const email = form.userEmail.trim();
  const userId = form.userId.trim();
  let user: User | null = null;
  if (email) {
    // Keep the rest of the original end user (name, time zone) when it is the same person.
    user =
      previousUser && previousUser.email === email && (previousUser.id ?? '') === userId
        ? previousUser
        : { email, ...(userId ? { id: userId } : {}) };
  }
  const body: CreateTaskRequest = {
    input: { text: form.prompt, files: fileLines(form.files), user },
    events_streaming: true,
    source: 'console',
  };
  if (mode.kind === 'continue') body.id = mode.task.id;
  if (form.title.trim()) body.title = form.title.trim();
  if (form.outputFormat) body.output_format = form.outputFormat;
  if (form.thinkMode) body.think_mode = form.thinkMode;
  return body;
}

const TITLES = { new: 'New task', 'run-again': 'Run again', continue: 'Continue' } as const;
const SUBMIT = { new: 'Create task', 'run-again': 'Run again', continue: 'Continue' } as const;

/** New task, run again, or continue; the created task opens in its live view. */
export function CreateTaskDialog({
  mode,
  open,
  onOpenChange,
  returnFocusRef,
}: CreateTaskDialogProps) {
  return (
    <ActionDialog
      open={open}
      onOpenChange={onOpenChange}
      returnFocusRef={returnFocusRef}
      title={TITLES[mode.kind]}
      description={
        mode.kind === 'new'
          ? 'Start a task for an agent. It opens in its live view.'
          : mode.kind === 'run-again'
            ? `A new task with the same input as “${taskLabel(mode.task)}”, on the same agent.`
            : `A new turn of “${taskLabel(mode.task)}”: same task id, new prompt.`
      }
    >
      {open && <CreateTaskBody mode={mode} onClose={() => onOpenChange(false)} />}
    </ActionDialog>
  );
}

function CreateTaskBody({ mode, onClose }: { mode: CreateTaskMode; onClose: () => void }) {
  const id = useId();
  const navigate = useNavigate();
  const create = useCreateTask();
  const [form, setForm] = useState<CreateTaskForm>(() => initialForm(mode));
  const [touched, setTouched] = useState(false);
  const errors = validateCreateForm(form, mode.kind);
  const shown = touched ? errors : {};
  const set = <K extends keyof CreateTaskForm>(key: K, value: CreateTaskForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const submit = () => {
    setTouched(true);
    if (Object.keys(errors).length > 0) return;
    create.mutate(
      { agentId: form.agentId, body: buildCreateBody(form, mode) },
      {
        onSuccess: (task) => {
          toast.success(
            // A continued task keeps its identity; name it as the person knows it.
            mode.kind === 'continue' ? `Continued “${taskLabel(mode.task)}”` : 'Task created',
            { description: mode.kind === 'continue' ? 'A new turn has started.' : task.id },
          );
          onClose();
          void navigate({ to: '/tasks/$taskId', params: { taskId: task.id } });
        },
        onError: (error) => toastActionError('Could not create the task', error),
      },
    );
  };

  const err = (key: keyof CreateTaskForm) =>
    shown[key] ? (
      <span id={`${id}-${key}-err`} className="text-xs font-normal text-danger">
        {shown[key]}
      </span>
    ) : null;
  const aria = (key: keyof CreateTaskForm) =>
    shown[key] ? { 'aria-invalid': true, 'aria-describedby': `${id}-${key}-err` } : {};

  const agents = mode.kind === 'new' && !mode.agentId ? (mode.agents ?? []) : null;
  const isContinue = mode.kind === 'continue';

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="flex flex-col gap-3 px-4 py-3">
        {agents && (
          <div className="flex flex-col gap-1">
            <label className={labelClass}>
              Agent
              <select
                value={form.agentId}
                onChange={(e) => set('agentId', e.target.value)}
                className={cn(fieldClass, 'h-8 py-0')}
                {...aria('agentId')}
              >
                <option value="" disabled>
                  Choose an agent
                </option>
                {agents.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                    {a.status && a.status !== 'ACTIVE' ? ` (${a.status.toLowerCase()})` : ''}
                  </option>
                ))}
              </select>
            </label>
            {err('agentId')}
          </div>
        )}
        {mode.kind !== 'new' && (
          <p className="flex items-center gap-2 text-xs text-muted">
            {isContinue ? 'Task' : 'Agent'}
            <IdChip
              id={isContinue ? mode.task.id : mode.task.agent_id}
              kind={isContinue ? 'task id' : 'agent id'}
              length={12}
            />
          </p>
        )}
        <div className="flex flex-col gap-1">
          <label className={labelClass}>
            Prompt
            <textarea
              value={form.prompt}
              onChange={(e) => set('prompt', e.target.value)}
              rows={5}
              autoFocus
              placeholder={
                isContinue ? 'What should the agent do next?' : 'What should the agent do?'
              }
              className={cn(fieldClass, 'resize-y')}
              {...aria('prompt')}
            />
          </label>
          {err('prompt')}
        </div>
        <div className="flex flex-col gap-1">
          <label className={labelClass}>
            File URLs
            <textarea
              value={form.files}
              onChange={(e) => set('files', e.target.value)}
              rows={2}
              spellCheck={false}
              placeholder="One URL per line"
              className={cn(fieldClass, 'resize-y font-mono text-[12px]')}
              {...aria('files')}
            />
          </label>
          {err('files')}
        </div>
        {!isContinue && (
          <>
            <fieldset className="grid gap-3 sm:grid-cols-2">
              <legend className="mb-1 text-xs font-medium text-muted">End user (optional)</legend>
              <label className={labelClass}>
                End user id
                <input
                  value={form.userId}
                  onChange={(e) => set('userId', e.target.value)}
                  className={cn(fieldClass, 'font-mono text-[12px]')}
                />
              </label>
              <div className="flex flex-col gap-1">
                <label className={labelClass}>
                  End user email
                  <input
                    type="email"
                    value={form.userEmail}
                    onChange={(e) => set('userEmail', e.target.value)}
                    className={fieldClass}
                    {...aria('userEmail')}
                  />
                </label>
                {err('userEmail')}
              </div>
            </fieldset>
            <label className={labelClass}>
              Title
              <input
                value={form.title}
                onChange={(e) => set('title', e.target.value)}
                className={fieldClass}
              />
            </label>
            <div className="grid gap-3 sm:grid-cols-2">
              <label className={labelClass}>
                Output format
                <select
                  value={form.outputFormat}
                  onChange={(e) => set('outputFormat', e.target.value as OutputFormat | '')}
                  className={cn(fieldClass, 'h-8 py-0')}
                >
                  <option value="">Agent default</option>
                  {OUTPUT_FORMATS.map((f) => (
                    <option key={f} value={f}>
                      {f}
                    </option>
                  ))}
                </select>
              </label>
              <label className={labelClass}>
                Think mode
                <select
                  value={form.thinkMode}
                  onChange={(e) => set('thinkMode', e.target.value as ThinkMode | '')}
                  className={cn(fieldClass, 'h-8 py-0')}
                >
                  <option value="">Agent default</option>
                  {THINK_MODES.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          </>
        )}
        {create.isError && (
          <p
            role="alert"
            className="rounded-md border border-danger/40 px-3 py-2 text-[13px] text-danger"
          >
            Not created: {describeActionError(create.error)}
          </p>
        )}
      </div>
      <DialogFooter>
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="primary" disabled={create.isPending}>
          {create.isPending ? 'Starting…' : SUBMIT[mode.kind]}
        </Button>
      </DialogFooter>
    </form>
  );
}

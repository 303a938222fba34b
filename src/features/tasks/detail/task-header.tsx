import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { IdChip } from '@/components/ui/id-chip';
import { RelativeTime } from '@/components/ui/relative-time';
import { tryParseTimestamp, type Task } from '@/contract';
import { useNow } from '@/hooks/use-now';
import { cn } from '@/lib/cn';
import { formatDuration } from '@/lib/time';
import { useAgentSummary } from '../agent-directory';
import { StatusBadge } from '../status-display';
import { WaitingFor } from './waiting-for';

const ms = (iso: string | null | undefined) => (iso ? tryParseTimestamp(iso) : null);

/** Time spent: finished − started, or running time so far, or the record's `duration` (seconds). */
export function taskDurationMs(task: Task, now: number): { ms: number; running: boolean } | null {
  const start = ms(task.started_at);
  const end = ms(task.finished_at);
  if (start !== null && end !== null && end >= start) return { ms: end - start, running: false };
  if (start !== null && end === null && (task.status === 'executing' || task.status === 'pending'))
    return { ms: Math.max(0, now - start), running: true };
  if (typeof task.duration === 'number' && task.duration > 0)
    return { ms: task.duration * 1000, running: false };
  return null;
}

export function taskHeading(task: Task): string {
  const title = task.title?.trim();
  if (title) return title;
  const firstLine = task.input.text?.trim().split('\n')[0]?.trim();
  if (firstLine) return firstLine.length > 160 ? `${firstLine.slice(0, 160)}…` : firstLine;
  return 'Untitled task';
}

function Meta({ label, title, children }: { label: string; title?: string; children: ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-0.5">
      <dt className="text-[11px] tracking-wide text-muted uppercase" title={title}>
        {label}
      </dt>
      <dd className="min-w-0 truncate text-[13px] text-fg">{children}</dd>
    </div>
  );
}

const dash = <span className="text-muted">–</span>;

export function TaskHeader({ task, actions }: { task: Task; actions?: ReactNode }) {
  const now = useNow(1000);
  const duration = taskDurationMs(task, now);
  const user = task.input.user;
  const agent = useAgentSummary(task.agent_id);
  const userId = user?.id ?? null;
  const tokens = task.tokens;
  const total = tokens
    ? (tokens.total_tokens ?? (tokens.prompt_tokens ?? 0) + (tokens.completion_tokens ?? 0))
    : null;
  const userName = user
    ? [user.first_name, user.last_name].filter(Boolean).join(' ') || user.email
    : null;

  return (
    <header className="flex flex-col gap-3 border-b border-border px-4 pt-3 pb-3">
      <div className="flex min-w-0 flex-wrap items-start gap-x-3 gap-y-1.5">
        <h1
          id="task-heading"
          className="min-w-0 text-[17px] leading-6 font-semibold break-words text-fg"
        >
          {taskHeading(task)}
        </h1>
        <div className="flex items-center gap-2 pt-0.5">
          <StatusBadge status={task.status ?? 'pending'} internalStatus={task.internal_status} />
          {task.internal_status && (
            <span className="text-xs text-muted">{task.internal_status}</span>
          )}
          {task.is_manually_stopped && <span className="text-xs text-muted">stopped by hand</span>}
        </div>
        {actions && <div className="ml-auto flex items-center gap-2">{actions}</div>}
      </div>

      <dl className="grid grid-cols-2 gap-x-6 gap-y-2.5 sm:grid-cols-3 lg:grid-cols-6">
        <Meta label="Agent">
          <Link
            to="/agents/$agentId/tasks"
            params={{ agentId: task.agent_id }}
            search={{}}
            className={cn('text-accent hover:underline', !agent && 'font-mono text-[12px]')}
            title={task.agent_id}
          >
            {agent?.name ??
              (task.agent_id.length > 14 ? `${task.agent_id.slice(0, 8)}…` : task.agent_id)}
          </Link>
          {task.agent_version && (
            <span className="ml-1 text-xs text-muted">v{task.agent_version}</span>
          )}
        </Meta>
        <Meta label="End user">
          {user ? (
            userId ? (
              <Link
                to="/users/$userId/tasks"
                params={{ userId }}
                search={{}}
                className="text-accent hover:underline"
                title={user.email}
              >
                {userName}
              </Link>
            ) : (
              <span title={user.email}>{userName}</span>
            )
          ) : (
            dash
          )}
        </Meta>
        <Meta label="Source">
          {task.source ? <span className="font-mono text-[12px]">{task.source}</span> : dash}
        </Meta>
        <Meta label="Created">
          <RelativeTime time={ms(task.created_at)} />
        </Meta>
        <Meta label="Started">
          <RelativeTime time={ms(task.started_at)} />
        </Meta>
        {task.status === 'paused' && task.paused_at ? (
          <Meta label="Paused">
            <RelativeTime time={ms(task.paused_at)} />
          </Meta>
        ) : (
          <Meta label="Finished">
            <RelativeTime time={ms(task.finished_at)} />
          </Meta>
        )}
        <Meta label="Duration">
          {duration ? (
            <span className="tabular">
              {formatDuration(duration.ms)}
              {duration.running && <span className="ml-1 text-xs text-muted">so far</span>}
            </span>
          ) : (
            dash
          )}
        </Meta>
        <Meta label="Attempts">
          <span className="tabular">{task.execution_attempts ?? 1}</span>
        </Meta>
        <Meta label="Tokens" title="prompt / completion / total">
          {tokens ? (
            <span className="tabular" title="prompt / completion / total">
              {(tokens.prompt_tokens ?? 0).toLocaleString()} /{' '}
              {(tokens.completion_tokens ?? 0).toLocaleString()} /{' '}
              <strong className="font-semibold">{(total ?? 0).toLocaleString()}</strong>
            </span>
          ) : (
            dash
          )}
        </Meta>
        <Meta label="Model">
          {task.llm_model_name ? (
            <span
              title={[task.llm_model_provider, task.llm_model_name, task.llm_reasoning_effort]
                .filter(Boolean)
                .join(' · ')}
            >
              {task.llm_model_name}
              {task.llm_reasoning_effort && (
                <span className="ml-1 text-xs text-muted">{task.llm_reasoning_effort}</span>
              )}
            </span>
          ) : (
            dash
          )}
        </Meta>
        <Meta label="Output">
          {task.output_format ?? 'text'}
          {task.think_mode === 'harder' && (
            <span className="ml-1 text-xs text-muted">· think harder</span>
          )}
        </Meta>
        <Meta label="Ids">
          <span className="flex items-center gap-2">
            <IdChip id={task.id} kind="task id" />
            <IdChip id={task.organization_id} kind="organization id" length={6} />
          </span>
        </Meta>
      </dl>
      <WaitingFor task={task} />
      {(task.used_tools ?? []).length > 0 && (
        <div className="flex flex-wrap items-center gap-1.5">
          <span className="text-[11px] tracking-wide text-muted uppercase">Used tools</span>
          {(task.used_tools ?? []).map((t) => (
            <span
              key={t}
              className="rounded border border-border bg-surface px-1.5 py-px font-mono text-[11px] text-fg"
            >
              {t}
            </span>
          ))}
        </div>
      )}
    </header>
  );
}

import { Link } from '@tanstack/react-router';
import {
  Bot,
  Brain,
  ChevronRight,
  CircleAlert,
  CircleHelp,
  KeyRound,
  Link2,
  Network,
  User,
  Wrench,
  type LucideIcon,
} from 'lucide-react';
import { useMemo, type ReactNode } from 'react';
import { tryParseTimestamp, type ActivityItem, type Task } from '@/contract';
import { AgentName } from '../agent-directory';
import { StatusBadge } from '../status-display';
import { formatAbsolute, formatDuration } from '@/lib/time';
import { cn } from '@/lib/cn';
import { entryTitle } from './activity-text';
import { previewJson } from './json-preview';
import { JsonView, Markdown } from './lazy-viewers';
import { resolveChildTask } from './resolve-child-task';

const LONG_MESSAGE = 20_000;

const timeFormat = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export interface ActivityEntryProps {
  entry: ActivityItem;
  /** Task start, for the "+12 s" offset. */
  startMs: number | null;
  href: string;
  selected: boolean;
  currentMatch: boolean;
  isMatch: boolean;
  childTasks: readonly Task[];
  isOpen: (section: string) => boolean;
  toggle: (section: string) => void;
  onSelect: () => void;
}

function inlinePreview(value: unknown): string {
  if (value === undefined) return '';
  const text =
    typeof value === 'string'
      ? value.slice(0, 200)
      : previewJson(value, 200).text.replace(/\n… \(preview cut here\)$/, '');
  return text.replace(/\s+/g, ' ').slice(0, 160);
}

function Section({
  id,
  label,
  summary,
  open,
  onToggle,
  children,
  tone,
}: {
  id: string;
  label: string;
  summary?: string;
  open: boolean;
  onToggle: (id: string) => void;
  children: ReactNode;
  tone?: 'error';
}) {
  return (
    <div className="min-w-0">
      <button
        type="button"
        aria-expanded={open}
        onClick={() => onToggle(id)}
        className="flex min-h-6 w-full min-w-0 items-center gap-1 rounded py-0.5 text-left text-xs text-muted hover:text-fg"
      >
        <ChevronRight
          className={cn('h-3.5 w-3.5 shrink-0 transition-transform', open && 'rotate-90')}
          aria-hidden
        />
        <span className={cn('shrink-0 font-medium', tone === 'error' ? 'text-danger' : 'text-fg')}>
          {label}
        </span>
        {!open && summary && <span className="truncate font-mono text-[11px]">{summary}</span>}
      </button>
      {open && <div className="mt-1 pl-4">{children}</div>}
    </div>
  );
}

function durationOf(item: Record<string, unknown>): number | null {
  for (const key of ['duration_ms', 'duration']) {
    const v = item[key];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0)
      return key === 'duration' ? v * 1000 : v;
  }
  const start =
    typeof item['started_at'] === 'string' ? tryParseTimestamp(item['started_at']) : null;
  const end =
    typeof item['finished_at'] === 'string' ? tryParseTimestamp(item['finished_at']) : null;
  return start !== null && end !== null && end >= start ? end - start : null;
}

function EntryBody({
  entry,
  childTasks,
  isOpen,
  toggle,
}: Pick<ActivityEntryProps, 'entry' | 'childTasks' | 'isOpen' | 'toggle'>) {
  switch (entry.kind) {
    case 'message': {
      const text = entry.item.content.text ?? '';
      const long = text.length > LONG_MESSAGE;
      const shown = long && !isOpen('full') ? `${text.slice(0, LONG_MESSAGE)}\n\n…` : text;
      return (
        <div className="flex flex-col gap-1.5">
          {text ? <Markdown text={shown} /> : <p className="text-xs text-muted italic">No text</p>}
          {long && (
            <button
              type="button"
              className="self-start text-xs text-accent hover:underline"
              onClick={() => toggle('full')}
            >
              {isOpen('full') ? 'Show less' : `Show all ${text.length.toLocaleString()} characters`}
            </button>
          )}
          {(entry.item.content.files ?? []).length > 0 && (
            <ul className="flex flex-wrap gap-1.5">
              {(entry.item.content.files ?? []).map((f) => (
                <li key={f}>
                  <a
                    href={f}
                    target="_blank"
                    rel="noopener noreferrer"
                    className="font-mono text-xs text-accent underline underline-offset-2"
                  >
                    {f.split('/').pop() || f}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      );
    }
    case 'tool_call': {
      const { item } = entry;
      const hasResult = Object.hasOwn(item, 'result');
      return (
        <div className="flex flex-col gap-0.5">
          {item.reasoning?.title && (
            <p className="text-xs text-muted">
              {item.reasoning.title}
              {item.reasoning.description ? ` — ${item.reasoning.description}` : ''}
            </p>
          )}
          <Section
            id="args"
            label="Arguments"
            summary={inlinePreview(item.payload)}
            open={isOpen('args')}
            onToggle={toggle}
          >
            <JsonView
              value={item.payload}
              label="Tool arguments"
              fileName={`${item.tool_name}-arguments-${entry.id}`}
            />
          </Section>
          {hasResult && (
            <Section
              id="result"
              label={item.is_error ? 'Error' : 'Result'}
              tone={item.is_error ? 'error' : undefined}
              summary={inlinePreview(item.result)}
              open={isOpen('result')}
              onToggle={toggle}
            >
              <JsonView
                value={item.result}
                label="Tool result"
                fileName={`${item.tool_name}-result-${entry.id}`}
              />
            </Section>
          )}
        </div>
      );
    }
    case 'reasoning': {
      const { item } = entry;
      const fields: [string, string | null | undefined][] = [
        ['Thought', item.thought],
        ['Action', item.action],
        ['Analysis', item.analysis],
        ['Result', item.result],
        ['Next action', item.next_action],
      ];
      const present = fields.filter(([, v]) => v);
      return (
        <Section
          id="body"
          label="Show reasoning"
          summary={present[0]?.[1] ?? ''}
          open={isOpen('body')}
          onToggle={toggle}
        >
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-[13px]">
            {present.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-xs text-muted">{k}</dt>
                <dd className="break-words whitespace-pre-wrap">{v}</dd>
              </div>
            ))}
          </dl>
        </Section>
      );
    }
    case 'sub_agent_trigger': {
      const { item } = entry;
      const child = resolveChildTask(item, childTasks);
      return (
        <div className="flex flex-col gap-1 text-[13px]">
          {item.query && <p className="break-words whitespace-pre-wrap">{item.query}</p>}
          {item.reasoning.title && (
            <p className="text-xs text-muted">
              {item.reasoning.title}
              {item.reasoning.description ? ` — ${item.reasoning.description}` : ''}
            </p>
          )}
          <p className="flex flex-wrap items-center gap-2 text-xs text-muted">
            <span>
              Agent{' '}
              <Link
                to="/agents/$agentId/tasks"
                params={{ agentId: item.agent_id }}
                className="text-accent hover:underline"
                title={item.agent_id}
              >
                <AgentName agentId={item.agent_id} />
              </Link>
            </span>
            {child ? (
              <span className="inline-flex items-center gap-1.5">
                Child task
                <Link
                  to="/tasks/$taskId"
                  params={{ taskId: child.id }}
                  className="font-mono text-accent hover:underline"
                >
                  {child.id.slice(0, 8)}
                </Link>
                <StatusBadge status={child.status} />
              </span>
            ) : (
              <span>Child task not resolved</span>
            )}
          </p>
        </div>
      );
    }
    case 'auth': {
      const { item } = entry;
      const data = item.data as {
        url?: string;
        server_name?: string;
        server_url?: string;
        message?: string;
        access_token?: string;
      };
      return (
        <div className="flex flex-col gap-1 text-[13px]">
          {item.type === 'login_required' && (
            <p>
              Sign-in needed for <strong>{data.server_name ?? 'a connector'}</strong>
              {data.server_url && (
                <span className="ml-1 font-mono text-xs text-muted">({data.server_url})</span>
              )}
              {data.url && (
                <>
                  {' · '}
                  <a
                    href={data.url}
                    target="_blank"
                    rel="noopener noreferrer"
                    className="text-accent underline underline-offset-2"
                  >
                    Sign-in link
                  </a>
                </>
              )}
            </p>
          )}
          {item.type === 'token_ready' && <p>Signed in: the token is ready (value redacted).</p>}
          {data.message && (
            <p className={item.type === 'token_issue' ? 'text-danger' : ''}>{data.message}</p>
          )}
        </div>
      );
    }
    default:
      return (
        <div className="flex flex-col gap-1">
          <p className="text-xs text-muted">
            This console does not know this kind of entry ({entry.reason}); shown raw.
          </p>
          <JsonView
            value={entry.raw}
            label="Raw entry"
            fileName={`entry-${entry.id ?? 'unknown'}`}
          />
        </div>
      );
  }
}

const ICONS: Record<ActivityItem['kind'], LucideIcon> = {
  message: User,
  tool_call: Wrench,
  reasoning: Brain,
  sub_agent_trigger: Network,
  auth: KeyRound,
  unknown: CircleHelp,
};

/** One row of the activity thread, by kind. */
export function ActivityEntry({
  entry,
  startMs,
  href,
  selected,
  currentMatch,
  isMatch,
  childTasks,
  isOpen,
  toggle,
  onSelect,
}: ActivityEntryProps) {
  const at = entry.createdAt ? tryParseTimestamp(entry.createdAt) : null;
  const Icon = entry.kind === 'message' && entry.item.role === 'agent' ? Bot : ICONS[entry.kind];
  const isError =
    (entry.kind === 'tool_call' && entry.item.is_error === true) ||
    (entry.kind === 'auth' && entry.item.type === 'token_issue');
  const duration = useMemo(
    () => (entry.kind === 'tool_call' ? durationOf(entry.item as Record<string, unknown>) : null),
    [entry],
  );
  const title = entryTitle(entry);
  return (
    <article
      aria-label={title}
      aria-current={selected ? 'true' : undefined}
      data-entry-id={entry.id ?? undefined}
      data-kind={entry.kind}
      className={cn(
        'group/entry flex gap-2.5 border-b border-border px-3 py-2',
        selected && 'bg-accent-soft ring-1 ring-accent ring-inset',
        !selected &&
          currentMatch &&
          'bg-amber-50 ring-1 ring-amber-500 ring-inset dark:bg-amber-950/40',
        !selected && !currentMatch && isMatch && 'bg-amber-50/50 dark:bg-amber-950/20',
      )}
    >
      <div
        className={cn(
          'mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full border border-border bg-surface',
          isError && 'border-red-300 text-danger dark:border-red-900',
          !isError && 'text-muted',
        )}
      >
        {isError ? (
          <CircleAlert className="h-3.5 w-3.5" aria-hidden />
        ) : (
          <Icon className="h-3.5 w-3.5" aria-hidden />
        )}
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <header className="flex min-w-0 items-center gap-2 text-xs">
          <span className={cn('truncate font-medium', isError ? 'text-danger' : 'text-fg')}>
            {entry.kind === 'tool_call' ? (
              <>
                Tool call <span className="font-mono">{entry.item.tool_name}</span>
              </>
            ) : (
              title
            )}
          </span>
          {entry.kind === 'tool_call' && (
            <span
              className={cn(
                'shrink-0 rounded px-1.5 py-px text-[11px] font-medium',
                entry.item.is_error
                  ? 'bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-200'
                  : 'bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-200',
              )}
            >
              {entry.item.is_error
                ? 'error'
                : Object.hasOwn(entry.item, 'result')
                  ? 'ok'
                  : 'no result'}
            </span>
          )}
          {entry.kind === 'reasoning' && (
            <span className="shrink-0 text-muted tabular">
              {Math.round(entry.item.confidence * 100)}% sure
            </span>
          )}
          {duration !== null && (
            <span className="shrink-0 text-muted tabular">{formatDuration(duration)}</span>
          )}
          <span className="ml-auto flex shrink-0 items-center gap-1.5 text-muted tabular">
            {at !== null && (
              <time dateTime={new Date(at).toISOString()} title={formatAbsolute(at)}>
                {timeFormat.format(new Date(at))}
                {startMs !== null && at >= startMs && (
                  <span className="ml-1 text-[11px]">+{formatDuration(at - startMs)}</span>
                )}
              </time>
            )}
            {entry.id && (
              <a
                href={href}
                aria-label={`Link to this entry (${title})`}
                title="Link to this entry"
                onClick={(e) => {
                  if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                  e.preventDefault();
                  onSelect();
                }}
                className="inline-flex h-5 w-5 items-center justify-center rounded opacity-40 group-hover/entry:opacity-100 hover:bg-surface-2 hover:text-fg focus-visible:opacity-100"
              >
                <Link2 className="h-3.5 w-3.5" aria-hidden />
              </a>
            )}
          </span>
        </header>
        <EntryBody entry={entry} childTasks={childTasks} isOpen={isOpen} toggle={toggle} />
      </div>
    </article>
  );
}

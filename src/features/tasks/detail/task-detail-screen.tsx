import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { ArrowLeft, Download, FileQuestion, Link as LinkIcon, MessagesSquare } from 'lucide-react';
import { useCallback, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { isHttpStatus } from '@/api';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { classifyActivityItem, isTerminalStatus, tryParseTimestamp, type Task } from '@/contract';
import { downloadText } from '@/lib/download';
import { cn } from '@/lib/cn';
import { LiveEventsPane } from '../live/live-events-pane';
import { useTaskEventStream, type ConnectionState } from '../live/use-task-event-stream';
import { TaskActions } from '../actions';
import { taskQueries } from '../task-queries';
import { useAgentSummary } from '../agent-directory';
import { ActivityThread } from './activity-thread';
import { JsonView } from './lazy-viewers';
import { redactTask } from './redact-task';
import { summarizeActivity } from './summarize-activity';
import {
  DETAIL_TABS,
  parseTaskDetailSearch,
  taskDetailHref,
  type DetailTab,
  type TaskDetailSearch,
} from './task-detail-search';
import { TaskHeader } from './task-header';
import { TaskOverview } from './task-overview';
import { useChildTasks } from './task-tree';

const TAB_LABEL: Record<DetailTab, string> = {
  overview: 'Overview',
  history: 'History',
  live: 'Live events',
  activity: 'Activity',
  raw: 'Raw',
};

const STATE_DOT: Record<ConnectionState, string> = {
  Connecting: 'bg-blue-500',
  Live: 'bg-emerald-500 animate-pulse',
  Reconnecting: 'bg-amber-500',
  Ended: 'bg-zinc-400',
  Polling: 'bg-blue-500',
  Idle: 'bg-zinc-300 dark:bg-zinc-600',
};

function HeaderSkeleton() {
  return (
    <div
      className="flex flex-col gap-3 border-b border-border px-4 pt-3 pb-3"
      aria-busy="true"
      aria-label="Loading the task"
    >
      <div className="flex items-center gap-3">
        <Skeleton className="h-6 w-96 max-w-full" />
        <Skeleton className="h-5 w-20 rounded-full" />
      </div>
      <div className="grid grid-cols-2 gap-x-6 gap-y-2.5 sm:grid-cols-3 lg:grid-cols-6">
        {Array.from({ length: 12 }, (_, i) => (
          <div key={i} className="flex flex-col gap-1">
            <Skeleton className="h-3 w-14" />
            <Skeleton className="h-4 w-24" />
          </div>
        ))}
      </div>
    </div>
  );
}

function Tabs({
  tab,
  onChange,
  counts,
  liveState,
}: {
  tab: DetailTab;
  onChange: (t: DetailTab) => void;
  counts: Partial<Record<DetailTab, string>>;
  liveState: ConnectionState;
}) {
  const refs = useRef<Partial<Record<DetailTab, HTMLButtonElement | null>>>({});
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = DETAIL_TABS.indexOf(tab);
    let next: DetailTab | undefined;
    if (e.key === 'ArrowRight') next = DETAIL_TABS[(i + 1) % DETAIL_TABS.length];
    else if (e.key === 'ArrowLeft')
      next = DETAIL_TABS[(i - 1 + DETAIL_TABS.length) % DETAIL_TABS.length];
    else if (e.key === 'Home') next = DETAIL_TABS[0];
    else if (e.key === 'End') next = DETAIL_TABS[DETAIL_TABS.length - 1];
    if (!next) return;
    e.preventDefault();
    onChange(next);
    refs.current[next]?.focus();
  };
  return (
    <div
      role="tablist"
      aria-label="Task sections"
      onKeyDown={onKey}
      className="flex gap-1 border-b border-border px-3"
    >
      {DETAIL_TABS.map((t) => (
        <button
          key={t}
          ref={(el) => {
            refs.current[t] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${t}`}
          aria-selected={tab === t}
          aria-controls={`panel-${t}`}
          tabIndex={tab === t ? 0 : -1}
          onClick={() => onChange(t)}
          className={cn(
            '-mb-px inline-flex h-9 items-center gap-1.5 border-b-2 px-2 text-[13px] font-medium',
            tab === t ? 'border-accent text-fg' : 'border-transparent text-muted hover:text-fg',
          )}
        >
          {t === 'live' && (
            <span aria-hidden className={cn('h-1.5 w-1.5 rounded-full', STATE_DOT[liveState])} />
          )}
          {TAB_LABEL[t]}
          {counts[t] && (
            <span className="rounded bg-surface-2 px-1 text-[11px] text-muted tabular">
              {counts[t]}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}

function Panel({
  tab,
  active,
  children,
}: {
  tab: DetailTab;
  active: boolean;
  children: ReactNode;
}) {
  if (!active) return null;
  return (
    <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
      {children}
    </div>
  );
}

function TaskDetail({
  task,
  search,
  setSearch,
  renderHistory,
}: {
  task: Task;
  search: TaskDetailSearch;
  setSearch: (patch: TaskDetailSearch) => void;
  renderHistory?: (taskId: string) => ReactNode;
}) {
  const terminal = isTerminalStatus(task.status);
  const stream = useTaskEventStream(task);
  // Chosen once: a running task opens on its live feed, and finishing must not switch tabs
  // under the person reading it.
  const [defaultTab] = useState<DetailTab>(() =>
    !terminal && task.events_streaming ? 'live' : 'overview',
  );
  const tab: DetailTab = search.tab ?? (search.entry ? 'activity' : defaultTab);

  const activity = useQuery({
    ...taskQueries.activity(task.agent_id, task.id),
    // While it runs the log grows; the open Activity tab keeps up without a manual refresh.
    refetchInterval: !terminal && tab === 'activity' ? 5_000 : false,
  });
  const items = useMemo(
    () => (activity.data ? activity.data.messages.map(classifyActivityItem) : []),
    [activity.data],
  );
  const summary = useMemo(
    () => (activity.data ? summarizeActivity(items, task) : null),
    [activity.data, items, task],
  );
  const { children } = useChildTasks(task);
  const startMs = tryParseTimestamp(task.started_at ?? task.created_at);
  const entryHref = useCallback(
    (id: string) => taskDetailHref(task.id, { tab: 'activity', entry: id }),
    [task.id],
  );
  const raw = useMemo(() => redactTask(task), [task]);

  const actions = (
    <>
      <TaskActions task={task} />
      <CopyButton
        value={
          typeof location !== 'undefined'
            ? `${location.origin}${taskDetailHref(task.id, {})}`
            : task.id
        }
        label="Copy link to this task"
      />
      <Button
        size="sm"
        variant="ghost"
        onClick={() =>
          downloadText(`task-${task.id}.json`, JSON.stringify(raw, null, 2), 'application/json')
        }
      >
        <Download className="h-3.5 w-3.5" aria-hidden />
        JSON
      </Button>
    </>
  );

  return (
    <>
      <TaskHeader task={task} actions={actions} />
      <Tabs
        tab={tab}
        onChange={(t) => setSearch({ tab: t, entry: t === 'activity' ? search.entry : undefined })}
        liveState={stream.state}
        counts={{
          live:
            stream.live.events.length > 0 ? stream.live.events.length.toLocaleString() : undefined,
          activity: activity.data ? activity.data.messages.length.toLocaleString() : undefined,
        }}
      />
      <Panel tab="overview" active={tab === 'overview'}>
        <TaskOverview task={task} summary={summary} />
      </Panel>
      <Panel tab="live" active={tab === 'live'}>
        <section aria-label="Live events">
          <LiveEventsPane stream={stream} finished={terminal} />
        </section>
      </Panel>
      <Panel tab="activity" active={tab === 'activity'}>
        <section aria-label="Activity">
          {activity.isPending ? (
            <div
              className="flex flex-col gap-3 px-4 py-4"
              aria-busy="true"
              aria-label="Loading the activity log"
            >
              {Array.from({ length: 6 }, (_, i) => (
                <div key={i} className="flex gap-2.5">
                  <Skeleton className="h-6 w-6 rounded-full" />
                  <div className="flex flex-1 flex-col gap-1.5">
                    <Skeleton className="h-3.5 w-48" />
                    <Skeleton className="h-4 w-full max-w-xl" />
                  </div>
                </div>
              ))}
            </div>
          ) : activity.isError ? (
            <ErrorPanel
              error={activity.error}
              title="Could not load the activity log"
              onRetry={() => void activity.refetch()}
            />
          ) : items.length === 0 ? (
            <EmptyState
              icon={<MessagesSquare className="h-6 w-6" aria-hidden />}
              title="No activity yet"
              description={
                terminal
                  ? 'The platform kept no activity log for this task.'
                  : 'Entries appear here as the agent works; the Live events tab shows them as they happen.'
              }
            />
          ) : (
            <ActivityThread
              items={items}
              task={task}
              childTasks={children}
              summary={summary}
              startMs={startMs}
              selectedEntryId={search.entry ?? null}
              onSelectEntry={(id) => setSearch({ tab: 'activity', entry: id ?? undefined })}
              entryHref={entryHref}
            />
          )}
        </section>
      </Panel>
      <Panel tab="history" active={tab === 'history'}>
        <section aria-label="Change history" className="px-4 py-4">
          {renderHistory ? (
            renderHistory(task.id)
          ) : (
            <p className="text-[13px] text-muted">No change history is kept here.</p>
          )}
        </section>
      </Panel>
      <Panel tab="raw" active={tab === 'raw'}>
        <section aria-label="Raw task JSON" className="px-4 py-4">
          <JsonView value={raw} label="Task JSON" fileName={`task-${task.id}`} openDepth={1} />
        </section>
      </Panel>
    </>
  );
}

/** /tasks/$taskId: one task, its live events and its activity log. */
export function TaskDetailScreen({
  taskId,
  renderHistory,
}: {
  taskId: string;
  /** The task's change history (the gateway's audit trail), supplied by the app. */
  renderHistory?: (taskId: string) => ReactNode;
}) {
  const query = useQuery(taskQueries.detail(taskId));
  const search = parseTaskDetailSearch(useSearch({ strict: false }));
  const navigate = useNavigate();
  const setSearch = useCallback(
    (patch: TaskDetailSearch) => {
      void navigate({
        to: '/tasks/$taskId',
        params: { taskId },
        // The route may validate more params than these; keep whatever else is there.
        search: ((prev: Record<string, unknown>) => {
          const next: Record<string, unknown> = { ...prev, ...patch };
          for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
          return next;
        }) as never,
        replace: true,
      });
    },
    [navigate, taskId],
  );

  let body: ReactNode;
  if (query.isPending) body = <HeaderSkeleton />;
  else if (query.isError) {
    body = isHttpStatus(query.error, 404) ? (
      <EmptyState
        icon={<FileQuestion className="h-6 w-6" aria-hidden />}
        title="Task not found"
        description={
          <>
            No task with id <code className="font-mono text-[12px]">{taskId}</code> on this
            platform. It may have been deleted, or the link is wrong.
          </>
        }
        action={
          <Link to="/tasks" className="text-[13px] text-accent hover:underline">
            Back to all tasks
          </Link>
        }
      />
    ) : (
      <ErrorPanel
        error={query.error}
        title="Could not load this task"
        onRetry={() => void query.refetch()}
      />
    );
  } else
    body = (
      <TaskDetail
        task={query.data}
        search={search}
        setSearch={setSearch}
        renderHistory={renderHistory}
      />
    );

  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <article
        aria-labelledby={query.data ? 'task-heading' : undefined}
        className="flex min-w-0 flex-col"
      >
        <nav
          aria-label="Breadcrumb"
          className="flex items-center gap-2 px-4 pt-3 text-xs text-muted"
        >
          <Link to="/tasks" className="inline-flex items-center gap-1 hover:text-fg">
            <ArrowLeft className="h-3.5 w-3.5" aria-hidden /> All tasks
          </Link>
          {query.data && (
            <>
              <span aria-hidden>/</span>
              <Link
                to="/agents/$agentId/tasks"
                params={{ agentId: query.data.agent_id }}
                search={{}}
                className="hover:text-fg"
              >
                <AgentCrumb agentId={query.data.agent_id} />
              </Link>
              <span aria-hidden>/</span>
              <span className="inline-flex items-center gap-1 font-mono">
                <LinkIcon className="h-3 w-3" aria-hidden />
                {taskId.slice(0, 8)}
              </span>
            </>
          )}
        </nav>
        {body}
      </article>
    </div>
  );
}

function AgentCrumb({ agentId }: { agentId: string }) {
  const agent = useAgentSummary(agentId);
  return <>{agent?.name ?? `Agent ${agentId.slice(0, 8)}`}</>;
}

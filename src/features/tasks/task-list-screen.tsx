import { useNavigate, useRouterState } from '@tanstack/react-router';
import {
  ArrowUp,
  Bookmark,
  CircleStop,
  Columns3,
  Download,
  Inbox,
  Pause,
  Play,
  RefreshCw,
  SearchX,
} from 'lucide-react';
import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react';
import { toast } from 'sonner';
import type { AgentsListItem, TaskStatus } from '@/contract';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Popover } from '@/components/ui/popover';
import { Skeleton } from '@/components/ui/skeleton';
import { useHotkeys } from '@/hooks/use-hotkeys';
import { useNow } from '@/hooks/use-now';
import { downloadText } from '@/lib/download';
import { cn } from '@/lib/cn';
import { formatRelative } from '@/lib/time';
import { usePreferences, type RefreshInterval } from '@/stores/preferences-store';
import {
  BulkStopDialog,
  NewTaskButton,
  TaskRowActionHost,
  TaskRowMenu,
  type RowActionRequest,
  type TaskRef,
} from './actions';
import { ReasonButton } from './actions/reason-button';
import { usePermissionBlock } from './task-permissions';
import { StatusCounts, TaskChart } from './status-summary';
import { TASK_COLUMNS } from './task-columns';
import { bucketTasks } from './task-chart';
import { exportFilename, tasksToCsv, tasksToJson } from './task-export';
import { TaskFilterBar } from './task-filter-bar';
import {
  countByStatus,
  createdWindow,
  DEFAULT_SORT,
  filterTaskRows,
  sortTaskRows,
} from './task-filtering';
import { toTaskRows, type TaskRow } from './task-rows';
import {
  clearFilters,
  hasActiveFilters,
  toApiFilters,
  type TaskListSearch,
  type TaskScope,
} from './task-search';
import { ROW_HEIGHT, TaskTable } from './task-table';
import { useLiveTaskList } from './use-live-task-list';

export interface TaskListScreenProps {
  scope: TaskScope;
  search: TaskListSearch;
  onSearchChange: (next: TaskListSearch, options?: { replace?: boolean }) => void;
  /** Names for the agent column; ids show until they arrive. */
  agents?: readonly AgentsListItem[];
  heading: ReactNode;
  /** Scope controls from other features (the agent picker). */
  toolbar?: ReactNode;
}

const INTERVAL_OPTIONS: { value: RefreshInterval; label: string }[] = [
  { value: 'auto', label: 'Auto (3 s while running, else 15 s)' },
  { value: 5, label: 'Every 5 s' },
  { value: 15, label: 'Every 15 s' },
  { value: 30, label: 'Every 30 s' },
  { value: 60, label: 'Every 60 s' },
];

function scopeLabel(scope: TaskScope): string {
  if (scope.kind === 'agent') return `agent-${scope.agentId}`;
  if (scope.kind === 'user') return `user-${scope.userId}`;
  return 'all-tasks';
}

function LiveStatus({
  updatedAt,
  failed,
  fetching,
  live,
  paused,
  visible,
  onTogglePause,
  onRefresh,
}: {
  updatedAt: number;
  failed: boolean;
  fetching: boolean;
  live: boolean;
  paused: boolean;
  visible: boolean;
  onTogglePause: () => void;
  onRefresh: () => void;
}) {
  const now = useNow(1000);
  const interval = usePreferences((s) => s.refreshInterval);
  const setInterval = usePreferences((s) => s.setRefreshInterval);
  const state = paused
    ? 'Paused'
    : !visible
      ? 'Paused while hidden'
      : failed
        ? 'Refresh failed'
        : 'Live';
  return (
    <div className="flex items-center gap-1 text-xs text-muted">
      <span className="inline-flex items-center gap-1.5" aria-live="off">
        <span
          aria-hidden
          className={cn(
            'h-1.5 w-1.5 rounded-full',
            failed ? 'bg-red-500' : live ? 'bg-emerald-500' : 'bg-zinc-400',
            live && fetching && 'animate-pulse',
          )}
        />
        <span className="text-fg">{state}</span>
        <span
          className="tabular"
          title={updatedAt ? new Date(updatedAt).toLocaleString() : undefined}
        >
          {updatedAt
            ? `· Updated ${formatRelative(updatedAt, Math.max(now, updatedAt))}`
            : fetching
              ? '· Loading…'
              : ''}
        </span>
      </span>
      <Button
        variant="ghost"
        size="icon"
        aria-label={paused ? 'Resume live updates' : 'Pause live updates'}
        title={paused ? 'Resume' : 'Pause'}
        onClick={onTogglePause}
      >
        {paused ? (
          <Play className="h-3.5 w-3.5" aria-hidden />
        ) : (
          <Pause className="h-3.5 w-3.5" aria-hidden />
        )}
      </Button>
      <Button
        variant="ghost"
        size="icon"
        aria-label="Refresh now"
        title="Refresh now"
        onClick={onRefresh}
      >
        <RefreshCw className={cn('h-3.5 w-3.5', fetching && 'animate-spin')} aria-hidden />
      </Button>
      <select
        aria-label="Refresh interval"
        value={String(interval)}
        onChange={(e) =>
          setInterval(
            e.target.value === 'auto' ? 'auto' : (Number(e.target.value) as RefreshInterval),
          )
        }
        className="h-7 max-w-24 rounded-md border border-border bg-bg px-1 text-xs text-fg"
      >
        {INTERVAL_OPTIONS.map((o) => (
          <option key={String(o.value)} value={String(o.value)}>
            {o.value === 'auto' ? 'Auto' : o.label.replace('Every ', '')}
          </option>
        ))}
      </select>
    </div>
  );
}

function SaveViewButton() {
  const href = useRouterState({ select: (s) => s.location.href });
  const saveView = usePreferences((s) => s.saveView);
  const [name, setName] = useState('');
  return (
    <Popover
      align="end"
      trigger={
        <>
          <Bookmark className="h-3.5 w-3.5" aria-hidden />
          Save view
        </>
      }
      panelClassName="w-64 p-3"
    >
      {(close) => (
        <form
          className="flex flex-col gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const view = saveView(name, href);
            toast.success(`Saved view "${view.name}"`);
            setName('');
            close();
          }}
        >
          <label className="flex flex-col gap-1 text-xs text-muted">
            View name
            <input
              autoFocus
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="e.g. Failed for ACME"
              className="h-7 rounded-md border border-border bg-bg px-2 text-[13px] text-fg"
            />
          </label>
          <Button type="submit" variant="primary" size="sm">
            Save
          </Button>
        </form>
      )}
    </Popover>
  );
}

function ColumnsMenu() {
  const visibility = usePreferences((s) => s.columnVisibility);
  const setVisibility = usePreferences((s) => s.setColumnVisibility);
  const density = usePreferences((s) => s.density);
  const setDensity = usePreferences((s) => s.setDensity);
  return (
    <Popover
      align="end"
      trigger={
        <>
          <Columns3 className="h-3.5 w-3.5" aria-hidden />
          View
        </>
      }
      triggerLabel="Columns and density"
    >
      <fieldset className="flex flex-col">
        <legend className="px-2 py-1 text-xs font-medium text-muted">Columns</legend>
        {TASK_COLUMNS.filter((c) => c.canHide).map((c) => (
          <label
            key={c.id}
            className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-[13px] hover:bg-surface-2"
          >
            <input
              type="checkbox"
              checked={visibility[c.id] !== false}
              onChange={(e) => setVisibility({ ...visibility, [c.id]: e.target.checked })}
              className="h-3.5 w-3.5 accent-[var(--accent)]"
            />
            {c.label}
          </label>
        ))}
      </fieldset>
      <fieldset className="mt-1 flex flex-col border-t border-border pt-1">
        <legend className="sr-only">Density</legend>
        <span aria-hidden className="px-2 py-1 text-xs font-medium text-muted">
          Density
        </span>
        {(['compact', 'comfortable'] as const).map((d) => (
          <label
            key={d}
            className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-[13px] capitalize hover:bg-surface-2"
          >
            <input
              type="radio"
              name="density"
              checked={density === d}
              onChange={() => setDensity(d)}
              className="accent-[var(--accent)]"
            />
            {d}
          </label>
        ))}
      </fieldset>
    </Popover>
  );
}

function rowRef(row: TaskRow): TaskRef {
  return { id: row.id, label: row.label || row.id, status: row.status };
}

function BulkBar({
  count,
  matching,
  allMatchingSelected,
  onStop,
  onSelectAll,
  onClear,
}: {
  count: number;
  matching: number;
  allMatchingSelected: boolean;
  onStop: () => void;
  onSelectAll: () => void;
  onClear: () => void;
}) {
  const stopBlock = usePermissionBlock('task.bulk_stop');
  return (
    <div
      role="region"
      aria-label="Bulk actions"
      className="flex flex-wrap items-center gap-2 border-b border-border bg-accent-soft px-4 py-1.5 text-[13px]"
    >
      <span className="font-medium text-fg tabular">
        {count.toLocaleString()} {count === 1 ? 'task' : 'tasks'} selected
        {allMatchingSelected && matching > 0 && (
          <span className="font-normal text-muted"> · all matching the filter</span>
        )}
      </span>
      {!allMatchingSelected && matching > count && (
        <Button variant="ghost" size="sm" onClick={onSelectAll}>
          Select all {matching.toLocaleString()} matching
        </Button>
      )}
      <div className="ml-auto flex items-center gap-2">
        <Button variant="ghost" size="sm" onClick={onClear}>
          Clear selection
        </Button>
        <ReasonButton variant="danger" size="sm" blockedReason={stopBlock} onClick={onStop}>
          <CircleStop className="h-3.5 w-3.5" aria-hidden />
          Stop selected…
        </ReasonButton>
      </div>
    </div>
  );
}

function TableSkeleton({ density }: { density: 'compact' | 'comfortable' }) {
  return (
    <div
      aria-busy="true"
      aria-label="Loading tasks"
      role="status"
      className="flex-1 overflow-hidden"
    >
      <div className="h-[33px] border-b border-border bg-surface" />
      {Array.from({ length: 14 }, (_, i) => (
        <div
          key={i}
          className="flex items-center gap-4 border-b border-border/70 px-3"
          style={{ height: ROW_HEIGHT[density] }}
        >
          <Skeleton className="h-3.5 w-3.5" />
          <Skeleton className="h-4 w-20 rounded-full" />
          <Skeleton className="h-3 flex-1" />
          <Skeleton className="h-3 w-16" />
          <Skeleton className="h-3 w-24" />
          <Skeleton className="h-3 w-14" />
          <Skeleton className="h-3 w-14" />
        </div>
      ))}
      <span className="sr-only">Loading tasks…</span>
    </div>
  );
}

export function TaskListScreen({
  scope,
  search,
  onSearchChange,
  agents,
  heading,
  toolbar,
}: TaskListScreenProps) {
  const navigate = useNavigate();
  const density = usePreferences((s) => s.density);
  const columnVisibility = usePreferences((s) => s.columnVisibility);
  const refreshInterval = usePreferences((s) => s.refreshInterval);
  const [paused, setPaused] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);

  const apiFilters = useMemo(() => toApiFilters(search, scope), [search, scope]);
  const { query, items, freshCount, showNew, visible, live } = useLiveTaskList(scope, apiFilters, {
    refreshInterval,
    paused,
  });

  const agentNames = useMemo(() => new Map((agents ?? []).map((a) => [a.id, a.name])), [agents]);
  const allRows = useMemo(() => toTaskRows(items, agentNames), [items, agentNames]);
  // Time windows and running durations move with the clock; a coarse tick keeps filters honest.
  const now = useNow(30_000);
  const sort = { sort: search.sort ?? DEFAULT_SORT.sort, dir: search.dir ?? DEFAULT_SORT.dir };
  const scopeRows = useMemo(
    () => filterTaskRows(allRows, search, now, { ignoreStatus: true }),
    [allRows, search, now],
  );
  const rows = useMemo(() => {
    const filtered = search.status?.length
      ? scopeRows.filter((r) => search.status?.includes(r.status))
      : scopeRows;
    return sortTaskRows(filtered, sort.sort, sort.dir, now);
  }, [scopeRows, search.status, sort.sort, sort.dir, now]);
  const counts = useMemo(() => countByStatus(scopeRows), [scopeRows]);
  const buckets = useMemo(() => {
    const { from, to } = createdWindow(search, now);
    return bucketTasks(scopeRows, { from, to: to ?? now });
  }, [scopeRows, search, now]);
  const sources = useMemo(
    () => [...new Set(allRows.map((r) => r.source).filter((s): s is string => Boolean(s)))],
    [allRows],
  );

  const [activeIndex, setActiveIndex] = useState<number | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkOpen, setBulkOpen] = useState(false);
  const bulkTriggerRef = useRef<HTMLElement | null>(null);
  const [rowAction, setRowAction] = useState<RowActionRequest | null>(null);
  const rowsById = useMemo(() => new Map(allRows.map((r) => [r.id, r])), [allRows]);
  const selectedRefs = useMemo(
    () =>
      [...selected].flatMap((id) => {
        const row = rowsById.get(id);
        return row ? [rowRef(row)] : [];
      }),
    [selected, rowsById],
  );
  const allMatchingSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const selectAll = (select: boolean) =>
    setSelected(select ? new Set(rows.map((r) => r.id)) : new Set());
  const clampedActive =
    activeIndex === null || rows.length === 0 ? null : Math.min(activeIndex, rows.length - 1);

  const patch = useCallback(
    (p: Partial<TaskListSearch>, options?: { replace?: boolean }) => {
      const next = { ...search, ...p };
      for (const k of Object.keys(next) as (keyof TaskListSearch)[])
        if (next[k] === undefined) delete next[k];
      onSearchChange(next, options);
    },
    [search, onSearchChange],
  );
  const clear = () => onSearchChange(clearFilters(search));
  const openTask = (row: TaskRow) =>
    void navigate({ to: '/tasks/$taskId', params: { taskId: row.id } });
  const toggleSelected = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const toggleStatus = (s: TaskStatus) => {
    const current = search.status ?? [];
    const next = current.includes(s) ? current.filter((x) => x !== s) : [...current, s];
    patch({ status: next.length ? next : undefined });
  };

  useHotkeys({
    j: () =>
      setActiveIndex((i) =>
        rows.length === 0 ? null : i === null ? 0 : Math.min(i + 1, rows.length - 1),
      ),
    k: () =>
      setActiveIndex((i) => (rows.length === 0 ? null : i === null ? 0 : Math.max(i - 1, 0))),
    Enter: (e) => {
      const row = clampedActive !== null ? rows[clampedActive] : undefined;
      if (!row) return;
      // Enter on a focused control (a button, a link) does that control's job.
      if (e.target instanceof HTMLElement && e.target.closest('a,button')) return;
      e.preventDefault();
      openTask(row);
    },
    '/': (e) => {
      e.preventDefault();
      searchRef.current?.focus();
      searchRef.current?.select();
    },
    x: () => {
      const row = clampedActive !== null ? rows[clampedActive] : undefined;
      if (row) toggleSelected(row.id);
    },
    Escape: (e) => {
      // A field handles its own Escape (the search box clears, then blurs).
      if (e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement) return;
      if (selected.size > 0) setSelected(new Set());
      else setActiveIndex(null);
    },
  });

  const exportRows = (format: 'csv' | 'json') => {
    const text = format === 'csv' ? tasksToCsv(rows) : tasksToJson(rows);
    downloadText(
      exportFilename(scopeLabel(scope), format),
      text,
      format === 'csv' ? 'text/csv' : 'application/json',
    );
    toast.success(`Exported ${rows.length.toLocaleString()} tasks as ${format.toUpperCase()}`);
  };

  const loading = query.isPending;
  const error = query.isError && !query.data ? query.error : null;

  return (
    <section aria-labelledby="task-list-heading" className="flex min-h-0 flex-1 flex-col">
      <header className="flex flex-wrap items-center gap-x-3 gap-y-2 border-b border-border px-4 py-2.5">
        <h1 id="task-list-heading" className="text-[15px] font-semibold text-fg">
          {heading}
        </h1>
        {toolbar}
        <div className="ml-auto flex flex-wrap items-center gap-2">
          <LiveStatus
            updatedAt={query.dataUpdatedAt}
            failed={query.isError}
            fetching={query.isFetching}
            live={live}
            paused={paused}
            visible={visible}
            onTogglePause={() => setPaused((p) => !p)}
            onRefresh={() => void query.refetch()}
          />
          <SaveViewButton />
          <Popover
            align="end"
            trigger={
              <>
                <Download className="h-3.5 w-3.5" aria-hidden />
                Export
              </>
            }
          >
            {(close) => (
              <div className="flex flex-col">
                <p className="px-2 py-1 text-xs text-muted">
                  {rows.length.toLocaleString()} tasks in view
                </p>
                <button
                  type="button"
                  className="rounded px-2 py-1.5 text-left text-[13px] hover:bg-surface-2"
                  onClick={() => {
                    exportRows('csv');
                    close();
                  }}
                >
                  Export CSV
                </button>
                <button
                  type="button"
                  className="rounded px-2 py-1.5 text-left text-[13px] hover:bg-surface-2"
                  onClick={() => {
                    exportRows('json');
                    close();
                  }}
                >
                  Export JSON
                </button>
              </div>
            )}
          </Popover>
          <ColumnsMenu />
          {scope.kind !== 'user' && (
            <NewTaskButton
              agentId={scope.kind === 'agent' ? scope.agentId : undefined}
              agents={agents}
            />
          )}
        </div>
      </header>

      <div className="flex flex-wrap items-center justify-between gap-3 border-b border-border px-4 py-2">
        {loading ? (
          <Skeleton className="h-7 w-[560px] max-w-full" />
        ) : error ? (
          <div className="h-7" />
        ) : (
          <StatusCounts counts={counts} selected={search.status ?? []} onToggle={toggleStatus} />
        )}
        {loading ? (
          <Skeleton className="h-10 w-[260px]" />
        ) : error ? (
          <div className="h-10" />
        ) : (
          <TaskChart buckets={buckets} />
        )}
      </div>

      <div className="border-b border-border px-4 py-2">
        <TaskFilterBar
          search={search}
          scope={scope}
          sources={sources}
          onChange={patch}
          onClear={clear}
          searchRef={searchRef}
        />
      </div>

      {selected.size > 0 && (
        <BulkBar
          count={selected.size}
          matching={rows.length}
          allMatchingSelected={allMatchingSelected && hasActiveFilters(search)}
          onStop={() => {
            bulkTriggerRef.current = document.activeElement as HTMLElement | null;
            setBulkOpen(true);
          }}
          onSelectAll={() => selectAll(true)}
          onClear={() => setSelected(new Set())}
        />
      )}

      <div className="relative flex min-h-0 flex-1 flex-col">
        {freshCount > 0 && (
          <button
            type="button"
            onClick={showNew}
            className="absolute top-10 left-1/2 z-20 inline-flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-accent px-3 py-1 text-xs font-medium text-accent-fg shadow-md"
          >
            <ArrowUp className="h-3.5 w-3.5" aria-hidden />
            {freshCount === 1 ? '1 new task' : `${freshCount.toLocaleString()} new tasks`}
          </button>
        )}
        {loading ? (
          <TableSkeleton density={density} />
        ) : error ? (
          <ErrorPanel
            error={error}
            title="Could not load tasks"
            onRetry={() => void query.refetch()}
          />
        ) : rows.length === 0 ? (
          allRows.length === 0 && !hasActiveFilters(search) ? (
            <EmptyState
              icon={<Inbox className="h-6 w-6" aria-hidden />}
              title="No tasks yet"
              description={
                scope.kind === 'agent'
                  ? 'This agent has not run any tasks. Tasks appear here as soon as one is created.'
                  : scope.kind === 'user'
                    ? 'This end user has not triggered any tasks.'
                    : 'No agent has run any tasks yet. Tasks appear here as soon as one is created.'
              }
            />
          ) : (
            <EmptyState
              icon={<SearchX className="h-6 w-6" aria-hidden />}
              title="No tasks match these filters"
              description={
                allRows.length > 0
                  ? `${allRows.length.toLocaleString()} ${allRows.length === 1 ? 'task' : 'tasks'} in this scope ${allRows.length === 1 ? 'is' : 'are'} hidden by the current filters.`
                  : 'The server returned no task for these filters.'
              }
              action={
                <Button variant="primary" onClick={clear}>
                  Clear filters
                </Button>
              }
            />
          )
        ) : (
          <TaskTable
            rows={rows}
            sort={sort}
            onSortChange={(s) => patch(s, { replace: true })}
            density={density}
            columnVisibility={columnVisibility}
            activeIndex={clampedActive}
            onActiveIndexChange={setActiveIndex}
            selected={selected}
            onToggleSelected={toggleSelected}
            onSelectAll={selectAll}
            onOpen={openTask}
            renderRowActions={(row) => <TaskRowMenu task={rowRef(row)} onAction={setRowAction} />}
          />
        )}
      </div>

      <BulkStopDialog
        tasks={selectedRefs}
        scopeLabel={
          allMatchingSelected && hasActiveFilters(search)
            ? `All ${selectedRefs.length.toLocaleString()} tasks matching the filter`
            : `${selectedRefs.length.toLocaleString()} selected ${selectedRefs.length === 1 ? 'task' : 'tasks'}`
        }
        open={bulkOpen}
        onOpenChange={setBulkOpen}
        onFinished={(failed) => setSelected(new Set(failed))}
        returnFocusRef={bulkTriggerRef}
      />
      <TaskRowActionHost request={rowAction} onClose={() => setRowAction(null)} />

      <footer className="flex items-center gap-3 border-t border-border bg-surface px-4 py-1.5 text-xs text-muted">
        <span role="status" className="tabular">
          {loading
            ? 'Loading…'
            : `${rows.length.toLocaleString()} of ${allRows.length.toLocaleString()} tasks`}
          {selected.size > 0 && ` · ${selected.size.toLocaleString()} selected`}
        </span>
        {query.isError && query.data && (
          <span className="text-danger">Refresh failed: {query.error.message}</span>
        )}
        <span className="ml-auto hidden gap-3 md:flex">
          <span>
            <b className="font-mono">j</b>/<b className="font-mono">k</b> move
          </span>
          <span>
            <b className="font-mono">Enter</b> open
          </span>
          <span>
            <b className="font-mono">x</b> select
          </span>
          <span>
            <b className="font-mono">/</b> search
          </span>
        </span>
      </footer>
    </section>
  );
}

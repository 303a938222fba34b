import { ChevronDown, Search, SlidersHorizontal, X } from 'lucide-react';
import { useEffect, useState, type RefObject } from 'react';
import { TASK_STATUSES, type TaskStatus } from '@/contract';
import { Button } from '@/components/ui/button';
import { Kbd } from '@/components/ui/kbd';
import { Popover } from '@/components/ui/popover';
import { cn } from '@/lib/cn';
import { RELATIVE_RANGES, type RelativeRange } from '@/lib/time';
import { STATUS_DISPLAY, StatusIcon } from './status-display';
import { hasActiveFilters, type TaskListSearch, type TaskScope } from './task-search';

const RANGE_LABELS: Record<RelativeRange, string> = {
  '1h': 'Last 1 hour',
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '14d': 'Last 14 days',
};

interface TaskFilterBarProps {
  search: TaskListSearch;
  scope: TaskScope;
  sources: readonly string[];
  onChange: (patch: Partial<TaskListSearch>, options?: { replace?: boolean }) => void;
  onClear: () => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

/** A text field bound to one search param; commits on Enter or blur, not on every key. */
function CommitInput({
  label,
  value,
  onCommit,
  placeholder,
  className,
  mono,
  inline,
}: {
  inline?: boolean;
  label: string;
  value: string | undefined;
  onCommit: (value: string | undefined) => void;
  placeholder?: string;
  className?: string;
  mono?: boolean;
}) {
  const [draft, setDraft] = useState(value ?? '');
  const [prev, setPrev] = useState(value);
  if (prev !== value) {
    setPrev(value);
    setDraft(value ?? '');
  }
  const commit = () => {
    const next = draft.trim() || undefined;
    if (next !== value) onCommit(next);
  };
  return (
    <label className={cn('flex flex-col gap-1 text-xs text-muted', className)}>
      <span className={cn(inline && 'sr-only')}>{label}</span>
      <input
        value={draft}
        placeholder={placeholder}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
        className={cn(
          'h-7 rounded-md border border-border bg-bg px-2 text-[13px] text-fg placeholder:text-muted/70',
          mono && 'font-mono text-[12px]',
        )}
      />
    </label>
  );
}

function SearchBox({
  value,
  onChange,
  inputRef,
}: {
  value: string | undefined;
  onChange: (q: string | undefined) => void;
  inputRef: RefObject<HTMLInputElement | null>;
}) {
  const [draft, setDraft] = useState(value ?? '');
  const [prev, setPrev] = useState(value);
  if (prev !== value) {
    setPrev(value);
    setDraft(value ?? '');
  }
  useEffect(() => {
    const next = draft.trim() || undefined;
    if (next === (value ?? undefined)) return;
    const t = setTimeout(() => onChange(next), 200);
    return () => clearTimeout(t);
  }, [draft, value, onChange]);
  return (
    <div className="relative flex min-w-56 flex-1 items-center sm:max-w-sm">
      <Search className="pointer-events-none absolute left-2 h-3.5 w-3.5 text-muted" aria-hidden />
      <input
        ref={inputRef}
        type="search"
        aria-label="Search tasks"
        placeholder="Search id, title, prompt, result"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            if (draft) setDraft('');
            else e.currentTarget.blur();
          }
        }}
        className="h-7 w-full rounded-md border border-border bg-bg pr-8 pl-7 text-[13px] text-fg placeholder:text-muted"
      />
      <span className="pointer-events-none absolute right-2">
        <Kbd>/</Kbd>
      </span>
    </div>
  );
}

export function TaskFilterBar({
  search,
  scope,
  sources,
  onChange,
  onClear,
  searchRef,
}: TaskFilterBarProps) {
  const statuses = search.status ?? [];
  const toggleStatus = (s: TaskStatus) => {
    const next = statuses.includes(s) ? statuses.filter((x) => x !== s) : [...statuses, s];
    // Keep the URL in the table's order so equal views have equal links.
    onChange({ status: next.length ? TASK_STATUSES.filter((x) => next.includes(x)) : undefined });
  };
  const moreCount = [search.internal, search.parent, search.trigger].filter(Boolean).length;
  const rangeValue = search.range ?? (search.from || search.to ? 'custom' : '');
  const [customOpen, setCustomOpen] = useState(rangeValue === 'custom');
  const showCustom = customOpen || rangeValue === 'custom';

  return (
    <div className="flex flex-wrap items-center gap-2">
      <SearchBox
        value={search.q}
        onChange={(q) => onChange({ q }, { replace: true })}
        inputRef={searchRef}
      />

      <Popover
        active={statuses.length > 0}
        trigger={
          <>
            Status
            {statuses.length > 0 && (
              <span className="rounded bg-accent px-1 text-[10px] text-accent-fg tabular">
                {statuses.length}
              </span>
            )}
            <ChevronDown className="h-3 w-3" aria-hidden />
          </>
        }
      >
        <fieldset className="flex flex-col">
          <legend className="px-2 py-1 text-xs font-medium text-muted">Status</legend>
          {TASK_STATUSES.map((s) => (
            <label
              key={s}
              className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-[13px] hover:bg-surface-2"
            >
              <input
                type="checkbox"
                checked={statuses.includes(s)}
                onChange={() => toggleStatus(s)}
                className="h-3.5 w-3.5 accent-[var(--accent)]"
              />
              <StatusIcon status={s} className={cn('h-3.5 w-3.5', STATUS_DISPLAY[s].textClass)} />
              {STATUS_DISPLAY[s].label}
            </label>
          ))}
        </fieldset>
      </Popover>

      <select
        aria-label="Source"
        value={search.source ?? ''}
        onChange={(e) => onChange({ source: e.target.value || undefined })}
        className={cn(
          'h-7 rounded-md border bg-bg px-1.5 text-xs text-fg',
          search.source ? 'border-accent' : 'border-border',
        )}
      >
        <option value="">Any source</option>
        {[...new Set([...sources, ...(search.source ? [search.source] : [])])].sort().map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>

      <select
        aria-label="Created"
        value={rangeValue}
        onChange={(e) => {
          const v = e.target.value;
          if (v === 'custom') {
            setCustomOpen(true);
            onChange({ range: undefined });
          } else {
            setCustomOpen(false);
            onChange({
              range: (v || undefined) as RelativeRange | undefined,
              from: undefined,
              to: undefined,
            });
          }
        }}
        className={cn(
          'h-7 rounded-md border bg-bg px-1.5 text-xs text-fg',
          rangeValue ? 'border-accent' : 'border-border',
        )}
      >
        <option value="">Any time</option>
        {(Object.keys(RELATIVE_RANGES) as RelativeRange[]).map((r) => (
          <option key={r} value={r}>
            {RANGE_LABELS[r]}
          </option>
        ))}
        <option value="custom">Custom range…</option>
      </select>
      {showCustom && (
        <span className="flex items-center gap-1 text-xs text-muted">
          <input
            type="datetime-local"
            aria-label="Created from"
            value={search.from ?? ''}
            onChange={(e) => onChange({ from: e.target.value || undefined, range: undefined })}
            className="h-7 rounded-md border border-border bg-bg px-1.5 text-xs text-fg"
          />
          –
          <input
            type="datetime-local"
            aria-label="Created to"
            value={search.to ?? ''}
            onChange={(e) => onChange({ to: e.target.value || undefined, range: undefined })}
            className="h-7 rounded-md border border-border bg-bg px-1.5 text-xs text-fg"
          />
        </span>
      )}

      {scope.kind !== 'user' && (
        <CommitInput
          label="End user"
          value={search.user}
          onCommit={(user) => onChange({ user })}
          placeholder="End user id"
          mono
          inline
          className="[&>input]:w-32"
        />
      )}

      <Popover
        active={moreCount > 0}
        triggerLabel={moreCount ? `More filters (${moreCount} active)` : 'More filters'}
        trigger={
          <>
            <SlidersHorizontal className="h-3.5 w-3.5" aria-hidden />
            More
            {moreCount > 0 && (
              <span className="rounded bg-accent px-1 text-[10px] text-accent-fg tabular">
                {moreCount}
              </span>
            )}
          </>
        }
        panelClassName="w-72 p-3"
      >
        <div className="flex flex-col gap-3">
          <CommitInput
            label="Internal status"
            value={search.internal}
            onCommit={(internal) => onChange({ internal })}
          />
          <CommitInput
            label="Parent task"
            value={search.parent}
            onCommit={(parent) => onChange({ parent })}
            placeholder="Task id"
            mono
          />
          <CommitInput
            label="Triggering agent"
            value={search.trigger}
            onCommit={(trigger) => onChange({ trigger })}
            placeholder="Agent id"
            mono
          />
          <p className="text-[11px] text-muted">
            Press Enter to apply. These filters are sent to the API.
          </p>
        </div>
      </Popover>

      {hasActiveFilters(search) && (
        <Button variant="ghost" size="sm" onClick={onClear}>
          <X className="h-3.5 w-3.5" aria-hidden />
          Clear filters
        </Button>
      )}
    </div>
  );
}

import { useVirtualizer } from '@tanstack/react-virtual';
import { ChevronDown, ChevronUp, ClipboardCopy, Search } from 'lucide-react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { copyText } from '@/components/ui/copy-button';
import type { ActivityItem, Task } from '@/contract';
import { cn } from '@/lib/cn';
import { ActivityEntry } from './activity-entry';
import { entrySearchText, searchEntries } from './activity-text';
import { copyForTicket } from './copy-for-ticket';
import type { ActivitySummary } from './summarize-activity';

export interface ActivityThreadProps {
  items: readonly ActivityItem[];
  task: Task;
  childTasks: readonly Task[];
  summary: ActivitySummary | null;
  startMs: number | null;
  selectedEntryId: string | null;
  onSelectEntry: (id: string | null) => void;
  /** The href of an entry's own link. */
  entryHref: (id: string) => string;
}

type Section = 'args' | 'result' | 'body' | 'full';

function defaultOpen(entry: ActivityItem, section: Section): boolean {
  // A failing tool's error is what a person came to read.
  return entry.kind === 'tool_call' && section === 'result' && entry.item.is_error === true;
}

const EXPANDABLE: Partial<Record<ActivityItem['kind'], Section[]>> = {
  tool_call: ['args', 'result'],
  reasoning: ['body'],
};

/**
 * The activity log: virtualized (10,000 entries scroll like 10), searchable with next and
 * previous, every entry linkable (?entry=<id>) and scrolled to and highlighted when opened.
 */
export function ActivityThread({
  items,
  task,
  childTasks,
  summary,
  startMs,
  selectedEntryId,
  onSelectEntry,
  entryHref,
}: ActivityThreadProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [query, setQuery] = useState('');
  const [matchIndex, setMatchIndex] = useState(0);
  const [overrides, setOverrides] = useState<ReadonlyMap<string, boolean>>(new Map());
  const [allOpen, setAllOpen] = useState<boolean | null>(null);

  // Built only once someone searches, then kept for the thread.
  const texts = useMemo(() => (query.trim() ? items.map(entrySearchText) : null), [items, query]);
  const matches = useMemo(() => (texts ? searchEntries(texts, query) : []), [texts, query]);
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const current =
    matches.length > 0 ? matches[Math.min(matchIndex, matches.length - 1)] : undefined;

  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 64,
    overscan: 6,
    getItemKey: (index) => items[index]?.id ?? `#${index}`,
  });

  const selectedIndex = useMemo(
    () => (selectedEntryId ? items.findIndex((e) => e.id === selectedEntryId) : -1),
    [items, selectedEntryId],
  );
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'center' });
  }, [selectedIndex, virtualizer]);
  useEffect(() => {
    if (current !== undefined) virtualizer.scrollToIndex(current, { align: 'center' });
  }, [current, virtualizer]);

  const isOpen = useCallback(
    (entry: ActivityItem, index: number, section: Section) => {
      const key = `${entry.id ?? index}:${section}`;
      return overrides.get(key) ?? allOpen ?? defaultOpen(entry, section);
    },
    [overrides, allOpen],
  );
  const toggle = useCallback(
    (entry: ActivityItem, index: number, section: Section) => {
      const key = `${entry.id ?? index}:${section}`;
      setOverrides((prev) => {
        const next = new Map(prev);
        next.set(key, !(prev.get(key) ?? allOpen ?? defaultOpen(entry, section)));
        return next;
      });
    },
    [allOpen],
  );

  const step = (delta: number) => {
    if (matches.length === 0) return;
    setMatchIndex(
      (i) => (Math.min(i, matches.length - 1) + delta + matches.length) % matches.length,
    );
  };

  const selectedEntry = selectedIndex >= 0 ? items[selectedIndex] : null;
  const copyTicket = async () => {
    const origin = typeof location !== 'undefined' ? location.origin : '';
    const text = copyForTicket({
      task,
      taskUrl: `${origin}/tasks/${encodeURIComponent(task.id)}`,
      summary,
      entry: selectedEntry ?? null,
      entryUrl: selectedEntry?.id ? `${origin}${entryHref(selectedEntry.id)}` : null,
    });
    if (await copyText(text))
      toast.success(
        selectedEntry ? 'Copied the task and the selected entry' : 'Copied the task summary',
      );
    else toast.error('Could not copy to the clipboard');
  };

  const expandableCount = useMemo(() => items.filter((e) => EXPANDABLE[e.kind]).length, [items]);

  return (
    <div className="flex min-h-0 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-border px-3 py-2">
        <label className="relative flex min-w-56 flex-1 items-center sm:max-w-sm">
          <span className="sr-only">Search the activity</span>
          <Search
            className="pointer-events-none absolute left-2 h-3.5 w-3.5 text-muted"
            aria-hidden
          />
          <input
            type="search"
            value={query}
            placeholder="Search messages and tool payloads"
            onChange={(e) => {
              setQuery(e.target.value);
              setMatchIndex(0);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                step(e.shiftKey ? -1 : 1);
              }
            }}
            className="h-7 w-full rounded-md border border-border bg-bg pr-2 pl-7 text-[13px] placeholder:text-muted"
          />
        </label>
        {query.trim() && (
          <span role="status" className="text-xs text-muted tabular">
            {matches.length === 0
              ? 'No matches'
              : `${Math.min(matchIndex, matches.length - 1) + 1} of ${matches.length}`}
          </span>
        )}
        <Button
          size="icon"
          variant="ghost"
          aria-label="Previous match"
          disabled={matches.length === 0}
          onClick={() => step(-1)}
        >
          <ChevronUp className="h-4 w-4" aria-hidden />
        </Button>
        <Button
          size="icon"
          variant="ghost"
          aria-label="Next match"
          disabled={matches.length === 0}
          onClick={() => step(1)}
        >
          <ChevronDown className="h-4 w-4" aria-hidden />
        </Button>
        <div className="ml-auto flex items-center gap-1.5">
          <span className="text-xs text-muted tabular">
            {items.length.toLocaleString()} entries
          </span>
          {expandableCount > 0 && (
            <>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => {
                  setAllOpen(true);
                  setOverrides(new Map());
                }}
              >
                Expand all
              </Button>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => {
                  setAllOpen(false);
                  setOverrides(new Map());
                }}
              >
                Collapse all
              </Button>
            </>
          )}
          <Button
            size="sm"
            onClick={() => void copyTicket()}
            title="Copy a Markdown summary of the task and the selected entry"
          >
            <ClipboardCopy className="h-3.5 w-3.5" aria-hidden />
            Copy for ticket
          </Button>
        </div>
      </div>
      <div
        ref={scrollRef}
        data-testid="activity-scroll"
        className="h-[max(420px,calc(100vh-260px))] overflow-y-auto overscroll-contain"
      >
        <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const entry = items[row.index];
            if (!entry) return null;
            return (
              <div
                key={row.key}
                data-index={row.index}
                ref={virtualizer.measureElement}
                className="absolute top-0 left-0 w-full"
                style={{ transform: `translateY(${row.start}px)` }}
              >
                <ActivityEntry
                  entry={entry}
                  startMs={startMs}
                  href={entry.id ? entryHref(entry.id) : ''}
                  selected={row.index === selectedIndex}
                  currentMatch={row.index === current}
                  isMatch={matchSet.has(row.index)}
                  childTasks={childTasks}
                  isOpen={(section) => isOpen(entry, row.index, section as Section)}
                  toggle={(section) => toggle(entry, row.index, section as Section)}
                  onSelect={() => onSelectEntry(entry.id)}
                />
              </div>
            );
          })}
        </div>
      </div>
      {selectedEntryId && selectedIndex < 0 && (
        <p role="status" className={cn('border-t border-border px-3 py-1.5 text-xs text-muted')}>
          Entry {selectedEntryId} is not in this activity log.
        </p>
      )}
    </div>
  );
}

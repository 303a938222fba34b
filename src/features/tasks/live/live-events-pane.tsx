import { useVirtualizer } from '@tanstack/react-virtual';
import {
  ArrowDownToLine,
  CircleDot,
  History,
  Pause,
  Play,
  RotateCw,
  TriangleAlert,
  WifiOff,
} from 'lucide-react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { tryParseTimestamp, type TaskEvent } from '@/contract';
import { cn } from '@/lib/cn';
import { JsonView } from '../detail/lazy-viewers';
import { describeEvent, eventTime, eventTypeLabel } from './describe-event';
import type { LiveEventEntry } from './fold-task-event';
import type { ConnectionState, TaskEventStream } from './use-task-event-stream';

const clock = new Intl.DateTimeFormat(undefined, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  fractionalSecondDigits: 3,
  hourCycle: 'h23',
});

const STATE_TEXT: Record<ConnectionState, string> = {
  Connecting: 'Connecting…',
  Live: 'Live',
  Reconnecting: 'Reconnecting…',
  Ended: 'Ended',
  Polling: 'Polling',
  Idle: 'Not connected',
};

function ConnectionLine({ stream, finished }: { stream: TaskEventStream; finished: boolean }) {
  const { state, attempt, error, live } = stream;
  let detail: string;
  switch (state) {
    case 'Connecting':
      detail = 'Opening the event stream.';
      break;
    case 'Live':
      detail = 'Events arrive as the agent works.';
      break;
    case 'Reconnecting':
      detail = `The stream dropped; retry ${attempt} with backoff. Missed events are re-fetched and replays dropped.`;
      break;
    case 'Ended':
      if (!error)
        detail = finished
          ? 'The task finished; the stream is closed.'
          : 'The server has no event stream for this task.';
      else if (error.kind === 'http' && (error.status ?? 0) < 500)
        detail = `The server refused the stream: ${error.message}`;
      else detail = `Could not read the events after ${attempt} attempts: ${error.message}`;
      break;
    case 'Polling':
      detail =
        'This task does not stream events; its record is re-fetched every 3 s while it runs.';
      break;
    case 'Idle':
      detail = finished
        ? 'The task has finished. Its recorded events can be replayed.'
        : 'Waiting for the task.';
      break;
  }
  const Icon = state === 'Reconnecting' ? WifiOff : error ? TriangleAlert : CircleDot;
  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-border px-3 py-2 text-xs">
      <span role="status" aria-live="polite" className="inline-flex items-center gap-1.5">
        <Icon
          aria-hidden
          className={cn(
            'h-3.5 w-3.5',
            state === 'Live' && 'animate-pulse text-emerald-600 dark:text-emerald-400',
            state === 'Reconnecting' && 'text-amber-600 dark:text-amber-400',
            (state === 'Connecting' || state === 'Polling') && 'text-blue-600 dark:text-blue-400',
            (state === 'Ended' || state === 'Idle') && !error && 'text-muted',
            error && 'text-danger',
          )}
        />
        <span className="font-medium text-fg">{STATE_TEXT[state]}</span>
        <span className="text-muted">{detail}</span>
      </span>
      <span className="ml-auto flex items-center gap-2 text-muted tabular">
        <span>{live.events.length.toLocaleString()} events</span>
        {live.unknownCount > 0 && (
          <span className="rounded bg-amber-50 px-1.5 py-px font-medium text-amber-800 dark:bg-amber-950 dark:text-amber-200">
            {live.unknownCount} unknown
          </span>
        )}
        {(state === 'Idle' || (state === 'Ended' && (error || live.events.length === 0))) && (
          <Button size="sm" onClick={stream.replay}>
            {error ? (
              <RotateCw className="h-3.5 w-3.5" aria-hidden />
            ) : (
              <History className="h-3.5 w-3.5" aria-hidden />
            )}
            {error ? 'Retry' : 'Load recorded events'}
          </Button>
        )}
      </span>
    </div>
  );
}

function EventRow({
  entry,
  open,
  onToggle,
}: {
  entry: LiveEventEntry;
  open: boolean;
  onToggle: () => void;
}) {
  const { event } = entry;
  const time = eventTime(event);
  const ms = time ? tryParseTimestamp(time) : null;
  const unknown = event.type === 'unknown';
  const failed = event.type === 'tool_call_result' && event.data.is_error === true;
  return (
    <div
      className={cn(
        'border-b border-border px-3 py-1 text-xs',
        unknown && 'bg-amber-50/60 dark:bg-amber-950/20',
      )}
    >
      <button
        type="button"
        aria-expanded={open}
        onClick={onToggle}
        className="flex w-full min-w-0 items-center gap-2 text-left"
      >
        <span className="w-24 shrink-0 font-mono text-[11px] text-muted tabular">
          {ms !== null ? clock.format(new Date(ms)) : '–'}
        </span>
        <span
          className={cn(
            'w-36 shrink-0 truncate font-mono text-[11px]',
            unknown ? 'text-amber-800 dark:text-amber-200' : failed ? 'text-danger' : 'text-fg',
          )}
        >
          {eventTypeLabel(event)}
        </span>
        <span className="min-w-0 flex-1 truncate text-muted">{describeEvent(event)}</span>
      </button>
      {open && (
        <div className="py-1.5 pl-26">
          <JsonView
            value={unknown ? event.raw : event}
            label="Event"
            fileName={`event-${entry.seq}`}
            openDepth={1}
          />
        </div>
      )}
    </div>
  );
}

function typeKey(event: TaskEvent): string {
  return event.type === 'unknown' ? 'unknown' : event.type;
}

export interface LiveEventsPaneProps {
  stream: TaskEventStream;
  /** The task is terminal. */
  finished: boolean;
}

/**
 * The live feed: connection state, the streamed text, and a virtualized event list with a
 * type filter, pause (WCAG 2.2.2) and follow.
 */
export function LiveEventsPane({ stream, finished }: LiveEventsPaneProps) {
  const { live } = stream;
  const [filter, setFilter] = useState('all');
  const [paused, setPaused] = useState<readonly LiveEventEntry[] | null>(null);
  const [follow, setFollow] = useState(true);
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const listRef = useRef<HTMLDivElement>(null);
  const textRef = useRef<HTMLPreElement>(null);

  const source = paused ?? live.events;
  const rows = useMemo(
    () => (filter === 'all' ? source : source.filter((e) => typeKey(e.event) === filter)),
    [source, filter],
  );
  const types = useMemo(() => {
    const counts = new Map<string, number>();
    for (const e of live.events)
      counts.set(typeKey(e.event), (counts.get(typeKey(e.event)) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0]));
  }, [live.events]);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => listRef.current,
    estimateSize: () => 25,
    overscan: 12,
    getItemKey: (i) => rows[i]?.seq ?? i,
  });

  useEffect(() => {
    if (follow && !paused && rows.length > 0)
      virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, follow, paused, virtualizer]);
  useEffect(() => {
    const el = textRef.current;
    if (follow && !paused && el) el.scrollTop = el.scrollHeight;
  }, [live.outputText, follow, paused]);

  const newWhilePaused = paused ? live.events.length - paused.length : 0;
  const text = paused ? null : live.outputText;

  return (
    <div className="flex flex-col">
      <ConnectionLine stream={stream} finished={finished} />
      <div className="grid gap-0 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <section
          aria-label="Streamed output"
          className="flex min-w-0 flex-col border-b border-border lg:border-r lg:border-b-0"
        >
          <div className="flex items-center gap-2 px-3 py-1.5 text-xs text-muted">
            <span className="font-medium text-fg">Streamed output</span>
            <span className="tabular">{live.outputText.length.toLocaleString()} chars</span>
            {live.outputText && (
              <CopyButton
                value={live.outputText}
                label="Copy streamed output"
                className="ml-auto"
              />
            )}
          </div>
          <pre
            ref={textRef}
            data-testid="live-output"
            className="h-72 overflow-auto px-3 pb-3 font-mono text-[12px] leading-5 break-words whitespace-pre-wrap text-fg lg:h-[28rem]"
          >
            {(text ?? live.outputText) || (
              <span className="text-muted italic">No streamed text yet.</span>
            )}
          </pre>
        </section>
        <section aria-label="Event list" className="flex min-w-0 flex-col">
          <div className="flex flex-wrap items-center gap-2 px-3 py-1.5 text-xs">
            <label className="flex items-center gap-1.5 text-muted">
              Type
              <select
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                className="h-7 rounded-md border border-border bg-bg px-1.5 text-xs text-fg"
              >
                <option value="all">All types ({live.events.length})</option>
                {types.map(([t, n]) => (
                  <option key={t} value={t}>
                    {t} ({n})
                  </option>
                ))}
              </select>
            </label>
            <Button
              size="sm"
              variant={paused ? 'primary' : 'default'}
              aria-pressed={paused !== null}
              onClick={() => setPaused((p) => (p ? null : live.events))}
            >
              {paused ? (
                <Play className="h-3.5 w-3.5" aria-hidden />
              ) : (
                <Pause className="h-3.5 w-3.5" aria-hidden />
              )}
              {paused ? `Resume${newWhilePaused > 0 ? ` (${newWhilePaused} new)` : ''}` : 'Pause'}
            </Button>
            <Button
              size="sm"
              variant={follow ? 'primary' : 'default'}
              aria-pressed={follow}
              onClick={() => setFollow((f) => !f)}
            >
              <ArrowDownToLine className="h-3.5 w-3.5" aria-hidden />
              Follow
            </Button>
            {live.droppedEvents > 0 && (
              <span className="text-muted">
                {live.droppedEvents.toLocaleString()} older events not kept
              </span>
            )}
          </div>
          <div
            ref={listRef}
            data-testid="live-event-list"
            className="h-72 overflow-auto border-t border-border lg:h-[28rem]"
          >
            {rows.length === 0 ? (
              <p className="px-3 py-6 text-center text-xs text-muted">
                {live.events.length === 0 ? 'No events yet.' : 'No events of this type.'}
              </p>
            ) : (
              <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
                {virtualizer.getVirtualItems().map((v) => {
                  const entry = rows[v.index];
                  if (!entry) return null;
                  return (
                    <div
                      key={v.key}
                      data-index={v.index}
                      ref={virtualizer.measureElement}
                      className="absolute top-0 left-0 w-full"
                      style={{ transform: `translateY(${v.start}px)` }}
                    >
                      <EventRow
                        entry={entry}
                        open={open.has(entry.seq)}
                        onToggle={() =>
                          setOpen((prev) => {
                            const next = new Set(prev);
                            if (!next.delete(entry.seq)) next.add(entry.seq);
                            return next;
                          })
                        }
                      />
                    </div>
                  );
                })}
              </div>
            )}
          </div>
        </section>
      </div>
    </div>
  );
}

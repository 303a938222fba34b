import type { TaskStatus } from '@/contract';
import { cn } from '@/lib/cn';
import { formatAbsolute } from '@/lib/time';
import { STATUS_DISPLAY, STATUS_ORDER, StatusIcon } from './status-display';
import type { TaskBucket } from './task-chart';

interface StatusCountsProps {
  counts: Record<TaskStatus, number>;
  selected: readonly TaskStatus[];
  onToggle: (status: TaskStatus) => void;
}

/** Per-status counts for the scope; each is a toggle that filters the list by that status. */
export function StatusCounts({ counts, selected, onToggle }: StatusCountsProps) {
  return (
    <div role="group" aria-label="Tasks by status" className="flex flex-wrap items-center gap-1">
      {STATUS_ORDER.map((status) => {
        const d = STATUS_DISPLAY[status];
        const on = selected.includes(status);
        return (
          <button
            key={status}
            type="button"
            aria-pressed={on}
            title={`${d.label}: ${d.description} Click to ${on ? 'remove' : 'add'} this filter.`}
            onClick={() => onToggle(status)}
            className={cn(
              'inline-flex h-7 items-center gap-1.5 rounded-md border px-2 text-xs transition-colors',
              on
                ? 'border-accent bg-accent-soft'
                : 'border-transparent hover:border-border hover:bg-surface-2',
              counts[status] === 0 && !on && 'opacity-60',
            )}
          >
            <StatusIcon status={status} className={cn('h-3.5 w-3.5', d.textClass)} />
            <span className="text-fg">{d.label}</span>
            <span className="font-semibold text-fg tabular">{counts[status].toLocaleString()}</span>
          </button>
        );
      })}
    </div>
  );
}

interface TaskChartProps {
  buckets: TaskBucket[];
  height?: number;
}

const dayTime = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

/** Stacked bars of tasks created per bucket, coloured by status. Decorative detail has a text alternative. */
export function TaskChart({ buckets, height = 40 }: TaskChartProps) {
  const max = Math.max(1, ...buckets.map((b) => b.total));
  const width = Math.max(1, buckets.length) * 6;
  const total = buckets.reduce((n, b) => n + b.total, 0);
  const first = buckets[0];
  const last = buckets[buckets.length - 1];
  const summary =
    first && last
      ? `${total} tasks created between ${formatAbsolute(first.start, dayTime)} and ${formatAbsolute(last.end, dayTime)}`
      : 'No tasks to chart';
  return (
    <svg
      role="img"
      aria-label={summary}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      className="h-10 w-full max-w-[360px] min-w-[160px]"
    >
      <title>{summary}</title>
      <line
        x1={0}
        x2={width}
        y1={height - 0.5}
        y2={height - 0.5}
        className="stroke-border"
        strokeWidth={1}
      />
      {buckets.map((b, i) => {
        let y = height;
        return (
          <g key={b.start}>
            <title>{`${formatAbsolute(b.start, dayTime)}: ${b.total} tasks`}</title>
            {STATUS_ORDER.map((status) => {
              const n = b.counts[status];
              if (!n) return null;
              const h = (n / max) * (height - 2);
              y -= h;
              return (
                <rect
                  key={status}
                  x={i * 6 + 0.5}
                  y={y}
                  width={5}
                  height={h}
                  className={STATUS_DISPLAY[status].fillClass}
                />
              );
            })}
          </g>
        );
      })}
    </svg>
  );
}

import {
  CircleCheck,
  CircleDashed,
  CirclePause,
  CircleStop,
  CircleX,
  LoaderCircle,
  TriangleAlert,
  type LucideIcon,
} from 'lucide-react';
import { TASK_STATUSES, type TaskStatus } from '@/contract';
import { cn } from '@/lib/cn';

export interface StatusDisplay {
  label: string;
  /** Tooltip text: what the status means for the person reading it. */
  description: string;
  Icon: LucideIcon;
  /** Text and background of a badge; each pair meets WCAG AA in both themes. */
  badgeClass: string;
  /** Icon / text colour alone, for places without a badge background. */
  textClass: string;
  /** SVG fill for charts. */
  fillClass: string;
  /** Background swatch for legends. */
  swatchClass: string;
  spin?: boolean;
}

/** The one table of how a status looks. Every screen renders status from here. */
export const STATUS_DISPLAY: Record<TaskStatus, StatusDisplay> = {
  pending: {
    label: 'Pending',
    description: 'Created, not yet picked up by a worker.',
    Icon: CircleDashed,
    badgeClass: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200',
    textClass: 'text-slate-600 dark:text-slate-300',
    fillClass: 'fill-slate-400 dark:fill-slate-500',
    swatchClass: 'bg-slate-400 dark:bg-slate-500',
  },
  executing: {
    label: 'Executing',
    description: 'A worker is running it now.',
    Icon: LoaderCircle,
    badgeClass: 'bg-blue-50 text-blue-700 dark:bg-blue-950 dark:text-blue-200',
    textClass: 'text-blue-700 dark:text-blue-300',
    fillClass: 'fill-blue-500 dark:fill-blue-400',
    swatchClass: 'bg-blue-500 dark:bg-blue-400',
    spin: true,
  },
  paused: {
    label: 'Paused',
    description: 'Waiting: for a person (human in the loop) or a connector sign-in.',
    Icon: CirclePause,
    badgeClass: 'bg-amber-50 text-amber-800 dark:bg-amber-950 dark:text-amber-200',
    textClass: 'text-amber-700 dark:text-amber-300',
    fillClass: 'fill-amber-400 dark:fill-amber-400',
    swatchClass: 'bg-amber-400',
  },
  completed: {
    label: 'Completed',
    description: 'Finished successfully.',
    Icon: CircleCheck,
    badgeClass: 'bg-emerald-50 text-emerald-700 dark:bg-emerald-950 dark:text-emerald-200',
    textClass: 'text-emerald-700 dark:text-emerald-300',
    fillClass: 'fill-emerald-500 dark:fill-emerald-500',
    swatchClass: 'bg-emerald-500',
  },
  failed: {
    label: 'Failed',
    description: 'The agent finished and reported failure.',
    Icon: CircleX,
    badgeClass: 'bg-red-50 text-red-700 dark:bg-red-950 dark:text-red-200',
    textClass: 'text-red-700 dark:text-red-300',
    fillClass: 'fill-red-500 dark:fill-red-400',
    swatchClass: 'bg-red-500 dark:bg-red-400',
  },
  error: {
    label: 'Error',
    description: 'The run crashed with an exception before finishing.',
    Icon: TriangleAlert,
    badgeClass: 'bg-orange-50 text-orange-800 dark:bg-orange-950 dark:text-orange-200',
    textClass: 'text-orange-700 dark:text-orange-300',
    fillClass: 'fill-orange-500 dark:fill-orange-400',
    swatchClass: 'bg-orange-500 dark:bg-orange-400',
  },
  stopped: {
    label: 'Stopped',
    description: 'Stopped by a person or a client before it finished.',
    Icon: CircleStop,
    badgeClass: 'bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200',
    textClass: 'text-zinc-600 dark:text-zinc-300',
    fillClass: 'fill-zinc-500 dark:fill-zinc-400',
    swatchClass: 'bg-zinc-500 dark:bg-zinc-400',
  },
};

/** Statuses in a stable reading order (lifecycle, then outcomes). */
export const STATUS_ORDER: readonly TaskStatus[] = TASK_STATUSES;

const UNKNOWN: StatusDisplay = {
  label: 'Unknown',
  description: 'A status this console does not know.',
  Icon: CircleDashed,
  badgeClass: 'bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200',
  textClass: 'text-slate-600 dark:text-slate-300',
  fillClass: 'fill-slate-300',
  swatchClass: 'bg-slate-300',
};

export function getStatusDisplay(status: string | null | undefined): StatusDisplay {
  return (
    (status && (STATUS_DISPLAY as Record<string, StatusDisplay>)[status]) || {
      ...UNKNOWN,
      label: status || 'Unknown',
    }
  );
}

interface StatusBadgeProps {
  status: string | null | undefined;
  /** Free-form caller-owned status, shown in the tooltip. */
  internalStatus?: string | null;
  className?: string;
  /** Only the icon and text, no pill background. */
  plain?: boolean;
}

/** Status as colour + icon + text, never colour alone. */
export function StatusBadge({ status, internalStatus, className, plain }: StatusBadgeProps) {
  const d = getStatusDisplay(status);
  const title = internalStatus
    ? `${d.label}: ${d.description}\nInternal status: ${internalStatus}`
    : `${d.label}: ${d.description}`;
  return (
    <span
      title={title}
      data-status={status ?? 'unknown'}
      className={cn(
        'inline-flex items-center gap-1 text-xs font-medium whitespace-nowrap',
        plain ? d.textClass : cn('rounded-full px-2 py-0.5', d.badgeClass),
        className,
      )}
    >
      <StatusIcon status={status} className="h-3.5 w-3.5" />
      {d.label}
    </span>
  );
}

export function StatusIcon({
  status,
  className,
}: {
  status: string | null | undefined;
  className?: string;
}) {
  const d = getStatusDisplay(status);
  return (
    <d.Icon
      aria-hidden
      className={cn('shrink-0', d.spin && 'animate-spin [animation-duration:2s]', className)}
    />
  );
}

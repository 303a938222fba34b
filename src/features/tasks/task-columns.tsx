import { Link } from '@tanstack/react-router';
import {
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  tableFeatures,
} from '@tanstack/react-table';
import { IdChip } from '@/components/ui/id-chip';
import { RelativeTime } from '@/components/ui/relative-time';
import { useNow } from '@/hooks/use-now';
import { cn } from '@/lib/cn';
import { formatDuration } from '@/lib/time';
import { StatusBadge } from './status-display';
import type { TaskRow } from './task-rows';
import type { SortableColumn } from './task-search';

// Sorting is done by the pure `sortTaskRows` (nulls last, running durations by age) and handed
// to the table pre-sorted; the table still owns sort state and header toggles.
export const taskTableFeatures = tableFeatures({ rowSortingFeature, columnVisibilityFeature });

const helper = createColumnHelper<typeof taskTableFeatures, TaskRow>();

function LiveDuration({ createdAt }: { createdAt: number }) {
  const now = useNow(1000);
  return (
    <span className="text-muted" title="Still running: time since it was created">
      {formatDuration(now - createdAt)}
    </span>
  );
}

export interface ColumnInfo {
  id: SortableColumn;
  label: string;
  /** CSS grid track. */
  width: string;
  align?: 'end';
  canHide: boolean;
}

/** Column order, labels and widths: the one place the table layout is described. */
export const TASK_COLUMNS: readonly ColumnInfo[] = [
  { id: 'status', label: 'Status', width: '120px', canHide: false },
  { id: 'label', label: 'Task', width: 'minmax(200px, 3fr)', canHide: false },
  { id: 'id', label: 'Task id', width: '104px', canHide: true },
  { id: 'agent', label: 'Agent', width: 'minmax(110px, 1fr)', canHide: true },
  { id: 'user', label: 'End user', width: 'minmax(84px, 0.8fr)', canHide: true },
  { id: 'source', label: 'Source', width: '96px', canHide: true },
  { id: 'created', label: 'Created', width: '96px', canHide: true },
  { id: 'updated', label: 'Last update', width: '104px', canHide: true },
  { id: 'duration', label: 'Duration', width: '96px', align: 'end', canHide: true },
  { id: 'internal_status', label: 'Internal status', width: 'minmax(110px, 1fr)', canHide: true },
];

export const COLUMN_INFO = new Map(TASK_COLUMNS.map((c) => [c.id, c]));

export const taskColumns = helper.columns([
  helper.accessor((r) => r.status, {
    id: 'status',
    header: 'Status',
    cell: ({ row }) => (
      <StatusBadge status={row.original.status} internalStatus={row.original.internalStatus} />
    ),
  }),
  helper.accessor((r) => r.label, {
    id: 'label',
    header: 'Task',
    cell: ({ row }) => (
      <Link
        to="/tasks/$taskId"
        params={{ taskId: row.original.id }}
        tabIndex={-1}
        title={row.original.label}
        className={cn(
          'block truncate hover:underline',
          !row.original.hasTitle && 'text-muted italic',
        )}
      >
        {row.original.label || <span className="text-muted">(no title)</span>}
      </Link>
    ),
  }),
  helper.accessor((r) => r.id, {
    id: 'id',
    header: 'Task id',
    cell: ({ row }) => <IdChip id={row.original.id} kind="task id" />,
  }),
  helper.accessor((r) => r.agentName ?? r.agentId, {
    id: 'agent',
    header: 'Agent',
    cell: ({ row }) =>
      row.original.agentName ? (
        <span className="truncate" title={`${row.original.agentName} (${row.original.agentId})`}>
          {row.original.agentName}
        </span>
      ) : (
        <IdChip id={row.original.agentId} kind="agent id" />
      ),
  }),
  helper.accessor((r) => r.userId, {
    id: 'user',
    header: 'End user',
    cell: ({ row }) =>
      row.original.userId ? (
        <span className="truncate font-mono text-[12px]" title={row.original.userId}>
          {row.original.userId}
        </span>
      ) : (
        <span className="text-muted">–</span>
      ),
  }),
  helper.accessor((r) => r.source, {
    id: 'source',
    header: 'Source',
    cell: ({ row }) => <span className="truncate text-muted">{row.original.source ?? '–'}</span>,
  }),
  helper.accessor((r) => r.createdAt, {
    id: 'created',
    header: 'Created',
    cell: ({ row }) => (
      <RelativeTime time={row.original.createdAt} className="text-muted tabular" />
    ),
  }),
  helper.accessor((r) => r.finishedAt ?? r.updatedAt, {
    id: 'updated',
    header: 'Last update',
    cell: ({ row }) => (
      <RelativeTime
        time={row.original.finishedAt ?? row.original.updatedAt}
        className="text-muted tabular"
      />
    ),
  }),
  helper.accessor((r) => r.durationMs, {
    id: 'duration',
    header: 'Duration',
    cell: ({ row }) =>
      row.original.durationMs !== null ? (
        <span className="tabular">{formatDuration(row.original.durationMs)}</span>
      ) : !row.original.terminal && row.original.createdAt !== null ? (
        <LiveDuration createdAt={row.original.createdAt} />
      ) : (
        <span className="text-muted">–</span>
      ),
  }),
  helper.accessor((r) => r.internalStatus, {
    id: 'internal_status',
    header: 'Internal status',
    cell: ({ row }) => (
      <span
        className="truncate font-mono text-[12px] text-muted"
        title={row.original.internalStatus ?? undefined}
      >
        {row.original.internalStatus ?? '–'}
      </span>
    ),
  }),
]);

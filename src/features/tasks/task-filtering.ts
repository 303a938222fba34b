import type { TaskStatus } from '@/contract';
import { RELATIVE_RANGES } from '@/lib/time';
import type { TaskRow } from './task-rows';
import type { SortableColumn, TaskListSearch } from './task-search';

/** A `datetime-local` value ("2026-03-02T09:14") is the viewer's local time; ISO with a zone is absolute. */
export function parseBoundary(value: string | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

/** The created-at window of the view, in epoch ms; either end may be open. */
export function createdWindow(
  search: TaskListSearch,
  now: number,
): { from: number | null; to: number | null } {
  if (search.range) return { from: now - RELATIVE_RANGES[search.range], to: null };
  return { from: parseBoundary(search.from), to: parseBoundary(search.to) };
}

function eq(a: string | null, b: string): boolean {
  return a !== null && a.toLowerCase() === b.trim().toLowerCase();
}

export interface FilterOptions {
  /** Leave status out, for per-status counts of everything else in view. */
  ignoreStatus?: boolean;
}

/**
 * Client-side filters. API-side filters are applied again here: harmless when the server did
 * its job, and correct when it ignored a parameter. `internal_status` is skipped for rows that
 * do not carry it (the list item does not have to).
 */
export function filterTaskRows(
  rows: readonly TaskRow[],
  search: TaskListSearch,
  now: number,
  options: FilterOptions = {},
): TaskRow[] {
  const statuses =
    !options.ignoreStatus && search.status?.length ? new Set<TaskStatus>(search.status) : null;
  const { from, to } = createdWindow(search, now);
  const terms = (search.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((r) => {
    if (statuses && !statuses.has(r.status)) return false;
    if (search.source && !eq(r.source, search.source)) return false;
    if (search.user && !eq(r.userId, search.user)) return false;
    if (search.parent && !eq(r.parentTaskId, search.parent)) return false;
    if (search.trigger && !eq(r.triggeringAgentId, search.trigger)) return false;
    if (search.internal && r.internalStatus !== null && !eq(r.internalStatus, search.internal))
      return false;
    if (from !== null && (r.createdAt === null || r.createdAt < from)) return false;
    if (to !== null && (r.createdAt === null || r.createdAt > to)) return false;
    for (const term of terms) if (!r.searchText.includes(term)) return false;
    return true;
  });
}

export function countByStatus(rows: readonly TaskRow[]): Record<TaskStatus, number> {
  const counts: Record<TaskStatus, number> = {
    pending: 0,
    executing: 0,
    paused: 0,
    error: 0,
    failed: 0,
    completed: 0,
    stopped: 0,
  };
  for (const r of rows) counts[r.status] += 1;
  return counts;
}

type SortValue = string | number | null;

const STATUS_RANK: Record<TaskStatus, number> = {
  executing: 0,
  paused: 1,
  pending: 2,
  error: 3,
  failed: 4,
  stopped: 5,
  completed: 6,
};

/** The value a column sorts by. Running tasks sort by their age so far. */
export function sortValue(row: TaskRow, column: SortableColumn, now: number): SortValue {
  switch (column) {
    case 'status':
      return STATUS_RANK[row.status];
    case 'label':
      return row.label.toLowerCase() || null;
    case 'id':
      return row.id;
    case 'agent':
      return (row.agentName ?? row.agentId).toLowerCase();
    case 'user':
      return row.userId?.toLowerCase() ?? null;
    case 'source':
      return row.source?.toLowerCase() ?? null;
    case 'created':
      return row.createdAt;
    case 'updated':
      return row.finishedAt ?? row.updatedAt;
    case 'duration':
      return row.durationMs ?? (row.createdAt !== null ? now - row.createdAt : null);
    case 'internal_status':
      return row.internalStatus?.toLowerCase() ?? null;
  }
}

/** Ascending comparison; empty values always sort last whatever the direction. */
export function compareSortValues(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

export function sortTaskRows(
  rows: readonly TaskRow[],
  column: SortableColumn,
  dir: 'asc' | 'desc',
  now: number,
): TaskRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, v: sortValue(row, column, now) }));
  keyed.sort((x, y) => {
    if (x.v === null || y.v === null) {
      if (x.v === y.v) return x.row.id.localeCompare(y.row.id);
      return x.v === null ? 1 : -1;
    }
    return sign * compareSortValues(x.v, y.v) || x.row.id.localeCompare(y.row.id);
  });
  return keyed.map((k) => k.row);
}

export const DEFAULT_SORT: { sort: SortableColumn; dir: 'asc' | 'desc' } = {
  sort: 'created',
  dir: 'desc',
};

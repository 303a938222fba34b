import { z } from 'zod';
import { TASK_STATUSES, type TaskStatus } from '@/contract';
import { RELATIVE_RANGES, type RelativeRange } from '@/lib/time';

/** Where a list comes from: every agent (fanned out), one agent, or one end user. */
export type TaskScope =
  { kind: 'all' } | { kind: 'agent'; agentId: string } | { kind: 'user'; userId: string };

export const SORTABLE_COLUMNS = [
  'status',
  'label',
  'id',
  'agent',
  'user',
  'source',
  'created',
  'updated',
  'duration',
  'internal_status',
] as const;
export type SortableColumn = (typeof SORTABLE_COLUMNS)[number];

// TanStack Router's default search parser JSON-parses values, so `?user=42` arrives as a number.
const text = z.preprocess(
  (v) => (v === null || v === undefined || v === '' ? undefined : String(v)),
  z.string().max(2000).optional(),
);
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** Everything that shapes the list view lives in the URL, so a link reproduces it. */
export const taskListSearchSchema = z.object({
  status: optional(z.array(z.enum(TASK_STATUSES)).max(TASK_STATUSES.length)),
  source: text.catch(undefined),
  user: text.catch(undefined),
  internal: text.catch(undefined),
  parent: text.catch(undefined),
  trigger: text.catch(undefined),
  range: optional(z.enum(Object.keys(RELATIVE_RANGES) as [RelativeRange, ...RelativeRange[]])),
  from: text.catch(undefined),
  to: text.catch(undefined),
  q: text.catch(undefined),
  sort: optional(z.enum(SORTABLE_COLUMNS)),
  dir: optional(z.enum(['asc', 'desc'])),
});
export type TaskListSearch = z.infer<typeof taskListSearchSchema>;

/** The filters the history endpoints accept (§5.1). Strings only; absent keys are not sent. */
export interface ApiTaskFilters {
  user_id?: string;
  parent_task_id?: string;
  triggering_agent_id?: string;
  status?: TaskStatus;
  internal_status?: string;
}

/**
 * The part of the view the API can do. Status goes to the API only when exactly one is
 * chosen (the endpoint takes one value); several are filtered on the client.
 */
export function toApiFilters(search: TaskListSearch, scope: TaskScope): ApiTaskFilters {
  const f: ApiTaskFilters = {};
  if (search.user && scope.kind !== 'user') f.user_id = search.user;
  if (search.parent) f.parent_task_id = search.parent;
  if (search.trigger) f.triggering_agent_id = search.trigger;
  if (search.internal) f.internal_status = search.internal;
  if (search.status?.length === 1) f.status = search.status[0];
  return f;
}

/** Filters a person set (not sort): decides between "no tasks at all" and "filters hide them". */
export function hasActiveFilters(search: TaskListSearch): boolean {
  return Boolean(
    search.status?.length ||
    search.source ||
    search.user ||
    search.internal ||
    search.parent ||
    search.trigger ||
    search.range ||
    search.from ||
    search.to ||
    search.q,
  );
}

/** The same search with every filter removed; sort survives. */
export function clearFilters(search: TaskListSearch): TaskListSearch {
  return { sort: search.sort, dir: search.dir };
}

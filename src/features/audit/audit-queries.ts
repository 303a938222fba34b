import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { z } from 'zod';
import { buildUrl, request } from '@/api';

export const AUDIT_ACTIONS = [
  'create',
  'continue',
  'update',
  'stop',
  'push_events',
  'report_task',
  'report_metrics',
  'mutate',
  'login_success',
  'login_failure',
  'logout',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const changeSchema = z.object({ old: z.unknown(), new: z.unknown() });

/** One record of GET /api/audit (gateway-owned). Unknown actions pass as strings. */
export const auditRecordSchema = z.looseObject({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  actor_role: z.string().nullable(),
  auth_mode: z.string(),
  action: z.string(),
  task_id: z.string().nullable(),
  agent_id: z.string().nullable(),
  method: z.string().nullable(),
  path: z.string().nullable(),
  reason: z.string().nullable(),
  status: z.number().nullable(),
  ok: z.boolean(),
  error: z.string().nullable(),
  ip: z.string().nullable(),
  changes: z.record(z.string(), changeSchema).nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

const auditPageSchema = z.object({
  items: z.array(auditRecordSchema),
  next_before_id: z.number().nullable(),
});

/** The filters of the audit screen; the route keeps them in the URL. */
export const auditSearchSchema = z.object({
  task_id: z.string().optional(),
  actor: z.string().optional(),
  action: z.enum(AUDIT_ACTIONS).optional(),
  /** ISO dates (yyyy-mm-dd) or times. */
  from: z.string().optional(),
  to: z.string().optional(),
});
export type AuditSearch = z.infer<typeof auditSearchSchema>;

const PAGE = 100;

function filterQuery(search: AuditSearch): Record<string, string | undefined> {
  return {
    task_id: search.task_id || undefined,
    actor: search.actor || undefined,
    action: search.action,
    from: search.from || undefined,
    to: search.to || undefined,
  };
}

/** Where the export link points: a same-origin GET the browser downloads with the session cookie. */
export function auditExportUrl(search: AuditSearch, format: 'csv' | 'json'): string {
  return buildUrl('/audit/export', { ...filterQuery(search), format });
}

/** Keys: ['audit'] everything; ['audit', 'trail', filters] the admin screen; ['audit', 'task', id]. */
export const auditQueries = {
  all: () => ['audit'] as const,
  trail: (search: AuditSearch) =>
    infiniteQueryOptions({
      queryKey: ['audit', 'trail', search] as const,
      queryFn: ({ signal, pageParam }) =>
        request({
          path: '/audit',
          query: { ...filterQuery(search), limit: PAGE, before_id: pageParam ?? undefined },
          schema: auditPageSchema,
          signal,
        }),
      initialPageParam: null as number | null,
      getNextPageParam: (last) => last.next_before_id,
    }),
  forTask: (taskId: string) =>
    queryOptions({
      queryKey: ['audit', 'task', taskId] as const,
      queryFn: ({ signal }) =>
        request({
          path: '/audit',
          query: { task_id: taskId, limit: 200 },
          schema: auditPageSchema,
          signal,
        }),
      select: (page) => page.items,
    }),
};

const ACTION_TEXT: Record<string, string> = {
  create: 'created',
  continue: 'continued',
  update: 'updated',
  stop: 'stopped',
  push_events: 'pushed events to',
  report_task: 'reported a task',
  report_metrics: 'reported metrics',
  mutate: 'changed',
  login_success: 'signed in',
  login_failure: 'failed to sign in',
  logout: 'signed out',
};

export function describeAction(action: string): string {
  return ACTION_TEXT[action] ?? action;
}

/** A field value as one short line: strings as they are, the rest as JSON, long ones cut. */
export function formatValue(value: unknown, max = 120): string {
  const text =
    value === null || value === undefined
      ? '—'
      : typeof value === 'string'
        ? value
        : JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

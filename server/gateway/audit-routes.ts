import type { Context, Hono } from 'hono';
import {
  type AuditQuery,
  type AuditRecord,
  isAuditAction,
  roleAtLeast,
} from '../store/console-store.ts';
import type { AuditContext } from './audit-recorder.ts';
import { jsonError } from './json-error.ts';
import { getPrincipal } from './request-state.ts';

const NO_STORE = { 'cache-control': 'no-store' };
const MAX_PAGE = 1000;
const MAX_EXPORT = 100_000;

/** The wire shape of one record (snake_case, ISO time), for the SPA and exports alike. */
export function auditRecordJson(record: AuditRecord) {
  return {
    id: record.id,
    at: new Date(record.at).toISOString(),
    actor: record.actor,
    actor_role: record.actorRole,
    auth_mode: record.authMode,
    action: record.action,
    task_id: record.taskId,
    agent_id: record.agentId,
    method: record.method,
    path: record.path,
    reason: record.reason,
    status: record.status,
    ok: record.ok,
    error: record.error,
    ip: record.ip,
    changes: record.changes,
    before: record.before,
    after: record.after,
  };
}

type AuditJson = ReturnType<typeof auditRecordJson>;

function parseTime(raw: string | undefined): number | undefined | 'invalid' {
  if (raw === undefined || raw === '') return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  return Number.isFinite(value) ? value : 'invalid';
}

function parseQuery(c: Context, maxLimit: number, defaultLimit: number): AuditQuery | string {
  const q = c.req.query();
  const query: AuditQuery = { limit: defaultLimit };
  if (q['task_id']) query.taskId = q['task_id'];
  if (q['actor']) query.actor = q['actor'];
  if (q['action']) {
    if (!isAuditAction(q['action'])) return `Unknown action "${q['action']}"`;
    query.action = q['action'];
  }
  const from = parseTime(q['from']);
  const to = parseTime(q['to']);
  if (from === 'invalid' || to === 'invalid')
    return 'from and to take ISO 8601 times or epoch milliseconds';
  if (from !== undefined) query.from = from;
  if (to !== undefined) query.to = to;
  if (q['limit']) {
    const limit = Number(q['limit']);
    if (!Number.isInteger(limit) || limit < 1) return 'limit must be a positive integer';
    query.limit = Math.min(limit, maxLimit);
  }
  if (q['before_id']) {
    const beforeId = Number(q['before_id']);
    if (!Number.isInteger(beforeId) || beforeId < 1) return 'before_id must be a positive integer';
    query.beforeId = beforeId;
  }
  return query;
}

// A cell a spreadsheet would run as a formula is prefixed with ' (OWASP CSV injection).
function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text =
    typeof value === 'string'
      ? value
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_COLUMNS: (keyof AuditJson)[] = [
  'id',
  'at',
  'actor',
  'actor_role',
  'auth_mode',
  'action',
  'task_id',
  'agent_id',
  'method',
  'path',
  'reason',
  'status',
  'ok',
  'error',
  'ip',
  'changes',
  'before',
  'after',
];

export function auditCsv(records: readonly AuditJson[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const record of records) lines.push(CSV_COLUMNS.map((k) => csvCell(record[k])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** GET /api/audit (admin; a task's history for viewers) and GET /api/audit/export (admin). */
export function mountAuditRoutes(app: Hono, ctx: AuditContext): void {
  const forbidden = () =>
    jsonError(403, 'forbidden', 'The audit trail is for admins.', { required_role: 'admin' });

  app.get('/api/audit', async (c) => {
    const principal = getPrincipal(c);
    if (!principal) return jsonError(401, 'unauthenticated', 'Sign in to use the console.');
    const query = parseQuery(c, MAX_PAGE, 100);
    if (typeof query === 'string') return jsonError(400, 'bad_request', query);
    // Anyone who can see a task can see who changed it; the whole trail is admin-only.
    if (!roleAtLeast(principal.role, 'admin') && query.taskId === undefined) return forbidden();
    const records = await (await ctx.auth.store()).queryAudit(query);
    const nextBeforeId = records.length === query.limit ? (records.at(-1)?.id ?? null) : null;
    return c.json(
      { items: records.map(auditRecordJson), next_before_id: nextBeforeId },
      200,
      NO_STORE,
    );
  });

  app.get('/api/audit/export', async (c) => {
    const principal = getPrincipal(c);
    if (!principal) return jsonError(401, 'unauthenticated', 'Sign in to use the console.');
    if (!roleAtLeast(principal.role, 'admin')) return forbidden();
    const format = c.req.query('format') ?? 'json';
    if (format !== 'csv' && format !== 'json')
      return jsonError(400, 'bad_request', 'format is csv or json');
    const query = parseQuery(c, MAX_EXPORT, MAX_EXPORT);
    if (typeof query === 'string') return jsonError(400, 'bad_request', query);
    const store = await ctx.auth.store();
    const records: AuditJson[] = [];
    let beforeId = query.beforeId;
    while (records.length < query.limit) {
      const page = await store.queryAudit({
        ...query,
        ...(beforeId !== undefined ? { beforeId } : {}),
        limit: Math.min(MAX_PAGE, query.limit - records.length),
      });
      records.push(...page.map(auditRecordJson));
      if (page.length === 0 || records.length >= query.limit) break;
      beforeId = page.at(-1)!.id;
    }
    const stamp = new Date(ctx.auth.clock()).toISOString().replace(/[:.]/g, '-');
    const headers = {
      ...NO_STORE,
      'content-disposition': `attachment; filename="console-audit-${stamp}.${format}"`,
    };
    if (format === 'json') {
      return new Response(JSON.stringify(records, null, 2), {
        headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
      });
    }
    return new Response(auditCsv(records), {
      headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' },
    });
  });

  app.all('/api/audit', () =>
    jsonError(405, 'method_not_allowed', 'The audit trail is append-only'),
  );
  app.all('/api/audit/*', () => jsonError(404, 'not_found', 'Not found'));
}

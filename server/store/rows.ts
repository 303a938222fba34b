import type {
  Account,
  AuditEntry,
  AuditQuery,
  AuditRecord,
  FieldChange,
  Role,
  Session,
} from './console-store.ts';

// Both drivers hand rows over as plain objects; PostgreSQL BIGINTs arrive as strings.
type Row = Record<string, unknown>;

const num = (value: unknown): number => Number(value);
const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);
const strOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

function parseJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  try {
    return JSON.parse(String(value));
  } catch {
    return null;
  }
}

export function toJson(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

export function rowToAccount(row: Row): Account {
  return {
    username: String(row['username']),
    role: row['role'] as Role,
    passwordHash: String(row['password_hash']),
    disabled: Boolean(row['disabled']),
    createdAt: num(row['created_at']),
    updatedAt: num(row['updated_at']),
  };
}

export function rowToSession(row: Row): Session {
  return {
    idHash: String(row['id_hash']),
    username: String(row['username']),
    csrfToken: String(row['csrf_token']),
    createdAt: num(row['created_at']),
    lastSeenAt: num(row['last_seen_at']),
    ip: strOrNull(row['ip']),
    userAgent: strOrNull(row['user_agent']),
  };
}

export function rowToAudit(row: Row): AuditRecord {
  return {
    id: num(row['id']),
    at: num(row['at']),
    actor: String(row['actor']),
    actorRole: (strOrNull(row['actor_role']) as Role | null) ?? null,
    authMode: String(row['auth_mode']),
    action: row['action'] as AuditRecord['action'],
    taskId: strOrNull(row['task_id']),
    agentId: strOrNull(row['agent_id']),
    method: strOrNull(row['method']),
    path: strOrNull(row['path']),
    reason: strOrNull(row['reason']),
    before: parseJson(row['before_json']),
    after: parseJson(row['after_json']),
    changes: parseJson(row['changes_json']) as Record<string, FieldChange> | null,
    status: numOrNull(row['status']),
    ok: Boolean(row['ok']),
    error: strOrNull(row['error']),
    ip: strOrNull(row['ip']),
  };
}

export const AUDIT_COLUMNS = [
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
  'before_json',
  'after_json',
  'changes_json',
  'status',
  'ok',
  'error',
  'ip',
] as const;

/** Values in AUDIT_COLUMNS order; `ok` is given as the driver wants booleans. */
export function auditValues(entry: AuditEntry, ok: unknown): unknown[] {
  return [
    entry.at,
    entry.actor,
    entry.actorRole,
    entry.authMode,
    entry.action,
    entry.taskId,
    entry.agentId,
    entry.method,
    entry.path,
    entry.reason,
    toJson(entry.before),
    toJson(entry.after),
    toJson(entry.changes),
    entry.status,
    ok,
    entry.error,
    entry.ip,
  ];
}

/** WHERE clause and parameters; `placeholder(n)` gives `?` or `$n` (1-based). */
export function auditWhere(
  query: AuditQuery,
  placeholder: (index: number) => string,
): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    params.push(value);
    clauses.push(sql.replace('?', placeholder(params.length)));
  };
  if (query.taskId !== undefined) add('task_id = ?', query.taskId);
  if (query.actor !== undefined) add('actor = ?', query.actor);
  if (query.action !== undefined) add('action = ?', query.action);
  if (query.from !== undefined) add('at >= ?', query.from);
  if (query.to !== undefined) add('at < ?', query.to);
  if (query.beforeId !== undefined) add('id < ?', query.beforeId);
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

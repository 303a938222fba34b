import type { Context, MiddlewareHandler } from 'hono';
import type { AuditAction, AuditEntry, FieldChange } from '../store/console-store.ts';
import type { Auth, Principal } from './auth.ts';
import type { GatewayConfig, GatewayLog } from './config.ts';
import { joinUpstream } from './derive-upstream.ts';
import { isJsonContentType } from './json-error.ts';
import { type ApiAction, classifyApiRequest, isSafeMethod } from './permissions.ts';
import { BodyTooLargeError, bodyTooLarge, readBody, upstreamPath } from './proxy-rest.ts';
import { redactJsonBody } from './redact-secrets.ts';
import { getPrincipal, setPreReadBody } from './request-state.ts';
import { errorCode, requestUpstream } from './upstream-request.ts';

export const MAX_REASON_LENGTH = 500;
/** A task can carry megabytes of result and payload; the trail keeps what changed, bounded. */
const MAX_SNAPSHOT_BYTES = 64 * 1024;
const MAX_VALUE_BYTES = 8 * 1024;
const MAX_ERROR_LENGTH = 1000;

/** X-Audit-Reason: URL-encoded by the SPA (headers are Latin-1), printable, ≤500 characters. */
export function auditReason(header: string | undefined): string | null {
  if (!header) return null;
  let text = header;
  try {
    text = decodeURIComponent(header);
  } catch {
    // Not encoded after all: keep it as sent.
  }
  // eslint-disable-next-line no-control-regex
  text = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trim();
  return text ? Array.from(text).slice(0, MAX_REASON_LENGTH).join('') : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function boundedValue(value: unknown): unknown {
  const json = JSON.stringify(value ?? null);
  if (json.length <= MAX_VALUE_BYTES) return value ?? null;
  return `[${json.length} bytes, not kept in the audit trail]`;
}

/** Which top-level fields differ, with their old and new values. */
export function diffFields(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key] ?? null) === JSON.stringify(after[key] ?? null)) continue;
    changes[key] = { old: boundedValue(before[key]), new: boundedValue(after[key]) };
  }
  return changes;
}

// The SDK's update key for what the task calls payload_extension (contract §5.5).
const FIELD_ALIASES: Record<string, string> = { tool_call_payload_extension: 'payload_extension' };

/** A failed update changed nothing: record what was asked for against what was there. */
function requestedChanges(
  before: Record<string, unknown> | null,
  body: Record<string, unknown>,
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const [key, value] of Object.entries(body)) {
    const field = FIELD_ALIASES[key] ?? key;
    changes[field] = { old: boundedValue(before?.[field]), new: boundedValue(value) };
  }
  return changes;
}

/** The whole task when small; otherwise its identity and the changed fields. */
function snapshot(value: unknown, changed: readonly string[]): unknown {
  if (value === null || value === undefined) return null;
  const json = JSON.stringify(value);
  if (json.length <= MAX_SNAPSHOT_BYTES || !isRecord(value)) return value;
  const kept: Record<string, unknown> = { _truncated: true, _bytes: json.length };
  for (const key of ['id', 'agent_id', 'status', 'updated_at', ...changed])
    if (key in value) kept[key] = boundedValue(value[key]);
  return kept;
}

function errorText(status: number, json: unknown): string {
  const detail = isRecord(json) ? json['detail'] : undefined;
  const text =
    typeof detail === 'string'
      ? detail
      : detail !== undefined
        ? JSON.stringify(detail)
        : `HTTP ${status}`;
  return text.slice(0, MAX_ERROR_LENGTH);
}

function parseJson(bytes: Uint8Array | null): unknown {
  if (!bytes || bytes.byteLength === 0) return null;
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return null;
  }
}

/** GET /agent-execution/{id}/status before a change, redacted like every proxied answer. */
async function fetchTask(config: GatewayConfig, taskId: string, log: GatewayLog): Promise<unknown> {
  if (!config.apiKey) return null;
  const target = joinUpstream(
    config.restBase,
    `/agent-execution/${encodeURIComponent(taskId)}/status`,
  );
  try {
    const answer = await requestUpstream(target, {
      method: 'GET',
      headers: { 'x-api-key': config.apiKey, accept: 'application/json' },
      body: null,
      timeoutMs: config.upstreamTimeoutMs,
      signal: NEVER_ABORTED,
      limit: config.maxUpstreamBodyBytes,
    });
    const ok = answer.status >= 200 && answer.status < 300;
    if (!ok || !answer.body || !isJsonContentType(answer.headers['content-type'])) return null;
    const safe = redactJsonBody(answer.body, config.apiKey);
    return JSON.parse(typeof safe === 'string' ? safe : safe.toString('utf8'));
  } catch (error) {
    log(`audit: could not read task before the change: ${errorCode(error)}`);
    return null;
  }
}

/** The read before a change finishes even if the browser leaves: the change itself may not. */
const NEVER_ABORTED = new AbortController().signal;

export interface AuditContext {
  auth: Auth;
  config: GatewayConfig;
  log: GatewayLog;
}

export function baseEntry(
  c: Context,
  ctx: AuditContext,
  principal: Principal | null,
  action: AuditAction,
): AuditEntry {
  return {
    at: ctx.auth.clock(),
    actor: principal?.username ?? 'anonymous',
    actorRole: principal?.role ?? null,
    authMode: ctx.auth.mode,
    action,
    taskId: null,
    agentId: null,
    method: c.req.method.toUpperCase(),
    path: new URL(c.req.url).pathname,
    reason: auditReason(c.req.header('x-audit-reason')),
    before: null,
    after: null,
    changes: null,
    status: null,
    ok: false,
    error: null,
    ip: ctx.auth.clientIp(c),
  };
}

/** Writes one record; a store failure is logged, never turned into a failed request. */
export async function appendAudit(ctx: AuditContext, entry: AuditEntry): Promise<void> {
  try {
    await (await ctx.auth.store()).appendAudit(entry);
  } catch (error) {
    ctx.log(`audit: could not record ${entry.action} by ${entry.actor}: ${errorCode(error)}`);
  }
}

/** A refused write (role too low) is worth a record too: someone tried. */
export async function recordRefusal(
  c: Context,
  ctx: AuditContext,
  principal: Principal,
  classified: ApiAction,
): Promise<void> {
  if (classified.action === 'read') return;
  await appendAudit(ctx, {
    ...baseEntry(c, ctx, principal, classified.action),
    taskId: classified.taskId,
    agentId: classified.agentId,
    status: 403,
    error: `forbidden: requires ${classified.required}`,
  });
}

/**
 * Around every proxied write: reads the body (it names a continued task and the fields of an
 * update), reads the task before the change, lets the proxy run, then appends who did what,
 * why, the fields before and after, and the outcome.
 */
export function recordMutations(ctx: AuditContext): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method.toUpperCase();
    if (isSafeMethod(method)) return next();
    const path = upstreamPath(new URL(c.req.url).pathname);
    if (path === null) return next();
    const principal = getPrincipal(c) ?? null;

    let body: Uint8Array | null;
    try {
      body = await readBody(c.req.raw, ctx.config.bodyLimitBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return bodyTooLarge(ctx.config.bodyLimitBytes);
      throw error;
    }
    setPreReadBody(c, body);
    const requestJson = parseJson(body);

    const classified = classifyApiRequest(method, path, ctx.config.organizationId);
    let action = classified.action === 'read' ? 'mutate' : classified.action;
    let taskId = classified.taskId;
    if (action === 'create' && isRecord(requestJson)) {
      const id = requestJson['id'];
      if (typeof id === 'string' && id !== '') {
        action = 'continue';
        taskId = id;
      }
    }
    const wantsBefore = action === 'update' || action === 'stop' || action === 'continue';
    const before = wantsBefore && taskId ? await fetchTask(ctx.config, taskId, ctx.log) : null;

    await next();

    const response = c.res;
    let responseJson: unknown = null;
    if (isJsonContentType(response.headers.get('content-type'))) {
      try {
        responseJson = JSON.parse(await response.clone().text());
      } catch {
        responseJson = null;
      }
    }
    const ok = response.ok;
    const after = ok ? responseJson : null;
    if (action === 'create' && isRecord(after) && typeof after['id'] === 'string')
      taskId = after['id'];
    const agentId =
      classified.agentId ??
      (isRecord(after) && typeof after['agent_id'] === 'string' ? after['agent_id'] : null) ??
      (isRecord(before) && typeof before['agent_id'] === 'string' ? before['agent_id'] : null);

    let changes: Record<string, FieldChange> | null = null;
    if (wantsBefore && isRecord(before) && isRecord(after)) changes = diffFields(before, after);
    else if (action === 'update' && isRecord(requestJson))
      changes = requestedChanges(isRecord(before) ? before : null, requestJson);
    const changed = Object.keys(changes ?? {});

    await appendAudit(ctx, {
      ...baseEntry(c, ctx, principal, action),
      taskId,
      agentId,
      before: snapshot(before, changed),
      after: snapshot(after, changed),
      changes,
      status: response.status,
      ok,
      error: ok ? null : errorText(response.status, responseJson),
    });
  };
}

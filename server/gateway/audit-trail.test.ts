import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRecord } from '../store/console-store.ts';
import {
  type Harness,
  localHarness,
  MINUTE,
  routeTaskPlatform,
  type Session,
  T0,
  TASK_BEFORE,
} from './auth-harness.ts';
import { auditReason } from './audit-recorder.ts';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream.ts';

let upstream: FakeUpstream;
let h: Harness;
let operator: Session;
let admin: Session;

beforeEach(async () => {
  upstream = await startFakeUpstream();
  routeTaskPlatform(upstream);
  h = localHarness(upstream);
  await h.addUser('olga', 'operator');
  await h.addUser('root', 'admin');
  operator = await h.login('olga');
  admin = await h.login('root');
});
afterEach(async () => {
  await h.store.close();
  await upstream.close();
});

async function latest(action?: string): Promise<AuditRecord> {
  const [record] = await h.store.queryAudit({
    limit: 1,
    ...(action ? { action: action as AuditRecord['action'] } : {}),
  });
  return record!;
}

describe('audit trail of writes', () => {
  it('records an update: who, when, why, the changed fields old and new, after = the answer', async () => {
    h.clock.now = T0 + 3 * MINUTE;
    const response = await h.call('PATCH', '/api/agent-execution/t1/update', {
      session: operator,
      body: { status: 'completed', result: 'Refunded' },
      headers: { 'x-audit-reason': encodeURIComponent('Kund bat um Rückerstattung ✓') },
    });
    expect(response.status).toBe(200);
    const record = await latest();
    expect(record).toMatchObject({
      at: T0 + 3 * MINUTE,
      actor: 'olga',
      actorRole: 'operator',
      authMode: 'local',
      action: 'update',
      taskId: 't1',
      agentId: 'a1',
      method: 'PATCH',
      reason: 'Kund bat um Rückerstattung ✓',
      status: 200,
      ok: true,
      error: null,
    });
    expect(record.changes).toEqual({
      status: { old: 'executing', new: 'completed' },
      result: { old: null, new: 'Refunded' },
      updated_at: { old: TASK_BEFORE.updated_at, new: '2026-03-02T09:05:00Z' },
    });
    expect(record.before).toMatchObject({ id: 't1', status: 'executing' });
    expect(record.after).toEqual(await response.json());
    // Secrets are redacted in the trail just as in the browser.
    expect(JSON.stringify(record)).not.toContain('oidc-SECRET');
    // The reason header is the gateway's; the platform never sees it.
    expect(upstream.requests.every((r) => !('x-audit-reason' in r.headers))).toBe(true);
  });

  it('records a stop with the status before and after', async () => {
    await h.call('DELETE', '/api/agent-execution/t1', {
      session: operator,
      headers: { 'x-audit-reason': 'runaway' },
    });
    const record = await latest();
    expect(record).toMatchObject({
      action: 'stop',
      taskId: 't1',
      reason: 'runaway',
      ok: true,
      status: 200,
    });
    expect(record.changes).toMatchObject({
      status: { old: 'executing', new: 'stopped' },
      is_manually_stopped: { old: null, new: true },
    });
  });

  it('records a create with the new task id, and a continue (create naming a task) as continue', async () => {
    await h.call('POST', '/api/agent-execution/a1', {
      session: operator,
      body: { input: { text: 'hi' } },
    });
    const created = await latest();
    expect(created).toMatchObject({
      action: 'create',
      taskId: 't-new',
      agentId: 'a1',
      before: null,
      changes: null,
    });
    expect(created.after).toMatchObject({ id: 't-new', status: 'pending' });

    await h.call('POST', '/api/agent-execution/a1', {
      session: operator,
      body: { id: 't1', input: { text: 'again' } },
    });
    const continued = await latest();
    expect(continued).toMatchObject({ action: 'continue', taskId: 't1' });
    expect(continued.changes).toMatchObject({ status: { old: 'executing', new: 'pending' } });
  });

  it('records a refused upstream answer with its status and detail, and what was asked', async () => {
    const response = await h.call('PATCH', '/api/agent-execution/t1/update', {
      session: operator,
      body: { status: 'failed', updated_at: 'stale' },
    });
    expect(response.status).toBe(409);
    const record = await latest();
    expect(record).toMatchObject({
      action: 'update',
      ok: false,
      status: 409,
      error: 'Task t1 was changed by someone else',
      after: null,
    });
    expect(record.changes).toMatchObject({ status: { old: 'executing', new: 'failed' } });
  });

  it('records an unreachable platform as a failed write', async () => {
    // The gateway's own 502 is the outcome the trail keeps.
    await upstream.close();
    const response = await h.call('DELETE', '/api/agent-execution/t1', { session: operator });
    expect(response.status).toBe(502);
    expect(await latest()).toMatchObject({
      action: 'stop',
      ok: false,
      status: 502,
      error: 'Cannot reach the platform',
      before: null,
    });
    upstream = await startFakeUpstream();
  });

  it('records a write refused for its role, which never reached the platform', async () => {
    await h.addUser('vic', 'viewer');
    const viewer = await h.login('vic');
    await h.call('DELETE', '/api/agent-execution/t1', { session: viewer });
    expect(await latest()).toMatchObject({
      actor: 'vic',
      action: 'stop',
      status: 403,
      ok: false,
      error: 'forbidden: requires operator',
    });
  });

  it('records sign-in success, failure and sign-out', async () => {
    await h.login('olga', 'not the password');
    expect(await latest('login_failure')).toMatchObject({
      actor: 'olga',
      status: 401,
      error: 'wrong password',
      ok: false,
    });
    expect(await latest('login_success')).toMatchObject({ actor: 'root', ok: true });
    await h.call('POST', '/api/session/logout', { session: operator });
    expect(await latest('logout')).toMatchObject({ actor: 'olga', ok: true });
  });
});

describe('audit API', () => {
  beforeEach(async () => {
    h.clock.now = T0 + MINUTE;
    await h.call('PATCH', '/api/agent-execution/t1/update', {
      session: operator,
      body: { result: 'a' },
    });
    h.clock.now = T0 + 2 * MINUTE;
    await h.call('DELETE', '/api/agent-execution/t1', { session: admin });
    h.clock.now = T0 + 3 * MINUTE;
    await h.call('POST', '/api/agent-execution/a1', {
      session: operator,
      body: { input: { text: 'hi' } },
      headers: { 'x-audit-reason': '=HYPERLINK("https://evil.example")' },
    });
  });

  it('filters by task, actor, action and time, newest first, with paging', async () => {
    const byTask = await (await h.call('GET', '/api/audit?task_id=t1', { session: admin })).json();
    expect(byTask.items.map((r: { action: string }) => r.action)).toEqual(['stop', 'update']);
    expect(byTask.items[0]).toMatchObject({
      actor: 'root',
      at: new Date(T0 + 2 * MINUTE).toISOString(),
    });
    const byActor = await (
      await h.call('GET', '/api/audit?actor=olga&action=create', { session: admin })
    ).json();
    expect(byActor.items).toHaveLength(1);
    const from = new Date(T0 + 2 * MINUTE).toISOString();
    const windowed = await (
      await h.call('GET', `/api/audit?from=${from}&to=${T0 + 3 * MINUTE}`, { session: admin })
    ).json();
    expect(windowed.items.map((r: { action: string }) => r.action)).toEqual(['stop']);
    const page = await (await h.call('GET', '/api/audit?limit=2', { session: admin })).json();
    expect(page.items).toHaveLength(2);
    const next = await (
      await h.call('GET', `/api/audit?limit=2&before_id=${page.next_before_id}`, { session: admin })
    ).json();
    expect(next.items[0].id).toBeLessThan(page.items[1].id);
    expect((await h.call('GET', '/api/audit?action=rewrite', { session: admin })).status).toBe(400);
  });

  it('exports CSV (formula cells neutralised) and JSON as downloads', async () => {
    const csv = await h.call('GET', '/api/audit/export?format=csv&action=create', {
      session: admin,
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(
      /^attachment; filename="console-audit-.*\.csv"$/,
    );
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,at,actor,actor_role,auth_mode,action,task_id,agent_id,method,path,reason,status,ok,error,ip,changes,before,after',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(',olga,operator,local,create,t-new,a1,POST,');
    expect(lines[1]).toContain(`,"'=HYPERLINK(""https://evil.example"")",`);
    const json = await (
      await h.call('GET', '/api/audit/export?format=json', { session: admin })
    ).json();
    expect(json.map((r: { action: string }) => r.action).slice(0, 3)).toEqual([
      'create',
      'stop',
      'update',
    ]);
  });

  it('has no way to change or remove a record', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const response = await h.call(method, '/api/audit', { session: admin, body: {} });
      expect(response.status, method).toBe(405);
    }
    expect(upstream.requests.some((r) => r.url.includes('audit'))).toBe(false);
  });
});

describe('auditReason', () => {
  it('decodes, strips control characters and caps at 500 characters', () => {
    expect(auditReason(undefined)).toBeNull();
    expect(auditReason('  ')).toBeNull();
    expect(auditReason('%E2%9C%93%20ok')).toBe('✓ ok');
    expect(auditReason('100% sure')).toBe('100% sure');
    expect(auditReason('a\u0000b\u001bc')).toBe('abc');
    expect(auditReason(encodeURIComponent('é'.repeat(600)))).toHaveLength(500);
  });
});

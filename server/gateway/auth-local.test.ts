import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../store/console-store.ts';
import {
  type Harness,
  localHarness,
  MINUTE,
  PASSWORD,
  routeTaskPlatform,
  type Session,
  T0,
} from './auth-harness.ts';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream.ts';

let upstream: FakeUpstream;
let h: Harness;

beforeEach(async () => {
  upstream = await startFakeUpstream();
  routeTaskPlatform(upstream);
  h = localHarness(upstream);
});
afterEach(async () => {
  await h.store.close();
  await upstream.close();
});

describe('sign-in and the session endpoint', () => {
  it('answers signed-out, signs in with an HttpOnly SameSite=Strict cookie, and signs out', async () => {
    await h.addUser('ada', 'operator');
    const before = await (await h.call('GET', '/api/session')).json();
    expect(before).toMatchObject({
      authenticated: false,
      auth_mode: 'local',
      user: null,
      csrf_token: null,
    });

    const session = await h.login('ada');
    expect(session.response.status).toBe(200);
    const setCookie = session.response.headers.get('set-cookie')!;
    expect(setCookie).toMatch(
      /^console_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    expect(await session.response.json()).toMatchObject({
      authenticated: true,
      user: { username: 'ada', role: 'operator' },
      csrf_token: session.csrf,
      expires_at: new Date(T0 + 30 * MINUTE).toISOString(),
      idle_timeout_seconds: 1800,
    });
    expect(session.csrf).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await (await h.call('GET', '/api/session', { session })).json()).toMatchObject({
      authenticated: true,
      user: { username: 'ada' },
    });

    const out = await h.call('POST', '/api/session/logout', { session });
    expect(out.status).toBe(200);
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await h.call('GET', '/api/agents/list', { session })).status).toBe(401);
  });

  it('uses a __Host- Secure cookie over https', async () => {
    await h.addUser('ada', 'viewer');
    const response = await h.app.request('https://console.example/api/session/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'ada', password: PASSWORD }),
    });
    expect(response.headers.get('set-cookie')).toMatch(
      /^__Host-console_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Secure$/,
    );
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    // The plain-named cookie is not read over https (a sibling http origin could set it).
    const plain = cookie.replace('__Host-', '');
    const asPlain = await h.app.request('https://console.example/api/agents/list', {
      headers: { cookie: plain },
    });
    expect(asPlain.status).toBe(401);
    const asHost = await h.app.request('https://console.example/api/agents/list', {
      headers: { cookie },
    });
    expect(asHost.status).toBe(200);
  });

  it('refuses a wrong password, an unknown account and a disabled one with the same answer', async () => {
    await h.addUser('ada', 'viewer');
    await h.addUser('bob', 'viewer');
    await h.store.updateAccount('bob', { disabled: true }, T0);
    for (const [name, password] of [
      ['ada', 'wrong password here'],
      ['nobody', PASSWORD],
      ['bob', PASSWORD],
    ] as const) {
      const { response } = await h.login(name, password);
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        detail: 'Wrong username or password.',
        reason: 'invalid_credentials',
      });
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });

  it('replaces a session cookie that existed before sign-in (no fixation)', async () => {
    await h.addUser('ada', 'viewer');
    const first = await h.login('ada');
    const second = await h.login('ada', PASSWORD, { cookie: first.cookie });
    expect(second.cookie).not.toBe(first.cookie);
    expect((await h.call('GET', '/api/agents/list', { session: first })).status).toBe(401);
    expect((await h.call('GET', '/api/agents/list', { session: second })).status).toBe(200);
  });

  it('ends every session of an account that is disabled, and applies a role change at once', async () => {
    await h.addUser('ada', 'operator');
    const session = await h.login('ada');
    await h.store.updateAccount('ada', { role: 'viewer' }, T0);
    const stop = await h.call('DELETE', '/api/agent-execution/t1', { session });
    expect(stop.status).toBe(403);
    await h.store.updateAccount('ada', { disabled: true }, T0);
    expect((await h.call('GET', '/api/agents/list', { session })).status).toBe(401);
  });
});

describe('roles', () => {
  const sessions: Partial<Record<Role, Session>> = {};
  beforeEach(async () => {
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      await h.addUser(role, role);
      sessions[role] = await h.login(role);
    }
  });

  const writes: [string, string, string, unknown, Role][] = [
    ['create', 'POST', '/api/agent-execution/a1', { input: { text: 'hi' } }, 'operator'],
    ['update', 'PATCH', '/api/agent-execution/t1/update', { status: 'completed' }, 'operator'],
    ['stop', 'DELETE', '/api/agent-execution/t1', undefined, 'operator'],
    ['report metrics', 'POST', '/api/agents-metrics/a1/execution', {}, 'admin'],
    ['an unknown write', 'POST', '/api/something/new', {}, 'operator'],
  ];

  for (const [what, method, path, body, required] of writes) {
    it(`${what} needs ${required}`, async () => {
      for (const role of ['viewer', 'operator', 'admin'] as const) {
        const response = await h.call(method, path, { session: sessions[role], body });
        const allowed = role === 'admin' || role === required;
        if (allowed) {
          expect(response.status, `${role} ${what}`).not.toBe(403);
          expect(response.status, `${role} ${what}`).not.toBe(401);
        } else {
          expect(response.status, `${role} ${what}`).toBe(403);
          expect(await response.json()).toMatchObject({
            reason: 'forbidden',
            required_role: required,
            role,
          });
        }
      }
    });
  }

  it('lets every role read, stream and see a task’s history, but only admins see the whole trail', async () => {
    for (const role of ['viewer', 'operator', 'admin'] as const) {
      const session = sessions[role];
      expect((await h.call('GET', '/api/agents/list', { session })).status).toBe(200);
      expect((await h.call('GET', '/api/agent-execution/t1/status', { session })).status).toBe(200);
      const stream = await h.call('GET', '/api/agent-execution/t1/events', { session });
      expect(stream.status).toBe(200);
      expect(await stream.text()).toContain('task_finished');
      expect((await h.call('GET', '/api/audit?task_id=t1', { session })).status).toBe(200);
      const all = await h.call('GET', '/api/audit', { session });
      const exported = await h.call('GET', '/api/audit/export?format=csv', { session });
      expect(all.status, role).toBe(role === 'admin' ? 200 : 403);
      expect(exported.status, role).toBe(role === 'admin' ? 200 : 403);
      if (role !== 'admin')
        expect(await all.json()).toMatchObject({ reason: 'forbidden', required_role: 'admin' });
    }
  });

  it('answers 401 unauthenticated without a session, for REST, streams and the audit trail', async () => {
    for (const [method, path] of [
      ['GET', '/api/agents/list'],
      ['GET', '/api/agent-execution/t1/events'],
      ['DELETE', '/api/agent-execution/t1'],
      ['GET', '/api/audit'],
    ] as const) {
      const response = await h.call(method, path);
      expect(response.status, path).toBe(401);
      expect(await response.json()).toMatchObject({
        reason: 'unauthenticated',
        auth_mode: 'local',
      });
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('never forwards a refused write upstream', async () => {
    upstream.requests.length = 0;
    await h.call('DELETE', '/api/agent-execution/t1', { session: sessions.viewer });
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('CSRF', () => {
  it('refuses writes without the session’s token, with another session’s, and cross-site ones', async () => {
    await h.addUser('ada', 'operator');
    await h.addUser('bob', 'operator');
    const ada = await h.login('ada');
    const bob = await h.login('bob');
    const cases: [string, Parameters<Harness['call']>[2]][] = [
      ['no token', { session: ada, csrf: null }],
      ['wrong token', { session: ada, csrf: 'x'.repeat(43) }],
      ['another session’s token', { session: ada, csrf: bob.csrf }],
    ];
    for (const [what, options] of cases) {
      const response = await h.call('DELETE', '/api/agent-execution/t1', options);
      expect(response.status, what).toBe(403);
      expect(await response.json()).toMatchObject({ reason: 'csrf_failed' });
    }
    const crossSite = await h.call('DELETE', '/api/agent-execution/t1', {
      session: ada,
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ reason: 'cross_site_request' });
    expect(upstream.requests.filter((r) => r.method === 'DELETE')).toHaveLength(0);

    const ok = await h.call('DELETE', '/api/agent-execution/t1', { session: ada });
    expect(ok.status).toBe(200);
  });

  it('refuses a cross-site sign-in and a logout without the token', async () => {
    await h.addUser('ada', 'viewer');
    const cross = await h.login('ada', PASSWORD, { 'sec-fetch-site': 'cross-site' });
    expect(cross.response.status).toBe(403);
    const session = await h.login('ada');
    const logout = await h.call('POST', '/api/session/logout', { session, csrf: null });
    expect(logout.status).toBe(403);
    expect((await h.call('GET', '/api/agents/list', { session })).status).toBe(200);
  });
});

describe('session expiry (injected clock)', () => {
  it('ends a session after 30 idle minutes, and use keeps it alive', async () => {
    await h.addUser('ada', 'viewer');
    const session = await h.login('ada');
    h.clock.now = T0 + 29 * MINUTE;
    expect((await h.call('GET', '/api/agents/list', { session })).status).toBe(200);
    h.clock.now = T0 + 58 * MINUTE; // 29 min after the last use
    expect((await h.call('GET', '/api/agents/list', { session })).status).toBe(200);
    h.clock.now = T0 + 88 * MINUTE; // 30 min idle
    const expired = await h.call('GET', '/api/agents/list', { session });
    expect(expired.status).toBe(401);
    expect(await expired.json()).toMatchObject({
      reason: 'unauthenticated',
      detail: expect.stringMatching(/expired/),
    });
    expect(expired.headers.get('set-cookie')).toContain('Max-Age=0');
    // Gone for good, even if the clock went back.
    h.clock.now = T0 + 60 * MINUTE;
    expect((await h.call('GET', '/api/agents/list', { session })).status).toBe(401);
  });

  it('ends a session 12 hours after sign-in however busy it is', async () => {
    await h.addUser('ada', 'viewer');
    const session = await h.login('ada');
    for (let t = 20; t < 12 * 60; t += 20) {
      h.clock.now = T0 + t * MINUTE;
      expect((await h.call('GET', '/api/agents/list', { session })).status, `${t} min`).toBe(200);
    }
    h.clock.now = T0 + 12 * 60 * MINUTE;
    expect((await h.call('GET', '/api/agents/list', { session })).status).toBe(401);
    const state = await (await h.call('GET', '/api/session', { session })).json();
    expect(state).toMatchObject({ authenticated: false });
  });

  it('honours configured lifetimes', async () => {
    await h.store.close();
    h = localHarness(upstream, { sessionIdleMs: 5 * MINUTE, sessionAbsoluteMs: 60 * MINUTE });
    await h.addUser('ada', 'viewer');
    const session = await h.login('ada');
    h.clock.now = T0 + 5 * MINUTE;
    expect((await h.call('GET', '/api/agents/list', { session })).status).toBe(401);
  });
});

describe('lockout', () => {
  it('locks an account for 15 minutes after 5 failures, even against the right password', async () => {
    await h.addUser('ada', 'viewer');
    for (let i = 0; i < 5; i++)
      expect((await h.login('ada', 'wrong password!!')).response.status).toBe(401);
    const locked = await h.login('ada');
    expect(locked.response.status).toBe(429);
    expect(locked.response.headers.get('retry-after')).toBe('900');
    expect(await locked.response.json()).toMatchObject({
      reason: 'locked_out',
      retry_after_seconds: 900,
    });
    h.clock.now = T0 + 14 * MINUTE;
    expect((await h.login('ada')).response.status).toBe(429);
    h.clock.now = T0 + 15 * MINUTE;
    expect((await h.login('ada')).response.status).toBe(200);
  });

  it('rate-limits one client address across accounts', async () => {
    await h.store.close();
    h = localHarness(upstream, { loginMaxFailuresPerIp: 3 });
    await h.addUser('ada', 'viewer');
    for (const name of ['x1', 'x2', 'x3'])
      expect((await h.login(name, 'guess guess guess')).response.status).toBe(401);
    expect((await h.login('ada')).response.status).toBe(429);
  });

  it('counts failures only within the window and forgets them on success', async () => {
    await h.addUser('ada', 'viewer');
    for (let i = 0; i < 4; i++) await h.login('ada', 'wrong password!!');
    expect((await h.login('ada')).response.status).toBe(200);
    for (let i = 0; i < 4; i++) await h.login('ada', 'wrong password!!');
    expect((await h.login('ada')).response.status).toBe(200);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite-store.ts';
import { routeTaskPlatform } from './auth-harness.ts';
import { assertSafeToServe, type AuthConfig, ConfigError, loadAuthConfig } from './config.ts';
import { type FakeUpstream, startFakeUpstream, testConfig } from './fake-upstream.ts';
import { type RunningGateway, startGateway } from './start.ts';

let upstream: FakeUpstream;
let gateway: RunningGateway | undefined;
let store: SqliteStore;

beforeEach(async () => {
  upstream = await startFakeUpstream();
  routeTaskPlatform(upstream);
  store = new SqliteStore(':memory:');
});
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  await store.close();
  await upstream.close();
});

async function start(auth: Partial<AuthConfig>, host = '127.0.0.1'): Promise<string> {
  const base = testConfig(upstream.url, { host });
  gateway = await startGateway({ ...base, auth: { ...base.auth, ...auth } }, { store });
  return gateway.url;
}

describe('CONSOLE_AUTH=none', () => {
  it('refuses to start off loopback and says why', async () => {
    const error = await start({ mode: 'none' }, '0.0.0.0').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(
      /Refusing to listen on 0\.0\.0\.0 with CONSOLE_AUTH=none/,
    );
    expect((error as Error).message).toMatch(/CONSOLE_AUTH=local/);
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', 'localhost'])
      expect(() => assertSafeToServe({ host, auth: loadAuthConfig({}) }), host).not.toThrow();
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'console.example'])
      expect(() => assertSafeToServe({ host, auth: loadAuthConfig({}) }), host).toThrow(
        ConfigError,
      );
    expect(() =>
      assertSafeToServe({ host: '0.0.0.0', auth: loadAuthConfig({ CONSOLE_AUTH: 'local' }) }),
    ).not.toThrow();
  });

  it('makes everyone the admin "local" on loopback; writes still need the token', async () => {
    const base = await start({ mode: 'none' });
    const session = await (await fetch(`${base}/api/session`)).json();
    expect(session).toMatchObject({
      authenticated: true,
      auth_mode: 'none',
      user: { username: 'local', role: 'admin' },
    });
    const without = await fetch(`${base}/api/agent-execution/t1`, { method: 'DELETE' });
    expect(without.status).toBe(403);
    const withToken = await fetch(`${base}/api/agent-execution/t1`, {
      method: 'DELETE',
      headers: { 'x-csrf-token': session.csrf_token },
    });
    expect(withToken.status).toBe(200);
    expect((await store.queryAudit({ limit: 1 }))[0]).toMatchObject({
      actor: 'local',
      authMode: 'none',
      action: 'stop',
    });
  });
});

describe('CONSOLE_AUTH=proxy', () => {
  const proxyAuth = (trusted: string[], extra: Partial<AuthConfig> = {}): Partial<AuthConfig> => ({
    ...loadAuthConfig({ CONSOLE_AUTH: 'proxy' }),
    trustedProxies: trusted,
    ...extra,
  });
  const identity = {
    'x-forwarded-user': 'pat',
    'x-forwarded-email': 'pat@example.com',
    'x-forwarded-groups': 'staff, operator',
  };

  it('refuses to start without trusted proxies', () => {
    expect(() =>
      assertSafeToServe({ host: '0.0.0.0', auth: loadAuthConfig({ CONSOLE_AUTH: 'proxy' }) }),
    ).toThrow(/CONSOLE_TRUSTED_PROXIES/);
    expect(() => loadAuthConfig({ CONSOLE_TRUSTED_PROXIES: '10.0.0.0/33' })).toThrow(ConfigError);
  });

  it('believes the identity headers from a trusted proxy address', async () => {
    const base = await start(proxyAuth(['127.0.0.1']));
    const session = await (await fetch(`${base}/api/session`, { headers: identity })).json();
    expect(session).toMatchObject({
      authenticated: true,
      auth_mode: 'proxy',
      user: { username: 'pat', email: 'pat@example.com', role: 'operator' },
    });
    const stop = await fetch(`${base}/api/agent-execution/t1`, {
      method: 'DELETE',
      headers: {
        ...identity,
        'x-csrf-token': session.csrf_token,
        'x-forwarded-for': '203.0.113.9, 127.0.0.1',
      },
    });
    expect(stop.status).toBe(200);
    expect((await store.queryAudit({ limit: 1 }))[0]).toMatchObject({
      actor: 'pat',
      actorRole: 'operator',
      authMode: 'proxy',
      ip: '203.0.113.9',
    });
    // The token is bound to the user: another user's requests cannot reuse it.
    const other = await fetch(`${base}/api/agent-execution/t1`, {
      method: 'DELETE',
      headers: { ...identity, 'x-forwarded-user': 'eve', 'x-csrf-token': session.csrf_token },
    });
    expect(other.status).toBe(403);
    // No user header, or no role and no default: refused.
    expect((await fetch(`${base}/api/agents/list`)).status).toBe(401);
    const noRole = await fetch(`${base}/api/agents/list`, {
      headers: { 'x-forwarded-user': 'pat' },
    });
    expect(noRole.status).toBe(403);
    expect(await noRole.json()).toMatchObject({ reason: 'forbidden' });
    // Identity headers never travel upstream.
    expect(upstream.requests.every((r) => !('x-forwarded-user' in r.headers))).toBe(true);
  });

  it('ignores identity headers from any other address', async () => {
    const base = await start(proxyAuth(['10.0.0.0/8', '192.168.1.5']));
    const response = await fetch(`${base}/api/agents/list`, {
      headers: { ...identity, 'x-forwarded-groups': 'admin' },
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ reason: 'unauthenticated', auth_mode: 'proxy' });
    const session = await (await fetch(`${base}/api/session`, { headers: identity })).json();
    expect(session).toMatchObject({ authenticated: false });
    expect(upstream.requests).toHaveLength(0);
  });

  it('gives the default role when the groups name none, and never sign-in by password', async () => {
    const base = await start(
      proxyAuth(['127.0.0.0/8'], {
        proxyDefaultRole: 'viewer',
        proxyLogoutUrl: '/oauth2/sign_out',
      }),
    );
    const session = await (
      await fetch(`${base}/api/session`, { headers: { 'x-forwarded-user': 'sam' } })
    ).json();
    expect(session).toMatchObject({
      user: { username: 'sam', role: 'viewer' },
      logout_url: '/oauth2/sign_out',
    });
    const stop = await fetch(`${base}/api/agent-execution/t1`, {
      method: 'DELETE',
      headers: { 'x-forwarded-user': 'sam', 'x-csrf-token': session.csrf_token },
    });
    expect(stop.status).toBe(403);
    const login = await fetch(`${base}/api/session/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'sam', password: 'x' }),
    });
    expect(login.status).toBe(400);
    expect(await login.json()).toMatchObject({ reason: 'wrong_auth_mode' });
  });
});

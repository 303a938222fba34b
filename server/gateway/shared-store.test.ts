import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PostgresStore } from '../store/postgres-store.ts';
import { dropSchema, skipPostgres, testDatabaseUrl, uniqueSchema } from '../store/test-postgres.ts';
import { localHarness, PASSWORD, routeTaskPlatform, type Harness } from './auth-harness.ts';
import { type FakeUpstream, startFakeUpstream } from './fake-upstream.ts';

/** Two gateways behind a load balancer: one PostgreSQL, no state of their own. */
describe.skipIf(skipPostgres)('two gateways sharing one PostgreSQL', () => {
  let upstream: FakeUpstream;
  let url: string;
  let schema: string;
  let a: Harness;
  let b: Harness;

  beforeEach(async () => {
    upstream = await startFakeUpstream();
    routeTaskPlatform(upstream);
    url = testDatabaseUrl();
    schema = uniqueSchema();
    const open = () => PostgresStore.open({ connectionString: url, schema, maxConnections: 3 });
    a = localHarness(upstream, {}, await open());
    b = localHarness(upstream, {}, await open());
  });
  afterEach(async () => {
    await a.store.close();
    await b.store.close();
    await dropSchema(url, schema);
    await upstream.close();
  });

  it('see the same accounts, sessions, CSRF tokens, logouts and audit trail', async () => {
    await a.addUser('ada', 'operator');
    await a.addUser('root', 'admin');
    const session = await a.login('ada');
    expect(session.response.status).toBe(200);

    // The session made on A works on B, and B's write lands in the trail A reads.
    const stop = await b.call('DELETE', '/api/agent-execution/t1', {
      session,
      headers: { 'x-audit-reason': 'from%20B' },
    });
    expect(stop.status).toBe(200);
    const admin = await b.login('root');
    const trail = await (await a.call('GET', '/api/audit?task_id=t1', { session: admin })).json();
    expect(trail.items).toMatchObject([
      { actor: 'ada', action: 'stop', reason: 'from B', ok: true },
    ]);

    // Signing out on B ends the session on A.
    expect((await b.call('POST', '/api/session/logout', { session })).status).toBe(200);
    expect((await a.call('GET', '/api/agents/list', { session })).status).toBe(401);
  });

  it('count failed sign-ins together, so a lockout holds on every gateway', async () => {
    await a.addUser('ada', 'viewer');
    for (let i = 0; i < 5; i++) {
      const gateway = i % 2 ? b : a;
      expect((await gateway.login('ada', 'wrong password!!')).response.status).toBe(401);
    }
    expect((await a.login('ada', PASSWORD)).response.status).toBe(429);
    expect((await b.login('ada', PASSWORD)).response.status).toBe(429);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, ConsoleStore } from './console-store.ts';
import { DuplicateAccountError } from './console-store.ts';

/** One backing database, and a way to open another connection to it (a second gateway). */
export interface StoreHarness {
  open(): Promise<ConsoleStore & { rawExec(sql: string): unknown }>;
  cleanup(): Promise<void>;
}

const POLICY = { maxFailures: 5, windowMs: 15 * 60_000, lockoutMs: 15 * 60_000 };
const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    at: T0,
    actor: 'ada',
    actorRole: 'operator',
    authMode: 'local',
    action: 'update',
    taskId: 't1',
    agentId: null,
    method: 'PATCH',
    path: '/agent-execution/t1/update',
    reason: 'customer asked',
    before: { status: 'executing', result: null },
    after: { status: 'completed', result: 'done' },
    changes: { status: { old: 'executing', new: 'completed' } },
    status: 200,
    ok: true,
    error: null,
    ip: '127.0.0.1',
    ...overrides,
  };
}

/** The ConsoleStore contract, run against every implementation. */
export function describeStoreContract(name: string, makeHarness: () => Promise<StoreHarness>) {
  describe(`ConsoleStore contract: ${name}`, () => {
    let harness: StoreHarness;
    let store: ConsoleStore & { rawExec(sql: string): unknown };
    const extra: ConsoleStore[] = [];

    beforeEach(async () => {
      harness = await makeHarness();
      store = await harness.open();
    });
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      await store.close();
      await harness.cleanup();
    });

    it('creates, reads, updates and deletes accounts, refusing duplicates', async () => {
      const created = await store.createAccount(
        { username: 'ada', role: 'operator', passwordHash: 'h1', disabled: false },
        T0,
      );
      expect(created.createdAt).toBe(T0);
      await expect(
        store.createAccount(
          { username: 'ada', role: 'admin', passwordHash: 'h2', disabled: false },
          T0,
        ),
      ).rejects.toBeInstanceOf(DuplicateAccountError);
      await store.createAccount(
        { username: 'bob', role: 'viewer', passwordHash: 'h3', disabled: false },
        T0,
      );
      expect((await store.listAccounts()).map((a) => a.username)).toEqual(['ada', 'bob']);

      const updated = await store.updateAccount('ada', { role: 'admin', disabled: true }, T0 + 5);
      expect(updated).toMatchObject({
        role: 'admin',
        disabled: true,
        passwordHash: 'h1',
        updatedAt: T0 + 5,
      });
      expect(await store.getAccount('ada')).toEqual(updated);
      expect(await store.updateAccount('nobody', { role: 'admin' }, T0)).toBeNull();

      expect(await store.deleteAccount('ada')).toBe(true);
      expect(await store.deleteAccount('ada')).toBe(false);
      expect(await store.getAccount('ada')).toBeNull();
    });

    it('keeps sessions, touches them forward only, and prunes or revokes them', async () => {
      const base = { csrfToken: 'c', ip: '10.0.0.1', userAgent: 'ua' };
      await store.createSession({
        ...base,
        idHash: 's1',
        username: 'ada',
        createdAt: T0,
        lastSeenAt: T0,
      });
      await store.createSession({
        ...base,
        idHash: 's2',
        username: 'ada',
        createdAt: T0,
        lastSeenAt: T0,
      });
      await store.createSession({
        ...base,
        idHash: 's3',
        username: 'bob',
        createdAt: T0 - 10,
        lastSeenAt: T0 + 100,
      });

      await store.touchSession('s1', T0 + 50);
      await store.touchSession('s1', T0 + 20); // a slower gateway's older touch
      expect(await store.getSession('s1')).toMatchObject({
        username: 'ada',
        lastSeenAt: T0 + 50,
        ip: '10.0.0.1',
      });

      expect(await store.pruneSessions(T0 + 10, T0 - 100)).toBe(1); // s2 idle
      expect(await store.getSession('s2')).toBeNull();
      expect(await store.pruneSessions(T0, T0 - 5)).toBe(1); // s3 too old
      expect(await store.deleteSessionsOf('ada')).toBe(1);
      expect(await store.getSession('s1')).toBeNull();
    });

    it('locks a key at the fifth failure within the window, then starts counting afresh', async () => {
      for (let i = 1; i <= 4; i++) {
        const state = await store.recordFailure('account:ada', POLICY, T0 + i);
        expect(state).toEqual({ failures: i, lockedUntil: null });
      }
      const locked = await store.recordFailure('account:ada', POLICY, T0 + 5);
      expect(locked.lockedUntil).toBe(T0 + 5 + POLICY.lockoutMs);
      expect((await store.getThrottle('account:ada', T0 + 60_000)).lockedUntil).toBe(
        locked.lockedUntil,
      );
      expect(
        (await store.getThrottle('account:ada', T0 + 5 + POLICY.lockoutMs)).lockedUntil,
      ).toBeNull();
      expect(await store.getThrottle('account:other', T0)).toEqual({
        failures: 0,
        lockedUntil: null,
      });
    });

    it('forgets failures older than the window and on clear', async () => {
      for (let i = 0; i < 4; i++) await store.recordFailure('ip:1', POLICY, T0);
      const later = await store.recordFailure('ip:1', POLICY, T0 + POLICY.windowMs + 1);
      expect(later).toEqual({ failures: 1, lockedUntil: null });
      await store.clearThrottle('ip:1');
      expect(await store.getThrottle('ip:1', T0)).toEqual({ failures: 0, lockedUntil: null });
    });

    it('counts concurrent failures from two connections without losing any', async () => {
      const twin = await harness.open();
      extra.push(twin);
      await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          (i % 2 ? twin : store).recordFailure('account:race', POLICY, T0),
        ),
      );
      expect((await store.getThrottle('account:race', T0)).lockedUntil).toBe(T0 + POLICY.lockoutMs);
    });

    it('shares one secret between connections', async () => {
      const twin = await harness.open();
      extra.push(twin);
      const a = await store.sharedSecret('csrf');
      expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await twin.sharedSecret('csrf')).toBe(a);
      expect(await store.sharedSecret('other')).not.toBe(a);
    });

    it('appends audit records and filters them newest first', async () => {
      const first = await store.appendAudit(entry());
      expect(first).toEqual({ ...entry(), id: first.id });
      await store.appendAudit(
        entry({ at: T0 + 1000, action: 'stop', actor: 'bob', before: null, changes: null }),
      );
      await store.appendAudit(
        entry({ at: T0 + 2000, taskId: 't2', ok: false, status: 409, error: 'conflict' }),
      );
      await store.appendAudit(entry({ at: T0 + 3000, action: 'login_success', taskId: null }));

      const all = await store.queryAudit({ limit: 10 });
      expect(all.map((r) => r.at)).toEqual([T0 + 3000, T0 + 2000, T0 + 1000, T0]);
      expect((await store.queryAudit({ taskId: 't1', limit: 10 })).map((r) => r.action)).toEqual([
        'stop',
        'update',
      ]);
      expect((await store.queryAudit({ actor: 'bob', limit: 10 })).map((r) => r.action)).toEqual([
        'stop',
      ]);
      expect(
        (await store.queryAudit({ action: 'update', limit: 10 })).map((r) => r.taskId),
      ).toEqual(['t2', 't1']);
      expect(
        (await store.queryAudit({ from: T0 + 1000, to: T0 + 3000, limit: 10 })).map((r) => r.at),
      ).toEqual([T0 + 2000, T0 + 1000]);
      const page = await store.queryAudit({ limit: 2 });
      const next = await store.queryAudit({ limit: 2, beforeId: page.at(-1)!.id });
      expect(next.map((r) => r.at)).toEqual([T0 + 1000, T0]);
      const failed = all[1]!;
      expect(failed).toMatchObject({ ok: false, status: 409, error: 'conflict' });
    });

    it('refuses to update or delete audit records at the database level', async () => {
      await store.appendAudit(entry());
      await expect(
        Promise.resolve().then(() => store.rawExec("UPDATE audit_log SET actor = 'mallory'")),
      ).rejects.toThrow(/append-only/);
      await expect(
        Promise.resolve().then(() => store.rawExec('DELETE FROM audit_log')),
      ).rejects.toThrow(/append-only/);
      expect((await store.queryAudit({ limit: 10 }))[0]?.actor).toBe('ada');
    });

    it('keeps its data when opened again (migrations are idempotent)', async () => {
      await store.createAccount(
        { username: 'ada', role: 'viewer', passwordHash: 'h', disabled: false },
        T0,
      );
      const again = await harness.open();
      extra.push(again);
      expect((await again.getAccount('ada'))?.role).toBe('viewer');
    });
  });
}

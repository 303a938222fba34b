import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  checkAgents,
  checkTask,
  checkTaskList,
  client,
  readSse,
  waitForTask,
} from './connect-platform.ts';
import { migrations } from './database.ts';
import { createPlatformApp, startPlatform } from './index.ts';

const repoRoot = new URL('../../', import.meta.url).pathname;
const dirs: string[] = [];
const children: ChildProcess[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'platform-persist-'));
  dirs.push(d);
  return d;
};

interface Spawned {
  child: ChildProcess;
  url: string;
  organizationId: string;
  apiKey: string;
}

/** The CLI as a real child process, in its own process group (tsx runs node as a grandchild). */
function spawnCli(dataDir: string, extra: string[] = []): Promise<Spawned> {
  const child = spawn(
    'node_modules/.bin/tsx',
    ['server/platform/cli.ts', '--port', '0', '--data', dataDir, '--speed', '5', ...extra],
    {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${out} ${err}`)), 25_000);
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const get = (k: string) => new RegExp(`^${k}=(.+)$`, 'm').exec(out)?.[1];
      const url = get('PLATFORM_URL');
      const organizationId = get('PLATFORM_ORG_ID');
      const apiKey = get('PLATFORM_API_KEY');
      if (url && organizationId && apiKey) {
        clearTimeout(timer);
        resolve({ child, url, organizationId, apiKey });
      }
    });
    child.once('exit', (code) => reject(new Error(`CLI exited ${code}: ${err}`)));
  });
}

function kill9(s: Spawned): Promise<void> {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
    s.child.once('exit', () => resolve());
    process.kill(-(s.child.pid as number), 'SIGKILL');
  });
}

afterEach(() => {
  for (const c of children.splice(0)) {
    if (c.exitCode === null && c.signalCode === null && c.pid) {
      try {
        process.kill(-c.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('persistence', () => {
  it('keeps every acknowledged write, the identity and the worker cursor across kill -9', async () => {
    const dir = tempDir();
    const first = await spawnCli(dir);
    const call = client(first);
    const agents = checkAgents((await call('GET', '/agents/list')).body);
    const agentId = agents.find((a) => a.type === 'regular' && a.status === 'ACTIVE')!.id;
    const create = async (text: string) =>
      checkTask(
        (
          await call('POST', `/agent-execution/${agentId}`, {
            input: { text, files: [], user: null },
            events_streaming: true,
          })
        ).body,
      );

    const held = await create('Hold on [hitl-hold] [fast]');
    const patched = await create('patch me');
    const stopped = await create('stop me');
    await call('DELETE', `/agent-execution/${patched.id}`);
    expect(
      (
        await call('PATCH', `/agent-execution/${patched.id}/update`, {
          result: 'acknowledged',
          internal_status: 'kept',
        })
      ).status,
    ).toBe(200);
    expect((await call('DELETE', `/agent-execution/${stopped.id}`)).status).toBe(200);
    expect(
      (
        await call('POST', `/agent-execution/${stopped.id}/events/push`, [
          { type: 'chunk', data: 'pushed before the crash' },
        ])
      ).status,
    ).toBe(200);
    const before = checkTaskList(
      (await call('GET', `/agent-execution/executions/history/${agentId}`)).body,
    );
    await kill9(first);

    const second = await spawnCli(dir);
    expect(second.organizationId).toBe(first.organizationId);
    expect(second.apiKey).toBe(first.apiKey);
    const call2 = client(second);
    expect(
      checkTask((await call2('GET', `/agent-execution/${patched.id}/status`)).body),
    ).toMatchObject({ result: 'acknowledged', internal_status: 'kept' });
    expect(
      checkTask((await call2('GET', `/agent-execution/${stopped.id}/status`)).body),
    ).toMatchObject({ status: 'stopped', is_manually_stopped: true });
    const after = checkTaskList(
      (await call2('GET', `/agent-execution/executions/history/${agentId}`)).body,
    );
    expect(after.map((t) => t.id)).toEqual(expect.arrayContaining(before.map((t) => t.id)));
    const stream = await readSse(second, stopped.id);
    expect(stream.events.filter((e) => e.type === 'chunk').map((e) => e.data)).toContain(
      'pushed before the crash',
    );

    // The worker picks the held task up where the cursor was and finishes it after approval.
    await waitForTask(call2, held.id, (t) => t.status === 'paused', 20_000);
    await call2('PATCH', `/agent-execution/${held.id}/update`, { status: 'executing' });
    await waitForTask(call2, held.id, (t) => t.status === 'completed', 20_000);
    await kill9(second);
  });

  it('keeps data and identity across a graceful restart; reset starts empty but keeps the identity', async () => {
    const dir = tempDir();
    const a = await startPlatform({ port: 0, dataDir: dir, speed: 5 });
    const call = client(a);
    const agentId = checkAgents((await call('GET', '/agents/list')).body)[0]!.id;
    const t = checkTask(
      (
        await call('POST', `/agent-execution/${agentId}`, {
          input: { text: 'survive', files: [], user: null },
        })
      ).body,
    );
    await a.close();

    const b = await startPlatform({ port: 0, dataDir: dir, speed: 5 });
    expect([b.organizationId, b.apiKey]).toEqual([a.organizationId, a.apiKey]);
    expect((await client(b)('GET', `/agent-execution/${t.id}/status`)).status).toBe(200);
    await b.close();

    const c = await startPlatform({
      port: 0,
      dataDir: dir,
      reset: true,
      seedTasks: 0,
      worker: false,
    });
    expect([c.organizationId, c.apiKey]).toEqual([a.organizationId, a.apiKey]);
    const callC = client(c);
    expect((await callC('GET', `/agent-execution/${t.id}/status`)).status).toBe(404);
    const agents = checkAgents((await callC('GET', '/agents/list')).body);
    const lists = await Promise.all(
      agents.map(async (ag) =>
        checkTaskList((await callC('GET', `/agent-execution/executions/history/${ag.id}`)).body),
      ),
    );
    expect(lists.flat()).toEqual([]);
    await c.close();
  });

  it('migrates a new data dir to the latest schema version in WAL mode', () => {
    const app = createPlatformApp({ dataDir: tempDir(), seed: false, worker: false });
    expect(app.store.db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(app.store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    void app.close();
  });
});

describe('bulk seed', () => {
  it('seeds volume rows whose logs are built on first read', async () => {
    const app = createPlatformApp({ dataDir: tempDir(), seedTasks: 2300, worker: false });
    const h = { 'x-api-key': app.apiKey };
    const agents = checkAgents(await (await app.request('/agents/list', { headers: h })).json());
    let total = 0;
    let bulk: { id: string; agent_id: string; status: string } | undefined;
    for (const agent of agents) {
      const list = checkTaskList(
        await (
          await app.request(`/agent-execution/executions/history/${agent.id}`, { headers: h })
        ).json(),
      );
      total += list.length;
      bulk ??= list.find(
        (t) => t.status === 'completed' && t.source_node_type === 'sdk' && t.title === null,
      );
    }
    expect(total).toBeGreaterThanOrEqual(2300);
    expect(bulk).toBeDefined();
    const activity = await app.request(`/activity/${bulk!.agent_id}/${bulk!.id}`, { headers: h });
    expect(activity.status).toBe(200);
    const res = await app.request(`/${app.organizationId}/agent-execution/${bulk!.id}/events`, {
      headers: h,
    });
    const text = await res.text();
    const types = text
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => (JSON.parse(l.slice(6)) as { type: string }).type);
    expect(types[0]).toBe('task_created');
    expect(types.at(-1)).toBe('task_finished');
    await app.close();
  });
});

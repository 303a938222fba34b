import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { sendJson, startFakeUpstream } from './fake-upstream.ts';

/** server/main.ts as `npm start` runs it: a real process, real ports, real signals. */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const KEY = 'sk-main-test-5e0c77b1d3';

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const runs: Run[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const run of runs.splice(0)) {
    if (run.child.exitCode === null) run.child.kill('SIGKILL');
    await run.exited;
  }
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function runMain(args: string[], env: Record<string, string | undefined> = {}): Run {
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    XPANDER_BASE_URL: undefined,
    XPANDER_API_KEY: undefined,
    PORT: undefined,
    ...env,
  };
  const child = spawn(TSX, ['server/main.ts', ...args], {
    cwd: ROOT,
    env: Object.fromEntries(
      Object.entries(childEnv).filter(([, v]) => v !== undefined),
    ) as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const run = { child, output: () => output, exited };
  runs.push(run);
  return run;
}

async function waitForUrl(run: Run, timeoutMs = 25_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const match = /Tasks Console: open (http:\/\/\S+)/.exec(run.output());
    if (match) return match[1]!;
    if (run.child.exitCode !== null) throw new Error(`main exited early:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no URL printed:\n${run.output()}`);
}

describe('server/main.ts', () => {
  it('starts the embedded platform, serves /api through the gateway and stops cleanly on SIGTERM', async () => {
    const data = mkdtempSync(join(tmpdir(), 'main-test-'));
    cleanups.push(() => rmSync(data, { recursive: true, force: true }));
    const run = runMain(
      ['--port', '0', '--data', data, '--reset', '--fast', '--seed-tasks', '10', '--no-build'],
      { XPANDER_API_KEY: KEY },
    );
    const url = await waitForUrl(run);
    expect(run.output()).toMatch(/embedded reference platform/);

    const health = await fetch(`${url}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const agents = await fetch(`${url}/api/agents/list`);
    expect(agents.status).toBe(200);
    const body = await agents.text();
    expect(JSON.parse(body)).toEqual(expect.any(Array));
    expect(body).not.toContain(KEY);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.output()).not.toContain(KEY);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('proxies to XPANDER_BASE_URL instead when it is set', async () => {
    const upstream = await startFakeUpstream();
    cleanups.push(() => upstream.close());
    upstream.route('GET', '/agents/list', (_req, res) =>
      sendJson(res, 200, [{ id: 'remote-agent' }]),
    );
    const run = runMain(['--port', '0', '--no-build'], {
      XPANDER_BASE_URL: upstream.url,
      XPANDER_API_KEY: KEY,
      XPANDER_ORGANIZATION_ID: 'o1',
    });
    const url = await waitForUrl(run);
    expect(await (await fetch(`${url}/api/agents/list`)).json()).toEqual([{ id: 'remote-agent' }]);
    expect(upstream.requests[0]!.headers['x-api-key']).toBe(KEY);
    expect(run.output()).not.toContain(KEY);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  it('says clearly that the port is taken and exits non-zero', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    const port = (blocker.address() as { port: number }).port;
    const run = runMain(['--port', String(port), '--no-build'], {
      XPANDER_BASE_URL: 'http://127.0.0.1:1',
      XPANDER_API_KEY: KEY,
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain(`Port ${port} on 127.0.0.1 is already in use`);
  });

  it('rejects unknown flags with usage (exit 2) and prints help (exit 0)', async () => {
    const bad = runMain(['--bogus']);
    expect(await bad.exited).toBe(2);
    expect(bad.output()).toContain('Usage:');
    const help = runMain(['--help']);
    expect(await help.exited).toBe(0);
    expect(help.output()).toContain('--seed-tasks N');
  });
});

describe('npm start sign-in safety', () => {
  it('refuses CONSOLE_AUTH=none on a non-loopback interface before starting anything', async () => {
    const run = runMain(['--host', '0.0.0.0', '--no-build', '--port', '0'], {
      CONSOLE_AUTH: undefined,
    });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/Refusing to listen on 0\.0\.0\.0 with CONSOLE_AUTH=none/);
    expect(run.output()).not.toMatch(/Tasks Console: open/);
  });
});

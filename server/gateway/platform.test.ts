import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform } from '../platform/index.ts';
import { loadConfig, type GatewayConfig } from './config.ts';
import { csrfHeaders } from './fake-upstream.ts';
import { type RunningGateway, startGateway } from './start.ts';

/** The gateway in front of the real reference platform (server/platform), end to end over loopback. */

const API_KEY = 'sk-platform-test-8d2f61a0';
const SECRET_BITS = [
  'oidc-SECRET-1',
  'tok-SECRET-2',
  'mcp-SECRET-3',
  'client-SECRET-4',
  'hdr-SECRET-5',
  'env-SECRET-6',
];

let dataDir: string;
let platform: Awaited<ReturnType<typeof startPlatform>>;
let gateway: RunningGateway;
let config: GatewayConfig;
/** Every byte the browser side received in this file, to check the key never leaks. */
const received: string[] = [];

async function call(path: string, init: RequestInit = {}): Promise<Response> {
  // Writes carry the CSRF token of GET /api/session, as the SPA's fetch client does.
  if (init.method && init.method !== 'GET')
    init = {
      ...init,
      headers: { ...(init.headers as object), ...(await csrfHeaders(gateway.url)) },
    };
  const response = await fetch(`${gateway.url}${path}`, init);
  const text = await response.clone().text();
  received.push(text, JSON.stringify([...response.headers]));
  return response;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gateway-platform-'));
  platform = await startPlatform({
    port: 0,
    host: '127.0.0.1',
    dataDir,
    reset: true,
    seedTasks: 20,
    speed: 10,
    apiKey: API_KEY,
  });
  config = loadConfig(
    {
      XPANDER_BASE_URL: platform.url,
      XPANDER_API_KEY: platform.apiKey,
      XPANDER_ORGANIZATION_ID: platform.organizationId,
      PORT: '0',
    },
    { distDir: join(dataDir, 'no-dist'), eventsHost: platform.url, sqlitePath: ':memory:' },
  );
  gateway = await startGateway(config);
});

afterAll(async () => {
  await gateway?.close();
  await platform?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('gateway → reference platform', () => {
  let agentId = '';
  let taskId = '';

  it('is ready and lists agents through /api', async () => {
    expect(platform.apiKey).toBe(API_KEY);
    expect((await call('/readyz')).status).toBe(200);
    const response = await call('/api/agents/list');
    expect(response.status).toBe(200);
    const agents = (await response.json()) as { id: string; name: string }[];
    expect(agents.length).toBeGreaterThan(0);
    agentId = agents[0]!.id;
  });

  it('creates a task and strips the secrets it was created with', async () => {
    const response = await call(`/api/agent-execution/${agentId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin' },
      body: JSON.stringify({
        input: { text: 'Find overdue invoices', files: [], user: null },
        title: 'Gateway test',
        events_streaming: true,
        user_oidc_token: SECRET_BITS[0],
        user_tokens: { m1: SECRET_BITS[1] },
        mcp_servers: [
          {
            name: 'slack',
            url: 'https://mcp.example.com',
            api_key: SECRET_BITS[2],
            client_secret: SECRET_BITS[3],
            headers: { X: SECRET_BITS[4] },
            env_vars: { E: SECRET_BITS[5] },
          },
        ],
      }),
    });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const task = JSON.parse(text) as {
      id: string;
      status: string;
      mcp_servers?: { name: string }[];
    };
    expect(task.status).toBe('pending');
    taskId = task.id;
    for (const bit of SECRET_BITS) expect(text).not.toContain(bit);
    expect(text).not.toMatch(/user_oidc_token|user_tokens/);
  });

  it('reads the task and the agent history without secrets, query string included', async () => {
    const status = await call(`/api/agent-execution/${taskId}/status`);
    expect(status.status).toBe(200);
    expect(((await status.json()) as { id: string }).id).toBe(taskId);
    const history = await call(`/api/agent-execution/executions/history/${agentId}?status=`);
    expect(history.status).toBe(200);
    const list = (await history.json()) as { id: string }[];
    expect(Array.isArray(list)).toBe(true);
  });

  it('streams the task events live, secret-free, ending after task_finished (or stops it)', async () => {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 20_000);
    const response = await fetch(`${gateway.url}/api/agent-execution/${taskId}/events`, {
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    let text = '';
    const typesOf = (wire: string): string[] =>
      [...wire.matchAll(/^data: (.*)$/gm)].map((m) => (JSON.parse(m[1]!) as { type: string }).type);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let stopped = false;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
        // Once the stream is known to be live, stop the task so the stream must end.
        if (!stopped && typesOf(text).length >= 2 && !typesOf(text).includes('task_finished')) {
          stopped = true;
          const stop = await call(`/api/agent-execution/${taskId}`, {
            method: 'DELETE',
            headers: { 'sec-fetch-site': 'same-origin' },
          });
          expect(stop.status).toBe(200);
        }
      }
    } catch (error) {
      if (!controller.signal.aborted) throw error;
    } finally {
      clearTimeout(timer);
    }
    const types = typesOf(text);
    received.push(text);
    expect(types[0]).toBe('task_created');
    expect(types).toContain('task_finished');
    for (const bit of SECRET_BITS) expect(text).not.toContain(bit);
    expect(text).not.toMatch(/user_oidc_token|user_tokens|client_secret|env_vars/);
  });

  it("passes the platform's own errors through: unknown task (REST and SSE), bad key", async () => {
    const missing = await call('/api/agent-execution/does-not-exist/status');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ detail: expect.stringContaining('not found') });
    const missingStream = await call('/api/agent-execution/does-not-exist/events');
    expect(missingStream.status).toBe(404);
    expect(missingStream.headers.get('content-type')).toContain('application/json');

    const wrong = await startGateway({ ...config, apiKey: 'wrong-key-123456' });
    try {
      const denied = await fetch(`${wrong.url}/api/agents/list`);
      expect(denied.status).toBe(403);
      const ready = await fetch(`${wrong.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ ok: false, reason: 'upstream_status_403' });
    } finally {
      await wrong.close();
    }
  });

  it('never sent the API key to the browser side', () => {
    expect(received.length).toBeGreaterThan(5);
    for (const text of received) expect(text).not.toContain(API_KEY);
  });
});

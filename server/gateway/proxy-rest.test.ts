import { request as httpRequest } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type FakeUpstream,
  sendJson,
  sleep,
  csrfHeaders,
  startFakeUpstream,
  TEST_API_KEY,
  testConfig,
} from './fake-upstream.ts';
import type { GatewayConfig } from './config.ts';
import { type RunningGateway, startGateway } from './start.ts';

let upstream: FakeUpstream;
let gateway: RunningGateway | undefined;
const logs: string[] = [];

beforeEach(async () => {
  upstream = await startFakeUpstream();
  logs.length = 0;
});

afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  await upstream.close();
});

async function start(overrides: Partial<GatewayConfig> = {}): Promise<string> {
  gateway = await startGateway(testConfig(upstream.url, overrides), { log: (m) => logs.push(m) });
  return gateway.url;
}

const TASK = {
  id: 't1',
  agent_id: 'a1',
  organization_id: 'org-test',
  input: { text: 'hello', files: [] },
  created_at: '2026-03-02T09:14:05Z',
  status: 'executing',
  user_oidc_token: 'oidc-SECRET',
  user_tokens: { m: 'tok-SECRET' },
  mcp_servers: [
    {
      name: 'slack',
      api_key: 'k-SECRET',
      client_secret: 'cs-SECRET',
      headers: { a: 'h-SECRET' },
      env_vars: { B: 'e-SECRET' },
    },
  ],
};

describe('REST proxy: forwarding', () => {
  it('injects x-api-key, keeps only allow-listed headers, and passes method, path, query and body', async () => {
    upstream.route('POST', '/agent-execution/a1', (_req, res, body) =>
      sendJson(res, 200, { echoed: JSON.parse(body.toString()) }),
    );
    const base = await start();
    const response = await fetch(`${base}/api/agent-execution/a1?x=1&user_id=`, {
      method: 'POST',
      headers: {
        ...(await csrfHeaders(base)),
        'content-type': 'application/json',
        accept: 'application/json',
        'x-agent-version': '3',
        cookie: 'session=abc',
        authorization: 'Bearer browser-token',
        'x-api-key': 'browser-supplied-key',
        'x-forwarded-for': '10.0.0.1',
      },
      body: JSON.stringify({ input: { text: 'hi' } }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ echoed: { input: { text: 'hi' } } });
    const seen = upstream.requests[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/agent-execution/a1?x=1&user_id=');
    expect(seen.headers['x-api-key']).toBe(TEST_API_KEY);
    expect(seen.headers['x-agent-version']).toBe('3');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers['x-forwarded-for']).toBeUndefined();
  });

  it('adds the org segment for a controller-style base (9016 / agent-controller)', async () => {
    upstream.route('GET', '/ORG9/agents/list', (_req, res) => sendJson(res, 200, []));
    const base = await start({ restBase: `${upstream.url}/ORG9` });
    expect((await fetch(`${base}/api/agents/list`)).status).toBe(200);
    expect(upstream.requests[0]!.url).toBe('/ORG9/agents/list');
  });

  it('strips secrets from task bodies and arrays, and scrubs the key from an echoing error', async () => {
    upstream.route('GET', '/agent-execution/t1/status', (_req, res) => sendJson(res, 200, TASK));
    upstream.route('GET', '/agent-execution/executions/history/a1', (_req, res) =>
      sendJson(res, 200, [TASK, TASK]),
    );
    upstream.route('GET', '/agents/list', (req, res) =>
      sendJson(res, 403, { detail: `Invalid API key ${req.headers['x-api-key']}` }),
    );
    const base = await start();
    const single = await fetch(`${base}/api/agent-execution/t1/status`);
    const list = await fetch(`${base}/api/agent-execution/executions/history/a1`);
    const denied = await fetch(`${base}/api/agents/list`);
    const texts = [await single.text(), await list.text(), await denied.text()];
    for (const text of texts) {
      expect(text).not.toMatch(/SECRET|user_tokens|user_oidc_token/);
      expect(text).not.toContain(TEST_API_KEY);
    }
    expect(JSON.parse(texts[0]!)).toMatchObject({ id: 't1', mcp_servers: [{ name: 'slack' }] });
    expect(JSON.parse(texts[1]!)).toHaveLength(2);
    expect(denied.status).toBe(403);
    expect(JSON.parse(texts[2]!)).toEqual({ detail: 'Invalid API key [redacted]' });
  });

  it("passes the upstream's own status and JSON body through, with no-store", async () => {
    for (const status of [404, 409, 422, 500, 503]) {
      upstream.route('GET', `/s/${status}`, (_req, res) => {
        res.setHeader('retry-after', '7');
        sendJson(res, status, { detail: `status ${status}` });
      });
    }
    const base = await start();
    for (const status of [404, 409, 422, 500, 503]) {
      const response = await fetch(`${base}/api/s/${status}`);
      expect(response.status).toBe(status);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('retry-after')).toBe('7');
      expect(await response.json()).toEqual({ detail: `status ${status}` });
    }
  });

  it('passes a bodiless 204 through', async () => {
    upstream.route('POST', '/agents-metrics/a1/execution', (_req, res) => res.writeHead(204).end());
    const base = await start();
    const response = await fetch(`${base}/api/agents-metrics/a1/execution`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json', ...(await csrfHeaders(base)) },
    });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe('');
  });
});

describe('REST proxy: bad upstreams', () => {
  it('answers 502 upstream_unreachable when nothing listens', async () => {
    const deadUrl = upstream.url;
    await upstream.close();
    upstream = await startFakeUpstream(); // for afterEach
    gateway = await startGateway(testConfig(deadUrl), { log: (m) => logs.push(m) });
    const response = await fetch(`${gateway.url}/api/agents/list`);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({
      detail: 'Cannot reach the platform',
      reason: 'upstream_unreachable',
    });
    expect(logs.join('\n')).not.toContain(TEST_API_KEY);
  });

  it('answers 504 upstream_timeout when the head or the body is too slow', async () => {
    upstream.route('GET', '/slow-head', async (_req, res) => {
      await sleep(1500);
      sendJson(res, 200, []);
    });
    upstream.route('GET', '/slow-body', async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[1,');
      await sleep(1500);
      res.end('2]');
    });
    const base = await start({ upstreamTimeoutMs: 300 });
    for (const path of ['slow-head', 'slow-body']) {
      const t0 = performance.now();
      const response = await fetch(`${base}/api/${path}`);
      expect(response.status).toBe(504);
      expect(await response.json()).toMatchObject({ reason: 'upstream_timeout' });
      expect(performance.now() - t0).toBeLessThan(1200);
    }
  });

  it('answers 502 upstream_incomplete when the upstream drops mid-body', async () => {
    upstream.route('GET', '/drop', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('[{"id":"t1"');
      setTimeout(() => res.destroy(), 50);
    });
    const base = await start();
    const response = await fetch(`${base}/api/drop`);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      reason: 'upstream_incomplete',
      upstream_status: 200,
    });
  });

  it('answers 502 upstream_non_json for an HTML error page or plain text, with the upstream status', async () => {
    upstream.route('GET', '/html', (_req, res) =>
      res.writeHead(503, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'),
    );
    upstream.route('GET', '/text', (_req, res) =>
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'),
    );
    const base = await start();
    const html = await fetch(`${base}/api/html`);
    expect(html.status).toBe(502);
    expect(await html.json()).toMatchObject({ reason: 'upstream_non_json', upstream_status: 503 });
    const text = await fetch(`${base}/api/text`);
    expect(text.status).toBe(502);
    expect(await text.json()).toMatchObject({ reason: 'upstream_non_json', upstream_status: 200 });
  });

  it('answers 502 upstream_invalid_json for truncated JSON labelled as JSON', async () => {
    upstream.route('GET', '/bad', (_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":'),
    );
    const base = await start();
    const response = await fetch(`${base}/api/bad`);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ reason: 'upstream_invalid_json' });
  });

  it('relays a huge body intact (and redacted), compressed when the client asks', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => ({
      ...TASK,
      id: `t${i}`,
      result: 'x'.repeat(400),
    }));
    upstream.route('GET', '/huge', (_req, res) => sendJson(res, 200, items));
    const base = await start();
    const plain = await fetch(`${base}/api/huge`, { headers: { 'accept-encoding': 'identity' } });
    const body = (await plain.json()) as { id: string }[];
    expect(body).toHaveLength(20_000);
    expect(body[19_999]!.id).toBe('t19999');
    expect(JSON.stringify(body)).not.toContain('SECRET');

    const zipped = await new Promise<{ encoding: string | undefined; data: Buffer }>(
      (resolve, reject) => {
        httpRequest(`${base}/api/huge`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ encoding: res.headers['content-encoding'], data: Buffer.concat(chunks) }),
          );
        })
          .on('error', reject)
          .end();
      },
    );
    expect(zipped.encoding).toBe('gzip');
    expect(zipped.data.byteLength).toBeLessThan(1_000_000);
    expect((JSON.parse(gunzipSync(zipped.data).toString()) as unknown[]).length).toBe(20_000);
  });

  it('answers 502 upstream_too_large above the configured cap', async () => {
    upstream.route('GET', '/huge', (_req, res) => sendJson(res, 200, 'y'.repeat(200_000)));
    const base = await start({ maxUpstreamBodyBytes: 100_000 });
    const response = await fetch(`${base}/api/huge`);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({ reason: 'upstream_too_large' });
  });
});

describe('REST proxy: requests it refuses', () => {
  it('answers 413 for a body over the limit, declared or streamed, without calling upstream', async () => {
    upstream.route('POST', '/agent-execution/a1', (_req, res) => sendJson(res, 200, {}));
    const base = await start({ bodyLimitBytes: 1024 });
    const csrf = await csrfHeaders(base);
    const declared = await fetch(`${base}/api/agent-execution/a1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...csrf },
      body: JSON.stringify({ text: 'z'.repeat(2000) }),
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({
      detail: 'Request body exceeds 1024 bytes',
      reason: 'body_too_large',
      limit: 1024,
    });

    const chunk = new TextEncoder().encode('a'.repeat(600));
    const streamed = await fetch(`${base}/api/agent-execution/a1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...csrf },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(chunk);
          controller.enqueue(chunk);
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(upstream.requests).toHaveLength(0);

    const small = await fetch(`${base}/api/agent-execution/a1`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json', ...csrf },
    });
    expect(small.status).toBe(200);
  });

  it('refuses cross-site writes but allows same-origin ones and cross-site reads', async () => {
    upstream.route('DELETE', '/agent-execution/t1', (_req, res) =>
      sendJson(res, 200, { id: 't1', status: 'stopped' }),
    );
    upstream.route('GET', '/agents/list', (_req, res) => sendJson(res, 200, []));
    const base = await start();
    const csrf = await csrfHeaders(base);
    const cross = await fetch(`${base}/api/agent-execution/t1`, {
      method: 'DELETE',
      headers: { 'sec-fetch-site': 'cross-site', ...csrf },
    });
    expect(cross.status).toBe(403);
    expect(await cross.json()).toMatchObject({ reason: 'cross_site_request' });
    const foreignOrigin = await fetch(`${base}/api/agent-execution/t1`, {
      method: 'DELETE',
      headers: { origin: 'https://evil.example', ...csrf },
    });
    expect(foreignOrigin.status).toBe(403);
    const same = await fetch(`${base}/api/agent-execution/t1`, {
      method: 'DELETE',
      headers: { 'sec-fetch-site': 'same-origin', ...csrf },
    });
    expect(same.status).toBe(200);
    const read = await fetch(`${base}/api/agents/list`, {
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(read.status).toBe(200);
    // The GET before the DELETE is the audit trail reading the task it is about to change.
    expect(upstream.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /agent-execution/t1/status',
      'DELETE /agent-execution/t1',
      'GET /agents/list',
    ]);
  });

  it('rejects dot segments that would climb out of the REST base', async () => {
    const base = await start({ restBase: `${upstream.url}/ORG` });
    // fetch() would normalise these paths itself; a raw request sends them as written.
    const rawStatus = (path: string) =>
      new Promise<number>((resolve, reject) => {
        httpRequest(`${base}${path}`, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
          .on('error', reject)
          .end();
      });
    // The server's URL parsing already resolves %2e%2e (so that one falls outside /api: 404).
    expect(await rawStatus('/api/%2e%2e/other-org/agents/list')).toBe(404);
    for (const path of ['/api/a/%2E%2E%2Fb', '/api/a%2Fb', '/api/a%5C..']) {
      expect(await rawStatus(path), path).toBe(400);
    }
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers 503 not_configured without a key', async () => {
    gateway = await startGateway({ ...testConfig(upstream.url), apiKey: undefined });
    const response = await fetch(`${gateway.url}/api/agents/list`);
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ reason: 'not_configured' });
  });

  it('aborts the upstream call when the browser goes away', async () => {
    upstream.route('GET', '/hang', async (_req, res) => {
      await sleep(1500);
      if (!res.destroyed) sendJson(res, 200, []);
    });
    const base = await start();
    const controller = new AbortController();
    const pending = fetch(`${base}/api/hang`, { signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    await sleep(200);
    controller.abort();
    await pending;
    await expect.poll(() => upstream.closedEarly, { timeout: 1000 }).toContain('/hang');
  });
});

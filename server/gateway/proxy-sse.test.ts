import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { GatewayConfig } from './config.ts';
import {
  type FakeUpstream,
  sendJson,
  sleep,
  startFakeUpstream,
  TEST_API_KEY,
  TEST_ORG,
  testConfig,
} from './fake-upstream.ts';
import { type RunningGateway, startGateway } from './start.ts';

let upstream: FakeUpstream;
let gateway: RunningGateway | undefined;

beforeEach(async () => {
  upstream = await startFakeUpstream();
});

afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
  await upstream.close();
});

async function start(overrides: Partial<GatewayConfig> = {}): Promise<string> {
  gateway = await startGateway(testConfig(upstream.url, overrides));
  return gateway.url;
}

const EVENTS_PATH = `/${TEST_ORG}/agent-execution/t1/events`;

function envelope(type: string, data: unknown): string {
  return JSON.stringify({
    type,
    task_id: 't1',
    organization_id: TEST_ORG,
    time: new Date().toISOString(),
    data,
  });
}

interface Arrival {
  at: number;
  text: string;
}

/** Reads a stream to its end (or error), timestamping every chunk. */
async function readAll(
  response: Response,
): Promise<{ arrivals: Arrival[]; text: string; error?: unknown }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const arrivals: Arrival[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      arrivals.push({ at: performance.now(), text: decoder.decode(value, { stream: true }) });
    }
  } catch (error) {
    return { arrivals, text: arrivals.map((a) => a.text).join(''), error };
  }
  return { arrivals, text: arrivals.map((a) => a.text).join('') };
}

describe('SSE proxy: streaming', () => {
  it('delivers each event when it is written, not buffered, then ends when upstream ends', async () => {
    // Causal, not timed: the upstream writes the next event only after the browser side has
    // received the previous one. A buffering proxy would hold event i back, the upstream would
    // wait for it forever, and the test would time out.
    let received = 0;
    let waiters: { n: number; resolve: () => void }[] = [];
    const receivedAtLeast = (n: number) =>
      new Promise<void>((resolve) => {
        if (received >= n) resolve();
        else waiters.push({ n, resolve });
      });
    upstream.route('GET', EVENTS_PATH, async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 0; i < 5; i++) {
        res.write(`data: ${envelope(i === 4 ? 'task_finished' : 'chunk', `part ${i}`)}\n\n`);
        await receivedAtLeast(i + 1);
      }
      res.end();
    });
    const base = await start({ sseKeepAliveMs: 60_000 });
    const response = await fetch(`${base}/api/agent-execution/t1/events`);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      received = text.split('\n').filter((line) => line.startsWith('data:')).length;
      for (const w of waiters) if (w.n <= received) w.resolve();
      waiters = waiters.filter((w) => w.n > received);
    }
    const events = text.split('\n').filter((line) => line.startsWith('data:'));
    expect(events).toHaveLength(5);
    events.forEach((line, i) => expect(line).toContain(`part ${i}`));
  });

  it('sets the streaming headers and never compresses the stream', async () => {
    upstream.route('GET', EVENTS_PATH, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`data: ${envelope('chunk', 'x'.repeat(5000))}\n\n`);
    });
    const base = await start();
    const response = await fetch(`${base}/api/agent-execution/t1/events`, {
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('no-cache');
    expect(response.headers.get('x-accel-buffering')).toBe('no');
    expect(response.headers.get('content-encoding')).toBeNull();
    expect((await readAll(response)).text).toContain('x'.repeat(5000));
  });

  it('calls the events URL with the key, the SSE accept header and Last-Event-ID, nothing else from the browser', async () => {
    upstream.route('GET', EVENTS_PATH, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end();
    });
    const base = await start();
    await (
      await fetch(`${base}/api/agent-execution/t1/events`, {
        headers: { 'last-event-id': '41', cookie: 'sid=1', authorization: 'Bearer b' },
      })
    ).text();
    const seen = upstream.requests[0]!;
    expect(seen.url).toBe(EVENTS_PATH);
    expect(seen.headers['x-api-key']).toBe(TEST_API_KEY);
    expect(seen.headers.accept).toBe('text/event-stream');
    expect(seen.headers['last-event-id']).toBe('41');
    expect(seen.headers.cookie).toBeUndefined();
    expect(seen.headers.authorization).toBeUndefined();
  });

  it('sends ": keep-alive" comments while the upstream is idle', async () => {
    upstream.route('GET', EVENTS_PATH, async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${envelope('task_updated', { id: 't1' })}\n\n`);
      await sleep(450);
      res.end(`data: ${envelope('task_finished', { id: 't1' })}\n\n`);
    });
    const base = await start({ sseKeepAliveMs: 100 });
    const { text } = await readAll(await fetch(`${base}/api/agent-execution/t1/events`));
    const keepAlives = text.split('\n').filter((line) => line === ': keep-alive');
    expect(keepAlives.length).toBeGreaterThanOrEqual(3);
    expect(text.indexOf(': keep-alive')).toBeGreaterThan(text.indexOf('task_updated'));
    expect(text.trimEnd().endsWith('}')).toBe(true);
  });

  it('keeps an upstream that sends only its own keep-alives open past the stall limit', async () => {
    upstream.route('GET', EVENTS_PATH, async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${envelope('task_updated', { id: 't1' })}\n\n`);
      for (let i = 0; i < 8; i++) {
        await sleep(100);
        res.write(': ping\n\n');
      }
      res.end(`data: ${envelope('task_finished', { id: 't1' })}\n\n`);
    });
    const base = await start({ sseKeepAliveMs: 50, sseStallMs: 300 });
    const { text, error } = await readAll(await fetch(`${base}/api/agent-execution/t1/events`));
    expect(error).toBeUndefined();
    expect(text).toContain('task_finished');
  });

  it('does not count the time it paused a fast upstream for a slow browser as a stall', async () => {
    const frame = `data: ${envelope('chunk', 'x'.repeat(64 * 1024))}\n\n`;
    upstream.route('GET', EVENTS_PATH, async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 0; i < 256; i++) {
        if (!res.write(frame)) await new Promise((resolve) => res.once('drain', resolve));
      }
      res.end(`data: ${envelope('task_finished', { id: 't1' })}\n\n`);
    });
    const base = await start({ sseKeepAliveMs: 60_000, sseStallMs: 300 });
    const response = await fetch(`${base}/api/agent-execution/t1/events`);
    // 16 MiB is more than the socket buffers hold: the gateway has to pause the upstream.
    await sleep(900);
    const { text, error } = await readAll(response);
    expect(error).toBeUndefined();
    expect(text).toContain('task_finished');
  });

  it('strips secrets from every event and re-serialises its data line', async () => {
    const task = {
      id: 't1',
      user_oidc_token: 'oidc-SECRET',
      user_tokens: { a: 'SECRET' },
      mcp_servers: [{ name: 'm', api_key: 'SECRET', env_vars: { X: 'SECRET' } }],
    };
    upstream.route('GET', EVENTS_PATH, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data:${envelope('task_created', task)}\r\n\r\n`);
      res.end(`data: ${envelope('task_finished', { ...task, note: `key ${TEST_API_KEY}` })}\n\n`);
    });
    const base = await start();
    const { text } = await readAll(await fetch(`${base}/api/agent-execution/t1/events`));
    expect(text).not.toMatch(/SECRET|user_tokens|user_oidc_token|api_key|env_vars/);
    expect(text).not.toContain(TEST_API_KEY);
    const frames = text.split('\n\n').filter(Boolean);
    expect(frames).toHaveLength(2);
    expect(JSON.parse(frames[0]!.replace(/^data: /, ''))).toMatchObject({
      type: 'task_created',
      data: { id: 't1', mcp_servers: [{ name: 'm' }] },
    });
  });
});

describe('SSE proxy: disconnects and bad upstreams', () => {
  it('aborts the upstream request when the browser disconnects', async () => {
    upstream.route('GET', EVENTS_PATH, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${envelope('task_updated', { id: 't1' })}\n\n`);
      const timer = setInterval(() => res.write(': upstream-ping\n'), 50);
      res.on('close', () => clearInterval(timer));
    });
    const base = await start();
    const controller = new AbortController();
    const response = await fetch(`${base}/api/agent-execution/t1/events`, {
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    expect(upstream.closedEarly).toEqual([]);
    const abortedAt = performance.now();
    controller.abort();
    await expect
      .poll(() => upstream.closedEarly, { timeout: 2000, interval: 20 })
      .toContain(EVENTS_PATH);
    expect(performance.now() - abortedAt).toBeLessThan(1000);
  });

  it('refuses HEAD without opening an upstream stream', async () => {
    const base = await start();
    const response = await fetch(`${base}/api/agent-execution/t1/events`, { method: 'HEAD' });
    expect(response.status).toBe(405);
    expect(upstream.requests).toHaveLength(0);
  });

  it('passes a non-SSE JSON answer (404) through with its status', async () => {
    upstream.route('GET', EVENTS_PATH, (_req, res) =>
      sendJson(res, 404, { detail: 'Task t1 not found', user_tokens: { a: 'SECRET' } }),
    );
    const base = await start();
    const response = await fetch(`${base}/api/agent-execution/t1/events`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual({ detail: 'Task t1 not found' });
  });

  it('answers 502 upstream_non_sse for an HTML answer', async () => {
    upstream.route('GET', EVENTS_PATH, (_req, res) =>
      res.writeHead(500, { 'content-type': 'text/html' }).end('<h1>oops</h1>'),
    );
    const base = await start();
    const response = await fetch(`${base}/api/agent-execution/t1/events`);
    expect(response.status).toBe(502);
    expect(await response.json()).toMatchObject({
      reason: 'upstream_non_sse',
      upstream_status: 500,
    });
  });

  it('answers 502 when unreachable and 504 when the head is too slow', async () => {
    upstream.route('GET', EVENTS_PATH, async (_req, res) => {
      await sleep(1500);
      if (!res.destroyed) res.writeHead(200, { 'content-type': 'text/event-stream' }).end();
    });
    const base = await start({ upstreamTimeoutMs: 300 });
    const slow = await fetch(`${base}/api/agent-execution/t1/events`);
    expect(slow.status).toBe(504);
    expect(await slow.json()).toMatchObject({ reason: 'upstream_timeout' });

    await gateway?.close();
    gateway = await startGateway(testConfig(upstream.url, { eventsHost: 'http://127.0.0.1:1' }));
    const dead = await fetch(`${gateway.url}/api/agent-execution/t1/events`);
    expect(dead.status).toBe(502);
    expect(await dead.json()).toMatchObject({ reason: 'upstream_unreachable' });
  });

  it('breaks the stream off when the upstream goes silent, still sending its own keep-alives until then', async () => {
    upstream.route('GET', EVENTS_PATH, (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      // Then nothing at all, not even a keep-alive, while the connection stays open.
      res.write(`data: ${envelope('task_updated', { id: 't1', n: 1 })}\n\n`);
    });
    const base = await start({ sseKeepAliveMs: 100, sseStallMs: 450 });
    const started = performance.now();
    const { text, error } = await readAll(await fetch(`${base}/api/agent-execution/t1/events`));
    const elapsed = performance.now() - started;
    expect(text).toContain('"n":1');
    expect(text.split('\n').filter((line) => line === ': keep-alive').length).toBeGreaterThan(1);
    // Broken, not closed cleanly: a clean end would read as "the stream is over".
    expect(error).toBeDefined();
    expect(elapsed).toBeGreaterThanOrEqual(400);
    expect(elapsed).toBeLessThan(1500);
    await expect
      .poll(() => upstream.closedEarly, { timeout: 2000, interval: 20 })
      .toContain(EVENTS_PATH);
  });

  it('never breaks a silent stream off when the stall limit is 0', async () => {
    upstream.route('GET', EVENTS_PATH, async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${envelope('task_updated', { id: 't1' })}\n\n`);
      await sleep(500);
      res.end(`data: ${envelope('task_finished', { id: 't1' })}\n\n`);
    });
    const base = await start({ sseKeepAliveMs: 100, sseStallMs: 0 });
    const { text, error } = await readAll(await fetch(`${base}/api/agent-execution/t1/events`));
    expect(error).toBeUndefined();
    expect(text).toContain('task_finished');
  });

  it('delivers what arrived, then breaks the stream when the upstream drops mid-stream', async () => {
    upstream.route('GET', EVENTS_PATH, async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(`data: ${envelope('task_updated', { id: 't1', n: 1 })}\n\n`);
      res.write(`data: {"type":"chunk","da`);
      await sleep(100);
      res.destroy();
    });
    const base = await start();
    const { text, error } = await readAll(await fetch(`${base}/api/agent-execution/t1/events`));
    expect(text).toContain('"n":1');
    expect(text).not.toContain('"type":"chunk"');
    expect(error).toBeDefined();
  });
});

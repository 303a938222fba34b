import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSseScript,
  type FaultUpstream,
  rewriteJson,
  splitFrames,
  startFaultUpstream,
} from './fault-upstream.ts';

const frame = (n: number) => `data: {"n":${n}}\n\n`;

/** A tiny platform stand-in: JSON routes and an event stream of 10 numbered frames. */
async function startTarget(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/task') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 't1', status: 'completed', title: 'hello' }));
    } else if (path === '/list') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify([{ id: 'a' }, { id: 'b' }]));
    } else if (path === '/echo') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            method: req.method,
            key: req.headers['x-api-key'] ?? null,
            encoding: req.headers['accept-encoding'] ?? null,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      });
    } else if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let n = 0;
      const tick = setInterval(() => {
        n++;
        res.write(frame(n));
        if (n === 10) {
          clearInterval(tick);
          res.end();
        }
      }, 5);
      res.on('close', () => clearInterval(tick));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"nope"}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Reads a whole event stream (or until it breaks) and returns the `n` of each frame. */
async function readStream(url: string): Promise<{ ns: number[]; broken: boolean; text: string }> {
  const response = await fetch(url);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let broken = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    broken = true;
  }
  const ns = [...text.matchAll(/^data: \{"n":(\d+)\}$/gm)].map((m) => Number(m[1]));
  return { ns, broken, text };
}

describe('fault upstream', () => {
  let target: { url: string; server: Server };
  let faults: FaultUpstream;

  beforeEach(async () => {
    target = await startTarget();
    faults = await startFaultUpstream({ target: target.url });
  });
  afterEach(async () => {
    await faults.close();
    target.server.closeAllConnections();
    await new Promise<void>((r) => target.server.close(() => r()));
  });

  it('proxies untouched by default: method, body and headers, without accept-encoding', async () => {
    const res = await fetch(`${faults.url}/echo`, {
      method: 'PATCH',
      headers: { 'x-api-key': 'k1', 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(await res.json()).toEqual({
      method: 'PATCH',
      key: 'k1',
      encoding: null,
      body: '{"a":1}',
    });
    expect(faults.log.at(-1)).toMatchObject({
      method: 'PATCH',
      path: '/echo',
      status: 200,
      fault: null,
    });
  });

  it('answers an injected status with Retry-After, only `times` times', async () => {
    faults.addRule({
      path: '^/task$',
      times: 1,
      action: { kind: 'status', status: 429, retryAfter: 7 },
    });
    const first = await fetch(`${faults.url}/task`);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(await first.json()).toEqual({ detail: 'Injected 429' });
    const second = await fetch(`${faults.url}/task`);
    expect(second.status).toBe(200);
    expect(faults.rules()).toEqual([]);
  });

  it('matches by method and path', async () => {
    faults.addRule({ method: 'POST', path: '^/echo$', action: { kind: 'status', status: 503 } });
    expect((await fetch(`${faults.url}/echo`)).status).toBe(200);
    expect((await fetch(`${faults.url}/echo`, { method: 'POST', body: 'x' })).status).toBe(503);
    expect((await fetch(`${faults.url}/task`, { method: 'POST', body: 'x' })).status).toBe(200);
  });

  it('resets the connection', async () => {
    faults.addRule({ path: '^/task$', action: { kind: 'reset' } });
    await expect(fetch(`${faults.url}/task`)).rejects.toThrow();
    expect(faults.log.at(-1)).toMatchObject({ status: 0 });
  });

  it('stalls until the client gives up, and delays then proxies', async () => {
    faults.addRule({ path: '^/task$', times: 1, action: { kind: 'stall' } });
    await expect(
      fetch(`${faults.url}/task`, { signal: AbortSignal.timeout(200) }),
    ).rejects.toThrow();
    faults.addRule({ path: '^/task$', times: 1, action: { kind: 'delay', ms: 150 } });
    const started = Date.now();
    const res = await fetch(`${faults.url}/task`);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('truncates a body mid-way, and sends raw non-JSON bodies', async () => {
    faults.addRule({ path: '^/task$', times: 1, action: { kind: 'truncate', bytes: 10 } });
    await expect(fetch(`${faults.url}/task`).then((r) => r.text())).rejects.toThrow();
    faults.addRule({
      path: '^/task$',
      times: 1,
      action: { kind: 'raw', body: '<html>Bad gateway</html>' },
    });
    const res = await fetch(`${faults.url}/task`);
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(await res.text()).toBe('<html>Bad gateway</html>');
  });

  it('rewrites JSON: unknown enum values, removed keys, padding, repeated rows', async () => {
    faults.addRule({
      path: '^/task$',
      times: 1,
      action: { kind: 'json', set: { status: 'quantum', 'input.text': null }, remove: ['title'] },
    });
    expect(await (await fetch(`${faults.url}/task`)).json()).toEqual({
      id: 't1',
      status: 'quantum',
      input: { text: null },
    });
    faults.addRule({
      path: '^/task$',
      times: 1,
      action: { kind: 'json', pad: { field: 'result', bytes: 1_000_000 } },
    });
    const big = (await (await fetch(`${faults.url}/task`)).json()) as { result: string };
    expect(big.result.length).toBe(1_000_000);
    faults.addRule({ path: '^/list$', times: 1, action: { kind: 'json', repeat: 5 } });
    const rows = (await (await fetch(`${faults.url}/list`)).json()) as { id: string }[];
    expect(rows.map((r) => r.id)).toEqual(['a', 'b', 'a-r2', 'b-r3', 'a-r4']);
  });

  it('refuses connections while offline and serves again afterwards on the same port', async () => {
    await faults.setOffline(true);
    await expect(fetch(`${faults.url}/task`)).rejects.toThrow();
    await faults.setOffline(false);
    expect((await fetch(`${faults.url}/task`)).status).toBe(200);
  });

  it('passes an event stream through untouched without a rule', async () => {
    const { ns, broken } = await readStream(`${faults.url}/events`);
    expect(ns).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(broken).toBe(false);
  });

  it('drops a stream abruptly after k frames', async () => {
    faults.addRule({ path: '^/events$', times: 1, action: { kind: 'sse', dropAfter: 3 } });
    const { ns, broken } = await readStream(`${faults.url}/events`);
    expect(ns).toEqual([1, 2, 3]);
    expect(broken).toBe(true);
  });

  it('replays, reorders, skips and adds ids', async () => {
    faults.addRule({
      path: '^/events$',
      times: 1,
      action: { kind: 'sse', replay: { at: 4, count: 2 } },
    });
    expect((await readStream(`${faults.url}/events`)).ns).toEqual([
      1, 2, 3, 4, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    faults.addRule({ path: '^/events$', times: 1, action: { kind: 'sse', reorder: true } });
    expect((await readStream(`${faults.url}/events`)).ns).toEqual([2, 1, 4, 3, 6, 5, 8, 7, 10, 9]);
    faults.addRule({
      path: '^/events$',
      times: 1,
      action: { kind: 'sse', skip: [1, 2], ids: true },
    });
    const gap = await readStream(`${faults.url}/events`);
    expect(gap.ns).toEqual([1, 4, 5, 6, 7, 8, 9, 10]);
    expect(gap.text).toContain('id: 4\ndata: {"n":4}');
  });

  it('stalls a stream without a byte after k frames', async () => {
    faults.addRule({ path: '^/events$', times: 1, action: { kind: 'sse', stallAfter: 2 } });
    const response = await fetch(`${faults.url}/events`);
    const reader = response.body!.getReader();
    let text = '';
    const deadline = Date.now() + 400;
    const decoder = new TextDecoder();
    while (Date.now() < deadline) {
      const next = await Promise.race([
        reader.read(),
        new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now())),
      ]);
      if (next === null || next.done) break;
      text += decoder.decode(next.value, { stream: true });
    }
    await reader.cancel();
    expect(text).toBe(frame(1) + frame(2));
  });

  it('mixes garbage lines into a stream without losing the real frames', async () => {
    faults.addRule({ path: '^/events$', times: 1, action: { kind: 'sse', garbage: true } });
    const { ns, text } = await readStream(`${faults.url}/events`);
    expect(ns).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(text).toContain('this line has no colon at all');
    expect(text).toContain('retry: soon');
  });

  it('is driven over its control API', async () => {
    const add = await fetch(`${faults.controlUrl}/rules`, {
      method: 'POST',
      body: JSON.stringify({ path: '^/task$', action: { kind: 'status', status: 401 } }),
    });
    const { id } = (await add.json()) as { id: string };
    expect((await fetch(`${faults.url}/task`)).status).toBe(401);
    expect(await (await fetch(`${faults.controlUrl}/rules`)).json()).toHaveLength(1);
    await fetch(`${faults.controlUrl}/rules/${id}`, { method: 'DELETE' });
    expect((await fetch(`${faults.url}/task`)).status).toBe(200);
    const log = (await (await fetch(`${faults.controlUrl}/log`)).json()) as { status: number }[];
    expect(log.map((e) => e.status)).toEqual([401, 200]);
    await fetch(`${faults.controlUrl}/offline`, { method: 'POST', body: '{"offline":true}' });
    await expect(fetch(`${faults.url}/task`)).rejects.toThrow();
    await fetch(`${faults.controlUrl}/offline`, { method: 'POST', body: '{"offline":false}' });
    expect((await fetch(`${faults.url}/task`)).status).toBe(200);
    expect((await fetch(`${faults.controlUrl}/rules`, { method: 'POST', body: '{}' })).status).toBe(
      400,
    );
  });
});

describe('SSE helpers', () => {
  it('splits frames across CRLF and keeps the incomplete rest', () => {
    expect(splitFrames('data: 1\r\n\r\ndata: 2\n\ndata: 3')).toEqual({
      frames: ['data: 1\n\n', 'data: 2\n\n'],
      rest: 'data: 3',
    });
  });

  it('flushes a frame held back by reordering at the end', () => {
    const script = createSseScript({ reorder: true });
    expect(script.push(frame(1)).write).toBe('');
    expect(script.end()).toBe(frame(1));
  });

  it('leaves non-object JSON alone when rewriting', () => {
    expect(rewriteJson('text', { kind: 'json', set: { a: 1 } })).toBe('text');
    expect(rewriteJson([1, null], { kind: 'json', set: { a: 1 } })).toEqual([1, null]);
  });
});

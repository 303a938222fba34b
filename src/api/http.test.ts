import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { api, ids, scenarios } from '@/mocks';
import { server } from '@/mocks/node';
import { ApiError, isHttpStatus } from './api-error';
import { buildUrl, request } from './http';
import { getTask, updateTask } from './tasks';

async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('request', () => {
  it('builds the URL under /api and skips undefined and null query values', () => {
    const url = new URL(
      buildUrl('/x/y', { a: 'b c', skip: undefined, none: null, n: 0, f: false }),
    );
    expect(url.pathname).toBe('/api/x/y');
    expect([...url.searchParams]).toEqual([
      ['a', 'b c'],
      ['n', '0'],
      ['f', 'false'],
    ]);
  });

  it('sends a JSON body and parses the reply with the schema', async () => {
    let seen: { type: string | null; body: unknown } | undefined;
    server.use(
      http.post(api('/echo'), async ({ request: req }) => {
        seen = { type: req.headers.get('content-type'), body: await req.json() };
        return HttpResponse.json({ ok: true, extra: 1 });
      }),
    );
    const out = await request({
      method: 'POST',
      path: '/echo',
      body: { a: 1 },
      schema: z.object({ ok: z.boolean() }),
    });
    expect(out).toEqual({ ok: true });
    expect(seen).toEqual({ type: 'application/json', body: { a: 1 } });
  });
});

describe('ApiError kinds', () => {
  it('network: no response at all', async () => {
    server.use(http.get(api('/agent-execution/:id/status'), () => HttpResponse.error()));
    const error = await failureOf(getTask('t1'));
    expect(error.kind).toBe('network');
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(/Could not reach the server/);
  });

  it('http 404 with the detail from the body', async () => {
    server.use(...scenarios.taskNotFound);
    const error = await failureOf(getTask('nope'));
    expect(error).toMatchObject({ kind: 'http', status: 404, detail: 'Task nope not found' });
    expect(error.bodyText).toBe('{"detail":"Task nope not found"}');
    expect(error.message).toBe('Not found (404): Task nope not found');
    expect(isHttpStatus(error, 404)).toBe(true);
  });

  it('http 409 from a conflicting update', async () => {
    server.use(...scenarios.updateConflict409);
    const error = await failureOf(updateTask(ids.liveTask, { status: 'completed' }));
    expect(error).toMatchObject({ kind: 'http', status: 409 });
    expect(error.detail).toMatch(/modified concurrently/);
  });

  it('http 500 keeps a non-JSON body as text', async () => {
    server.use(
      http.get(api('/agent-execution/:id/status'), () =>
        HttpResponse.text('<html>upstream down</html>', { status: 502 }),
      ),
    );
    const error = await failureOf(getTask('t1'));
    expect(error).toMatchObject({ kind: 'http', status: 502, detail: undefined });
    expect(error.bodyText).toBe('<html>upstream down</html>');
    expect(error.message).toMatch(/server failed \(502\)/);
  });

  it('http 422 with a FastAPI detail list is summarised', async () => {
    server.use(
      http.patch(api('/agent-execution/:id/update'), () =>
        HttpResponse.json(
          { detail: [{ loc: ['body', 'status'], msg: 'Input should be a status' }] },
          { status: 422 },
        ),
      ),
    );
    const error = await failureOf(updateTask('t1', { result: 'x' }));
    expect(error.detail).toBe('body.status: Input should be a status');
  });

  it('contract: a 2xx whose body misses fields names them', async () => {
    server.use(...scenarios.malformedPayload);
    const error = await failureOf(getTask('t1'));
    expect(error.kind).toBe('contract');
    expect(error.issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['input', 'created_at', 'status']),
    );
    expect(error.message).toMatch(/GET \/agent-execution\/t1\/status: .*input: /);
  });

  it('contract: a 2xx that is not JSON', async () => {
    server.use(
      http.get(api('/agent-execution/:id/status'), () => HttpResponse.text('<!doctype html>')),
    );
    const error = await failureOf(getTask('t1'));
    expect(error.kind).toBe('contract');
    expect(error.message).toMatch(/not JSON \(text\/plain/);
  });

  it('aborted: the caller cancels a pending request', async () => {
    server.use(
      http.get(api('/agent-execution/:id/status'), async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const controller = new AbortController();
    const pending = getTask('t1', { signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    const error = await failureOf(pending);
    expect(error.kind).toBe('aborted');
  });

  it('aborted: a signal that already fired', async () => {
    const error = await failureOf(getTask(ids.sampleTask, { signal: AbortSignal.abort() }));
    expect(error.kind).toBe('aborted');
  });
});

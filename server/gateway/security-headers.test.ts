import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayApp } from './app.ts';
import {
  csrfHeaders,
  type FakeUpstream,
  sendJson,
  startFakeUpstream,
  testConfig,
} from './fake-upstream.ts';
import { CONTENT_SECURITY_POLICY } from './security-headers.ts';

let dist: string;
let upstream: FakeUpstream;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'gateway-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>x</title>');
  upstream = await startFakeUpstream();
  upstream.route('GET', '/agents/list', (_req, res) => sendJson(res, 200, []));
  upstream.route('GET', '/org-test/agent-execution/t1/events', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end('data: {"type":"chunk","data":"x"}\n\n');
  });
});

afterAll(async () => {
  rmSync(dist, { recursive: true, force: true });
  await upstream.close();
});

function expectSecurityHeaders(response: Response, what: string): void {
  const h = response.headers;
  expect(h.get('content-security-policy'), what).toBe(CONTENT_SECURITY_POLICY);
  expect(h.get('x-content-type-options'), what).toBe('nosniff');
  expect(h.get('referrer-policy'), what).toBe('no-referrer');
  expect(h.get('x-frame-options'), what).toBe('DENY');
  expect(h.get('cross-origin-opener-policy'), what).toBe('same-origin');
}

describe('security headers', () => {
  it('the CSP allows no inline or foreign script and locks framing, base and objects', () => {
    const directives = new Map(
      CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0], d]),
    );
    expect(directives.get('script-src')).toBe("script-src 'self'");
    expect(directives.get('default-src')).toBe("default-src 'self'");
    expect(directives.get('object-src')).toBe("object-src 'none'");
    expect(directives.get('base-uri')).toBe("base-uri 'none'");
    expect(directives.get('frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directives.get('connect-src')).toBe("connect-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*/);
  });

  it('are on every kind of response: static, fallback, api, errors, SSE, health', async () => {
    const app = createGatewayApp(testConfig(upstream.url, { distDir: dist, bodyLimitBytes: 10 }));
    const dead = createGatewayApp(testConfig('http://127.0.0.1:1', { distDir: dist }));
    const cases: [string, Response | Promise<Response>, number][] = [
      ['index', app.request('/'), 200],
      ['spa fallback', app.request('/tasks/1', { headers: { accept: 'text/html' } }), 200],
      ['static 404', app.request('/assets/nope.js'), 404],
      ['405', app.request('/', { method: 'PUT' }), 405],
      ['api ok', app.request('/api/agents/list'), 200],
      ['api upstream 404', app.request('/api/unknown/route'), 404],
      [
        'api 413',
        csrfHeaders(app).then((csrf) =>
          app.request('/api/agent-execution/a1', {
            method: 'POST',
            body: 'x'.repeat(100),
            headers: { 'content-type': 'application/json', ...csrf },
          }),
        ),
        413,
      ],
      ['api 502', dead.request('/api/agents/list'), 502],
      ['sse', app.request('/api/agent-execution/t1/events'), 200],
      ['sse 502', dead.request('/api/agent-execution/t1/events'), 502],
      ['healthz', app.request('/healthz'), 200],
      ['readyz ok', app.request('/readyz'), 200],
      ['readyz down', dead.request('/readyz'), 503],
    ];
    for (const [what, pending, status] of cases) {
      const response = await pending;
      expect(response.status, what).toBe(status);
      expectSecurityHeaders(response, what);
      expect(response.headers.get('strict-transport-security'), what).toBeNull();
      await response.arrayBuffer();
    }
  });

  it('adds HSTS over https, and behind a proxy only when it is trusted', async () => {
    const untrusted = createGatewayApp(testConfig(upstream.url, { distDir: dist }));
    const trusted = createGatewayApp(testConfig(upstream.url, { distDir: dist, trustProxy: true }));
    const viaProxy = { headers: { 'x-forwarded-proto': 'https' } };
    expect(
      (await untrusted.request('https://console.example/healthz')).headers.get(
        'strict-transport-security',
      ),
    ).toMatch(/max-age=31536000/);
    expect(
      (await untrusted.request('http://console.example/healthz', viaProxy)).headers.get(
        'strict-transport-security',
      ),
    ).toBeNull();
    expect(
      (await trusted.request('http://console.example/healthz', viaProxy)).headers.get(
        'strict-transport-security',
      ),
    ).toMatch(/max-age=31536000/);
    expect(
      (await trusted.request('http://console.example/healthz')).headers.get(
        'strict-transport-security',
      ),
    ).toBeNull();
  });
});

describe('health endpoints', () => {
  it('/healthz is 200 {ok:true} without touching the upstream', async () => {
    const app = createGatewayApp(testConfig('http://127.0.0.1:1', { distDir: dist }));
    const response = await app.request('/healthz');
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('/readyz checks agents/list with the key and says why it is not ready', async () => {
    const ready = await createGatewayApp(testConfig(upstream.url, { distDir: dist })).request(
      '/readyz',
    );
    expect(await ready.json()).toEqual({ ok: true });
    expect(
      upstream.requests.some(
        (r) => r.url === '/agents/list' && r.headers['x-api-key'] === 'sk-test-4f7a9c1e2b',
      ),
    ).toBe(true);

    const wrongKey = await startFakeUpstream();
    wrongKey.route('GET', '/agents/list', (_req, res) =>
      sendJson(res, 403, { detail: 'Invalid API key' }),
    );
    try {
      const denied = await createGatewayApp(testConfig(wrongKey.url, { distDir: dist })).request(
        '/readyz',
      );
      expect(denied.status).toBe(503);
      expect(await denied.json()).toEqual({ ok: false, reason: 'upstream_status_403' });
    } finally {
      await wrongKey.close();
    }

    const down = await createGatewayApp(
      testConfig('http://127.0.0.1:1', { distDir: dist }),
    ).request('/readyz');
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^upstream_unreachable/),
    });
  });
});

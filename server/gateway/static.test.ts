import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGatewayApp } from './app.ts';
import { testConfig } from './fake-upstream.ts';
import { IMMUTABLE_CACHE } from './static.ts';
import { type RunningGateway, startGateway } from './start.ts';

let dist: string;
let app: ReturnType<typeof createGatewayApp>;
const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const BUNDLE = `console.log(${JSON.stringify('bundle '.repeat(2000))});`;

beforeAll(() => {
  dist = mkdtempSync(join(tmpdir(), 'gateway-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), BUNDLE);
  writeFileSync(join(dist, 'assets', 'logo-99.png'), Buffer.alloc(4000, 7));
  writeFileSync(join(dist, 'robots.txt'), 'User-agent: *\n');
  writeFileSync(join(tmpdir(), 'gateway-outside-secret.txt'), 'outside');
  app = createGatewayApp(testConfig('http://127.0.0.1:1', { distDir: dist }));
});

afterAll(() => rmSync(dist, { recursive: true, force: true }));

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  app.request(`http://gw.local${path}`, { method, headers });

describe('static files', () => {
  it('serves index.html at / with no-cache', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(INDEX);
  });

  it('caches hashed assets immutably and un-hashed files with revalidation', async () => {
    const asset = await get('/assets/index-abc123.js', { 'accept-encoding': 'identity' });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe(IMMUTABLE_CACHE);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await asset.text()).toBe(BUNDLE);
    const robots = await get('/robots.txt');
    expect(robots.headers.get('cache-control')).toBe('no-cache');
  });

  it('compresses text assets with br or gzip as negotiated, never binary images', async () => {
    const br = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('vary')).toContain('Accept-Encoding');
    const brBytes = Buffer.from(await br.arrayBuffer());
    expect(brBytes.byteLength).toBeLessThan(BUNDLE.length / 5);
    expect(brotliDecompressSync(brBytes).toString()).toBe(BUNDLE);

    const gz = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip;q=1, br;q=0' });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(BUNDLE);

    const png = await get('/assets/logo-99.png', { 'accept-encoding': 'br, gzip' });
    expect(png.headers.get('content-encoding')).toBeNull();
    expect(png.headers.get('content-type')).toBe('image/png');
    expect((await png.arrayBuffer()).byteLength).toBe(4000);
  });

  it('falls back to index.html for client routes that accept HTML', async () => {
    for (const path of [
      '/tasks',
      '/tasks/abc-123?status=executing',
      '/agents/a1/tasks/t.with.dots',
    ]) {
      const response = await get(path, { accept: 'text/html,application/xhtml+xml' });
      expect(response.status, path).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toBe(INDEX);
    }
  });

  it('does not fall back for non-HTML requests, missing assets or /api', async () => {
    expect((await get('/tasks/1', { accept: 'application/json' })).status).toBe(404);
    const asset = await get('/assets/index-old999.js', { accept: 'text/html' });
    expect(asset.status).toBe(404);
    expect(await asset.json()).toMatchObject({ reason: 'not_found' });
    // /api never reaches the static handler: here the (dead) upstream answers.
    expect((await get('/api/nope', { accept: 'text/html' })).status).toBe(502);
  });

  it('answers HEAD without a body and 304 for a matching ETag', async () => {
    const head = await get('/assets/index-abc123.js', { 'accept-encoding': 'identity' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const etag = head.headers.get('etag');
    expect(etag).toBeTruthy();
    const again = await get('/assets/index-abc123.js', { 'if-none-match': etag! });
    expect(again.status).toBe(304);
  });

  it('refuses other methods on static paths', async () => {
    expect((await get('/', {}, 'POST')).status).toBe(405);
  });

  it('never serves files outside dist, however the path is encoded', async () => {
    let gateway: RunningGateway | undefined;
    try {
      gateway = await startGateway(testConfig('http://127.0.0.1:1', { distDir: dist }));
      const raw = (path: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          httpRequest(
            `${gateway!.url}${path}`,
            { headers: { accept: 'application/json' } },
            (res) => {
              let body = '';
              res.on('data', (c: Buffer) => (body += c.toString()));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
            },
          )
            .on('error', reject)
            .end();
        });
      for (const path of [
        '/..%2fgateway-outside-secret.txt',
        '/%2e%2e/gateway-outside-secret.txt',
        '/assets/..%2f..%2fgateway-outside-secret.txt',
        '/..%5cgateway-outside-secret.txt',
      ]) {
        const { status, body } = await raw(path);
        expect(status, path).toBeGreaterThanOrEqual(400);
        expect(body).not.toContain('outside');
      }
    } finally {
      await gateway?.close();
    }
  });

  it('explains itself when the SPA has not been built', async () => {
    const bare = createGatewayApp(
      testConfig('http://127.0.0.1:1', { distDir: join(dist, 'missing') }),
    );
    const response = await bare.request('http://gw.local/', { headers: { accept: 'text/html' } });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('not built');
  });
});

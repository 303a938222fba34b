import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type GatewayConfig, loadConfig } from './config.ts';

export type FakeRoute = (req: IncomingMessage, res: ServerResponse, body: Buffer) => unknown;

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeUpstream {
  url: string;
  requests: RecordedRequest[];
  /** Requests whose connection closed before the fake finished answering them. */
  closedEarly: string[];
  route(method: string, path: string | RegExp, handler: FakeRoute): void;
  close(): Promise<void>;
}

/**
 * A deliberately controllable platform on loopback for gateway tests: slow answers, drops,
 * non-JSON, huge bodies, streams written at known times. Unrouted requests get 404 JSON.
 */
export async function startFakeUpstream(): Promise<FakeUpstream> {
  const routes: { method: string; path: string | RegExp; handler: FakeRoute }[] = [];
  const requests: RecordedRequest[] = [];
  const closedEarly: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = req.url ?? '/';
      requests.push({
        method: req.method ?? 'GET',
        url,
        headers: req.headers,
        body: body.toString('utf8'),
      });
      res.on('close', () => {
        if (!res.writableFinished) closedEarly.push(url);
      });
      const path = url.split('?')[0] ?? url;
      const match = routes.find(
        (r) =>
          r.method === req.method &&
          (typeof r.path === 'string' ? r.path === path : r.path.test(path)),
      );
      if (!match) {
        res
          .writeHead(404, { 'content-type': 'application/json' })
          .end(JSON.stringify({ detail: `No route ${path}` }));
        return;
      }
      Promise.resolve(match.handler(req, res, body)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    closedEarly,
    route(method, path, handler) {
      routes.unshift({ method, path, handler });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

export const TEST_API_KEY = 'sk-test-4f7a9c1e2b';
export const TEST_ORG = 'org-test';

/** Gateway config pointing at `upstreamUrl` with a test key, ephemeral port, short timeouts. */
export function testConfig(
  upstreamUrl: string,
  overrides: Partial<GatewayConfig> = {},
): GatewayConfig {
  return loadConfig(
    {
      XPANDER_BASE_URL: upstreamUrl,
      XPANDER_API_KEY: TEST_API_KEY,
      XPANDER_ORGANIZATION_ID: TEST_ORG,
      PORT: '0',
      GATEWAY_UPSTREAM_TIMEOUT_MS: '2000',
    },
    { distDir: '/nonexistent-dist', eventsHost: upstreamUrl, sqlitePath: ':memory:', ...overrides },
  );
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** The X-CSRF-Token header every write needs, read from GET /api/session like the SPA does. */
export async function csrfHeaders(
  target: string | { request(path: string): Response | Promise<Response> },
  init: RequestInit = {},
): Promise<Record<string, string>> {
  const response =
    typeof target === 'string'
      ? await fetch(`${target}/api/session`, init)
      : await target.request('/api/session');
  const body = (await response.json()) as { csrf_token: string | null };
  if (!body.csrf_token) throw new Error('GET /api/session gave no csrf_token (not signed in?)');
  return { 'x-csrf-token': body.csrf_token };
}

import type { Hono } from 'hono';
import type { ConsoleStore, Role } from '../store/console-store.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import { createGatewayApp } from './app.ts';
import type { AuthConfig, GatewayConfig } from './config.ts';
import { type FakeUpstream, sendJson, testConfig } from './fake-upstream.ts';
import { hashPassword } from './password.ts';

/** Test accounts use a cheap scrypt cost; the gateway reads the cost from each hash. */
export const TEST_SCRYPT_N = 1024;
export const PASSWORD = 'correct horse battery staple';
export const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);
export const MINUTE = 60_000;

export const TASK_BEFORE = {
  id: 't1',
  agent_id: 'a1',
  organization_id: 'org-test',
  status: 'executing',
  result: null,
  title: 'Refund order 1042',
  updated_at: '2026-03-02T09:00:00Z',
  user_oidc_token: 'oidc-SECRET',
};

/** A platform with one task, answering the console's reads and writes. */
export function routeTaskPlatform(upstream: FakeUpstream): void {
  let task: Record<string, unknown> = { ...TASK_BEFORE };
  upstream.route('GET', '/agents/list', (_req, res) => sendJson(res, 200, []));
  upstream.route('GET', '/agent-execution/t1/status', (_req, res) => sendJson(res, 200, task));
  upstream.route('PATCH', '/agent-execution/t1/update', (_req, res, body) => {
    const patch = JSON.parse(body.toString()) as Record<string, unknown>;
    if (patch['updated_at'] === 'stale')
      return sendJson(res, 409, { detail: 'Task t1 was changed by someone else' });
    task = { ...task, ...patch, updated_at: '2026-03-02T09:05:00Z' };
    sendJson(res, 200, task);
  });
  upstream.route('DELETE', '/agent-execution/t1', (_req, res) => {
    task = {
      ...task,
      status: 'stopped',
      is_manually_stopped: true,
      updated_at: '2026-03-02T09:06:00Z',
    };
    sendJson(res, 200, task);
  });
  upstream.route('POST', '/agent-execution/a1', (_req, res, body) => {
    const request = JSON.parse(body.toString()) as Record<string, unknown>;
    if (typeof request['id'] === 'string') {
      task = { ...task, status: 'pending', result: null, updated_at: '2026-03-02T09:07:00Z' };
      return sendJson(res, 200, task);
    }
    sendJson(res, 200, { id: 't-new', agent_id: 'a1', status: 'pending', input: request['input'] });
  });
  upstream.route('POST', '/agents-metrics/a1/execution', (_req, res) => res.writeHead(204).end());
  upstream.route('GET', `/org-test/agent-execution/t1/events`, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end('data: {"type":"task_finished","data":{}}\n\n');
  });
}

export interface Harness {
  app: Hono;
  store: ConsoleStore;
  config: GatewayConfig;
  clock: { now: number };
  addUser(name: string, role: Role): Promise<void>;
  /** Signs in; returns the cookie header value and the CSRF token. */
  login(name: string, password?: string, headers?: Record<string, string>): Promise<Session>;
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
}

export interface Session {
  response: Response;
  cookie: string;
  csrf: string;
}

export interface CallOptions {
  session?: Session | undefined;
  /** Overrides the session's token; null sends none. */
  csrf?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export function cookieOf(response: Response): string {
  const header = response.headers.get('set-cookie') ?? '';
  return header.split(';')[0] ?? '';
}

export function localHarness(
  upstream: FakeUpstream,
  auth: Partial<AuthConfig> = {},
  store: ConsoleStore = new SqliteStore(':memory:'),
): Harness {
  const base = testConfig(upstream.url);
  const config: GatewayConfig = {
    ...base,
    auth: { ...base.auth, mode: 'local', scryptN: TEST_SCRYPT_N, ...auth },
  };
  const clock = { now: T0 };
  const app = createGatewayApp(config, { store, clock: () => clock.now });
  const call = (method: string, path: string, options: CallOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.session) headers['cookie'] = options.session.cookie;
    const csrf = options.csrf === undefined ? options.session?.csrf : options.csrf;
    if (csrf) headers['x-csrf-token'] = csrf;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    return Promise.resolve(app.request(path, { method, headers, body }));
  };
  return {
    app,
    store,
    config,
    clock,
    async addUser(name, role) {
      const passwordHash = await hashPassword(PASSWORD, TEST_SCRYPT_N);
      await store.createAccount({ username: name, role, passwordHash, disabled: false }, clock.now);
    },
    async login(name, password = PASSWORD, headers = {}) {
      const response = await call('POST', '/api/session/login', {
        body: { username: name, password },
        headers,
      });
      const cookie = cookieOf(response);
      const json = (await response.clone().json()) as { csrf_token?: string };
      return { response, cookie, csrf: json.csrf_token ?? '' };
    },
    call,
  };
}

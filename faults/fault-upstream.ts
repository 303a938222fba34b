/**
 * A fault-injecting upstream on loopback. It sits between the gateway and a real Tasks
 * platform and, by default, proxies every request to it unchanged. Rules (set in process or
 * through a small JSON control API on a separate port, so the browser can never reach it
 * through the gateway) turn chosen requests into failures: refused or reset connections,
 * stalls, error statuses with Retry-After, truncated or non-JSON bodies, drifted or huge JSON,
 * and event streams that drop, replay, reorder, stall or carry garbage.
 *
 * Control API (JSON):
 *   GET    /rules            the active rules
 *   POST   /rules            add one rule (body: FaultRule) -> { id }
 *   DELETE /rules            remove all rules
 *   DELETE /rules/:id        remove one rule
 *   POST   /offline          { offline: boolean } stop/start listening (real ECONNREFUSED)
 *   GET    /log              requests seen: [{ method, path, status, fault, at }]
 *   DELETE /log              forget them
 */
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type FaultAction =
  /** Destroys the socket without answering: the client sees a reset/empty reply. */
  | { kind: 'reset' }
  /** Never answers; the connection stays open until the client gives up. */
  | { kind: 'stall' }
  /** Waits, then proxies as usual. */
  | { kind: 'delay'; ms: number }
  /** Answers with this status; 429/503 get `retryAfter` seconds as Retry-After. */
  | {
      kind: 'status';
      status: number;
      body?: unknown;
      retryAfter?: number;
      headers?: Record<string, string>;
    }
  /** Answers with a raw body (an HTML error page behind a proxy, plain text, bad JSON). */
  | { kind: 'raw'; status?: number; contentType?: string; body: string }
  /** Proxies, then cuts the body after `bytes` (default: half) by destroying the socket. */
  | { kind: 'truncate'; bytes?: number }
  /**
   * Proxies a JSON answer and rewrites it: `set` dotted paths (an unknown enum value, a null),
   * `remove` keys, `pad` one string field to `bytes` characters, `repeat` array elements to
   * `repeat` rows (ids suffixed). Applies to the object, or to each element of an array.
   */
  | {
      kind: 'json';
      set?: Record<string, unknown>;
      remove?: string[];
      pad?: { field: string; bytes: number };
      repeat?: number;
    }
  /** Proxies an event stream through a per-connection script. */
  | ({ kind: 'sse' } & SseScript);

export interface SseScript {
  /** Close the connection abruptly after forwarding this many data frames. */
  dropAfter?: number;
  /** After `at` frames, send the previous `count` frames again (a replay). */
  replay?: { at: number; count: number };
  /** Swap each pair of adjacent frames (2-1, 4-3, ...). */
  reorder?: boolean;
  /** Skip the frames at these 0-based positions (a gap). */
  skip?: number[];
  /** After this many frames, stop sending anything (no keep-alives either) but stay open. */
  stallAfter?: number;
  /** Write garbage lines between frames (no colon, bad retry:, broken JSON, odd fields). */
  garbage?: boolean;
  /** Prefix each frame with `id: <n>` (1-based position in the upstream stream). */
  ids?: boolean;
}

export interface FaultRule {
  id?: string;
  /** HTTP method to match; any when absent. */
  method?: string;
  /** Regular expression source matched against the request path (without query). */
  path?: string;
  /** Apply to the next `times` matching requests only; every matching request when absent. */
  times?: number;
  action: FaultAction;
}

export interface FaultLogEntry {
  method: string;
  path: string;
  /** Status sent, or 0 when no answer was given (reset, stall, refused mid-way). */
  status: number;
  /** The id of the rule that acted, or null when proxied untouched. */
  fault: string | null;
  at: number;
}

export interface FaultUpstream {
  /** Point the gateway here (XPANDER_BASE_URL and XPANDER_EVENTS_URL). */
  url: string;
  /** The control API (a different port). */
  controlUrl: string;
  addRule(rule: FaultRule): string;
  removeRule(id: string): void;
  clearRules(): void;
  rules(): FaultRule[];
  log: FaultLogEntry[];
  /** true: stop listening, so new connections are refused; false: listen again on the same port. */
  setOffline(offline: boolean): Promise<void>;
  close(): Promise<void>;
}

export interface FaultUpstreamOptions {
  /** Base URL of the platform to proxy to, e.g. http://127.0.0.1:4010. */
  target: string;
  port?: number;
  controlPort?: number;
  host?: string;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'upgrade',
  'proxy-connection',
  'te',
  'trailer',
]);

const GARBAGE_LINES = [
  'this line has no colon at all',
  'retry: soon',
  'data: {"type": "task_updated", "data": {truncated',
  '',
  'event: not-a-known-event',
  'data: not json at all',
  '',
  'id: \u0000bad',
  ': a comment that is fine',
];

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (last !== undefined) node[last] = value;
}

/** Applies a `json` action to a parsed body; exported for unit tests. */
export function rewriteJson(
  value: unknown,
  action: Extract<FaultAction, { kind: 'json' }>,
): unknown {
  const one = (item: unknown): unknown => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return item;
    const copy = structuredClone(item) as Record<string, unknown>;
    for (const [path, v] of Object.entries(action.set ?? {})) setPath(copy, path, v);
    for (const key of action.remove ?? []) delete copy[key];
    if (action.pad) copy[action.pad.field] = 'x'.repeat(action.pad.bytes);
    return copy;
  };
  if (Array.isArray(value)) {
    let rows = value.map(one);
    if (action.repeat !== undefined && rows.length > 0) {
      const out: unknown[] = [];
      for (let i = 0; i < action.repeat; i++) {
        const base = rows[i % rows.length] as Record<string, unknown>;
        out.push(i < rows.length ? base : { ...base, id: `${String(base['id'] ?? 'row')}-r${i}` });
      }
      rows = out;
    }
    return rows;
  }
  return one(value);
}

/**
 * Splits SSE text into complete frames (ending in a blank line) and a remainder. Frames are
 * kept verbatim; comments-only frames are marked so scripts count only data frames.
 */
export function splitFrames(buffer: string): { frames: string[]; rest: string } {
  const normalized = buffer.replace(/\r\n?/g, '\n');
  const parts = normalized.split('\n\n');
  const rest = parts.pop() ?? '';
  return { frames: parts.map((p) => `${p}\n\n`), rest };
}

const isDataFrame = (frame: string): boolean => /^data:/m.test(frame);

/**
 * Applies an SSE script to a sequence of data frames as they arrive. Returns what to write
 * for each incoming frame and whether to drop or stall afterwards. Pure, so unit tests can
 * check the scripts without sockets.
 */
export function createSseScript(script: SseScript) {
  const sent: string[] = [];
  let position = 0;
  let held: string | null = null;
  let stalled = false;
  const skip = new Set(script.skip ?? []);
  const garbage = script.garbage ? `${GARBAGE_LINES.join('\n')}\n` : '';
  const withId = (frame: string, n: number) => (script.ids ? `id: ${n}\n${frame}` : frame);

  return {
    /** Feed one data frame; returns text to write and what to do next. */
    push(frame: string): { write: string; drop: boolean; stall: boolean } {
      if (stalled) return { write: '', drop: false, stall: true };
      const index = position++;
      if (skip.has(index)) return { write: '', drop: false, stall: false };
      const tagged = withId(frame, index + 1);
      let out: string[];
      if (script.reorder) {
        if (held === null) {
          held = tagged;
          return { write: '', drop: false, stall: false };
        }
        out = [tagged, held];
        held = null;
      } else {
        out = [tagged];
      }
      let write = '';
      for (const f of out) {
        write += garbage + f;
        sent.push(f);
        if (script.replay && sent.length === script.replay.at) {
          write += sent.slice(-script.replay.count).join('');
        }
        if (script.dropAfter !== undefined && sent.length >= script.dropAfter) {
          return { write, drop: true, stall: false };
        }
        if (script.stallAfter !== undefined && sent.length >= script.stallAfter) {
          stalled = true;
          return { write, drop: false, stall: true };
        }
      }
      return { write, drop: false, stall: false };
    },
    /** At the upstream's end: anything held back by reordering. */
    end(): string {
      const rest = held ?? '';
      held = null;
      return rest;
    },
    get sentCount() {
      return sent.length;
    },
  };
}

function matches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.path && !new RegExp(rule.path).test(path)) return false;
  return true;
}

export async function startFaultUpstream(options: FaultUpstreamOptions): Promise<FaultUpstream> {
  const host = options.host ?? '127.0.0.1';
  const target = new URL(options.target);
  const rules: (FaultRule & { id: string; remaining: number })[] = [];
  const log: FaultLogEntry[] = [];
  const sockets = new Set<Socket>();
  let nextId = 1;

  const addRule = (rule: FaultRule): string => {
    const id = rule.id ?? `f${nextId++}`;
    rules.push({ ...rule, id, remaining: rule.times ?? Number.POSITIVE_INFINITY });
    return id;
  };
  const removeRule = (id: string): void => {
    const i = rules.findIndex((r) => r.id === id);
    if (i >= 0) rules.splice(i, 1);
  };
  const take = (method: string, path: string) => {
    const rule = rules.find((r) => r.remaining > 0 && matches(r, method, path));
    if (!rule) return null;
    rule.remaining--;
    if (rule.remaining <= 0) removeRule(rule.id);
    return rule;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const rule = take(method, path);
    const entry: FaultLogEntry = {
      method,
      path,
      status: 0,
      fault: rule?.id ?? null,
      at: Date.now(),
    };
    log.push(entry);
    const body = await readBody(req);
    const action = rule?.action;

    if (action?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (action?.kind === 'stall') return; // the socket is closed by the client or by close()
    if (action?.kind === 'status') {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        ...action.headers,
      };
      if (action.retryAfter !== undefined) headers['retry-after'] = String(action.retryAfter);
      entry.status = action.status;
      const payload =
        action.status === 204
          ? ''
          : JSON.stringify(action.body ?? { detail: `Injected ${action.status}` });
      res.writeHead(action.status, headers).end(payload);
      return;
    }
    if (action?.kind === 'raw') {
      entry.status = action.status ?? 200;
      res
        .writeHead(entry.status, { 'content-type': action.contentType ?? 'text/html' })
        .end(action.body);
      return;
    }
    if (action?.kind === 'delay') await new Promise((r) => setTimeout(r, action.ms));
    if (res.destroyed || req.socket.destroyed) return;

    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name) || name === 'host') continue;
      // Bodies are rewritten here; a compressed one could not be.
      if (name === 'accept-encoding') continue;
      headers[name] = value;
    }
    headers['content-length'] = String(body.length);

    const upstream = httpRequest({
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port,
      method,
      path: `${target.pathname.replace(/\/$/, '')}${req.url ?? '/'}`,
      headers,
    });
    res.on('close', () => upstream.destroy());
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ detail: 'fault upstream: target unreachable' }));
    });
    upstream.on('response', (up) => {
      entry.status = up.statusCode ?? 502;
      const outHeaders: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(up.headers)) {
        if (value !== undefined && !HOP_BY_HOP.has(name)) outHeaders[name] = value;
      }
      const type = String(up.headers['content-type'] ?? '');
      if (type.startsWith('text/event-stream') && action?.kind === 'sse') {
        pipeSse(up, res, outHeaders, action);
        return;
      }
      if (action?.kind === 'json' || action?.kind === 'truncate') {
        void readBody(up).then((raw) => {
          let out = raw;
          if (action.kind === 'json' && type.includes('json')) {
            try {
              out = Buffer.from(
                JSON.stringify(rewriteJson(JSON.parse(raw.toString('utf8')), action)),
              );
            } catch {
              // not JSON after all: pass through
            }
          }
          outHeaders['content-length'] = String(out.length);
          res.writeHead(entry.status, outHeaders);
          if (action.kind === 'truncate') {
            const cut = action.bytes ?? Math.floor(out.length / 2);
            res.write(out.subarray(0, cut), () => res.destroy());
            return;
          }
          res.end(out);
        });
        return;
      }
      res.writeHead(entry.status, outHeaders);
      up.pipe(res);
    });
    upstream.end(body);
  };

  const pipeSse = (
    up: IncomingMessage,
    res: ServerResponse,
    headers: Record<string, string | string[]>,
    script: SseScript,
  ): void => {
    delete headers['content-length'];
    res.writeHead(200, headers);
    res.flushHeaders();
    const run = createSseScript(script);
    const decoder = new TextDecoder();
    let buffer = '';
    let stalled = false;
    up.on('data', (chunk: Buffer) => {
      if (stalled || res.destroyed) return;
      buffer += decoder.decode(chunk, { stream: true });
      const { frames, rest } = splitFrames(buffer);
      buffer = rest;
      for (const frame of frames) {
        if (!isDataFrame(frame)) {
          // keep-alive comments pass through unless the script is stalling
          res.write(frame);
          continue;
        }
        const step = run.push(frame);
        if (step.drop) {
          // An abrupt end (no terminating chunk, so the client sees a broken stream), once
          // the last frame is on the wire.
          stalled = true;
          up.destroy();
          res.write(step.write, () => res.socket?.destroy());
          return;
        }
        if (step.write) res.write(step.write);
        if (step.stall) {
          stalled = true;
          up.destroy();
          return;
        }
      }
    });
    up.on('end', () => {
      if (stalled || res.destroyed) return;
      res.end(run.end());
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const port = await listen(server, options.port ?? 0, host);

  const control = createServer((req, res) => {
    void (async () => {
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const raw = (await readBody(req)).toString('utf8');
      const json = (status: number, value: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      try {
        if (req.method === 'GET' && path === '/rules') return json(200, api.rules());
        if (req.method === 'POST' && path === '/rules') {
          const rule = JSON.parse(raw) as FaultRule;
          if (!rule || typeof rule !== 'object' || !rule.action)
            return json(400, { error: 'action required' });
          return json(200, { id: addRule(rule) });
        }
        if (req.method === 'DELETE' && path === '/rules') {
          api.clearRules();
          return json(200, {});
        }
        const one = /^\/rules\/([^/]+)$/.exec(path);
        if (req.method === 'DELETE' && one?.[1]) {
          removeRule(decodeURIComponent(one[1]));
          return json(200, {});
        }
        if (req.method === 'POST' && path === '/offline') {
          const { offline } = JSON.parse(raw) as { offline: boolean };
          await api.setOffline(Boolean(offline));
          return json(200, { offline: Boolean(offline) });
        }
        if (req.method === 'GET' && path === '/log') return json(200, log);
        if (req.method === 'DELETE' && path === '/log') {
          log.length = 0;
          return json(200, {});
        }
        return json(404, { error: 'no such control route' });
      } catch (error) {
        return json(400, { error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  const controlPort = await listen(control, options.controlPort ?? 0, host);

  let offline = false;
  const api: FaultUpstream = {
    url: `http://${host}:${port}`,
    controlUrl: `http://${host}:${controlPort}`,
    addRule,
    removeRule,
    clearRules: () => {
      rules.length = 0;
    },
    rules: () => rules.map(({ remaining: _r, ...rule }) => rule),
    log,
    async setOffline(next) {
      if (next === offline) return;
      offline = next;
      if (next) {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
      } else {
        await listen(server, port, host);
      }
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        offline ? Promise.resolve() : new Promise<void>((r) => server.close(() => r())),
        new Promise<void>((r) => {
          control.close(() => r());
          control.closeAllConnections();
        }),
      ]);
    },
  };
  return api;
}

import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback events upstream the gateway can point at (XPANDER_EVENTS_URL): for task ids with a
 * plan it streams synthetic `think` events at a fixed rate, each carrying its sequence number and
 * send time so a reader can count lost and duplicated events and measure event-to-screen latency.
 * Other task ids are piped to the reference platform's own stream, so the rest of the product
 * keeps working while the gateway points here.
 */

export interface StreamPlan {
  /** Events to send; Infinity for an open-ended stream (soak, idle streams). */
  count: number;
  perSecond: number;
  /** Close the response after the last event (the platform closes after task_finished). */
  closeAtEnd: boolean;
  /** Extra padding per event, to model bigger payloads. */
  padBytes?: number;
  /** Filled with each event's send time (epoch ms) at index seq - 1, for event-to-screen latency. */
  sentLog?: number[];
}

export interface SseUpstream {
  url: string;
  plan(taskId: string, plan: StreamPlan): void;
  /** Streams currently open per planned task id. */
  openStreams(): number;
  close(): Promise<void>;
}

/** Wall-clock ms with sub-ms precision: comparable with `performance.timeOrigin + performance.now()` in the page. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export const BENCH_EVENT_PREFIX = 'bench event ';

export function benchEventFrame(
  taskId: string,
  organizationId: string,
  seq: number,
  padBytes = 0,
): string {
  const sentAt = epochNow();
  const envelope = {
    type: 'think',
    task_id: taskId,
    organization_id: organizationId,
    time: new Date(sentAt).toISOString(),
    data: {
      title: `${BENCH_EVENT_PREFIX}${seq}`,
      thought: `sent ${sentAt.toFixed(3)}${padBytes > 0 ? ` ${'x'.repeat(padBytes)}` : ''}`,
      confidence: 0.5,
    },
  };
  return `data: ${JSON.stringify(envelope)}\n\n`;
}

/** Parses a bench event's sequence number and send time out of one SSE `data:` JSON line. */
export function parseBenchEvent(json: string): { seq: number; sentAt: number } | null {
  try {
    const e = JSON.parse(json) as { data?: { title?: unknown; thought?: unknown } };
    const title = e.data?.title;
    const thought = e.data?.thought;
    if (
      typeof title !== 'string' ||
      !title.startsWith(BENCH_EVENT_PREFIX) ||
      typeof thought !== 'string'
    )
      return null;
    return {
      seq: Number(title.slice(BENCH_EVENT_PREFIX.length)),
      sentAt: Number(thought.split(' ')[1]),
    };
  } catch {
    return null;
  }
}

export function startSseUpstream(options: {
  platformUrl: string;
  organizationId: string;
}): Promise<SseUpstream> {
  const plans = new Map<string, StreamPlan>();
  let open = 0;

  const streamPlan = (res: ServerResponse, taskId: string, plan: StreamPlan): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.flushHeaders();
    open++;
    let seq = 0;
    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      open--;
      clearTimeout(timer);
    };
    res.on('close', finish);
    // Catch up to the schedule on every tick: timers fire late under load, the rate must not sag.
    const tick = (): void => {
      if (done) return;
      const due = Math.min(
        plan.count,
        Math.floor(((performance.now() - started) / 1000) * plan.perSecond) + 1,
      );
      let batch = '';
      while (seq < due) {
        batch += benchEventFrame(taskId, options.organizationId, ++seq, plan.padBytes);
        if (plan.sentLog && plan.sentLog[seq - 1] === undefined) plan.sentLog[seq - 1] = epochNow();
      }
      if (batch) res.write(batch);
      if (seq >= plan.count) {
        if (plan.closeAtEnd) res.end();
        finish();
        return;
      }
      const nextAt = started + (seq / plan.perSecond) * 1000;
      timer = setTimeout(tick, Math.max(0, Math.min(nextAt - performance.now(), 1000)));
    };
    tick();
  };

  const pipeToPlatform = (req: IncomingMessage, res: ServerResponse): void => {
    const target = new URL(req.url ?? '/', options.platformUrl);
    const headers = { ...req.headers, host: target.host };
    const upstream = httpRequest(target, { method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  };

  const server: Server = createServer((req, res) => {
    const match = /^\/[^/]+\/agent-execution\/([^/?]+)\/events/.exec(req.url ?? '');
    const taskId = match ? decodeURIComponent(match[1] ?? '') : '';
    const plan = plans.get(taskId);
    if (plan) streamPlan(res, taskId, plan);
    else pipeToPlatform(req, res);
  });
  server.keepAliveTimeout = 60_000;
  server.maxConnections = 10_000;

  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        plan: (taskId, plan) => void plans.set(taskId, plan),
        openStreams: () => open,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

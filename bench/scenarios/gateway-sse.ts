import { request, Agent, type ClientRequest } from 'node:http';
import { createParser } from 'eventsource-parser';
import type { Scenario } from '../lib/context.ts';
import { runInterleaved } from '../lib/interleave.ts';
import { makeFigure } from '../lib/report.ts';
import { rssBytes } from '../lib/processes.ts';
import { epochNow, parseBenchEvent } from '../lib/sse-upstream.ts';
import { percentile, summarize } from '../lib/stats.ts';
import type { Stack } from '../lib/stack.ts';

const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface StreamReader {
  received: number[];
  latencies: number[];
  done: Promise<void>;
  abort(): void;
}

/** Reads one SSE stream with eventsource-parser, recording bench sequence numbers and latency. */
function readStream(url: string, agent: Agent, onFirst?: () => void): StreamReader {
  const received: number[] = [];
  const latencies: number[] = [];
  let req: ClientRequest | undefined;
  const parser = createParser({
    onEvent: (e) => {
      const ev = parseBenchEvent(e.data);
      if (!ev) return;
      if (received.length === 0) onFirst?.();
      received.push(ev.seq);
      latencies.push(epochNow() - ev.sentAt);
    },
  });
  const done = new Promise<void>((resolve, reject) => {
    req = request(url, { agent, headers: { accept: 'text/event-stream' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`${url} answered ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => parser.feed(chunk));
      res.on('end', () => resolve());
      res.on('error', () => resolve());
      res.on('close', () => resolve());
    });
    req.on('error', (error) =>
      (error as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(error),
    );
    req.end();
  });
  return { received, latencies, done, abort: () => req?.destroy() };
}

function lostAndDuplicated(
  received: readonly number[],
  expected: number,
): { lost: number; duplicated: number } {
  const seen = new Set<number>();
  let duplicated = 0;
  for (const s of received) {
    if (seen.has(s)) duplicated++;
    seen.add(s);
  }
  let lost = 0;
  for (let s = 1; s <= expected; s++) if (!seen.has(s)) lost++;
  return { lost, duplicated };
}

const INGEST = 'SSE through gateway (2,000 ev/s)';

/** 2,000 events/s from the loopback upstream, read through the gateway vs directly. */
export const gatewaySseIngest: Scenario = {
  id: 'gateway-sse-ingest',
  title: INGEST,
  stack: 'small',
  async run(ctx, stack: Stack) {
    const perSecond = 2000;
    const seconds = ctx.quick ? 2 : 4;
    const count = perSecond * seconds;
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    let n = 0;
    const samples = await runInterleaved(
      ['direct', 'gateway'] as const,
      ctx.rounds,
      async (variant) => {
        const taskId = `bench-burst-${n++}`;
        stack.upstream.plan(taskId, { count, perSecond, closeAtEnd: true });
        const url =
          variant === 'gateway'
            ? `${stack.gateway.url}/api/agent-execution/${taskId}/events`
            : `${stack.upstream.url}/${stack.organizationId}/agent-execution/${taskId}/events`;
        const reader = readStream(url, agent);
        await Promise.race([reader.done, sleep(seconds * 1000 + 15_000)]);
        reader.abort();
        return {
          ...lostAndDuplicated(reader.received, count),
          p50: percentile(reader.latencies, 50),
          p95: percentile(reader.latencies, 95),
        };
      },
    );
    agent.destroy();
    const g = samples.gateway;
    const d = samples.direct;
    return [
      makeFigure({
        scenario: INGEST,
        figure: 'events lost + duplicated',
        unit: '',
        candidate: summarize(g.map((s) => s.lost + s.duplicated)),
        baseline: summarize(d.map((s) => s.lost + s.duplicated)),
        target: { op: '<=', value: 0, on: 'candidate', text: '0' },
        note: `${count.toLocaleString('en-US')} events per sample; lost ${Math.max(...g.map((s) => s.lost))}, dup ${Math.max(...g.map((s) => s.duplicated))} at worst`,
        onMiss:
          'the proxy must forward every frame exactly once (check backpressure pause/resume and the redactor buffer)',
      }),
      makeFigure({
        scenario: INGEST,
        figure: 'event latency p95 (upstream → reader)',
        unit: 'ms',
        candidate: summarize(g.map((s) => s.p95)),
        baseline: summarize(d.map((s) => s.p95)),
        ratioKind: 'candidate/baseline',
        note: `p50 through gateway ${summarize(g.map((s) => s.p50))?.median.toFixed(1)} ms; baseline = read from the upstream directly`,
      }),
    ];
  },
};

const STREAMS = '500 SSE streams via gateway';

/** Gateway RSS with 500 open event streams (child process, /proc) vs the same process idle. */
export const gatewaySseStreams: Scenario = {
  id: 'gateway-sse-streams',
  title: STREAMS,
  stack: 'small',
  async run(ctx, stack: Stack) {
    const streams = ctx.quick ? 200 : 500;
    const pid = stack.gateway.pid;
    const idle: number[] = [];
    const loaded: number[] = [];
    const delivered: number[] = [];
    let round = 0;
    for (let r = 0; r < Math.min(Math.max(ctx.rounds, 1), 3); r++) {
      await sleep(500);
      idle.push(rssBytes(pid) / MB);
      const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
      const readers: StreamReader[] = [];
      let withEvents = 0;
      for (let i = 0; i < streams; i++) {
        const taskId = `bench-idle-${round}-${i}`;
        stack.upstream.plan(taskId, {
          count: Number.POSITIVE_INFINITY,
          perSecond: 2,
          closeAtEnd: false,
        });
        readers.push(
          readStream(
            `${stack.gateway.url}/api/agent-execution/${taskId}/events`,
            agent,
            () => withEvents++,
          ),
        );
        readers[readers.length - 1]?.done.catch(() => undefined);
      }
      const deadline = Date.now() + 20_000;
      while (withEvents < streams && Date.now() < deadline) await sleep(100);
      await sleep(ctx.quick ? 1000 : 3000);
      loaded.push(rssBytes(pid) / MB);
      delivered.push(withEvents);
      for (const reader of readers) reader.abort();
      agent.destroy();
      round++;
      await sleep(1000);
    }
    return [
      makeFigure({
        scenario: STREAMS,
        figure: `gateway RSS with ${streams} streams`,
        unit: 'MB',
        candidate: summarize(loaded),
        baseline: summarize(idle),
        ratioKind: 'candidate/baseline',
        target: { op: '<=', value: 200, on: 'candidate', text: '< 200 MB' },
        note: `baseline = same gateway process idle; streams delivering events: ${Math.min(...delivered)}/${streams}${ctx.quick ? ' (quick: fewer streams)' : ''}`,
        onMiss:
          'cut per-stream buffers (ReadableStream highWaterMark, decoder/redactor state) or pipe node streams directly',
      }),
      makeFigure({
        scenario: STREAMS,
        figure: 'RSS per open stream',
        unit: 'KB',
        candidate: summarize(loaded.map((l, i) => ((l - (idle[i] ?? l)) * 1024) / streams)),
        baseline: null,
      }),
    ];
  },
};

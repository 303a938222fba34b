import { heapAfterGc, openPage, probe, waitForProbe } from '../lib/browser.ts';
import type { Scenario } from '../lib/context.ts';
import { runInterleaved } from '../lib/interleave.ts';
import { makeFigure } from '../lib/report.ts';
import { percentile, summarize } from '../lib/stats.ts';
import { platformGet, platformSend, type Stack } from '../lib/stack.ts';

/** A fresh, never-finishing task (the worker is off) whose event stream the loopback upstream will fake. */
async function newLiveTask(stack: Stack): Promise<string> {
  const agents = await platformGet<{ id: string; status: string }[]>(stack, '/agents/list');
  const agent = agents.find((a) => a.status === 'ACTIVE') ?? agents[0];
  if (!agent) throw new Error('no agent to create a task for');
  const task = await platformSend<{ id: string }>(stack, 'POST', `/agent-execution/${agent.id}`, {
    input: { text: 'bench live feed', files: [], user: null },
    // A streaming task: without it the detail view polls and never opens the event stream.
    events_streaming: true,
  });
  return task.id;
}

interface FeedSample {
  rendersPerFrameMax: number;
  rendersPerFrameP95: number;
  longestTask: number;
  /** Product only: the pane's "N events" counter at the end, and the think count in its filter. */
  shown: number | null;
  thinkShown: number | null;
  latencyP50: number | null;
  latencyP95: number | null;
  /** Last counter change after the last send, ms (drain). */
  drainMs: number | null;
}

const SCENARIO = 'SSE ingest in the UI (2,000 ev/s)';
const LIVE = 'section[aria-label="Live events"]';

/**
 * Event k is on screen at the first counter sample whose value reaches k (events arrive in order
 * over one stream); its latency is that sample's time minus the upstream's send time of k.
 */
export function counterLatencies(
  sentAt: readonly number[],
  samples: readonly (readonly [number, number])[],
): number[] {
  const out: number[] = [];
  let i = 0;
  for (let k = 1; k <= sentAt.length; k++) {
    while (i < samples.length && (samples[i]?.[1] ?? 0) < k) i++;
    const sample = samples[i];
    const sent = sentAt[k - 1];
    if (!sample || sent === undefined) break;
    out.push(sample[0] - sent);
  }
  return out;
}

/**
 * 2,000 events/s for 10 s (2 s in --quick) into the task detail view's Live events tab, through
 * the gateway, vs a render-per-event feed reading the same stream.
 */
export const liveFeed: Scenario = {
  id: 'live-feed',
  title: SCENARIO,
  stack: 'small',
  async run(ctx, stack) {
    const perSecond = 2000;
    const seconds = ctx.quick ? 2 : 10;
    const count = perSecond * seconds;
    const samples = await runInterleaved(
      ['render-per-event', 'product'] as const,
      ctx.rounds,
      async (variant): Promise<FeedSample> => {
        const taskId = await newLiveTask(stack);
        const bp = await openPage(ctx.browser);
        try {
          const product = variant === 'product';
          const url = product
            ? `${stack.gateway.url}/tasks/${taskId}?tab=live`
            : `${ctx.benchServer.url}/baselines/feed.html?task=${taskId}`;
          // The stream starts when the page connects; the watchers go on at DOMContentLoaded,
          // before the app has fetched the task and opened it.
          const sentLog: number[] = [];
          stack.upstream.plan(taskId, { count, perSecond, closeAtEnd: false, sentLog });
          await bp.page.goto(url, { waitUntil: 'domcontentloaded' });
          await probe(
            bp.page,
            `(B.longtasks.length = 0, ${product ? `B.sampleCounter('${LIVE}', '([\\\\d,]+) events'), ` : ''}true)`,
          );
          await waitForProbe(
            bp.page,
            `document.querySelector('${product ? LIVE : '#feed'}')`,
            30_000,
          );
          await probe(bp.page, `(B.startMutationFrames('${product ? LIVE : '#feed'}'), true)`);
          await bp.page.waitForTimeout(seconds * 1000 + 2500);
          const r = await probe<{
            perFrame: number[];
            longtasks: { duration: number }[];
            counter: [number, number][];
            thinkOption: string | null;
          }>(
            bp.page,
            `({ perFrame: B.stopMutationFrames(), longtasks: B.longtasks, counter: B.counter ? (B.counter.stop(), B.counter.samples) : [], thinkOption: [...document.querySelectorAll('${LIVE} select option')].map(o => o.textContent).find(t => /^think \\(/.test(t || '')) ?? null })`,
          );
          const last = r.counter.at(-1);
          const lat = product ? counterLatencies(sentLog, r.counter) : [];
          const lastSent = sentLog.at(-1);
          return {
            rendersPerFrameMax: Math.max(0, ...r.perFrame),
            rendersPerFrameP95: percentile(r.perFrame, 95),
            longestTask: Math.max(0, ...r.longtasks.map((t) => t.duration)),
            shown: product ? (last?.[1] ?? 0) : null,
            thinkShown: r.thinkOption
              ? Number(/\(([\d,]+)\)/.exec(r.thinkOption)?.[1]?.replace(/,/g, '') ?? NaN)
              : null,
            latencyP50: lat.length ? percentile(lat, 50) : null,
            latencyP95: lat.length ? percentile(lat, 95) : null,
            drainMs: last && lastSent !== undefined ? last[0] - lastSent : null,
          };
        } finally {
          await bp.close();
        }
      },
    );
    const p = samples.product;
    const b = samples['render-per-event'];
    const num = (values: (number | null)[]) =>
      summarize(values.filter((v): v is number => v !== null && Number.isFinite(v)));
    const lost = p.map((s) => (s.shown === null ? null : Math.max(0, count - s.shown)));
    const dup = p.map((s) => (s.shown === null ? null : Math.max(0, s.shown - count)));
    return [
      makeFigure({
        scenario: SCENARIO,
        figure: 'DOM-mutating tasks per frame in the pane (max)',
        unit: '',
        candidate: summarize(p.map((s) => s.rendersPerFrameMax)),
        baseline: summarize(b.map((s) => s.rendersPerFrameMax)),
        ratioKind: 'baseline/candidate',
        target: { op: '<=', value: 1, on: 'candidate', text: '≤ 1 per frame' },
        note: `p95 per frame ${summarize(p.map((s) => s.rendersPerFrameP95))?.median.toFixed(1)}; a stand-in for React commits per frame: MutationObserver callbacks on the Live events region between animation frames`,
        onMiss:
          'buffer events and flush once per animation frame (one setState per frame), never per network chunk',
      }),
      makeFigure({
        scenario: SCENARIO,
        figure: 'longest main-thread task',
        unit: 'ms',
        candidate: summarize(p.map((s) => s.longestTask)),
        baseline: summarize(b.map((s) => s.longestTask)),
        ratioKind: 'baseline/candidate',
        target: { op: '<=', value: 50, on: 'candidate', text: '≤ 50 ms' },
        onMiss: 'fold events in bounded batches, window the feed, keep per-event work O(1)',
      }),
      makeFigure({
        scenario: SCENARIO,
        figure: 'events lost + duplicated ("N events")',
        unit: '',
        candidate: num(lost.map((l, i) => (l === null ? null : l + (dup[i] ?? 0)))),
        target: { op: '<=', value: 0, on: 'candidate', text: '0' },
        note: `${count.toLocaleString('en-US')} sent per sample; pane counter at the end ${p.map((s) => s.shown?.toLocaleString('en-US') ?? '—').join(', ')}; "think (N)" in the type filter ${p.map((s) => s.thinkShown?.toLocaleString('en-US') ?? '—').join(', ')}`,
        onMiss:
          'the fold must keep every event exactly once (dedupe by id/sequence, no cap below the sent count without saying so)',
      }),
      makeFigure({
        scenario: SCENARIO,
        figure: 'event → screen latency p95 (counter)',
        unit: 'ms',
        candidate: num(p.map((s) => s.latencyP95)),
        target: { op: '<=', value: 100, on: 'candidate', text: '≤ 100 ms' },
        note: `p50 ${num(p.map((s) => s.latencyP50))?.median.toFixed(0) ?? '—'} ms; upstream send time of event k → first animation frame where the pane's "N events" reaches k (includes the gateway hop); drain after the last send ${num(p.map((s) => s.drainMs))?.median.toFixed(0) ?? '—'} ms`,
        onMiss: 'flush once per frame rather than on a timer; keep the fold O(new events)',
      }),
    ];
  },
};

/** The detail view with a 100 ev/s stream for 10 min (30 s in --quick): heap after forced GC, start vs end. */
export const soak: Scenario = {
  id: 'soak',
  title: 'Soak',
  stack: 'small',
  async run(ctx, stack) {
    // --quick must finish under 2 min in all: a 15 s soak still shows per-event growth.
    const seconds = ctx.quick ? 15 : 600;
    const scenario = `Soak ${seconds >= 60 ? `${seconds / 60} min` : `${seconds} s`} (detail view, 100 ev/s)`;
    const taskId = await newLiveTask(stack);
    stack.upstream.plan(taskId, {
      count: Number.POSITIVE_INFINITY,
      perSecond: 100,
      closeAtEnd: false,
    });
    const bp = await openPage(ctx.browser);
    try {
      await bp.page.goto(`${stack.gateway.url}/tasks/${taskId}`, { waitUntil: 'load' });
      await bp.page.waitForTimeout(5000);
      const heapStart = await heapAfterGc(bp.cdp);
      const domStart = await probe<number>(bp.page, 'B.domNodes()');
      await bp.page.waitForTimeout(seconds * 1000);
      const heapEnd = await heapAfterGc(bp.cdp);
      const domEnd = await probe<number>(bp.page, 'B.domNodes()');
      const growth = (heapEnd / heapStart - 1) * 100;
      return [
        makeFigure({
          scenario,
          figure: 'heap growth after forced GC',
          unit: '%',
          candidate: summarize([growth]),
          target: { op: '<=', value: 10, on: 'candidate', text: '≤ 10 %' },
          note: `one sample; heap ${(heapStart / 1048576).toFixed(1)} → ${(heapEnd / 1048576).toFixed(1)} MB; ${(seconds * 100).toLocaleString('en-US')} events`,
          onMiss:
            'bound the event history (ring buffer / windowed cache), drop folded events the view no longer needs, check listener and timer cleanup',
        }),
        makeFigure({
          scenario,
          figure: 'DOM elements end (start)',
          unit: '',
          candidate: summarize([domEnd]),
          baseline: summarize([domStart]),
          ratioKind: 'candidate/baseline',
          target: { op: '<=', value: 1500, on: 'candidate', text: '≤ 1,500' },
          note: 'baseline = the same page at the start of the soak',
          onMiss: 'window the feed: keep DOM O(viewport), not O(history)',
        }),
      ];
    } finally {
      await bp.close();
    }
  },
};

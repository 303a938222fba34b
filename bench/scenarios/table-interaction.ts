import { probe, waitForProbe } from '../lib/browser.ts';
import type { Scenario } from '../lib/context.ts';
import { runInterleaved } from '../lib/interleave.ts';
import { mountTable, SEARCH_INPUT, type TableVariant } from '../lib/pages.ts';
import { makeFigure } from '../lib/report.ts';
import { countAbove, median, summarize } from '../lib/stats.ts';

const fmt = (n: number) => n.toLocaleString('en-US');
const VARIANTS: TableVariant[] = ['naive', 'product'];

const logFailure =
  (log: (m: string) => void) =>
  (variant: string, round: number, error: unknown): undefined => {
    log(
      `  ${variant} round ${round} failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    );
    return undefined;
  };

/** Scripted scroll through the table: every frame moves 60 px for a fixed time; frames counted in the page. */
export const tableScroll: Scenario = {
  id: 'table-scroll',
  title: 'Table scroll',
  stack: 'medium',
  async run(ctx, stack) {
    const ms = ctx.quick ? 1000 : 2000;
    const scenario = `Scroll ${fmt(ctx.sizes.medium)} rows (${ms / 1000} s)`;
    const samples = await runInterleaved(
      VARIANTS,
      ctx.rounds,
      async (variant) => {
        const m = await mountTable(
          ctx.browser,
          variant,
          { gateway: stack.gateway.url, bench: ctx.benchServer.url },
          ctx.quick ? 30_000 : 120_000,
        );
        try {
          const r = await probe<{ intervals: number[]; durationMs: number }>(
            m.bp.page,
            `B.scriptedScroll(${ms}, 60)`,
          );
          return {
            delivered: r.intervals.length / ((r.durationMs / 1000) * 60),
            longest: Math.max(...r.intervals),
            over50: countAbove(r.intervals, 50),
          };
        } finally {
          await m.bp.close();
        }
      },
      logFailure(ctx.log),
    );
    return [
      makeFigure({
        scenario,
        figure: 'frames delivered (of 60/s)',
        unit: '%',
        candidate: summarize(samples.product.map((s) => s.delivered * 100)),
        baseline: summarize(samples.naive.map((s) => s.delivered * 100)),
        ratioKind: 'candidate/baseline',
        target: { op: '>=', value: 95, on: 'candidate', text: '≥ 95 %' },
        note: 'target proposed in anchors §3a B3; headless frames quantize to 16.7 ms steps',
        onMiss:
          'keep per-row render cheap (memoized cells, no layout reads during scroll), lower overscan',
      }),
      makeFigure({
        scenario,
        figure: 'longest frame',
        unit: 'ms',
        candidate: summarize(samples.product.map((s) => s.longest)),
        baseline: summarize(samples.naive.map((s) => s.longest)),
        ratioKind: 'baseline/candidate',
        note: `frames > 50 ms: product ${summarize(samples.product.map((s) => s.over50))?.median ?? '—'}, naive ${summarize(samples.naive.map((s) => s.over50))?.median ?? '—'} (median per sample)`,
      }),
    ];
  },
};

const KEYS = ['o', 'v', 'e', 'r', 'd', 'u', 'e', 'Backspace', 'Backspace', 'Backspace'];

/** Search keystrokes and sort clicks: input event → next paint, median per sample. */
export const tableSortFilter: Scenario = {
  id: 'table-sort-filter',
  title: 'Sort and filter',
  stack: 'medium',
  async run(ctx, stack) {
    const scenario = `Filter/sort ${fmt(ctx.sizes.medium)} rows`;
    const keys = ctx.quick ? KEYS.slice(0, 6) : KEYS;
    const samples = await runInterleaved(
      VARIANTS,
      ctx.rounds,
      async (variant) => {
        const m = await mountTable(
          ctx.browser,
          variant,
          { gateway: stack.gateway.url, bench: ctx.benchServer.url },
          ctx.quick ? 30_000 : 120_000,
        );
        const page = m.bp.page;
        try {
          await probe(page, 'B.armLatency("keydown")');
          await page.focus(SEARCH_INPUT);
          for (let i = 0; i < keys.length; i++) {
            await page.keyboard.press(keys[i] as string);
            await waitForProbe(page, `B.latencies.length >= ${i + 1}`, 30_000);
            await page.waitForTimeout(120);
          }
          const typing = await probe<number[]>(page, 'B.latencies.splice(0)');
          // Let a debounced filter settle before the sort clicks.
          await page.waitForTimeout(400);
          await probe(page, 'B.armLatency("click")');
          const header =
            variant === 'product'
              ? page
                  .locator('table[aria-label="Tasks"] thead button', { hasText: 'Status' })
                  .first()
              : page.locator('button[data-sort="status"]');
          const clicks = ctx.quick ? 2 : 4;
          for (let i = 0; i < clicks; i++) {
            await header.click();
            await waitForProbe(page, `B.latencies.length >= ${i + 1}`, 30_000);
            await page.waitForTimeout(150);
          }
          const sorting = await probe<number[]>(page, 'B.latencies.splice(0)');
          return { keystroke: median(typing), sort: median(sorting) };
        } finally {
          await m.bp.close();
        }
      },
      logFailure(ctx.log),
    );
    return [
      makeFigure({
        scenario,
        figure: 'search keystroke → next paint (median)',
        unit: 'ms',
        candidate: summarize(samples.product.map((s) => s.keystroke)),
        baseline: summarize(samples.naive.map((s) => s.keystroke)),
        ratioKind: 'baseline/candidate',
        target: { op: '<=', value: 16.7, on: 'candidate', text: '≤ 16.7 ms' },
        note: `${keys.length} keystrokes per sample ("overdue" + backspaces); event timestamp → first task after the next frame`,
        onMiss:
          'keep the keystroke handler to the input update: filter in a transition/useDeferredValue (or a worker) with a prebuilt lowercase search index, and write the URL after the paint',
      }),
      makeFigure({
        scenario,
        figure: 'sort click → next paint (median)',
        unit: 'ms',
        candidate: summarize(samples.product.map((s) => s.sort)),
        baseline: summarize(samples.naive.map((s) => s.sort)),
        ratioKind: 'baseline/candidate',
        target: { op: '<=', value: 100, on: 'candidate', text: '≤ 100 ms' },
        note: 'target proposed in anchors §3a B4',
        onMiss:
          'precompute sort keys once per data change; sort indices, not row objects; or sort in a worker',
      }),
    ];
  },
};

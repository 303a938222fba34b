import type { Scenario, StackSize } from '../lib/context.ts';
import { runInterleaved } from '../lib/interleave.ts';
import { makeFigure, type Figure } from '../lib/report.ts';
import { mountTable, type TableVariant } from '../lib/pages.ts';
import { summarize } from '../lib/stats.ts';

const fmt = (n: number) => n.toLocaleString('en-US');

/** Table mount at one row count: product (virtualized) vs the naive DOM table, same data, same gateway. */
export function tableMount(size: StackSize): Scenario {
  return {
    id: `table-mount-${size}`,
    title: `Table mount (${size})`,
    stack: size,
    async run(ctx, stack) {
      const rows = ctx.sizes[size];
      const scenario = `Table mount ${fmt(rows)} rows`;
      const urls = { gateway: stack.gateway.url, bench: ctx.benchServer.url };
      const samples = await runInterleaved(
        ['naive', 'product'] as TableVariant[],
        ctx.rounds,
        async (variant) => {
          const m = await mountTable(ctx.browser, variant, urls, ctx.quick ? 30_000 : 120_000);
          await m.bp.close();
          return { mountMs: m.mountMs, dom: m.domNodes, rows: m.rows };
        },
        (variant, round, error) => {
          ctx.log(
            `  ${variant} round ${round} failed: ${error instanceof Error ? error.message : String(error)}`,
          );
          return undefined;
        },
      );
      const p = samples.product ?? [];
      const n = samples.naive ?? [];
      const notMeasuredWhy = 'the product table did not paint a row (see harness log)';
      const figures: Figure[] = [
        makeFigure({
          scenario,
          figure: 'list data arrived → first row painted',
          unit: 'ms',
          candidate: summarize(p.map((s) => s.mountMs)),
          baseline: summarize(n.map((s) => s.mountMs)),
          ratioKind: 'baseline/candidate',
          target: { op: '<=', value: 100, on: 'candidate', text: '≤ 100 ms' },
          notMeasured: notMeasuredWhy,
          note: 'from responseEnd of the last history response (includes parse, merge, first render)',
          onMiss:
            'the cost between data arrival and first paint grows with N: validate/parse the list off the main thread (worker) or lazily, avoid per-row zod parse and per-row object churn before the first render, render the first screen before deriving sort/filter indexes',
        }),
      ];
      if (size === 'medium') {
        figures.push(
          makeFigure({
            scenario,
            figure: 'naive ÷ product mount time',
            unit: 'ms',
            candidate: summarize(p.map((s) => s.mountMs)),
            baseline: summarize(n.map((s) => s.mountMs)),
            ratioKind: 'baseline/candidate',
            target: { op: '>=', value: 20, on: 'ratio', text: '≥ 20×' },
            notMeasured: notMeasuredWhy,
            onMiss: 'cut the fixed cost between data arrival and first paint (see the mount row)',
          }),
        );
      }
      if (size === 'large') {
        figures.push(
          makeFigure({
            scenario,
            figure: 'first table paint after data (50k goal)',
            unit: 'ms',
            candidate: summarize(p.map((s) => s.mountMs)),
            baseline: summarize(n.map((s) => s.mountMs)),
            ratioKind: 'baseline/candidate',
            target: { op: '<=', value: 150, on: 'candidate', text: '≤ 150 ms' },
            notMeasured: notMeasuredWhy,
            onMiss:
              'parse the list in a worker or page the parse; paint the first 50 rows before indexing the rest',
          }),
        );
      }
      figures.push(
        makeFigure({
          scenario,
          figure: 'DOM elements on the page',
          unit: '',
          candidate: summarize(p.map((s) => s.dom)),
          baseline: summarize(n.map((s) => s.dom)),
          ratioKind: 'baseline/candidate',
          target: { op: '<=', value: 1500, on: 'candidate', text: '≤ 1,500' },
          notMeasured: notMeasuredWhy,
          note: `rows in DOM: product ${summarize(p.map((s) => s.rows))?.median ?? '—'}, naive ${summarize(n.map((s) => s.rows))?.median ?? '—'}`,
          onMiss:
            'fewer elements per row (cells without wrappers), smaller overscan, or lazy shell widgets',
        }),
      );
      return figures;
    },
  };
}

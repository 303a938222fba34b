import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openPage, probe, waitForProbe } from '../lib/browser.ts';
import type { Scenario } from '../lib/context.ts';
import { makeFigure } from '../lib/report.ts';
import { summarize } from '../lib/stats.ts';
import { DIST } from '../lib/stack.ts';

const SCENARIO = 'Cold load /tasks';
const KB = 1024;

interface LoadSample {
  jsTransferred: number;
  cssTransferred: number;
  jsGzip: number;
  cssGzip: number;
  lcp: number;
  cls: number;
  requests: number;
  scripts: string[];
}

/** gzip -6 size of a built file, by its URL path; NaN when it is not in dist/. */
function gzipSizeOf(urlPath: string): number {
  try {
    return gzipSync(readFileSync(join(DIST, decodeURIComponent(urlPath)))).length;
  } catch {
    return Number.NaN;
  }
}

/** Fresh context, empty cache: bytes from CDP Network events, LCP and CLS from PerformanceObserver. */
export const coldLoad: Scenario = {
  id: 'cold-load',
  title: SCENARIO,
  stack: 'small',
  async run(ctx, stack) {
    const samples: LoadSample[] = [];
    for (let i = 0; i < ctx.rounds; i++) {
      const bp = await openPage(ctx.browser);
      try {
        await bp.cdp.send('Network.enable');
        const types = new Map<string, { type: string; url: string }>();
        const bytes = { js: 0, css: 0, requests: 0 };
        const scripts: string[] = [];
        bp.cdp.on('Network.responseReceived', (e) =>
          types.set(e.requestId, { type: e.type, url: e.response.url }),
        );
        bp.cdp.on('Network.loadingFinished', (e) => {
          const t = types.get(e.requestId);
          bytes.requests++;
          if (t?.type === 'Script') {
            bytes.js += e.encodedDataLength;
            scripts.push(new URL(t.url).pathname);
          }
          if (t?.type === 'Stylesheet') bytes.css += e.encodedDataLength;
        });
        await bp.page.goto(`${stack.gateway.url}/tasks`, { waitUntil: 'load' });
        await waitForProbe(bp.page, 'B.firstRowPaint !== null', 30_000);
        await bp.page.waitForTimeout(500);
        const vitals = await probe<{ lcp: number; cls: number; css: string[] }>(
          bp.page,
          '({ lcp: B.lcp, cls: B.cls, css: performance.getEntriesByType("resource").filter(e => e.initiatorType === "link" && /\\.css/.test(e.name)).map(e => new URL(e.name).pathname) })',
        );
        const cssFiles = vitals.css.length > 0 ? vitals.css : [];
        samples.push({
          jsTransferred: bytes.js,
          cssTransferred: bytes.css,
          jsGzip: scripts.reduce((s, p) => s + gzipSizeOf(p), 0),
          cssGzip: cssFiles.reduce((s, p) => s + gzipSizeOf(p), 0),
          lcp: vitals.lcp,
          cls: vitals.cls,
          requests: bytes.requests,
          scripts,
        });
      } finally {
        await bp.close();
      }
    }
    const first = samples[0];
    return [
      makeFigure({
        scenario: SCENARIO,
        figure: 'JS loaded, gzip',
        unit: 'KB',
        candidate: summarize(samples.map((s) => s.jsGzip / KB)),
        target: { op: '<=', value: 150, on: 'candidate', text: '≤ 150 KB' },
        note: `${first?.scripts.length ?? 0} scripts on the cold load; on the wire ${summarize(samples.map((s) => s.jsTransferred / KB))?.median.toFixed(0)} KB (as the gateway serves it)`,
        onMiss:
          'split heavy dependencies (markdown, JSON viewer, charts, detail route) into lazy chunks; check `vite build` chunk report',
      }),
      makeFigure({
        scenario: SCENARIO,
        figure: 'CSS loaded, gzip',
        unit: 'KB',
        candidate: summarize(samples.map((s) => s.cssGzip / KB)),
        target: { op: '<=', value: 25, on: 'candidate', text: '≤ 25 KB' },
        note: `on the wire ${summarize(samples.map((s) => s.cssTransferred / KB))?.median.toFixed(0)} KB`,
      }),
      makeFigure({
        scenario: SCENARIO,
        figure: 'LCP (unthrottled localhost)',
        unit: 'ms',
        candidate: summarize(samples.map((s) => s.lcp)),
        target: { op: '<=', value: 1000, on: 'candidate', text: '≤ 1,000 ms' },
        note: `${first?.requests ?? 0} requests; ${ctx.sizes.small.toLocaleString('en-US')} seeded tasks`,
      }),
      makeFigure({
        scenario: SCENARIO,
        figure: 'CLS',
        unit: '',
        candidate: summarize(samples.map((s) => s.cls)),
        target: { op: '<=', value: 0.02, on: 'candidate', text: '≤ 0.02' },
        onMiss:
          'reserve the table and summary heights before data arrives (skeletons of the final size)',
      }),
    ];
  },
};

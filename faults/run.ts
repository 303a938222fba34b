/**
 * `npm run test:faults`: runs the fault, security and accessibility journeys (R1-R17) and
 * prints the figures of perf-reliability-anchors §3b. Exits non-zero when a bar is missed:
 * every fault survived, 0 events lost, 0 duplicated, 0 XSS payloads executed, 0 keys found,
 * 0 serious/critical axe violations, and no journey failing unexpectedly.
 * Extra arguments go to Playwright (e.g. a file filter).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JourneyFigures } from './journeys/support.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const METRICS_DIR = process.env.FAULTS_METRICS_DIR ?? join(ROOT, 'test-results/faults');

export interface Totals {
  journeys: number;
  unexpected: string[];
  expectedFailures: string[];
  faultsInjected: number;
  faultsSurvived: number;
  eventsLost: number;
  eventsDuplicated: number;
  recoveryP95Ms: number | null;
  recoveries: number;
  xssPayloads: number;
  xssExecuted: number;
  cspBlocked: number;
  keysFound: string[];
  a11ySerious: string[];
  pageErrors: string[];
}

export function p95(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)] ?? null;
}

export function summarize(figures: JourneyFigures[]): Totals {
  const recoveries = figures.flatMap((f) => f.recoveryMs);
  const sum = (pick: (f: JourneyFigures) => number) => figures.reduce((n, f) => n + pick(f), 0);
  return {
    journeys: figures.length,
    unexpected: figures
      .filter((f) => f.status !== f.expectedStatus)
      .map((f) => `${f.title} (${f.status})`),
    expectedFailures: figures.filter((f) => f.expectedStatus === 'failed').map((f) => f.title),
    faultsInjected: sum((f) => f.faultsInjected),
    faultsSurvived: sum((f) => f.faultsSurvived),
    eventsLost: sum((f) => f.eventsLost),
    eventsDuplicated: sum((f) => f.eventsDuplicated),
    recoveryP95Ms: p95(recoveries),
    recoveries: recoveries.length,
    xssPayloads: sum((f) => f.xssPayloads),
    xssExecuted: sum((f) => f.xssExecuted),
    cspBlocked: sum((f) => f.cspBlocked),
    keysFound: figures.flatMap((f) => f.keysFound),
    a11ySerious: figures.flatMap((f) => f.a11ySerious),
    pageErrors: figures.flatMap((f) => f.pageErrors.map((e) => `${f.row}: ${e}`)),
  };
}

/** Bars of §3b; each entry is [figure, value, bar, met]. */
export function bars(t: Totals): [string, string, string, boolean][] {
  return [
    [
      'faults injected / survived',
      `${t.faultsInjected} / ${t.faultsSurvived}`,
      'all survived',
      t.faultsSurvived === t.faultsInjected && t.faultsInjected > 0,
    ],
    ['events lost', String(t.eventsLost), '0', t.eventsLost === 0],
    ['events duplicated', String(t.eventsDuplicated), '0', t.eventsDuplicated === 0],
    [
      'recovery time p95',
      t.recoveryP95Ms === null ? '-' : `${t.recoveryP95Ms} ms (n=${t.recoveries})`,
      'reported',
      true,
    ],
    ['XSS payloads executed', `${t.xssExecuted} / ${t.xssPayloads}`, '0', t.xssExecuted === 0],
    ['CSP had to block (renderer let through)', String(t.cspBlocked), 'reported', true],
    ['API keys found', String(t.keysFound.length), '0', t.keysFound.length === 0],
    [
      'axe serious+critical violations',
      String(t.a11ySerious.length),
      '0',
      t.a11ySerious.length === 0,
    ],
    ['uncaught page errors', String(t.pageErrors.length), 'reported', true],
    [
      'journeys failing unexpectedly',
      `${t.unexpected.length} / ${t.journeys}`,
      '0',
      t.unexpected.length === 0,
    ],
    ['journeys marked missing product piece', String(t.expectedFailures.length), 'reported', true],
  ];
}

export function formatTable(rows: [string, string, string, boolean][]): string {
  const head: [string, string, string, string] = ['figure', 'value', 'bar', 'met'];
  const body = rows.map(([a, b, c, d]) => [a, b, c, d ? 'yes' : 'NO'] as const);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(head),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...body.map(line),
  ].join('\n');
}

export function readFigures(dir: string): JourneyFigures[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as JourneyFigures);
}

function main(): number {
  rmSync(METRICS_DIR, { recursive: true, force: true });
  const pw = spawnSync(
    join(ROOT, 'node_modules/.bin/playwright'),
    ['test', '-c', 'faults/playwright.config.ts', ...process.argv.slice(2)],
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, FAULTS_METRICS_DIR: METRICS_DIR } },
  );
  const figures = readFigures(METRICS_DIR);
  const totals = summarize(figures);
  const rows = bars(totals);
  console.log('\nFault, security and accessibility figures (perf-reliability-anchors §3b)\n');
  console.log(formatTable(rows));
  const list = (title: string, items: string[]) => {
    if (items.length) console.log(`\n${title}:\n${items.map((i) => `  - ${i}`).join('\n')}`);
  };
  list('Journeys failing unexpectedly', totals.unexpected);
  list('Marked test.fail (missing product piece)', totals.expectedFailures);
  list('Keys found', totals.keysFound);
  list('Serious/critical axe violations', totals.a11ySerious);
  list('Uncaught page errors', totals.pageErrors.slice(0, 20));
  const perRow = new Map<string, { injected: number; survived: number }>();
  for (const f of figures) {
    const r = perRow.get(f.row) ?? { injected: 0, survived: 0 };
    r.injected += f.faultsInjected;
    r.survived += f.faultsSurvived;
    perRow.set(f.row, r);
  }
  console.log(
    `\nPer row (injected/survived): ${[...perRow.entries()]
      .sort(([a], [b]) => Number(a.slice(1)) - Number(b.slice(1)))
      .map(([row, r]) => `${row} ${r.injected}/${r.survived}`)
      .join(', ')}`,
  );
  const notes = figures.flatMap((f) => f.notes.map((n) => `${f.row}: ${n}`));
  list('Notes', notes);
  if (figures.length === 0) {
    console.error('\nNo figures were written: the journeys did not run.');
    return 1;
  }
  const met = rows.every(([, , , ok]) => ok);
  console.log(met ? '\nAll bars met.' : '\nSome bars are missed.');
  return met && pw.status === 0 ? 0 : 1;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(main());

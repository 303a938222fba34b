/**
 * `npm run bench [-- --quick] [-- --only id,id]`: the benchmark suite (issue #9). Production build,
 * reference platform seeded with large data, gateway as a child process, Debian's Chromium over
 * Playwright + CDP. Writes bench/results/latest.json and latest.md. Figures are reported, never
 * gated: the exit code is non-zero only when the harness itself breaks.
 */
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from '@playwright/test';
import { startBenchServer } from './lib/bench-server.ts';
import { launchBrowser } from './lib/browser.ts';
import type { BenchContext, StackSize } from './lib/context.ts';
import {
  countByStatus,
  markdownReport,
  notMeasured,
  type Figure,
  type RunMeta,
} from './lib/report.ts';
import { ensureBuild, ROOT, startStack, type Stack } from './lib/stack.ts';
import { scenarios as allScenarios } from './scenarios/index.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    rounds: { type: 'string' },
  },
  allowPositionals: true,
});

const quick = values.quick ?? false;
const started = Date.now();
const log = (message: string): void =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${message}`);
const harnessErrors: string[] = [];

// --quick is CI's smoke run (< 2 min): smaller tables, fewer rounds, no 50k stack.
const sizes: Record<StackSize, number> = quick
  ? { small: 1_000, medium: 2_000, large: 2_000 }
  : { small: 1_000, medium: 10_000, large: 50_000 };
const rounds = Number(values.rounds ?? (quick ? 1 : 5));
const only = values.only?.split(',').filter(Boolean);
const selected = allScenarios.filter(
  (s) => (!only || only.includes(s.id)) && !(quick && s.stack === 'large'),
);

function commit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<number> {
  log(
    `${quick ? 'quick' : 'full'} run: ${selected.length} scenarios, ${rounds} rounds, sizes ${JSON.stringify(sizes)}`,
  );
  const buildError = ensureBuild(log);
  if (buildError) harnessErrors.push(buildError);

  const browser: Browser = await launchBrowser();
  const benchServer = await startBenchServer();
  const ctx: BenchContext = { quick, rounds, sizes, browser, benchServer, log };
  const figures: Figure[] = [];

  // One stack per distinct row count; the 'large' stack is the same as 'medium' in --quick.
  const order: StackSize[] = ['small', 'medium', 'large'];
  const done = new Set<string>();
  for (const size of order) {
    const group = selected.filter((s) => s.stack === size && !done.has(s.id));
    if (group.length === 0) continue;
    const rows = sizes[size];
    // Scenarios of a later size with the same row count share this stack.
    const sharing = selected.filter((s) => sizes[s.stack] === rows && !done.has(s.id));
    let stack: Stack | undefined;
    try {
      log(`starting platform with ${rows.toLocaleString('en-US')} seeded tasks + gateway`);
      stack = await startStack(rows);
      benchServer.setGateway(stack.gateway.url);
      for (const scenario of sharing) {
        done.add(scenario.id);
        log(`▶ ${scenario.title}`);
        const t0 = Date.now();
        try {
          const out = await scenario.run(ctx, stack);
          figures.push(...out);
          log(`  ${out.length} figures in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        } catch (error) {
          const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
          harnessErrors.push(`${scenario.id}: ${message.split('\n').slice(0, 3).join(' ')}`);
          figures.push(
            notMeasured(
              scenario.title,
              '(scenario)',
              '',
              `harness error: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
          log(`  failed: ${message}`);
        }
      }
    } catch (error) {
      harnessErrors.push(
        `stack ${rows}: ${error instanceof Error ? error.message : String(error)}`,
      );
      for (const s of sharing) {
        done.add(s.id);
        figures.push(
          notMeasured(s.title, '(scenario)', '', 'the platform/gateway stack did not start'),
        );
      }
    } finally {
      await stack?.close().catch(() => undefined);
    }
  }

  const chromium = `Chromium ${browser.version()}`;
  await browser.close();
  await benchServer.close();

  const meta: RunMeta = {
    startedAt: new Date(started).toISOString(),
    durationS: (Date.now() - started) / 1000,
    mode: quick ? 'quick' : 'full',
    rounds,
    chromium,
    node: process.versions.node,
    cpus: cpus().length,
    commit: commit(),
    harnessErrors,
  };
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify({ meta, figures }, null, 2)}\n`);
  const md = markdownReport(meta, figures);
  writeFileSync(join(dir, 'latest.md'), md);
  console.log(`\n${md}`);
  const counts = countByStatus(figures);
  log(
    `done: ${counts.pass} pass, ${counts.miss} miss, ${counts.info} info, ${counts['not measured']} not measured; bench/results/latest.md`,
  );
  // A run where every scenario broke is a broken harness, not a slow product.
  return figures.length > 0 &&
    figures.every((f) => f.status === 'not measured') &&
    harnessErrors.length > 0
    ? 1
    : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);

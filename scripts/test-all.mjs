#!/usr/bin/env node
// `npm test`: lint, typecheck, format, unit + component + server (vitest), e2e (Playwright).
// Each runner prints its own report; this script reads their JSON reports and ends with one
// line that sums them all: `N passed, N failed[, N skipped]`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'test-results', 'summary');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const totals = { passed: 0, failed: 0, skipped: 0 };
const lines = [];

function run(title, cmd, args, env = {}) {
  console.log(`\n▶ ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}

function check(title, cmd, args) {
  const ok = run(title, cmd, args) === 0;
  totals[ok ? 'passed' : 'failed'] += 1;
  lines.push(`${title}: ${ok ? 'ok' : 'FAILED'}`);
}

// Chromium from Debian's packages; the e2e tests drive it.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium))
  run('install chromium', 'bash', [join(root, 'scripts/install-chromium.sh')]);

const bin = (name) => join(root, 'node_modules', '.bin', name);
check('typecheck', bin('tsc'), ['-b']);
check('lint', bin('eslint'), ['.', '--max-warnings=0']);
check('format', bin('prettier'), ['--check', '.', '--log-level', 'warn']);

// vitest: unit, component and server projects.
const vitestJson = join(out, 'vitest.json');
const vStatus = run('vitest', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += skipped;
  // A crashed suite (import error) has no failing test but fails the run.
  const brokenSuites = (r.testResults ?? []).filter(
    (s) => s.status === 'failed' && s.assertionResults.length === 0,
  ).length;
  totals.failed += brokenSuites;
  lines.push(
    `vitest: ${r.numPassedTests} passed, ${r.numFailedTests + brokenSuites} failed, ${skipped} skipped`,
  );
} else {
  totals.failed += 1;
  lines.push(`vitest: no report (exit ${vStatus})`);
}

// Playwright journeys against the real gateway and reference platform.
const pwJson = join(out, 'playwright.json');
const pStatus = run('playwright', bin('playwright'), ['test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
});
if (existsSync(pwJson)) {
  const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats;
  const passed = s.expected + (s.flaky ?? 0);
  totals.passed += passed;
  totals.failed += s.unexpected;
  totals.skipped += s.skipped;
  lines.push(
    `playwright: ${passed} passed (${s.flaky ?? 0} flaky), ${s.unexpected} failed, ${s.skipped} skipped`,
  );
} else {
  totals.failed += 1;
  lines.push(`playwright: no report (exit ${pStatus})`);
}

console.log('\n' + lines.join('\n'));
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed === 0 ? 0 : 1);

// Screenshots of the task list's states against a running console (default http://127.0.0.1:4399).
// Usage: node scripts/ui-screenshots.mjs [baseUrl] [outDir]   (outDir defaults to <tmpdir>/shots)
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://127.0.0.1:4399';
const out = process.argv[3] ?? join(tmpdir(), 'shots');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--disable-background-networking',
  ],
});

async function shot(
  name,
  {
    theme = 'light',
    path = '/tasks',
    setup,
    waitFor = 'table[aria-label="Tasks"] tbody tr',
    width = 1440,
    height = 900,
  } = {},
) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: theme });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  if (setup) await setup(page);
  await page.goto(base + path);
  if (waitFor) await page.waitForSelector(waitFor, { timeout: 15_000 });
  await page.waitForTimeout(600);
  await page.screenshot({ path: `${out}/${name}.png` });
  if (errors.length) console.log(name, 'console errors:', errors);
  await context.close();
}

await shot('list-light');
await shot('list-dark', { theme: 'dark' });
await shot('list-narrow', { width: 1024, height: 760 });
await shot('empty-filtered', {
  path: '/tasks?q=%22zzzz-no-match%22',
  waitFor: 'text=No tasks match these filters',
});
await shot('error', {
  setup: (page) =>
    page.route('**/api/agent-execution/**', (r) =>
      r.fulfill({
        status: 500,
        contentType: 'application/json',
        body: '{"detail":"Internal Server Error"}',
      }),
    ),
  waitFor: '[role=alert]',
});
await shot('error-dark', {
  theme: 'dark',
  setup: (page) =>
    page.route('**/api/agent-execution/**', (r) =>
      r.fulfill({
        status: 500,
        contentType: 'application/json',
        body: '{"detail":"Internal Server Error"}',
      }),
    ),
  waitFor: '[role=alert]',
});
await shot('loading', {
  setup: (page) => page.route('**/api/agent-execution/**', () => new Promise(() => {})),
  waitFor: '[aria-label="Loading tasks"]',
});
await shot('users', { path: '/users', waitFor: 'h1' });
await shot('agents', { path: '/agents', waitFor: 'ul[aria-label="Agents"]' });
await shot('not-found', { path: '/nope', waitFor: 'text=Page not found' });
await browser.close();

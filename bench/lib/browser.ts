import {
  chromium,
  type Browser,
  type BrowserContext,
  type CDPSession,
  type Page,
} from '@playwright/test';
import { fileURLToPath } from 'node:url';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Noise removal from GoogleChrome/chrome-launcher#170; left off where throttling is the subject. */
const NO_THROTTLING = [
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export function launchBrowser(options: { throttleBackground?: boolean } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: options.throttleBackground ? BASE_ARGS : [...BASE_ARGS, ...NO_THROTTLING],
  });
}

const PROBE = fileURLToPath(new URL('./probe.js', import.meta.url));

export interface BenchPage {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  close(): Promise<void>;
}

/** A fresh context per sample (no cache, no warm JIT for the page), probe installed, CDP attached. */
export async function openPage(
  browser: Browser,
  options: { width?: number; height?: number } = {},
): Promise<BenchPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1400, height: options.height ?? 900 },
  });
  await context.addInitScript({ path: PROBE });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  return { context, page, cdp, close: () => context.close() };
}

/** Evaluates an expression against window.__bench (the probe); the result type is the caller's word. */
export async function probe<T>(page: Page, expression: string): Promise<T> {
  return (await page.evaluate(
    `(async () => { const B = window.__bench; return ${expression}; })()`,
  )) as T;
}

/**
 * Polls an expression over CDP (Runtime.evaluate is exempt from the page's CSP, while
 * page.waitForFunction with a string predicate evals inside the page and the product's
 * `script-src 'self'` forbids that).
 */
export async function waitForProbe(
  page: Page,
  expression: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe<boolean>(page, `!!(${expression})`)) return;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** JS heap after a forced full GC (CDP HeapProfiler.collectGarbage), in bytes. */
export async function heapAfterGc(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.enable');
  for (let i = 0; i < 2; i++) await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  return usedSize;
}

export async function cdpMetrics(cdp: CDPSession): Promise<Record<string, number>> {
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

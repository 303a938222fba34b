import type { Browser } from '@playwright/test';
import { openPage, probe, waitForProbe, type BenchPage } from './browser.ts';

export type TableVariant = 'naive' | 'product';

export interface MountedTable {
  bp: BenchPage;
  /** responseEnd of the last list response → first row painted, ms. */
  mountMs: number;
  domNodes: number;
  rows: number;
}

export const SEARCH_INPUT = 'input[aria-label="Search tasks"]';

/** Opens the product's all-tasks table or the naive baseline and waits for the first painted row. */
export async function mountTable(
  browser: Browser,
  variant: TableVariant,
  urls: { gateway: string; bench: string },
  timeoutMs: number,
): Promise<MountedTable> {
  const bp = await openPage(browser);
  try {
    const url =
      variant === 'product' ? `${urls.gateway}/tasks` : `${urls.bench}/baselines/naive-table.html`;
    await bp.page.goto(url, { waitUntil: 'domcontentloaded' });
    await waitForProbe(bp.page, 'B.firstRowPaint !== null', timeoutMs);
    // Let the virtualizer measure and any follow-up commit land before counting nodes.
    await bp.page.waitForTimeout(300);
    const r = await probe<{ arrival: number | null; paint: number; dom: number; rows: number }>(
      bp.page,
      '({ arrival: B.dataArrival(), paint: B.firstRowPaint, dom: B.domNodes(), rows: B.rowCount() })',
    );
    if (r.arrival === null)
      throw new Error(`${variant}: no list response seen before the first row`);
    return { bp, mountMs: r.paint - r.arrival, domNodes: r.dom, rows: r.rows };
  } catch (error) {
    await bp.close();
    throw error;
  }
}

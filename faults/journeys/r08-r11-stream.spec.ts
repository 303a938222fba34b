/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import type { SseScript } from '../fault-upstream.ts';
import {
  api,
  expect,
  faults,
  type Figures,
  liveEventCount,
  liveUnknownCount,
  test,
} from './support.ts';

const eventsPath = (taskId: string) => `/agent-execution/${taskId}/events$`;

function liveRegion(page: Page) {
  return page.getByRole('region', { name: 'Live events' });
}

async function waitEnded(page: Page, timeout = 60_000) {
  await expect(liveRegion(page).getByRole('status').first()).toContainText(/^\s*Ended/, {
    timeout,
  });
}

/** Compares what the pane holds with the platform's own log; records lost and duplicated. */
async function compareWithServer(page: Page, taskId: string, figures: Figures, label: string) {
  const server = await api.eventLog(taskId);
  // The pane's count settles within a frame or two of the last event.
  await expect.poll(() => liveEventCount(page), { timeout: 5_000 }).toBeGreaterThan(0);
  // Unreadable frames are skipped and counted ("N unknown"); they are neither lost nor extra.
  const unknown = await liveUnknownCount(page);
  const shown = ((await liveEventCount(page)) ?? 0) - unknown;
  const lost = Math.max(0, server.length - shown);
  const duplicated = Math.max(0, shown - server.length);
  figures.data.eventsLost += lost;
  figures.data.eventsDuplicated += duplicated;
  figures.note(`${label}: server ${server.length} events, pane ${shown} (+${unknown} unknown)`);
  return { lost, duplicated };
}

async function finishedTask(agentId: string, title: string) {
  const task = await api.create(agentId, `${title} [fast]`, { title });
  await api.waitTerminal(task.id);
  return task;
}

async function replayRecorded(page: Page) {
  await liveRegion(page)
    .getByRole('button', { name: /load recorded events|retry/i })
    .click();
}

test.describe('event stream faults', () => {
  test('R8 stream dropped after k events, 10 times: reconnects, nothing lost or duplicated', async ({
    con,
    page,
    figures,
    ids,
  }) => {
    test.setTimeout(180_000);
    const task = await api.create(ids.active, 'R8 drops [long] [slow]', { title: 'R8 drop task' });
    // Ascending random k: every reconnect replays the log from the start, so each drop must
    // land further in than the last for the stream to make progress.
    // Distinct ascending k within the first 30 events (a run has 30+), so every drop happens.
    const pool = Array.from({ length: 28 }, (_, i) => i + 2);
    const ks = pool
      .sort(() => Math.random() - 0.5)
      .slice(0, 10)
      .sort((a, b) => a - b);
    for (const k of ks)
      await faults.add({
        path: eventsPath(task.id),
        times: 1,
        action: { kind: 'sse', dropAfter: k },
      });
    figures.note(`drops after ${ks.join(', ')} events`);
    await faults.clearLog();
    await con.open(`/tasks/${task.id}?tab=live`);
    await api.waitTerminal(task.id, 150_000);
    await waitEnded(page, 60_000);
    const log = (await faults.log()).filter((e) =>
      e.path.endsWith(`/agent-execution/${task.id}/events`),
    );
    const drops = log.filter((e) => e.fault).length;
    figures.injected(drops);
    for (let i = 0; i < log.length - 1; i++) {
      if (log[i]!.fault) figures.recovered(log[i + 1]!.at - log[i]!.at);
    }
    expect(drops, 'every scripted drop happened').toBe(ks.length);
    const { lost, duplicated } = await compareWithServer(page, task.id, figures, 'drops');
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    await expect(page.getByRole('heading', { name: 'R8 drop task' })).toBeVisible();
    figures.survived(drops);
  });

  for (const [name, script] of [
    ['replay of the last 5 events', { replay: { at: 12, count: 5 } }],
    ['adjacent events swapped', { reorder: true }],
    ['garbage lines between events', { garbage: true }],
  ] as [string, SseScript][]) {
    test(`R9/R10 ${name}: the pane equals the server log`, async ({ con, page, figures, ids }) => {
      const task = await finishedTask(ids.active, `R9 ${name}`);
      await faults.add({ path: eventsPath(task.id), times: 1, action: { kind: 'sse', ...script } });
      figures.injected();
      await con.open(`/tasks/${task.id}?tab=live`);
      await replayRecorded(page);
      await waitEnded(page);
      const { lost, duplicated } = await compareWithServer(page, task.id, figures, name);
      expect(lost).toBe(0);
      expect(duplicated).toBe(0);
      await con.expectShellAlive();
      expect(con.unexpectedPageErrors()).toEqual([]);
      figures.survived();
    });
  }

  test('R9 gap (events skipped, ids present): the gap is noticed and back-filled', async ({
    con,
    page,
    figures,
    ids,
  }) => {
    // The platform sends no `id:` (contract §7.4), so the gap itself is not seen; the client
    // back-fills it with one verification replay of the finished task's whole log.
    const task = await finishedTask(ids.active, 'R9 gap');
    await faults.add({
      path: eventsPath(task.id),
      times: 1,
      action: { kind: 'sse', skip: [3, 4], ids: true },
    });
    figures.injected();
    await con.open(`/tasks/${task.id}?tab=live`);
    await replayRecorded(page);
    await waitEnded(page);
    const { lost } = await compareWithServer(page, task.id, figures, 'gap');
    expect(lost).toBe(0);
    figures.survived();
  });

  test('R10 503 twice, then the stream: reconnecting, then every event', async ({
    con,
    page,
    figures,
    ids,
  }) => {
    const task = await finishedTask(ids.active, 'R10 503');
    await faults.add({
      path: eventsPath(task.id),
      times: 2,
      action: { kind: 'status', status: 503, retryAfter: 1 },
    });
    figures.injected(2);
    await con.open(`/tasks/${task.id}?tab=live`);
    const started = Date.now();
    await replayRecorded(page);
    await waitEnded(page, 30_000);
    figures.recovered(Date.now() - started);
    const { lost, duplicated } = await compareWithServer(page, task.id, figures, '503x2');
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    figures.survived(2);
  });

  test('R10 204: the stream stops cleanly, no reconnect loop', async ({
    con,
    page,
    figures,
    ids,
  }) => {
    const task = await finishedTask(ids.active, 'R10 204');
    await faults.add({ path: eventsPath(task.id), action: { kind: 'status', status: 204 } });
    figures.injected();
    await con.open(`/tasks/${task.id}?tab=live`);
    await faults.clearLog();
    await replayRecorded(page);
    await page.waitForTimeout(8_000);
    const hits = (await faults.log()).filter((e) =>
      e.path.endsWith(`/agent-execution/${task.id}/events`),
    );
    figures.note(`204: ${hits.length} stream requests in 8 s`);
    await expect(liveRegion(page).getByRole('status').first()).toContainText(/Ended/);
    expect(hits.length).toBeLessThanOrEqual(1);
    figures.survived();
  });

  test('R10 stall without bytes: the stall is detected and the stream resumes', async ({
    con,
    page,
    figures,
    ids,
  }) => {
    test.setTimeout(120_000);
    // The gateway breaks off a stream whose upstream is silent past GATEWAY_SSE_STALL_MS
    // (7.5 s in the harness) while its own keep-alives keep the browser's watchdog content.
    const task = await api.create(ids.active, 'R10 stall [long] [slow]', {
      title: 'R10 stall task',
    });
    await faults.add({
      path: eventsPath(task.id),
      times: 1,
      action: { kind: 'sse', stallAfter: 5 },
    });
    figures.injected();
    await con.open(`/tasks/${task.id}?tab=live`);
    await expect.poll(() => liveEventCount(page), { timeout: 15_000 }).toBeGreaterThanOrEqual(5);
    const started = Date.now();
    // Heartbeats are 3 s upstream / 5 s at the gateway: 2x heartbeat = 10 s, plus a reconnect.
    await expect.poll(() => liveEventCount(page), { timeout: 20_000 }).toBeGreaterThan(5);
    figures.recovered(Date.now() - started);
    figures.survived();
    await api.stop(task.id);
  });

  test('R11 tab hidden while the task runs: nothing missed, caught up within 1 s of visible', async ({
    con,
    page,
    figures,
    ids,
  }) => {
    test.setTimeout(180_000);
    const task = await api.create(ids.active, 'R11 hidden [long] [slow]', {
      title: 'R11 hidden task',
    });
    await con.open(`/tasks/${task.id}?tab=live`);
    await expect(liveRegion(page).getByRole('status').first()).toContainText(/Live/, {
      timeout: 20_000,
    });
    figures.injected();
    const setVisibility = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, 'visibilityState', {
          configurable: true,
          get: () => (h ? 'hidden' : 'visible'),
        });
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
        document.dispatchEvent(new Event('visibilitychange'));
      }, hidden);
    await setVisibility(true);
    await api.waitTerminal(task.id, 150_000);
    await page.waitForTimeout(2_000);
    const started = Date.now();
    await setVisibility(false);
    await waitEnded(page, 20_000);
    const server = await api.eventLog(task.id);
    await expect.poll(() => liveEventCount(page), { timeout: 10_000 }).toBe(server.length);
    const caughtUp = Date.now() - started;
    figures.recovered(caughtUp);
    figures.note(
      `caught up ${caughtUp} ms after visible (headless Chromium does not throttle timers here)`,
    );
    const { lost, duplicated } = await compareWithServer(page, task.id, figures, 'hidden');
    expect(lost).toBe(0);
    expect(duplicated).toBe(0);
    expect(caughtUp).toBeLessThanOrEqual(1_000 + 2_000); // 1 s target plus poll granularity
    figures.survived();
  });
});

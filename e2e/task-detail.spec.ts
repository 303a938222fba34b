import type { APIRequestContext, Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { startSeparateStack } from './support/separate-stack';

interface AgentRow {
  id: string;
  name: string;
  status: string;
  type?: string | null;
}

async function createTask(request: APIRequestContext, baseURL: string, prompt: string) {
  const agents = (await (await request.get(`${baseURL}/api/agents/list`)).json()) as AgentRow[];
  const agent = agents.find((a) => a.status === 'ACTIVE' && a.type === 'regular');
  expect(agent, 'an active regular agent in the seed').toBeTruthy();
  // Writes carry the session's CSRF token and a same-origin Origin, as the SPA sends them.
  const session = (await (await request.get(`${baseURL}/api/session`)).json()) as {
    csrf_token: string;
  };
  const res = await request.post(`${baseURL}/api/agent-execution/${agent!.id}`, {
    headers: {
      origin: baseURL,
      'content-type': 'application/json',
      'x-csrf-token': session.csrf_token,
    },
    data: {
      input: { text: prompt, files: [], user: { id: 'u-e2e', email: 'e2e@example.com' } },
      events_streaming: true,
      source: 'console',
    },
  });
  expect(res.status()).toBe(200);
  return (await res.json()) as { id: string; agent_id: string };
}

/** Every event type and how often the platform recorded it, read back through the gateway. */
async function recordedEventCounts(request: APIRequestContext, baseURL: string, taskId: string) {
  const res = await request.get(`${baseURL}/api/agent-execution/${taskId}/events`, {
    headers: { accept: 'text/event-stream' },
  });
  expect(res.status()).toBe(200);
  const counts = new Map<string, number>();
  for (const line of (await res.text()).split(/\r?\n/)) {
    if (!line.startsWith('data:')) continue;
    const type = (JSON.parse(line.slice(5)) as { type: string }).type;
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return counts;
}

/** The per-type counts the live events pane shows in its type filter. */
async function shownEventCounts(page: Page) {
  const live = page.getByRole('region', { name: 'Live events' });
  const options = await live.getByRole('combobox').first().locator('option').allInnerTexts();
  const counts = new Map<string, number>();
  for (const text of options) {
    const m = /^(.+) \((\d+)\)$/.exec(text.trim());
    if (m && !m[1]!.startsWith('All types')) counts.set(m[1]!, Number(m[2]));
  }
  return counts;
}

function connectionState(page: Page) {
  return page.getByRole('region', { name: 'Live events' }).getByRole('status').first();
}

test.describe('task detail on the reference platform', () => {
  test('a new task runs live to the end, then its thread reads back', async ({
    console: consolePage,
    page,
    request,
    baseURL,
  }) => {
    test.setTimeout(180_000);
    const task = await createTask(request, baseURL!, 'Summarise the open escalations [slow]');

    await consolePage.open(`/tasks/${task.id}?tab=live`);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(
      'Summarise the open escalations',
    );
    await expect(connectionState(page)).toContainText(/Live/);
    await expect(page.getByTestId('live-output')).not.toBeEmpty();
    await expect(connectionState(page)).toContainText(/Ended/, { timeout: 120_000 });

    // The header folded task_finished: the status is terminal without a reload.
    const header = page.getByRole('heading', { level: 1 }).locator('xpath=ancestor::header[1]');
    await expect(header).toContainText(/Completed|Failed|Error/);

    // Nothing lost, nothing twice: the pane's counts equal the platform's recorded log.
    expect(await shownEventCounts(page)).toEqual(
      await recordedEventCounts(request, baseURL!, task.id),
    );

    await page.getByRole('tab', { name: /Activity/ }).click();
    const activity = page.getByRole('region', { name: 'Activity' });
    await expect(activity).toContainText('Summarise the open escalations');
    await expect(activity.getByText(/Tool call/).first()).toBeVisible();

    await consolePage.expectNoSeriousA11yViolations();
    consolePage.expectNoConsoleErrors();
  });

  test('the platform restarts mid-stream and the view recovers with no lost and no duplicated events', async ({
    browser,
  }) => {
    test.setTimeout(300_000);
    const stack = await startSeparateStack();
    try {
      const context = await browser.newContext({ baseURL: stack.gatewayUrl });
      const page = await context.newPage();
      const task = await createTask(
        context.request,
        stack.gatewayUrl,
        'Reconcile the ledger for March [slow]',
      );

      await page.goto(`/tasks/${task.id}?tab=live`);
      await expect(connectionState(page)).toContainText(/Live/, { timeout: 60_000 });
      await expect(page.getByRole('region', { name: 'Live events' })).toContainText(
        /[3-9]\d* events|\d{2,} events/,
        {
          timeout: 60_000,
        },
      );

      await stack.killPlatform();
      await expect(connectionState(page)).toContainText(/Reconnecting/, { timeout: 30_000 });
      await stack.startPlatform();

      await expect(connectionState(page)).toContainText(/Ended/, { timeout: 180_000 });
      expect(await shownEventCounts(page)).toEqual(
        await recordedEventCounts(context.request, stack.gatewayUrl, task.id),
      );
      await context.close();
    } finally {
      await stack.stop();
    }
  });
});

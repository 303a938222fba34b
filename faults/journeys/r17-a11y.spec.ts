/// <reference lib="dom" />
import type { Locator, Page } from '@playwright/test';
import { api, appears, expect, faults, test } from './support.ts';

/** Presses Tab until `target` has focus; keyboard only, as a person without a mouse would. */
async function tabTo(page: Page, target: Locator, max = 60) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${target} with Tab`);
}

test.describe('R17 accessibility', () => {
  test('R17 axe on every screen and state: lists, detail tabs, dialogs, error and empty states', async ({
    con,
    page,
    figures,
    ids,
  }) => {
    test.setTimeout(180_000);
    const task = await api.create(ids.active, 'R17 screens [fast] [plan]', {
      title: 'R17 screens task',
    });
    await api.waitTerminal(task.id);
    const running = await api.create(ids.active, 'R17 running [hitl-hold] [fast]', {
      title: 'R17 running task',
    });
    const states: [string, () => Promise<void>][] = [
      [
        'all tasks',
        async () => {
          await con.open('/tasks');
          await expect(
            page.getByRole('table', { name: 'Tasks' }).getByRole('row').nth(2),
          ).toBeVisible();
        },
      ],
      [
        'agent tasks',
        async () => {
          await con.open(`/agents/${ids.active}/tasks`);
          await expect(
            page.getByRole('table', { name: 'Tasks' }).getByRole('row').nth(2),
          ).toBeVisible();
        },
      ],
      [
        'user tasks',
        async () => {
          await con.open('/users/u-1001/tasks');
          await page.waitForLoadState('networkidle');
        },
      ],
      [
        'agents',
        async () => {
          await con.open('/agents');
          await page.waitForLoadState('networkidle');
        },
      ],
      [
        'empty search',
        async () => {
          await con.open(`/agents/${ids.active}/tasks`);
          await page.getByLabel('Search tasks').first().fill('zzzz-nothing-matches');
          await page.waitForTimeout(500);
        },
      ],
      [
        'detail overview',
        async () => {
          await con.open(`/tasks/${task.id}?tab=overview`);
          await expect(page.getByRole('heading', { name: 'R17 screens task' })).toBeVisible();
        },
      ],
      [
        'detail live (recorded)',
        async () => {
          await con.open(`/tasks/${task.id}?tab=live`);
          await page.getByRole('button', { name: /load recorded events/i }).click();
          await expect(
            page.getByRole('region', { name: 'Live events' }).getByRole('status').first(),
          ).toContainText(/Ended/, { timeout: 20_000 });
        },
      ],
      [
        'detail live (running)',
        async () => {
          await con.open(`/tasks/${running.id}?tab=live`);
          await page.waitForTimeout(1_500);
        },
      ],
      [
        'detail activity',
        async () => {
          await con.open(`/tasks/${task.id}?tab=activity`);
          await expect(page.getByRole('region', { name: 'Activity' })).toBeVisible();
          await page.waitForTimeout(500);
        },
      ],
      [
        'detail raw',
        async () => {
          await con.open(`/tasks/${task.id}?tab=raw`);
          await page.waitForTimeout(500);
        },
      ],
      [
        'task not found',
        async () => {
          await con.open('/tasks/no-such-task-id');
          await expect(page.getByText(/task not found/i)).toBeVisible();
        },
      ],
      [
        'route not found',
        async () => {
          await con.open('/no/such/page');
          await expect(page.getByRole('heading', { name: /not found/i })).toBeVisible();
        },
      ],
      [
        'list error',
        async () => {
          await faults.add({
            path: `/agent-execution/executions/history/${ids.active}$`,
            action: { kind: 'status', status: 503 },
          });
          await con.open(`/agents/${ids.active}/tasks`);
          await expect(page.getByRole('alert').first()).toBeVisible({ timeout: 20_000 });
          await faults.clear();
        },
      ],
      [
        'detail error',
        async () => {
          await faults.add({
            path: `/agent-execution/${task.id}/status$`,
            action: { kind: 'status', status: 500 },
          });
          await con.open(`/tasks/${task.id}`);
          await expect(page.getByRole('alert').first()).toBeVisible({ timeout: 20_000 });
          await faults.clear();
        },
      ],
      [
        'stream refused',
        async () => {
          await faults.add({
            path: `/agent-execution/${running.id}/events$`,
            action: { kind: 'status', status: 403 },
          });
          await con.open(`/tasks/${running.id}?tab=live`);
          await expect(
            page.getByRole('region', { name: 'Live events' }).getByRole('status').first(),
          ).toContainText(/Ended/, { timeout: 20_000 });
          await faults.clear();
        },
      ],
      [
        'dark theme detail',
        async () => {
          await con.open(`/tasks/${task.id}?tab=overview`);
          await page.evaluate(() => document.documentElement.classList.add('dark'));
          await page.waitForTimeout(300);
        },
      ],
    ];
    const dialogs: [string, string][] = [
      ['stop dialog', 'Stop task'],
      ['update dialog', 'Update task'],
    ];
    for (const [label, open] of states) {
      await open();
      await con.axe(label);
    }
    for (const [label, name] of dialogs) {
      await con.open(`/tasks/${running.id}?tab=overview`);
      const button = page
        .getByRole('group', { name: 'Task actions' })
        .getByRole('button', { name });
      if (!(await appears(button, 8_000))) {
        figures.note(`missing product piece: ${name} on the detail`);
        continue;
      }
      await button.click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await con.axe(label);
    }
    await api.stop(running.id);
    expect(figures.data.a11ySerious).toEqual([]);
  });

  test('R17 keyboard only: update a task, then stop one, focus returns to the trigger', async ({
    con,
    page,
    figures,
    ids,
  }) => {
    const task = await api.create(ids.active, 'R17 keyboard [hitl-hold] [fast]', {
      title: 'R17 keyboard task',
    });
    await expect
      .poll(async () => (await api.get(task.id)).status, { timeout: 30_000 })
      .toBe('paused');
    await con.open(`/tasks/${task.id}?tab=overview`);
    await expect(page.getByRole('heading', { name: 'R17 keyboard task' })).toBeVisible();
    const actions = page.getByRole('group', { name: 'Task actions' });
    const missing1 = !(await appears(actions.getByRole('button', { name: 'Update task' }), 8_000));
    test.fail(missing1, 'missing product piece: Update/Stop task actions');
    if (missing1) throw new Error('missing product piece: Update/Stop task actions');

    // Update with the keyboard.
    const update = actions.getByRole('button', { name: 'Update task' });
    await page.locator('body').focus();
    await tabTo(page, update);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect(dialog).toBeVisible();
    const result = dialog.getByRole('textbox', { name: 'Result' });
    await tabTo(page, result);
    await page.keyboard.type('typed with the keyboard');
    await tabTo(page, dialog.getByRole('button', { name: /review changes/i }));
    await page.keyboard.press('Enter');
    await tabTo(page, dialog.getByRole('button', { name: /^save$/i }));
    await page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0, { timeout: 10_000 });
    await expect.poll(async () => (await api.get(task.id)).result).toBe('typed with the keyboard');
    await expect(update).toBeFocused();
    figures.survived();

    // Stop with the keyboard; Escape closes a dialog without acting.
    const stop = actions.getByRole('button', { name: 'Stop task' });
    await tabTo(page, stop);
    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(stop).toBeFocused();
    expect((await api.get(task.id)).status).toBe('paused');
    await page.keyboard.press('Enter');
    await tabTo(page, dialog.getByRole('button', { name: 'Stop task' }));
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await api.get(task.id)).status).toBe('stopped');
    await expect(page.getByText(/^Stopped/).first()).toBeVisible();
    figures.survived();
  });

  test('R17 the live feed can be paused (WCAG 2.2.2) and states are announced politely', async ({
    con,
    page,
    ids,
  }) => {
    const task = await api.create(ids.active, 'R17 feed [long] [slow]', { title: 'R17 feed task' });
    await con.open(`/tasks/${task.id}?tab=live`);
    const live = page.getByRole('region', { name: 'Live events' });
    await expect(live.getByRole('status').first()).toContainText(/Live/, { timeout: 20_000 });
    await expect(live.locator('[role="status"][aria-live="polite"]').first()).toBeVisible();
    const pause = live.getByRole('button', { name: /pause|follow/i }).first();
    await expect(pause).toBeVisible();
    await api.stop(task.id);
  });
});

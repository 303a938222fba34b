import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { gatewayApi, uniqueWord, type GatewayApi } from './support/gateway-api';
import { focusInside, tabTo } from './support/keyboard';
import { dismissToasts } from './support/toasts';

/** The detail header: heading, status badge, meta, and the "Task actions" group. */
function detailHeader(page: Page) {
  return page.getByRole('heading', { level: 1 }).locator('xpath=ancestor::header[1]');
}

function taskActions(page: Page) {
  return page.getByRole('group', { name: 'Task actions' });
}

function listRows(page: Page) {
  return page
    .getByRole('table', { name: 'Tasks' })
    .getByRole('row')
    .filter({ has: page.getByRole('cell') });
}

/** The list at /tasks, searched for `word` the way a person types it. */
async function searchList(page: Page, word: string) {
  await page.goto('/tasks');
  await expect(listRows(page).first()).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search tasks' }).fill(word);
  await expect(page).toHaveURL(new RegExp(`[?&]q=${word}`));
}

/**
 * A task the worker holds (paused for approval) until it is PATCHed or stopped. Titled, so the
 * list (whose rows carry no prompt) can find it by a word.
 */
async function heldTask(api: GatewayApi, title: string) {
  const task = await api.createTask(`${title} [hitl-hold]`, { title });
  // Paused means the worker has stopped writing: edits made from now on race nobody.
  return api.waitForStatus(task.id, 'paused');
}

test.describe('task actions on the reference platform', () => {
  let api: GatewayApi;
  test.beforeEach(({ request, baseURL }) => {
    api = gatewayApi(request, baseURL!);
  });

  test('stop a running task from its detail view', async ({ console: consolePage, page }) => {
    const word = uniqueWord('stopone');
    const label = `Reconcile ledger ${word}`;
    const task = await heldTask(api, label);

    await consolePage.open(`/tasks/${task.id}`);
    const header = detailHeader(page);
    await expect(header).toContainText('Paused');
    const stop = taskActions(page).getByRole('button', { name: 'Stop task' });
    await expect(stop).not.toHaveAttribute('aria-disabled', 'true');
    await stop.click();

    const dialog = page.getByRole('dialog', { name: `Stop “${label}”?` });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('now Paused');
    await expect(dialog).toContainText('ends as Stopped');
    await dialog.getByRole('button', { name: 'Stop task' }).click();
    await expect(dialog).toBeHidden();

    await expect(page.getByText(`Stopped “${label}”`)).toBeVisible();
    await expect(header).toContainText('Stopped');
    await expect(header).toContainText('stopped by hand');
    await expect(stop).toHaveAttribute('aria-disabled', 'true');
    await expect(stop).toHaveAccessibleDescription(/already finished \(stopped\)/);
    // aria-disabled, not disabled: it still takes focus so the reason can be read.
    await expect(stop).not.toHaveAttribute('disabled');
    await stop.focus();
    await expect(stop).toBeFocused();

    await searchList(page, word);
    await expect(listRows(page)).toHaveCount(1);
    await expect(listRows(page).first()).toContainText(word);
    await expect(listRows(page).first()).toContainText('Stopped');

    const after = await api.getTask(task.id);
    expect(after.status).toBe('stopped');
    expect(after.is_manually_stopped).toBe(true);

    await dismissToasts(page);
    await consolePage.expectNoSeriousA11yViolations();
    consolePage.expectNoConsoleErrors();
  });

  test('update status and result with a reason; it persists and shows in History', async ({
    console: consolePage,
    page,
  }) => {
    const word = uniqueWord('update');
    const task = await heldTask(api, `Refund order ${word}`);
    const result = `Refund ${word} issued to the original card.`;
    const reason = `Customer confirmed by phone (${word})`;

    await consolePage.open(`/tasks/${task.id}`);
    await expect(detailHeader(page)).toContainText('Paused');
    await taskActions(page).getByRole('button', { name: 'Update task' }).click();

    const dialog = page.getByRole('dialog', { name: 'Update task' });
    await expect(dialog).toBeVisible();
    const review = dialog.getByRole('button', { name: 'Review changes' });
    // Nothing changed yet: nothing to review.
    await expect(review).toBeDisabled();
    await dialog.getByLabel('Status').selectOption({ label: 'Completed' });
    await dialog.getByLabel('Result', { exact: true }).fill(result);
    await dialog.getByLabel('Reason').fill(reason);
    await review.click();

    await expect(dialog.getByRole('heading', { name: 'Review changes' })).toBeVisible();
    const diff = dialog.getByRole('table', { name: 'Changes to save' });
    await expect(diff.getByRole('row', { name: /Status/ })).toContainText('paused');
    await expect(diff.getByRole('row', { name: /Status/ })).toContainText('completed');
    await expect(diff.getByRole('row', { name: /Result/ })).toContainText(result);
    await expect(dialog).toContainText(`Reason: ${reason}`);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(/^Updated “/)).toBeVisible();

    // Persisted: a reload reads it back from the platform.
    await page.reload();
    await expect(detailHeader(page)).toContainText('Completed');
    await expect(page.getByRole('tabpanel', { name: 'Overview' })).toContainText(result);
    const onPlatform = await api.getTask(task.id);
    expect(onPlatform.status).toBe('completed');
    expect(onPlatform.result).toBe(result);

    await page.getByRole('tab', { name: 'History' }).click();
    const history = page.getByRole('tabpanel', { name: 'History' });
    await expect(history.getByRole('heading', { name: 'Change history' })).toBeVisible();
    const record = history.getByRole('listitem').filter({ hasText: reason });
    await expect(record).toHaveCount(1);
    await expect(record).toContainText('local');
    await expect(record).toContainText(`“${reason}”`);

    await dismissToasts(page);
    await consolePage.expectNoSeriousA11yViolations();
    consolePage.expectNoConsoleErrors();
  });

  test('a second writer causes a conflict; re-apply keeps what the person typed', async ({
    console: consolePage,
    page,
  }) => {
    const word = uniqueWord('conflict');
    const task = await heldTask(api, `Draft reply ${word}`);
    const mine = `Mine: reply ${word} sent with the tracking number.`;
    const theirs = `Theirs: reply ${word} drafted by the other operator.`;

    await consolePage.open(`/tasks/${task.id}`);
    await expect(detailHeader(page)).toContainText('Paused');
    await taskActions(page).getByRole('button', { name: 'Update task' }).click();
    const dialog = page.getByRole('dialog', { name: 'Update task' });
    const resultField = dialog.getByLabel('Result', { exact: true });
    await resultField.fill(mine);
    await dialog.getByLabel('Reason').fill('Final wording');

    // Another writer changes the same task through the gateway, against the current version.
    const before = await api.getTask(task.id);
    await api.patchTask(
      task.id,
      { result: theirs, internal_status: 'edited elsewhere' },
      { ifMatch: before.updated_at!, reason: 'second writer' },
    );
    // The open dialog hears about it (the detail view is live) and says so.
    await expect(dialog.getByText('This task has changed since you opened it.')).toBeVisible();
    await expect(resultField).toHaveValue(mine);

    await dialog.getByRole('button', { name: 'Review changes' }).click();
    await dialog.getByRole('button', { name: 'Save' }).click();

    const alert = dialog.getByRole('alert');
    await expect(alert).toContainText('This task was changed after you opened it.');
    await expect(alert).toContainText('Your draft is kept');
    const conflict = dialog.getByRole('table', {
      name: 'Your change beside the server’s current version',
    });
    const resultRow = conflict.getByRole('row', { name: /Result/ });
    await expect(resultRow).toContainText(theirs);
    await expect(resultRow).toContainText(mine);
    await expect(resultRow).toContainText('changed by both');
    // Nothing was written: the platform still has the other writer's version.
    expect((await api.getTask(task.id)).result).toBe(theirs);

    await dialog.getByRole('button', { name: 'Re-apply' }).click();
    await expect(dialog.getByText(/Your change, re-applied on the current version/)).toBeVisible();
    const diff = dialog.getByRole('table', { name: 'Changes to save' });
    const row = diff.getByRole('row', { name: /Result/ });
    await expect(row.getByRole('cell').first()).toContainText(theirs);
    await expect(row.getByRole('cell').last()).toContainText(mine);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(/^Updated “/)).toBeVisible();

    const after = await api.getTask(task.id);
    expect(after.result).toBe(mine);
    // Re-apply put only the person's field on top: the other writer's other change stays.
    expect(after.internal_status).toBe('edited elsewhere');
    // Still paused, so the detail opened on Live events; the result is on the Overview.
    await page.getByRole('tab', { name: 'Overview' }).click();
    await expect(page.getByRole('tabpanel', { name: 'Overview' })).toContainText(mine);

    // Chromium logs every non-2xx fetch; the one 409 is the conflict this journey provoked.
    const errors = consolePage.errors.filter((e) => !/status of 409 \(Conflict\)/.test(e));
    expect(consolePage.errors.length - errors.length).toBe(1);
    expect(errors).toEqual([]);
  });

  test('an unsaved update survives a page reload', async ({ console: consolePage, page }) => {
    const word = uniqueWord('draft');
    const task = await heldTask(api, `Escalate ticket ${word}`);
    const typed = `Half-written result for ${word}`;
    const reason = 'Waiting on finance';

    await consolePage.open(`/tasks/${task.id}`);
    await taskActions(page).getByRole('button', { name: 'Update task' }).click();
    let dialog = page.getByRole('dialog', { name: 'Update task' });
    await dialog.getByLabel('Result', { exact: true }).fill(typed);
    await dialog.getByLabel('Reason').fill(reason);

    await page.reload();
    await expect(detailHeader(page)).toContainText('Paused');
    await taskActions(page).getByRole('button', { name: 'Update task' }).click();
    dialog = page.getByRole('dialog', { name: 'Update task' });
    await expect(
      dialog.getByRole('status').filter({ hasText: 'Restored your unsaved draft' }),
    ).toBeVisible();
    await expect(dialog.getByLabel('Result', { exact: true })).toHaveValue(typed);
    await expect(dialog.getByLabel('Reason')).toHaveValue(reason);

    // Discarding is the person's choice; afterwards a reopened dialog starts clean.
    await dialog.getByRole('button', { name: 'Discard draft' }).click();
    await expect(dialog).toBeHidden();
    await taskActions(page).getByRole('button', { name: 'Update task' }).click();
    dialog = page.getByRole('dialog', { name: 'Update task' });
    await expect(dialog.getByLabel('Result', { exact: true })).toHaveValue('');
    await expect(dialog.getByText('Restored your unsaved draft')).toHaveCount(0);
    // The platform never saw the draft.
    expect((await api.getTask(task.id)).result ?? null).toBeNull();

    consolePage.expectNoConsoleErrors();
  });

  test('bulk stop of a filtered set: dry run, progress, every task stopped', async ({
    console: consolePage,
    page,
  }) => {
    test.setTimeout(180_000);
    const word = uniqueWord('bulk');
    const tasks = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        api.createTask(`Bulk ${word} item ${n} [hitl-hold]`, { title: `Bulk ${word} item ${n}` }),
      ),
    );
    for (const t of tasks) await api.waitForStatus(t.id, 'paused');

    await searchList(page, word);
    const rows = listRows(page);
    await expect(rows).toHaveCount(4);
    await page.getByRole('checkbox', { name: 'Select all 4 matching tasks' }).check();
    const bar = page.getByRole('region', { name: 'Bulk actions' });
    await expect(bar).toContainText('4 tasks selected');
    await expect(bar).toContainText('all matching the filter');
    await bar.getByRole('button', { name: 'Stop selected…' }).click();

    const dialog = page.getByRole('dialog', { name: 'Stop tasks' });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('All 4 tasks matching the filter');
    const plan = dialog.getByRole('region', { name: 'Will be stopped' });
    await expect(plan.getByRole('listitem')).toHaveCount(4);
    for (const n of [1, 2, 3, 4]) await expect(plan).toContainText(`Bulk ${word} item ${n}`);
    // Dry run only: nothing has been stopped yet.
    for (const t of tasks) expect((await api.getTask(t.id)).status).toBe('paused');

    await dialog.getByRole('button', { name: 'Stop 4 tasks' }).click();
    const outcomes = dialog.getByRole('list', { name: 'Outcome per task' });
    await expect(outcomes.getByRole('listitem')).toHaveCount(4);
    await expect(dialog.getByRole('status')).toHaveText(
      'Done: 4 stopped, 0 already finished, 0 failed',
    );
    await expect(dialog.getByRole('progressbar', { name: 'Bulk stop progress' })).toHaveAttribute(
      'aria-valuenow',
      '4',
    );
    for (const n of [1, 2, 3, 4])
      await expect(outcomes.getByRole('listitem').filter({ hasText: `item ${n}` })).toContainText(
        'Stopped',
      );
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(dialog).toBeHidden();

    await expect(rows).toHaveCount(4);
    for (let i = 0; i < 4; i++) await expect(rows.nth(i)).toContainText('Stopped');
    // Everything stopped, so the selection is cleared (only failures stay selected).
    await expect(bar).toBeHidden();
    for (const t of tasks) {
      const now = await api.getTask(t.id);
      expect(now.status).toBe('stopped');
      expect(now.is_manually_stopped).toBe(true);
    }

    await dismissToasts(page);
    await consolePage.expectNoSeriousA11yViolations();
    consolePage.expectNoConsoleErrors();
  });

  test('a new task from the list opens its live view and runs to the end', async ({
    console: consolePage,
    page,
  }) => {
    test.setTimeout(180_000);
    const word = uniqueWord('newtask');
    const agent = await api.activeAgent();
    const prompt = `[quick] Say hello ${word}`;

    await consolePage.open('/tasks');
    await expect(listRows(page).first()).toBeVisible();
    const trigger = page.getByRole('button', { name: 'New task' });
    await trigger.click();
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await expect(dialog).toBeVisible();
    // The label wraps the select, so its name starts with "Agent" (and other selects' names
    // contain "Agent default").
    await dialog.getByLabel(/^Agent/).selectOption({ label: agent.name });
    await dialog.getByLabel('Prompt').fill(prompt);
    await dialog.getByRole('button', { name: 'Create task' }).click();
    await expect(dialog).toBeHidden();

    await expect(page).toHaveURL(/\/tasks\/[^/?]+/);
    const taskId = new URL(page.url()).pathname.split('/').pop()!;
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(prompt);
    await expect(page.getByRole('tab', { name: /Live events/ })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const live = page.getByRole('region', { name: 'Live events' });
    await expect(live.getByRole('status').first()).toContainText(/Ended/, { timeout: 90_000 });
    await expect(detailHeader(page)).toContainText('Completed');

    const onPlatform = await api.getTask(taskId);
    expect(onPlatform.status).toBe('completed');
    expect(onPlatform.agent_id).toBe(agent.id);
    expect(onPlatform.input.text).toBe(prompt);

    consolePage.expectNoConsoleErrors();
  });

  test('keyboard only: stop, then update, with focus into dialogs and back', async ({
    console: consolePage,
    page,
  }) => {
    test.setTimeout(180_000);
    const word = uniqueWord('keys');
    const stopTask = await heldTask(api, `Keyboard stop ${word}`);
    const updateTask = await heldTask(api, `Keyboard update ${word}`);

    // Stop.
    await consolePage.open(`/tasks/${stopTask.id}`);
    await expect(detailHeader(page)).toContainText('Paused');
    const stop = taskActions(page).getByRole('button', { name: 'Stop task' });
    await tabTo(page, stop);
    await page.keyboard.press('Enter');
    let dialog = page.getByRole('dialog', { name: /^Stop “Keyboard stop/ });
    await expect(dialog).toBeVisible();
    // The safe choice has focus first.
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(stop).toBeFocused();
    expect((await api.getTask(stopTask.id)).status).toBe('paused');

    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    await tabTo(page, dialog.getByRole('button', { name: 'Stop task' }), { max: 5 });
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(detailHeader(page)).toContainText('Stopped');
    await expect(stop).toHaveAttribute('aria-disabled', 'true');
    await expect(stop).toBeFocused();
    await api.waitForStatus(stopTask.id, 'stopped', 15_000);

    // Update.
    const result = `Keyboard result ${word}`;
    await consolePage.open(`/tasks/${updateTask.id}`);
    await expect(detailHeader(page)).toContainText('Paused');
    const update = taskActions(page).getByRole('button', { name: 'Update task' });
    await tabTo(page, update);
    await page.keyboard.press('Enter');
    dialog = page.getByRole('dialog', { name: 'Update task' });
    await expect(dialog).toBeVisible();
    expect(await focusInside(dialog)).toBe(true);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(update).toBeFocused();

    await page.keyboard.press('Enter');
    await expect(dialog).toBeVisible();
    const status = dialog.getByLabel('Status');
    await tabTo(page, status, { max: 10 });
    // Type-ahead on a focused select: "c" picks Completed.
    await page.keyboard.press('c');
    await expect(status).toHaveValue('completed');
    await tabTo(page, dialog.getByLabel('Result', { exact: true }), { max: 10 });
    await page.keyboard.type(result);
    await tabTo(page, dialog.getByLabel('Reason'), { max: 10 });
    await page.keyboard.type('Done from the keyboard');
    // Enter in a field submits the form: on to the review.
    await page.keyboard.press('Enter');
    await expect(dialog.getByRole('heading', { name: 'Review changes' })).toBeVisible();
    expect(await focusInside(dialog)).toBe(true);
    await tabTo(page, dialog.getByRole('button', { name: 'Save' }), { max: 10 });
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(update).toBeFocused();
    await expect(detailHeader(page)).toContainText('Completed');
    const after = await api.getTask(updateTask.id);
    expect(after.status).toBe('completed');
    expect(after.result).toBe(result);

    consolePage.expectNoConsoleErrors();
  });
});

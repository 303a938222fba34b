import { expect, test } from './fixtures';

test.describe('task lists on the reference platform', () => {
  test('pick an agent, filter to failed, open a task, come back with the filter intact, open an end user', async ({
    console: consolePage,
    page,
  }) => {
    // A long journey with two axe passes; the shared 2-core machine can be slow.
    test.setTimeout(180_000);
    await consolePage.open('/tasks');
    const table = page.getByRole('table', { name: 'Tasks' });
    await expect(table.getByRole('row').nth(1)).toBeVisible();

    // Pick the manager agent: the seed gives it failures among its tasks.
    await page.getByRole('button', { name: 'Agent', exact: true }).click();
    await page
      .getByRole('list', { name: 'Agents' })
      .getByRole('button', { name: /Ops Manager/ })
      .click();
    await expect(page).toHaveURL(/\/agents\/[^/]+\/tasks/);
    const agentUrl = new URL(page.url()).pathname;

    // Filter to failed tasks.
    await page.getByRole('button', { name: 'Status', exact: true }).click();
    await page.getByRole('checkbox', { name: /Failed/ }).check();
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/status=/);
    const rows = table.getByRole('row').filter({ has: page.getByRole('cell') });
    await expect(rows.first()).toContainText('Failed');
    const statuses = await rows.allInnerTexts();
    expect(statuses.length).toBeGreaterThan(0);
    for (const text of statuses) expect(text).toContain('Failed');
    const filteredUrl = page.url();

    // Open the first failed task, then come back: the filter is still there.
    await rows.first().click();
    await expect(page).toHaveURL(/\/tasks\/[^/?]+/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await page.goBack();
    await expect(page).toHaveURL(filteredUrl);
    expect(new URL(page.url()).pathname).toBe(agentUrl);
    await expect(page.getByRole('button', { name: /^Status\s*1$/ })).toBeVisible();
    await expect(rows.first()).toContainText('Failed');

    // A link reproduces the view: open the same URL in a fresh page.
    const again = await page.context().newPage();
    await again.goto(filteredUrl);
    const againRows = again
      .getByRole('table', { name: 'Tasks' })
      .getByRole('row')
      .filter({ has: again.getByRole('cell') });
    await expect(againRows.first()).toContainText('Failed');
    await again.close();

    // Open an end user's tasks across all agents.
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /by end user/i })
      .click();
    await expect(page).toHaveURL(/\/users/);
    const lookup = page.getByRole('textbox').first();
    await lookup.fill('u-1008');
    await lookup.press('Enter');
    await expect(page).toHaveURL(/\/users\/u-1008\/tasks/);
    await expect(rows.first()).toBeVisible();
    await expect(rows.first()).toContainText('u-1008');

    await consolePage.expectNoSeriousA11yViolations();
    consolePage.expectNoConsoleErrors();
  });
});

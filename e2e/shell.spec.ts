import { expect, test } from './fixtures';

test.describe('app shell', () => {
  test('loads, navigates between scopes, has no console errors and no serious axe violations', async ({
    console: consolePage,
    page,
  }) => {
    await consolePage.open('/');
    await expect(page).toHaveURL(/\/tasks/);
    await expect(page.getByRole('banner')).toContainText('Tasks Console');

    const nav = page.getByRole('navigation', { name: /main/i });
    await nav.getByRole('link', { name: /by agent/i }).click();
    await expect(page).toHaveURL(/\/agents/);

    await nav.getByRole('link', { name: /by end user/i }).click();
    await expect(page).toHaveURL(/\/users/);

    await nav.getByRole('link', { name: /all tasks/i }).click();
    await expect(page).toHaveURL(/\/tasks$/);
    await expect(page.getByRole('table', { name: 'Tasks' })).toBeVisible();

    await consolePage.expectNoSeriousA11yViolations();
    consolePage.expectNoConsoleErrors();
  });

  test('an unknown route shows a 404 page with a way back', async ({
    console: consolePage,
    page,
  }) => {
    await consolePage.open('/no/such/place');
    await expect(page.getByRole('heading', { name: /not found/i })).toBeVisible();
    await page
      .getByRole('link', { name: /all tasks/i })
      .first()
      .click();
    await expect(page).toHaveURL(/\/tasks$/);
  });

  test('the theme switch applies dark mode and it survives a reload', async ({
    console: consolePage,
    page,
  }) => {
    await consolePage.open('/tasks');
    const themes = page.getByRole('group', { name: 'Theme' });
    await themes.getByRole('button', { name: 'Dark theme' }).click();
    await expect(themes.getByRole('button', { name: 'Dark theme' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
    await expect(page.locator('html')).toHaveClass(/dark/);
    await page.reload();
    await expect(page.locator('html')).toHaveClass(/dark/);
    await consolePage.expectNoSeriousA11yViolations();
  });
});

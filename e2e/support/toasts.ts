import { expect, type Page } from '@playwright/test';

/**
 * Closes every toast and waits until none is left. An axe pass over a toast that is fading in
 * or out measures blended colours (a false color-contrast failure), so journeys clear them first.
 */
export async function dismissToasts(page: Page) {
  const toasts = page.getByRole('region', { name: /^Notifications/ }).getByRole('listitem');
  for (let i = 0; i < 10 && (await toasts.count()) > 0; i++) {
    // A toast can time out under the pointer; that is as good as closing it.
    await toasts
      .first()
      .getByRole('button', { name: 'Close toast' })
      .click({ timeout: 2_000 })
      .catch(() => {});
  }
  await expect(toasts).toHaveCount(0);
}

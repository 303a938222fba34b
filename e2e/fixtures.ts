import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page } from '@playwright/test';

/** A page object for the console as a whole: opening it and the checks every journey makes. */
export class ConsolePage {
  readonly errors: string[] = [];
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
    page.on('console', (msg) => {
      if (msg.type() === 'error') this.errors.push(msg.text());
    });
    page.on('pageerror', (err) => this.errors.push(String(err)));
  }

  async open(path: string) {
    await this.page.goto(path);
  }

  async expectNoSeriousA11yViolations() {
    const result = await new AxeBuilder({ page: this.page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    expect(serious).toEqual([]);
  }

  expectNoConsoleErrors() {
    expect(this.errors).toEqual([]);
  }
}

export const test = base.extend<{ console: ConsolePage }>({
  console: async ({ page }, use) => {
    await use(new ConsolePage(page));
  },
});

export { expect };

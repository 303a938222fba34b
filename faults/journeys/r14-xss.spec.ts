/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import { api, expect, type FaultConsole, type Figures, test } from './support.ts';
import { PROTO_JSON, XSS_PAYLOADS } from './xss-corpus.ts';

/** Elements and attributes that could run script or load from elsewhere, outside the app's own. */
async function dangerousDom(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const el of Array.from(document.querySelectorAll('*'))) {
      const tag = el.tagName.toLowerCase();
      if (
        ['iframe', 'object', 'embed', 'base', 'meta', 'form', 'link', 'style'].includes(tag) &&
        !el.closest('head')
      )
        found.push(`<${tag}> in body`);
      if (tag === 'script' && !(el as HTMLScriptElement).src) found.push('inline <script>');
      for (const attr of Array.from(el.attributes)) {
        if (/^on/i.test(attr.name)) found.push(`${tag}[${attr.name}]`);
        if (
          /^(href|src|xlink:href|action|formaction|data|srcdoc)$/i.test(attr.name) &&
          /^\s*(javascript|vbscript|data:text\/html)/i.test(attr.value)
        )
          found.push(`${tag}[${attr.name}=${attr.value.slice(0, 40)}]`);
        if (/^(src|href)$/i.test(attr.name) && /evil\.example/.test(attr.value) && tag !== 'a')
          found.push(`${tag}[${attr.name}] to evil.example`);
      }
    }
    if (
      ({} as Record<string, unknown>)['polluted'] !== undefined ||
      ({} as Record<string, unknown>)['polluted2'] !== undefined
    )
      found.push('Object.prototype polluted');
    return found;
  });
}

async function check(con: FaultConsole, figures: Figures, where: string) {
  const page = con.page;
  await page.waitForTimeout(300);
  const { sentinel, csp } = await con.xssState();
  const dom = await dangerousDom(page);
  if (dom.length) figures.note(`${where}: ${dom.slice(0, 5).join('; ')}`);
  if (csp.length) figures.note(`${where}: CSP blocked ${csp.slice(0, 3).join(' | ')}`);
  expect(sentinel, `${where}: window.__xss`).toBe(0);
  expect(con.dialogs, `${where}: dialogs`).toEqual([]);
  expect(con.externalRequests, `${where}: requests to other hosts`).toEqual([]);
  expect(dom, `${where}: dangerous DOM`).toEqual([]);
  expect(csp, `${where}: CSP had to block something the renderer let through`).toEqual([]);
}

/** Expands collapsed entries (tool calls, events) so their payloads render too. */
async function expandAll(page: Page, region: string, max = 60) {
  const buttons = page
    .getByRole('region', { name: region })
    .locator('button[aria-expanded="false"]');
  const n = Math.min(await buttons.count(), max);
  for (let i = 0; i < n; i++)
    await buttons
      .nth(0)
      .click({ timeout: 2_000 })
      .catch(() => {});
}

test.describe('R14 XSS corpus', () => {
  test('R14 payloads in titles, prompts, results, tool args/results, reasoning and events stay inert everywhere', async ({
    con,
    page,
    figures,
    ids,
  }) => {
    test.setTimeout(300_000);
    figures.data.xssPayloads = XSS_PAYLOADS.length + 1;
    const tasks = [];
    for (const [i, payload] of XSS_PAYLOADS.entries()) {
      const task = await api.create(ids.draft, `prompt ${i}: ${payload}`, {
        title: `XSS ${i} ${payload}`.slice(0, 2_000),
      });
      // Markdown result, as a support person or an agent would write it.
      const patched = await api.patch(task.id, {
        status: 'completed',
        result: `# Result ${i}\n\n${payload}\n\n- item ${payload}`,
      });
      expect(patched.status).toBe(200);
      tasks.push(task);
    }
    // One carrier task holds every payload in every event and activity shape.
    const carrier = await api.create(ids.draft, 'XSS carrier', { title: 'XSS carrier task' });
    const events = XSS_PAYLOADS.flatMap((payload, i) => [
      {
        type: 'tool_call_request',
        data: {
          request_id: `r${i}`,
          operation_id: `op${i}`,
          tool_call_id: `t${i}`,
          tool_name: `tool ${payload}`,
          payload: { query: payload, [payload.slice(0, 60)]: payload },
          reasoning: { title: payload, description: payload },
        },
      },
      {
        type: 'tool_call_result',
        data: {
          request_id: `r${i}`,
          operation_id: `op${i}`,
          tool_call_id: `t${i}`,
          tool_name: 'tool',
          result: { body: payload, html: payload },
          is_error: i % 5 === 0,
        },
      },
      {
        type: 'think',
        data: { title: payload, thought: payload, action: payload, confidence: 0.5 },
      },
      {
        type: 'analyze',
        data: { title: `analysis ${i}`, analysis: payload, result: payload, next_action: payload },
      },
      { type: 'chunk', data: payload },
      { type: 'sub_agent_trigger', data: { agent_id: payload, query: payload } },
    ]);
    for (let i = 0; i < events.length; i += 40) await api.push(carrier.id, events.slice(i, i + 40));
    await api.pushRaw(
      carrier.id,
      `[{"type":"think","data":${PROTO_JSON}},{"type":"tool_call_result","data":{"request_id":"p","operation_id":"p","result":${PROTO_JSON}}}]`,
    );
    await api.patch(carrier.id, {
      status: 'completed',
      result: XSS_PAYLOADS.join('\n\n'),
      payload_extension: JSON.parse(PROTO_JSON) as Record<string, unknown>,
    });

    // The list: every title.
    await con.open(`/agents/${ids.draft}/tasks`);
    await expect(page.getByRole('table', { name: 'Tasks' }).getByRole('row').nth(2)).toBeVisible();
    await check(con, figures, 'list');
    await page.getByLabel('Search tasks').first().fill('XSS');
    await check(con, figures, 'list (search)');

    // Each task's overview: title, prompt, result (markdown).
    for (const task of tasks) {
      await con.open(`/tasks/${task.id}?tab=overview`);
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      await check(con, figures, `overview ${task.id}`);
    }

    // The carrier in every view.
    await con.open(`/tasks/${carrier.id}?tab=overview`);
    await expect(page.getByRole('heading', { name: 'XSS carrier task' })).toBeVisible();
    await check(con, figures, 'carrier overview');
    await con.open(`/tasks/${carrier.id}?tab=live`);
    await page
      .getByRole('region', { name: 'Live events' })
      .getByRole('button', { name: /load recorded events/i })
      .click();
    await expect(
      page.getByRole('region', { name: 'Live events' }).getByRole('status').first(),
    ).toContainText(/Ended/, { timeout: 20_000 });
    await expandAll(page, 'Live events');
    await check(con, figures, 'carrier live events');
    await con.open(`/tasks/${carrier.id}?tab=activity`);
    await expect(page.getByRole('region', { name: 'Activity' })).toBeVisible();
    await expandAll(page, 'Activity');
    await check(con, figures, 'carrier activity');
    await con.open(`/tasks/${carrier.id}?tab=raw`);
    await check(con, figures, 'carrier raw JSON');
    for (const task of tasks) await api.stop(task.id);
  });
});

/// <reference lib="dom" />
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type Page, type TestInfo } from '@playwright/test';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FaultLogEntry, FaultRule } from '../fault-upstream.ts';
import type { HarnessState } from '../harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Other suites in the same tree wipe test-results/ when they start; FAULTS_METRICS_DIR moves
// the figures somewhere safe for a local run alongside them.
export const METRICS_DIR = process.env.FAULTS_METRICS_DIR ?? join(ROOT, 'test-results/faults');

export function harness(): HarnessState {
  const raw =
    process.env.FAULTS_STATE ?? readFileSync(join(ROOT, 'test-results/faults-state.json'), 'utf8');
  return JSON.parse(raw) as HarnessState;
}

// ---------------------------------------------------------------------------------------------
// Figures: every test writes one JSON file; faults/run.ts adds them up.

export interface JourneyFigures {
  row: string;
  title: string;
  status?: string;
  expectedStatus?: string;
  faultsInjected: number;
  faultsSurvived: number;
  eventsLost: number;
  eventsDuplicated: number;
  recoveryMs: number[];
  xssPayloads: number;
  xssExecuted: number;
  cspBlocked: number;
  externalRequests: string[];
  keysFound: string[];
  a11ySerious: string[];
  pageErrors: string[];
  notes: string[];
}

export class Figures {
  readonly data: JourneyFigures;
  constructor(row: string, title: string) {
    this.data = {
      row,
      title,
      faultsInjected: 0,
      faultsSurvived: 0,
      eventsLost: 0,
      eventsDuplicated: 0,
      recoveryMs: [],
      xssPayloads: 0,
      xssExecuted: 0,
      cspBlocked: 0,
      externalRequests: [],
      keysFound: [],
      a11ySerious: [],
      pageErrors: [],
      notes: [],
    };
  }
  injected(n = 1) {
    this.data.faultsInjected += n;
  }
  /** Call once the person-visible expectations after a fault have passed. */
  survived(n = 1) {
    this.data.faultsSurvived += n;
  }
  recovered(ms: number) {
    this.data.recoveryMs.push(Math.round(ms));
  }
  note(text: string) {
    this.data.notes.push(text);
  }
  write(info: TestInfo) {
    mkdirSync(METRICS_DIR, { recursive: true });
    const file = join(METRICS_DIR, `${info.testId}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        { ...this.data, status: info.status, expectedStatus: info.expectedStatus },
        null,
        2,
      ),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Fault upstream control (over its control port; never through the gateway).

export const faults = {
  async add(rule: FaultRule): Promise<string> {
    const res = await fetch(`${harness().controlUrl}/rules`, {
      method: 'POST',
      body: JSON.stringify(rule),
    });
    return ((await res.json()) as { id: string }).id;
  },
  async remove(id: string) {
    await fetch(`${harness().controlUrl}/rules/${id}`, { method: 'DELETE' });
  },
  async clear() {
    await fetch(`${harness().controlUrl}/rules`, { method: 'DELETE' });
    await fetch(`${harness().controlUrl}/offline`, { method: 'POST', body: '{"offline":false}' });
  },
  async offline(offline: boolean) {
    await fetch(`${harness().controlUrl}/offline`, {
      method: 'POST',
      body: JSON.stringify({ offline }),
    });
  },
  async log(): Promise<FaultLogEntry[]> {
    return (await (await fetch(`${harness().controlUrl}/log`)).json()) as FaultLogEntry[];
  },
  async clearLog() {
    await fetch(`${harness().controlUrl}/log`, { method: 'DELETE' });
  },
};

// ---------------------------------------------------------------------------------------------
// The reference platform, spoken to directly from Node (a second writer; test data).

export interface TaskRecord {
  id: string;
  agent_id: string;
  status: string;
  title?: string | null;
  updated_at?: string;
  result?: string | null;
  [key: string]: unknown;
}

async function platform<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const h = harness();
  const res = await fetch(`${h.platformUrl}${path}`, {
    method,
    headers: { 'x-api-key': h.apiKey, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export const api = {
  async agents(): Promise<{ id: string; name: string; status: string }[]> {
    return (await platform<{ id: string; name: string; status: string }[]>('GET', '/agents/list'))
      .body;
  },
  /** An ACTIVE non-manager agent (the worker runs its tasks) and a DRAFT one (tasks stay pending). */
  async agentIds(): Promise<{ active: string; other: string; draft: string }> {
    const agents = await this.agents();
    const active = agents.filter((a) => a.status === 'ACTIVE' && !/manager/i.test(a.name));
    const draft = agents.find((a) => a.status === 'DRAFT') ?? agents[agents.length - 1]!;
    return { active: active[0]!.id, other: active[1]!.id, draft: draft.id };
  },
  async create(
    agentId: string,
    text: string,
    extra: Record<string, unknown> = {},
  ): Promise<TaskRecord> {
    const res = await platform<TaskRecord>('POST', `/agent-execution/${agentId}`, {
      input: { text },
      events_streaming: true,
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  },
  async get(taskId: string): Promise<TaskRecord> {
    return (await platform<TaskRecord>('GET', `/agent-execution/${taskId}/status`)).body;
  },
  async patch(taskId: string, body: Record<string, unknown>) {
    return platform<TaskRecord>('PATCH', `/agent-execution/${taskId}/update`, body);
  },
  async stop(taskId: string) {
    return platform<TaskRecord>('DELETE', `/agent-execution/${taskId}`);
  },
  async push(taskId: string, events: { type: string; data: unknown; time?: string }[]) {
    const res = await platform<{ accepted: number }>(
      'POST',
      `/agent-execution/${taskId}/events/push`,
      events,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  },
  /** Pushes events given as raw JSON text (so keys like `__proto__` survive to the wire). */
  async pushRaw(taskId: string, jsonText: string) {
    const h = harness();
    const res = await fetch(`${h.platformUrl}/agent-execution/${taskId}/events/push`, {
      method: 'POST',
      headers: { 'x-api-key': h.apiKey, 'content-type': 'application/json' },
      body: jsonText,
    });
    expect(res.status, await res.clone().text()).toBe(200);
  },
  async waitTerminal(taskId: string, timeoutMs = 90_000): Promise<TaskRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const task = await this.get(taskId);
      if (['completed', 'failed', 'error', 'stopped'].includes(task.status)) return task;
      if (Date.now() > deadline) throw new Error(`task ${taskId} still ${task.status}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  },
  /** The full recorded event log of a task, as the platform streams it (types in order). */
  async eventLog(taskId: string): Promise<{ type: string; time: string }[]> {
    const h = harness();
    const res = await fetch(
      `${h.platformUrl}/${h.organizationId}/agent-execution/${taskId}/events`,
      {
        headers: { 'x-api-key': h.apiKey, accept: 'text/event-stream' },
        signal: AbortSignal.timeout(15_000),
      },
    );
    const text = await res.text();
    return [...text.matchAll(/^data: (.+)$/gm)].map(
      (m) => JSON.parse(m[1]!) as { type: string; time: string },
    );
  },
};

// ---------------------------------------------------------------------------------------------
// The page object: watches for crashes, foreign requests, XSS sentinels and key leaks.

export const XSS_SENTINEL_INIT = `
  window.__xss = 0;
  window.__cspBlocked = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    // zod 4 probes \`new Function('')\` once to decide on its JIT; that report is not a payload.
    if (e.blockedURI === 'eval') return;
    window.__cspBlocked.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || ''));
  });
`;

export class FaultConsole {
  readonly pageErrors: string[] = [];
  readonly consoleLines: string[] = [];
  readonly externalRequests: string[] = [];
  readonly dialogs: string[] = [];
  /** Every response seen, with its headers and (text) body, for the key scan. */
  readonly responses: { url: string; headers: string; body: string }[] = [];
  readonly origin: string;

  readonly page: Page;
  readonly figures: Figures;

  constructor(page: Page, figures: Figures) {
    this.page = page;
    this.figures = figures;
    this.origin = new URL(harness().gatewayUrl).origin;
    page.on('pageerror', (err) => this.pageErrors.push(String(err)));
    page.on('console', (msg) => this.consoleLines.push(`${msg.type()}: ${msg.text()}`));
    page.on('dialog', (dialog) => {
      this.dialogs.push(dialog.message());
      void dialog.dismiss().catch(() => {});
    });
    page.on('response', (response) => {
      const headers = JSON.stringify(response.headers());
      const type = response.headers()['content-type'] ?? '';
      const entry = { url: response.url(), headers, body: '' };
      this.responses.push(entry);
      if (type.includes('event-stream')) return; // read by the page; its text shows in the DOM
      void response
        .text()
        .then((body) => {
          entry.body = body.length > 2_000_000 ? body.slice(0, 2_000_000) : body;
        })
        .catch(() => {});
    });
  }

  async install() {
    await this.page.addInitScript(XSS_SENTINEL_INIT);
    // Anything leaving for another host is an exfiltration channel (markdown images, links).
    await this.page.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith('data:') || url.startsWith('blob:') || url.startsWith(this.origin)) {
        await route.fallback();
        return;
      }
      this.externalRequests.push(url);
      await route.abort('blockedbyclient');
    });
  }

  url(path: string) {
    return `${this.origin}${path}`;
  }

  async open(path: string) {
    await this.page.goto(this.url(path));
  }

  async xssState(): Promise<{ sentinel: number; csp: string[] }> {
    return this.page
      .evaluate(() => ({
        sentinel: Number((window as unknown as { __xss?: number }).__xss ?? 0),
        csp: ((window as unknown as { __cspBlocked?: string[] }).__cspBlocked ?? []).slice(),
      }))
      .catch(() => ({ sentinel: 0, csp: [] }));
  }

  /** axe on the current state; records serious/critical violations and returns them. */
  async axe(label: string): Promise<string[]> {
    const result = await new AxeBuilder({ page: this.page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    const serious = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${label}: ${v.id} (${v.impact}) ${v.help} [${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(', ')}]`,
      );
    this.figures.data.a11ySerious.push(...serious);
    return serious;
  }

  /** No white screen: the shell's banner and main navigation are still there. */
  async expectShellAlive() {
    await expect(this.page.getByRole('banner')).toBeVisible();
    await expect(this.page.getByRole('navigation', { name: /main/i })).toBeVisible();
  }

  unexpectedPageErrors(): string[] {
    return this.pageErrors.filter((e) => !/ResizeObserver loop/.test(e));
  }
}

export const test = base.extend<{
  figures: Figures;
  con: FaultConsole;
  ids: { active: string; other: string; draft: string };
}>({
  // Playwright reads fixture dependencies from the destructuring pattern; `{}` means none.
  // eslint-disable-next-line no-empty-pattern
  figures: async ({}, use, info) => {
    const figures = new Figures(
      /^(R\d+)/.exec(info.title)?.[1] ?? info.titlePath[1]?.slice(0, 3) ?? '?',
      info.title,
    );
    await use(figures);
    figures.write(info);
  },
  con: async ({ page, figures }, use) => {
    await faults.clear();
    const con = new FaultConsole(page, figures);
    await con.install();
    await use(con);
    const xss = await con.xssState();
    figures.data.pageErrors.push(...con.unexpectedPageErrors());
    figures.data.externalRequests.push(...con.externalRequests);
    figures.data.cspBlocked += xss.csp.length;
    // Anything that ran, opened a dialog or phoned another host counts as executed.
    figures.data.xssExecuted += xss.sentinel + con.dialogs.length + con.externalRequests.length;
    await faults.clear();
  },
  // eslint-disable-next-line no-empty-pattern
  ids: async ({}, use) => {
    await use(await api.agentIds());
  },
});

export { expect };

/** The 95th percentile (nearest rank). */
export function p95(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
}

/** Events the live pane says it holds ("N events"), or null when it shows none. */
export async function liveEventCount(page: Page): Promise<number | null> {
  const text = await page
    .getByText(/^[\d,]+ events$/)
    .first()
    .textContent({ timeout: 2_000 })
    .catch(() => null);
  return text ? Number(text.replace(/[^\d]/g, '')) : null;
}

/** The pane's "N unknown" badge: frames it could not read, skipped and counted. */
export async function liveUnknownCount(page: Page): Promise<number> {
  const text = await page
    .getByText(/^[\d,]+ unknown$/)
    .first()
    .textContent({ timeout: 500 })
    .catch(() => null);
  return text ? Number(text.replace(/[^\d]/g, '')) : 0;
}

/** True when an element matching the role/name shows up within `ms`. Used to detect product pieces that may not exist yet. */
export async function appears(
  locator: ReturnType<Page['getByRole']>,
  ms = 3_000,
): Promise<boolean> {
  return locator
    .first()
    .waitFor({ state: 'visible', timeout: ms })
    .then(() => true)
    .catch(() => false);
}

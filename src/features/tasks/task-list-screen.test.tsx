import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, ids, scenarios } from '@/mocks';
import { server } from '@/mocks/node';
import { renderApp } from '@/testing/render';

// Whole-app renders in jsdom on a shared 2-core machine take seconds, not milliseconds.
vi.setConfig({ testTimeout: 20_000 });

async function table() {
  return screen.findByRole('table', { name: 'Tasks' });
}

function dataRows(t: HTMLElement) {
  return within(t).getAllByRole('row').slice(1);
}

function searchOf(href: string): URLSearchParams {
  return new URLSearchParams(href.split('?')[1] ?? '');
}

describe('task list', () => {
  it('shows every agent’s tasks merged, with an agent column and status text', async () => {
    renderApp('/tasks');
    const t = await table();
    await waitFor(() => expect(dataRows(t).length).toBeGreaterThan(5));
    expect(within(t).getAllByText('Finance assistant').length).toBeGreaterThan(0);
    expect(within(t).getByText('Weekly cash-flow forecast')).toBeInTheDocument();
    expect(within(t).getAllByText('Failed').length).toBeGreaterThan(0);
    expect(screen.getByRole('columnheader', { name: /Created/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
  });

  it('filters by status through the URL, and a link reproduces the view', async () => {
    const { user, currentHref, unmount } = renderApp('/tasks');
    const t = await table();
    await waitFor(() => expect(dataRows(t).length).toBeGreaterThan(5));
    await user.click(screen.getByRole('button', { name: /^Status/ }));
    await user.click(screen.getByRole('checkbox', { name: 'Failed' }));
    await user.click(screen.getByRole('checkbox', { name: 'Error' }));
    await waitFor(() => expect(dataRows(t)).toHaveLength(2));
    const statuses = JSON.parse(searchOf(currentHref()).get('status') ?? '[]');
    expect(statuses).toEqual(['error', 'failed']);
    const href = currentHref();
    unmount();

    renderApp(href);
    const again = await table();
    await waitFor(() => expect(dataRows(again)).toHaveLength(2));
    expect(within(again).getByText('Parse scanned receipts')).toBeInTheDocument();
  });

  it('sends a single status to the API, and several only on the client', async () => {
    const seen: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.url.includes('/history/')) seen.push(new URL(request.url).search);
    });
    const { user } = renderApp('/tasks?status=%5B%22failed%22%5D');
    const t = await table();
    await waitFor(() => expect(dataRows(t)).toHaveLength(1));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.includes('status=failed'))).toBe(true);
    seen.length = 0;
    await user.click(screen.getByRole('button', { name: /^Status/ }));
    await user.click(screen.getByRole('checkbox', { name: 'Error' }));
    await waitFor(() => expect(dataRows(t)).toHaveLength(2));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((s) => s.includes('status='))).toBe(false);
    server.events.removeAllListeners();
  });

  it('searches id, title and result, and sorts by a column', async () => {
    const { user, currentHref } = renderApp('/tasks');
    const t = await table();
    await waitFor(() => expect(dataRows(t).length).toBeGreaterThan(5));
    await user.type(screen.getByRole('searchbox', { name: 'Search tasks' }), 'receipts');
    await waitFor(() => expect(dataRows(t)).toHaveLength(1));
    expect(searchOf(currentHref()).get('q')).toBe('receipts');
    await user.clear(screen.getByRole('searchbox', { name: 'Search tasks' }));
    await waitFor(() => expect(dataRows(t).length).toBeGreaterThan(5));

    await user.click(
      within(screen.getByRole('columnheader', { name: /^Task$/ })).getByRole('button'),
    );
    expect(screen.getByRole('columnheader', { name: /^Task$/ })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    expect(searchOf(currentHref()).get('sort')).toBe('label');
    const labels = dataRows(t).map((r) => within(r).getAllByRole('cell')[2]!.textContent ?? '');
    const titled = labels.filter((l) => l !== '(no title)');
    const sorted = [...titled].sort((a, b) =>
      a.toLowerCase().localeCompare(b.toLowerCase(), undefined, { numeric: true }),
    );
    // Titled rows in order, untitled ones last.
    expect(labels.slice(0, titled.length)).toEqual(sorted);
  });

  it('says when there are no tasks at all', async () => {
    server.use(...scenarios.agentWithNoTasks);
    renderApp('/agents/' + ids.emptyAgent + '/tasks');
    expect(await screen.findByText('No tasks yet')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument();
  });

  it('says when filters hide every task, with one click to clear them', async () => {
    const { user, currentHref } = renderApp('/tasks?q=%22no-such-task-anywhere%22');
    expect(await screen.findByText('No tasks match these filters')).toBeInTheDocument();
    const buttons = screen.getAllByRole('button', { name: 'Clear filters' });
    await user.click(buttons[buttons.length - 1]!);
    const t = await table();
    await waitFor(() => expect(dataRows(t).length).toBeGreaterThan(5));
    expect(searchOf(currentHref()).get('q')).toBeNull();
  });

  it('shows an error with its kind and status, and retries', async () => {
    server.use(...scenarios.serverError500);
    const { user } = renderApp('/agents/' + ids.financeAgent + '/tasks');
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('Could not load tasks')).toBeInTheDocument();
    expect(within(alert).getByText('kind: http')).toBeInTheDocument();
    expect(within(alert).getByText('status: 500')).toBeInTheDocument();
    server.resetHandlers();
    await user.click(within(alert).getByRole('button', { name: 'Retry' }));
    const t = await table();
    await waitFor(() => expect(dataRows(t).length).toBeGreaterThan(1));
  });

  it('shows a contract error as such', async () => {
    server.use(
      http.get(api('/agent-execution/executions/history/:agentId'), () =>
        HttpResponse.json({ not: 'a list' }),
      ),
    );
    renderApp('/agents/' + ids.financeAgent + '/tasks');
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('kind: contract')).toBeInTheDocument();
  });

  it('clicking a status count filters by it', async () => {
    const { user, currentHref } = renderApp('/tasks');
    const t = await table();
    await waitFor(() => expect(dataRows(t).length).toBeGreaterThan(5));
    const group = screen.getByRole('group', { name: 'Tasks by status' });
    await user.click(within(group).getByRole('button', { name: /Paused/ }));
    await waitFor(() => expect(dataRows(t)).toHaveLength(1));
    expect(JSON.parse(searchOf(currentHref()).get('status') ?? '[]')).toEqual(['paused']);
  });
});

describe('keyboard', () => {
  it('j/k move, x selects, Escape clears, / focuses search, Enter opens', async () => {
    const { user, currentHref } = renderApp('/tasks');
    const t = await table();
    await waitFor(() => expect(dataRows(t).length).toBeGreaterThan(5));
    await user.keyboard('j');
    expect(dataRows(t)[0]).toHaveAttribute('data-active', 'true');
    await user.keyboard('jk j');
    expect(dataRows(t)[1]).toHaveAttribute('data-active', 'true');
    await user.keyboard('x');
    expect(dataRows(t)[1]).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByText(/1 selected/)).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(dataRows(t)[1]).toHaveAttribute('aria-selected', 'false');
    await user.keyboard('/');
    expect(screen.getByRole('searchbox', { name: 'Search tasks' })).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.getByRole('searchbox', { name: 'Search tasks' })).not.toHaveFocus();
    const taskId = dataRows(t)[1]!
      .querySelector('[title]')
      ?.closest('tr')
      ?.querySelector('a')
      ?.getAttribute('href');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(currentHref()).toBe(taskId));
  });
});

describe('export', () => {
  let captured: { name: string; text: Promise<string> }[] = [];
  beforeEach(() => {
    captured = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      captured.push({ name: '', text: blob.text() });
      return 'blob:test';
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      const last = captured[captured.length - 1];
      if (last) last.name = this.download;
    });
  });
  afterEach(() => vi.restoreAllMocks());

  it('exports the rows in view as CSV and JSON', async () => {
    const { user } = renderApp('/tasks?status=%5B%22failed%22%2C%22error%22%5D');
    const t = await table();
    await waitFor(() => expect(dataRows(t)).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: /Export/ }));
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));
    await user.click(screen.getByRole('button', { name: /Export/ }));
    await user.click(screen.getByRole('button', { name: 'Export JSON' }));
    expect(captured).toHaveLength(2);
    const csv = await captured[0]!.text;
    expect(captured[0]!.name).toMatch(/^all-tasks-.*\.csv$/);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]!.startsWith('id,status,title')).toBe(true);
    expect(lines).toHaveLength(3);
    expect(csv).toContain(ids.failedTask);
    expect(csv).toContain(ids.errorTask);
    const json = JSON.parse(await captured[1]!.text) as { id: string; status: string }[];
    expect(json.map((r) => r.status).sort()).toEqual(['error', 'failed']);
    expect(captured[1]!.name).toMatch(/\.json$/);
  });
});

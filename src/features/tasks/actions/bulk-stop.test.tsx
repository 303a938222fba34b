import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { api, db, ids, isoAt, makeTask } from '@/mocks';
import { server } from '@/mocks/node';
import { renderApp } from '@/testing/render';

vi.setConfig({ testTimeout: 30_000 });

async function rowOf(label: string) {
  const table = await screen.findByRole('table', { name: 'Tasks' }, { timeout: 10_000 });
  const cell = await within(table).findByText(label, {}, { timeout: 10_000 });
  return cell.closest('tr')!;
}

describe('Row actions and bulk stop', () => {
  it('stops one task from its row menu and returns focus to the menu button', async () => {
    const { user } = renderApp('/tasks');
    const row = await rowOf('Weekly cash-flow forecast');
    const menuButton = within(row).getByRole('button', { name: 'Task actions' });
    await user.click(menuButton);
    await user.click(await screen.findByRole('menuitem', { name: 'Stop task' }));
    const dialog = await screen.findByRole('dialog', { name: /Stop “Weekly cash-flow forecast”/ });
    await user.click(within(dialog).getByRole('button', { name: 'Stop task' }));
    await waitFor(() => expect(within(row).getByText('Stopped')).toBeInTheDocument());
    await waitFor(() => expect(menuButton).toHaveFocus());
    expect(db.tasks.get(ids.liveTask)?.status).toBe('stopped');

    // A finished row cannot be stopped; the menu says why.
    const failed = await rowOf('Parse scanned receipts');
    await user.click(within(failed).getByRole('button', { name: 'Task actions' }));
    const item = await screen.findByRole('menuitem', { name: /Stop task/ });
    expect(item).toHaveAttribute('aria-disabled', 'true');
    expect(item).toHaveTextContent('already finished');
  });

  it('opens Update task from a row with the task fetched fresh', async () => {
    const { user } = renderApp('/tasks');
    const row = await rowOf('Approve vendor payment');
    await user.click(within(row).getByRole('button', { name: 'Task actions' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Update task' }));
    const dialog = await screen.findByRole('dialog', { name: 'Update task' });
    expect(await within(dialog).findByLabelText('Status')).toHaveValue('paused');
  });

  it('dry-runs the selection, then reports each task’s outcome; failures stay selected', async () => {
    server.use(
      http.delete(api(`/agent-execution/${ids.pausedTask}`), () =>
        HttpResponse.json({ detail: 'worker busy' }, { status: 503 }),
      ),
    );
    const { user } = renderApp('/tasks');
    for (const label of [
      'Weekly cash-flow forecast',
      'Approve vendor payment',
      'Parse scanned receipts',
    ]) {
      const row = await rowOf(label);
      await user.click(within(row).getByRole('checkbox', { name: `Select task ${label}` }));
    }
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    expect(bar).toHaveTextContent('3 tasks selected');
    await user.click(within(bar).getByRole('button', { name: 'Stop selected…' }));

    const dialog = await screen.findByRole('dialog', { name: 'Stop tasks' });
    const willStop = within(dialog).getByRole('region', { name: 'Will be stopped' });
    expect(within(willStop).getAllByRole('listitem')).toHaveLength(2);
    const finished = within(dialog).getByRole('region', { name: 'Already finished' });
    expect(finished).toHaveTextContent('Parse scanned receipts');
    await user.click(within(dialog).getByRole('button', { name: 'Stop 2 tasks' }));

    await waitFor(() =>
      expect(within(dialog).getByRole('status')).toHaveTextContent(
        'Done: 1 stopped, 0 already finished, 1 failed',
      ),
    );
    const outcomes = within(dialog).getByRole('list', { name: 'Outcome per task' });
    const items = within(outcomes).getAllByRole('listitem');
    expect(items.find((li) => li.textContent?.includes('Weekly'))).toHaveTextContent('Stopped');
    expect(items.find((li) => li.textContent?.includes('Approve'))).toHaveTextContent(
      'Failed: http 503 · The server failed (503): worker busy',
    );
    expect(await screen.findByText('Bulk stop finished')).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.getByRole('region', { name: 'Bulk actions' })).toHaveTextContent(
      '1 task selected',
    );
  });

  it('stops all rows matching the filter, 4 at a time, and Abort leaves the rest untouched', async () => {
    for (let i = 1; i <= 7; i++) {
      const task = makeTask({
        id: `bulk-${i}`,
        agent_id: ids.financeAgent,
        status: 'executing',
        title: `Bulk job ${i}`,
        created_at: isoAt(1000 + i),
      });
      db.tasks.set(task.id, task);
    }
    let inFlight = 0;
    let maxInFlight = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    server.use(
      http.delete(api('/agent-execution/:taskId'), async ({ params }) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await gate;
        inFlight--;
        const id = String(params['taskId']);
        const task = { ...db.tasks.get(id)!, status: 'stopped' as const };
        db.tasks.set(id, task);
        return HttpResponse.json(task);
      }),
    );
    const { user } = renderApp('/tasks?q=Bulk%20job');
    await rowOf('Bulk job 7');
    await user.click(screen.getByRole('checkbox', { name: 'Select all 7 matching tasks' }));
    const bar = screen.getByRole('region', { name: 'Bulk actions' });
    expect(bar).toHaveTextContent('7 tasks selected · all matching the filter');
    await user.click(within(bar).getByRole('button', { name: 'Stop selected…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Stop tasks' });
    expect(dialog).toHaveTextContent('All 7 tasks matching the filter');
    await user.click(within(dialog).getByRole('button', { name: 'Stop 7 tasks' }));

    await waitFor(() => expect(inFlight).toBe(4));
    expect(within(dialog).getByRole('status')).toHaveTextContent('Stopping… 0 of 7');
    await user.click(within(dialog).getByRole('button', { name: 'Abort' }));
    release();
    await waitFor(() =>
      expect(within(dialog).getByRole('status')).toHaveTextContent(
        'Aborted: 4 stopped, 0 already finished, 0 failed, 3 not attempted',
      ),
    );
    expect(maxInFlight).toBe(4);
    const notAttempted = within(dialog).getAllByText('Not attempted (aborted)');
    expect(notAttempted).toHaveLength(3);
    expect(
      [...db.tasks.values()].filter((t) => t.id.startsWith('bulk-') && t.status === 'stopped'),
    ).toHaveLength(4);
    expect(await screen.findByText('Bulk stop aborted')).toBeInTheDocument();
  });
});

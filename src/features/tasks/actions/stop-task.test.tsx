import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { TasksListItem } from '@/contract';
import { api, db, ids, toListItem } from '@/mocks';
import { server } from '@/mocks/node';
import { createTestQueryClient } from '@/testing/render';
import { renderTaskHeader } from './action-test-harness';

vi.setConfig({ testTimeout: 15_000 });

const LIST_KEY = ['tasks', 'list', { kind: 'all' }, {}];

/** A list cache holding the live task, as the list screen would have it. */
function clientWithList() {
  const queryClient = createTestQueryClient();
  queryClient.setQueryData<TasksListItem[]>(LIST_KEY, [toListItem(db.tasks.get(ids.liveTask)!)]);
  return queryClient;
}
const listStatus = (qc: ReturnType<typeof createTestQueryClient>) =>
  qc.getQueryData<TasksListItem[]>(LIST_KEY)?.[0]?.status;

function deferred() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return { gate, release };
}

describe('Stop task', () => {
  it('asks for confirmation naming the task; Cancel sends nothing and returns focus', async () => {
    const deletes = vi.fn();
    server.events.on('request:start', ({ request }) => {
      if (request.method === 'DELETE') deletes();
    });
    const { user } = renderTaskHeader(ids.liveTask);
    const trigger = await screen.findByRole('button', { name: 'Stop task' }, { timeout: 8000 });
    await user.click(trigger);
    const dialog = await screen.findByRole('dialog', { name: /Stop “Weekly cash-flow forecast”/ });
    expect(within(dialog).getByText(/task-live/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(trigger).toHaveFocus();
    expect(deletes).not.toHaveBeenCalled();
    server.events.removeAllListeners();
  });

  it('shows Stopped at once in the detail and list caches, then keeps the server answer', async () => {
    const { gate, release } = deferred();
    server.use(
      http.delete(api('/agent-execution/:taskId'), async () => {
        await gate;
        const task = {
          ...db.tasks.get(ids.liveTask)!,
          status: 'stopped' as const,
          is_manually_stopped: true,
        };
        db.tasks.set(task.id, task);
        return HttpResponse.json(task);
      }),
    );
    const queryClient = clientWithList();
    const { user } = renderTaskHeader(ids.liveTask, queryClient);
    const status = await screen.findByTestId('status');
    expect(status).toHaveTextContent('Executing');
    await user.click(screen.getByRole('button', { name: 'Stop task' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Stop task' }),
    );

    // Before the server answers.
    await waitFor(() => expect(status).toHaveTextContent('Stopped'));
    expect(listStatus(queryClient)).toBe('stopped');

    release();
    expect(await screen.findByText('Stopped “Weekly cash-flow forecast”')).toBeInTheDocument();
    expect(status).toHaveTextContent('Stopped');
    expect(screen.getByRole('button', { name: 'Stop task' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });

  it('rolls back everywhere when the stop fails, and says why (kind, status, message)', async () => {
    const { gate, release } = deferred();
    server.use(
      http.delete(api('/agent-execution/:taskId'), async () => {
        await gate;
        return HttpResponse.json({ detail: 'worker unreachable' }, { status: 500 });
      }),
    );
    const queryClient = clientWithList();
    const { user } = renderTaskHeader(ids.liveTask, queryClient);
    const status = await screen.findByTestId('status');
    await user.click(screen.getByRole('button', { name: 'Stop task' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Stop task' }),
    );
    await waitFor(() => expect(status).toHaveTextContent('Stopped'));

    release();
    expect(
      await screen.findByText('Could not stop “Weekly cash-flow forecast”'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/http 500 · The server failed \(500\): worker unreachable/),
    ).toBeInTheDocument();
    await waitFor(() => expect(status).toHaveTextContent('Executing'));
    expect(listStatus(queryClient)).toBe('executing');
  });

  it('reports a task that finished meanwhile as information, not an error', async () => {
    const queryClient = createTestQueryClient();
    const { user } = renderTaskHeader(ids.liveTask, queryClient);
    await screen.findByTestId('status');
    // The worker finishes it after the page loaded; the API answers 200 with the task unchanged.
    db.tasks.set(ids.liveTask, { ...db.tasks.get(ids.liveTask)!, status: 'completed' });
    await user.click(screen.getByRole('button', { name: 'Stop task' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', { name: 'Stop task' }),
    );
    const toast = await screen.findByText('“Weekly cash-flow forecast” had already finished');
    expect(toast.closest('[data-sonner-toast]')).toHaveAttribute('data-type', 'info');
    expect(screen.getByText(/Its status is Completed; nothing was stopped/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('status')).toHaveTextContent('Completed'));
  });

  it('is disabled with the reason on a finished task', async () => {
    renderTaskHeader(ids.failedTask);
    const button = await screen.findByRole('button', { name: 'Stop task' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAccessibleDescription(/already finished \(failed\)/);
  });
});

import { act, configure, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  db,
  emitTaskEvent,
  ids,
  makeActivityThread,
  makeEvent,
  makeTask,
  makeTaskEvent,
  makeToolCallItem,
  scenarios,
} from '@/mocks';
import { server } from '@/mocks/node';
import { renderApp } from '@/testing/render';

// jsdom lays nothing out: give scroll containers a height so the virtualizers render rows,
// and a no-op scrollTo for scrollToIndex.
beforeAll(() => {
  // The detail screen loads its viewers lazily; a cold first import can take a few seconds.
  configure({ asyncUtilTimeout: 5_000 });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
    configurable: true,
    get: () => 800,
  });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
    configurable: true,
    get: () => 1000,
  });
  if (!HTMLElement.prototype.scrollTo) HTMLElement.prototype.scrollTo = () => {};
});

describe('TaskDetailScreen: header', { timeout: 20_000 }, () => {
  it('shows title, status, agent, end user, source, times, attempts, tokens and ids', async () => {
    const task = makeTask({
      id: 'task-header',
      agent_id: ids.financeAgent,
      title: 'Reconcile February',
      status: 'completed',
      source: 'slack',
      created_at: '2026-03-02T09:00:00Z',
      started_at: '2026-03-02T09:00:01Z',
      finished_at: '2026-03-02T09:01:31Z',
      execution_attempts: 2,
      tokens: { prompt_tokens: 1200, completion_tokens: 345, total_tokens: 1545 },
      used_tools: ['ledger_query', 'slack_post_message'],
      input: {
        text: 'Reconcile',
        files: [],
        user: { id: 'u-8841', email: 'dana@example.com', first_name: 'Dana', last_name: 'Levi' },
      },
    });
    db.tasks.set(task.id, task);
    renderApp(`/tasks/${task.id}`);

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Reconcile February' }),
    ).toBeInTheDocument();
    const header = screen.getByRole('heading', { level: 1 }).closest('header')!;
    const h = within(header);
    expect(h.getByText('Completed')).toBeInTheDocument();
    // The agent is named from the agents list (the app's agent directory), linked by id.
    expect(await h.findByRole('link', { name: 'Finance assistant' })).toHaveAttribute(
      'href',
      `/agents/${ids.financeAgent}/tasks`,
    );
    expect(h.getByRole('link', { name: 'Dana Levi' })).toHaveAttribute(
      'href',
      '/users/u-8841/tasks',
    );
    expect(h.getByText('slack')).toBeInTheDocument();
    expect(h.getByText('1 min 30 s')).toBeInTheDocument();
    expect(h.getByText('2')).toBeInTheDocument();
    expect(h.getByText('1,545')).toBeInTheDocument();
    expect(h.getByText('slack_post_message')).toBeInTheDocument();
    expect(h.getByRole('button', { name: `Copy task id ${task.id}` })).toBeInTheDocument();
  });

  it('falls back to the prompt as the heading and shows what a paused task waits for', async () => {
    const task = makeTask({
      id: 'task-waiting',
      title: null,
      status: 'paused',
      input: { text: 'Pay the vendor invoice\nsecond line', files: [], user: null },
      pending_eca_request: {
        connector_name: 'Gmail',
        auth_url: 'https://auth.example.com/gmail?state=1',
      },
      hitl_request: { wait_node_id: 'node-approve' },
    });
    db.tasks.set(task.id, task);
    renderApp(`/tasks/${task.id}?tab=overview`);
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Pay the vendor invoice' }),
    ).toBeInTheDocument();
    const link = screen.getByRole('link', { name: /Authorize Gmail/ });
    expect(link).toHaveAttribute('href', 'https://auth.example.com/gmail?state=1');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.getByText(/Waiting for a person/)).toBeInTheDocument();
  });

  it('shows the parent and sub-executions with their statuses, and the plan', async () => {
    renderApp(`/tasks/${ids.sampleTask}?tab=overview`);
    const tree = await screen.findByRole('region', { name: 'Task tree' });
    await waitFor(() => expect(within(tree).getAllByText('Completed')).toHaveLength(2));
    expect(within(tree).getByRole('link', { name: /Extract invoice numbers/ })).toHaveAttribute(
      'href',
      `/tasks/${ids.childTask}`,
    );
    expect(screen.getByRole('list', { name: 'Deep-planning checklist' })).toHaveTextContent(
      'Load ledger',
    );
  });
});

describe('TaskDetailScreen: states', { timeout: 20_000 }, () => {
  it('says "Task not found" for a 404', async () => {
    server.use(...scenarios.taskNotFound);
    renderApp('/tasks/missing-task');
    expect(await screen.findByText('Task not found')).toBeInTheDocument();
  });

  it('shows the error kind and status with a retry', async () => {
    server.use(...scenarios.serverError500);
    renderApp(`/tasks/${ids.sampleTask}`);
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByText('kind: http')).toBeInTheDocument();
    expect(within(alert).getByText('status: 500')).toBeInTheDocument();
    expect(within(alert).getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });

  it('says "No activity yet" when the task has no activity log', async () => {
    renderApp(`/tasks/${ids.noActivityTask}?tab=activity`);
    expect(await screen.findByText('No activity yet')).toBeInTheDocument();
  });
});

describe('TaskDetailScreen: activity', { timeout: 20_000 }, () => {
  it('renders every kind of entry, unknown ones raw', async () => {
    const thread = db.activity.get(ids.sampleTask)!;
    db.activity.set(ids.sampleTask, {
      ...thread,
      messages: [
        ...thread.messages,
        { id: 'x-001', created_at: '2026-03-02T09:14:42Z', shape: 'new' },
      ],
    });
    renderApp(`/tasks/${ids.sampleTask}?tab=activity`);
    const region = await screen.findByRole('region', { name: 'Activity' });
    const kinds = () =>
      [...region.querySelectorAll('article[data-kind]')].map((a) => a.getAttribute('data-kind'));
    await waitFor(() =>
      expect(new Set(kinds())).toEqual(
        new Set(['message', 'reasoning', 'auth', 'tool_call', 'sub_agent_trigger', 'unknown']),
      ),
    );
    const r = within(region);
    expect(await r.findByText(/Find overdue invoices and post a summary/)).toBeInTheDocument();
    expect(r.getByText('ledger_query')).toBeInTheDocument();
    // The failing tool call's error is open by default.
    expect(await r.findByText('channel_not_found', { selector: 'pre' })).toBeInTheDocument();
    // Reasoning is collapsed by default.
    expect(r.getAllByRole('button', { name: /Show reasoning/ })[0]).toHaveAttribute(
      'aria-expanded',
      'false',
    );
    expect(r.getByRole('link', { name: 'Sign-in link' })).toHaveAttribute(
      'rel',
      'noopener noreferrer',
    );
    // The sub-agent trigger links to the child task it started.
    expect(r.getByRole('link', { name: ids.childTask.slice(0, 8) })).toHaveAttribute(
      'href',
      `/tasks/${ids.childTask}`,
    );
    expect(r.getByText(/does not know this kind of entry/)).toBeInTheDocument();
  });

  it('scrolls to and highlights the entry named in ?entry=, and each entry has its own link', async () => {
    renderApp(`/tasks/${ids.sampleTask}?entry=t-002`);
    const region = await screen.findByRole('region', { name: 'Activity' });
    await waitFor(() =>
      expect(region.querySelector('article[aria-current="true"]')).toHaveAttribute(
        'data-entry-id',
        't-002',
      ),
    );
    const link = within(region).getByRole('link', {
      name: /Link to this entry \(Tool call slack_post_message/,
    });
    expect(link).toHaveAttribute('href', `/tasks/${ids.sampleTask}?tab=activity&entry=t-002`);
  });

  it('finds entries by text inside tool payloads', async () => {
    const { user } = renderApp(`/tasks/${ids.sampleTask}?tab=activity`);
    const region = await screen.findByRole('region', { name: 'Activity' });
    await user.type(
      await within(region).findByRole('searchbox', { name: 'Search the activity' }),
      'INV-1051',
    );
    expect(await within(region).findByText('1 of 1')).toBeInTheDocument();
  });

  it('shows a bounded preview and a download for a 5 MB tool result, not the whole value', async () => {
    const big = 'x'.repeat(5 * 1024 * 1024);
    db.activity.set(
      'task-big',
      makeActivityThread({
        id: 'task-big',
        messages: [
          makeToolCallItem({
            id: 't-big',
            tool_name: 'dump',
            is_error: true,
            result: { blob: big, rows: [1, 2, 3] },
          }),
        ],
      }),
    );
    db.tasks.set(
      'task-big',
      makeTask({ id: 'task-big', status: 'completed', agent_id: ids.financeAgent }),
    );
    renderApp('/tasks/task-big?tab=activity');
    const region = await screen.findByRole('region', { name: 'Activity' });
    const preview = await within(region).findByTestId('json-preview');
    expect(within(region).getByRole('button', { name: 'Download' })).toBeInTheDocument();
    expect(preview.textContent!.length).toBeLessThan(20_000);
    expect(document.body.textContent!.length).toBeLessThan(200_000);
  });
});

describe('TaskDetailScreen: live events', { timeout: 20_000 }, () => {
  it('shows the connection state and the streamed text, then the end', async () => {
    renderApp(`/tasks/${ids.liveTask}`);
    const region = await screen.findByRole('region', { name: 'Live events' });
    const r = within(region);
    await waitFor(() => expect(r.getByRole('status')).toHaveTextContent(/^Live/));
    await waitFor(() =>
      expect(r.getByTestId('live-output')).toHaveTextContent('Collecting invoices…'),
    );
    const task = db.tasks.get(ids.liveTask)!;
    act(() => {
      emitTaskEvent(
        makeEvent('chunk', 'Net +$4,200.', { task_id: task.id, time: '2030-01-01T00:00:10Z' }),
      );
    });
    await waitFor(() =>
      expect(r.getByTestId('live-output')).toHaveTextContent('Collecting invoices… Net +$4,200.'),
    );
    act(() => {
      const done = {
        ...task,
        status: 'completed' as const,
        result: 'Net +$4,200.',
        finished_at: '2030-01-01T00:00:11Z',
      };
      db.tasks.set(task.id, done);
      emitTaskEvent(makeTaskEvent('task_finished', done, '2030-01-01T00:00:11Z'));
    });
    await waitFor(() => expect(r.getByRole('status')).toHaveTextContent(/^Ended/));
    // The header follows the stream: one source of truth.
    expect(
      within(screen.getByRole('heading', { level: 1 }).closest('header')!).getByText('Completed'),
    ).toBeInTheDocument();
  });

  it('counts an unknown event type and shows it raw', async () => {
    server.use(...scenarios.streamWithUnknownEventType);
    renderApp(`/tasks/${ids.liveTask}`);
    const region = await screen.findByRole('region', { name: 'Live events' });
    expect(await within(region).findByText('1 unknown')).toBeInTheDocument();
    expect(await within(region).findByText('unknown: task_heartbeat_v2')).toBeInTheDocument();
  });

  it('shows Reconnecting after a drop and recovers', async () => {
    server.use(...scenarios.streamDropsAfter(1));
    renderApp(`/tasks/${ids.liveTask}`);
    const region = await screen.findByRole('region', { name: 'Live events' });
    await waitFor(() =>
      expect(within(region).getByRole('status')).toHaveTextContent(/^Reconnecting/),
    );
  });
});

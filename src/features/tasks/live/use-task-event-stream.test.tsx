import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { http } from 'msw';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import type { Task, TasksListItem } from '@/contract';
import {
  api,
  db,
  emitTaskEvent,
  ids,
  makeEvent,
  makeTaskEvent,
  scenarios,
  toListItem,
} from '@/mocks';
import { server } from '@/mocks/node';
import { taskQueries } from '../task-queries';
import { eventKey } from './fold-task-event';
import { useTaskEventStream, type ConnectionState } from './use-task-event-stream';

function setup(task: Task) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false, staleTime: Infinity } },
  });
  queryClient.setQueryData(taskQueries.detail(task.id).queryKey, task);
  const listKey = taskQueries.list({ kind: 'agent', agentId: task.agent_id }).queryKey;
  queryClient.setQueryData<TasksListItem[]>(listKey, [toListItem(task)]);
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  );
  const states: ConnectionState[] = [];
  const hook = renderHook(
    () => {
      const stream = useTaskEventStream(task, { baseDelayMs: 5, maxDelayMs: 20 });
      if (states.at(-1) !== stream.state) states.push(stream.state);
      return stream;
    },
    { wrapper },
  );
  return { queryClient, hook, states, listKey };
}

function liveTask(): Task {
  const task = db.tasks.get(ids.liveTask);
  if (!task) throw new Error('seed has no live task');
  return task;
}

describe('useTaskEventStream', () => {
  it('reconnects after a drop: nothing lost, nothing twice', async () => {
    // The first connection sends two replay frames and then fails; later ones are healthy.
    // msw keeps `resolver` protected; re-using it keeps this test on the shared scenario.
    const [dropping] = scenarios.streamDropsAfter(2);
    const resolver = (dropping as unknown as { resolver: Parameters<typeof http.get>[1] }).resolver;
    server.use(http.get(api('/agent-execution/:taskId/events'), resolver, { once: true }));
    const task = liveTask();
    const { hook, states, queryClient, listKey } = setup(task);

    await waitFor(() => expect(hook.result.current.state).toBe('Live'));
    expect(states).toContain('Reconnecting');
    await waitFor(() =>
      expect(hook.result.current.live.events).toHaveLength(db.events.get(task.id)!.length),
    );

    // Live events after the reconnect, then the end.
    act(() => {
      emitTaskEvent(
        makeEvent('chunk', 'Found 12 invoices.', {
          task_id: task.id,
          time: '2030-01-01T00:10:04Z',
        }),
      );
      emitTaskEvent(
        makeTaskEvent(
          'task_finished',
          {
            ...task,
            status: 'completed',
            result: 'Forecast ready',
            finished_at: '2030-01-01T00:10:05Z',
          },
          '2030-01-01T00:10:05Z',
        ),
      );
    });
    await waitFor(() => expect(hook.result.current.state).toBe('Ended'));

    const { live } = hook.result.current;
    const sent = db.events.get(task.id)!;
    const keys = live.events.map((e) => eventKey(e.event));
    expect(new Set(keys).size).toBe(keys.length);
    expect(live.events).toHaveLength(sent.length);
    expect(live.outputText).toBe('Collecting invoices… Found 12 invoices.');
    expect(states.slice(0, 3)).toEqual(['Connecting', 'Reconnecting', 'Live']);
    // The final record reached the detail entry and the list row.
    expect(queryClient.getQueryData(taskQueries.detail(task.id).queryKey)?.status).toBe(
      'completed',
    );
    expect(queryClient.getQueryData<TasksListItem[]>(listKey)?.[0]).toMatchObject({
      status: 'completed',
      result: 'Forecast ready',
    });
  });

  it('does not roll the cached task back while the log replays', async () => {
    const task = liveTask();
    const { hook, queryClient } = setup(task);
    await waitFor(() => expect(hook.result.current.live.events.length).toBeGreaterThan(1));
    // The replay starts with task_created (pending); the fetched record says executing.
    expect(queryClient.getQueryData(taskQueries.detail(task.id).queryKey)?.status).toBe(
      'executing',
    );
    hook.unmount();
  });

  it('counts an unknown event type and keeps streaming', async () => {
    server.use(...scenarios.streamWithUnknownEventType);
    const { hook } = setup(liveTask());
    await waitFor(() => expect(hook.result.current.live.unknownCount).toBe(1));
    await waitFor(() => expect(hook.result.current.live.outputText).toBe('Collecting invoices… '));
    hook.unmount();
  });

  it('ends with the error when the stream is refused', async () => {
    server.use(...scenarios.taskNotFound);
    const { hook } = setup(liveTask());
    await waitFor(() => expect(hook.result.current.state).toBe('Ended'));
    expect(hook.result.current.error?.status).toBe(404);
  });

  it('polls a task without event streaming and does not open a stream', async () => {
    let streams = 0;
    server.use(
      http.get(api('/agent-execution/:taskId/events'), () => {
        streams++;
      }),
    );
    const task: Task = { ...liveTask(), events_streaming: false };
    db.tasks.set(task.id, task);
    const { hook } = setup(task);
    expect(hook.result.current.state).toBe('Polling');
    expect(streams).toBe(0);
    hook.unmount();
  });

  it('replays a finished task only when asked', async () => {
    const task = db.tasks.get(ids.sampleTask)!;
    const { hook } = setup(task);
    expect(hook.result.current.state).toBe('Idle');
    act(() => hook.result.current.replay());
    await waitFor(() => expect(hook.result.current.state).toBe('Ended'));
    expect(hook.result.current.live.events.length).toBe(db.events.get(task.id)!.length);
    expect(hook.result.current.live.outputText).toBe('Found 3 overdue invoices totalling $12,480.');
  });
});

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
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
  toSseFrame,
} from '@/mocks';
import { server } from '@/mocks/node';
import { taskQueries } from '../task-queries';
import { eventKey } from './fold-task-event';
import {
  useTaskEventStream,
  type ConnectionState,
  type TaskEventStreamOptions,
} from './use-task-event-stream';

function setup(task: Task, options: TaskEventStreamOptions = {}) {
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
      const stream = useTaskEventStream(task, { baseDelayMs: 5, maxDelayMs: 20, ...options });
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

const EVENTS = api('/agent-execution/:taskId/events');

/**
 * An event stream from parts: frames and comments as they are, `{ wait }` pauses, and at the
 * end 'close' or 'hang' (stays open, sends nothing, until the reader cancels).
 */
function sseResponse(parts: (string | { wait: number })[], end: 'close' | 'hang' = 'close') {
  const encoder = new TextEncoder();
  const queue = [...parts];
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          const part = queue.shift();
          if (part === undefined) {
            if (end === 'close') controller.close();
            else await new Promise(() => {});
            return;
          }
          if (typeof part === 'string') return controller.enqueue(encoder.encode(part));
          await new Promise((resolve) => setTimeout(resolve, part.wait));
        }
      },
    },
    { highWaterMark: 0 },
  );
  return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } });
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((f) => f()));

/** Counts the stream requests that reach msw (any handler). */
function countStreams() {
  const counter = { n: 0 };
  const listener = ({ request }: { request: Request }) => {
    if (new URL(request.url).pathname.endsWith('/events')) counter.n++;
  };
  server.events.on('request:start', listener);
  cleanups.push(() => server.events.removeListener('request:start', listener));
  return counter;
}

function framesOf(taskId: string): string[] {
  return db.events.get(taskId)!.map((e) => toSseFrame(e));
}

describe('useTaskEventStream: stream faults', () => {
  it('keeps an event that arrives after task_finished (swapped on the wire)', async () => {
    const task = db.tasks.get(ids.sampleTask)!;
    const frames = framesOf(task.id);
    const swapped = [...frames.slice(0, -2), frames.at(-1)!, frames.at(-2)!];
    // Every connection is swapped, so only reading on to the close can keep the last chunk.
    server.use(http.get(EVENTS, () => sseResponse(swapped)));
    const { hook } = setup(task);
    act(() => hook.result.current.replay());
    await waitFor(() => expect(hook.result.current.state).toBe('Ended'));
    expect(hook.result.current.live.events).toHaveLength(frames.length);
    expect(hook.result.current.live.outputText).toBe('Found 3 overdue invoices totalling $12,480.');
  });

  it('stops reading a stream that stays open after task_finished once the grace period is over', async () => {
    const task = db.tasks.get(ids.sampleTask)!;
    server.use(http.get(EVENTS, () => sseResponse(framesOf(task.id), 'hang')));
    const { hook } = setup(task, { finishGraceMs: 30, stallTimeoutMs: 10_000 });
    act(() => hook.result.current.replay());
    await waitFor(() => expect(hook.result.current.state).toBe('Ended'));
    expect(hook.result.current.error).toBeNull();
    expect(hook.result.current.live.events).toHaveLength(framesOf(task.id).length);
  });

  it('back-fills an event skipped inside one connection with one verification replay', async () => {
    const task = db.tasks.get(ids.sampleTask)!;
    const frames = framesOf(task.id);
    const gap = frames.filter((_, i) => i !== 3);
    server.use(http.get(EVENTS, () => sseResponse(gap), { once: true }));
    const streams = countStreams();
    const { hook, states } = setup(task);
    act(() => hook.result.current.replay());
    await waitFor(() => expect(hook.result.current.state).toBe('Ended'));
    expect(hook.result.current.live.events).toHaveLength(frames.length);
    const keys = hook.result.current.live.events.map((e) => eventKey(e.event));
    expect(new Set(keys).size).toBe(keys.length);
    expect(streams.n).toBe(2);
    expect(states).not.toContain('Reconnecting');
  });

  it('retries a finished task’s replay that got 503, then shows every event', async () => {
    const task = db.tasks.get(ids.sampleTask)!;
    let refused = 0;
    server.use(
      http.get(EVENTS, () => {
        if (refused >= 2) return undefined;
        refused++;
        return HttpResponse.json({ detail: 'busy' }, { status: 503 });
      }),
    );
    const { hook, states } = setup(task);
    act(() => hook.result.current.replay());
    await waitFor(() => expect(hook.result.current.state).toBe('Ended'));
    expect(refused).toBe(2);
    expect(states).toContain('Reconnecting');
    expect(hook.result.current.error).toBeNull();
    expect(hook.result.current.live.events).toHaveLength(framesOf(task.id).length);
  });

  it('gives up on a finished task’s replay after 5 failed attempts and keeps the error', async () => {
    const task = db.tasks.get(ids.sampleTask)!;
    server.use(http.get(EVENTS, () => HttpResponse.json({ detail: 'busy' }, { status: 503 })));
    const streams = countStreams();
    const { hook } = setup(task);
    act(() => hook.result.current.replay());
    await waitFor(() => expect(hook.result.current.state).toBe('Ended'));
    expect(hook.result.current.error?.status).toBe(503);
    expect(hook.result.current.attempt).toBe(5);
    expect(streams.n).toBe(5);
  });

  it('reconnects when the stream goes silent, and keep-alive comments count as alive', async () => {
    const task = liveTask();
    const frames = framesOf(task.id);
    // First connection: two events, keep-alives for a while (alive), then nothing at all.
    const pings = Array.from({ length: 6 }, () => [{ wait: 40 }, ': ping\n\n']).flat();
    server.use(
      http.get(EVENTS, () => sseResponse([...frames.slice(0, 2), ...pings], 'hang'), {
        once: true,
      }),
    );
    const streams = countStreams();
    const { hook, states } = setup(task, { stallTimeoutMs: 150 });
    await waitFor(() => expect(hook.result.current.live.events).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Pinged every 40 ms: 200 ms in, still the first connection.
    expect(streams.n).toBe(1);
    await waitFor(() => expect(hook.result.current.live.events).toHaveLength(frames.length));
    expect(states).toContain('Reconnecting');
    expect(streams.n).toBe(2);
    await waitFor(() => expect(hook.result.current.state).toBe('Live'));
    hook.unmount();
  });

  it('stops on 204 without reconnecting, even for a running task', async () => {
    server.use(http.get(EVENTS, () => new HttpResponse(null, { status: 204 })));
    const streams = countStreams();
    const { hook } = setup(liveTask());
    await waitFor(() => expect(hook.result.current.state).toBe('Ended'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(streams.n).toBe(1);
    expect(hook.result.current.error).toBeNull();
  });
});

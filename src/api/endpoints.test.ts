import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { db, emitTaskEvent, ids, makeEvent } from '@/mocks';
import { server } from '@/mocks/node';
import {
  createTask,
  getActivityLog,
  getTask,
  listAgents,
  listAgentTasks,
  listUserTasks,
  stopTask,
  streamTaskEvents,
  updateTask,
} from './index';
import type { TaskEvent } from '@/contract';

/** Records every request the client sends. */
function recordRequests() {
  const seen: Request[] = [];
  const listener = ({ request }: { request: Request }) => {
    seen.push(request.clone());
  };
  server.events.on('request:start', listener);
  cleanups.push(() => server.events.removeListener('request:start', listener));
  return seen;
}
const cleanups: (() => void)[] = [];
afterEach(() => {
  cleanups.splice(0).forEach((f) => f());
});

describe('agents', () => {
  it('listAgents returns every agent', async () => {
    const agents = await listAgents();
    expect(agents.map((a) => a.id)).toEqual([ids.financeAgent, ids.parserAgent, ids.emptyAgent]);
  });
});

describe('task lists', () => {
  it('lists an agent’s tasks', async () => {
    const tasks = await listAgentTasks(ids.financeAgent);
    expect(tasks.length).toBeGreaterThan(3);
    expect(tasks.every((t) => t.agent_id === ids.financeAgent)).toBe(true);
  });

  it('sends the filters given, and no others', async () => {
    const seen = recordRequests();
    const tasks = await listAgentTasks(ids.financeAgent, {
      status: 'completed',
      parent_task_id: ids.sampleTask,
      user_id: undefined,
    });
    expect(tasks.map((t) => t.id)).toEqual([ids.childTask]);
    const url = new URL(seen[0]!.url);
    expect(url.pathname).toBe(`/api/agent-execution/executions/history/${ids.financeAgent}`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      status: 'completed',
      parent_task_id: ids.sampleTask,
    });
  });

  it('filters by triggering agent and internal status', async () => {
    const triggered = await listAgentTasks(ids.financeAgent, {
      triggering_agent_id: ids.parserAgent,
    });
    expect(triggered.map((t) => t.id)).toEqual([ids.childTask]);
    const archived = await listAgentTasks(ids.financeAgent, { internal_status: 'archived' });
    expect(archived.map((t) => t.id)).toEqual([ids.noActivityTask]);
  });

  it('lists a user’s tasks across agents at the user path', async () => {
    const seen = recordRequests();
    const tasks = await listUserTasks(ids.user, { status: 'failed' });
    expect(tasks.map((t) => t.id)).toEqual([ids.failedTask]);
    expect(new URL(seen[0]!.url).pathname).toBe(
      `/api/agent-execution/executions/history/user/${ids.user}`,
    );
  });
});

describe('one task', () => {
  it('getTask returns the full record', async () => {
    const task = await getTask(ids.sampleTask);
    expect(task).toMatchObject({ id: ids.sampleTask, status: 'completed' });
    expect(task.input.user?.email).toBe('dana@example.com');
  });

  it('createTask posts the body with x-agent-version and returns a pending task', async () => {
    const seen = recordRequests();
    const task = await createTask(
      ids.financeAgent,
      { input: { text: 'Reconcile March', files: [], user: null }, events_streaming: true },
      { agentVersion: 4 },
    );
    expect(task).toMatchObject({
      status: 'pending',
      agent_id: ids.financeAgent,
      agent_version: '4',
    });
    expect(seen[0]!.method).toBe('POST');
    expect(new URL(seen[0]!.url).pathname).toBe(`/api/agent-execution/${ids.financeAgent}`);
    expect(seen[0]!.headers.get('x-agent-version')).toBe('4');
    const list = await listAgentTasks(ids.financeAgent, { status: 'pending' });
    expect(list.map((t) => t.id)).toContain(task.id);
  });

  it('updateTask sends only the fields given', async () => {
    const seen = recordRequests();
    const task = await updateTask(ids.pausedTask, {
      status: 'completed',
      result: 'Approved',
      source: undefined,
    });
    expect(seen[0]!.method).toBe('PATCH');
    expect(new URL(seen[0]!.url).pathname).toBe(`/api/agent-execution/${ids.pausedTask}/update`);
    expect(await seen[0]!.json()).toEqual({ status: 'completed', result: 'Approved' });
    expect(task).toMatchObject({ status: 'completed', result: 'Approved' });
    expect(task.finished_at).toEqual(expect.any(String));
  });

  it('updateTask passes tool_call_payload_extension and null (which clears)', async () => {
    const seen = recordRequests();
    const task = await updateTask(ids.failedTask, {
      tool_call_payload_extension: { trace: 'on' },
      result: null,
    });
    expect(await seen[0]!.json()).toEqual({
      tool_call_payload_extension: { trace: 'on' },
      result: null,
    });
    expect(task.payload_extension).toEqual({ trace: 'on' });
    expect(task.result).toBeNull();
  });

  it('stopTask stops a running task and is idempotent', async () => {
    const seen = recordRequests();
    const stopped = await stopTask(ids.liveTask);
    expect(stopped).toMatchObject({ status: 'stopped', is_manually_stopped: true });
    expect(seen[0]!.method).toBe('DELETE');
    expect(new URL(seen[0]!.url).pathname).toBe(`/api/agent-execution/${ids.liveTask}`);
    const again = await stopTask(ids.liveTask);
    expect(again).toEqual(stopped);
  });

  it('mock db writes do not leak between tests', async () => {
    expect((await getTask(ids.liveTask)).status).toBe('executing');
    expect((await getTask(ids.pausedTask)).status).toBe('paused');
  });
});

describe('activity', () => {
  it('returns the thread with raw items', async () => {
    const thread = await getActivityLog(ids.financeAgent, ids.sampleTask);
    expect(thread?.messages).toHaveLength(9);
  });

  it('404 is null: no activity yet', async () => {
    await expect(getActivityLog(ids.financeAgent, ids.noActivityTask)).resolves.toBeNull();
  });

  it('a JSON null body is also "no activity"', async () => {
    server.use(http.get('*/api/activity/:a/:t', () => HttpResponse.json(null)));
    await expect(getActivityLog('a', 't')).resolves.toBeNull();
  });

  it('other failures still throw', async () => {
    server.use(http.get('*/api/activity/:a/:t', () => HttpResponse.json({}, { status: 500 })));
    await expect(getActivityLog('a', 't')).rejects.toMatchObject({ kind: 'http', status: 500 });
  });
});

async function collect(iterable: AsyncIterable<TaskEvent>, limit = Infinity) {
  const events: TaskEvent[] = [];
  for await (const e of iterable) {
    events.push(e);
    if (events.length >= limit) break;
  }
  return events;
}

describe('streamTaskEvents', () => {
  it('replays a finished task’s events and ends', async () => {
    const seen = recordRequests();
    const events = await collect(streamTaskEvents(ids.sampleTask));
    expect(events.map((e) => e.type)).toEqual([
      'task_created',
      'task_updated',
      'think',
      'auth_event',
      'tool_call_request',
      'tool_call_result',
      'plan_updated',
      'chunk',
      'chunk',
      'task_finished',
    ]);
    expect(new URL(seen[0]!.url).pathname).toBe(`/api/agent-execution/${ids.sampleTask}/events`);
    expect(seen[0]!.headers.get('accept')).toBe('text/event-stream');
  });

  it('tails a live task until task_finished, calling onOpen first', async () => {
    const order: string[] = [];
    const stream = streamTaskEvents(ids.liveTask, { onOpen: () => order.push('open') });
    const events: TaskEvent[] = [];
    for await (const event of stream) {
      order.push(event.type);
      events.push(event);
      if (events.length === 4) {
        emitTaskEvent(makeEvent('chunk', 'more', { task_id: ids.liveTask }));
      }
      if (events.length === 5) void updateTask(ids.liveTask, { status: 'completed' });
    }
    expect(order).toEqual([
      'open',
      'task_created',
      'task_updated',
      'think',
      'chunk',
      'chunk',
      'task_finished',
    ]);
    const last = events.at(-1);
    expect(last?.type === 'task_finished' && last.data.status).toBe('completed');
    expect(db.events.get(ids.liveTask)).toHaveLength(6);
  });

  it('abort ends the stream with an aborted ApiError', async () => {
    const controller = new AbortController();
    const run = async () => {
      for await (const _ of streamTaskEvents(ids.liveTask, { signal: controller.signal })) {
        controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('an unknown task is an http 404', async () => {
    await expect(collect(streamTaskEvents('nope'))).rejects.toMatchObject({
      kind: 'http',
      status: 404,
    });
  });

  it('a reply that is not an event stream is a contract error', async () => {
    server.use(http.get('*/api/agent-execution/:id/events', () => HttpResponse.json({ ok: 1 })));
    await expect(collect(streamTaskEvents('t'))).rejects.toMatchObject({ kind: 'contract' });
  });

  it('skips empty data frames', async () => {
    server.use(
      http.get(
        '*/api/agent-execution/:id/events',
        () =>
          new HttpResponse('data:\n\ndata: {"type":"x"}\n\n', {
            headers: { 'content-type': 'text/event-stream' },
          }),
      ),
    );
    const events = await collect(streamTaskEvents('t'));
    expect(events).toEqual([expect.objectContaining({ type: 'unknown', rawType: 'x' })]);
  });
});

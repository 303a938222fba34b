import { describe, expect, it } from 'vitest';
import type { TaskEvent } from '@/contract';
import { ids, scenarios } from '@/mocks';
import { server } from '@/mocks/node';
import { ApiError } from './api-error';
import {
  createTask,
  getActivityLog,
  getSkippedItems,
  getTask,
  listAgents,
  listAgentTasks,
  listUserTasks,
  onSkippedListItems,
  stopTask,
  streamTaskEvents,
  updateTask,
} from './index';

async function drain(stream: AsyncIterable<TaskEvent>) {
  const events: TaskEvent[] = [];
  let error: unknown = null;
  try {
    for await (const e of stream) events.push(e);
  } catch (e) {
    error = e;
  }
  return { events, error };
}

describe('scenarios', () => {
  it('agentWithNoTasks: agents listed, every history empty', async () => {
    server.use(...scenarios.agentWithNoTasks);
    expect(await listAgents()).toHaveLength(3);
    expect(await listAgentTasks(ids.financeAgent)).toEqual([]);
    expect(await listUserTasks(ids.user)).toEqual([]);
  });

  it('taskNotFound: every per-task call is a 404', async () => {
    server.use(...scenarios.taskNotFound);
    const calls = [
      getTask(ids.sampleTask),
      updateTask(ids.sampleTask, { status: 'paused' }),
      stopTask(ids.sampleTask),
      drain(streamTaskEvents(ids.sampleTask)).then(({ error }) => {
        throw error;
      }),
    ];
    for (const call of calls)
      await expect(call).rejects.toMatchObject({ kind: 'http', status: 404 });
    await expect(getActivityLog(ids.financeAgent, ids.sampleTask)).resolves.toBeNull();
  });

  it('updateConflict409: updates conflict and change nothing', async () => {
    server.use(...scenarios.updateConflict409);
    await expect(updateTask(ids.liveTask, { status: 'completed' })).rejects.toMatchObject({
      kind: 'http',
      status: 409,
    });
    expect((await getTask(ids.liveTask)).status).toBe('executing');
  });

  it.each([
    ['serverError500', 500],
    ['forbidden403', 403],
  ] as const)('%s: every route fails with %d', async (name, status) => {
    server.use(...scenarios[name]);
    for (const call of [
      listAgents(),
      listAgentTasks(ids.financeAgent),
      getTask(ids.sampleTask),
      createTask(ids.financeAgent, { input: { text: 'x' } }),
      getActivityLog(ids.financeAgent, ids.sampleTask),
    ]) {
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ kind: 'http', status });
    }
  });

  it('malformedPayload: records fail the contract, lists keep their valid items', async () => {
    server.use(...scenarios.malformedPayload);
    const reports: number[] = [];
    const off = onSkippedListItems(({ skipped }) => reports.push(skipped.length));

    const tasks = await listAgentTasks(ids.financeAgent);
    expect(tasks.map((t) => t.id)).toEqual([ids.sampleTask]);
    const skipped = getSkippedItems(tasks);
    expect(skipped.map((s) => [s.index, s.id])).toEqual([
      [1, 'task-bad-status'],
      [2, null],
    ]);
    expect(skipped[0]!.issues[0]!.path).toBe('status');

    const agents = await listAgents();
    expect(agents).toHaveLength(1);
    expect(getSkippedItems(agents)).toHaveLength(1);
    off();
    expect(reports).toEqual([2, 1]);

    for (const call of [
      getTask(ids.sampleTask),
      updateTask(ids.sampleTask, { result: 'x' }),
      stopTask(ids.sampleTask),
      getActivityLog(ids.financeAgent, ids.sampleTask),
    ]) {
      await expect(call).rejects.toMatchObject({ kind: 'contract' });
    }

    const { events, error } = await drain(streamTaskEvents(ids.liveTask));
    expect(error).toBeNull();
    expect(events.map((e) => e.type)).toEqual(['unknown', 'unknown', 'unknown', 'chunk']);
  });

  it('a list with no invalid items reports none', async () => {
    expect(getSkippedItems(await listAgentTasks(ids.financeAgent))).toEqual([]);
  });

  it('streamDropsAfter(k): k events, then a network error', async () => {
    server.use(...scenarios.streamDropsAfter(3));
    const { events, error } = await drain(streamTaskEvents(ids.sampleTask));
    expect(events.map((e) => e.type)).toEqual(['task_created', 'task_updated', 'think']);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ kind: 'network' });
  });

  it('streamDropsAfter(0): drops before any event', async () => {
    server.use(...scenarios.streamDropsAfter(0));
    const { events, error } = await drain(streamTaskEvents(ids.sampleTask));
    expect(events).toEqual([]);
    expect(error).toMatchObject({ kind: 'network' });
  });

  it('streamWithUnknownEventType: the unknown event is kept and the stream goes on', async () => {
    server.use(...scenarios.streamWithUnknownEventType);
    const { events, error } = await drain(streamTaskEvents(ids.sampleTask));
    expect(error).toBeNull();
    expect(events).toHaveLength(11);
    expect(events[1]).toMatchObject({ type: 'unknown', rawType: 'task_heartbeat_v2' });
    expect(events.at(-1)?.type).toBe('task_finished');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_EVENT_TYPES, TASK_STATUSES } from '../../src/contract/index.ts';
import {
  checkActivity,
  checkAgents,
  checkTask,
  checkTaskList,
  client,
  connectPlatform,
  readSse,
  sleep,
  waitForTask,
  type PlatformUnderTest,
  type TaskJson,
} from './connect-platform.ts';

// The simulated worker is ours: these suites always run an in-process platform.
let p: PlatformUnderTest;
let call: ReturnType<typeof client>;
let managerId: string;
let regularId: string;
let draftId: string;

const create = async (agentId: string, text: string): Promise<TaskJson> => {
  const res = await call('POST', `/agent-execution/${agentId}`, {
    input: { text, files: [], user: { id: 'u-worker', email: 'w@example.com' } },
    events_streaming: true,
  });
  expect(res.status).toBe(200);
  return checkTask(res.body);
};

beforeAll(async () => {
  p = await connectPlatform({ speed: 20, keepAliveMs: 200 }, false);
  call = client(p);
  const agents = checkAgents((await call('GET', '/agents/list')).body);
  managerId = agents.find((a) => a.type === 'manager')!.id;
  regularId = agents.find((a) => a.type === 'regular' && a.status === 'ACTIVE')!.id;
  draftId = agents.find((a) => a.status !== 'ACTIVE')!.id;
});
afterAll(async () => {
  await p?.close();
});

describe('simulated worker', () => {
  it('[all] produces every event type and every activity item kind, broadcast to two live subscribers', async () => {
    const task = await create(managerId, 'Full tour [all] [fast]');
    const [a, b] = await Promise.all([readSse(p, task.id, 25_000), readSse(p, task.id, 25_000)]);
    expect(a.closedByServer).toBe(true);
    expect(a.otherLines).toEqual([]);
    expect(a.events.map((e) => e.time + e.type)).toEqual(b.events.map((e) => e.time + e.type));
    const types = new Set(a.events.map((e) => e.type));
    for (const type of TASK_EVENT_TYPES) expect(types, type).toContain(type);
    expect(a.events.at(-1)?.type).toBe('task_finished');

    // Lifecycle seen through the task_* snapshots.
    const statuses = a.events
      .filter((e) => e.type.startsWith('task_') && e.type !== 'task_compactization')
      .map((e) => (e.data as TaskJson).status);
    expect(statuses[0]).toBe('pending');
    expect(statuses).toEqual(expect.arrayContaining(['executing', 'paused', 'completed']));

    const done = checkTask((await call('GET', `/agent-execution/${task.id}/status`)).body);
    expect(done.status).toBe('completed');
    expect(done.tokens?.total_tokens).toBeGreaterThan(0);
    expect(done.used_tools?.length).toBeGreaterThan(0);
    expect(done.duration).toBeGreaterThan(0);
    expect(done.sub_executions?.length).toBeGreaterThan(0);
    expect(done.deep_planning?.tasks?.every((t) => t.completed)).toBe(true);
    expect(done.hitl_request ?? null).toBeNull();
    expect(done.pending_eca_request ?? null).toBeNull();

    const { kinds } = checkActivity((await call('GET', `/activity/${managerId}/${task.id}`)).body);
    expect(new Set(kinds)).toEqual(
      new Set(['message', 'tool_call', 'reasoning', 'sub_agent_trigger', 'auth']),
    );

    // Children: parent_execution, triggering_agent_id, and the parent_task_id filter.
    const child = checkTask(
      (await call('GET', `/agent-execution/${done.sub_executions![0]}/status`)).body,
    );
    expect(child).toMatchObject({
      parent_execution: task.id,
      triggering_agent_id: managerId,
      source: 'task',
    });
    expect(child.status).toBe('completed');
    const children = checkTaskList(
      (
        await call(
          'GET',
          `/agent-execution/executions/history/${child.agent_id}?parent_task_id=${task.id}`,
        )
      ).body,
    );
    expect(children.map((c) => c.id)).toContain(child.id);
    const triggered = checkTaskList(
      (
        await call(
          'GET',
          `/agent-execution/executions/history/${child.agent_id}?triggering_agent_id=${managerId}`,
        )
      ).body,
    );
    expect(triggered.map((c) => c.id)).toContain(child.id);
  });

  it('ends in failed or error when the prompt says so', async () => {
    const failed = await create(regularId, 'Break it [fail] [fast]');
    const errored = await create(regularId, 'Crash it [error] [fast]');
    expect(
      (await waitForTask(call, failed.id, (t) => t.status === 'failed')).finished_at,
    ).toBeTruthy();
    expect((await waitForTask(call, errored.id, (t) => t.status === 'error')).result).toMatch(
      /crash/i,
    );
  });

  it('[hitl-hold] stays paused until a PATCH resumes it, then completes', async () => {
    const task = await create(regularId, 'Needs approval [hitl-hold] [fast]');
    const paused = await waitForTask(call, task.id, (t) => t.status === 'paused');
    expect(paused.hitl_request?.wait_node_id).toEqual(expect.any(String));
    expect(paused.paused_at).toBeTruthy();
    await sleep(1500);
    expect(checkTask((await call('GET', `/agent-execution/${task.id}/status`)).body).status).toBe(
      'paused',
    );
    const resumed = await call('PATCH', `/agent-execution/${task.id}/update`, {
      status: 'executing',
    });
    expect(resumed.status).toBe(200);
    const done = await waitForTask(call, task.id, (t) => t.status === 'completed');
    expect(done.hitl_request ?? null).toBeNull();
  });

  it('[auth] pauses for a connector login and resumes after the token arrives', async () => {
    const task = await create(regularId, 'Post it [auth] [fast]');
    const stream = await readSse(p, task.id, 20_000);
    const snapshots = stream.events
      .filter((e) => e.type === 'task_updated')
      .map((e) => e.data as TaskJson);
    const paused = snapshots.find((t) => t.status === 'paused' && t.pending_eca_request != null);
    expect(paused?.pending_eca_request).toMatchObject({
      connector_name: expect.any(String),
      auth_url: expect.stringMatching(/^https:/),
    });
    const auth = stream.events
      .filter((e) => e.type === 'auth_event')
      .map((e) => (e.data as { type: string }).type);
    expect(auth).toEqual(['login_required', 'token_ready']);
    const done = checkTask((await call('GET', `/agent-execution/${task.id}/status`)).body);
    expect(done.status).toBe('completed');
    expect(done.pending_eca_request ?? null).toBeNull();
  });

  it('a stop wins over a running task: nothing follows task_finished', async () => {
    const task = await create(regularId, 'Take your time [slow] [long]');
    await waitForTask(call, task.id, (t) => t.status === 'executing');
    const stopped = checkTask((await call('DELETE', `/agent-execution/${task.id}`)).body);
    expect(stopped.status).toBe('stopped');
    await sleep(1200);
    const later = checkTask((await call('GET', `/agent-execution/${task.id}/status`)).body);
    expect(later.status).toBe('stopped');
    expect(later.updated_at).toBe(stopped.updated_at);
    const stream = await readSse(p, task.id);
    expect(stream.events.at(-1)?.type).toBe('task_finished');
    expect(stream.closedByServer).toBe(true);
  });

  it('sends `: ping` keep-alives on an idle stream', async () => {
    const task = await create(regularId, 'Wait for me [hitl-hold] [fast]');
    await waitForTask(call, task.id, (t) => t.status === 'paused');
    const stream = await readSse(p, task.id, 900);
    expect(stream.closedByServer).toBe(false);
    expect(stream.comments).toContain(': ping');
    expect(stream.events[0]?.type).toBe('task_created');
    await call('DELETE', `/agent-execution/${task.id}`);
  });

  it('leaves tasks of an agent without a worker (DRAFT/INACTIVE) pending, with no activity log', async () => {
    const task = await create(draftId, 'Nobody home [fast]');
    await sleep(800);
    expect(checkTask((await call('GET', `/agent-execution/${task.id}/status`)).body).status).toBe(
      'pending',
    );
    expect((await call('GET', `/activity/${draftId}/${task.id}`)).status).toBe(404);
  });

  it('continuing a finished task runs a new turn with its own stream', async () => {
    const task = await create(regularId, 'One [quick] [fast]');
    await waitForTask(call, task.id, (t) => t.status === 'completed');
    const res = await call('POST', `/agent-execution/${regularId}`, {
      id: task.id,
      input: { text: 'Two [quick] [fast]', files: [], user: null },
    });
    expect(checkTask(res.body).execution_attempts).toBe(2);
    const stream = await readSse(p, task.id);
    expect(stream.events[0]?.type).toBe('task_updated');
    expect((stream.events[0]?.data as TaskJson).input.text).toBe('Two [quick] [fast]');
    expect(stream.events.at(-1)?.type).toBe('task_finished');
    const { thread } = checkActivity((await call('GET', `/activity/${regularId}/${task.id}`)).body);
    expect(thread.messages.filter((m) => (m as { role?: string }).role === 'user')).toHaveLength(2);
  });
});

describe('seed', () => {
  let fresh: PlatformUnderTest;
  let freshCall: ReturnType<typeof client>;
  beforeAll(async () => {
    fresh = await connectPlatform({ speed: 4 }, false);
    freshCall = client(fresh);
  });
  afterAll(async () => {
    await fresh?.close();
  });

  it('covers all seven statuses, ~20 users, 14 days, and leaves running tasks that the worker advances', async () => {
    const agents = checkAgents((await freshCall('GET', '/agents/list')).body);
    expect(agents.length).toBeGreaterThanOrEqual(5);
    expect(agents.some((a) => a.type === 'manager')).toBe(true);
    const all = (
      await Promise.all(
        agents.map(async (a) =>
          checkTaskList(
            (await freshCall('GET', `/agent-execution/executions/history/${a.id}`)).body,
          ),
        ),
      )
    ).flat();
    expect(all.length).toBeGreaterThanOrEqual(300);
    const statuses = new Set(all.map((t) => t.status));
    for (const s of TASK_STATUSES) expect(statuses, s).toContain(s);
    expect(new Set(all.map((t) => t.user_id).filter(Boolean)).size).toBeGreaterThanOrEqual(15);
    expect(all.some((t) => Date.now() - Date.parse(t.created_at!) > 7 * 86_400_000)).toBe(true);
    expect(all.some((t) => t.parent_task_id)).toBe(true);

    const finished = all.find((t) => t.status === 'completed')!;
    const { kinds } = checkActivity(
      (await freshCall('GET', `/activity/${finished.agent_id}/${finished.id}`)).body,
    );
    expect(kinds).toContain('message');
    expect(kinds).toContain('tool_call');

    const running = all.filter((t) => t.status === 'executing');
    expect(running.length).toBeGreaterThan(0);
    await waitForTask(
      freshCall,
      running[0]!.id,
      (t) => t.updated_at !== running[0]!.updated_at,
      20_000,
    );
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkActivity,
  checkAgents,
  checkTask,
  checkTaskList,
  client,
  connectPlatform,
  readSse,
  type PlatformUnderTest,
  type TaskJson,
} from './connect-platform.ts';

let p: PlatformUnderTest;
let call: ReturnType<typeof client>;
let agentId: string;
let idleAgentId: string | null;

const createBody = (text: string, extra: Record<string, unknown> = {}) => ({
  id: null,
  input: {
    text,
    files: [],
    user: {
      id: 'u-contract',
      email: 'contract@example.com',
      first_name: 'Con',
      last_name: 'Tract',
    },
  },
  payload_extension: null,
  source: 'sdk',
  worker_id: null,
  output_format: 'markdown',
  output_schema: null,
  run_locally: false,
  events_streaming: true,
  additional_context: null,
  instructions_override: null,
  test_run_node_id: null,
  user_oidc_token: null,
  expected_output: null,
  mcp_servers: [],
  triggering_agent_id: null,
  title: 'Contract test',
  think_mode: 'default',
  disable_attachment_injection: false,
  user_tokens: null,
  return_metrics: false,
  ...extra,
});

async function createTask(
  text = 'contract task',
  extra: Record<string, unknown> = {},
): Promise<TaskJson> {
  const res = await call('POST', `/agent-execution/${agentId}`, createBody(text, extra));
  expect(res.status).toBe(200);
  return checkTask(res.body);
}

/** A task the worker no longer touches, so version checks are not racing it. */
async function stoppedTask(text = 'contract task'): Promise<TaskJson> {
  const task = await createTask(text);
  const res = await call('DELETE', `/agent-execution/${task.id}`);
  return checkTask(res.body);
}

beforeAll(async () => {
  p = await connectPlatform();
  call = client(p);
  const agents = checkAgents((await call('GET', '/agents/list')).body);
  agentId = (agents.find((a) => a.status === 'ACTIVE') ?? agents[0])!.id;
  idleAgentId = agents.find((a) => a.status !== 'ACTIVE')?.id ?? null;
});
afterAll(async () => {
  await p?.close();
});

describe('auth and protocol', () => {
  it('answers 403 with a JSON detail for a missing or wrong key', async () => {
    for (const headers of [{}, { 'x-api-key': 'wrong' }]) {
      const res = await fetch(`${p.url}/agents/list`, {
        headers: headers as Record<string, string>,
      });
      expect(res.status).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toEqual({ detail: expect.any(String) });
    }
  });

  it('serves REST routes with and without the org prefix, and refuses a wrong org', async () => {
    const plain = await call('GET', '/agents/list');
    const prefixed = await call('GET', `/${p.organizationId}/agents/list`);
    expect(prefixed.status).toBe(200);
    expect(prefixed.body).toEqual(plain.body);
    const wrong = await call('GET', '/not-my-org/agents/list');
    expect([403, 404]).toContain(wrong.status);
    expect(wrong.body).toHaveProperty('detail');
  });

  it('answers unknown routes and ids with 404 {"detail"} as JSON', async () => {
    for (const path of ['/agent-execution/nope-123/status', '/agents/nope-123', '/no/such/route']) {
      const res = await call('GET', path);
      expect(res.status).toBe(404);
      expect(res.contentType).toContain('application/json');
      expect(res.body).toEqual({ detail: expect.any(String) });
    }
  });
});

describe('agents', () => {
  it('lists agents in the AgentsListItem shape and gets one by id', async () => {
    const list = checkAgents((await call('GET', '/agents/list')).body);
    expect(list.length).toBeGreaterThan(0);
    const one = await call<{ id: string; name: string }>('GET', `/agents/${agentId}`);
    expect(one.status).toBe(200);
    expect(one.body.id).toBe(agentId);
  });
});

describe('create and get', () => {
  it('creates a pending task with every tuple-bug key, deep_planning and updated_at', async () => {
    const res = await call('POST', `/agent-execution/${agentId}`, createBody('hello'), {
      'x-agent-version': '3',
    });
    expect(res.status).toBe(200);
    expect(res.contentType).toContain('application/json');
    const task = checkTask(res.body);
    expect(task).toMatchObject({
      agent_id: agentId,
      organization_id: p.organizationId,
      status: 'pending',
      agent_version: '3',
    });
    expect(task.input.text).toBe('hello');
    for (const key of [
      'expected_output',
      'mcp_servers',
      'triggering_agent_id',
      'title',
      'deep_planning',
      'updated_at',
    ])
      expect(task).toHaveProperty(key);
    const got = await call('GET', `/agent-execution/${task.id}/status`);
    expect(checkTask(got.body).id).toBe(task.id);
  });

  it('answers 422 naming the field for an invalid body, 404 for an unknown agent', async () => {
    const missing = await call<{ detail: { loc: unknown[] }[] }>(
      'POST',
      `/agent-execution/${agentId}`,
      { title: 'no input' },
    );
    expect(missing.status).toBe(422);
    expect(missing.body.detail.map((d) => d.loc)).toContainEqual(['body', 'input']);
    const badJson = await call('POST', `/agent-execution/${agentId}`, '{not json');
    expect(badJson.status).toBe(422);
    const unknown = await call('POST', '/agent-execution/no-such-agent', createBody('x'));
    expect(unknown.status).toBe(404);
  });

  it('continues a task when create names its id', async () => {
    const first = await stoppedTask('first turn');
    const res = await call(
      'POST',
      `/agent-execution/${agentId}`,
      createBody('second turn', { id: first.id }),
    );
    const again = checkTask(res.body);
    expect(again.id).toBe(first.id);
    expect(again.status).toBe('pending');
    expect(again.input.text).toBe('second turn');
    expect(again.finished_at ?? null).toBeNull();
    expect(again.result ?? null).toBeNull();
    await call('DELETE', `/agent-execution/${first.id}`);
  });
});

describe('history lists', () => {
  it('returns a bare array, newest first, with the filters applied', async () => {
    const a = await stoppedTask('list a');
    const b = await createTask('list b');
    const list = checkTaskList(
      (await call('GET', `/agent-execution/executions/history/${agentId}`)).body,
    );
    const ids = list.map((t) => t.id);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
    const created = list.map((t) => t.created_at ?? '');
    expect([...created].sort().reverse()).toEqual(created);

    const stopped = checkTaskList(
      (await call('GET', `/agent-execution/executions/history/${agentId}?status=stopped`)).body,
    );
    expect(stopped.every((t) => t.status === 'stopped')).toBe(true);
    expect(stopped.map((t) => t.id)).toContain(a.id);

    const byUser = checkTaskList(
      (await call('GET', `/agent-execution/executions/history/${agentId}?user_id=u-contract`)).body,
    );
    expect(byUser.length).toBeGreaterThanOrEqual(2);
    expect(byUser.every((t) => t.user_id === 'u-contract')).toBe(true);

    // The SDK sends `user_id=` for a None filter: no filter.
    const blank = checkTaskList(
      (await call('GET', `/agent-execution/executions/history/${agentId}?user_id=`)).body,
    );
    expect(blank.map((t) => t.id)).toEqual(expect.arrayContaining(byUser.map((t) => t.id)));
    expect(blank.length).toBeGreaterThanOrEqual(list.length);

    await call('PATCH', `/agent-execution/${a.id}/update`, { internal_status: 'contract-marker' });
    const marked = checkTaskList(
      (
        await call(
          'GET',
          `/agent-execution/executions/history/${agentId}?internal_status=contract-marker`,
        )
      ).body,
    );
    expect(marked.map((t) => t.id)).toEqual([a.id]);

    const none = checkTaskList(
      (
        await call(
          'GET',
          `/agent-execution/executions/history/${agentId}?parent_task_id=no-such-parent`,
        )
      ).body,
    );
    expect(none).toEqual([]);
    const noTrigger = checkTaskList(
      (
        await call(
          'GET',
          `/agent-execution/executions/history/${agentId}?triggering_agent_id=no-such-agent`,
        )
      ).body,
    );
    expect(noTrigger).toEqual([]);
    await call('DELETE', `/agent-execution/${b.id}`);
  });

  it('routes history/user/{id} as a user list, not as an agent named "user"', async () => {
    const list = checkTaskList(
      (await call('GET', '/agent-execution/executions/history/user/u-contract')).body,
    );
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((t) => t.user_id === 'u-contract')).toBe(true);
    const prefixed = await call(
      'GET',
      `/${p.organizationId}/agent-execution/executions/history/user/u-contract?status=stopped`,
    );
    expect(
      checkTaskList(prefixed.body).every(
        (t) => t.status === 'stopped' && t.user_id === 'u-contract',
      ),
    ).toBe(true);
  });
});

describe('PATCH update', () => {
  it('merges present keys, clears nulls, ignores identity fields and aliases the payload extension', async () => {
    const t = await stoppedTask();
    const res = await call('PATCH', `/agent-execution/${t.id}/update`, {
      id: 'hijack',
      agent_id: 'hijack',
      organization_id: 'hijack',
      created_at: '2000-01-01T00:00:00Z',
      result: 'patched',
      title: null,
      tool_call_payload_extension: { tenant: 'acme' },
    });
    expect(res.status).toBe(200);
    const u = checkTask(res.body);
    expect(u).toMatchObject({
      id: t.id,
      agent_id: t.agent_id,
      organization_id: t.organization_id,
      created_at: t.created_at,
      result: 'patched',
      title: null,
      payload_extension: { tenant: 'acme' },
      status: 'stopped',
    });
    expect(u.updated_at! > t.updated_at!).toBe(true);
  });

  it('unwraps the SDK tuple-default values [null] and [[]]', async () => {
    const t = await stoppedTask();
    const res = await call('PATCH', `/agent-execution/${t.id}/update`, {
      title: [null],
      expected_output: [null],
      triggering_agent_id: [null],
      mcp_servers: [[]],
    });
    expect(res.status).toBe(200);
    expect(checkTask(res.body)).toMatchObject({
      title: null,
      expected_output: null,
      triggering_agent_id: null,
      mcp_servers: [],
    });
  });

  it('accepts a whole-Task save (asave) and maintains timestamps per status', async () => {
    const t = await stoppedTask();
    expect(t.finished_at).toBeTruthy();
    const paused = checkTask(
      (
        await call('PATCH', `/agent-execution/${t.id}/update`, {
          ...t,
          status: 'paused',
          result: null,
        })
      ).body,
    );
    expect(paused.status).toBe('paused');
    expect(paused.paused_at).toBeTruthy();
    expect(paused.finished_at ?? null).toBeNull();
    const executing = checkTask(
      (await call('PATCH', `/agent-execution/${t.id}/update`, { status: 'executing' })).body,
    );
    expect(executing.started_at).toBeTruthy();
    const done = checkTask(
      (
        await call('PATCH', `/agent-execution/${t.id}/update`, {
          status: 'completed',
          result: 'ok',
        })
      ).body,
    );
    expect(done.finished_at).toBeTruthy();
    expect(done.result).toBe('ok');
  });

  it('answers 422 for a bad status or an over-long internal_status, 404 for an unknown task', async () => {
    const t = await stoppedTask();
    const bad = await call<{ detail: { loc: unknown[] }[] }>(
      'PATCH',
      `/agent-execution/${t.id}/update`,
      { status: 'done' },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((d) => d.loc)).toContainEqual(['body', 'status']);
    const long = await call('PATCH', `/agent-execution/${t.id}/update`, {
      internal_status: 'x'.repeat(256),
    });
    expect(long.status).toBe(422);
    expect(
      (await call('PATCH', '/agent-execution/nope/update', { status: 'completed' })).status,
    ).toBe(404);
  });

  it('answers 409 to a second writer whose updated_at (or If-Match) is stale', async () => {
    const t = await stoppedTask();
    const read = t.updated_at!;
    const first = await call('PATCH', `/agent-execution/${t.id}/update`, {
      result: 'writer one',
      updated_at: read,
    });
    expect(first.status).toBe(200);
    const second = await call<{ detail: string; task: TaskJson }>(
      'PATCH',
      `/agent-execution/${t.id}/update`,
      { result: 'writer two', updated_at: read },
    );
    expect(second.status).toBe(409);
    expect(second.body.detail).toEqual(expect.any(String));
    expect(checkTask(second.body.task).result).toBe('writer one');
    const viaHeader = await call(
      'PATCH',
      `/agent-execution/${t.id}/update`,
      { result: 'writer two' },
      { 'if-match': `"${read}"` },
    );
    expect(viaHeader.status).toBe(409);
    const now = checkTask((await call('GET', `/agent-execution/${t.id}/status`)).body);
    expect(now.result).toBe('writer one');
    // Re-applying on top of the fresh version succeeds.
    const retry = await call('PATCH', `/agent-execution/${t.id}/update`, {
      result: 'writer two',
      updated_at: now.updated_at,
    });
    expect(retry.status).toBe(200);
  });
});

describe('DELETE stop', () => {
  it('stops a task and is idempotent, also after a PATCH back to paused (the SDK test)', async () => {
    const t = await createTask();
    const s1 = checkTask((await call('DELETE', `/agent-execution/${t.id}`)).body);
    expect(s1).toMatchObject({ status: 'stopped', is_manually_stopped: true });
    expect(s1.finished_at).toBeTruthy();
    const s2 = checkTask((await call('DELETE', `/agent-execution/${t.id}`)).body);
    expect(s2.finished_at).toBe(s1.finished_at);
    expect(s2.updated_at).toBe(s1.updated_at);
    const paused = checkTask(
      (await call('PATCH', `/agent-execution/${t.id}/update`, { status: 'paused' })).body,
    );
    expect(paused.status).toBe('paused');
    expect(checkTask((await call('DELETE', `/agent-execution/${t.id}`)).body).status).toBe(
      'stopped',
    );
    expect((await call('DELETE', '/agent-execution/nope')).status).toBe(404);
  });
});

describe('activity log', () => {
  it('answers 404 (never null) for a task that never started, an unknown task, or the wrong agent', async () => {
    if (idleAgentId) {
      const res = await call('POST', `/agent-execution/${idleAgentId}`, createBody('never runs'));
      const idle = checkTask(res.body);
      const log = await call('GET', `/activity/${idleAgentId}/${idle.id}`);
      expect(log.status).toBe(404);
      expect(log.body).toHaveProperty('detail');
    }
    expect((await call('GET', `/activity/${agentId}/nope`)).status).toBe(404);
  });

  it('returns a thread whose items all fit the five item shapes', async () => {
    const done = await call('POST', `/agent-execution/${agentId}/report_task`, {
      input: 'external job',
      result: 'external result',
      is_success: true,
      duration: 2.5,
      used_tools: ['x'],
    });
    const task = checkTask(done.body);
    const log = await call('GET', `/activity/${agentId}/${task.id}`);
    expect(log.status).toBe(200);
    const { thread, kinds } = checkActivity(log.body);
    expect(thread.id).toBe(task.id);
    expect(kinds).toContain('message');
  });
});

describe('report_task, metrics and events push', () => {
  it('report_task creates a finished task (completed or failed)', async () => {
    const ok = checkTask(
      (
        await call('POST', `/agent-execution/${agentId}/report_task`, {
          input: 'ran elsewhere',
          result: 'fine',
          tokens: { prompt_tokens: 10, completion_tokens: 5 },
          used_tools: ['grep'],
          duration: 1.5,
        })
      ).body,
    );
    expect(ok).toMatchObject({
      status: 'completed',
      result: 'fine',
      used_tools: ['grep'],
      duration: 1.5,
    });
    expect(ok.finished_at).toBeTruthy();
    const failed = checkTask(
      (
        await call('POST', `/agent-execution/${agentId}/report_task`, {
          input: 'ran elsewhere',
          is_success: false,
        })
      ).body,
    );
    expect(failed.status).toBe('failed');
    expect(
      (await call('POST', `/agent-execution/${agentId}/report_task`, { duration: 'long' })).status,
    ).toBe(422);
  });

  it('accepts an ExecutionMetricsReport and rejects an incomplete one', async () => {
    const t = await stoppedTask();
    const report = {
      execution_id: t.id,
      source: 'sdk',
      sub_executions: [],
      memory_thread_id: t.id,
      task: 'x',
      triggered_by: 'N/A',
      skills: [],
      status: 'completed',
      internal_status: null,
      duration: 0.0,
      ai_model: 'xpander',
      worker: null,
      ai_employee_id: null,
      api_calls_made: ['ledger_query'],
      result: 'ok',
      llm_tokens: {
        inner: { completion_tokens: 0, prompt_tokens: 0, total_tokens: 0 },
        worker: { completion_tokens: 4, prompt_tokens: 3, total_tokens: 7 },
      },
    };
    const ok = await call('POST', `/agents-metrics/${agentId}/execution`, report);
    expect(ok.status).toBe(200);
    expect(ok.contentType).toContain('application/json');
    const bad = await call<{ detail: { loc: unknown[] }[] }>(
      'POST',
      `/agents-metrics/${agentId}/execution`,
      { execution_id: t.id },
    );
    expect(bad.status).toBe(422);
    expect(bad.body.detail.map((d) => d.loc)).toContainEqual(['body', 'source']);
  });

  it('events/push appends to the stream and mirrors auth events into the activity log', async () => {
    const t = await stoppedTask();
    const pushed = await call('POST', `/agent-execution/${t.id}/events/push`, [
      {
        task_id: t.id,
        organization_id: p.organizationId,
        time: '2026-03-02T09:14:19.550112+00:00',
        type: 'auth_event',
        data: { type: 'token_ready', data: { access_token: 'REDACTED' } },
      },
    ]);
    expect(pushed.status).toBe(200);
    const bad = await call('POST', `/agent-execution/${t.id}/events/push`, [
      { type: 'made_up', data: null },
    ]);
    expect(bad.status).toBe(422);
    const stream = await readSse(p, t.id);
    expect(stream.events.map((e) => e.type)).toContain('auth_event');
    const { kinds } = checkActivity((await call('GET', `/activity/${agentId}/${t.id}`)).body);
    expect(kinds).toContain('auth');
  });
});

describe('SSE', () => {
  it('replays a finished task to a late subscriber and closes, data lines only', async () => {
    const t = await stoppedTask('sse late');
    const stream = await readSse(p, t.id);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toContain('text/event-stream');
    expect(stream.closedByServer).toBe(true);
    expect(stream.otherLines).toEqual([]);
    const types = stream.events.map((e) => e.type);
    expect(types[0]).toBe('task_created');
    expect(types.at(-1)).toBe('task_finished');
    expect(
      stream.events.every((e) => e.task_id === t.id && e.organization_id === p.organizationId),
    ).toBe(true);
  });

  it('answers 404 JSON for an unknown task and 403 for a wrong org', async () => {
    const unknown = await readSse(p, 'nope');
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toContain('application/json');
    const t = await stoppedTask();
    const wrongOrg = await readSse(p, t.id, 5000, `/wrong-org/agent-execution/${t.id}/events`);
    expect([403, 404]).toContain(wrongOrg.status);
  });
});

import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  sampleActivityThread,
  sampleCreateRequest,
  sampleErrorBodies,
  sampleMetricsReport,
  samplePushEvents,
  sampleSseStream,
  sampleTask,
  sampleTaskList,
  sampleUpdateRequest,
} from './fixtures/xpander-samples.ts';
import {
  activityThreadSchema,
  agentsListItemSchema,
  classifyActivityItem,
  createTaskRequestSchema,
  describeIssues,
  errorBodySchema,
  formatIssues,
  metricsReportSchema,
  parseTaskEvent,
  reportTaskRequestSchema,
  taskEventEnvelopeSchema,
  taskSchema,
  tasksListItemSchema,
  updateTaskRequestSchema,
  userSchema,
} from './index.ts';

/** The issue text for a failing parse, `path: message`, as ApiError shows it. */
function failure(schema: z.ZodType, value: unknown): string {
  const result = schema.safeParse(value);
  expect(result.success).toBe(false);
  return result.error ? formatIssues(describeIssues(result.error)) : '';
}

const clone = <T>(v: T): T => structuredClone(v);

describe('§13 sample payloads parse', () => {
  it('13.1 list items', () => {
    for (const item of sampleTaskList) expect(tasksListItemSchema.parse(item)).toEqual(item);
  });

  it('13.2 task keeps every field and value', () => {
    const task = taskSchema.parse(sampleTask);
    expect(task).toEqual(sampleTask);
    expect(task.deep_planning?.tasks).toHaveLength(3);
    expect(task.input.user?.email).toBe('dana@example.com');
  });

  it('13.3 create and update requests', () => {
    expect(createTaskRequestSchema.parse(sampleCreateRequest)).toEqual(sampleCreateRequest);
    expect(updateTaskRequestSchema.parse(sampleUpdateRequest)).toEqual(sampleUpdateRequest);
  });

  it('13.4 activity thread, every item classified to its kind', () => {
    const thread = activityThreadSchema.parse(sampleActivityThread);
    expect(thread.messages.map((m) => classifyActivityItem(m).kind)).toEqual([
      'message',
      'reasoning',
      'auth',
      'auth',
      'tool_call',
      'sub_agent_trigger',
      'reasoning',
      'tool_call',
      'message',
    ]);
  });

  it('13.5 every SSE frame is a known event', () => {
    const frames = sampleSseStream
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice('data: '.length));
    expect(frames).toHaveLength(10);
    const events = frames.map((f) => parseTaskEvent(f));
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
  });

  it('13.6 push events and metrics report', () => {
    for (const e of samplePushEvents) expect(taskEventEnvelopeSchema.parse(e)).toEqual(e);
    expect(parseTaskEvent(samplePushEvents[0]).type).toBe('auth_event');
    expect(metricsReportSchema.parse(sampleMetricsReport)).toEqual(sampleMetricsReport);
  });

  it('13.7 error bodies', () => {
    for (const body of Object.values(sampleErrorBodies)) {
      expect(errorBodySchema.parse(body)).toEqual(body);
    }
    const fastApi422 = { detail: [{ loc: ['body', 'status'], msg: 'bad', type: 'enum' }] };
    expect(errorBodySchema.parse(fastApi422)).toEqual(fastApi422);
  });
});

describe('leniency', () => {
  it('unknown keys pass through and optional nulls are accepted', () => {
    const task = taskSchema.parse({
      ...sampleTask,
      brand_new_field: { x: 1 },
      status: null,
      tokens: null,
      deep_planning: null,
      llm_reasoning_effort: 'ultra',
      used_mutating_tools: true,
    });
    expect(task['brand_new_field']).toEqual({ x: 1 });
    expect(task.status).toBeNull();
  });

  it('a minimal task (only required keys) parses', () => {
    const minimal = {
      id: 't1',
      agent_id: 'a1',
      organization_id: 'o1',
      input: {},
      created_at: '2026-03-02T09:14:05Z',
    };
    expect(taskSchema.parse(minimal)).toEqual(minimal);
  });

  it('report request accepts the SDK shape', () => {
    const body = { input: 'x', tokens: { prompt_tokens: 1 }, is_success: true, used_tools: [] };
    expect(reportTaskRequestSchema.parse(body)).toEqual(body);
  });

  it('update accepts tool_call_payload_extension and the legacy tuple-default keys', () => {
    const body = { tool_call_payload_extension: { a: 1 }, title: [null], mcp_servers: [[]] };
    expect(updateTaskRequestSchema.parse(body)).toEqual(body);
  });
});

describe('broken payloads are rejected naming the field', () => {
  it.each<[string, (t: Record<string, unknown>) => void, RegExp]>([
    ['missing id', (t) => delete t['id'], /^id: /],
    ['missing created_at', (t) => delete t['created_at'], /created_at: /],
    ['input not an object', (t) => (t['input'] = 'text'), /input: /],
    [
      'user without email',
      (t) => delete (t['input'] as { user: Record<string, unknown> }).user['email'],
      /input\.user\.email: /,
    ],
    ['bad status', (t) => (t['status'] = 'running'), /status: /],
    ['bad started_at', (t) => (t['started_at'] = 'soon'), /started_at: .*ISO-8601/],
    [
      'plan step without title',
      (t) => delete (t['deep_planning'] as { tasks: Record<string, unknown>[] }).tasks[1]!['title'],
      /deep_planning\.tasks\[1\]\.title: /,
    ],
  ])('task: %s', (_name, breakIt, pattern) => {
    const task = clone(sampleTask) as unknown as Record<string, unknown>;
    breakIt(task);
    expect(failure(taskSchema, task)).toMatch(pattern);
  });

  it('list item: null status is not allowed', () => {
    expect(failure(tasksListItemSchema, { ...sampleTaskList[0], status: null })).toMatch(
      /^status: /,
    );
  });

  it('agent: bad status and missing instructions.general', () => {
    const agent = {
      id: 'a1',
      name: 'Finance',
      icon: '💰',
      instructions: { role: [], goal: [] },
      status: 'RUNNING',
      organization_id: 'o1',
      created_at: '2026-03-02T09:14:05Z',
    };
    const text = failure(agentsListItemSchema, agent);
    expect(text).toMatch(/instructions\.general: /);
    expect(text).toMatch(/status: /);
  });

  it('thread: messages must be an array and user needs email', () => {
    expect(failure(activityThreadSchema, { ...sampleActivityThread, messages: {} })).toMatch(
      /^messages: /,
    );
    expect(failure(userSchema, { id: 'u' })).toMatch(/^email: /);
  });

  it('metrics: result key is required even though it may be null', () => {
    const { result: _r, ...rest } = sampleMetricsReport;
    expect(failure(metricsReportSchema, rest)).toMatch(/^result: /);
    expect(metricsReportSchema.safeParse({ ...rest, result: null }).success).toBe(true);
  });

  it('create: input is required', () => {
    const { input: _i, ...rest } = sampleCreateRequest;
    expect(failure(createTaskRequestSchema, rest)).toMatch(/^input: /);
  });

  it('update: status must be a known value', () => {
    expect(failure(updateTaskRequestSchema, { status: 'Pending' })).toMatch(/^status: /);
  });
});

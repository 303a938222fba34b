import { describe, expect, it } from 'vitest';
import { sampleTask } from './fixtures/xpander-samples.ts';
import {
  parseTaskEvent,
  TASK_EVENT_TYPES,
  taskEventEnvelopeSchema,
  type TaskEvent,
} from './index.ts';

const envelope = {
  task_id: 'c5f3a1d2-7e41-4b0a-9f3e-0a7d21c4e911',
  organization_id: '2e7d9c10-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
  time: '2026-03-02T09:14:20.000000+00:00',
};
const toolCall = {
  request_id: 'req-77',
  operation_id: 'op-ledger-query',
  tool_call_id: 'call_9f2',
  tool_name: 'ledger_query',
  payload: { body_params: { status: 'unpaid' } },
};

const validData: Record<(typeof TASK_EVENT_TYPES)[number], unknown> = {
  task_created: sampleTask,
  task_updated: { ...sampleTask, status: 'paused' },
  task_finished: { ...sampleTask, status: 'completed' },
  chunk: 'Found 3 ',
  auth_event: { type: 'token_ready', data: { access_token: 'REDACTED' } },
  tool_call_request: toolCall,
  tool_call_result: { ...toolCall, result: { rows: 3 }, is_error: false },
  sub_agent_trigger: { agent_id: 'a2', query: 'extract', reasoning: {} },
  think: { title: 'Plan', thought: 'First…', confidence: 0.85 },
  analyze: { title: 'Check', result: 'ok', analysis: 'sums match', confidence: 0.9 },
  plan_updated: { enabled: true, tasks: [{ id: 'p1', title: 'Load', completed: true }] },
  task_compactization: {
    type: 'summarization',
    data: { new_task_prompt: 'go on', task_context: 'ctx' },
  },
};

const badData: Record<(typeof TASK_EVENT_TYPES)[number], [unknown, RegExp]> = {
  task_created: [{ ...sampleTask, input: undefined }, /data\.input/],
  task_updated: [{ ...sampleTask, status: 'running' }, /data\.status/],
  task_finished: [null, /^data: /],
  chunk: [{ text: 'x' }, /^data: /],
  auth_event: [{ type: 'login_required', data: {} }, /data\.data/],
  tool_call_request: [{ ...toolCall, request_id: undefined }, /data\.request_id/],
  tool_call_result: [{ ...toolCall, is_error: 'yes' }, /data\.is_error/],
  sub_agent_trigger: ['spawned', /^data: /],
  think: [{ title: 'Plan', confidence: 'high' }, /data\.confidence/],
  analyze: [[1, 2], /^data: /],
  plan_updated: [{ tasks: [{ id: 'p1' }] }, /data\.tasks\[0\]\.title/],
  task_compactization: [{ type: 'retry', data: {} }, /data\.data\.is_retry/],
};

describe('parseTaskEvent', () => {
  it.each(TASK_EVENT_TYPES)('%s: typed data from an object and from its JSON text', (type) => {
    const wire = { type, ...envelope, data: validData[type] };
    for (const input of [wire, JSON.stringify(wire)]) {
      const event = parseTaskEvent(input);
      expect(event.type).toBe(type);
      if (event.type === 'unknown') return;
      expect(event).toEqual({ type, ...envelope, data: validData[type] });
    }
  });

  it.each(TASK_EVENT_TYPES)(
    '%s with data of the wrong shape is unknown, naming the field',
    (type) => {
      const [data, field] = badData[type];
      const event = parseTaskEvent({ type, ...envelope, data });
      expect(event).toMatchObject({ type: 'unknown', rawType: type });
      if (event.type === 'unknown') expect(event.reason).toMatch(field);
    },
  );

  it('narrows data by type', () => {
    const event: TaskEvent = parseTaskEvent({ type: 'retry', ...envelope, data: null });
    expect(event.type).toBe('unknown');
    const compact = parseTaskEvent({
      type: 'task_compactization',
      ...envelope,
      data: { type: 'retry', data: { is_retry: true } },
    });
    if (compact.type !== 'task_compactization') throw new Error('expected compactization');
    expect(compact.data.type).toBe('retry');
    const finished = parseTaskEvent({
      type: 'task_finished',
      ...envelope,
      data: validData.task_finished,
    });
    if (finished.type !== 'task_finished') throw new Error('expected task_finished');
    expect(finished.data.status).toBe('completed');
  });

  it('keeps an unrecognised type with its raw value', () => {
    const raw = { type: 'task_heartbeat_v2', ...envelope, data: { beat: 1 } };
    const event = parseTaskEvent(raw);
    expect(event).toMatchObject({ type: 'unknown', rawType: 'task_heartbeat_v2', raw });
    if (event.type === 'unknown') expect(event.reason).toMatch(/^type: /);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['not JSON', '{"type":"chunk",', '', /not JSON/],
    ['empty text', '', '', /not JSON/],
    ['a JSON array', '[]', '', /expected object/],
    ['null', null, '', /expected object/],
    ['a number', 42, '', /expected object/],
    [
      'no task_id',
      { type: 'chunk', organization_id: 'o', time: envelope.time, data: 'x' },
      'chunk',
      /task_id/,
    ],
    [
      'a bad time',
      { type: 'chunk', ...envelope, time: 'later', data: 'x' },
      'chunk',
      /time: .*ISO/,
    ],
    ['no data key', { type: 'chunk', ...envelope }, 'chunk', /^data: /],
    ['a non-string type', { type: 7, ...envelope, data: 'x' }, '', /type/],
  ])('malformed (%s) is unknown and never throws', (_name, raw, rawType, reason) => {
    const event = parseTaskEvent(raw);
    expect(event).toMatchObject({ type: 'unknown', rawType });
    if (event.type === 'unknown') expect(event.reason).toMatch(reason);
  });

  it('accepts null data where the type allows the key but checks it against the type', () => {
    expect(
      taskEventEnvelopeSchema.safeParse({ type: 'chunk', ...envelope, data: null }).success,
    ).toBe(true);
    expect(parseTaskEvent({ type: 'chunk', ...envelope, data: null }).type).toBe('unknown');
  });

  it('envelope schema is strict about the type, for the platform', () => {
    expect(
      taskEventEnvelopeSchema.safeParse({ type: 'other', ...envelope, data: null }).success,
    ).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { parseTaskEvent, type TaskEvent } from '@/contract';
import {
  createLiveState,
  eventKey,
  foldTaskEvent,
  foldTaskEvents,
  type LiveState,
} from './fold-task-event';

const TASK_ID = 'c5f3a1d2-7e41-4b0a-9f3e-0a7d21c4e911';
const ORG = '2e7d9c10-4a5b-4c6d-8e9f-0a1b2c3d4e5f';

function at(second: number): string {
  return `2026-03-02T09:14:${String(second).padStart(2, '0')}.000000Z`;
}

function task(status: string, extra: Record<string, unknown> = {}) {
  return {
    id: TASK_ID,
    agent_id: 'agent-1',
    organization_id: ORG,
    input: { text: 'Find overdue invoices', files: [], user: null },
    status,
    created_at: at(5),
    events_streaming: true,
    ...extra,
  };
}

// Built through the contract parser, so a wrong fixture fails here instead of passing as unknown.
function ev(type: string, second: number, data: unknown): TaskEvent {
  const parsed = parseTaskEvent({
    type,
    task_id: TASK_ID,
    organization_id: ORG,
    time: at(second),
    data,
  });
  if (parsed.type === 'unknown' && type !== 'mystery')
    throw new Error(`bad fixture ${type}: ${parsed.reason}`);
  return parsed;
}

function fold(events: TaskEvent[], state: LiveState = createLiveState()): LiveState {
  return events.reduce(foldTaskEvent, state);
}

const request = (second: number, id: string, extra: Record<string, unknown> = {}) =>
  ev('tool_call_request', second, {
    request_id: `req-${id}`,
    operation_id: 'op-ledger',
    tool_call_id: `call-${id}`,
    tool_name: 'ledger_query',
    payload: { status: 'unpaid' },
    ...extra,
  });
const result = (second: number, id: string, extra: Record<string, unknown> = {}) =>
  ev('tool_call_result', second, {
    request_id: `req-${id}`,
    operation_id: 'op-ledger',
    tool_call_id: `call-${id}`,
    tool_name: 'ledger_query',
    payload: { status: 'unpaid' },
    result: { rows: 3 },
    is_error: false,
    ...extra,
  });

const FULL_STREAM: TaskEvent[] = [
  ev('task_created', 5, task('pending')),
  ev('task_updated', 6, task('executing', { started_at: at(6) })),
  ev('think', 7, { title: 'Plan', thought: 'Load the ledger', confidence: 0.85 }),
  ev('auth_event', 8, {
    type: 'login_required',
    data: { url: 'https://a.example/x', server_url: 'https://s', server_name: 'Slack' },
  }),
  request(20, '1'),
  result(21, '1'),
  ev('sub_agent_trigger', 22, { agent_id: 'agent-2', query: 'Extract numbers' }),
  ev('analyze', 23, {
    title: 'Check totals',
    result: '3 invoices',
    analysis: 'ok',
    confidence: 0.9,
  }),
  ev('plan_updated', 24, {
    enabled: true,
    tasks: [{ id: 'p1', title: 'Load ledger', completed: true }],
  }),
  ev('task_compactization', 25, { type: 'retry', data: { is_retry: true } }),
  ev('chunk', 40, 'Found 3 overdue invoices '),
  ev('chunk', 41, 'totalling $12,480.'),
  ev(
    'task_finished',
    42,
    task('completed', { started_at: at(6), finished_at: at(42), result: 'Found 3.' }),
  ),
];

describe('foldTaskEvent', () => {
  it('folds every event type of a full stream', () => {
    const state = fold(FULL_STREAM);
    expect(state.events.map((e) => e.event.type)).toEqual(FULL_STREAM.map((e) => e.type));
    expect(state.task?.status).toBe('completed');
    expect(state.task?.result).toBe('Found 3.');
    expect(state.finished).toBe(true);
    expect(state.outputText).toBe('Found 3 overdue invoices totalling $12,480.');
    expect(state.toolCallOrder).toEqual(['call-1']);
    expect(state.unknownCount).toBe(0);
    expect(new Set(state.events.map((e) => e.seq)).size).toBe(FULL_STREAM.length);
  });

  it('replaces the task record on task_* events and ignores an older one arriving late', () => {
    let state = fold([
      ev('task_created', 5, task('pending')),
      ev('task_updated', 9, task('executing')),
    ]);
    expect(state.task?.status).toBe('executing');
    state = foldTaskEvent(state, ev('task_updated', 7, task('paused')));
    expect(state.task?.status).toBe('executing');
    state = foldTaskEvent(state, ev('task_finished', 12, task('failed')));
    state = foldTaskEvent(state, ev('task_updated', 13, task('executing')));
    // After task_finished nothing but another task_finished may change the record.
    expect(state.task?.status).toBe('failed');
  });

  it('applies plan_updated to the current task record', () => {
    const state = fold([
      ev('task_updated', 6, task('executing')),
      ev('plan_updated', 7, {
        enabled: true,
        tasks: [{ id: 'p1', title: 'Step one', completed: false }],
      }),
    ]);
    expect(state.task?.deep_planning?.tasks?.[0]?.title).toBe('Step one');
  });

  it('is a no-op for a replayed event: the same state object comes back', () => {
    const state = fold(FULL_STREAM);
    for (const event of FULL_STREAM) expect(foldTaskEvent(state, event)).toBe(state);
    expect(foldTaskEvents(state, FULL_STREAM)).toBe(state);
  });

  it('dedupes a full replay after a drop: nothing lost, nothing twice', () => {
    const firstConnection = FULL_STREAM.slice(0, 6);
    const replayFromStart = FULL_STREAM;
    const state = fold(replayFromStart, fold(firstConnection));
    const once = fold(FULL_STREAM);
    expect(state.events.map((e) => e.event)).toEqual(once.events.map((e) => e.event));
    expect(state.outputText).toBe(once.outputText);
    expect(state.toolCalls).toEqual(once.toolCalls);
  });

  it('keeps two different events that share a type and time', () => {
    const state = fold([ev('chunk', 40, 'a'), ev('chunk', 40, 'b')]);
    expect(state.outputText).toBe('ab');
    expect(eventKey(ev('chunk', 40, 'a'))).not.toBe(eventKey(ev('chunk', 40, 'b')));
  });

  it('orders chunks that arrive out of time order', () => {
    const state = fold([
      ev('chunk', 43, 'three'),
      ev('chunk', 41, 'one '),
      ev('chunk', 42, 'two '),
      ev('chunk', 44, '!'),
    ]);
    expect(state.outputText).toBe('one two three!');
    // A replay of an out-of-order chunk is still dropped.
    expect(foldTaskEvent(state, ev('chunk', 41, 'one '))).toBe(state);
  });

  it('counts unknown events and keeps them raw in the list', () => {
    const state = fold([
      ev('chunk', 40, 'hi'),
      parseTaskEvent({
        type: 'brand_new_type',
        task_id: TASK_ID,
        organization_id: ORG,
        time: at(41),
        data: { x: 1 },
      }),
      parseTaskEvent('not json at all'),
    ]);
    expect(state.unknownCount).toBe(2);
    const unknown = state.events[1]?.event;
    expect(unknown?.type).toBe('unknown');
    expect(unknown?.type === 'unknown' && unknown.rawType).toBe('brand_new_type');
    // A replayed unknown frame is not counted twice.
    expect(foldTaskEvent(state, state.events[1]!.event).unknownCount).toBe(2);
  });

  it('pairs tool calls by tool_call_id, falling back to request_id', () => {
    const state = fold([
      request(20, '1'),
      request(21, '2', { tool_call_id: null, tool_name: 'slack_post' }),
      result(22, '2', {
        tool_call_id: null,
        tool_name: 'slack_post',
        result: 'channel_not_found',
        is_error: true,
      }),
      result(23, '1'),
    ]);
    expect(state.toolCallOrder).toEqual(['call-1', 'req-2']);
    const first = state.toolCalls.get('call-1');
    expect(first).toMatchObject({
      toolName: 'ledger_query',
      hasResult: true,
      result: { rows: 3 },
      isError: false,
      requestedAt: at(20),
      finishedAt: at(23),
    });
    const second = state.toolCalls.get('req-2');
    expect(second).toMatchObject({
      toolName: 'slack_post',
      hasResult: true,
      result: 'channel_not_found',
      isError: true,
    });
  });

  it('pairs a result that arrives before its request', () => {
    const state = fold([result(22, '9'), request(21, '9')]);
    expect(state.toolCallOrder).toEqual(['call-9']);
    expect(state.toolCalls.get('call-9')).toMatchObject({
      hasResult: true,
      requestedAt: at(21),
      finishedAt: at(22),
    });
  });

  it('leaves the input state untouched (pure)', () => {
    const before = fold(FULL_STREAM.slice(0, 3));
    const snapshot = {
      events: before.events.length,
      seen: before.seen.size,
      text: before.outputText,
    };
    fold(FULL_STREAM.slice(3), before);
    expect({
      events: before.events.length,
      seen: before.seen.size,
      text: before.outputText,
    }).toEqual(snapshot);
  });
});

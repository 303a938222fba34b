import { describe, expect, it } from 'vitest';
import { sampleActivityThread } from './fixtures/xpander-samples.ts';
import {
  activityAuthSchema,
  activityMessageSchema,
  activityReasoningSchema,
  activitySubAgentTriggerSchema,
  activityToolCallSchema,
  classifyActivityItem,
} from './index.ts';

const at = '2026-03-02T09:14:05.200000Z';
const items = sampleActivityThread.messages;

describe('classifyActivityItem', () => {
  it('types each kind with its fields', () => {
    const message = classifyActivityItem(items[0]);
    expect(message.kind).toBe('message');
    if (message.kind === 'message') expect(message.item.role).toBe('user');

    const tool = classifyActivityItem(items[7]);
    expect(tool).toMatchObject({ kind: 'tool_call', id: 't-002' });
    if (tool.kind === 'tool_call') {
      expect(tool.item.is_error).toBe(true);
      expect(tool.item.result).toBe('channel_not_found');
    }

    const reasoning = classifyActivityItem(items[6]);
    expect(reasoning.kind).toBe('reasoning');
    if (reasoning.kind === 'reasoning') expect(reasoning.item.type).toBe('analyze');

    const auth = classifyActivityItem(items[2]);
    expect(auth).toMatchObject({ kind: 'auth', createdAt: '2026-03-02T09:14:08.020000Z' });
    if (auth.kind === 'auth') expect(auth.item.data).toHaveProperty('server_name', 'Slack');

    const sub = classifyActivityItem(items[5]);
    expect(sub.kind).toBe('sub_agent_trigger');
    if (sub.kind === 'sub_agent_trigger') expect(sub.item.query).toMatch(/invoice numbers/);
  });

  it('follows the §6.8 order when several keys are present', () => {
    // role wins over tool_name; tool_name over type; an auth `type` over agent_id.
    const both = { id: 'x', created_at: at, role: 'agent', content: {}, tool_name: 'search' };
    expect(classifyActivityItem(both).kind).toBe('message');
    const toolAndThink = {
      id: 'x',
      created_at: at,
      tool_name: 'search',
      payload: null,
      type: 'think',
    };
    expect(classifyActivityItem(toolAndThink).kind).toBe('tool_call');
    const authWithAgent = {
      id: 'x',
      created_at: at,
      type: 'token_issue',
      data: { message: 'expired' },
      agent_id: 'a1',
      reasoning: {},
    };
    expect(classifyActivityItem(authWithAgent).kind).toBe('auth');
  });

  it('accepts a tool call whose payload is null but not one without the key', () => {
    const ok = { id: 't', created_at: at, tool_name: 'x', payload: null };
    expect(classifyActivityItem(ok).kind).toBe('tool_call');
    const missing = classifyActivityItem({ id: 't', created_at: at, tool_name: 'x' });
    expect(missing).toMatchObject({ kind: 'unknown', id: 't' });
    if (missing.kind === 'unknown') expect(missing.reason).toMatch(/tool_call.*payload/);
  });

  it.each<[string, unknown, RegExp]>([
    ['a string', 'hello', /not an object/],
    ['null', null, /not an object/],
    ['an array', [1, 2], /not an object/],
    ['no distinguishing key', { id: 'z', created_at: at, text: 'hi' }, /no distinguishing key/],
    ['an unknown type', { id: 'z', created_at: at, type: 'vote', data: {} }, /no distinguishing/],
    [
      'a message with a bad role',
      { id: 'm', created_at: at, role: 'assistant', content: {} },
      /message but role/,
    ],
    [
      'reasoning without confidence',
      { id: 'r', created_at: at, type: 'think', title: 't' },
      /reasoning but confidence/,
    ],
    [
      'sub-agent without reasoning',
      { id: 's', created_at: at, agent_id: 'a' },
      /sub_agent_trigger but reasoning/,
    ],
    [
      'auth with an empty data',
      { id: 'a', created_at: at, type: 'login_required', data: {} },
      /auth but data/,
    ],
    ['a bad created_at', { id: 'm', created_at: 'now', role: 'user', content: {} }, /created_at/],
  ])('keeps %s as unknown with its raw value and the reason', (_name, raw, reason) => {
    const item = classifyActivityItem(raw);
    expect(item.kind).toBe('unknown');
    if (item.kind !== 'unknown') return;
    expect(item.raw).toBe(raw);
    expect(item.reason).toMatch(reason);
  });

  it('keeps the id of an unknown item for row keys', () => {
    expect(classifyActivityItem({ id: 'z', created_at: at })).toMatchObject({
      id: 'z',
      createdAt: at,
    });
  });
});

describe('strict activity schemas (for what the platform writes)', () => {
  it('accept every §13.4 item of their kind', () => {
    expect(activityMessageSchema.safeParse(items[0]).success).toBe(true);
    expect(activityReasoningSchema.safeParse(items[1]).success).toBe(true);
    expect(activityAuthSchema.safeParse(items[2]).success).toBe(true);
    expect(activityAuthSchema.safeParse(items[3]).success).toBe(true);
    expect(activityToolCallSchema.safeParse(items[4]).success).toBe(true);
    expect(activitySubAgentTriggerSchema.safeParse(items[5]).success).toBe(true);
  });

  it('reject items of another kind', () => {
    expect(activityMessageSchema.safeParse(items[4]).success).toBe(false);
    expect(activityToolCallSchema.safeParse(items[0]).success).toBe(false);
    expect(activityAuthSchema.safeParse(items[1]).success).toBe(false);
  });
});

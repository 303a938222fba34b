import { z } from 'zod';
import { MCP_OAUTH_TYPES } from './enums.ts';
import { describeIssues, formatIssues } from './issues.ts';
import { mcpOAuthDataSchema, toolCallReasoningSchema } from './mcp-oauth.ts';
import { userSchema } from './task.ts';
import { timestampSchema } from './timestamp.ts';

/**
 * The activity log (`AgentActivityThread`). `messages` stay raw: the union has no tag on the
 * wire, threads can hold 10,000 items, and one odd item must not fail the thread. Classify
 * each item with `classifyActivityItem` where it is rendered.
 */
export const activityThreadSchema = z.looseObject({
  id: z.string(),
  created_at: timestampSchema,
  messages: z.array(z.unknown()),
  user: userSchema.nullish(),
});
export type ActivityThread = z.infer<typeof activityThreadSchema>;

const base = { id: z.string(), created_at: timestampSchema };

export const activityMessageSchema = z.looseObject({
  ...base,
  // Assistant turns are `agent`, not `assistant`.
  role: z.enum(['user', 'agent']),
  content: z.looseObject({
    text: z.string().nullish(),
    files: z.array(z.string()).nullish(),
  }),
});
export type ActivityMessage = z.infer<typeof activityMessageSchema>;

export const activityToolCallSchema = z.looseObject({
  ...base,
  tool_name: z.string(),
  // zod 4 makes a bare z.unknown() key required, as the SDK does for `payload` (null is fine).
  payload: z.unknown(),
  result: z.unknown().optional(),
  is_error: z.boolean().nullish(),
  reasoning: toolCallReasoningSchema.nullish(),
});
export type ActivityToolCall = z.infer<typeof activityToolCallSchema>;

export const activityReasoningSchema = z.looseObject({
  ...base,
  type: z.enum(['think', 'analyze']),
  title: z.string(),
  confidence: z.number(),
  thought: z.string().nullish(),
  action: z.string().nullish(),
  result: z.string().nullish(),
  analysis: z.string().nullish(),
  next_action: z.string().nullish(),
});
export type ActivityReasoning = z.infer<typeof activityReasoningSchema>;

export const activitySubAgentTriggerSchema = z.looseObject({
  ...base,
  agent_id: z.string(),
  query: z.string().nullish(),
  files: z.array(z.string()).nullish(),
  // Required key, may be `{}`.
  reasoning: toolCallReasoningSchema,
});
export type ActivitySubAgentTrigger = z.infer<typeof activitySubAgentTriggerSchema>;

export const activityAuthSchema = z.looseObject({
  ...base,
  type: z.enum(MCP_OAUTH_TYPES),
  data: mcpOAuthDataSchema,
});
export type ActivityAuth = z.infer<typeof activityAuthSchema>;

export type ActivityKind =
  'message' | 'tool_call' | 'reasoning' | 'sub_agent_trigger' | 'auth' | 'unknown';

interface Classified<K extends ActivityKind, T> {
  kind: K;
  id: string;
  createdAt: string;
  item: T;
}

export type ActivityItem =
  | Classified<'message', ActivityMessage>
  | Classified<'tool_call', ActivityToolCall>
  | Classified<'reasoning', ActivityReasoning>
  | Classified<'sub_agent_trigger', ActivitySubAgentTrigger>
  | Classified<'auth', ActivityAuth>
  | {
      kind: 'unknown';
      /** The item's `id` when it had a string one, for row keys. */
      id: string | null;
      createdAt: string | null;
      raw: unknown;
      /** Why it is unknown: no distinguishing key, or which field failed its shape. */
      reason: string;
    };

const AUTH_TYPES: ReadonlySet<unknown> = new Set(MCP_OAUTH_TYPES);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type KnownKind = Exclude<ActivityKind, 'unknown'>;

// The order of the API doc §6.8: the first distinguishing key wins.
function pickKind(item: Record<string, unknown>): KnownKind | null {
  if ('role' in item) return 'message';
  if ('tool_name' in item) return 'tool_call';
  const type = item['type'];
  if (type === 'think' || type === 'analyze') return 'reasoning';
  if (AUTH_TYPES.has(type)) return 'auth';
  if ('agent_id' in item) return 'sub_agent_trigger';
  return null;
}

const schemas = {
  message: activityMessageSchema,
  tool_call: activityToolCallSchema,
  reasoning: activityReasoningSchema,
  sub_agent_trigger: activitySubAgentTriggerSchema,
  auth: activityAuthSchema,
} as const;

/**
 * Classifies one raw `messages` entry by shape. Never throws: an item whose kind is picked
 * but whose fields do not fit that kind, or that has no distinguishing key, is `unknown`
 * with its raw value kept for a JSON view.
 */
export function classifyActivityItem(raw: unknown): ActivityItem {
  const id = isRecord(raw) && typeof raw['id'] === 'string' ? raw['id'] : null;
  const createdAt =
    isRecord(raw) && typeof raw['created_at'] === 'string' ? raw['created_at'] : null;
  if (!isRecord(raw)) {
    return { kind: 'unknown', id, createdAt, raw, reason: 'not an object' };
  }
  const kind = pickKind(raw);
  if (kind === null) {
    return { kind: 'unknown', id, createdAt, raw, reason: 'no distinguishing key' };
  }
  const parsed = schemas[kind].safeParse(raw);
  if (!parsed.success) {
    const reason = `looks like ${kind} but ${formatIssues(describeIssues(parsed.error))}`;
    return { kind: 'unknown', id, createdAt, raw, reason };
  }
  const data = parsed.data;
  // The switch re-pairs kind and data, which TS cannot correlate through the lookup table.
  switch (kind) {
    case 'message':
      return { kind, id: data.id, createdAt: data.created_at, item: data as ActivityMessage };
    case 'tool_call':
      return { kind, id: data.id, createdAt: data.created_at, item: data as ActivityToolCall };
    case 'reasoning':
      return { kind, id: data.id, createdAt: data.created_at, item: data as ActivityReasoning };
    case 'sub_agent_trigger':
      return {
        kind,
        id: data.id,
        createdAt: data.created_at,
        item: data as ActivitySubAgentTrigger,
      };
    case 'auth':
      return { kind, id: data.id, createdAt: data.created_at, item: data as ActivityAuth };
  }
}

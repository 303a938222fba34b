import { z } from 'zod';
import { describeIssues, formatIssues } from './issues.ts';
import { mcpOAuthResponseSchema, toolCallReasoningSchema } from './mcp-oauth.ts';
import { deepPlanningSchema, taskSchema } from './task.ts';
import { timestampSchema } from './timestamp.ts';

/** The twelve `TaskUpdateEventType` values. The SDK crashes on any other. */
export const TASK_EVENT_TYPES = [
  'task_created',
  'task_updated',
  'task_finished',
  'chunk',
  'auth_event',
  'tool_call_request',
  'tool_call_result',
  'sub_agent_trigger',
  'think',
  'analyze',
  'plan_updated',
  'task_compactization',
] as const;
export const taskEventTypeSchema = z.enum(TASK_EVENT_TYPES);
export type TaskEventType = z.infer<typeof taskEventTypeSchema>;

/** The wire envelope with a strict `type`; `data` is required as a key and may be null. */
export const taskEventEnvelopeSchema = z.looseObject({
  type: taskEventTypeSchema,
  task_id: z.string(),
  organization_id: z.string(),
  time: timestampSchema,
  // A bare z.unknown() key is required in zod 4: present, possibly null.
  data: z.unknown(),
});
export type TaskEventEnvelope = z.infer<typeof taskEventEnvelopeSchema>;

export const toolCallRequestSchema = z.looseObject({
  request_id: z.string(),
  operation_id: z.string(),
  tool_call_id: z.string().nullish(),
  graph_node_id: z.string().nullish(),
  tool_name: z.string().nullish(),
  payload: z.unknown().optional(),
  reasoning: toolCallReasoningSchema.nullish(),
});
export type ToolCallRequest = z.infer<typeof toolCallRequestSchema>;

/** Pair with its request by `tool_call_id`, falling back to `request_id`. */
export const toolCallResultSchema = toolCallRequestSchema.extend({
  result: z.unknown().optional(),
  is_error: z.boolean().nullish(),
});
export type ToolCallResult = z.infer<typeof toolCallResultSchema>;

export const taskCompactizationEventSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('retry'),
    data: z.looseObject({ is_retry: z.boolean() }),
  }),
  z.looseObject({
    type: z.literal('summarization'),
    data: z.looseObject({ new_task_prompt: z.string(), task_context: z.string() }),
  }),
]);
export type TaskCompactizationEvent = z.infer<typeof taskCompactizationEventSchema>;

// think / analyze / sub_agent_trigger payloads are inferred (API doc §6.6): every field is
// optional and the UI renders them generically (title plus the remaining string fields).
export const thinkEventDataSchema = z.looseObject({
  title: z.string().nullish(),
  thought: z.string().nullish(),
  action: z.string().nullish(),
  confidence: z.number().nullish(),
});
export type ThinkEventData = z.infer<typeof thinkEventDataSchema>;

export const analyzeEventDataSchema = z.looseObject({
  title: z.string().nullish(),
  result: z.string().nullish(),
  analysis: z.string().nullish(),
  next_action: z.string().nullish(),
  confidence: z.number().nullish(),
});
export type AnalyzeEventData = z.infer<typeof analyzeEventDataSchema>;

export const subAgentTriggerEventDataSchema = z.looseObject({
  agent_id: z.string().nullish(),
  query: z.string().nullish(),
  files: z.array(z.string()).nullish(),
  reasoning: toolCallReasoningSchema.nullish(),
});
export type SubAgentTriggerEventData = z.infer<typeof subAgentTriggerEventDataSchema>;

/** The `data` schema for each event type; the platform can validate what it emits. */
export const TASK_EVENT_DATA_SCHEMAS = {
  task_created: taskSchema,
  task_updated: taskSchema,
  task_finished: taskSchema,
  chunk: z.string(),
  auth_event: mcpOAuthResponseSchema,
  tool_call_request: toolCallRequestSchema,
  tool_call_result: toolCallResultSchema,
  sub_agent_trigger: subAgentTriggerEventDataSchema,
  think: thinkEventDataSchema,
  analyze: analyzeEventDataSchema,
  plan_updated: deepPlanningSchema,
  task_compactization: taskCompactizationEventSchema,
} as const satisfies Record<TaskEventType, z.ZodType>;

export type TaskEventDataMap = {
  [K in TaskEventType]: z.infer<(typeof TASK_EVENT_DATA_SCHEMAS)[K]>;
};

export type KnownTaskEvent = {
  [K in TaskEventType]: {
    type: K;
    task_id: string;
    organization_id: string;
    time: string;
    data: TaskEventDataMap[K];
  };
}[TaskEventType];

export interface UnknownTaskEvent {
  type: 'unknown';
  /** The wire `type` when it was a string, else ''. */
  rawType: string;
  raw: unknown;
  /** What did not match, with the field named. */
  reason: string;
}

export type TaskEvent = KnownTaskEvent | UnknownTaskEvent;

function unknownEvent(raw: unknown, reason: string): UnknownTaskEvent {
  const type =
    typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['type'] : undefined;
  return { type: 'unknown', rawType: typeof type === 'string' ? type : '', raw, reason };
}

/**
 * Parses one event: a JSON string (an SSE `data` field) or an already-parsed value. Never
 * throws: an unrecognised type, a bad envelope or a `data` that does not fit its type comes
 * back as `{type: 'unknown'}` so a stream can skip and count it.
 */
export function parseTaskEvent(raw: unknown): TaskEvent {
  try {
    let value = raw;
    if (typeof raw === 'string') {
      try {
        value = JSON.parse(raw) as unknown;
      } catch {
        return unknownEvent(raw, 'not JSON');
      }
    }
    const envelope = taskEventEnvelopeSchema.safeParse(value);
    if (!envelope.success) {
      return unknownEvent(value, formatIssues(describeIssues(envelope.error)));
    }
    const { type, task_id, organization_id, time } = envelope.data;
    const data = TASK_EVENT_DATA_SCHEMAS[type].safeParse(envelope.data.data);
    if (!data.success) {
      const issues = describeIssues(data.error).map((i) => ({
        path: i.path === '' ? 'data' : i.path.startsWith('[') ? `data${i.path}` : `data.${i.path}`,
        message: i.message,
      }));
      return unknownEvent(value, formatIssues(issues));
    }
    return { type, task_id, organization_id, time, data: data.data } as KnownTaskEvent;
  } catch (error) {
    return unknownEvent(raw, error instanceof Error ? error.message : String(error));
  }
}

import { z } from 'zod';
import { outputFormatSchema, taskStatusSchema, thinkModeSchema } from './enums.ts';
import { mcpServerDetailsSchema, taskInputSchema, tokensSchema } from './task.ts';

const jsonObject = z.record(z.string(), z.unknown());

/**
 * POST /agent-execution/{agent_id}. The SDK sends every key (nulls included); the console
 * sends a subset. Reusing an existing `id` continues that task's thread.
 */
export const createTaskRequestSchema = z.looseObject({
  id: z.string().nullish(),
  input: taskInputSchema,
  payload_extension: jsonObject.nullish(),
  source: z.string().nullish(),
  worker_id: z.string().nullish(),
  output_format: outputFormatSchema.nullish(),
  output_schema: jsonObject.nullish(),
  run_locally: z.boolean().nullish(),
  /** Must be true for the task's SSE stream to be usable. */
  events_streaming: z.boolean().nullish(),
  additional_context: z.string().nullish(),
  instructions_override: z.string().nullish(),
  test_run_node_id: z.string().nullish(),
  user_oidc_token: z.string().nullish(),
  expected_output: z.string().nullish(),
  mcp_servers: z.array(mcpServerDetailsSchema).nullish(),
  triggering_agent_id: z.string().nullish(),
  title: z.string().nullish(),
  think_mode: thinkModeSchema.nullish(),
  disable_attachment_injection: z.boolean().nullish(),
  user_tokens: jsonObject.nullish(),
  return_metrics: z.boolean().nullish(),
});
export type CreateTaskRequest = z.infer<typeof createTaskRequestSchema>;

/**
 * PATCH /agent-execution/{task_id}/update, sparse: only the keys present change; a key
 * present with null clears it. `tool_call_payload_extension` (the SDK's name on update) and
 * `payload_extension` are aliases. Loose, because `Task.asave` sends the whole task here,
 * including the legacy `[null]` / `[[]]` tuple-default values the server must unwrap.
 */
export const updateTaskRequestSchema = z.looseObject({
  tool_call_payload_extension: jsonObject.nullish(),
  payload_extension: jsonObject.nullish(),
  source: z.string().nullish(),
  status: taskStatusSchema.nullish(),
  last_executed_node_id: z.string().nullish(),
  result: z.string().nullish(),
  internal_status: z.string().max(255).nullish(),
});
export type UpdateTaskRequest = z.infer<typeof updateTaskRequestSchema>;

/** POST /agent-execution/{agent_id}/report_task: a finished task run outside the platform. */
export const reportTaskRequestSchema = z.looseObject({
  id: z.string().nullish(),
  input: z.string().nullish(),
  llm_response: z.unknown().optional(),
  tokens: tokensSchema.nullish(),
  is_success: z.boolean().nullish(),
  result: z.string().nullish(),
  duration: z.number().nullish(),
  used_tools: z.array(z.string()).nullish(),
});
export type ReportTaskRequest = z.infer<typeof reportTaskRequestSchema>;

/** POST /agents-metrics/{agent_id}/execution (`ExecutionMetricsReport`). */
export const metricsReportSchema = z.looseObject({
  execution_id: z.string(),
  source: z.string(),
  memory_thread_id: z.string(),
  task: z.string(),
  status: z.string(),
  duration: z.number(),
  ai_model: z.string(),
  // Required key, may be null.
  result: z.string().nullable(),
  sub_executions: z.array(z.string()).nullish(),
  triggered_by: z.string().nullish(),
  skills: z.array(z.string()).nullish(),
  internal_status: z.string().nullish(),
  worker: z.string().nullish(),
  ai_employee_id: z.string().nullish(),
  api_calls_made: z.array(z.unknown()).nullish(),
  llm_tokens: z
    .looseObject({ inner: tokensSchema.nullish(), worker: tokensSchema.nullish() })
    .nullish(),
});
export type MetricsReport = z.infer<typeof metricsReportSchema>;

/**
 * FastAPI-style error body. `detail` is a string, or for 422 a list of
 * `{loc, msg, type}` objects.
 */
export const errorBodySchema = z.looseObject({
  detail: z.union([z.string(), z.array(z.unknown())]),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** A one-line, human text for an error body's `detail`. */
export function errorDetailText(detail: ErrorBody['detail']): string {
  if (typeof detail === 'string') return detail;
  return detail
    .map((d) => {
      if (typeof d === 'object' && d !== null) {
        const rec = d as Record<string, unknown>;
        const loc = Array.isArray(rec['loc']) ? rec['loc'].join('.') : '';
        const msg = typeof rec['msg'] === 'string' ? rec['msg'] : JSON.stringify(d);
        return loc ? `${loc}: ${msg}` : msg;
      }
      return String(d);
    })
    .join('; ');
}

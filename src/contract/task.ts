import { z } from 'zod';
import { outputFormatSchema, taskStatusSchema, thinkModeSchema } from './enums.ts';
import { timestampSchema } from './timestamp.ts';

// Every shape is a loose object: the platform may add keys (the real one already does), and
// the SDK ignores extras. Optional keys are `.nullish()` because Python serialises unset
// fields as null. Enums stay strict where the SDK itself is strict, since a value outside
// them would already break every SDK client.

const jsonObject = z.record(z.string(), z.unknown());

export const userSchema = z.looseObject({
  email: z.string(),
  id: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  additional_attributes: jsonObject.nullish(),
  timezone: z.string().nullish(),
});
export type User = z.infer<typeof userSchema>;

export const taskInputSchema = z.looseObject({
  text: z.string().nullish(),
  files: z.array(z.string()).nullish(),
  user: userSchema.nullish(),
});
export type TaskInput = z.infer<typeof taskInputSchema>;

export const deepPlanningItemSchema = z.looseObject({
  id: z.string(),
  title: z.string(),
  completed: z.boolean().nullish(),
});
export type DeepPlanningItem = z.infer<typeof deepPlanningItemSchema>;

export const deepPlanningSchema = z.looseObject({
  enabled: z.boolean().nullish(),
  enforce: z.boolean().nullish(),
  started: z.boolean().nullish(),
  question_raised: z.boolean().nullish(),
  tasks: z.array(deepPlanningItemSchema).nullish(),
});
export type DeepPlanning = z.infer<typeof deepPlanningSchema>;

/** Carries secrets: never render api_key, client_secret, headers or env_vars. */
export const mcpServerDetailsSchema = z.looseObject({
  type: z.enum(['local', 'remote']).nullish(),
  name: z.string().nullish(),
  command: z.string().nullish(),
  url: z.string().nullish(),
  transport: z.enum(['stdio', 'sse', 'streamable-http']).nullish(),
  auth_type: z.enum(['api_key', 'oauth2', 'custom_headers', 'none']).nullish(),
  api_key: z.string().nullish(),
  use_secrets_manager: z.boolean().nullish(),
  client_id: z.string().nullish(),
  client_secret: z.string().nullish(),
  headers: z.record(z.string(), z.string()).nullish(),
  env_vars: z.record(z.string(), z.string()).nullish(),
  allowed_tools: z.array(z.string()).nullish(),
  additional_scopes: z.array(z.string()).nullish(),
  share_user_token_across_other_agents: z.boolean().nullish(),
});
export type McpServerDetails = z.infer<typeof mcpServerDetailsSchema>;

/** `total_tokens` is computed by senders; read it as informational. */
export const tokensSchema = z.looseObject({
  completion_tokens: z.number().nullish(),
  prompt_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
});
export type Tokens = z.infer<typeof tokensSchema>;

export const hitlRequestSchema = z.looseObject({ wait_node_id: z.string() });
export type HitlRequest = z.infer<typeof hitlRequestSchema>;

export const pendingEcaRequestSchema = z.looseObject({
  connector_name: z.string(),
  auth_url: z.string(),
});
export type PendingEcaRequest = z.infer<typeof pendingEcaRequestSchema>;

/**
 * The full task record (GET …/status, create, update, stop, `task_*` events). Values are kept
 * as sent: an absent `status` is not defaulted here (the SDK reads it as `pending`).
 */
export const taskSchema = z.looseObject({
  id: z.string().min(1),
  agent_id: z.string().min(1),
  organization_id: z.string(),
  input: taskInputSchema,
  created_at: timestampSchema,

  status: taskStatusSchema.nullish(),
  internal_status: z.string().nullish(),
  last_executed_node_id: z.string().nullish(),
  agent_version: z.string().nullish(),
  started_at: timestampSchema.nullish(),
  paused_at: timestampSchema.nullish(),
  finished_at: timestampSchema.nullish(),
  /** JSON text when output_format is `json`. */
  result: z.string().nullish(),

  parent_execution: z.string().nullish(),
  sub_executions: z.array(z.string()).nullish(),
  triggering_agent_id: z.string().nullish(),
  is_manually_stopped: z.boolean().nullish(),
  is_orchestration: z.boolean().nullish(),
  source: z.string().nullish(),
  title: z.string().nullish(),

  payload_extension: jsonObject.nullish(),
  hitl_request: hitlRequestSchema.nullish(),
  pending_eca_request: pendingEcaRequestSchema.nullish(),

  output_format: outputFormatSchema.nullish(),
  output_schema: jsonObject.nullish(),
  voice_id: z.string().nullish(),
  events_streaming: z.boolean().nullish(),
  additional_context: z.string().nullish(),
  instructions_override: z.string().nullish(),
  expected_output: z.string().nullish(),
  test_run_node_id: z.string().nullish(),
  think_mode: thinkModeSchema.nullish(),
  disable_attachment_injection: z.boolean().nullish(),
  return_metrics: z.boolean().nullish(),
  execution_attempts: z.number().nullish(),
  deep_planning: deepPlanningSchema.nullish(),
  mcp_servers: z.array(mcpServerDetailsSchema).nullish(),

  // Secrets: the gateway strips them; never render.
  user_tokens: jsonObject.nullish(),
  user_oidc_token: z.string().nullish(),

  tokens: tokensSchema.nullish(),
  used_tools: z.array(z.string()).nullish(),
  duration: z.number().nullish(),

  // v1 "Agent Execution" extras; the SDK ignores them, so they are lenient here too.
  worker_id: z.string().nullish(),
  finished_sub_executions: z.array(z.string()).nullish(),
  used_mutating_tools: z.boolean().nullish(),
  is_continuous: z.boolean().nullish(),
  llm_model_provider: z.string().nullish(),
  llm_model_name: z.string().nullish(),
  /** One of LLM_REASONING_EFFORTS in practice; any string is accepted. */
  llm_reasoning_effort: z.string().nullish(),
  updated_at: timestampSchema.nullish(),
});
export type Task = z.infer<typeof taskSchema>;

/** A row of the history endpoints. `status` is required and never null (SDK trap §3.3). */
export const tasksListItemSchema = z.looseObject({
  id: z.string().min(1),
  agent_id: z.string().min(1),
  organization_id: z.string(),
  status: taskStatusSchema,
  user_id: z.string().nullish(),
  parent_task_id: z.string().nullish(),
  triggering_agent_id: z.string().nullish(),
  created_at: timestampSchema.nullish(),
  updated_at: timestampSchema.nullish(),
  source_node_type: z.string().nullish(),
  result: z.string().nullish(),
  title: z.string().nullish(),
});
export type TasksListItem = z.infer<typeof tasksListItemSchema>;

import { formatTime } from './time.ts';

export const STATUSES = [
  'pending',
  'executing',
  'paused',
  'error',
  'failed',
  'completed',
  'stopped',
] as const;
export type Status = (typeof STATUSES)[number];
export const TERMINAL: ReadonlySet<string> = new Set(['completed', 'failed', 'error', 'stopped']);
export const isTerminal = (status: string | null | undefined): boolean =>
  status != null && TERMINAL.has(status);

export interface UserRecord {
  email: string;
  id?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  additional_attributes?: Record<string, unknown> | null;
  timezone?: string | null;
}

export interface DeepPlanningRecord {
  enabled: boolean;
  enforce: boolean;
  started: boolean;
  question_raised: boolean;
  tasks: { id: string; title: string; completed: boolean }[];
}

export interface TokensRecord {
  completion_tokens: number;
  prompt_tokens: number;
  total_tokens: number;
}

/** The stored task document: the full wire Task, every key present (SDK tuple-default bug, §5.6). */
export interface TaskRecord {
  id: string;
  agent_id: string;
  organization_id: string;
  input: { text: string; files: string[]; user: UserRecord | null; [k: string]: unknown };
  status: Status;
  internal_status: string | null;
  last_executed_node_id: string | null;
  agent_version: string | null;
  created_at: string;
  started_at: string | null;
  paused_at: string | null;
  finished_at: string | null;
  result: string | null;
  parent_execution: string | null;
  sub_executions: string[];
  is_manually_stopped: boolean;
  payload_extension: Record<string, unknown> | null;
  hitl_request: { wait_node_id: string } | null;
  pending_eca_request: { connector_name: string; auth_url: string } | null;
  source: string | null;
  voice_id: string | null;
  output_format: string | null;
  output_schema: Record<string, unknown> | null;
  events_streaming: boolean;
  is_orchestration: boolean;
  additional_context: string | null;
  instructions_override: string | null;
  test_run_node_id: string | null;
  user_oidc_token: string | null;
  expected_output: string | null;
  mcp_servers: Record<string, unknown>[];
  triggering_agent_id: string | null;
  title: string | null;
  think_mode: string;
  disable_attachment_injection: boolean;
  user_tokens: Record<string, unknown> | null;
  deep_planning: DeepPlanningRecord;
  execution_attempts: number;
  return_metrics: boolean;
  tokens: TokensRecord | null;
  used_tools: string[];
  duration: number;
  /** Extra key (the SDK ignores it); the list has it anyway, and the 409 rule uses it. */
  updated_at: string;
}

export const defaultDeepPlanning = (): DeepPlanningRecord => ({
  enabled: false,
  enforce: false,
  started: false,
  question_raised: false,
  tasks: [],
});

/** Value a key returns to when a PATCH sends null for it, so the task stays SDK-parseable. */
export const NULL_RESETS: Readonly<Record<string, () => unknown>> = {
  sub_executions: () => [],
  mcp_servers: () => [],
  used_tools: () => [],
  deep_planning: defaultDeepPlanning,
  is_manually_stopped: () => false,
  events_streaming: () => false,
  is_orchestration: () => false,
  disable_attachment_injection: () => false,
  return_metrics: () => false,
  execution_attempts: () => 1,
  duration: () => 0,
  think_mode: () => 'default',
};

type TaskInit = Pick<TaskRecord, 'id' | 'agent_id' | 'organization_id'> & Partial<TaskRecord>;

export function buildTask(init: TaskInit, nowMs: number): TaskRecord {
  const created = init.created_at ?? formatTime(nowMs);
  return {
    input: { text: '', files: [], user: null },
    status: 'pending',
    internal_status: null,
    last_executed_node_id: null,
    agent_version: null,
    created_at: created,
    started_at: null,
    paused_at: null,
    finished_at: null,
    result: null,
    parent_execution: null,
    sub_executions: [],
    is_manually_stopped: false,
    payload_extension: null,
    hitl_request: null,
    pending_eca_request: null,
    source: null,
    voice_id: null,
    output_format: null,
    output_schema: null,
    events_streaming: false,
    is_orchestration: false,
    additional_context: null,
    instructions_override: null,
    test_run_node_id: null,
    user_oidc_token: null,
    expected_output: null,
    mcp_servers: [],
    triggering_agent_id: null,
    title: null,
    think_mode: 'default',
    disable_attachment_injection: false,
    user_tokens: null,
    deep_planning: defaultDeepPlanning(),
    execution_attempts: 1,
    return_metrics: false,
    tokens: null,
    used_tools: [],
    duration: 0,
    updated_at: created,
    ...init,
  };
}

export interface TasksListItemRecord {
  id: string;
  agent_id: string;
  organization_id: string;
  user_id: string | null;
  parent_task_id: string | null;
  triggering_agent_id: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  source_node_type: string | null;
  result: string | null;
  title: string | null;
}

/**
 * Timestamp bookkeeping for a status change (§5.6): started_at on the first executing,
 * paused_at on paused, finished_at on reaching a terminal status (cleared when leaving one).
 */
export function applyStatusTimestamps(task: TaskRecord, previous: Status, now: string): void {
  const next = task.status;
  if (next === 'executing' && task.started_at == null) task.started_at = now;
  if (next === 'paused' && previous !== 'paused') task.paused_at = now;
  if (isTerminal(next) && (!isTerminal(previous) || task.finished_at == null))
    task.finished_at = now;
  if (!isTerminal(next) && isTerminal(previous)) task.finished_at = null;
}

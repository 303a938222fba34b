import {
  activityAuthSchema,
  activityMessageSchema,
  activityReasoningSchema,
  activitySubAgentTriggerSchema,
  activityThreadSchema,
  activityToolCallSchema,
  agentsListItemSchema,
  TASK_EVENT_DATA_SCHEMAS,
  taskEventEnvelopeSchema,
  taskSchema,
  tasksListItemSchema,
  type ActivityAuth,
  type ActivityMessage,
  type ActivityReasoning,
  type ActivitySubAgentTrigger,
  type ActivityThread,
  type ActivityToolCall,
  type AgentsListItem,
  type Task,
  type TaskEventDataMap,
  type TaskEventType,
  type TasksListItem,
} from '@/contract';

// Fixtures go through the contract schemas, so a factory can never build something the
// real wire would reject; a bad override fails loudly in the test that wrote it.

export const MOCK_ORG_ID = '2e7d9c10-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const BASE_TIME = Date.UTC(2026, 2, 2, 9, 0, 0);

let sequence = 0;
/** Restarts generated ids and times, so every test file sees the same fixtures. */
export function resetFactorySequence(): void {
  sequence = 0;
}
function next(prefix: string): string {
  sequence += 1;
  return `${prefix}-${String(sequence).padStart(4, '0')}`;
}

/** A wire timestamp `seconds` after the fixtures' base time, with microseconds like Python. */
export function isoAt(seconds: number): string {
  return new Date(BASE_TIME + seconds * 1000).toISOString().replace('Z', '000Z');
}

export function makeAgent(overrides: Partial<AgentsListItem> = {}): AgentsListItem {
  return agentsListItemSchema.parse({
    id: next('agent'),
    name: 'Research assistant',
    icon: '🤖',
    instructions: { role: ['You help the team'], goal: ['Answer accurately'], general: '' },
    status: 'ACTIVE',
    organization_id: MOCK_ORG_ID,
    created_at: isoAt(-86_400),
    description: null,
    access_scope: 'organizational',
    created_by: 'u-0001',
    type: 'regular',
    ...overrides,
  });
}

/** A full task as GET …/status returns it, with the four tuple-bug keys always present. */
export function makeTask(overrides: Partial<Task> = {}): Task {
  const id = overrides.id ?? next('task');
  return taskSchema.parse({
    id,
    agent_id: 'agent-0000',
    organization_id: MOCK_ORG_ID,
    input: { text: 'Summarise yesterday’s tickets', files: [], user: null },
    status: 'pending',
    internal_status: null,
    last_executed_node_id: null,
    agent_version: '1',
    created_at: isoAt(sequence * 60),
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
    source: 'sdk',
    output_format: 'markdown',
    events_streaming: true,
    is_orchestration: false,
    expected_output: null,
    mcp_servers: [],
    triggering_agent_id: null,
    title: null,
    think_mode: 'default',
    deep_planning: {
      enabled: false,
      enforce: false,
      started: false,
      question_raised: false,
      tasks: [],
    },
    execution_attempts: 1,
    tokens: null,
    used_tools: [],
    duration: 0,
    ...overrides,
  });
}

/** The history row for a task, mapped as the platform does (API doc §9). */
export function toListItem(task: Task): TasksListItem {
  return tasksListItemSchema.parse({
    id: task.id,
    agent_id: task.agent_id,
    organization_id: task.organization_id,
    status: task.status ?? 'pending',
    user_id: task.input.user?.id ?? null,
    parent_task_id: task.parent_execution ?? null,
    triggering_agent_id: task.triggering_agent_id ?? null,
    created_at: task.created_at,
    updated_at: task.updated_at ?? task.finished_at ?? task.started_at ?? task.created_at,
    source_node_type: task.source ?? null,
    result: task.result ?? null,
    title: task.title ?? null,
  });
}

export function makeListItem(overrides: Partial<TasksListItem> = {}): TasksListItem {
  return tasksListItemSchema.parse({ ...toListItem(makeTask()), ...overrides });
}

export function makeActivityMessage(overrides: Partial<ActivityMessage> = {}): ActivityMessage {
  return activityMessageSchema.parse({
    id: next('m'),
    created_at: isoAt(sequence),
    role: 'user',
    content: { text: 'Hello', files: [] },
    ...overrides,
  });
}

export function makeToolCallItem(overrides: Partial<ActivityToolCall> = {}): ActivityToolCall {
  return activityToolCallSchema.parse({
    id: next('t'),
    created_at: isoAt(sequence),
    tool_name: 'web_search',
    payload: { query: 'status page' },
    is_error: false,
    reasoning: { title: 'Look it up', description: null },
    result: { hits: 2 },
    ...overrides,
  });
}

export function makeReasoningItem(overrides: Partial<ActivityReasoning> = {}): ActivityReasoning {
  return activityReasoningSchema.parse({
    id: next('r'),
    created_at: isoAt(sequence),
    type: 'think',
    title: 'Plan',
    confidence: 0.8,
    thought: 'First gather the data.',
    action: null,
    result: null,
    analysis: null,
    ...overrides,
  });
}

export function makeSubAgentTriggerItem(
  overrides: Partial<ActivitySubAgentTrigger> = {},
): ActivitySubAgentTrigger {
  return activitySubAgentTriggerSchema.parse({
    id: next('s'),
    created_at: isoAt(sequence),
    agent_id: 'agent-helper',
    query: 'Extract the numbers',
    files: [],
    reasoning: {},
    ...overrides,
  });
}

export function makeAuthItem(overrides: Partial<ActivityAuth> = {}): ActivityAuth {
  return activityAuthSchema.parse({
    id: next('a'),
    created_at: isoAt(sequence),
    type: 'token_ready',
    data: { access_token: 'REDACTED' },
    ...overrides,
  });
}

export function makeActivityThread(
  overrides: Partial<ActivityThread> & { messages?: unknown[] } = {},
): ActivityThread {
  return activityThreadSchema.parse({
    id: overrides.id ?? next('task'),
    created_at: isoAt(0),
    user: null,
    messages: [makeActivityMessage(), makeReasoningItem(), makeToolCallItem()],
    ...overrides,
  });
}

export interface WireTaskEvent<K extends TaskEventType = TaskEventType> {
  type: K;
  task_id: string;
  organization_id: string;
  time: string;
  data: TaskEventDataMap[K];
}

/** A wire `TaskUpdateEvent`, its `data` checked against the schema for `type`. */
export function makeEvent<K extends TaskEventType>(
  type: K,
  data: TaskEventDataMap[K],
  envelope: Partial<Omit<WireTaskEvent<K>, 'type' | 'data'>> = {},
): WireTaskEvent<K> {
  TASK_EVENT_DATA_SCHEMAS[type].parse(data);
  const event = {
    type,
    task_id: envelope.task_id ?? 'task-0000',
    organization_id: envelope.organization_id ?? MOCK_ORG_ID,
    time: envelope.time ?? isoAt(sequence++),
    data,
  };
  taskEventEnvelopeSchema.parse(event);
  return event;
}

/** The `task_*` event for a task: whole-record replacement. */
export function makeTaskEvent(
  type: 'task_created' | 'task_updated' | 'task_finished',
  task: Task,
  time?: string,
): WireTaskEvent {
  return makeEvent(type, task, {
    task_id: task.id,
    organization_id: task.organization_id,
    ...(time === undefined ? {} : { time }),
  });
}

/** One SSE frame carrying `value` as JSON (or a raw string as-is) on a single data line. */
export function toSseFrame(value: unknown): string {
  const data = typeof value === 'string' ? value : JSON.stringify(value);
  return `data: ${data}\n\n`;
}

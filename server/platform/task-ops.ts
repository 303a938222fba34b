import type { EventEnvelope, EventType } from './event-log.ts';
import type { ActivityItem, AgentRecord, PlatformStore } from './store.ts';
import {
  applyStatusTimestamps,
  buildTask,
  isTerminal,
  NULL_RESETS,
  type Status,
  type TaskRecord,
  type UserRecord,
} from './task-model.ts';
import { formatTime, parseTime } from './time.ts';

/** Keys of a create body copied onto the task as they are. */
const CREATE_KEYS = [
  'payload_extension',
  'source',
  'output_format',
  'output_schema',
  'events_streaming',
  'additional_context',
  'instructions_override',
  'test_run_node_id',
  'user_oidc_token',
  'expected_output',
  'mcp_servers',
  'triggering_agent_id',
  'title',
  'think_mode',
  'disable_attachment_injection',
  'user_tokens',
  'return_metrics',
] as const;

/**
 * Keys a PATCH may change. Identity (`id`, `agent_id`, `organization_id`, `created_at`) and the
 * server-kept timestamps (`started_at`, `paused_at`, `finished_at`, `updated_at`) are ignored:
 * `Task.asave` sends the whole stale object back, and those must not travel back in time.
 */
const PATCH_KEYS = new Set<string>([
  'status',
  'internal_status',
  'last_executed_node_id',
  'agent_version',
  'result',
  'parent_execution',
  'sub_executions',
  'is_manually_stopped',
  'payload_extension',
  'hitl_request',
  'pending_eca_request',
  'source',
  'voice_id',
  'output_format',
  'output_schema',
  'events_streaming',
  'is_orchestration',
  'additional_context',
  'instructions_override',
  'test_run_node_id',
  'user_oidc_token',
  'expected_output',
  'mcp_servers',
  'triggering_agent_id',
  'title',
  'think_mode',
  'disable_attachment_injection',
  'user_tokens',
  'deep_planning',
  'execution_attempts',
  'return_metrics',
  'tokens',
  'used_tools',
  'duration',
  'input',
]);

/** The SDK's tuple-default bug sends `[null]` for null and `[[]]` for `[]` (§5.6). */
export function unwrapTupleDefaults<T extends Record<string, unknown>>(body: T): T {
  const out: Record<string, unknown> = { ...body };
  for (const key of ['expected_output', 'mcp_servers', 'triggering_agent_id', 'title']) {
    const v = out[key];
    if (Array.isArray(v) && v.length === 1 && (v[0] === null || Array.isArray(v[0])))
      out[key] = v[0];
  }
  return out as T;
}

export interface ScheduleHook {
  /** Called when a task should be (re)run by the worker from `step`, after `delayMs` of simulated time. */
  schedule(task: TaskRecord, step: number, nowMs: number): void;
}

export class ConflictError extends Error {}

const normalizeTokens = (t: Record<string, unknown> | null): TaskRecord['tokens'] => {
  if (!t) return null;
  const completion = Number(t['completion_tokens'] ?? 0) || 0;
  const prompt = Number(t['prompt_tokens'] ?? 0) || 0;
  return {
    completion_tokens: completion,
    prompt_tokens: prompt,
    total_tokens: completion + prompt,
  };
};

const normalizeInput = (input: Record<string, unknown> | null | undefined): TaskRecord['input'] => {
  const source = input ?? {};
  return {
    ...source,
    text: typeof source['text'] === 'string' ? source['text'] : '',
    files: Array.isArray(source['files']) ? (source['files'] as string[]) : [],
    user: (source['user'] as UserRecord | null | undefined) ?? null,
  };
};

/** Task state changes with their timestamps, events and activity items. Every caller passes `nowMs` (the seed runs in the past). */
export class TaskOps {
  readonly store: PlatformStore;
  readonly organizationId: string;
  newId: () => string;
  scheduler: ScheduleHook | null = null;

  constructor(store: PlatformStore, organizationId: string, newId: () => string) {
    this.store = store;
    this.organizationId = organizationId;
    this.newId = newId;
  }

  emit(taskId: string, type: EventType, data: unknown, nowMs: number | string): void {
    const envelope: EventEnvelope = {
      type,
      task_id: taskId,
      organization_id: this.organizationId,
      time: typeof nowMs === 'string' ? nowMs : formatTime(nowMs),
      data,
    };
    this.store.events.append(envelope);
  }

  activity(
    taskId: string,
    item: Omit<ActivityItem, 'id' | 'created_at'> & { id?: string },
    nowMs: number,
  ): void {
    this.store.appendActivity(taskId, {
      id: item.id ?? this.newId(),
      created_at: formatTime(nowMs),
      ...item,
    } as ActivityItem);
  }

  /**
   * Persist a changed task: status timestamps, a strictly increasing `updated_at` (the 409 rule
   * compares it), then `task_updated`, or `task_finished` when the status is terminal.
   */
  commit(
    task: TaskRecord,
    previousStatus: Status,
    nowMs: number,
    event: 'auto' | 'none' = 'auto',
  ): TaskRecord {
    const prevUpdated = parseTime(task.updated_at);
    const stamp = Number.isNaN(prevUpdated) ? nowMs : Math.max(nowMs, prevUpdated + 1);
    const now = formatTime(stamp);
    applyStatusTimestamps(task, previousStatus, now);
    task.updated_at = now;
    this.store.saveTask(task);
    if (event === 'auto')
      this.emit(task.id, isTerminal(task.status) ? 'task_finished' : 'task_updated', task, stamp);
    return task;
  }

  create(
    agent: AgentRecord,
    body: Record<string, unknown>,
    agentVersion: string | null,
    nowMs: number,
    extra: Partial<TaskRecord> = {},
  ): TaskRecord {
    return this.store.tx(() => {
      const clean = unwrapTupleDefaults(body);
      const existingId = typeof clean['id'] === 'string' && clean['id'] !== '' ? clean['id'] : null;
      const copied: Partial<TaskRecord> = {};
      for (const key of CREATE_KEYS)
        if (key in clean && clean[key] !== undefined)
          (copied as Record<string, unknown>)[key] = clean[key] ?? NULL_RESETS[key]?.() ?? null;
      const input = normalizeInput(clean['input'] as Record<string, unknown> | null);

      if (existingId) {
        const row = this.store.getTaskRow(existingId);
        if (row) {
          if (row.task.agent_id !== agent.id)
            throw new ConflictError(`Task ${existingId} belongs to another agent`);
          return this.#continue(row.task, input, copied, agentVersion, nowMs);
        }
      }
      const task = buildTask(
        {
          ...copied,
          ...extra,
          id: existingId ?? this.newId(),
          agent_id: agent.id,
          organization_id: this.organizationId,
          input,
          agent_version: agentVersion,
          created_at: formatTime(nowMs),
        },
        nowMs,
      );
      this.store.insertTask(task);
      this.emit(task.id, 'task_created', task, nowMs);
      this.scheduler?.schedule(task, 0, nowMs);
      return task;
    });
  }

  /** Re-using a task id starts a new turn of the same task/thread (§5.4, §8.4). */
  #continue(
    task: TaskRecord,
    input: TaskRecord['input'],
    copied: Partial<TaskRecord>,
    agentVersion: string | null,
    nowMs: number,
  ): TaskRecord {
    const previous = task.status;
    Object.assign(task, copied);
    task.input = input;
    task.status = 'pending';
    task.result = null;
    task.finished_at = null;
    task.paused_at = null;
    task.is_manually_stopped = false;
    task.hitl_request = null;
    task.pending_eca_request = null;
    task.internal_status = null;
    task.execution_attempts = (task.execution_attempts ?? 1) + 1;
    if (agentVersion !== null) task.agent_version = agentVersion;
    // The new turn's stream starts at the event we are about to write.
    this.store.setStreamStart(task.id, this.store.events.lastSeq(task.id) + 1);
    this.commit(task, previous, nowMs);
    this.scheduler?.schedule(task, 0, nowMs);
    return task;
  }

  /** PATCH …/update. Throws ConflictError when the body's `updated_at` (or If-Match) is stale. */
  patch(
    taskId: string,
    body: Record<string, unknown>,
    expectedUpdatedAt: string | null,
    nowMs: number,
  ): TaskRecord | undefined {
    return this.store.tx(() => {
      const row = this.store.getTaskRow(taskId);
      if (!row) return undefined;
      const task = row.task;
      if (
        expectedUpdatedAt !== null &&
        parseTime(expectedUpdatedAt) !== parseTime(task.updated_at)
      ) {
        throw new ConflictError('Task was modified concurrently; reload and retry');
      }
      const clean = unwrapTupleDefaults(body);
      if ('tool_call_payload_extension' in clean)
        clean['payload_extension'] = clean['tool_call_payload_extension'];
      const previous = task.status;
      const target = task as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(clean)) {
        if (!PATCH_KEYS.has(key) || value === undefined) continue;
        if (value === null) {
          if (key === 'status' || key === 'input') continue;
          target[key] = NULL_RESETS[key]?.() ?? null;
        } else if (key === 'input') {
          task.input = normalizeInput(value as Record<string, unknown>);
        } else if (key === 'tokens') {
          task.tokens = normalizeTokens(value as Record<string, unknown>);
        } else {
          target[key] = value;
        }
      }
      this.commit(task, previous, nowMs);
      if (task.status !== previous && row.runStep !== null) {
        if (isTerminal(task.status)) this.store.setRun(taskId, null, null);
        else if (task.status === 'paused') this.store.setRun(taskId, row.runStep, null);
        else this.store.setRun(taskId, row.runStep, nowMs);
      }
      return task;
    });
  }

  /** DELETE: stop. Idempotent: a terminal task comes back unchanged. */
  stop(taskId: string, nowMs: number): TaskRecord | undefined {
    return this.store.tx(() => {
      const task = this.store.getTask(taskId);
      if (!task) return undefined;
      if (isTerminal(task.status)) return task;
      const previous = task.status;
      task.status = 'stopped';
      task.is_manually_stopped = true;
      this.commit(task, previous, nowMs);
      this.store.setRun(taskId, null, null);
      return task;
    });
  }

  /** POST …/report_task: record work done outside the platform as a finished task. */
  report(agent: AgentRecord, body: Record<string, unknown>, nowMs: number): TaskRecord {
    return this.store.tx(() => {
      const id = typeof body['id'] === 'string' && body['id'] !== '' ? body['id'] : null;
      const existing = id ? this.store.getTask(id) : undefined;
      if (existing && existing.agent_id !== agent.id)
        throw new ConflictError(`Task ${id} belongs to another agent`);
      const success = body['is_success'] !== false;
      const durationSec = typeof body['duration'] === 'number' ? body['duration'] : 0;
      const text = typeof body['input'] === 'string' ? body['input'] : (existing?.input.text ?? '');
      const result =
        typeof body['result'] === 'string'
          ? body['result']
          : body['llm_response'] === undefined || body['llm_response'] === null
            ? null
            : typeof body['llm_response'] === 'string'
              ? body['llm_response']
              : JSON.stringify(body['llm_response']);
      let task: TaskRecord;
      if (existing) {
        task = existing;
      } else {
        const created = nowMs - Math.round(durationSec * 1000);
        task = buildTask(
          {
            id: id ?? this.newId(),
            agent_id: agent.id,
            organization_id: this.organizationId,
            source: 'sdk',
            created_at: formatTime(created),
          },
          created,
        );
        task.input = normalizeInput({ text });
        this.store.insertTask(task);
        this.emit(task.id, 'task_created', task, created);
      }
      if (task.started_at == null) task.started_at = task.created_at;
      this.activity(task.id, { role: 'user', content: { text, files: [] } }, nowMs);
      const previous = task.status;
      task.status = success ? 'completed' : 'failed';
      task.result = result;
      task.tokens = normalizeTokens(
        (body['tokens'] as Record<string, unknown> | undefined) ?? null,
      );
      task.used_tools = Array.isArray(body['used_tools']) ? (body['used_tools'] as string[]) : [];
      task.duration = durationSec;
      this.activity(task.id, { role: 'agent', content: { text: result ?? '', files: [] } }, nowMs);
      this.commit(task, previous, nowMs);
      this.store.setRun(task.id, null, null);
      return task;
    });
  }

  /** POST …/events/push: append to the stream and mirror into the activity log (§5.11). */
  push(
    taskId: string,
    events: { type: EventType; time?: string | null; data?: unknown }[],
    nowMs: number,
  ): number {
    return this.store.tx(() => {
      for (const event of events) {
        const time =
          typeof event.time === 'string' && !Number.isNaN(parseTime(event.time))
            ? event.time
            : formatTime(nowMs);
        const data = event.data ?? null;
        this.emit(taskId, event.type, data, time);
        const createdMs = Number.isNaN(parseTime(time)) ? nowMs : parseTime(time);
        const d = (data ?? {}) as Record<string, unknown>;
        if (
          event.type === 'auth_event' &&
          typeof d['type'] === 'string' &&
          d['data'] &&
          typeof d['data'] === 'object'
        ) {
          this.activity(taskId, { type: d['type'], data: d['data'] }, createdMs);
        } else if (
          (event.type === 'think' || event.type === 'analyze') &&
          typeof data === 'object' &&
          data !== null
        ) {
          this.activity(
            taskId,
            {
              type: event.type,
              title: typeof d['title'] === 'string' ? d['title'] : event.type,
              confidence: typeof d['confidence'] === 'number' ? d['confidence'] : 0,
              thought: (d['thought'] as string | undefined) ?? null,
              action: (d['action'] as string | undefined) ?? null,
              result: (d['result'] as string | undefined) ?? null,
              analysis: (d['analysis'] as string | undefined) ?? null,
            },
            createdMs,
          );
        } else if (event.type === 'tool_call_result' && typeof d['tool_name'] === 'string') {
          this.activity(
            taskId,
            {
              tool_name: d['tool_name'],
              payload: d['payload'] ?? null,
              is_error: d['is_error'] === true,
              reasoning: (d['reasoning'] as object | undefined) ?? null,
              result: d['result'] ?? null,
            },
            createdMs,
          );
        } else if (event.type === 'sub_agent_trigger' && typeof d['agent_id'] === 'string') {
          this.activity(
            taskId,
            {
              agent_id: d['agent_id'],
              query: (d['query'] as string | undefined) ?? null,
              files: (d['files'] as string[] | undefined) ?? [],
              reasoning: (d['reasoning'] as object | undefined) ?? {},
            },
            createdMs,
          );
        }
      }
      return events.length;
    });
  }
}

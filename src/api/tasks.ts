import {
  activityThreadSchema,
  parseTaskEvent,
  taskSchema,
  tasksListItemSchema,
  type ActivityThread,
  type CreateTaskRequest,
  type Task,
  type TaskEvent,
  type TasksListItem,
  type TaskStatus,
  type UpdateTaskRequest,
} from '@/contract';
import { z } from 'zod';
import type { CallOptions } from './agents';
import { isHttpStatus } from './api-error';
import { auditReasonHeaders, request, type QueryValue } from './http';
import { lenientArray, reportSkipped } from './lenient-list';
import { openSse } from './sse';

/** Exact-match filters of the history endpoints; the API has no paging, sort or search. */
export interface TaskListFilters {
  user_id?: string;
  parent_task_id?: string;
  triggering_agent_id?: string;
  status?: TaskStatus;
  internal_status?: string;
}
/** The user endpoint's user is the path, so it has no `user_id` filter. */
export type UserTaskListFilters = Omit<TaskListFilters, 'user_id'>;

const seg = encodeURIComponent;
const taskListSchema = lenientArray(tasksListItemSchema);

async function listTasks(
  path: string,
  filters: Record<string, QueryValue>,
  signal: AbortSignal | undefined,
): Promise<TasksListItem[]> {
  const { items, skipped } = await request({
    path,
    query: filters,
    schema: taskListSchema,
    signal,
  });
  reportSkipped(items, path, skipped);
  return items;
}

/** GET /agent-execution/executions/history/{agentId}. Invalid rows are dropped, not fatal. */
export function listAgentTasks(
  agentId: string,
  filters: TaskListFilters = {},
  options: CallOptions = {},
): Promise<TasksListItem[]> {
  return listTasks(
    `/agent-execution/executions/history/${seg(agentId)}`,
    { ...filters },
    options.signal,
  );
}

/** GET /agent-execution/executions/history/user/{userId}, across all agents. */
export function listUserTasks(
  userId: string,
  filters: UserTaskListFilters = {},
  options: CallOptions = {},
): Promise<TasksListItem[]> {
  return listTasks(
    `/agent-execution/executions/history/user/${seg(userId)}`,
    { ...filters },
    options.signal,
  );
}

/** GET /agent-execution/{taskId}/status: the full record despite the name. */
export function getTask(taskId: string, options: CallOptions = {}): Promise<Task> {
  return request({
    path: `/agent-execution/${seg(taskId)}/status`,
    schema: taskSchema,
    signal: options.signal,
  });
}

/** Options of a write: `reason` is recorded with it in the gateway's audit trail. */
export interface WriteOptions extends CallOptions {
  reason?: string;
}

export interface CreateTaskOptions extends WriteOptions {
  /** Sent as `x-agent-version`. */
  agentVersion?: string | number;
}

/** POST /agent-execution/{agentId}. Set `events_streaming: true` to get a live stream. */
export function createTask(
  agentId: string,
  body: CreateTaskRequest,
  options: CreateTaskOptions = {},
): Promise<Task> {
  const headers: Record<string, string> = auditReasonHeaders(options.reason);
  if (options.agentVersion !== undefined) headers['x-agent-version'] = String(options.agentVersion);
  return request({
    method: 'POST',
    path: `/agent-execution/${seg(agentId)}`,
    body,
    headers,
    schema: taskSchema,
    signal: options.signal,
  });
}

/**
 * PATCH /agent-execution/{taskId}/update with only the keys given: undefined keys are dropped,
 * null is sent and clears the field. 409 (a concurrent update) comes back as an http ApiError.
 */
export function updateTask(
  taskId: string,
  patch: UpdateTaskRequest,
  options: WriteOptions = {},
): Promise<Task> {
  const body = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  return request({
    method: 'PATCH',
    path: `/agent-execution/${seg(taskId)}/update`,
    body,
    headers: auditReasonHeaders(options.reason),
    schema: taskSchema,
    signal: options.signal,
  });
}

/** DELETE /agent-execution/{taskId}: stops (does not delete). Idempotent on a finished task. */
export function stopTask(taskId: string, options: WriteOptions = {}): Promise<Task> {
  return request({
    method: 'DELETE',
    path: `/agent-execution/${seg(taskId)}`,
    headers: auditReasonHeaders(options.reason),
    schema: taskSchema,
    signal: options.signal,
  });
}

// A JSON `null` is what a broken platform sends for "no log"; read it as such.
const activityResponseSchema = z.union([activityThreadSchema, z.null()]);

/**
 * GET /activity/{agentId}/{taskId}. null means "no activity yet" (404, or a null body).
 * Items stay raw; classify them with classifyActivityItem where they are shown.
 */
export async function getActivityLog(
  agentId: string,
  taskId: string,
  options: CallOptions = {},
): Promise<ActivityThread | null> {
  try {
    return await request({
      path: `/activity/${seg(agentId)}/${seg(taskId)}`,
      schema: activityResponseSchema,
      signal: options.signal,
    });
  } catch (error) {
    if (isHttpStatus(error, 404)) return null;
    throw error;
  }
}

export interface StreamTaskEventsOptions {
  signal?: AbortSignal;
  /** The server accepted the stream (use it to show "live"). */
  onOpen?: () => void;
  /** Bytes arrived, keep-alive comments included (for a heartbeat watchdog). */
  onActivity?: () => void;
}

/**
 * The task's live events (SSE via the gateway). Every frame goes through parseTaskEvent, so
 * an unrecognised or malformed one arrives as `{type: 'unknown'}` rather than ending the
 * stream; empty `data:` frames are skipped. The platform replays from the start on connect
 * and closes after `task_finished`: the iterable then ends. A drop throws ApiError 'network'.
 */
export async function* streamTaskEvents(
  taskId: string,
  options: StreamTaskEventsOptions = {},
): AsyncGenerator<TaskEvent, void, undefined> {
  for await (const message of openSse(`/agent-execution/${seg(taskId)}/events`, options)) {
    if (message.data.trim() === '') continue;
    yield parseTaskEvent(message.data);
  }
}

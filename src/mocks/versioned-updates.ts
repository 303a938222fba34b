import { http, HttpResponse } from 'msw';
import {
  isTerminalStatus,
  taskSchema,
  tryParseTimestamp,
  updateTaskRequestSchema,
  type Task,
} from '@/contract';
import { db, saveTask } from './db';
import { api, notFound } from './http-utils';

// The reference platform's optimistic concurrency (server/platform/README.md, "The 409 rule"),
// which the happy-path PATCH handler leaves out: `updated_at` is a version that grows on every
// write, and a PATCH carrying a stale one (body or If-Match) gets 409 with the current task.

let last = 0;

/** A strictly increasing timestamp in the platform's form (six fractional digits). */
export function nextVersion(): string {
  last = Math.max(Date.now(), last + 1);
  return new Date(last).toISOString().replace('Z', '000Z');
}

/** Gives every task in the mock db an `updated_at` (the seed has none), as the platform does. */
export function stampVersions(): void {
  for (const [id, task] of db.tasks) {
    if (!task.updated_at) db.tasks.set(id, { ...task, updated_at: nextVersion() });
  }
}

const EDITABLE = ['source', 'status', 'last_executed_node_id', 'result', 'internal_status'];

function applyPatch(previous: Task, patch: Record<string, unknown>): Task {
  const next: Record<string, unknown> = { ...previous };
  for (const key of EDITABLE)
    if (key in patch && !(key === 'status' && patch[key] === null)) next[key] = patch[key];
  const extension = patch['tool_call_payload_extension'] ?? patch['payload_extension'];
  if (extension !== undefined) next['payload_extension'] = extension ?? {};
  const status = patch['status'];
  if (typeof status === 'string' && status !== previous.status) {
    if (status === 'paused') next['paused_at'] = nextVersion();
    next['finished_at'] = isTerminalStatus(status as Task['status']) ? nextVersion() : null;
  }
  next['updated_at'] = nextVersion();
  return taskSchema.parse(next);
}

/**
 * Another writer changes a task directly (the worker, a second person): a new version, no
 * request. Use it between opening an edit and saving it to produce a 409.
 */
export function writeAsSomeoneElse(taskId: string, patch: Record<string, unknown>): Task {
  const previous = db.tasks.get(taskId);
  if (!previous) throw new Error(`no task ${taskId}`);
  const task = applyPatch(previous, patch);
  saveTask(task, previous);
  return task;
}

/** PATCH and DELETE with versions and the 409 rule, for `server.use(...versionedUpdates)`. */
export const versionedUpdates = [
  http.patch(api('/agent-execution/:taskId/update'), async ({ params, request }) => {
    const id = String(params['taskId']);
    const previous = db.tasks.get(id);
    if (!previous) return notFound(`Task ${id}`);
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      body = undefined;
    }
    const parsed = updateTaskRequestSchema.safeParse(body);
    if (!parsed.success)
      return HttpResponse.json({ detail: parsed.error.message }, { status: 422 });
    const patch = parsed.data as Record<string, unknown>;
    const ifMatch = request.headers.get('if-match')?.replace(/"/g, '').trim();
    const expected = typeof patch['updated_at'] === 'string' ? patch['updated_at'] : ifMatch;
    if (expected) {
      const current = previous.updated_at ? tryParseTimestamp(previous.updated_at) : null;
      if (current === null || tryParseTimestamp(expected) !== current) {
        return HttpResponse.json(
          { detail: 'Task was modified concurrently; reload and retry', task: previous },
          { status: 409 },
        );
      }
    }
    const task = applyPatch(previous, patch);
    saveTask(task, previous);
    return HttpResponse.json(task);
  }),
  http.delete(api('/agent-execution/:taskId'), ({ params }) => {
    const id = String(params['taskId']);
    const previous = db.tasks.get(id);
    if (!previous) return notFound(`Task ${id}`);
    if (isTerminalStatus(previous.status)) return HttpResponse.json(previous);
    const task = taskSchema.parse({
      ...previous,
      status: 'stopped',
      is_manually_stopped: true,
      finished_at: nextVersion(),
      updated_at: nextVersion(),
    });
    saveTask(task, previous);
    return HttpResponse.json(task);
  }),
];

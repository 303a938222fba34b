import { http, HttpResponse } from 'msw';
import {
  createTaskRequestSchema,
  isTerminalStatus,
  taskSchema,
  updateTaskRequestSchema,
  type Task,
} from '@/contract';
import { db, emitTaskEvent, nowIso, saveTask } from '../db';
import { makeTask, makeTaskEvent, toListItem } from '../factories';
import { api, notFound } from '../http-utils';

// internal_status is not on the list row, so it is matched against the full task below.
const ROW_FILTERS = ['user_id', 'parent_task_id', 'triggering_agent_id', 'status'];

function listFor(tasks: Task[], query: URLSearchParams) {
  let items = tasks.map(toListItem);
  for (const key of ROW_FILTERS) {
    const value = query.get(key);
    if (value !== null && value !== '') {
      items = items.filter((item) => (item as Record<string, unknown>)[key] === value);
    }
  }
  const internal = query.get('internal_status');
  if (internal) {
    const wanted = new Set(tasks.filter((t) => t.internal_status === internal).map((t) => t.id));
    items = items.filter((item) => wanted.has(item.id));
  }
  // Newest first, the reference platform's order; the console sorts on its own anyway.
  return items.sort((a, b) => (b.created_at ?? '').localeCompare(a.created_at ?? ''));
}

function unprocessable(issues: { path: PropertyKey[]; message: string }[]) {
  return HttpResponse.json(
    { detail: issues.map((i) => ({ loc: ['body', ...i.path.map(String)], msg: i.message })) },
    { status: 422 },
  );
}

async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return undefined;
  }
}

export const taskHandlers = [
  http.get(api('/agent-execution/executions/history/user/:userId'), ({ params, request }) => {
    const mine = [...db.tasks.values()].filter((t) => t.input.user?.id === params['userId']);
    const query = new URL(request.url).searchParams;
    query.delete('user_id');
    return HttpResponse.json(listFor(mine, query));
  }),

  http.get(api('/agent-execution/executions/history/:agentId'), ({ params, request }) => {
    const own = [...db.tasks.values()].filter((t) => t.agent_id === params['agentId']);
    return HttpResponse.json(listFor(own, new URL(request.url).searchParams));
  }),

  http.get(api('/agent-execution/:taskId/status'), ({ params }) => {
    const task = db.tasks.get(String(params['taskId']));
    return task ? HttpResponse.json(task) : notFound(`Task ${String(params['taskId'])}`);
  }),

  http.post(api('/agent-execution/:agentId'), async ({ params, request }) => {
    const agentId = String(params['agentId']);
    if (!db.agents.some((a) => a.id === agentId)) return notFound(`Agent ${agentId}`);
    const parsed = createTaskRequestSchema.safeParse(await jsonBody(request));
    if (!parsed.success) return unprocessable(parsed.error.issues);
    const body = parsed.data;
    const task = makeTask({
      ...(body.id ? { id: body.id } : {}),
      agent_id: agentId,
      input: body.input,
      title: body.title ?? null,
      source: body.source ?? null,
      output_format: body.output_format ?? null,
      events_streaming: body.events_streaming ?? false,
      think_mode: body.think_mode ?? 'default',
      agent_version: request.headers.get('x-agent-version'),
      created_at: nowIso(),
      status: 'pending',
    });
    db.tasks.set(task.id, task);
    emitTaskEvent(makeTaskEvent('task_created', task, task.created_at));
    return HttpResponse.json(task);
  }),

  http.patch(api('/agent-execution/:taskId/update'), async ({ params, request }) => {
    const previous = db.tasks.get(String(params['taskId']));
    if (!previous) return notFound(`Task ${String(params['taskId'])}`);
    const parsed = updateTaskRequestSchema.safeParse(await jsonBody(request));
    if (!parsed.success) return unprocessable(parsed.error.issues);
    const patch = parsed.data;
    const next: Record<string, unknown> = { ...previous };
    for (const key of ['source', 'status', 'last_executed_node_id', 'result', 'internal_status']) {
      if (key in patch) next[key] = patch[key];
    }
    const extension = patch.tool_call_payload_extension ?? patch.payload_extension;
    if (extension !== undefined) next['payload_extension'] = extension;
    if (patch.status && patch.status !== previous.status) {
      const now = nowIso();
      if (patch.status === 'executing' && !previous.started_at) next['started_at'] = now;
      if (patch.status === 'paused') next['paused_at'] = now;
      if (isTerminalStatus(patch.status)) next['finished_at'] = now;
    }
    const task = taskSchema.parse(next);
    saveTask(task, previous);
    return HttpResponse.json(task);
  }),

  http.delete(api('/agent-execution/:taskId'), ({ params }) => {
    const previous = db.tasks.get(String(params['taskId']));
    if (!previous) return notFound(`Task ${String(params['taskId'])}`);
    // Idempotent: a finished task comes back unchanged.
    if (isTerminalStatus(previous.status)) return HttpResponse.json(previous);
    const task = taskSchema.parse({
      ...previous,
      status: 'stopped',
      is_manually_stopped: true,
      finished_at: nowIso(),
    });
    saveTask(task, previous);
    return HttpResponse.json(task);
  }),
];

import { Hono, type Context, type Handler } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import {
  createTaskRequestSchema,
  metricsReportSchema,
  reportTaskRequestSchema,
  updateTaskRequestSchema,
} from '../../src/contract/index.ts';
import type { EventType } from './event-log.ts';
import { streamTaskEvents } from './event-stream.ts';
import { ensureLogs } from './seed.ts';
import type { ListFilters, PlatformStore } from './store.ts';
import { ConflictError, unwrapTupleDefaults, type TaskOps } from './task-ops.ts';
import { formatTime } from './time.ts';
import { patchShapeSchema, pushEventsSchema, toValidationDetails } from './validation.ts';

export interface RouteContext {
  store: PlatformStore;
  ops: TaskOps;
  organizationId: string;
  apiKey: string;
  keepAliveMs: number;
  clock: () => number;
}

type Method = 'get' | 'post' | 'patch' | 'delete';

const detail = (
  c: Context,
  status: 403 | 404 | 409 | 422 | 500,
  message: unknown,
  extra: Record<string, unknown> = {},
) => c.json({ detail: message, ...extra }, status);

const keyMatches = (given: string | undefined, expected: string): boolean => {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** Reads and validates a JSON body; on failure returns the FastAPI-style 422 response instead. */
async function readBody<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<{ ok: true; body: z.infer<S>; raw: unknown } | { ok: false; response: Response }> {
  const text = await c.req.text();
  if (text.trim() === '') {
    return {
      ok: false,
      response: detail(c, 422, [
        { type: 'missing', loc: ['body'], msg: 'Field required', input: null },
      ]),
    };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      response: detail(c, 422, [
        {
          type: 'json_invalid',
          loc: ['body', 0],
          msg: `JSON decode error: ${(error as Error).message}`,
          input: {},
        },
      ]),
    };
  }
  const unwrapped =
    raw && typeof raw === 'object' && !Array.isArray(raw)
      ? unwrapTupleDefaults(raw as Record<string, unknown>)
      : raw;
  const parsed = schema.safeParse(unwrapped);
  if (!parsed.success)
    return { ok: false, response: detail(c, 422, toValidationDetails(parsed.error, unwrapped)) };
  return { ok: true, body: parsed.data, raw: unwrapped };
}

/**
 * The Tasks API of the contract (§1). Every REST route is served with and without a leading
 * `/{organization_id}` (the SDK adds it only for agent-controller/9016 hosts, the old TS SDK
 * always); the SSE route lives under the org prefix (and, for convenience, without it).
 * Registration order is the precedence order: literal segments (`executions`,
 * `history/user`, `agents/list`) come before the `{id}` routes they could be mistaken for.
 */
export function createRoutes(ctx: RouteContext): Hono {
  const { store, ops } = ctx;
  const app = new Hono();

  app.get('/health', (c) => c.json({ status: 'ok' }));

  app.use('*', async (c, next) => {
    if (!keyMatches(c.req.header('x-api-key'), ctx.apiKey))
      return detail(c, 403, 'Invalid API key');
    await next();
  });

  const route = (method: Method, path: string, handler: Handler) => {
    app[method](path, handler);
    app[method](`/:org${path}`, (c, next) => {
      if (c.req.param('org') !== ctx.organizationId) return detail(c, 403, 'Organization mismatch');
      return handler(c, next);
    });
  };

  const taskNotFound = (c: Context, id: string) => detail(c, 404, `Task ${id} not found`);
  const agentNotFound = (c: Context, id: string) => detail(c, 404, `Agent ${id} not found`);
  const filtersOf = (c: Context): ListFilters => {
    const q = c.req.query();
    return {
      user_id: q['user_id'],
      parent_task_id: q['parent_task_id'],
      triggering_agent_id: q['triggering_agent_id'],
      status: q['status'],
      internal_status: q['internal_status'],
    };
  };

  route('get', '/agents/list', (c) => c.json(store.listAgents()));
  route('get', '/agents/:agentId', (c) => {
    const agent = store.getAgent(c.req.param('agentId') ?? '');
    return agent ? c.json(agent) : agentNotFound(c, c.req.param('agentId') ?? '');
  });

  route('get', '/agent-execution/executions/history/user/:userId', (c) => {
    const { user_id: _ignored, ...filters } = filtersOf(c);
    return c.json(
      store.listTasks({ user_id: c.req.param('userId') ?? '' }, filters, ctx.organizationId),
    );
  });
  route('get', '/agent-execution/executions/history/:agentId', (c) => {
    const agentId = c.req.param('agentId') ?? '';
    if (!store.getAgent(agentId)) return agentNotFound(c, agentId);
    return c.json(store.listTasks({ agent_id: agentId }, filtersOf(c), ctx.organizationId));
  });

  route('get', '/agent-execution/:taskId/status', (c) => {
    const id = c.req.param('taskId') ?? '';
    const task = store.getTask(id);
    return task ? c.json(task) : taskNotFound(c, id);
  });

  route('get', '/agent-execution/:taskId/events', (c) => {
    const id = c.req.param('taskId') ?? '';
    ensureLogs(store, ops, id);
    const row = store.getTaskRow(id);
    if (!row) return taskNotFound(c, id);
    return streamTaskEvents(c, store, id, row.streamStartSeq, ctx.keepAliveMs);
  });

  route('post', '/agent-execution/:taskId/events/push', async (c) => {
    const id = c.req.param('taskId') ?? '';
    if (!store.getTask(id)) return taskNotFound(c, id);
    const parsed = await readBody(c, pushEventsSchema);
    if (!parsed.ok) return parsed.response;
    ensureLogs(store, ops, id);
    const events = parsed.body.map((e) => ({
      type: e.type as EventType,
      time: e.time ?? null,
      data: e.data,
    }));
    return c.json({ accepted: ops.push(id, events, ctx.clock()) });
  });

  route('post', '/agent-execution/:agentId/report_task', async (c) => {
    const agentId = c.req.param('agentId') ?? '';
    const agent = store.getAgent(agentId);
    if (!agent) return agentNotFound(c, agentId);
    const parsed = await readBody(c, reportTaskRequestSchema);
    if (!parsed.ok) return parsed.response;
    try {
      return c.json(ops.report(agent, parsed.raw as Record<string, unknown>, ctx.clock()));
    } catch (error) {
      if (error instanceof ConflictError) return detail(c, 409, error.message);
      throw error;
    }
  });

  route('patch', '/agent-execution/:taskId/update', async (c) => {
    const id = c.req.param('taskId') ?? '';
    if (!store.getTask(id)) return taskNotFound(c, id);
    const parsed = await readBody(c, updateTaskRequestSchema.and(patchShapeSchema));
    if (!parsed.ok) return parsed.response;
    const body = parsed.raw as Record<string, unknown>;
    // The 409 rule (README): a write that names the version it read, by body `updated_at`
    // or an If-Match header, must match the task's current `updated_at`.
    const ifMatch = c.req.header('if-match')?.replace(/^W\//, '').replace(/^"|"$/g, '') ?? null;
    const expected = typeof body['updated_at'] === 'string' ? body['updated_at'] : ifMatch || null;
    try {
      const task = ops.patch(id, body, expected, ctx.clock());
      return task ? c.json(task) : taskNotFound(c, id);
    } catch (error) {
      if (error instanceof ConflictError)
        return detail(c, 409, error.message, { task: store.getTask(id) });
      throw error;
    }
  });

  route('post', '/agent-execution/:agentId', async (c) => {
    const agentId = c.req.param('agentId') ?? '';
    const agent = store.getAgent(agentId);
    if (!agent) return agentNotFound(c, agentId);
    const parsed = await readBody(c, createTaskRequestSchema);
    if (!parsed.ok) return parsed.response;
    try {
      return c.json(
        ops.create(
          agent,
          parsed.raw as Record<string, unknown>,
          c.req.header('x-agent-version') ?? null,
          ctx.clock(),
        ),
      );
    } catch (error) {
      if (error instanceof ConflictError) return detail(c, 409, error.message);
      throw error;
    }
  });

  route('delete', '/agent-execution/:taskId', (c) => {
    const id = c.req.param('taskId') ?? '';
    const task = ops.stop(id, ctx.clock());
    return task ? c.json(task) : taskNotFound(c, id);
  });

  route('get', '/activity/:agentId/:taskId', (c) => {
    const id = c.req.param('taskId') ?? '';
    const task = store.getTask(id);
    if (!task || task.agent_id !== c.req.param('agentId')) return taskNotFound(c, id);
    ensureLogs(store, ops, id);
    const messages = store.activity(id);
    if (messages.length === 0)
      return detail(c, 404, `Task ${id} has no activity log (it never started)`);
    return c.json({
      id: task.id,
      created_at: task.created_at,
      user: task.input.user,
      messages,
      agent_id: task.agent_id,
      organization_id: task.organization_id,
    });
  });

  route('post', '/agents-metrics/:agentId/execution', async (c) => {
    const agentId = c.req.param('agentId') ?? '';
    if (!store.getAgent(agentId)) return agentNotFound(c, agentId);
    const parsed = await readBody(c, metricsReportSchema);
    if (!parsed.ok) return parsed.response;
    store.insertMetrics(agentId, parsed.body.execution_id, formatTime(ctx.clock()), parsed.raw);
    return c.json({});
  });

  app.notFound((c) => detail(c, 404, 'Not Found'));
  app.onError((error, c) => {
    console.error('[platform]', error);
    return detail(c, 500, 'Internal Server Error');
  });
  return app;
}

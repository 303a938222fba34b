import { http, HttpResponse } from 'msw';
import { sampleErrorBodies } from '@/contract/fixtures/xpander-samples';
import { db } from './db';
import { isoAt, toListItem, toSseFrame } from './factories';
import { ids } from './fixtures';
import { api, detail, notFound, taskEventStream } from './http-utils';

const taskId = (params: Record<string, unknown>, key = 'taskId') => String(params[key]);

/** A task that breaks the contract: no `input`, no `created_at`, an unknown status. */
const brokenTask = (id: string) => ({
  id,
  agent_id: ids.financeAgent,
  organization_id: 'org',
  status: 'running',
});

/**
 * Named network states for `server.use(...scenarios.x)`. Each overrides only what it names;
 * everything else stays on the happy path.
 */
/**
 * The gateway's own routes (session, audit) are not the platform's: a platform failure
 * scenario leaves them to the default handlers (a resolver returning undefined falls through).
 */
function isGatewayOwn(request: Request): boolean {
  const { pathname } = new URL(request.url);
  return pathname.startsWith('/api/session') || pathname.startsWith('/api/audit');
}

export const scenarios = {
  /** Agents list as usual, but every history list is empty. */
  agentWithNoTasks: [
    http.get(api('/agent-execution/executions/history/user/:userId'), () => HttpResponse.json([])),
    http.get(api('/agent-execution/executions/history/:agentId'), () => HttpResponse.json([])),
  ],

  /** Every per-task route answers 404 `{detail}` (get, update, stop, activity, events). */
  taskNotFound: [
    http.get(api('/agent-execution/:taskId/status'), ({ params }) =>
      notFound(`Task ${taskId(params)}`),
    ),
    http.patch(api('/agent-execution/:taskId/update'), ({ params }) =>
      notFound(`Task ${taskId(params)}`),
    ),
    http.delete(api('/agent-execution/:taskId'), ({ params }) =>
      notFound(`Task ${taskId(params)}`),
    ),
    http.get(api('/agent-execution/:taskId/events'), ({ params }) =>
      notFound(`Task ${taskId(params)}`),
    ),
    http.get(api('/activity/:agentId/:taskId'), () => detail(404, 'Task has no activity log')),
  ],

  /** PATCH update answers 409, as for a concurrent write; the task stays as it was. */
  updateConflict409: [
    http.patch(api('/agent-execution/:taskId/update'), () =>
      HttpResponse.json(sampleErrorBodies.conflict, { status: 409 }),
    ),
  ],

  /** Every /api route answers 500 `{detail: "Internal Server Error"}`. */
  serverError500: [
    http.all(api('/*'), ({ request }) =>
      isGatewayOwn(request) ? undefined : detail(500, 'Internal Server Error'),
    ),
  ],

  /** Every /api route answers 403, as for a wrong API key. */
  forbidden403: [
    http.all(api('/*'), ({ request }) =>
      isGatewayOwn(request)
        ? undefined
        : HttpResponse.json(sampleErrorBodies.forbidden, { status: 403 }),
    ),
  ],

  /**
   * 200s that break the contract. Task responses (get/create/update/stop) miss required
   * fields; lists hold one valid item among invalid ones (a lenient list keeps it); the
   * activity log has a non-array `messages`; the event stream sends three bad frames and one
   * good chunk, then closes.
   */
  malformedPayload: [
    http.get(api('/agents/list'), () =>
      HttpResponse.json([db.agents[0], { id: 'agent-broken', name: 42 }]),
    ),
    http.get(api('/agent-execution/executions/history/user/:userId'), () =>
      HttpResponse.json(malformedList()),
    ),
    http.get(api('/agent-execution/executions/history/:agentId'), () =>
      HttpResponse.json(malformedList()),
    ),
    http.get(api('/agent-execution/:taskId/status'), ({ params }) =>
      HttpResponse.json(brokenTask(taskId(params))),
    ),
    http.post(api('/agent-execution/:agentId'), () => HttpResponse.json(brokenTask('task-new'))),
    http.patch(api('/agent-execution/:taskId/update'), ({ params }) =>
      HttpResponse.json(brokenTask(taskId(params))),
    ),
    http.delete(api('/agent-execution/:taskId'), ({ params }) =>
      HttpResponse.json(brokenTask(taskId(params))),
    ),
    http.get(api('/activity/:agentId/:taskId'), ({ params }) =>
      HttpResponse.json({ id: taskId(params), created_at: isoAt(0), messages: 'none' }),
    ),
    http.get(api('/agent-execution/:taskId/events'), ({ params }) => {
      const id = taskId(params);
      const envelope = { task_id: id, organization_id: 'org', time: isoAt(1) };
      return taskEventStream(id, {
        frames: [
          toSseFrame('this is not json'),
          toSseFrame({ ...envelope, type: 'chunk', data: { not: 'a string' } }),
          toSseFrame({ type: 'chunk', data: 'no envelope' }),
          toSseFrame({ ...envelope, type: 'chunk', data: 'still streaming' }),
        ],
        closeAfterReplay: true,
      });
    }),
  ],

  /** The task's stream sends its first `k` replay frames, then the connection fails. */
  streamDropsAfter: (k: number) => [
    http.get(api('/agent-execution/:taskId/events'), ({ params }) => {
      const id = taskId(params);
      if (!db.tasks.has(id)) return notFound(`Task ${id}`);
      return taskEventStream(id, { dropAfter: k });
    }),
  ],

  /** The task's stream carries an event type this console does not know, after the first. */
  streamWithUnknownEventType: [
    http.get(api('/agent-execution/:taskId/events'), ({ params }) => {
      const id = taskId(params);
      if (!db.tasks.has(id)) return notFound(`Task ${id}`);
      const frames = (db.events.get(id) ?? []).map((e) => toSseFrame(e));
      const unknown = toSseFrame({
        type: 'task_heartbeat_v2',
        task_id: id,
        organization_id: 'org',
        time: isoAt(5),
        data: { beat: 1 },
      });
      return taskEventStream(id, { frames: [...frames.slice(0, 1), unknown, ...frames.slice(1)] });
    }),
  ],
};

export type ScenarioName = keyof typeof scenarios;

function malformedList() {
  const good = db.tasks.get(ids.sampleTask);
  return [
    good ? toListItem(good) : null,
    {
      id: 'task-bad-status',
      agent_id: ids.financeAgent,
      organization_id: 'org',
      status: 'running',
    },
    'not an object',
  ];
}

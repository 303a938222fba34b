/**
 * Test support: a platform to test against over real HTTP, and checked readers for its answers.
 * PLATFORM_URL, PLATFORM_API_KEY and PLATFORM_ORG_ID point the suites at any running
 * platform; without them an in-process one starts on port 0 with a temp data dir.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { z } from 'zod';
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
  type TaskEventType,
} from '../../src/contract/index.ts';
import { startPlatform, type StartPlatformOptions } from './index.ts';

export interface PlatformUnderTest {
  url: string;
  organizationId: string;
  apiKey: string;
  /** True when this process started it (worker-specific suites need that). */
  local: boolean;
  dataDir: string | null;
  close(): Promise<void>;
}

export async function connectPlatform(
  options: Partial<StartPlatformOptions> = {},
  useEnv = true,
): Promise<PlatformUnderTest> {
  const env = process.env;
  if (useEnv && env['PLATFORM_URL'] && env['PLATFORM_API_KEY'] && env['PLATFORM_ORG_ID']) {
    return {
      url: env['PLATFORM_URL'].replace(/\/+$/, ''),
      apiKey: env['PLATFORM_API_KEY'],
      organizationId: env['PLATFORM_ORG_ID'],
      local: false,
      dataDir: null,
      close: async () => {},
    };
  }
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'platform-test-'));
  const p = await startPlatform({ port: 0, speed: 20, keepAliveMs: 250, ...options, dataDir });
  return {
    ...p,
    local: true,
    dataDir,
    close: async () => {
      await p.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface JsonResponse<T = unknown> {
  status: number;
  contentType: string;
  body: T;
  text: string;
}

export function client(p: Pick<PlatformUnderTest, 'url' | 'apiKey'>) {
  return async function call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<JsonResponse<T>> {
    const init: RequestInit = { method, headers: { 'x-api-key': p.apiKey, ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const res = await fetch(p.url + path, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON; keep the text
    }
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      body: parsed as T,
      text,
    };
  };
}

function check<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const r = schema.safeParse(value);
  if (!r.success)
    throw new Error(`${what} breaks the contract: ${JSON.stringify(r.error.issues.slice(0, 3))}`);
  return r.data;
}

export type TaskJson = z.infer<typeof taskSchema> & Record<string, unknown>;
export const checkTask = (v: unknown): TaskJson => check(taskSchema, v, 'Task') as TaskJson;
export const checkTaskList = (v: unknown) => {
  if (!Array.isArray(v)) throw new Error('history must be a bare JSON array');
  return v.map((item, i) => check(tasksListItemSchema, item, `list item ${i}`));
};
export const checkAgents = (v: unknown) => {
  if (!Array.isArray(v)) throw new Error('agents/list must be an array');
  return v.map((a, i) => check(agentsListItemSchema, a, `agent ${i}`));
};

export type ActivityKind = 'message' | 'tool_call' | 'reasoning' | 'sub_agent_trigger' | 'auth';
const ITEM_SCHEMAS: [ActivityKind, z.ZodType][] = [
  ['message', activityMessageSchema],
  ['tool_call', activityToolCallSchema],
  ['reasoning', activityReasoningSchema],
  ['auth', activityAuthSchema],
  ['sub_agent_trigger', activitySubAgentTriggerSchema],
];

/** The thread, with every item matched to one of the five item shapes (one odd item breaks the SDK). */
export function checkActivity(v: unknown): {
  thread: z.infer<typeof activityThreadSchema>;
  kinds: ActivityKind[];
} {
  const thread = check(activityThreadSchema, v, 'activity thread');
  const kinds = thread.messages.map((item, i) => {
    const hit = ITEM_SCHEMAS.find(([, s]) => s.safeParse(item).success);
    if (!hit)
      throw new Error(
        `activity item ${i} matches no item shape: ${JSON.stringify(item).slice(0, 300)}`,
      );
    return hit[0];
  });
  return { thread, kinds };
}

export interface Envelope {
  type: TaskEventType;
  task_id: string;
  organization_id: string;
  time: string;
  data: unknown;
}

export function checkEnvelope(v: unknown): Envelope {
  const env = check(taskEventEnvelopeSchema, v, 'event envelope') as Envelope;
  check(TASK_EVENT_DATA_SCHEMAS[env.type], env.data, `${env.type} data`);
  return env;
}

export interface SseResult {
  status: number;
  contentType: string;
  events: Envelope[];
  comments: string[];
  /** Lines other than `data:` and comments (must stay empty: no id:, no event:). */
  otherLines: string[];
  /** The server ended the stream (as opposed to our timeout). */
  closedByServer: boolean;
  raw: string;
}

/** Reads an SSE stream until the server closes it or `timeoutMs` passes; checks every frame. */
export async function readSse(
  p: Pick<PlatformUnderTest, 'url' | 'apiKey' | 'organizationId'>,
  taskId: string,
  timeoutMs = 15_000,
  path?: string,
): Promise<SseResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const res = await fetch(
    `${p.url}${path ?? `/${p.organizationId}/agent-execution/${taskId}/events`}`,
    {
      headers: { 'x-api-key': p.apiKey, accept: 'text/event-stream', 'cache-control': 'no-store' },
      signal: controller.signal,
    },
  );
  let raw = '';
  let closedByServer = false;
  try {
    if (res.body) {
      const decoder = new TextDecoder();
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
        raw += decoder.decode(chunk, { stream: true });
    }
    closedByServer = true;
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  } finally {
    clearTimeout(timer);
  }
  const events: Envelope[] = [];
  const comments: string[] = [];
  const otherLines: string[] = [];
  if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
    for (const frame of raw.split('\n\n')) {
      if (frame === '') continue;
      for (const line of frame.split('\n')) {
        if (line.startsWith('data: ')) events.push(checkEnvelope(JSON.parse(line.slice(6))));
        else if (line.startsWith(':')) comments.push(line);
        else otherLines.push(line);
      }
    }
  }
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    events,
    comments,
    otherLines,
    closedByServer,
    raw,
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls GET …/status until `done(task)` or the deadline. */
export async function waitForTask(
  call: ReturnType<typeof client>,
  taskId: string,
  done: (t: TaskJson) => boolean,
  timeoutMs = 20_000,
): Promise<TaskJson> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await call('GET', `/agent-execution/${taskId}/status`);
    const task = checkTask(res.body);
    if (done(task)) return task;
    if (Date.now() > deadline)
      throw new Error(`task ${taskId} still ${task.status} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

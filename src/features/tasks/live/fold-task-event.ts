import {
  tryParseTimestamp,
  type KnownTaskEvent,
  type Task,
  type TaskEvent,
  type ToolCallReasoning,
} from '@/contract';

/** One streamed tool call: the request and its result merged, paired by tool_call_id or request_id. */
export interface LiveToolCall {
  key: string;
  toolName: string | null;
  requestId: string | null;
  toolCallId: string | null;
  operationId: string | null;
  payload: unknown;
  reasoning: ToolCallReasoning | null;
  /** False until the result event arrives; `result` may legitimately be null. */
  hasResult: boolean;
  result: unknown;
  isError: boolean;
  requestedAt: string | null;
  finishedAt: string | null;
}

export interface LiveEventEntry {
  /** Position in arrival order, stable across renders: a React key. */
  seq: number;
  event: TaskEvent;
}

interface Chunk {
  time: number;
  seq: number;
  text: string;
}

export interface LiveState {
  /** The latest task record from a task_* event (or a plan update applied to it). */
  task: Task | null;
  /** Time (ms) of the task_* event that set `task`; older ones are ignored. */
  taskTime: number;
  outputText: string;
  chunks: readonly Chunk[];
  toolCalls: ReadonlyMap<string, LiveToolCall>;
  /** Arrival order of the tool-call keys. */
  toolCallOrder: readonly string[];
  events: readonly LiveEventEntry[];
  /** Events dropped from the front of `events` to keep it bounded. */
  droppedEvents: number;
  unknownCount: number;
  finished: boolean;
  seen: ReadonlySet<string>;
  nextSeq: number;
}

/** Enough for any real run; beyond it the oldest rows go (the output text keeps every chunk). */
export const MAX_LIVE_EVENTS = 20_000;

export function createLiveState(): LiveState {
  return {
    task: null,
    taskTime: Number.NEGATIVE_INFINITY,
    outputText: '',
    chunks: [],
    toolCalls: new Map(),
    toolCallOrder: [],
    events: [],
    droppedEvents: 0,
    unknownCount: 0,
    finished: false,
    seen: new Set(),
    nextSeq: 0,
  };
}

// cyrb53: the dedupe key holds a hash of the data instead of the JSON itself, so a stream of
// full task records (results can be megabytes) does not keep every copy alive in the Set.
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

function stringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return String(value);
  }
}

/**
 * The dedupe key of the API doc §7.5: (type, time, JSON of data). The platform replays a
 * task's whole log on every connect, so after a reconnect every earlier event comes again.
 */
export function eventKey(event: TaskEvent): string {
  if (event.type === 'unknown') {
    const json = stringify(event.raw);
    return `unknown|${hash53(json)}|${json.length}`;
  }
  const json = stringify(event.data);
  return `${event.type}|${event.time}|${hash53(json)}|${json.length}`;
}

function timeOf(iso: string): number {
  return tryParseTimestamp(iso) ?? 0;
}

function isTaskEvent(
  event: KnownTaskEvent,
): event is Extract<KnownTaskEvent, { type: 'task_created' | 'task_updated' | 'task_finished' }> {
  return (
    event.type === 'task_created' || event.type === 'task_updated' || event.type === 'task_finished'
  );
}

interface Draft {
  task: Task | null;
  taskTime: number;
  chunks: Chunk[] | null;
  chunksOutOfOrder: boolean;
  appended: string;
  toolCalls: Map<string, LiveToolCall> | null;
  toolCallOrder: string[] | null;
  events: LiveEventEntry[];
  unknownCount: number;
  finished: boolean;
  seen: Set<string> | null;
  nextSeq: number;
}

function foldOne(state: LiveState, d: Draft, event: TaskEvent): void {
  const key = eventKey(event);
  if ((d.seen ?? state.seen).has(key)) return;
  d.seen ??= new Set(state.seen);
  d.seen.add(key);
  d.events.push({ seq: d.nextSeq++, event });

  if (event.type === 'unknown') {
    d.unknownCount++;
    return;
  }

  if (isTaskEvent(event)) {
    const time = timeOf(event.time);
    // task_* events are whole-record replacements; an older one arriving late must not
    // roll the record back (a finished task would show as running again).
    if (time >= d.taskTime && !(d.finished && event.type !== 'task_finished')) {
      d.task = event.data;
      d.taskTime = time;
    }
    if (event.type === 'task_finished') d.finished = true;
    return;
  }

  switch (event.type) {
    case 'chunk': {
      const chunks = (d.chunks ??= [...state.chunks]);
      const chunk: Chunk = { time: timeOf(event.time), seq: d.nextSeq - 1, text: event.data };
      const last = chunks[chunks.length - 1];
      if (!last || last.time <= chunk.time) {
        chunks.push(chunk);
        d.appended += chunk.text;
      } else {
        // Rare: chunks out of time order. Insert after every chunk at or before its time.
        let i = chunks.length - 1;
        while (i > 0 && (chunks[i - 1]?.time ?? 0) > chunk.time) i--;
        chunks.splice(i, 0, chunk);
        d.chunksOutOfOrder = true;
      }
      return;
    }
    case 'tool_call_request':
    case 'tool_call_result': {
      const data = event.data;
      const key = data.tool_call_id || data.request_id;
      const calls = (d.toolCalls ??= new Map(state.toolCalls));
      const existing = calls.get(key);
      if (!existing) (d.toolCallOrder ??= [...state.toolCallOrder]).push(key);
      const base: LiveToolCall = existing ?? {
        key,
        toolName: null,
        requestId: null,
        toolCallId: null,
        operationId: null,
        payload: undefined,
        reasoning: null,
        hasResult: false,
        result: undefined,
        isError: false,
        requestedAt: null,
        finishedAt: null,
      };
      const next: LiveToolCall = {
        ...base,
        toolName: data.tool_name ?? base.toolName,
        requestId: data.request_id || base.requestId,
        toolCallId: data.tool_call_id ?? base.toolCallId,
        operationId: data.operation_id || base.operationId,
        payload: base.payload === undefined ? data.payload : base.payload,
        reasoning: data.reasoning ?? base.reasoning,
      };
      if (event.type === 'tool_call_request') {
        next.requestedAt = event.time;
        if (data.payload !== undefined) next.payload = data.payload;
      } else {
        next.hasResult = true;
        next.result = event.data.result;
        next.isError = event.data.is_error === true;
        next.finishedAt = event.time;
      }
      calls.set(key, next);
      return;
    }
    case 'plan_updated': {
      if (d.task) d.task = { ...d.task, deep_planning: event.data };
      return;
    }
    default:
      // think, analyze, auth_event, sub_agent_trigger, task_compactization: listed only.
      return;
  }
}

/**
 * Folds a batch of events into the live state: one copy of each collection per batch, so a
 * frame's worth of events costs one allocation, not one per event. Pure: `state` is not
 * changed, and a batch made only of replays returns `state` itself.
 */
export function foldTaskEvents(state: LiveState, events: readonly TaskEvent[]): LiveState {
  const d: Draft = {
    task: state.task,
    taskTime: state.taskTime,
    chunks: null,
    chunksOutOfOrder: false,
    appended: '',
    toolCalls: null,
    toolCallOrder: null,
    events: [],
    unknownCount: state.unknownCount,
    finished: state.finished,
    seen: null,
    nextSeq: state.nextSeq,
  };
  for (const event of events) foldOne(state, d, event);
  // Nothing new (every event a replay): the very same state, so React skips the render.
  if (d.seen === null) return state;

  let allEvents = d.events.length > 0 ? [...state.events, ...d.events] : state.events;
  let dropped = state.droppedEvents;
  if (allEvents.length > MAX_LIVE_EVENTS) {
    const extra = allEvents.length - MAX_LIVE_EVENTS;
    allEvents = allEvents.slice(extra);
    dropped += extra;
  }

  const chunks = d.chunks ?? state.chunks;
  const outputText = d.chunksOutOfOrder
    ? chunks.map((c) => c.text).join('')
    : d.appended
      ? state.outputText + d.appended
      : state.outputText;

  return {
    task: d.task,
    taskTime: d.taskTime,
    outputText,
    chunks,
    toolCalls: d.toolCalls ?? state.toolCalls,
    toolCallOrder: d.toolCallOrder ?? state.toolCallOrder,
    events: allEvents,
    droppedEvents: dropped,
    unknownCount: d.unknownCount,
    finished: d.finished,
    seen: d.seen,
    nextSeq: d.nextSeq,
  };
}

/** Folds one event. A replayed event (same type, time and data) changes nothing. */
export function foldTaskEvent(state: LiveState, event: TaskEvent): LiveState {
  return foldTaskEvents(state, [event]);
}

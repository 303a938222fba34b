import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, getTask, streamTaskEvents } from '@/api';
import { isTerminalStatus, tryParseTimestamp, type Task, type TaskEvent } from '@/contract';
import { taskQueries } from '../task-queries';
import { applyTaskToCache, patchListRows } from './apply-task-to-cache';
import { backoffDelay, sleep } from './backoff-delay';
import { createLiveState, foldTaskEvents, type LiveState } from './fold-task-event';

/**
 * - Connecting: first request out; Live: the server accepted the stream;
 * - Reconnecting: it dropped (or went silent), waiting out the backoff or re-fetching to close
 *   the gap;
 * - Ended: task_finished arrived, the task is terminal, the server refused the stream or has
 *   none (204), or a finished task's events could not be read after several attempts (`error`);
 * - Polling: the task does not stream events, so it is re-fetched every few seconds;
 * - Idle: nothing to watch (no task yet, or a finished task whose events were not asked for).
 */
export type ConnectionState = 'Connecting' | 'Live' | 'Reconnecting' | 'Ended' | 'Polling' | 'Idle';

export const POLL_INTERVAL_MS = 3_000;
/**
 * No byte at all (events or keep-alive comments) for this long means the connection is dead
 * even if it looks open: the platform sends a keep-alive every 15 s and the gateway every 15 s
 * of idleness, so this is three missed keep-alives.
 */
export const STALL_TIMEOUT_MS = 45_000;
/** The platform closes right after task_finished; a server that does not is given this long. */
export const FINISH_GRACE_MS = 5_000;
/** Attempts at reading a finished task's events before giving up with the error. */
export const MAX_FINISHED_ATTEMPTS = 5;
/** The longest Retry-After honoured; a longer one is the backoff's business. */
const MAX_RETRY_AFTER_MS = 60_000;

export interface TaskEventStreamOptions {
  /** Backoff base and cap; tests shrink them. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  pollIntervalMs?: number;
  /** Heartbeat watchdog: reconnect after this long without a byte. Tests shrink it. */
  stallTimeoutMs?: number;
  finishGraceMs?: number;
  maxFinishedAttempts?: number;
}

export interface TaskEventStream {
  state: ConnectionState;
  live: LiveState;
  /** Reconnect attempts since the last healthy stream. */
  attempt: number;
  /**
   * Why the stream ended early (a refused stream, or a finished task's events that could not
   * be read), or the last drop while reconnecting.
   */
  error: ApiError | null;
  /** Re-reads the whole recorded stream (a finished task's events, or after a refused stream). */
  replay: () => void;
}

const EMPTY = createLiveState();

/** The latest moment a task record speaks for, so an older replayed record cannot win. */
export function taskRecordTime(task: Task): number {
  let latest = Number.NEGATIVE_INFINITY;
  for (const value of [
    task.updated_at,
    task.finished_at,
    task.paused_at,
    task.started_at,
    task.created_at,
  ]) {
    const t = value ? tryParseTimestamp(value) : null;
    if (t !== null && t > latest) latest = t;
  }
  return latest;
}

function writeStreamedTask(queryClient: QueryClient, task: Task, eventTime: number): void {
  const cached = queryClient.getQueryData(taskQueries.detail(task.id).queryKey);
  // The platform replays the whole log on connect: its task_created (status pending) must not
  // overwrite the newer record the page already fetched.
  if (cached && eventTime < taskRecordTime(cached)) return;
  applyTaskToCache(
    queryClient,
    task,
    Number.isFinite(eventTime) ? new Date(eventTime).toISOString() : undefined,
  );
}

// 4xx other than timeouts and rate limits will not get better by asking again.
function isFatal(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.kind === 'http' &&
    error.status !== undefined &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 408 &&
    error.status !== 429
  );
}

/**
 * Watches a task while it runs. With `events_streaming` it reads the SSE stream, folds each
 * event into live state (at most one render per animation frame) and writes task records
 * into the query cache the list and the detail read. On a drop it backs off, re-fetches the
 * task and the activity log, reconnects and drops the replayed events. Without streaming it
 * re-fetches the task every few seconds until it finishes.
 */
export function useTaskEventStream(
  task: Task | undefined,
  options: TaskEventStreamOptions = {},
): TaskEventStream {
  const {
    baseDelayMs = 500,
    maxDelayMs = 10_000,
    pollIntervalMs = POLL_INTERVAL_MS,
    stallTimeoutMs = STALL_TIMEOUT_MS,
    finishGraceMs = FINISH_GRACE_MS,
    maxFinishedAttempts = MAX_FINISHED_ATTEMPTS,
  } = options;
  const queryClient = useQueryClient();
  const taskId = task?.id;
  const agentId = task?.agent_id;
  const streaming = task?.events_streaming === true;
  const terminal = isTerminalStatus(task?.status);

  // Which run of the stream is wanted: bumped by replay(). A running task starts run 1 itself.
  const [requested, setRequested] = useState<{ taskId: string | undefined; run: number }>({
    taskId,
    run: 0,
  });
  const run = requested.taskId === taskId ? requested.run : 0;
  const [snapshot, setSnapshot] = useState<{
    taskId: string | undefined;
    live: LiveState;
    state: ConnectionState | null;
    attempt: number;
    error: ApiError | null;
  }>({ taskId, live: EMPTY, state: null, attempt: 0, error: null });
  const mine = snapshot.taskId === taskId ? snapshot : null;
  // Once started, a stream runs until it ends by itself: the task turning terminal in the
  // cache (say, from a task_updated just before task_finished) must not cut it off.
  const inProgress =
    mine?.state === 'Connecting' || mine?.state === 'Live' || mine?.state === 'Reconnecting';
  const active = taskId !== undefined && streaming && (!terminal || run > 0 || inProgress);

  useEffect(() => {
    if (!active || taskId === undefined || agentId === undefined) return;
    const controller = new AbortController();
    const { signal } = controller;
    let folded = createLiveState();
    let buffer: TaskEvent[] = [];
    let frame: number | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let attempt = 0;
    let error: ApiError | null = null;
    let state: ConnectionState = 'Connecting';

    const publish = () => {
      if (signal.aborted) return;
      setSnapshot({ taskId, live: folded, state, attempt, error });
    };
    const setState = (next: ConnectionState) => {
      if (state === next) return;
      state = next;
      publish();
    };

    const flush = () => {
      if (frame !== null) cancelAnimationFrame(frame);
      if (timer !== null) clearTimeout(timer);
      frame = null;
      timer = null;
      if (buffer.length === 0) return;
      const batch = buffer;
      buffer = [];
      const before = folded;
      folded = foldTaskEvents(folded, batch);
      if (folded === before) return;
      if (folded.task && folded.task !== before.task)
        writeStreamedTask(queryClient, folded.task, folded.taskTime);
      publish();
    };
    // One render per frame. A hidden tab runs no frames, so a timer flushes as a fallback and
    // the buffer cannot grow without bound.
    const schedule = () => {
      if (frame === null && typeof requestAnimationFrame === 'function')
        frame = requestAnimationFrame(flush);
      if (timer === null) timer = setTimeout(flush, 1000);
    };

    const eventsPath = `/agent-execution/${taskId}/events`;

    /**
     * One connection, read to its close. Reads past task_finished: the platform closes right
     * after it, and an event a proxy reordered behind it would otherwise be lost. A heartbeat
     * watchdog breaks off a connection that stays open but sends nothing.
     */
    const readOnce = async (showLive: boolean): Promise<{ failure: unknown; opened: boolean }> => {
      const connection = new AbortController();
      const cut = () => connection.abort();
      signal.addEventListener('abort', cut, { once: true });
      let opened = false;
      let stalled = false;
      let sawFinished = false;
      let lastBytes = Date.now();
      let grace: ReturnType<typeof setTimeout> | null = null;
      // Re-armed for the time left rather than on every chunk: one timer per stall period.
      const check = () => {
        const idle = Date.now() - lastBytes;
        if (idle >= stallTimeoutMs) {
          stalled = true;
          connection.abort();
        } else watchdog = setTimeout(check, stallTimeoutMs - idle);
      };
      let watchdog = setTimeout(check, stallTimeoutMs);
      let failure: unknown = null;
      try {
        const events = streamTaskEvents(taskId, {
          signal: connection.signal,
          onOpen: () => {
            opened = true;
            if (showLive) setState('Live');
          },
          onActivity: () => {
            lastBytes = Date.now();
          },
        });
        for await (const event of events) {
          buffer.push(event);
          schedule();
          if (event.type === 'task_finished' && !sawFinished) {
            sawFinished = true;
            grace = setTimeout(cut, finishGraceMs);
          }
        }
      } catch (caught) {
        failure = caught;
      } finally {
        clearTimeout(watchdog);
        if (grace !== null) clearTimeout(grace);
        signal.removeEventListener('abort', cut);
      }
      if (stalled && !signal.aborted) {
        failure = new ApiError({
          kind: 'network',
          method: 'GET',
          path: eventsPath,
          cause: new Error(`no bytes for ${stallTimeoutMs} ms`),
        });
      } else if (sawFinished && connection.signal.aborted && !signal.aborted) {
        // Cut off after the grace period: task_finished was the end either way.
        failure = null;
      }
      return { failure, opened };
    };

    const loop = async () => {
      publish();
      const cached = queryClient.getQueryData(taskQueries.detail(taskId).queryKey);
      let taskTerminal = isTerminalStatus(cached?.status);
      for (;;) {
        const seqAtConnect = folded.nextSeq;
        const { failure, opened } = await readOnce(true);
        if (signal.aborted) return;
        flush();
        if (folded.finished) {
          // No `id:` on the wire (contract §7.4), so a frame lost inside one connection (a
          // proxy or the platform skipping one) cannot be seen as a gap. A finished task's
          // stream replays its whole log and closes: reading it once more, folded with the
          // usual dedupe, fills any such gap for the cost of one request per finished stream.
          // Best effort: if it fails, what the first read brought stands.
          await readOnce(false);
          if (signal.aborted) return;
          flush();
          error = null;
          setState('Ended');
          void queryClient.invalidateQueries({
            queryKey: taskQueries.activity(agentId, taskId).queryKey,
          });
          return;
        }
        if (isFatal(failure)) {
          error = failure as ApiError;
          state = 'Ended';
          publish();
          return;
        }
        if (failure === null && !opened) {
          // 204: the server has no stream for this task and asks not to reconnect.
          error = null;
          setState('Ended');
          return;
        }
        // A drop, a stall, or a close before task_finished. A stream that brought something
        // new was healthy: start the backoff over.
        const progressed = folded.nextSeq > seqAtConnect;
        if (progressed) attempt = 0;
        error =
          failure instanceof ApiError
            ? failure
            : failure === null
              ? null
              : new ApiError({ kind: 'network', method: 'GET', path: eventsPath, cause: failure });
        attempt++;
        // A finished task has nothing more to wait for, so failing to read its log is not
        // worth retrying forever; but it must end with the error and a Retry, never as an
        // empty "Ended" that looks like a task without events.
        if (error && taskTerminal && attempt >= maxFinishedAttempts) {
          state = 'Ended';
          publish();
          return;
        }
        state = 'Reconnecting';
        publish();
        const backoff = backoffDelay(attempt - 1, { baseMs: baseDelayMs, capMs: maxDelayMs });
        const retryAfter = Math.min(error?.retryAfterMs ?? 0, MAX_RETRY_AFTER_MS);
        await sleep(Math.max(backoff, retryAfter), signal);
        if (signal.aborted) return;
        // Close the gap over REST; the reconnect replays the log and the fold drops what it saw.
        try {
          const fresh = await getTask(taskId, { signal });
          if (signal.aborted) return;
          applyTaskToCache(queryClient, fresh);
          void queryClient.invalidateQueries({
            queryKey: taskQueries.activity(agentId, taskId).queryKey,
          });
          taskTerminal = isTerminalStatus(fresh.status);
          // Finished, and the last stream closed cleanly with nothing more to say: there is
          // nothing to wait for. After a failed read, the log is still to be read.
          if (taskTerminal && failure === null && !progressed) {
            setState('Ended');
            return;
          }
        } catch (caught) {
          if (signal.aborted) return;
          if (isFatal(caught)) {
            error = caught as ApiError;
            setState('Ended');
            return;
          }
        }
      }
    };
    void loop();

    return () => {
      controller.abort();
      if (frame !== null) cancelAnimationFrame(frame);
      if (timer !== null) clearTimeout(timer);
    };
    // `run` restarts the stream on replay(); the rest of the task record does not.
  }, [
    active,
    taskId,
    agentId,
    run,
    queryClient,
    baseDelayMs,
    maxDelayMs,
    stallTimeoutMs,
    finishGraceMs,
    maxFinishedAttempts,
  ]);

  // Tasks without event streaming: poll while they run (the query's own observers refetch).
  const polling = taskId !== undefined && task !== undefined && !streaming && !terminal;
  useEffect(() => {
    if (!polling || taskId === undefined) return;
    const interval = setInterval(() => {
      if (document.visibilityState === 'hidden') return;
      void queryClient.invalidateQueries({
        queryKey: taskQueries.detail(taskId).queryKey,
        exact: true,
      });
    }, pollIntervalMs);
    return () => clearInterval(interval);
  }, [polling, taskId, queryClient, pollIntervalMs]);

  // Every newer record of the open task (poll, event, mutation) reaches the list rows, and a
  // task that just finished gets its final activity log.
  const lastStatus = useRef<{ id: string; terminal: boolean } | null>(null);
  useEffect(() => {
    if (!task) return;
    patchListRows(queryClient, task);
    const previous = lastStatus.current;
    lastStatus.current = { id: task.id, terminal };
    if (previous && previous.id === task.id && !previous.terminal && terminal) {
      void queryClient.invalidateQueries({
        queryKey: taskQueries.activity(task.agent_id, task.id).queryKey,
      });
    }
  }, [task, terminal, queryClient]);

  const replay = useCallback(() => {
    setRequested((r) => ({ taskId, run: (r.taskId === taskId ? r.run : 0) + 1 }));
  }, [taskId]);

  let state: ConnectionState;
  if (!task) state = 'Idle';
  else if (!streaming) state = terminal ? 'Ended' : 'Polling';
  else if (mine?.state) state = mine.state;
  else state = active ? 'Connecting' : terminal ? 'Idle' : 'Connecting';

  return {
    state,
    live: mine?.live ?? EMPTY,
    attempt: mine?.attempt ?? 0,
    error: mine?.error ?? null,
    replay,
  };
}

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
 * - Reconnecting: it dropped, waiting out the backoff or re-fetching to close the gap;
 * - Ended: task_finished arrived, the task is terminal, or the server refused the stream;
 * - Polling: the task does not stream events, so it is re-fetched every few seconds;
 * - Idle: nothing to watch (no task yet, or a finished task whose events were not asked for).
 */
export type ConnectionState = 'Connecting' | 'Live' | 'Reconnecting' | 'Ended' | 'Polling' | 'Idle';

export const POLL_INTERVAL_MS = 3_000;

export interface TaskEventStreamOptions {
  /** Backoff base and cap; tests shrink them. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  pollIntervalMs?: number;
}

export interface TaskEventStream {
  state: ConnectionState;
  live: LiveState;
  /** Reconnect attempts since the last healthy stream. */
  attempt: number;
  /** Why the stream ended early (a refused stream), or the last drop while reconnecting. */
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
  const { baseDelayMs = 500, maxDelayMs = 10_000, pollIntervalMs = POLL_INTERVAL_MS } = options;
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

    const loop = async () => {
      publish();
      for (;;) {
        const seqAtConnect = folded.nextSeq;
        let failure: unknown = null;
        try {
          const events = streamTaskEvents(taskId, { signal, onOpen: () => setState('Live') });
          for await (const event of events) {
            buffer.push(event);
            schedule();
            // The platform closes after task_finished; stop reading either way.
            if (event.type === 'task_finished') break;
          }
        } catch (caught) {
          failure = caught;
        }
        if (signal.aborted) return;
        flush();
        if (folded.finished) {
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
        // A drop, or a close before task_finished. A stream that brought something new was
        // healthy: start the backoff over.
        const progressed = folded.nextSeq > seqAtConnect;
        if (progressed) attempt = 0;
        error = failure instanceof ApiError ? failure : null;
        attempt++;
        state = 'Reconnecting';
        publish();
        await sleep(backoffDelay(attempt - 1, { baseMs: baseDelayMs, capMs: maxDelayMs }), signal);
        if (signal.aborted) return;
        // Close the gap over REST; the reconnect replays the log and the fold drops what it saw.
        try {
          const fresh = await getTask(taskId, { signal });
          if (signal.aborted) return;
          applyTaskToCache(queryClient, fresh);
          void queryClient.invalidateQueries({
            queryKey: taskQueries.activity(agentId, taskId).queryKey,
          });
          // Finished, and the last stream had nothing more to say: there is nothing to wait for.
          if (isTerminalStatus(fresh.status) && !progressed) {
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
  }, [active, taskId, agentId, run, queryClient, baseDelayMs, maxDelayMs]);

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

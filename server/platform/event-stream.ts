import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { StoredEvent } from './event-log.ts';
import type { PlatformStore } from './store.ts';
import { isTerminal } from './task-model.ts';

const MAX_BATCH = 256 * 1024;

/**
 * GET /{org}/agent-execution/{task_id}/events. Replays the task's log from the start of its
 * current run, then tails it live; closes right after `task_finished` (at once when the task
 * is already terminal). Frames are `data: <one JSON line>` only: no `id:` and no `event:`,
 * which the SDK's SSE consumer could choke on (§7.4). Keep-alives are `: ping` comments.
 */
export function streamTaskEvents(
  c: Context,
  store: PlatformStore,
  taskId: string,
  streamStartSeq: number,
  keepAliveMs: number,
): Response {
  c.header('X-Accel-Buffering', 'no');
  c.header('Cache-Control', 'no-cache, no-store');
  return streamSSE(c, async (stream) => {
    const queue: StoredEvent[] = [];
    let wake: (() => void) | null = null;
    let aborted = false;
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    const { replay, unsubscribe } = store.events.replayAndSubscribe(
      taskId,
      streamStartSeq,
      (event) => {
        queue.push(event);
        notify();
      },
    );
    stream.onAbort(() => {
      aborted = true;
      notify();
    });
    const ping = setInterval(() => {
      if (!aborted) stream.write(': ping\n\n').catch(() => undefined);
    }, keepAliveMs);
    try {
      let batch = '';
      for (const event of replay) {
        batch += `data: ${event.body}\n\n`;
        if (batch.length >= MAX_BATCH) {
          await stream.write(batch);
          batch = '';
        }
      }
      if (batch) await stream.write(batch);
      // Terminal now: the log already holds its task_finished; replay and close.
      if (isTerminal(store.getTask(taskId)?.status)) return;
      while (!aborted) {
        const event = queue.shift();
        if (!event) {
          await new Promise<void>((resolve) => (wake = resolve));
          continue;
        }
        await stream.write(`data: ${event.body}\n\n`);
        if (event.type === 'task_finished') return;
      }
    } finally {
      clearInterval(ping);
      unsubscribe();
    }
  });
}

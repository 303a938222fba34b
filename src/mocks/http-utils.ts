import { HttpResponse } from 'msw';
import { isTerminalStatus } from '@/contract';
import { db, subscribeToTask } from './db';
import { toSseFrame, type WireTaskEvent } from './factories';

/** Handler paths match any origin: the browser's, or http://localhost under Node. */
export const api = (path: string) => `*/api${path}`;

export function detail(status: number, text: string) {
  return HttpResponse.json({ detail: text }, { status });
}

export function notFound(what: string) {
  return detail(404, `${what} not found`);
}

export interface EventStreamOptions {
  /** Frames to replay instead of the task's stored log (raw SSE text, blank line included). */
  frames?: string[];
  /** Send this many replay frames, then fail the connection (a network drop). */
  dropAfter?: number;
  /** Close after the replay even if the task is still running. */
  closeAfterReplay?: boolean;
}

type Item = { frame: string } | 'end' | 'error';

/**
 * The task's SSE stream as the reference platform serves it: a comment, the stored log
 * replayed from the start, then live events until task_finished, then close. Pull-based
 * with no buffer, so a drop happens only after the frames before it were read.
 */
export function taskEventStream(taskId: string, options: EventStreamOptions = {}): Response {
  const stored = db.events.get(taskId) ?? [];
  const replay = options.frames ?? stored.map((e) => toSseFrame(e));
  const queue: Item[] = [{ frame: ': connected\n\n' }];
  let unsubscribe = () => {};
  let wake: (() => void) | null = null;
  const push = (item: Item) => {
    queue.push(item);
    wake?.();
  };

  if (options.dropAfter !== undefined) {
    for (const frame of replay.slice(0, options.dropAfter)) queue.push({ frame });
    queue.push('error');
  } else {
    for (const frame of replay) queue.push({ frame });
    const finished =
      stored.some((e) => e.type === 'task_finished') ||
      isTerminalStatus(db.tasks.get(taskId)?.status);
    if (finished || options.closeAfterReplay) queue.push('end');
    else {
      unsubscribe = subscribeToTask(taskId, (event: WireTaskEvent | 'end') =>
        push(event === 'end' ? 'end' : { frame: toSseFrame(event) }),
      );
    }
  }

  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        wake = null;
        const item = queue.shift()!;
        if (item === 'end') {
          unsubscribe();
          controller.close();
        } else if (item === 'error') {
          unsubscribe();
          controller.error(new TypeError('mock: connection reset'));
        } else {
          controller.enqueue(encoder.encode(item.frame));
        }
      },
      cancel() {
        unsubscribe();
        queue.length = 0;
      },
    },
    { highWaterMark: 0 },
  );
  return new HttpResponse(body, {
    headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' },
  });
}

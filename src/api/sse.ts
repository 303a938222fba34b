import { createParser } from 'eventsource-parser';
import { ApiError } from './api-error';
import { buildUrl, httpErrorFrom, type QueryValue } from './http';

export interface SseMessage {
  /** The `event:` name, when the server sent one. Task streams dispatch on the JSON instead. */
  event?: string;
  data: string;
  id?: string;
}

export interface ReadSseOptions {
  signal?: AbortSignal;
  /** For error messages only. */
  method?: string;
  path?: string;
  /**
   * Called for every chunk of bytes read, keep-alive comments included: the stream is alive
   * even when no event arrives. Heartbeat watchdogs listen to this.
   */
  onActivity?: () => void;
}

/**
 * Reads SSE frames from a byte stream. Comments (`: ping`), `retry:` lines and frames without
 * a `data:` line yield nothing; CR, LF and CRLF line ends and any chunking (even a split inside
 * a UTF-8 sequence or between `\r` and `\n`) give the same frames. A trailing frame without
 * its blank line is dropped, as the SSE spec says. Ends when the stream closes; throws
 * ApiError 'network' when it errors, 'aborted' when `signal` fires.
 */
export async function* readSseStream(
  body: ReadableStream<Uint8Array>,
  options: ReadSseOptions = {},
): AsyncGenerator<SseMessage, void, undefined> {
  const { signal, method = 'GET', path = '(stream)', onActivity } = options;
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let pending: SseMessage[] = [];
  const parser = createParser({
    onEvent: ({ event, data, id }) => {
      const message: SseMessage = { data };
      if (event !== undefined) message.event = event;
      if (id !== undefined) message.id = id;
      pending.push(message);
    },
  });
  let endsWithCR = false;
  const aborted = () => new ApiError({ kind: 'aborted', method, path, cause: signal?.reason });
  const onAbort = () => {
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    for (;;) {
      if (signal?.aborted) throw aborted();
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        if (signal?.aborted) throw aborted();
        throw new ApiError({ kind: 'network', method, path, cause: error });
      }
      if (!chunk.done && chunk.value.byteLength > 0) onActivity?.();
      const text = chunk.done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
      if (text !== '') endsWithCR = text.endsWith('\r');
      parser.feed(text);
      // The parser holds a final '\r' back in case '\n' follows; at the end nothing will.
      if (chunk.done && endsWithCR) parser.feed('\n');
      const batch = pending;
      pending = [];
      for (const message of batch) yield message;
      if (chunk.done) break;
    }
    if (signal?.aborted) throw aborted();
  } finally {
    signal?.removeEventListener('abort', onAbort);
    // Releases the connection when the consumer stops early (break / return).
    reader.cancel().catch(() => {});
  }
}

export interface OpenSseOptions {
  signal?: AbortSignal;
  query?: Record<string, QueryValue>;
  /** Called once the server answered 2xx with an event stream, before the first frame. */
  onOpen?: () => void;
  /** Called for every chunk of bytes read (see ReadSseOptions.onActivity). */
  onActivity?: () => void;
}

/**
 * GET an SSE endpoint under the API base with fetch (not EventSource: it cannot send headers,
 * and it drops named events). Sends exactly `accept: text/event-stream`, which msw's sse()
 * handlers also require. A non-2xx reply is an http ApiError; 204 ends at once with nothing;
 * any other 2xx that is not an event stream is a contract ApiError.
 */
export async function* openSse(
  path: string,
  options: OpenSseOptions = {},
): AsyncGenerator<SseMessage, void, undefined> {
  const { signal, query, onOpen, onActivity } = options;
  const method = 'GET';
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers: { accept: 'text/event-stream' },
      signal,
    });
  } catch (error) {
    const kind = signal?.aborted ? 'aborted' : 'network';
    throw new ApiError({ kind, method, path, cause: error });
  }
  if (!response.ok) throw await httpErrorFrom(response, method, path);
  // 204 is the server saying "no stream here, do not reconnect" (the SSE spec's meaning too):
  // end without a frame and without onOpen, so a caller can tell it from an opened stream.
  if (response.status === 204) {
    response.body?.cancel().catch(() => {});
    return;
  }
  const type = response.headers.get('content-type') ?? '';
  if (!type.toLowerCase().includes('text/event-stream') || response.body === null) {
    response.body?.cancel().catch(() => {});
    throw new ApiError({
      kind: 'contract',
      method,
      path,
      status: response.status,
      issues: [
        { path: '', message: `expected text/event-stream, got ${type || 'no content-type'}` },
      ],
    });
  }
  onOpen?.();
  yield* readSseStream(response.body, { signal, method, path, onActivity });
}

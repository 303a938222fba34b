import { request as httpRequest, type IncomingMessage, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface OpenedUpstream {
  request: ClientRequest;
  response: IncomingMessage;
}

export class UpstreamTimeoutError extends Error {
  override name = 'UpstreamTimeoutError';
}

export class UpstreamAbortedError extends Error {
  override name = 'UpstreamAbortedError';
}

/**
 * A GET through node:http rather than fetch: undici's default 300 s body timeout would cut an
 * idle event stream, and a plain ClientRequest can be destroyed the moment the browser leaves.
 * Resolves at the response head; `timeoutMs` bounds only the wait for it.
 */
export function openUpstream(
  url: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; signal: AbortSignal },
): Promise<OpenedUpstream> {
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      reject(new UpstreamAbortedError('client went away'));
      return;
    }
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(target, { method: 'GET', headers });
    const timer = setTimeout(() => {
      request.destroy(new UpstreamTimeoutError(`no response within ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    const onAbort = (): void => {
      request.destroy(new UpstreamAbortedError('client went away'));
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    const settle = (): void => {
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
    };
    request.once('response', (response) => {
      settle();
      resolve({ request, response });
    });
    // Stays attached after the head arrives: a later socket error must not become an
    // unhandled 'error' event; the response stream reports it to its reader instead.
    request.on('error', (error) => {
      settle();
      reject(error);
    });
    request.end();
  });
}

/** Reads a (small, non-stream) upstream body with a size cap. */
export async function readLimited(
  stream: AsyncIterable<Uint8Array>,
  limit: number,
): Promise<Buffer | null> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.byteLength;
    if (size > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A short, loggable cause (ECONNREFUSED, UND_ERR_SOCKET...) without URLs or headers. */
export function errorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const code =
      (error as { code?: unknown; cause?: { code?: unknown } }).code ??
      (error as { cause?: { code?: unknown } }).cause?.code;
    if (typeof code === 'string') return code;
    if (error instanceof Error) return error.name;
  }
  return 'unknown';
}

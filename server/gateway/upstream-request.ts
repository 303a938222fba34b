import {
  Agent as HttpAgent,
  request as httpRequest,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';

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

/** The head arrived but the body did not (connection dropped, bad encoding). */
export class UpstreamIncompleteError extends Error {
  override name = 'UpstreamIncompleteError';
  readonly status: number;
  constructor(status: number, cause: unknown) {
    super(`upstream body cut: ${errorCode(cause)}`, { cause });
    this.status = status;
  }
}

/**
 * Connections to the platform are reused: without it every proxied call pays a TCP (and, in
 * production, a TLS) handshake. Node closes a pooled socket a second before the server's
 * advertised Keep-Alive timeout, and pooled sockets do not keep the process alive.
 */
const keepAliveOptions = {
  keepAlive: true,
  maxSockets: 64,
  maxFreeSockets: 16,
  scheduling: 'lifo' as const,
};
export const upstreamHttpAgent = new HttpAgent(keepAliveOptions);
export const upstreamHttpsAgent = new HttpsAgent(keepAliveOptions);

export interface UpstreamAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** Decoded body; null when it exceeded the limit. */
  body: Buffer | null;
}

export interface UpstreamCall {
  method: string;
  headers: Record<string, string>;
  body: Uint8Array | null;
  /** Bounds the whole exchange, head and body. */
  timeoutMs: number;
  /** The browser's request: when it goes away, so does the upstream call. */
  signal: AbortSignal;
  limit: number;
}

type Decoder = (
  data: Buffer,
  options: { maxOutputLength: number },
  callback: (error: Error | null, result: Buffer) => void,
) => void;

const DECODERS: Record<string, Decoder> = {
  gzip: gunzip,
  'x-gzip': gunzip,
  br: brotliDecompress,
  deflate: inflate,
};

function decodeBody(encoding: string | undefined, raw: Buffer, limit: number): Promise<Buffer> {
  const decode = encoding ? DECODERS[encoding] : undefined;
  if (!decode || raw.byteLength === 0) return Promise.resolve(raw);
  return new Promise((resolve, reject) => {
    decode(raw, { maxOutputLength: limit + 1 }, (error, out) =>
      error ? reject(error) : resolve(out),
    );
  });
}

/**
 * One buffered REST exchange over a pooled keep-alive connection (node:http, not fetch: fetch's
 * WHATWG Request/Response/stream layers and per-call AbortSignal.any were a large share of the
 * gateway's per-call CPU). An idempotent call that fails because the server closed a pooled
 * socket just as it was reused is retried once on a fresh one.
 */
export function requestUpstream(url: string, call: UpstreamCall): Promise<UpstreamAnswer> {
  const target = new URL(url);
  const https = target.protocol === 'https:';
  const idempotent = call.method === 'GET' || call.method === 'HEAD';
  const deadline = Date.now() + call.timeoutMs;
  const attempt = (retry: boolean): Promise<UpstreamAnswer> =>
    new Promise((resolve, reject) => {
      if (call.signal.aborted) {
        reject(new UpstreamAbortedError('client went away'));
        return;
      }
      const headers: Record<string, string> = {
        ...call.headers,
        'accept-encoding': 'gzip, deflate, br',
      };
      if (call.body) headers['content-length'] = String(call.body.byteLength);
      const request = (https ? httpsRequest : httpRequest)(target, {
        method: call.method,
        headers,
        agent: https ? upstreamHttpsAgent : upstreamHttpAgent,
      });
      let status = 0;
      let settled = false;
      const settle = (): void => {
        settled = true;
        clearTimeout(timer);
        call.signal.removeEventListener('abort', onAbort);
      };
      const fail = (error: unknown): void => {
        if (settled) return;
        settle();
        request.destroy();
        if (error instanceof UpstreamTimeoutError || error instanceof UpstreamAbortedError)
          reject(error);
        else if (status !== 0) reject(new UpstreamIncompleteError(status, error));
        else if (retry && idempotent && request.reusedSocket && errorCode(error) === 'ECONNRESET')
          attempt(false).then(resolve, reject);
        else reject(error);
      };
      const timer = setTimeout(
        () => fail(new UpstreamTimeoutError(`no answer within ${call.timeoutMs} ms`)),
        Math.max(0, deadline - Date.now()),
      );
      const onAbort = (): void => fail(new UpstreamAbortedError('client went away'));
      call.signal.addEventListener('abort', onAbort, { once: true });
      request.on('error', fail);
      request.on('response', (response) => {
        status = response.statusCode ?? 502;
        const encoding = response.headers['content-encoding']?.trim().toLowerCase();
        const chunks: Buffer[] = [];
        let size = 0;
        let tooLarge = false;
        response.on('data', (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size > call.limit) {
            tooLarge = true;
            // The rest is not wanted; this socket cannot be reused mid-body.
            if (!settled) {
              settle();
              request.destroy();
              resolve({ status, headers: response.headers, body: null });
            }
            return;
          }
          chunks.push(chunk);
        });
        response.on('error', fail);
        response.on('close', () => {
          if (!response.complete) fail(new Error('upstream closed mid-body'));
        });
        response.on('end', () => {
          if (settled || tooLarge) return;
          if (!response.complete) {
            fail(new Error('incomplete'));
            return;
          }
          const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
          decodeBody(encoding, raw, call.limit).then(
            (body) => {
              if (settled) return;
              settle();
              resolve({
                status,
                headers: response.headers,
                body: body.byteLength > call.limit ? null : body,
              });
            },
            (error: unknown) => {
              if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
                if (settled) return;
                settle();
                resolve({ status, headers: response.headers, body: null });
              } else fail(error);
            },
          );
        });
      });
      request.end(call.body ?? undefined);
    });
  return attempt(true);
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

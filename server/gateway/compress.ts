import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export type Encoding = 'br' | 'gzip';

/** Smallest body worth compressing; below this the headers cost more than they save. */
export const COMPRESS_MIN_BYTES = 1024;

const COMPRESSIBLE =
  /^(?:text\/(?!event-stream)[\w.+-]+|application\/(?:json|javascript|ecmascript|xml|wasm|manifest\+json|[\w.+-]+\+json|[\w.+-]+\+xml)|image\/svg\+xml)\b/i;

export function isCompressible(contentType: string | null | undefined): boolean {
  return !!contentType && COMPRESSIBLE.test(contentType.trim());
}

/** Picks br over gzip when the client accepts it (q=0 means "not acceptable"). */
export function negotiateEncoding(acceptEncoding: string | null | undefined): Encoding | null {
  if (!acceptEncoding) return null;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  const wildcard = accepted.get('*') ?? 0;
  const quality = (name: Encoding): number => accepted.get(name) ?? wildcard;
  if (quality('br') > 0) return 'br';
  if (quality('gzip') > 0) return 'gzip';
  return null;
}

/**
 * Up to this size an API answer is compressed on the main thread: ~50-150 µs, against ~0.5-1 ms
 * for the thread-pool round trip of the async call on a loaded 2-core machine. Larger bodies go
 * to the pool so one big list does not stall every other request.
 */
export const COMPRESS_SYNC_MAX_BYTES = 64 * 1024;

function brotliOptions(data: Uint8Array, quality: number) {
  return {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength,
      // A window no bigger than the body: the default 4 MB one is mostly allocation for a 3 KB answer.
      [constants.BROTLI_PARAM_LGWIN]: Math.max(
        constants.BROTLI_MIN_WINDOW_BITS,
        Math.min(constants.BROTLI_DEFAULT_WINDOW, Math.ceil(Math.log2(data.byteLength + 1))),
      ),
    },
  };
}

/** gzip -1 is ~2× faster than -6 on JSON and a few per cent larger: the right trade per request. */
const gzipLevel = (quality: 'fast' | 'best'): number => (quality === 'best' ? 9 : 1);

export async function compressBuffer(
  data: Uint8Array,
  encoding: Encoding,
  quality: 'fast' | 'best',
): Promise<Buffer> {
  if (encoding === 'br') return brotliAsync(data, brotliOptions(data, quality === 'best' ? 10 : 4));
  return gzipAsync(data, { level: gzipLevel(quality) });
}

/**
 * `fast` compression, synchronously for small bodies (see COMPRESS_SYNC_MAX_BYTES). Brotli
 * quality 1 there: 3× faster than 4 on 3-30 KB of JSON (~20 vs ~60 µs at 3 KB) for ~15 % more
 * bytes, which on an answer of this size is less than one TCP segment.
 */
function compressFast(data: Uint8Array, encoding: Encoding): Buffer | Promise<Buffer> {
  if (data.byteLength > COMPRESS_SYNC_MAX_BYTES) return compressBuffer(data, encoding, 'fast');
  return encoding === 'br'
    ? brotliCompressSync(data, brotliOptions(data, 1))
    : gzipSync(data, { level: gzipLevel('fast') });
}

/** Responses whose encoding was already decided; compressResponses leaves them alone. */
const negotiated = new WeakSet<Response>();

/**
 * A whole JSON answer, compressed as the client allows when it is worth it. Built from the bytes
 * in hand: compressResponses would have to read them back out of a Response, which costs more
 * than compressing a small body.
 */
export function compressedResponse(
  c: Context,
  body: Uint8Array | string,
  status: number,
  headers: Record<string, string>,
): Response | Promise<Response> {
  headers['vary'] = 'Accept-Encoding';
  const encoding =
    c.req.method === 'HEAD' ? null : negotiateEncoding(c.req.header('accept-encoding'));
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  const finish = (data: Uint8Array | string): Response => {
    const response = new Response(data as BodyInit, { status, headers });
    negotiated.add(response);
    return response;
  };
  if (!encoding || size < COMPRESS_MIN_BYTES) return finish(body);
  headers['content-encoding'] = encoding;
  const compressed = compressFast(typeof body === 'string' ? Buffer.from(body) : body, encoding);
  return Buffer.isBuffer(compressed) ? finish(compressed) : compressed.then(finish);
}

/**
 * Compresses whole JSON/text answers from the API. Streams (SSE) are never touched: their content
 * type is excluded and a compressor would hold events back until its window fills.
 */
export function compressResponses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (negotiated.has(res)) return;
    if (!res.body || res.headers.has('content-encoding') || c.req.method === 'HEAD') return;
    if (!isCompressible(res.headers.get('content-type'))) return;
    const encoding = negotiateEncoding(c.req.header('accept-encoding'));
    res.headers.append('vary', 'Accept-Encoding');
    if (!encoding) return;
    const data = new Uint8Array(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    // Hono merges the previous response's headers into an assigned one; clear it first so a
    // stale content-length cannot survive.
    c.res = undefined;
    if (data.byteLength < COMPRESS_MIN_BYTES) {
      c.res = new Response(data, { status: res.status, headers });
      return;
    }
    const compressed = await compressFast(data, encoding);
    headers.set('content-encoding', encoding);
    headers.delete('content-length');
    c.res = new Response(compressed as Uint8Array<ArrayBuffer>, { status: res.status, headers });
  };
}

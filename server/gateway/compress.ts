import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

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

export async function compressBuffer(
  data: Uint8Array,
  encoding: Encoding,
  quality: 'fast' | 'best',
): Promise<Buffer> {
  if (encoding === 'br') {
    return brotliAsync(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: quality === 'best' ? 10 : 4,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength,
      },
    });
  }
  return gzipAsync(data, { level: quality === 'best' ? 9 : 6 });
}

/**
 * Compresses whole JSON/text answers from the API. Streams (SSE) are never touched: their content
 * type is excluded and a compressor would hold events back until its window fills.
 */
export function compressResponses(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
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
    const compressed = await compressBuffer(data, encoding, 'fast');
    headers.set('content-encoding', encoding);
    headers.delete('content-length');
    c.res = new Response(compressed as Uint8Array<ArrayBuffer>, { status: res.status, headers });
  };
}

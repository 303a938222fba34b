import type { Context } from 'hono';
import type { GatewayConfig, GatewayLog } from './config.ts';
import { joinUpstream } from './derive-upstream.ts';
import { isJsonContentType, jsonError } from './json-error.ts';
import { compressedResponse } from './compress.ts';
import { redactJsonBody } from './redact-secrets.ts';
import { getPreReadBody } from './request-state.ts';
import {
  errorCode,
  requestUpstream,
  type UpstreamAnswer,
  UpstreamAbortedError,
  UpstreamIncompleteError,
  UpstreamTimeoutError,
} from './upstream-request.ts';

/**
 * Request headers the browser may send upstream. Everything else (cookies, authorization, a
 * browser-supplied x-api-key, forwarding headers) stays at the gateway.
 */
export const FORWARDED_REQUEST_HEADERS: readonly string[] = [
  'accept',
  'accept-language',
  'content-type',
  'if-match',
  'if-none-match',
  'x-agent-version',
  'x-request-id',
];

/** Upstream response headers worth passing back (backoff hints, correlation, validators). */
const FORWARDED_RESPONSE_HEADERS: readonly string[] = [
  'retry-after',
  'x-request-id',
  'etag',
  'last-modified',
];

const BODYLESS_METHODS = new Set(['GET', 'HEAD']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `/api/<rest>` → the upstream path, or null when a segment could climb out of the base. */
export function upstreamPath(pathname: string): string | null {
  const rest = pathname.replace(/^\/api(?=\/|$)/, '');
  for (const segment of rest.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (decoded === '.' || decoded === '..' || decoded.includes('/') || decoded.includes('\\'))
      return null;
  }
  return rest;
}

/**
 * Blocks cross-site writes: the gateway adds the key to whatever reaches it, so another site
 * must not be able to make a visitor's browser create or stop tasks (a form POST needs no CORS).
 */
export function isCrossSiteWrite(request: Request): boolean {
  if (SAFE_METHODS.has(request.method)) return false;
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite) return fetchSite !== 'same-origin' && fetchSite !== 'none';
  const origin = request.headers.get('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.headers.get('host');
  } catch {
    return true;
  }
}

export class BodyTooLargeError extends Error {}

export async function readBody(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) throw new BodyTooLargeError();
  if (!request.body) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export function bodyTooLarge(limit: number): Response {
  return jsonError(413, 'body_too_large', `Request body exceeds ${limit} bytes`, { limit });
}

/** /api/<path> → `${restBase}/<path>` with the key injected and secrets stripped from the answer. */
export function createRestProxy(config: GatewayConfig, log: GatewayLog) {
  return async (c: Context): Promise<Response> => {
    const url = new URL(c.req.url);
    const path = upstreamPath(url.pathname);
    if (path === null) return jsonError(400, 'bad_path', 'Invalid API path');
    if (isCrossSiteWrite(c.req.raw))
      return jsonError(403, 'cross_site_request', 'Cross-site writes are not allowed');
    const apiKey = config.apiKey;
    if (!apiKey) return jsonError(503, 'not_configured', 'The gateway has no XPANDER_API_KEY');

    const method = c.req.method.toUpperCase();
    let body: Uint8Array | null = null;
    const preRead = getPreReadBody(c);
    if (preRead) {
      body = preRead.body;
    } else if (!BODYLESS_METHODS.has(method)) {
      try {
        body = await readBody(c.req.raw, config.bodyLimitBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return bodyTooLarge(config.bodyLimitBytes);
        throw error;
      }
    }

    const headers: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const value = c.req.header(name);
      if (value !== undefined) headers[name] = value;
    }
    headers['x-api-key'] = apiKey;

    const target = joinUpstream(config.restBase, path) + url.search;
    let upstream: UpstreamAnswer;
    try {
      upstream = await requestUpstream(target, {
        method,
        headers,
        body,
        timeoutMs: config.upstreamTimeoutMs,
        signal: c.req.raw.signal,
        limit: config.maxUpstreamBodyBytes,
      });
    } catch (error) {
      if (error instanceof UpstreamTimeoutError)
        return jsonError(504, 'upstream_timeout', 'The platform did not answer in time');
      if (error instanceof UpstreamIncompleteError) {
        log(`upstream body cut (${method} ${path}): ${errorCode(error.cause)}`);
        return jsonError(
          502,
          'upstream_incomplete',
          'The platform dropped the connection mid-answer',
          { upstream_status: error.status },
        );
      }
      if (!(error instanceof UpstreamAbortedError))
        log(`upstream unreachable (${method} ${path}): ${errorCode(error)}`);
      return jsonError(502, 'upstream_unreachable', 'Cannot reach the platform');
    }

    const status = upstream.status;
    const raw = upstream.body;
    if (raw === null) {
      return jsonError(502, 'upstream_too_large', 'The platform answer is too large', {
        upstream_status: status,
      });
    }

    const responseHeaders: Record<string, string> = { 'cache-control': 'no-store' };
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = upstream.headers[name];
      if (typeof value === 'string') responseHeaders[name] = value;
    }
    if (
      raw.byteLength === 0 &&
      (status === 204 || status === 205 || status === 304 || method === 'HEAD')
    ) {
      return new Response(null, { status, headers: responseHeaders });
    }
    const contentType = upstream.headers['content-type'];
    if (!isJsonContentType(contentType)) {
      return jsonError(
        502,
        'upstream_non_json',
        'The platform answered with something other than JSON',
        {
          upstream_status: status,
        },
      );
    }
    let safe: Buffer | string;
    try {
      safe = redactJsonBody(raw, apiKey);
    } catch {
      return jsonError(502, 'upstream_invalid_json', 'The platform sent malformed JSON', {
        upstream_status: status,
      });
    }
    responseHeaders['content-type'] = 'application/json; charset=utf-8';
    return compressedResponse(c, safe, status, responseHeaders);
  };
}

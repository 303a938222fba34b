import type { z } from 'zod';
import { describeIssues, errorBodySchema, errorDetailText } from '@/contract';
import { ApiError, parseRetryAfter } from './api-error';

/** Every call goes to the same-origin gateway; it holds the platform key. */
export const API_BASE = '/api';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions<S extends z.ZodType> {
  method?: HttpMethod;
  /** Path under API_BASE, starting with '/'. Encode path segments with encodeURIComponent. */
  path: string;
  /** undefined values are skipped; null is skipped too (the SDK would send `key=`). */
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  schema: S;
  signal?: AbortSignal;
}

/**
 * A hook the app installs to add headers to requests (the gateway's CSRF token on writes) and
 * to resend once after a refusal it can mend (a stale token). The wire layer knows no session.
 */
export interface RequestInterceptor {
  headers(method: HttpMethod): Promise<Record<string, string>> | Record<string, string>;
  /** After a failed response: true sends the request once more. */
  retry?(status: number, bodyText: string): boolean;
}

let interceptor: RequestInterceptor | null = null;

export function setRequestInterceptor(next: RequestInterceptor | null): void {
  interceptor = next;
}

/** The reason a person gave for a write, as the gateway's audit trail reads it (URL-encoded: headers are Latin-1). */
export function auditReasonHeaders(reason: string | null | undefined): Record<string, string> {
  const text = reason?.trim();
  return text
    ? { 'x-audit-reason': encodeURIComponent(Array.from(text).slice(0, 500).join('')) }
    : {};
}

// Browsers resolve '/api/…' against the page; Node (unit tests, scripts) has no location, so
// a fixed origin keeps the URL absolute. msw handlers match on '*/api/…' either way.
function origin(): string {
  const loc = (globalThis as { location?: { origin?: string } }).location;
  return loc?.origin && loc.origin !== 'null' ? loc.origin : 'http://localhost';
}

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const url = new URL(`${API_BASE}${path}`, origin());
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    url.searchParams.append(key, String(value));
  }
  return url.toString();
}

function isAbort(error: unknown, signal: AbortSignal | undefined): boolean {
  return (
    signal?.aborted === true ||
    (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
  );
}

/** Reads an error response into an http ApiError, pulling `detail` out of a `{detail}` body. */
export async function httpErrorFrom(response: Response, method: string, path: string) {
  let bodyText = '';
  try {
    bodyText = await response.text();
  } catch {
    // A body that cannot be read still leaves the status to report.
  }
  let detail: string | undefined;
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(bodyText));
    if (parsed.success) detail = errorDetailText(parsed.data.detail);
  } catch {
    // Not JSON (a proxy's HTML page, plain text): bodyText carries it.
  }
  return new ApiError({
    kind: 'http',
    method,
    path,
    status: response.status,
    bodyText,
    detail,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  });
}

/** Sends one request, maps every failure to an ApiError and parses the reply with `schema`. */
export async function request<S extends z.ZodType>(
  options: RequestOptions<S>,
): Promise<z.output<S>> {
  const { method = 'GET', path, query, body, signal, schema } = options;
  const url = buildUrl(path, query);
  const send = async () => {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...(await interceptor?.headers(method)),
      ...options.headers,
    };
    const init: RequestInit = { method, headers, signal };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(url, init);
  };

  let response: Response;
  try {
    response = await send();
    if (!response.ok && interceptor?.retry?.(response.status, await response.clone().text())) {
      response = await send();
    }
  } catch (error) {
    const kind = isAbort(error, signal) ? 'aborted' : 'network';
    throw new ApiError({ kind, method, path, cause: error });
  }

  if (!response.ok) throw await httpErrorFrom(response, method, path);

  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    const kind = isAbort(error, signal) ? 'aborted' : 'network';
    throw new ApiError({ kind, method, path, cause: error });
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const type = response.headers.get('content-type') ?? 'no content-type';
    throw new ApiError({
      kind: 'contract',
      method,
      path,
      status: response.status,
      bodyText: text.slice(0, 2000),
      issues: [{ path: '', message: `response body is not JSON (${type})` }],
      cause: error,
    });
  }

  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError({
      kind: 'contract',
      method,
      path,
      status: response.status,
      issues: describeIssues(parsed.error),
      cause: parsed.error,
    });
  }
  return parsed.data;
}

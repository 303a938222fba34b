import { formatIssues, type ContractIssue } from '@/contract';

export type ApiErrorKind = 'network' | 'http' | 'contract' | 'aborted';

export interface ApiErrorInit {
  kind: ApiErrorKind;
  method: string;
  /** Path under the API base, e.g. `/agent-execution/T/status`. */
  path: string;
  status?: number;
  bodyText?: string;
  detail?: string;
  issues?: ContractIssue[];
  /** From a 429 or 503's Retry-After header: wait at least this long before asking again. */
  retryAfterMs?: number;
  cause?: unknown;
}

function describe(init: ApiErrorInit): string {
  const where = `${init.method} ${init.path}`;
  switch (init.kind) {
    case 'network':
      return `Could not reach the server (${where}). Check your connection and try again.`;
    case 'aborted':
      return `The request was cancelled (${where}).`;
    case 'http': {
      const status = init.status ?? 0;
      const said = init.detail ? `: ${init.detail}` : '';
      if (status === 401 || status === 403) return `Not allowed (${status})${said}`;
      if (status === 404) return `Not found (404)${said}`;
      if (status === 409) return `Conflict (409)${said}`;
      if (status === 429) return `Too many requests (429)${said}`;
      if (status >= 500) return `The server failed (${status})${said}`;
      return `Request failed (${status})${said}`;
    }
    case 'contract':
      return `Unexpected response from ${where}: ${formatIssues(init.issues ?? [])}`;
  }
}

/**
 * The one error the wire layer throws. `kind` says what went wrong:
 * - network: no response (offline, DNS, reset, a stream that dropped with an error);
 * - http: a response with status >= 400 (`status`, raw `bodyText`, `detail` from `{detail}`);
 * - contract: a 2xx whose body is not JSON or does not match the schema (`issues` name fields);
 * - aborted: the caller's AbortSignal fired.
 * `message` is written for a person.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly kind: ApiErrorKind;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly bodyText: string | undefined;
  readonly detail: string | undefined;
  readonly issues: readonly ContractIssue[];
  readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit) {
    super(describe(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.bodyText = init.bodyText;
    this.detail = init.detail;
    this.issues = init.issues ?? [];
    this.retryAfterMs = init.retryAfterMs;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** True for an http ApiError with the given status. */
export function isHttpStatus(error: unknown, status: number): error is ApiError {
  return error instanceof ApiError && error.kind === 'http' && error.status === status;
}

/**
 * Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined
 * when absent or unreadable. Capped at an hour so a hostile value cannot park the console.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), 3_600_000);
}

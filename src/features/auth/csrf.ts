/**
 * The CSRF token every write through the gateway must carry as X-CSRF-Token. Kept in memory
 * only (never storage): it is read from GET /api/session, set again on sign-in, and refetched
 * once when the gateway answers 403 `csrf_failed` (the session changed on another tab).
 *
 * src/api/http.ts calls `csrfHeaders(method)` before each request and
 * `shouldRetryAfterCsrfFailure(status, bodyText)` after a 403; see the wiring notes.
 */
import { buildUrl } from '@/api';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

let token: string | null = null;
let pending: Promise<string | null> | null = null;

export function setCsrfToken(value: string | null): void {
  token = value;
}

export function clearCsrfToken(): void {
  token = null;
}

async function fetchToken(): Promise<string | null> {
  const response = await fetch(buildUrl('/session'), { headers: { accept: 'application/json' } });
  if (!response.ok) return null;
  const body = (await response.json()) as { csrf_token?: unknown };
  return typeof body.csrf_token === 'string' ? body.csrf_token : null;
}

/** Headers for a request with `method`: none for reads, X-CSRF-Token for writes. */
export async function csrfHeaders(method: string): Promise<Record<string, string>> {
  if (SAFE_METHODS.has(method.toUpperCase())) return {};
  if (token === null) {
    pending ??= fetchToken().finally(() => {
      pending = null;
    });
    token = await pending;
  }
  return token ? { 'x-csrf-token': token } : {};
}

/**
 * True when a 403 was the gateway refusing the token; the token is dropped so the retry
 * fetches a fresh one. Retry at most once.
 */
export function shouldRetryAfterCsrfFailure(status: number, bodyText: string): boolean {
  if (status !== 403) return false;
  try {
    const reason = (JSON.parse(bodyText) as { reason?: unknown }).reason;
    if (reason !== 'csrf_failed') return false;
  } catch {
    return false;
  }
  token = null;
  return true;
}

/** For an audited write: the reason as X-Audit-Reason; the wire layer owns the encoding. */
export { auditReasonHeaders } from '@/api';

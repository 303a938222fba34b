import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import {
  type ConsoleStore,
  isRole,
  ROLES,
  type Role,
  type Session,
} from '../store/console-store.ts';
import { clientAddress, peerAddress } from './client-address.ts';
import { addressMatcher, type AuthMode, type GatewayConfig } from './config.ts';
import { jsonError } from './json-error.ts';
import { isHttpsRequest } from './security-headers.ts';

export interface Principal {
  username: string;
  email: string | null;
  role: Role;
  authMode: AuthMode;
  /** The signed-in session (local mode only). */
  session: Session | null;
}

export type AuthOutcome =
  | { ok: true; principal: Principal }
  | { ok: false; status: 401 | 403; detail: string; clearCookie: boolean };

export type Clock = () => number;

/** Writing a session's last-seen time on every request would make each read a write. */
const TOUCH_INTERVAL_MS = 60_000;
const COOKIE_BASE = 'console_session';
/** Proxy mode derives a token per user; bounded so a stream of distinct names cannot grow it. */
const CSRF_CACHE_MAX = 10_000;

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** A header value we are willing to show and audit: trimmed, printable, bounded. */
function headerText(value: string | undefined, max: number): string | null {
  if (value === undefined) return null;
  // eslint-disable-next-line no-control-regex
  const text = value.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return text ? text.slice(0, max) : null;
}

export class Auth {
  readonly config: GatewayConfig;
  readonly clock: Clock;
  readonly isTrustedProxy: (address: string | null) => boolean;
  readonly #store: () => Promise<ConsoleStore>;
  #csrfSecretPromise: Promise<string> | undefined;
  readonly #csrfByIdentity = new Map<string, string>();

  constructor(config: GatewayConfig, store: () => Promise<ConsoleStore>, clock: Clock) {
    this.config = config;
    this.clock = clock;
    this.#store = store;
    this.isTrustedProxy = addressMatcher(config.auth.trustedProxies);
  }

  get mode(): AuthMode {
    return this.config.auth.mode;
  }

  store(): Promise<ConsoleStore> {
    return this.#store();
  }

  clientIp(c: Context): string | null {
    return clientAddress(c, this.isTrustedProxy);
  }

  /**
   * `__Host-` (Secure, whole origin, no Domain) over https, where browsers enforce it; a plain
   * name on http (loopback development), where a Secure cookie would not be stored at all.
   */
  cookieName(c: Context): string {
    return isHttpsRequest(c.req.raw, this.config.trustProxy)
      ? `__Host-${COOKIE_BASE}`
      : COOKIE_BASE;
  }

  sessionCookie(c: Context, value: string | null): string {
    const secure = isHttpsRequest(c.req.raw, this.config.trustProxy);
    const parts = [`${this.cookieName(c)}=${value ?? ''}`, 'Path=/', 'HttpOnly', 'SameSite=Strict'];
    if (secure) parts.push('Secure');
    if (value === null) parts.push('Max-Age=0');
    return parts.join('; ');
  }

  readSessionCookie(c: Context): string | null {
    const value = getCookie(c, this.cookieName(c));
    return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : null;
  }

  async authenticate(c: Context): Promise<AuthOutcome> {
    switch (this.mode) {
      case 'none':
        return {
          ok: true,
          principal: {
            username: 'local',
            email: null,
            role: 'admin',
            authMode: 'none',
            session: null,
          },
        };
      case 'proxy':
        return this.#fromProxy(c);
      case 'local':
        return this.#fromSession(c);
    }
  }

  #fromProxy(c: Context): AuthOutcome {
    const auth = this.config.auth;
    if (!this.isTrustedProxy(peerAddress(c))) {
      return {
        ok: false,
        status: 401,
        detail: 'Sign in through the console’s sign-in proxy; direct requests carry no identity.',
        clearCookie: false,
      };
    }
    const username = headerText(c.req.header(auth.proxyUserHeader), 256);
    if (!username) {
      return {
        ok: false,
        status: 401,
        detail: 'The sign-in proxy did not name a user.',
        clearCookie: false,
      };
    }
    const email = headerText(c.req.header(auth.proxyEmailHeader), 320);
    const groups = (c.req.header(auth.proxyRolesHeader) ?? '')
      .split(/[,\s]+/)
      .map((g) => g.trim().toLowerCase())
      .filter(isRole);
    const role = groups.length
      ? ROLES[Math.max(...groups.map((g) => ROLES.indexOf(g)))]!
      : auth.proxyDefaultRole;
    if (!role) {
      return {
        ok: false,
        status: 403,
        detail: `${username} has no console role (ask for viewer, operator or admin in ${auth.proxyRolesHeader}).`,
        clearCookie: false,
      };
    }
    return { ok: true, principal: { username, email, role, authMode: 'proxy', session: null } };
  }

  async #fromSession(c: Context): Promise<AuthOutcome> {
    const token = this.readSessionCookie(c);
    if (!token)
      return { ok: false, status: 401, detail: 'Sign in to use the console.', clearCookie: false };
    const store = await this.store();
    const idHash = sha256(token);
    const session = await store.getSession(idHash);
    if (!session) {
      return {
        ok: false,
        status: 401,
        detail: 'Your session has ended; sign in again.',
        clearCookie: true,
      };
    }
    const now = this.clock();
    const { sessionIdleMs, sessionAbsoluteMs } = this.config.auth;
    if (now - session.lastSeenAt >= sessionIdleMs || now - session.createdAt >= sessionAbsoluteMs) {
      await store.deleteSession(idHash);
      return {
        ok: false,
        status: 401,
        detail: 'Your session expired; sign in again.',
        clearCookie: true,
      };
    }
    const account = await store.getAccount(session.username);
    if (!account || account.disabled) {
      await store.deleteSession(idHash);
      return {
        ok: false,
        status: 401,
        detail: 'This account can no longer sign in.',
        clearCookie: true,
      };
    }
    if (now - session.lastSeenAt >= TOUCH_INTERVAL_MS) {
      await store.touchSession(idHash, now);
      session.lastSeenAt = now;
    }
    return {
      ok: true,
      principal: {
        username: account.username,
        email: null,
        role: account.role,
        authMode: 'local',
        session,
      },
    };
  }

  /** Starts a session for a verified account; returns the cookie value. */
  async startSession(c: Context, username: string): Promise<{ token: string; session: Session }> {
    const store = await this.store();
    const now = this.clock();
    const token = randomBytes(32).toString('base64url');
    const session: Session = {
      idHash: sha256(token),
      username,
      csrfToken: randomBytes(32).toString('base64url'),
      createdAt: now,
      lastSeenAt: now,
      ip: this.clientIp(c),
      userAgent: headerText(c.req.header('user-agent'), 256),
    };
    await store.createSession(session);
    return { token, session };
  }

  /**
   * The token a mutating request must echo in X-CSRF-Token: the session's own in local mode;
   * in proxy and none modes (no gateway session) an HMAC of the identity with a secret every
   * gateway on the store shares.
   */
  async csrfToken(principal: Principal): Promise<string> {
    if (principal.session) return principal.session.csrfToken;
    const identity = `${principal.authMode}\n${principal.username}`;
    const cached = this.#csrfByIdentity.get(identity);
    if (cached) return cached;
    const token = createHmac('sha256', await this.#csrfSecret())
      .update(identity)
      .digest('base64url');
    if (this.#csrfByIdentity.size >= CSRF_CACHE_MAX) this.#csrfByIdentity.clear();
    this.#csrfByIdentity.set(identity, token);
    return token;
  }

  /**
   * The store's shared secret is created once and never changes, so one read per process is
   * enough; reading it per request was an INSERT ... ON CONFLICT plus a SELECT on every write
   * and every GET /api/session.
   */
  #csrfSecret(): Promise<string> {
    this.#csrfSecretPromise ??= this.store()
      .then((store) => store.sharedSecret('csrf'))
      .catch((error: unknown) => {
        this.#csrfSecretPromise = undefined;
        throw error;
      });
    return this.#csrfSecretPromise;
  }

  async csrfValid(c: Context, principal: Principal): Promise<boolean> {
    const sent = c.req.header('x-csrf-token');
    if (!sent) return false;
    return safeEqual(sent, await this.csrfToken(principal));
  }

  /** The expiry the SPA can show ("signed out at 21:00"); null outside local mode. */
  expiresAt(principal: Principal): number | null {
    const session = principal.session;
    if (!session) return null;
    const { sessionIdleMs, sessionAbsoluteMs } = this.config.auth;
    return Math.min(session.lastSeenAt + sessionIdleMs, session.createdAt + sessionAbsoluteMs);
  }
}

export function unauthenticated(
  auth: Auth,
  c: Context,
  outcome: Extract<AuthOutcome, { ok: false }>,
): Response {
  if (outcome.status === 403) {
    return jsonError(403, 'forbidden', outcome.detail, { required_role: 'viewer' });
  }
  const response = jsonError(401, 'unauthenticated', outcome.detail, { auth_mode: auth.mode });
  if (outcome.clearCookie) response.headers.append('set-cookie', auth.sessionCookie(c, null));
  return response;
}

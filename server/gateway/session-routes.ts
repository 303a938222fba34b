import type { Context, Hono } from 'hono';
import type { ThrottlePolicy } from '../store/console-store.ts';
import { appendAudit, type AuditContext, baseEntry } from './audit-recorder.ts';
import { type Auth, type Principal, sha256 } from './auth.ts';
import { jsonError } from './json-error.ts';
import { hashPassword, isValidUsername, MAX_PASSWORD_LENGTH, verifyPassword } from './password.ts';
import { BodyTooLargeError, readBody } from './proxy-rest.ts';

const NO_STORE = { 'cache-control': 'no-store' };
const LOGIN_BODY_LIMIT = 16 * 1024;

/** What GET /api/session (and a successful login) answers. */
export interface SessionBody {
  authenticated: boolean;
  auth_mode: string;
  user: { username: string; email: string | null; role: string } | null;
  csrf_token: string | null;
  /** When the session ends unless used again (local mode), ISO 8601. */
  expires_at: string | null;
  idle_timeout_seconds: number | null;
  logout_url: string | null;
  detail?: string;
}

async function sessionBody(
  auth: Auth,
  principal: Principal | null,
  detail?: string,
): Promise<SessionBody> {
  const expires = principal ? auth.expiresAt(principal) : null;
  const local = auth.mode === 'local';
  return {
    authenticated: principal !== null,
    auth_mode: auth.mode,
    user: principal
      ? { username: principal.username, email: principal.email, role: principal.role }
      : null,
    csrf_token: principal ? await auth.csrfToken(principal) : null,
    expires_at: expires === null ? null : new Date(expires).toISOString(),
    idle_timeout_seconds: local ? auth.config.auth.sessionIdleMs / 1000 : null,
    logout_url: auth.mode === 'proxy' ? auth.config.auth.proxyLogoutUrl : null,
    ...(detail ? { detail } : {}),
  };
}

function readCredentials(json: unknown): { username: string; password: string } | null {
  if (typeof json !== 'object' || json === null) return null;
  const { username, password } = json as Record<string, unknown>;
  if (typeof username !== 'string' || typeof password !== 'string') return null;
  if (!username.trim() || !password || password.length > MAX_PASSWORD_LENGTH) return null;
  return { username: username.trim().slice(0, 64), password };
}

// Verified against when the account does not exist, so a wrong name costs as long as a wrong
// password and response times do not tell which accounts exist.
let dummyHash: Promise<string> | undefined;
function dummy(n: number): Promise<string> {
  dummyHash ??= hashPassword('not-a-real-password', n);
  return dummyHash;
}

/** GET /api/session, POST /api/session/login, POST /api/session/logout: the gateway's own. */
export function mountSessionRoutes(app: Hono, ctx: AuditContext): void {
  const { auth } = ctx;

  app.get('/api/session', async (c) => {
    const outcome = await auth.authenticate(c);
    if (outcome.ok) return c.json(await sessionBody(auth, outcome.principal), 200, NO_STORE);
    const response = c.json(await sessionBody(auth, null, outcome.detail), 200, NO_STORE);
    if (outcome.clearCookie) response.headers.append('set-cookie', auth.sessionCookie(c, null));
    return response;
  });

  app.post('/api/session/login', async (c) => {
    if (auth.mode !== 'local') {
      return jsonError(
        400,
        'wrong_auth_mode',
        auth.mode === 'proxy'
          ? 'Sign-in is handled by the proxy in front of the console.'
          : 'This console has no sign-in (CONSOLE_AUTH=none).',
        { auth_mode: auth.mode },
      );
    }
    let raw: Uint8Array | null;
    try {
      raw = await readBody(c.req.raw, LOGIN_BODY_LIMIT);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return jsonError(413, 'body_too_large', 'Too large');
      throw error;
    }
    let json: unknown = null;
    try {
      json = JSON.parse(Buffer.from(raw ?? new Uint8Array()).toString('utf8'));
    } catch {
      // Reported below as missing credentials.
    }
    const credentials = readCredentials(json);
    if (!credentials)
      return jsonError(400, 'bad_request', 'Send {"username", "password"} as JSON.');
    return login(c, ctx, credentials.username, credentials.password);
  });

  app.post('/api/session/logout', async (c) => {
    const outcome = await auth.authenticate(c);
    if (outcome.ok && outcome.principal.session) {
      if (!(await auth.csrfValid(c, outcome.principal)))
        return jsonError(403, 'csrf_failed', 'Missing or wrong X-CSRF-Token header');
      await (await auth.store()).deleteSession(outcome.principal.session.idHash);
      await appendAudit(ctx, {
        ...baseEntry(c, ctx, outcome.principal, 'logout'),
        status: 200,
        ok: true,
      });
    }
    const response = c.json(await sessionBody(auth, null), 200, NO_STORE);
    response.headers.append('set-cookie', auth.sessionCookie(c, null));
    // ASVS 14.3.1: drop what the browser cached for the signed-in user.
    response.headers.set('clear-site-data', '"cache"');
    return response;
  });

  app.all('/api/session', () => jsonError(405, 'method_not_allowed', 'Method not allowed'));
  app.all('/api/session/*', () => jsonError(404, 'not_found', 'Not found'));
}

async function login(
  c: Context,
  ctx: AuditContext,
  username: string,
  password: string,
): Promise<Response> {
  const { auth } = ctx;
  const store = await auth.store();
  const settings = auth.config.auth;
  const now = auth.clock();
  const ip = auth.clientIp(c) ?? 'unknown';
  const accountKey = `account:${username.toLowerCase()}`;
  const ipKey = `ip:${ip}`;
  const accountPolicy: ThrottlePolicy = {
    maxFailures: settings.loginMaxFailures,
    windowMs: settings.loginLockoutMs,
    lockoutMs: settings.loginLockoutMs,
  };
  const ipPolicy: ThrottlePolicy = {
    ...accountPolicy,
    maxFailures: settings.loginMaxFailuresPerIp,
  };
  const failure = (error: string, status: number) => ({
    ...baseEntry(c, ctx, null, 'login_failure'),
    actor: username,
    status,
    error,
  });

  const [accountLock, ipLock] = await Promise.all([
    store.getThrottle(accountKey, now),
    store.getThrottle(ipKey, now),
  ]);
  const lockedUntil = Math.max(accountLock.lockedUntil ?? 0, ipLock.lockedUntil ?? 0);
  if (lockedUntil > now) {
    const retryAfter = Math.ceil((lockedUntil - now) / 1000);
    await appendAudit(
      ctx,
      failure(accountLock.lockedUntil ? 'account locked' : 'address locked', 429),
    );
    const response = jsonError(
      429,
      'locked_out',
      `Too many failed sign-ins. Try again in ${Math.ceil(retryAfter / 60)} min.`,
      { retry_after_seconds: retryAfter },
    );
    response.headers.set('retry-after', String(retryAfter));
    return response;
  }

  const account = isValidUsername(username) ? await store.getAccount(username) : null;
  const matches = await verifyPassword(
    password,
    account?.passwordHash ?? (await dummy(settings.scryptN)),
  );
  if (!account || !matches || account.disabled) {
    await Promise.all([
      store.recordFailure(accountKey, accountPolicy, now),
      store.recordFailure(ipKey, ipPolicy, now),
    ]);
    const why = !account ? 'no such account' : !matches ? 'wrong password' : 'account disabled';
    await appendAudit(ctx, failure(why, 401));
    return jsonError(401, 'invalid_credentials', 'Wrong username or password.');
  }

  await store.clearThrottle(accountKey);
  // A session cookie from before the sign-in is never reused (session fixation).
  const previous = auth.readSessionCookie(c);
  if (previous) await store.deleteSession(sha256(previous));
  await store.pruneSessions(now - settings.sessionIdleMs, now - settings.sessionAbsoluteMs);
  const { token, session } = await auth.startSession(c, account.username);
  const principal: Principal = {
    username: account.username,
    email: null,
    role: account.role,
    authMode: 'local',
    session,
  };
  await appendAudit(ctx, {
    ...baseEntry(c, ctx, principal, 'login_success'),
    status: 200,
    ok: true,
  });
  const response = c.json(await sessionBody(auth, principal), 200, NO_STORE);
  response.headers.append('set-cookie', auth.sessionCookie(c, token));
  return response;
}

import { Hono } from 'hono';
import { type ConsoleStore, roleAtLeast } from '../store/console-store.ts';
import { openStore } from '../store/open-store.ts';
import { type AuditContext, recordMutations, recordRefusal } from './audit-recorder.ts';
import { mountAuditRoutes } from './audit-routes.ts';
import { Auth, type Clock, unauthenticated } from './auth.ts';
import { compressResponses } from './compress.ts';
import type { GatewayConfig, GatewayLog } from './config.ts';
import { jsonError } from './json-error.ts';
import { classifyApiRequest, isSafeMethod } from './permissions.ts';
import { createRestProxy, isCrossSiteWrite, upstreamPath } from './proxy-rest.ts';
import { createSseProxy } from './proxy-sse.ts';
import { checkUpstream } from './readiness.ts';
import { getPrincipal, setPrincipal } from './request-state.ts';
import { securityHeaders } from './security-headers.ts';
import { mountSessionRoutes } from './session-routes.ts';
import { createStaticHandler } from './static.ts';
import { errorCode } from './upstream-request.ts';

export interface GatewayAppOptions {
  log?: GatewayLog;
  /**
   * Accounts, sessions and the audit trail. startGateway opens the configured one; without
   * it, createGatewayApp opens it on first use (and nobody closes it: tests pass their own).
   */
  store?: ConsoleStore;
  /** Epoch milliseconds; tests inject one to age sessions and lockouts. */
  clock?: Clock;
}

const NO_STORE = { 'cache-control': 'no-store' };

/** The whole gateway as a Hono app: usable with `app.request()` in tests, or served by start.ts. */
export function createGatewayApp(config: GatewayConfig, options: GatewayAppOptions = {}): Hono {
  const log = options.log ?? (() => {});
  const app = new Hono();
  let storePromise: Promise<ConsoleStore> | undefined = options.store
    ? Promise.resolve(options.store)
    : undefined;
  const store = (): Promise<ConsoleStore> => {
    storePromise ??= openStore(config).catch((error: unknown) => {
      storePromise = undefined;
      throw error;
    });
    return storePromise;
  };
  const auth = new Auth(config, store, options.clock ?? Date.now);
  const ctx: AuditContext = { auth, config, log };

  app.use('*', securityHeaders({ trustProxy: config.trustProxy }));

  app.get('/healthz', (c) => c.json({ ok: true }, 200, NO_STORE));
  app.get('/readyz', async (c) => {
    const state = await checkUpstream(config);
    return c.json(state, state.ok ? 200 : 503, NO_STORE);
  });

  // Another site must not make a visitor's browser write through the gateway (a form POST
  // needs no CORS); the CSRF token below is the second, independent check.
  app.use('/api/*', async (c, next) => {
    if (isCrossSiteWrite(c.req.raw))
      return jsonError(403, 'cross_site_request', 'Cross-site writes are not allowed');
    await next();
  });

  // The gateway's own routes: never proxied upstream.
  mountSessionRoutes(app, ctx);

  app.use('/api/*', async (c, next) => {
    const outcome = await auth.authenticate(c);
    if (!outcome.ok) return unauthenticated(auth, c, outcome);
    setPrincipal(c, outcome.principal);
    if (!isSafeMethod(c.req.method) && !(await auth.csrfValid(c, outcome.principal)))
      return jsonError(
        403,
        'csrf_failed',
        'Missing or wrong X-CSRF-Token header; reload the page.',
      );
    await next();
  });

  mountAuditRoutes(app, ctx);

  app.use('/api/*', async (c, next) => {
    const principal = getPrincipal(c)!;
    const path = upstreamPath(new URL(c.req.url).pathname);
    if (path === null) return jsonError(400, 'bad_path', 'Invalid API path');
    const classified = classifyApiRequest(c.req.method, path, config.organizationId);
    if (!roleAtLeast(principal.role, classified.required)) {
      await recordRefusal(c, ctx, principal, classified);
      return jsonError(403, 'forbidden', `This needs the ${classified.required} role.`, {
        required_role: classified.required,
        role: principal.role,
      });
    }
    await next();
  });

  app.get('/api/agent-execution/:taskId/events', createSseProxy(config, log));
  app.use('/api/*', compressResponses());
  app.use('/api/*', recordMutations(ctx));
  app.all('/api', createRestProxy(config, log));
  app.all('/api/*', createRestProxy(config, log));

  app.get('*', createStaticHandler(config.distDir));
  app.all('*', () => jsonError(405, 'method_not_allowed', 'Method not allowed'));

  app.notFound(() => jsonError(404, 'not_found', 'Not found'));
  app.onError((error) => {
    log(`internal error: ${errorCode(error)}`);
    return jsonError(500, 'internal_error', 'Internal gateway error');
  });
  return app;
}

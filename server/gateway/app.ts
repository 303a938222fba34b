import { Hono } from 'hono';
import { compressResponses } from './compress.ts';
import type { GatewayConfig, GatewayLog } from './config.ts';
import { jsonError } from './json-error.ts';
import { createRestProxy } from './proxy-rest.ts';
import { createSseProxy } from './proxy-sse.ts';
import { checkUpstream } from './readiness.ts';
import { securityHeaders } from './security-headers.ts';
import { createStaticHandler } from './static.ts';
import { errorCode } from './upstream-request.ts';

export interface GatewayAppOptions {
  log?: GatewayLog;
}

const NO_STORE = { 'cache-control': 'no-store' };

/** The whole gateway as a Hono app: usable with `app.request()` in tests, or served by start.ts. */
export function createGatewayApp(config: GatewayConfig, options: GatewayAppOptions = {}): Hono {
  const log = options.log ?? (() => {});
  const app = new Hono();

  app.use('*', securityHeaders({ trustProxy: config.trustProxy }));

  app.get('/healthz', (c) => c.json({ ok: true }, 200, NO_STORE));
  app.get('/readyz', async (c) => {
    const state = await checkUpstream(config);
    return c.json(state, state.ok ? 200 : 503, NO_STORE);
  });

  app.get('/api/agent-execution/:taskId/events', createSseProxy(config, log));
  app.use('/api/*', compressResponses());
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

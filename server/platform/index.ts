import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DB_FILE, openDatabase } from './database.ts';
import { createRoutes } from './routes.ts';
import { resolveIdentity, seedDemo } from './seed.ts';
import { PlatformStore } from './store.ts';
import { TaskOps } from './task-ops.ts';
import { Worker } from './worker.ts';

export interface PlatformOptions {
  dataDir: string;
  /** Delete the database first. The org id and API key survive unless new ones are given. */
  reset?: boolean;
  /** Seed the demo org; default true when the database has no agents. */
  seed?: boolean;
  /** Tasks to seed (default 300); beyond 300 they are bulk rows for benchmarks. */
  seedTasks?: number;
  /** 1 = realistic timing, 10 = ten times faster. */
  speed?: number;
  /** Run the simulated worker (default true). */
  worker?: boolean;
  apiKey?: string;
  organizationId?: string;
  /** SSE keep-alive comment interval (default 15 s, or PLATFORM_KEEPALIVE_MS). */
  keepAliveMs?: number;
}

export interface StartPlatformOptions extends PlatformOptions {
  /** 0 = ephemeral. Default 4010. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface RunningPlatform {
  url: string;
  organizationId: string;
  apiKey: string;
  close(): Promise<void>;
}

export type PlatformApp = Hono & {
  organizationId: string;
  apiKey: string;
  store: PlatformStore;
  worker: Worker;
  close(): Promise<void>;
};

function deleteDatabase(dataDir: string): void {
  for (const suffix of ['', '-wal', '-shm'])
    rmSync(join(dataDir, DB_FILE + suffix), { force: true });
}

/**
 * The reference platform as a Hono app (usable with `app.request` and no port), with its store
 * and worker. `close()` stops the worker and closes the database.
 */
export function createPlatformApp(options: PlatformOptions): PlatformApp {
  let identity: { organizationId?: string; apiKey?: string } = {
    organizationId: options.organizationId,
    apiKey: options.apiKey,
  };
  if (options.reset) {
    // Keep the identity across a reset, so a configured gateway keeps working.
    const old = new PlatformStore(openDatabase(options.dataDir));
    identity = {
      organizationId: identity.organizationId ?? old.getMeta('organization_id'),
      apiKey: identity.apiKey ?? old.getMeta('api_key'),
    };
    old.db.close();
    deleteDatabase(options.dataDir);
  }
  const store = new PlatformStore(openDatabase(options.dataDir));
  const { organizationId, apiKey } = resolveIdentity(store, identity);
  const speed = options.speed && options.speed > 0 ? options.speed : 1;
  const ops = new TaskOps(store, organizationId, () => randomUUID());
  const worker = new Worker(store, ops, { speed });
  const empty = store.listAgents().length === 0;
  if (options.seed ?? empty) {
    if (!empty) throw new Error('seed: the data dir already has data; use reset');
    seedDemo(store, ops, { tasks: options.seedTasks ?? 300, nowMs: Date.now(), speed });
  }
  ops.scheduler = worker;
  if (options.worker ?? true) worker.start();
  const keepAliveMs =
    options.keepAliveMs ?? (Number(process.env['PLATFORM_KEEPALIVE_MS']) || 15_000);
  const app = createRoutes({ store, ops, organizationId, apiKey, keepAliveMs, clock: Date.now });
  let closed = false;
  return Object.assign(app, {
    organizationId,
    apiKey,
    store,
    worker,
    close: async () => {
      if (closed) return;
      closed = true;
      worker.stop();
      store.db.close();
    },
  });
}

/** Start the platform on a port. `port: 0` binds an ephemeral one; the URL says which. */
export async function startPlatform(options: StartPlatformOptions): Promise<RunningPlatform> {
  const app = createPlatformApp(options);
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 4010, hostname: host }, () =>
      resolve(s),
    );
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    organizationId: app.organizationId,
    apiKey: app.apiKey,
    close: async () => {
      app.worker.stop();
      await new Promise<void>((resolve) => {
        // Open SSE streams would keep close() waiting forever.
        (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      });
      await app.close();
    },
  };
}

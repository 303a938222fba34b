import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPlatform } from '../../server/platform/index.ts';
import { startChildGateway, type ChildGateway } from './processes.ts';
import { startSseUpstream, type SseUpstream } from './sse-upstream.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = join(ROOT, 'dist');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Builds dist/ with `vite build` when missing or older than the SPA sources. Returns an error text or null. */
export function ensureBuild(log: (m: string) => void): string | null {
  const built = newestMtime(join(DIST, 'index.html'));
  const sources = Math.max(
    newestMtime(join(ROOT, 'src')),
    newestMtime(join(ROOT, 'index.html')),
    newestMtime(join(ROOT, 'vite.config.ts')),
  );
  if (built > sources) return null;
  log('vite build (dist/ missing or stale)...');
  const r = spawnSync(join(ROOT, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (r.status === 0) return null;
  const why = `vite build failed: ${(r.stderr || r.stdout || '').trim().split('\n').slice(-6).join(' / ')}`;
  return existsSync(join(DIST, 'index.html')) ? `${why} (measuring the previous dist/)` : why;
}

/** Reference platform (in-process) + loopback events upstream + gateway (child process). */
export interface Stack {
  seedTasks: number;
  platformUrl: string;
  organizationId: string;
  apiKey: string;
  upstream: SseUpstream;
  gateway: ChildGateway;
  close(): Promise<void>;
}

export async function startStack(
  seedTasks: number,
  options: { worker?: boolean; speed?: number } = {},
): Promise<Stack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tasks-bench-'));
  const platform = await startPlatform({
    port: 0,
    dataDir,
    reset: true,
    seed: true,
    seedTasks,
    speed: options.speed ?? 10,
    worker: options.worker ?? false,
  });
  const upstream = await startSseUpstream({
    platformUrl: platform.url,
    organizationId: platform.organizationId,
  });
  let gateway: ChildGateway;
  try {
    gateway = await startChildGateway({
      apiKey: platform.apiKey,
      organizationId: platform.organizationId,
      baseUrl: platform.url,
      restBase: platform.url,
      eventsHost: upstream.url,
      distDir: DIST,
    });
  } catch (error) {
    await upstream.close();
    await platform.close();
    throw error;
  }
  return {
    seedTasks,
    platformUrl: platform.url,
    organizationId: platform.organizationId,
    apiKey: platform.apiKey,
    upstream,
    gateway,
    close: async () => {
      await gateway.close();
      await upstream.close();
      await platform.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** GET a JSON document from the platform directly (with the key), for setting up scenarios. */
export async function platformGet<T>(stack: Stack, path: string): Promise<T> {
  const res = await fetch(`${stack.platformUrl}${path}`, {
    headers: { 'x-api-key': stack.apiKey },
  });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return (await res.json()) as T;
}

export async function platformSend<T>(
  stack: Stack,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${stack.platformUrl}${path}`, {
    method,
    headers: { 'x-api-key': stack.apiKey, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/**
 * The system under test for the fault journeys, on free loopback ports:
 * reference platform -> fault upstream -> gateway (serving a private build of the SPA).
 * Run with tsx; prints one line `FAULTS_STATE <json>` once everything listens, then waits for
 * SIGTERM/SIGINT. The SPA is built into its own directory so a build by another suite running
 * at the same time cannot swap dist/ under these journeys.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../server/gateway/config.ts';
import { startGateway } from '../server/gateway/start.ts';
import { startPlatform } from '../server/platform/index.ts';
import { startFaultUpstream } from './fault-upstream.ts';

export interface HarnessState {
  gatewayUrl: string;
  platformUrl: string;
  faultUrl: string;
  controlUrl: string;
  organizationId: string;
  apiKey: string;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const FAULTS_DIST = join(ROOT, 'node_modules/.tmp/faults-dist');

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const info = statSync(path);
  if (!info.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : info.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildSpa(): void {
  const index = join(FAULTS_DIST, 'index.html');
  const inputs = ['src', 'public', 'index.html', 'vite.config.ts'].map((p) => join(ROOT, p));
  const newest = Math.max(...inputs.map(newestMtime));
  if (existsSync(index) && statSync(index).mtimeMs >= newest && !process.env.FAULTS_REBUILD) return;
  const result = spawnSync(
    join(ROOT, 'node_modules/.bin/vite'),
    ['build', '--outDir', FAULTS_DIST, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (result.status !== 0 && !existsSync(index)) throw new Error('vite build failed');
}

async function main(): Promise<void> {
  buildSpa();
  const dataDir = join(tmpdir(), `faults-platform-${process.pid}`);
  mkdirSync(dataDir, { recursive: true });
  const platform = await startPlatform({
    port: 0,
    dataDir,
    reset: true,
    seedTasks: 60,
    speed: 10,
    worker: true,
    keepAliveMs: 3_000,
  });
  const faults = await startFaultUpstream({ target: platform.url });
  const config = loadConfig(
    {
      XPANDER_BASE_URL: faults.url,
      XPANDER_EVENTS_URL: faults.url,
      XPANDER_API_KEY: platform.apiKey,
      XPANDER_ORGANIZATION_ID: platform.organizationId,
      PORT: '0',
      GATEWAY_UPSTREAM_TIMEOUT_MS: '15000',
      GATEWAY_SSE_KEEPALIVE_MS: '5000',
      // 2.5x the platform's 3 s keep-alive here, as 40 s is to its 15 s in production.
      GATEWAY_SSE_STALL_MS: '7500',
      GATEWAY_TRUST_PROXY: 'true',
    },
    { distDir: FAULTS_DIST, eventsHost: faults.url },
  );
  const gateway = await startGateway(config, { log: () => {} });
  const state: HarnessState = {
    gatewayUrl: gateway.url,
    platformUrl: platform.url,
    faultUrl: faults.url,
    controlUrl: faults.controlUrl,
    organizationId: platform.organizationId,
    apiKey: platform.apiKey,
  };
  console.log(`FAULTS_STATE ${JSON.stringify(state)}`);
  const stop = async () => {
    await gateway.close().catch(() => {});
    await faults.close().catch(() => {});
    await platform.close().catch(() => {});
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

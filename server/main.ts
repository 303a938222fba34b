/**
 * `npm start` / `npm run dev`: the built SPA behind the gateway, and the embedded reference
 * platform when no XPANDER_BASE_URL is configured. Flags are listed in USAGE.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  assertSafeToServe,
  ConfigError,
  type GatewayConfig,
  loadConfig,
} from './gateway/config.ts';
import { describeStoreLocation } from './store/open-store.ts';
import { PortInUseError, type RunningGateway, startGateway } from './gateway/start.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const USAGE = `Usage: tsx server/main.ts [options]

  --port N          gateway port (default: PORT or 8080)
  --host H          gateway interface (default: HOST or 127.0.0.1)
  --data DIR        embedded platform data directory (default: .data)
  --reset           wipe the embedded platform's data first
  --fast            run the embedded platform ten times faster (tests)
  --seed-tasks N    number of tasks the embedded platform seeds
  --dev             also run the Vite dev server with hot reload (proxies /api to the gateway)
  --no-build        never run vite build, serve dist/ as it is
  -h, --help        this text

With XPANDER_BASE_URL unset the embedded reference platform is started; otherwise the gateway
proxies to that platform using XPANDER_API_KEY and XPANDER_ORGANIZATION_ID.

Sign-in: CONSOLE_AUTH=none (default; loopback only), local (accounts: npm run users) or proxy.
Accounts, sessions and the audit trail live in DIR/console.db, or PostgreSQL with DATABASE_URL.`;

interface Flags {
  port: number | undefined;
  host: string | undefined;
  dataDir: string;
  reset: boolean;
  fast: boolean;
  seedTasks: number | undefined;
  dev: boolean;
  build: boolean;
}

class UsageError extends Error {}

function parseInteger(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return value;
}

function parseFlags(argv: string[]): Flags | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      reset: { type: 'boolean', default: false },
      fast: { type: 'boolean', default: false },
      'seed-tasks': { type: 'string' },
      dev: { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return 'help';
  return {
    port: parseInteger('port', values.port, 0, 65535),
    host: values.host,
    dataDir: resolve(values.data ?? join(ROOT, '.data')),
    reset: values.reset,
    fast: values.fast,
    seedTasks: parseInteger('seed-tasks', values['seed-tasks'], 0, 10_000_000),
    dev: values.dev,
    build: !values['no-build'],
  };
}

/** Newest modification time under the build inputs (test files do not change the bundle). */
function newestSourceMtime(): number {
  let newest = 0;
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const info = statSync(path);
    if (info.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (!/\.test\.tsx?$/.test(path)) {
      newest = Math.max(newest, info.mtimeMs);
    }
  };
  for (const input of ['src', 'public', 'index.html', 'vite.config.ts']) visit(join(ROOT, input));
  return newest;
}

function needsBuild(distDir: string): boolean {
  const index = join(distDir, 'index.html');
  if (!existsSync(index)) return true;
  return newestSourceMtime() > statSync(index).mtimeMs;
}

function runViteBuild(): Promise<boolean> {
  return new Promise((done) => {
    const child = spawn(join(ROOT, 'node_modules/.bin/vite'), ['build'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    child.on('error', () => done(false));
    child.on('exit', (code) => done(code === 0));
  });
}

/** Fails fast, before the platform spends time starting, when the port is taken. */
function assertPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => {
      fail(error.code === 'EADDRINUSE' ? new PortInUseError(host, port) : error);
    });
    probe.listen(port, host, () => probe.close(() => done()));
  });
}

/** For printing only: drops any user:password from a URL. */
function printable(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

function describeAuth(config: GatewayConfig): string {
  const auth = config.auth;
  switch (auth.mode) {
    case 'none':
      return 'none (everyone on this machine is the admin "local"; CONSOLE_AUTH=local or proxy to add sign-in)';
    case 'local':
      return 'local accounts (manage them with npm run users)';
    case 'proxy':
      return `proxy (${auth.proxyUserHeader} from ${auth.trustedProxies.join(', ')})`;
  }
}

interface Closable {
  close(): Promise<void>;
}

async function main(): Promise<number> {
  let flags: Flags | 'help';
  try {
    flags = parseFlags(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  if (flags === 'help') {
    console.log(USAGE);
    return 0;
  }

  const env = process.env;
  let base: GatewayConfig;
  try {
    base = loadConfig(env); // validates PORT, CONSOLE_* and friends before anything starts
    // Before the platform spends time starting: no sign-in must never mean open to a network.
    assertSafeToServe({ auth: base.auth, host: flags.host ?? base.host });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const host = flags.host ?? base.host;
  const port = flags.port ?? base.port;
  const distDir = env.GATEWAY_DIST_DIR ? base.distDir : join(ROOT, 'dist');
  const sqlitePath = env.CONSOLE_DB_PATH?.trim()
    ? base.sqlitePath
    : join(flags.dataDir, 'console.db');

  // Only dist/ is what `vite build` writes; a custom GATEWAY_DIST_DIR is served as it is.
  const ownsDist = distDir === join(ROOT, 'dist');
  if (!flags.dev && flags.build && ownsDist && needsBuild(distDir)) {
    console.log('Building the console (dist/ is missing or older than the sources)...');
    const built = await runViteBuild();
    if (!built && !existsSync(join(distDir, 'index.html'))) {
      console.error('vite build failed and there is no previous build to serve.');
      return 1;
    }
    if (!built) console.warn('vite build failed; serving the previous build in dist/.');
  }

  await assertPortFree(host, port);

  const running: Closable[] = [];
  let stopping = false;
  const stop = async (code: number): Promise<never> => {
    if (stopping) process.exit(code);
    stopping = true;
    const force = setTimeout(() => process.exit(code || 1), 10_000);
    force.unref();
    for (const service of running.reverse()) await service.close().catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    let overrides: Partial<GatewayConfig> = {};
    let upstreamLine: string;
    if (!env.XPANDER_BASE_URL) {
      const { startPlatform } = await import('./platform/index.ts');
      const platform = await startPlatform({
        port: 0,
        host: '127.0.0.1',
        dataDir: flags.dataDir,
        reset: flags.reset,
        ...(flags.seedTasks !== undefined ? { seedTasks: flags.seedTasks } : {}),
        speed: flags.fast ? 10 : 1,
        worker: true,
        ...(env.XPANDER_API_KEY ? { apiKey: env.XPANDER_API_KEY } : {}),
        ...(env.XPANDER_ORGANIZATION_ID ? { organizationId: env.XPANDER_ORGANIZATION_ID } : {}),
      });
      running.push(platform);
      // The events host is given explicitly: an ephemeral port containing "8085" would otherwise
      // send streams to localhost:9016 (the SDK heuristic in contract §2.3).
      overrides = {
        baseUrl: platform.url,
        organizationId: platform.organizationId,
        apiKey: platform.apiKey,
        eventsHost: platform.url,
      };
      upstreamLine = `embedded reference platform at ${platform.url} (data: ${flags.dataDir}${flags.fast ? ', speed x10' : ''})`;
    } else {
      upstreamLine = printable(base.restBase);
      if (!base.apiKey)
        console.warn('XPANDER_API_KEY is not set: every /api call will answer 503.');
      if (!base.organizationId)
        console.warn('XPANDER_ORGANIZATION_ID is not set: event streams will not be found.');
    }

    const config = loadConfig(env, { ...overrides, host, port, distDir, sqlitePath });
    const gateway: RunningGateway = await startGateway(config, {
      log: (message) => console.warn(`[gateway] ${message}`),
    });
    running.push(gateway);
    console.log(`Upstream: ${upstreamLine}`);
    console.log(`Sign-in: ${describeAuth(config)}; store: ${describeStoreLocation(config)}`);

    if (flags.dev) {
      process.env.GATEWAY_URL = gateway.url;
      const { createServer: createViteServer } = await import('vite');
      const vite = await createViteServer({ root: ROOT, configFile: join(ROOT, 'vite.config.ts') });
      running.push(vite);
      await vite.listen();
      const viteUrl = vite.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5173/';
      console.log(`Gateway (API): ${gateway.url}`);
      console.log(`Tasks Console (dev, hot reload): open ${viteUrl}`);
    } else {
      console.log(`Tasks Console: open ${gateway.url}`);
    }
    console.log('Press Ctrl-C to stop.');
    return -1;
  } catch (error) {
    if (error instanceof PortInUseError || error instanceof ConfigError) {
      console.error(error.message);
    } else {
      console.error('Start-up failed:', error instanceof Error ? error.message : error);
    }
    return stop(1);
  }
}

main().then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);

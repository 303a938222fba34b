import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A reference platform and a gateway as two separate processes, so a journey can kill and
 * restart the platform under a running console (the default e2e server runs both in one).
 */
export interface SeparateStack {
  gatewayUrl: string;
  platformPort: number;
  apiKey: string;
  organizationId: string;
  killPlatform(): Promise<void>;
  startPlatform(): Promise<void>;
  stop(): Promise<void>;
}

const TSX = 'node_modules/.bin/tsx';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function startProcess(args: string[], env: Record<string, string>, ready: RegExp) {
  // detached: a process group, so a kill reaches the node process tsx starts as a grandchild.
  const child = spawn(TSX, args, {
    env: { ...process.env, ...env },
    detached: true,
    stdio: 'pipe',
  });
  let output = '';
  const started = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out starting ${args[0]}:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args[0]} exited with ${code}:\n${output}`));
    });
  });
  return { child, started };
}

function killGroup(child: ChildProcess | undefined, signal: NodeJS.Signals): Promise<void> {
  if (!child?.pid || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid!, signal);
    } catch {
      resolve();
    }
  });
}

export async function startSeparateStack(): Promise<SeparateStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tc-e2e-platform-'));
  const platformPort = await freePort();
  const gatewayPort = await freePort();
  let platform: ChildProcess | undefined;
  let apiKey = '';
  let organizationId = '';

  const startPlatform = async () => {
    const p = startProcess(
      ['server/platform/cli.ts', '--port', String(platformPort), '--data', dataDir, '--speed', '2'],
      {},
      /PLATFORM_API_KEY=\S+/,
    );
    platform = p.child;
    const out = await p.started;
    apiKey = /PLATFORM_API_KEY=(\S+)/.exec(out)![1]!;
    organizationId = /PLATFORM_ORG_ID=(\S+)/.exec(out)![1]!;
  };

  await startPlatform();
  const gw = startProcess(
    ['server/main.ts', '--port', String(gatewayPort), '--no-build'],
    {
      XPANDER_BASE_URL: `http://127.0.0.1:${platformPort}`,
      XPANDER_API_KEY: apiKey,
      XPANDER_ORGANIZATION_ID: organizationId,
    },
    /open http:\/\/\S+/,
  );
  await gw.started;

  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    platformPort,
    apiKey,
    organizationId,
    killPlatform: () => killGroup(platform, 'SIGKILL'),
    startPlatform,
    stop: async () => {
      await killGroup(gw.child, 'SIGTERM');
      await killGroup(platform, 'SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A console with sign-in (CONSOLE_AUTH=local): its own gateway process on a free port, with the
 * embedded reference platform, and accounts made with the users CLI (`npm run users`) in a
 * throwaway store (CONSOLE_DB_PATH). The default e2e server runs without sign-in.
 */
export interface AuthStack {
  url: string;
  stop(): Promise<void>;
}

export interface Account {
  username: string;
  role: 'viewer' | 'operator' | 'admin';
  password: string;
}

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

function collect(child: ChildProcess) {
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  return () => output;
}

/** `npm run users -- add NAME --role R --password-stdin`, the password on stdin. */
async function addAccount(account: Account, env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(
    'npm',
    [
      'run',
      '--silent',
      'users',
      '--',
      'add',
      account.username,
      '--role',
      account.role,
      '--password-stdin',
    ],
    { env, stdio: 'pipe' },
  );
  const output = collect(child);
  child.stdin?.end(`${account.password}\n`);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`users add ${account.username} exited ${code}:\n${output()}`);
}

function killGroup(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

export async function startAuthStack(accounts: readonly Account[]): Promise<AuthStack> {
  const dir = mkdtempSync(join(tmpdir(), 'tc-e2e-auth-'));
  // The embedded platform, whatever the caller's shell points at.
  const { XPANDER_BASE_URL: _upstream, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    CONSOLE_AUTH: 'local',
    CONSOLE_DB_PATH: join(dir, 'console.db'),
  };
  try {
    for (const account of accounts) await addAccount(account, env);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const port = await freePort();
  // detached: a process group, so the stop reaches the node process tsx starts as a grandchild.
  // --no-build: the default e2e web server has already built dist/.
  const child = spawn(
    'node_modules/.bin/tsx',
    [
      'server/main.ts',
      '--port',
      String(port),
      '--data',
      join(dir, 'platform'),
      '--reset',
      '--fast',
      '--seed-tasks',
      '40',
      '--no-build',
    ],
    { env, detached: true, stdio: 'pipe' },
  );
  const output = collect(child);
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out starting the gateway:\n${output()}`)),
        90_000,
      );
      const check = () => {
        if (/open http:\/\/\S+/.test(output())) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`gateway exited with ${code}:\n${output()}`));
      });
    });
  } catch (error) {
    await killGroup(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      await killGroup(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

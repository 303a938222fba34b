import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../store/sqlite-store.ts';
import { verifyPassword } from './password.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');

let dir: string;
let dbPath: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'users-cli-'));
  dbPath = join(dir, 'console.db');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function users(args: string[], stdin = ''): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(TSX, ['server/gateway/users-cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, CONSOLE_DB_PATH: dbPath, CONSOLE_SCRYPT_N: '1024', DATABASE_URL: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin.end(stdin);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('npm run users', () => {
  it('adds, lists, changes role and password, disables and deletes accounts', async () => {
    const added = await users(
      ['add', 'ada', '--role', 'operator', '--password-stdin'],
      'first password 1\n',
    );
    expect(added).toMatchObject({ code: 0 });
    expect(added.out).toContain('Added ada (operator).');
    expect(
      (await users(['add', 'ada', '--role', 'admin', '--password-stdin'], 'first password 1\n'))
        .code,
    ).toBe(2);
    expect(
      (await users(['add', 'bob', '--role', 'admin', '--password-stdin'], 'short\n')).out,
    ).toContain('at least 12');
    expect(
      (await users(['add', 'bob', '--role', 'root', '--password-stdin'], 'long enough pw\n')).code,
    ).toBe(2);
    // No terminal and no --password-stdin: it refuses rather than hang.
    expect((await users(['add', 'bob', '--role', 'viewer'])).out).toContain('--password-stdin');

    expect((await users(['set-role', 'ada', 'admin'])).code).toBe(0);
    expect(
      (await users(['set-password', 'ada', '--password-stdin'], 'second password 2\n')).code,
    ).toBe(0);
    expect((await users(['disable', 'ada'])).code).toBe(0);

    const store = new SqliteStore(dbPath);
    const account = (await store.getAccount('ada'))!;
    await store.close();
    expect(account).toMatchObject({ role: 'admin', disabled: true });
    expect(account.passwordHash).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('second password 2', account.passwordHash)).toBe(true);
    expect(await verifyPassword('first password 1', account.passwordHash)).toBe(false);

    const list = await users(['list']);
    expect(list.out).toMatch(/ada\s+admin\s+disabled/);
    expect((await users(['delete', 'ada'])).code).toBe(0);
    expect((await users(['delete', 'ada'])).code).toBe(2);
    expect((await users(['list'])).out).toContain('No accounts yet');
    // About ten CLI runs, each a fresh tsx process: seconds apiece on a busy 2-core machine.
  }, 180_000);
});

/**
 * `npm run users -- <command>`: the accounts of CONSOLE_AUTH=local, in the store the gateway
 * uses (DATABASE_URL, else CONSOLE_DB_PATH, else .data/console.db). Passwords are read from
 * the terminal without echo, or from stdin with --password-stdin; never from the command line.
 */
import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import {
  type ConsoleStore,
  DuplicateAccountError,
  isRole,
  type Role,
} from '../store/console-store.ts';
import { describeStoreLocation, openStore } from '../store/open-store.ts';
import { ConfigError, loadAuthConfig } from './config.ts';
import { hashPassword, isValidUsername, passwordProblem } from './password.ts';
import { resolve } from 'node:path';

const USAGE = `Usage: npm run users -- <command> [options]

  add NAME --role viewer|operator|admin [--password-stdin]
  list
  set-role NAME viewer|operator|admin
  set-password NAME [--password-stdin]     (also signs the account out everywhere)
  disable NAME                             (signs it out; it can no longer sign in)
  enable NAME
  delete NAME

The password is asked for on a terminal; with --password-stdin the first line of stdin is used.
Store: DATABASE_URL (PostgreSQL) when set, else CONSOLE_DB_PATH (default .data/console.db).`;

class CliError extends Error {}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

/** Asks on the terminal with echo off (the typed characters are swallowed by a muted output). */
function askHidden(question: string): Promise<string> {
  let muted = false;
  const output = new (class {
    write(chunk: string | Uint8Array): boolean {
      if (!muted) process.stderr.write(chunk);
      return true;
    }
  })() as unknown as Writable;
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((done) => {
    process.stderr.write(question);
    muted = true;
    rl.question('', (answer) => {
      muted = false;
      process.stderr.write('\n');
      rl.close();
      done(answer);
    });
  });
}

async function readNewPassword(fromStdin: boolean): Promise<string> {
  let password: string;
  if (fromStdin) {
    password = await readStdinLine();
  } else {
    if (!process.stdin.isTTY)
      throw new CliError('No terminal to ask for the password on: pass --password-stdin.');
    password = await askHidden('Password: ');
    const again = await askHidden('Repeat it: ');
    if (again !== password) throw new CliError('The passwords differ.');
  }
  const problem = passwordProblem(password);
  if (problem) throw new CliError(problem);
  return password;
}

function roleArg(raw: string | undefined): Role {
  if (!isRole(raw))
    throw new CliError(`Role must be viewer, operator or admin, got "${raw ?? ''}".`);
  return raw;
}

function nameArg(raw: string | undefined): string {
  if (!raw) throw new CliError('Name the account.');
  if (!isValidUsername(raw))
    throw new CliError(
      'Account names are 1-64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit.',
    );
  return raw;
}

async function run(store: ConsoleStore, argv: string[], scryptN: number): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      role: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
  });
  const [command, name, extra] = positionals;
  const now = Date.now();
  const fromStdin = values['password-stdin'];
  const mustExist = async (username: string) => {
    if (!(await store.getAccount(username))) throw new CliError(`No account ${username}.`);
  };

  switch (command) {
    case 'add': {
      const username = nameArg(name);
      const role = roleArg(values.role);
      if (await store.getAccount(username))
        throw new CliError(`Account ${username} already exists.`);
      const passwordHash = await hashPassword(await readNewPassword(fromStdin), scryptN);
      try {
        await store.createAccount({ username, role, passwordHash, disabled: false }, now);
      } catch (error) {
        if (error instanceof DuplicateAccountError) throw new CliError(error.message);
        throw error;
      }
      return `Added ${username} (${role}).`;
    }
    case 'list': {
      const accounts = await store.listAccounts();
      if (accounts.length === 0)
        return 'No accounts yet. Add one: npm run users -- add NAME --role admin';
      const width = Math.max(8, ...accounts.map((a) => a.username.length));
      const lines = [`${'ACCOUNT'.padEnd(width)}  ROLE      STATE     CHANGED`];
      for (const a of accounts)
        lines.push(
          `${a.username.padEnd(width)}  ${a.role.padEnd(8)}  ${(a.disabled ? 'disabled' : 'active').padEnd(8)}  ${new Date(a.updatedAt).toISOString()}`,
        );
      return lines.join('\n');
    }
    case 'set-role': {
      const username = nameArg(name);
      const role = roleArg(extra ?? values.role);
      if (!(await store.updateAccount(username, { role }, now)))
        throw new CliError(`No account ${username}.`);
      return `${username} is now ${role}.`;
    }
    case 'set-password': {
      const username = nameArg(name);
      await mustExist(username);
      const passwordHash = await hashPassword(await readNewPassword(fromStdin), scryptN);
      await store.updateAccount(username, { passwordHash }, now);
      const ended = await store.deleteSessionsOf(username);
      await store.clearThrottle(`account:${username.toLowerCase()}`);
      return `Password of ${username} changed; ${ended} session(s) signed out.`;
    }
    case 'disable':
    case 'enable': {
      const username = nameArg(name);
      const disabled = command === 'disable';
      if (!(await store.updateAccount(username, { disabled }, now)))
        throw new CliError(`No account ${username}.`);
      const ended = disabled ? await store.deleteSessionsOf(username) : 0;
      return disabled
        ? `${username} disabled; ${ended} session(s) signed out.`
        : `${username} enabled.`;
    }
    case 'delete': {
      const username = nameArg(name);
      if (!(await store.deleteAccount(username))) throw new CliError(`No account ${username}.`);
      const ended = await store.deleteSessionsOf(username);
      return `${username} deleted; ${ended} session(s) signed out. Their audit records stay.`;
    }
    default:
      throw new CliError(command ? `Unknown command "${command}".\n\n${USAGE}` : USAGE);
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('-h') || argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  let store: ConsoleStore | undefined;
  try {
    const auth = loadAuthConfig(process.env);
    const location = {
      databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
      sqlitePath: resolve(process.env.CONSOLE_DB_PATH?.trim() || '.data/console.db'),
    };
    store = await openStore(location);
    console.log(await run(store, argv, auth.scryptN));
    if (argv[0] !== 'list' && auth.mode !== 'local')
      console.error(
        `Note: CONSOLE_AUTH is "${auth.mode}"; these accounts are used with CONSOLE_AUTH=local. (${describeStoreLocation(location)})`,
      );
    return 0;
  } catch (error) {
    if (error instanceof CliError || error instanceof ConfigError) {
      console.error(error.message);
      return 2;
    }
    if (
      error instanceof TypeError &&
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    console.error(error instanceof Error ? error.message : error);
    return 1;
  } finally {
    await store?.close();
  }
}

process.exitCode = await main();

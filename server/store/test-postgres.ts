import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const SCRIPT = fileURLToPath(new URL('../../scripts/start-postgres.sh', import.meta.url));

let cached: string | undefined;

/**
 * TEST_DATABASE_URL when set; otherwise scripts/start-postgres.sh starts (or finds) a local
 * cluster, so a fresh machine runs the PostgreSQL suites too.
 */
export function testDatabaseUrl(): string {
  if (cached) return cached;
  const given = process.env.TEST_DATABASE_URL?.trim();
  if (given) return (cached = given);
  const output = execFileSync('bash', [SCRIPT], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 180_000,
  });
  const url = output.trim().split('\n').at(-1) ?? '';
  if (!url.startsWith('postgres')) throw new Error(`start-postgres.sh printed no URL: ${output}`);
  return (cached = url);
}

/** `CONSOLE_SKIP_POSTGRES_TESTS=1` for machines that cannot run PostgreSQL at all. */
export const skipPostgres = process.env.CONSOLE_SKIP_POSTGRES_TESTS === '1';

/** A schema of its own per test, so suites never see each other's rows. */
export function uniqueSchema(): string {
  return `t_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  type Account,
  type AccountPatch,
  type AuditEntry,
  type AuditQuery,
  type AuditRecord,
  type ConsoleStore,
  DuplicateAccountError,
  type Session,
  type ThrottlePolicy,
  type ThrottleState,
} from './console-store.ts';
import { POSTGRES_MIGRATIONS } from './migrations.ts';
import {
  AUDIT_COLUMNS,
  auditValues,
  auditWhere,
  rowToAccount,
  rowToAudit,
  rowToSession,
} from './rows.ts';
import { throttleState } from './sqlite-store.ts';

type Row = Record<string, unknown>;

export interface PostgresStoreOptions {
  connectionString: string;
  /** A schema to keep the tables in (created when missing); tests use one each. */
  schema?: string;
  maxConnections?: number;
}

// Any constant works; every gateway must use the same one so migrations run one at a time.
const MIGRATION_LOCK = 741_208_331;

/** The shared store: several gateways behind a load balancer read and write the same rows. */
export class PostgresStore implements ConsoleStore {
  readonly kind = 'postgres' as const;
  readonly #pool: pg.Pool;

  private constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const schema = options.schema;
    if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema))
      throw new Error(`Invalid schema name: ${schema}`);
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      max: options.maxConnections ?? 10,
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    });
    // An idle client losing its server (a restart) must not crash the gateway.
    pool.on('error', () => {});
    const store = new PostgresStore(pool);
    try {
      await store.#migrate(schema);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return store;
  }

  async #migrate(schema: string | undefined): Promise<void> {
    await this.#transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)',
      );
      const { rows } = await client.query<{ version: number }>(
        'SELECT version FROM schema_migrations',
      );
      const done = new Set(rows.map((r) => Number(r.version)));
      for (const migration of POSTGRES_MIGRATIONS) {
        if (done.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
          [migration.version, migration.name, Date.now()],
        );
      }
    });
  }

  async #transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async #rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.#pool.query<Row>(sql, params)).rows;
  }

  async createAccount(
    account: Omit<Account, 'createdAt' | 'updatedAt'>,
    now: number,
  ): Promise<Account> {
    try {
      await this.#pool.query(
        'INSERT INTO accounts (username, role, password_hash, disabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6)',
        [account.username, account.role, account.passwordHash, account.disabled, now, now],
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505')
        throw new DuplicateAccountError(`Account ${account.username} already exists`);
      throw error;
    }
    return { ...account, createdAt: now, updatedAt: now };
  }

  async getAccount(username: string): Promise<Account | null> {
    const [row] = await this.#rows('SELECT * FROM accounts WHERE username = $1', [username]);
    return row ? rowToAccount(row) : null;
  }

  async listAccounts(): Promise<Account[]> {
    return (await this.#rows('SELECT * FROM accounts ORDER BY username')).map(rowToAccount);
  }

  async updateAccount(username: string, patch: AccountPatch, now: number): Promise<Account | null> {
    const params: unknown[] = [now];
    const sets: string[] = ['updated_at = $1'];
    const set = (column: string, value: unknown): void => {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    };
    if (patch.role !== undefined) set('role', patch.role);
    if (patch.passwordHash !== undefined) set('password_hash', patch.passwordHash);
    if (patch.disabled !== undefined) set('disabled', patch.disabled);
    params.push(username);
    const [row] = await this.#rows(
      `UPDATE accounts SET ${sets.join(', ')} WHERE username = $${params.length} RETURNING *`,
      params,
    );
    return row ? rowToAccount(row) : null;
  }

  async deleteAccount(username: string): Promise<boolean> {
    const result = await this.#pool.query('DELETE FROM accounts WHERE username = $1', [username]);
    return (result.rowCount ?? 0) > 0;
  }

  async createSession(session: Session): Promise<void> {
    await this.#pool.query(
      'INSERT INTO sessions (id_hash, username, csrf_token, created_at, last_seen_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [
        session.idHash,
        session.username,
        session.csrfToken,
        session.createdAt,
        session.lastSeenAt,
        session.ip,
        session.userAgent,
      ],
    );
  }

  async getSession(idHash: string): Promise<Session | null> {
    const [row] = await this.#rows('SELECT * FROM sessions WHERE id_hash = $1', [idHash]);
    return row ? rowToSession(row) : null;
  }

  async touchSession(idHash: string, lastSeenAt: number): Promise<void> {
    await this.#pool.query(
      'UPDATE sessions SET last_seen_at = GREATEST(last_seen_at, $1) WHERE id_hash = $2',
      [lastSeenAt, idHash],
    );
  }

  async deleteSession(idHash: string): Promise<void> {
    await this.#pool.query('DELETE FROM sessions WHERE id_hash = $1', [idHash]);
  }

  async deleteSessionsOf(username: string): Promise<number> {
    const result = await this.#pool.query('DELETE FROM sessions WHERE username = $1', [username]);
    return result.rowCount ?? 0;
  }

  async pruneSessions(idleBefore: number, createdBefore: number): Promise<number> {
    const result = await this.#pool.query(
      'DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2',
      [idleBefore, createdBefore],
    );
    return result.rowCount ?? 0;
  }

  async getThrottle(key: string, now: number): Promise<ThrottleState> {
    const [row] = await this.#rows('SELECT * FROM login_throttle WHERE key = $1', [key]);
    return throttleState(row, now);
  }

  async recordFailure(key: string, policy: ThrottlePolicy, now: number): Promise<ThrottleState> {
    const row = await this.#transaction(async (client) => {
      // The upsert's row lock serializes gateways counting the same key.
      await client.query(
        `INSERT INTO login_throttle AS t (key, failures, window_start, locked_until)
         VALUES ($1, 1, $2, NULL)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN t.window_start <= $3 THEN 1 ELSE t.failures + 1 END,
           window_start = CASE WHEN t.window_start <= $3 THEN $2 ELSE t.window_start END`,
        [key, now, now - policy.windowMs],
      );
      await client.query(
        'UPDATE login_throttle SET locked_until = $1, failures = 0, window_start = $2 WHERE key = $3 AND failures >= $4',
        [now + policy.lockoutMs, now, key, policy.maxFailures],
      );
      const { rows } = await client.query<Row>('SELECT * FROM login_throttle WHERE key = $1', [
        key,
      ]);
      return rows[0];
    });
    return throttleState(row, now);
  }

  async clearThrottle(key: string): Promise<void> {
    await this.#pool.query('DELETE FROM login_throttle WHERE key = $1', [key]);
  }

  async sharedSecret(name: string): Promise<string> {
    await this.#pool.query(
      'INSERT INTO shared_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
      [name, randomBytes(32).toString('base64url')],
    );
    const [row] = await this.#rows('SELECT value FROM shared_secrets WHERE name = $1', [name]);
    return String(row?.['value']);
  }

  async appendAudit(entry: AuditEntry): Promise<AuditRecord> {
    const columns = AUDIT_COLUMNS.join(', ');
    const marks = AUDIT_COLUMNS.map((_, i) => `$${i + 1}`).join(', ');
    const [row] = await this.#rows(
      `INSERT INTO audit_log (${columns}) VALUES (${marks}) RETURNING *`,
      auditValues(entry, entry.ok),
    );
    return rowToAudit(row!);
  }

  async queryAudit(query: AuditQuery): Promise<AuditRecord[]> {
    const { where, params } = auditWhere(query, (n) => `$${n}`);
    const rows = await this.#rows(
      `SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT $${params.length + 1}`,
      [...params, query.limit],
    );
    return rows.map(rowToAudit);
  }

  /** Test hook: proves the database itself refuses to rewrite history. */
  async rawExec(sql: string): Promise<void> {
    await this.#pool.query(sql);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

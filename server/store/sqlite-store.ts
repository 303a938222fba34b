import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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
import { SQLITE_MIGRATIONS } from './migrations.ts';
import {
  AUDIT_COLUMNS,
  auditValues,
  auditWhere,
  rowToAccount,
  rowToAudit,
  rowToSession,
} from './rows.ts';

type Row = Record<string, unknown>;

/** The single-gateway store: one SQLite file in WAL mode (or `:memory:` in tests). */
export class SqliteStore implements ConsoleStore {
  readonly kind = 'sqlite' as const;
  readonly #db: Database.Database;

  constructor(path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = NORMAL');
    // Another process (the users CLI) may hold the write lock for a moment.
    this.#db.pragma('busy_timeout = 5000');
    this.#db.pragma('foreign_keys = ON');
    this.#migrate();
  }

  #migrate(): void {
    const db = this.#db;
    db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
    );
    const apply = db.transaction(() => {
      const done = new Set(
        (db.prepare('SELECT version FROM schema_migrations').all() as Row[]).map((r) =>
          Number(r['version']),
        ),
      );
      for (const migration of SQLITE_MIGRATIONS) {
        if (done.has(migration.version)) continue;
        db.exec(migration.sql);
        db.prepare(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
        ).run(migration.version, migration.name, Date.now());
      }
    });
    apply.immediate();
  }

  async createAccount(
    account: Omit<Account, 'createdAt' | 'updatedAt'>,
    now: number,
  ): Promise<Account> {
    try {
      this.#db
        .prepare(
          'INSERT INTO accounts (username, role, password_hash, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          account.username,
          account.role,
          account.passwordHash,
          account.disabled ? 1 : 0,
          now,
          now,
        );
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
        throw new DuplicateAccountError(`Account ${account.username} already exists`);
      throw error;
    }
    return { ...account, createdAt: now, updatedAt: now };
  }

  async getAccount(username: string): Promise<Account | null> {
    const row = this.#db.prepare('SELECT * FROM accounts WHERE username = ?').get(username) as
      Row | undefined;
    return row ? rowToAccount(row) : null;
  }

  async listAccounts(): Promise<Account[]> {
    return (this.#db.prepare('SELECT * FROM accounts ORDER BY username').all() as Row[]).map(
      rowToAccount,
    );
  }

  async updateAccount(username: string, patch: AccountPatch, now: number): Promise<Account | null> {
    const sets: string[] = ['updated_at = ?'];
    const params: unknown[] = [now];
    if (patch.role !== undefined) {
      sets.push('role = ?');
      params.push(patch.role);
    }
    if (patch.passwordHash !== undefined) {
      sets.push('password_hash = ?');
      params.push(patch.passwordHash);
    }
    if (patch.disabled !== undefined) {
      sets.push('disabled = ?');
      params.push(patch.disabled ? 1 : 0);
    }
    const row = this.#db
      .prepare(`UPDATE accounts SET ${sets.join(', ')} WHERE username = ? RETURNING *`)
      .get(...params, username) as Row | undefined;
    return row ? rowToAccount(row) : null;
  }

  async deleteAccount(username: string): Promise<boolean> {
    return this.#db.prepare('DELETE FROM accounts WHERE username = ?').run(username).changes > 0;
  }

  async createSession(session: Session): Promise<void> {
    this.#db
      .prepare(
        'INSERT INTO sessions (id_hash, username, csrf_token, created_at, last_seen_at, ip, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        session.idHash,
        session.username,
        session.csrfToken,
        session.createdAt,
        session.lastSeenAt,
        session.ip,
        session.userAgent,
      );
  }

  async getSession(idHash: string): Promise<Session | null> {
    const row = this.#db.prepare('SELECT * FROM sessions WHERE id_hash = ?').get(idHash) as
      Row | undefined;
    return row ? rowToSession(row) : null;
  }

  async touchSession(idHash: string, lastSeenAt: number): Promise<void> {
    this.#db
      .prepare('UPDATE sessions SET last_seen_at = MAX(last_seen_at, ?) WHERE id_hash = ?')
      .run(lastSeenAt, idHash);
  }

  async deleteSession(idHash: string): Promise<void> {
    this.#db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteSessionsOf(username: string): Promise<number> {
    return this.#db.prepare('DELETE FROM sessions WHERE username = ?').run(username).changes;
  }

  async pruneSessions(idleBefore: number, createdBefore: number): Promise<number> {
    return this.#db
      .prepare('DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?')
      .run(idleBefore, createdBefore).changes;
  }

  async getThrottle(key: string, now: number): Promise<ThrottleState> {
    const row = this.#db.prepare('SELECT * FROM login_throttle WHERE key = ?').get(key) as
      Row | undefined;
    return throttleState(row, now);
  }

  async recordFailure(key: string, policy: ThrottlePolicy, now: number): Promise<ThrottleState> {
    const record = this.#db.transaction((): Row | undefined => {
      const cutoff = now - policy.windowMs;
      this.#db
        .prepare(
          `INSERT INTO login_throttle (key, failures, window_start, locked_until) VALUES (?, 1, ?, NULL)
           ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN window_start <= ? THEN 1 ELSE failures + 1 END,
             window_start = CASE WHEN window_start <= ? THEN excluded.window_start ELSE window_start END`,
        )
        .run(key, now, cutoff, cutoff);
      // Reaching the limit locks and starts a fresh count for after the lockout.
      this.#db
        .prepare(
          'UPDATE login_throttle SET locked_until = ?, failures = 0, window_start = ? WHERE key = ? AND failures >= ?',
        )
        .run(now + policy.lockoutMs, now, key, policy.maxFailures);
      return this.#db.prepare('SELECT * FROM login_throttle WHERE key = ?').get(key) as
        Row | undefined;
    });
    return throttleState(record.immediate(), now);
  }

  async clearThrottle(key: string): Promise<void> {
    this.#db.prepare('DELETE FROM login_throttle WHERE key = ?').run(key);
  }

  async sharedSecret(name: string): Promise<string> {
    this.#db
      .prepare(
        'INSERT INTO shared_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
      )
      .run(name, randomBytes(32).toString('base64url'));
    const row = this.#db
      .prepare('SELECT value FROM shared_secrets WHERE name = ?')
      .get(name) as Row;
    return String(row['value']);
  }

  async appendAudit(entry: AuditEntry): Promise<AuditRecord> {
    const columns = AUDIT_COLUMNS.join(', ');
    const marks = AUDIT_COLUMNS.map(() => '?').join(', ');
    const row = this.#db
      .prepare(`INSERT INTO audit_log (${columns}) VALUES (${marks}) RETURNING *`)
      .get(...auditValues(entry, entry.ok ? 1 : 0)) as Row;
    return rowToAudit(row);
  }

  async queryAudit(query: AuditQuery): Promise<AuditRecord[]> {
    const { where, params } = auditWhere(query, () => '?');
    return (
      this.#db
        .prepare(`SELECT * FROM audit_log ${where} ORDER BY id DESC LIMIT ?`)
        .all(...params, query.limit) as Row[]
    ).map(rowToAudit);
  }

  /** Test hook: proves the database itself refuses to rewrite history. */
  rawExec(sql: string): void {
    this.#db.exec(sql);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}

export function throttleState(row: Row | undefined, now: number): ThrottleState {
  if (!row) return { failures: 0, lockedUntil: null };
  const lockedUntil = row['locked_until'] === null ? null : Number(row['locked_until']);
  return {
    failures: Number(row['failures']),
    lockedUntil: lockedUntil !== null && lockedUntil > now ? lockedUntil : null,
  };
}

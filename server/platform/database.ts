import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Db = Database.Database;

/**
 * Schema history, applied in order and tracked in `PRAGMA user_version`. Append only: a
 * shipped entry never changes, a change is a new entry.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE agents (id TEXT PRIMARY KEY, position INTEGER NOT NULL, doc TEXT NOT NULL);
  CREATE TABLE users (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
  CREATE TABLE tasks (
    id TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL,
    user_id TEXT,
    parent_task_id TEXT,
    triggering_agent_id TEXT,
    status TEXT NOT NULL,
    internal_status TEXT,
    source TEXT,
    title TEXT,
    result TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    doc TEXT NOT NULL,
    -- worker cursor: next script step and when it is due (NULL = not scheduled)
    run_step INTEGER,
    run_next_at INTEGER,
    -- the SSE replay starts here (a continued task starts a new run)
    stream_start_seq INTEGER NOT NULL DEFAULT 1,
    -- bulk-seeded tasks build their logs on first read
    lazy_logs INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX tasks_by_agent ON tasks (agent_id, created_at DESC);
  CREATE INDEX tasks_by_user ON tasks (user_id, created_at DESC);
  CREATE INDEX tasks_by_parent ON tasks (parent_task_id);
  CREATE INDEX tasks_due ON tasks (run_next_at) WHERE run_next_at IS NOT NULL;
  CREATE TABLE task_events (
    task_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (task_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE activity_items (
    task_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (task_id, seq)
  ) WITHOUT ROWID;
  CREATE TABLE metrics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id TEXT NOT NULL,
    execution_id TEXT,
    received_at TEXT NOT NULL,
    body TEXT NOT NULL
  );
  `,
];

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v] ?? '');
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export const DB_FILE = 'platform.sqlite';

/**
 * WAL + synchronous=FULL: every acknowledged write is committed and fsynced before the HTTP
 * answer leaves, so a kill -9 (or power loss) loses nothing that was acknowledged.
 */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DB_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

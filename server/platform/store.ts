import type { Db } from './database.ts';
import { EventLog } from './event-log.ts';
import { buildTask, type TaskRecord, type TasksListItemRecord } from './task-model.ts';

export interface AgentRecord {
  id: string;
  name: string;
  icon: string;
  instructions: { role: string[]; goal: string[]; general: string };
  status: 'DRAFT' | 'ACTIVE' | 'INACTIVE';
  organization_id: string;
  created_at: string;
  description: string | null;
  access_scope: 'personal' | 'organizational' | null;
  created_by: string | null;
  type: 'manager' | 'regular' | 'a2a' | 'curl' | 'orchestration' | null;
  [extra: string]: unknown;
}

export interface TaskRow {
  task: TaskRecord;
  runStep: number | null;
  runNextAt: number | null;
  streamStartSeq: number;
  lazyLogs: boolean;
}

export interface ListFilters {
  user_id?: string;
  parent_task_id?: string;
  triggering_agent_id?: string;
  status?: string;
  internal_status?: string;
}

export type ActivityItem = Record<string, unknown> & { id: string; created_at: string };

const LIST_COLUMNS =
  'id, agent_id, user_id, parent_task_id, triggering_agent_id, status, created_at, updated_at, source, result, title';

interface ListRow {
  id: string;
  agent_id: string;
  user_id: string | null;
  parent_task_id: string | null;
  triggering_agent_id: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  source: string | null;
  result: string | null;
  title: string | null;
}

/** All SQLite access of the platform. Synchronous on purpose: a write is on disk before we answer. */
export class PlatformStore {
  readonly db: Db;
  readonly events: EventLog;
  #depth = 0;
  #pending: (() => void)[] = [];
  readonly #s;

  constructor(db: Db) {
    this.db = db;
    this.events = new EventLog(db, (fn) => this.afterCommit(fn));
    this.#s = {
      getMeta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
      setMeta: db.prepare(
        'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      ),
      putAgent: db.prepare('INSERT OR REPLACE INTO agents (id, position, doc) VALUES (?, ?, ?)'),
      listAgents: db.prepare('SELECT doc FROM agents ORDER BY position, id').pluck(),
      getAgent: db.prepare('SELECT doc FROM agents WHERE id = ?').pluck(),
      putUser: db.prepare('INSERT OR REPLACE INTO users (id, doc) VALUES (?, ?)'),
      listUsers: db.prepare('SELECT doc FROM users ORDER BY id').pluck(),
      insertTask: db.prepare(
        `INSERT INTO tasks (id, agent_id, user_id, parent_task_id, triggering_agent_id, status, internal_status, source,
           title, result, created_at, updated_at, doc, run_step, run_next_at, lazy_logs)
         VALUES (@id, @agent_id, @user_id, @parent_task_id, @triggering_agent_id, @status, @internal_status, @source,
           @title, @result, @created_at, @updated_at, @doc, @run_step, @run_next_at, @lazy_logs)`,
      ),
      saveTask: db.prepare(
        `UPDATE tasks SET user_id = @user_id, parent_task_id = @parent_task_id, triggering_agent_id = @triggering_agent_id,
           status = @status, internal_status = @internal_status, source = @source, title = @title, result = @result,
           updated_at = @updated_at, doc = @doc WHERE id = @id`,
      ),
      getTask: db.prepare(
        'SELECT doc, run_step, run_next_at, stream_start_seq, lazy_logs FROM tasks WHERE id = ?',
      ),
      setRun: db.prepare('UPDATE tasks SET run_step = ?, run_next_at = ? WHERE id = ?'),
      setStreamStart: db.prepare('UPDATE tasks SET stream_start_seq = ? WHERE id = ?'),
      clearLazy: db.prepare('UPDATE tasks SET lazy_logs = 0 WHERE id = ?'),
      due: db
        .prepare(
          'SELECT id FROM tasks WHERE run_next_at IS NOT NULL AND run_next_at <= ? ORDER BY run_next_at LIMIT ?',
        )
        .pluck(),
      nextDue: db
        .prepare('SELECT MIN(run_next_at) FROM tasks WHERE run_next_at IS NOT NULL')
        .pluck(),
      children: db.prepare('SELECT status FROM tasks WHERE parent_task_id = ?').pluck(),
      appendActivity: db.prepare(
        'INSERT INTO activity_items (task_id, seq, body) VALUES (?, ?, ?)',
      ),
      activitySeq: db
        .prepare('SELECT COALESCE(MAX(seq), 0) FROM activity_items WHERE task_id = ?')
        .pluck(),
      activity: db
        .prepare('SELECT body FROM activity_items WHERE task_id = ? ORDER BY seq')
        .pluck(),
      insertMetrics: db.prepare(
        'INSERT INTO metrics (agent_id, execution_id, received_at, body) VALUES (?, ?, ?, ?)',
      ),
      countTasks: db.prepare('SELECT COUNT(*) FROM tasks').pluck(),
    };
  }

  /** Nested-safe transaction; after-commit hooks (event broadcast) run once the outermost commits. */
  tx<T>(fn: () => T): T {
    if (this.#depth > 0) return fn();
    this.#depth++;
    let result: T;
    try {
      result = this.db.transaction(fn)();
    } catch (error) {
      this.#pending = [];
      throw error;
    } finally {
      this.#depth--;
    }
    const hooks = this.#pending;
    this.#pending = [];
    for (const hook of hooks) hook();
    return result;
  }

  afterCommit(fn: () => void): void {
    if (this.#depth > 0) this.#pending.push(fn);
    else fn();
  }

  getMeta(key: string): string | undefined {
    return this.#s.getMeta.get(key) as string | undefined;
  }

  setMeta(key: string, value: string): void {
    this.#s.setMeta.run(key, value);
  }

  putAgent(agent: AgentRecord, position: number): void {
    this.#s.putAgent.run(agent.id, position, JSON.stringify(agent));
  }

  listAgents(): AgentRecord[] {
    return (this.#s.listAgents.all() as string[]).map((doc) => JSON.parse(doc) as AgentRecord);
  }

  getAgent(id: string): AgentRecord | undefined {
    const doc = this.#s.getAgent.get(id) as string | undefined;
    return doc === undefined ? undefined : (JSON.parse(doc) as AgentRecord);
  }

  putUser(user: { id: string; email: string }): void {
    this.#s.putUser.run(user.id, JSON.stringify(user));
  }

  listUsers<U = Record<string, unknown>>(): U[] {
    return (this.#s.listUsers.all() as string[]).map((doc) => JSON.parse(doc) as U);
  }

  countTasks(): number {
    return this.#s.countTasks.get() as number;
  }

  #columns(task: TaskRecord, doc?: string) {
    return {
      id: task.id,
      agent_id: task.agent_id,
      user_id: task.input.user?.id ?? null,
      parent_task_id: task.parent_execution,
      triggering_agent_id: task.triggering_agent_id,
      status: task.status,
      internal_status: task.internal_status,
      source: task.source,
      title: task.title,
      result: task.result,
      created_at: task.created_at,
      updated_at: task.updated_at,
      doc: doc ?? JSON.stringify(task),
    };
  }

  insertTask(
    task: TaskRecord,
    run: { step: number | null; nextAt: number | null } = { step: null, nextAt: null },
    lazyLogs = false,
    doc?: string,
  ): void {
    const columns = this.#columns(task, doc);
    this.#s.insertTask.run({
      ...columns,
      run_step: run.step,
      run_next_at: run.nextAt,
      lazy_logs: lazyLogs ? 1 : 0,
    });
  }

  saveTask(task: TaskRecord): void {
    const { created_at: _created, ...columns } = this.#columns(task);
    this.#s.saveTask.run(columns);
  }

  getTaskRow(id: string): TaskRow | undefined {
    const row = this.#s.getTask.get(id) as
      | {
          doc: string;
          run_step: number | null;
          run_next_at: number | null;
          stream_start_seq: number;
          lazy_logs: number;
        }
      | undefined;
    if (!row) return undefined;
    return {
      // Bulk rows store only non-default keys; buildTask fills in the rest.
      task: buildTask(JSON.parse(row.doc) as TaskRecord, 0),
      runStep: row.run_step,
      runNextAt: row.run_next_at,
      streamStartSeq: row.stream_start_seq,
      lazyLogs: row.lazy_logs === 1,
    };
  }

  getTask(id: string): TaskRecord | undefined {
    return this.getTaskRow(id)?.task;
  }

  setRun(id: string, step: number | null, nextAt: number | null): void {
    this.#s.setRun.run(step, nextAt === null ? null : Math.round(nextAt), id);
  }

  setStreamStart(id: string, seq: number): void {
    this.#s.setStreamStart.run(seq, id);
  }

  clearLazyLogs(id: string): void {
    this.#s.clearLazy.run(id);
  }

  dueTaskIds(nowMs: number, limit: number): string[] {
    return this.#s.due.all(nowMs, limit) as string[];
  }

  nextDueAt(): number | null {
    return (this.#s.nextDue.get() as number | null) ?? null;
  }

  childStatuses(parentId: string): string[] {
    return this.#s.children.all(parentId) as string[];
  }

  /** Bare list, newest first; filters are exact matches, empty values mean "no filter" (the SDK sends `user_id=` for None). */
  listTasks(
    scope: { agent_id: string } | { user_id: string },
    filters: ListFilters,
    organizationId: string,
  ): TasksListItemRecord[] {
    const where: string[] = [];
    const params: string[] = [];
    const add = (column: string, value: string | undefined) => {
      if (value === undefined || value === '') return;
      where.push(`${column} = ?`);
      params.push(value);
    };
    if ('agent_id' in scope) add('agent_id', scope.agent_id);
    else add('user_id', scope.user_id);
    add('user_id', filters.user_id);
    add('parent_task_id', filters.parent_task_id);
    add('triggering_agent_id', filters.triggering_agent_id);
    add('status', filters.status);
    add('internal_status', filters.internal_status);
    const sql = `SELECT ${LIST_COLUMNS} FROM tasks WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC`;
    return (this.db.prepare(sql).all(...params) as ListRow[]).map((r) => ({
      id: r.id,
      agent_id: r.agent_id,
      organization_id: organizationId,
      user_id: r.user_id,
      parent_task_id: r.parent_task_id,
      triggering_agent_id: r.triggering_agent_id,
      status: r.status,
      created_at: r.created_at,
      updated_at: r.updated_at,
      source_node_type: r.source,
      result: r.result,
      title: r.title,
    }));
  }

  appendActivity(taskId: string, item: ActivityItem): void {
    const seq = (this.#s.activitySeq.get(taskId) as number) + 1;
    this.#s.appendActivity.run(taskId, seq, JSON.stringify(item));
  }

  activity(taskId: string): ActivityItem[] {
    return (this.#s.activity.all(taskId) as string[]).map((b) => JSON.parse(b) as ActivityItem);
  }

  insertMetrics(
    agentId: string,
    executionId: string | null,
    receivedAt: string,
    body: unknown,
  ): void {
    this.#s.insertMetrics.run(agentId, executionId, receivedAt, JSON.stringify(body));
  }
}

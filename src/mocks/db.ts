import { isTerminalStatus, type ActivityThread, type AgentsListItem, type Task } from '@/contract';
import { makeTaskEvent, resetFactorySequence, type WireTaskEvent } from './factories';
import { buildSeed } from './fixtures';

type Subscriber = (event: WireTaskEvent | 'end') => void;

/**
 * The in-memory platform behind every mock handler. Handlers read and write it; tests can
 * too (e.g. `db.tasks.set(...)`, `emitTaskEvent(...)`). It is reset with the handlers after
 * every test (see node.ts), so writes never leak between tests.
 */
export const db = {
  agents: [] as AgentsListItem[],
  tasks: new Map<string, Task>(),
  activity: new Map<string, ActivityThread>(),
  /** Each task's event log, replayed to every subscriber that connects (API doc §7.3). */
  events: new Map<string, WireTaskEvent[]>(),
};

const subscribers = new Map<string, Set<Subscriber>>();

export function resetDb(): void {
  resetFactorySequence();
  const seed = buildSeed();
  db.agents = seed.agents;
  db.tasks = new Map(seed.tasks.map((t) => [t.id, t]));
  db.activity = new Map(seed.activity.map((a) => [a.id, a]));
  db.events = seed.events;
  for (const set of subscribers.values()) for (const s of set) s('end');
  subscribers.clear();
}
resetDb();

/** Subscribes to a task's live events; 'end' after task_finished. Returns an unsubscribe. */
export function subscribeToTask(taskId: string, subscriber: Subscriber): () => void {
  let set = subscribers.get(taskId);
  if (!set) subscribers.set(taskId, (set = new Set()));
  set.add(subscriber);
  return () => set.delete(subscriber);
}

/** Appends an event to the task's log and sends it to open streams; task_finished ends them. */
export function emitTaskEvent(event: WireTaskEvent): void {
  const log = db.events.get(event.task_id) ?? [];
  log.push(event);
  db.events.set(event.task_id, log);
  const set = subscribers.get(event.task_id);
  if (!set) return;
  for (const s of [...set]) {
    s(event);
    if (event.type === 'task_finished') s('end');
  }
  if (event.type === 'task_finished') subscribers.delete(event.task_id);
}

/** Stores a changed task and emits task_updated, or task_finished when it became terminal. */
export function saveTask(task: Task, previous: Task | undefined): void {
  db.tasks.set(task.id, task);
  const finished = isTerminalStatus(task.status) && !isTerminalStatus(previous?.status);
  emitTaskEvent(makeTaskEvent(finished ? 'task_finished' : 'task_updated', task, nowIso()));
}

export function nowIso(): string {
  return new Date().toISOString().replace('Z', '000Z');
}

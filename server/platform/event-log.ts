import { TASK_EVENT_TYPES, type TaskEventType } from '../../src/contract/index.ts';
import type { Db } from './database.ts';

/** The twelve types the SDK knows; anything else crashes its SSE iterator (§7.4). */
export const KNOWN_EVENT_TYPES = TASK_EVENT_TYPES;
export type EventType = TaskEventType;
export const isKnownEventType = (t: unknown): t is EventType =>
  typeof t === 'string' && (KNOWN_EVENT_TYPES as readonly string[]).includes(t);

export interface EventEnvelope {
  type: EventType;
  task_id: string;
  organization_id: string;
  time: string;
  data: unknown;
}

/** One row of the log; `body` is the envelope JSON exactly as it goes on the wire. */
export interface StoredEvent {
  seq: number;
  type: EventType;
  body: string;
}

export type EventListener = (event: StoredEvent) => void;

/**
 * Per-task ordered, persisted event log with broadcast to live subscribers. Appends happen
 * inside the caller's transaction; listeners hear about them only after it commits, so a
 * subscriber never sees an event that a crash could take back.
 */
export class EventLog {
  readonly #listeners = new Map<string, Set<EventListener>>();
  readonly #afterCommit: (fn: () => void) => void;
  readonly #insert;
  readonly #maxSeq;
  readonly #read;

  constructor(db: Db, afterCommit: (fn: () => void) => void) {
    this.#afterCommit = afterCommit;
    this.#insert = db.prepare(
      'INSERT INTO task_events (task_id, seq, type, body) VALUES (?, ?, ?, ?)',
    );
    this.#maxSeq = db
      .prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM task_events WHERE task_id = ?')
      .pluck();
    this.#read = db.prepare(
      'SELECT seq, type, body FROM task_events WHERE task_id = ? AND seq >= ? ORDER BY seq',
    );
  }

  append(envelope: EventEnvelope): StoredEvent {
    const seq = this.lastSeq(envelope.task_id) + 1;
    const event: StoredEvent = { seq, type: envelope.type, body: JSON.stringify(envelope) };
    this.#insert.run(envelope.task_id, seq, event.type, event.body);
    this.#afterCommit(() => {
      for (const listener of this.#listeners.get(envelope.task_id) ?? []) listener(event);
    });
    return event;
  }

  lastSeq(taskId: string): number {
    return this.#maxSeq.get(taskId) as number;
  }

  read(taskId: string, fromSeq = 1): StoredEvent[] {
    return this.#read.all(taskId, fromSeq) as StoredEvent[];
  }

  /**
   * Replay and subscription in one synchronous step: no append can land between the read
   * and the registration, so the subscriber misses nothing and sees nothing twice.
   */
  replayAndSubscribe(
    taskId: string,
    fromSeq: number,
    listener: EventListener,
  ): { replay: StoredEvent[]; unsubscribe: () => void } {
    const replay = this.read(taskId, fromSeq);
    let set = this.#listeners.get(taskId);
    if (!set) this.#listeners.set(taskId, (set = new Set()));
    set.add(listener);
    return {
      replay,
      unsubscribe: () => {
        set.delete(listener);
        if (set.size === 0) this.#listeners.delete(taskId);
      },
    };
  }

  subscriberCount(taskId: string): number {
    return this.#listeners.get(taskId)?.size ?? 0;
  }
}

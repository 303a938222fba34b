import { planScript, RESUME_KINDS, type Step } from './behaviours.ts';
import type { AgentRecord, PlatformStore } from './store.ts';
import { runStep } from './step-runner.ts';
import type { ScheduleHook, TaskOps } from './task-ops.ts';
import { isTerminal, type TaskRecord } from './task-model.ts';

export interface WorkerOptions {
  /** 1 = realistic timing, 10 = ten times faster. */
  speed: number;
  clock?: () => number;
}

/** Agents without a deployed worker (DRAFT/INACTIVE) leave their tasks pending. */
export const isRunnableAgent = (agent: AgentRecord | undefined): agent is AgentRecord =>
  agent?.status === 'ACTIVE';

export function scriptFor(store: PlatformStore, task: TaskRecord): Step[] {
  const agent = store.getAgent(task.agent_id);
  if (!agent) return [];
  const delegates = store
    .listAgents()
    .filter((a) => a.id !== agent.id && a.status === 'ACTIVE' && a.type !== 'manager');
  return planScript({
    agent,
    delegates,
    prompt: task.input.text,
    outputFormat: task.output_format,
    isChild: task.parent_execution != null,
  });
}

/**
 * The simulated agent worker. Each due task runs one scripted step per turn inside a
 * transaction that re-reads the task first, so a stop (DELETE) always wins: the worker sees
 * the terminal status at its next step and drops the task. The cursor (step, due time) is
 * persisted, so after a restart the worker continues where it was.
 */
export class Worker implements ScheduleHook {
  readonly #store: PlatformStore;
  readonly #ops: TaskOps;
  readonly #speed: number;
  readonly #clock: () => number;
  readonly #scripts = new Map<string, { key: string; steps: Step[] }>();
  #timer: NodeJS.Timeout | null = null;
  #running = false;

  constructor(store: PlatformStore, ops: TaskOps, options: WorkerOptions) {
    this.#store = store;
    this.#ops = ops;
    this.#speed = options.speed > 0 ? options.speed : 1;
    this.#clock = options.clock ?? Date.now;
  }

  #script(task: TaskRecord): Step[] {
    const key = `${task.execution_attempts}\n${task.input.text}`;
    const cached = this.#scripts.get(task.id);
    if (cached?.key === key) return cached.steps;
    const steps = scriptFor(this.#store, task);
    this.#scripts.set(task.id, { key, steps });
    return steps;
  }

  #delay(step: Step | undefined): number {
    return (step?.delay ?? 0) / this.#speed;
  }

  schedule(task: TaskRecord, step: number, nowMs: number): void {
    if (!isRunnableAgent(this.#store.getAgent(task.agent_id))) return;
    const steps = this.#script(task);
    this.#store.setRun(task.id, step, nowMs + this.#delay(steps[step]));
    this.#wake();
  }

  start(): void {
    this.#running = true;
    this.#wake();
  }

  stop(): void {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  #wake(): void {
    if (!this.#running) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#loop(), 0);
  }

  #loop(): void {
    this.#timer = null;
    if (!this.#running) return;
    try {
      this.tick();
    } catch (error) {
      console.error('[platform worker]', error);
    }
    if (!this.#running) return;
    const next = this.#store.nextDueAt();
    // Poll at least every 250 ms so rows scheduled by another process (or a PATCH) are seen.
    const wait = next === null ? 250 : Math.min(250, Math.max(5, next - this.#clock()));
    this.#timer = setTimeout(() => this.#loop(), wait);
  }

  /** Run every step that is due now. Public for tests. */
  tick(): number {
    let ran = 0;
    const now = this.#clock();
    for (const id of this.#store.dueTaskIds(now, 200)) {
      this.#store.tx(() => this.#runOne(id, now));
      ran++;
    }
    return ran;
  }

  #runOne(id: string, now: number): void {
    const row = this.#store.getTaskRow(id);
    if (!row || row.runStep === null) return;
    const task = row.task;
    const steps = this.#script(task);
    const step = steps[row.runStep];
    if (isTerminal(task.status) || !step) {
      this.#store.setRun(id, null, null);
      this.#scripts.delete(id);
      return;
    }
    // Paused by someone else (a PATCH): hold until a PATCH moves it back to executing.
    if (task.status === 'paused' && !RESUME_KINDS.has(step.kind)) {
      this.#store.setRun(id, row.runStep, null);
      return;
    }
    const outcome = runStep(this.#ops, task, step, now, (agentId) => this.#store.getAgent(agentId));
    if (outcome === 'wait') {
      this.#store.setRun(id, row.runStep, now + Math.max(20, 1000 / this.#speed));
      return;
    }
    const nextIndex = row.runStep + 1;
    const next = steps[nextIndex];
    if (!next || isTerminal(task.status)) {
      this.#store.setRun(id, null, null);
      this.#scripts.delete(id);
      return;
    }
    this.#store.setRun(id, nextIndex, outcome === 'hold' ? null : now + this.#delay(next));
  }
}

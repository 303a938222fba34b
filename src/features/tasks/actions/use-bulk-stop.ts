import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { stopTask } from '@/api';
import { invalidateTaskLists, writeTaskToCache } from './task-cache';
import { stopOutcomeOf } from './use-stop-task';

export type BulkItemOutcome =
  | { state: 'queued' }
  | { state: 'running' }
  | { state: 'stopped' }
  | { state: 'already-finished'; status: string }
  | { state: 'failed'; error: Error }
  | { state: 'skipped' };

export type BulkPhase = 'idle' | 'running' | 'aborted' | 'done';

export const BULK_STOP_CONCURRENCY = 4;

export interface BulkRunResult {
  outcomes: ReadonlyMap<string, BulkItemOutcome>;
  aborted: boolean;
}

/**
 * Stops many tasks, a few at a time so a large selection does not flood the platform. Abort
 * stops new requests from starting; the ones in flight finish and report, because a DELETE
 * that reached the server has taken effect whether or not we wait for its answer.
 */
export function useBulkStop(concurrency = BULK_STOP_CONCURRENCY) {
  const queryClient = useQueryClient();
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, BulkItemOutcome>>(new Map());
  const [phase, setPhase] = useState<BulkPhase>('idle');
  const abortRef = useRef(false);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      abortRef.current = true;
    };
  }, []);

  const start = useCallback(
    async (ids: readonly string[]): Promise<BulkRunResult> => {
      const final = new Map<string, BulkItemOutcome>();
      const set = (id: string, outcome: BulkItemOutcome) => {
        final.set(id, outcome);
        if (mounted.current) setOutcomes((prev) => new Map(prev).set(id, outcome));
      };
      abortRef.current = false;
      setOutcomes(new Map(ids.map((id) => [id, { state: 'queued' }] as const)));
      setPhase('running');
      const queue = [...ids];
      const worker = async () => {
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          if (abortRef.current) {
            set(id, { state: 'skipped' });
            continue;
          }
          set(id, { state: 'running' });
          try {
            const task = await stopTask(id);
            writeTaskToCache(queryClient, task);
            const outcome = stopOutcomeOf(task);
            set(
              id,
              outcome === 'stopped'
                ? { state: 'stopped' }
                : { state: 'already-finished', status: task.status ?? 'unknown' },
            );
          } catch (error) {
            set(id, {
              state: 'failed',
              error: error instanceof Error ? error : new Error(String(error)),
            });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
      void invalidateTaskLists(queryClient);
      const aborted = abortRef.current;
      if (mounted.current) setPhase(aborted ? 'aborted' : 'done');
      return { outcomes: final, aborted };
    },
    [concurrency, queryClient],
  );

  const abort = useCallback(() => {
    abortRef.current = true;
  }, []);

  const reset = useCallback(() => {
    setOutcomes(new Map());
    setPhase('idle');
  }, []);

  return { outcomes, phase, start, abort, reset };
}

export function summarizeBulk(outcomes: ReadonlyMap<string, BulkItemOutcome>) {
  const counts = { stopped: 0, alreadyFinished: 0, failed: 0, skipped: 0, pending: 0 };
  for (const o of outcomes.values()) {
    if (o.state === 'stopped') counts.stopped++;
    else if (o.state === 'already-finished') counts.alreadyFinished++;
    else if (o.state === 'failed') counts.failed++;
    else if (o.state === 'skipped') counts.skipped++;
    else counts.pending++;
  }
  return counts;
}

import { useCallback, useSyncExternalStore } from 'react';

interface Ticker {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | undefined;
}

// One shared ticker per interval, so a thousand relative times re-render from a single timer.
const tickers = new Map<number, Ticker>();

function ticker(intervalMs: number): Ticker {
  let t = tickers.get(intervalMs);
  if (!t) {
    t = { now: Date.now(), listeners: new Set(), timer: undefined };
    tickers.set(intervalMs, t);
  }
  return t;
}

function subscribeTicker(intervalMs: number, listener: () => void): () => void {
  const t = ticker(intervalMs);
  t.listeners.add(listener);
  if (!t.timer) {
    t.now = Date.now();
    t.timer = setInterval(() => {
      t.now = Date.now();
      for (const l of t.listeners) l();
    }, intervalMs);
  }
  return () => {
    t.listeners.delete(listener);
    if (t.listeners.size === 0 && t.timer) {
      clearInterval(t.timer);
      t.timer = undefined;
    }
  };
}

function readTicker(intervalMs: number): number {
  const t = ticker(intervalMs);
  // Before anything subscribed the cached value may be stale. Refresh it only when a whole
  // interval old, so repeated reads in one render return the same value (React requires it).
  if (!t.timer && Date.now() - t.now >= intervalMs) t.now = Date.now();
  return t.now;
}

/** The current time, refreshed every `intervalMs` while anything is subscribed. */
export function useNow(intervalMs = 1000): number {
  const subscribe = useCallback(
    (listener: () => void) => subscribeTicker(intervalMs, listener),
    [intervalMs],
  );
  const read = useCallback(() => readTicker(intervalMs), [intervalMs]);
  return useSyncExternalStore(subscribe, read, read);
}

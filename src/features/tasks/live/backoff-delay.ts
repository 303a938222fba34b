export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
  random?: () => number;
}

/**
 * Exponential backoff with "equal jitter": half the ceiling fixed, half random. Full jitter
 * can draw ~0 ms and hammer a server that just restarted; this keeps a floor while still
 * spreading a fleet of consoles apart. attempt 0 → 250-500 ms, capped at `capMs`.
 */
export function backoffDelay(
  attempt: number,
  { baseMs = 500, capMs = 10_000, random = Math.random }: BackoffOptions = {},
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

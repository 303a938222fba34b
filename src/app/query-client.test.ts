import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api';
import { retryDelay, shouldRetry } from './query-client';

const http = (status: number, retryAfterMs?: number) =>
  new ApiError({ kind: 'http', method: 'GET', path: '/x', status, retryAfterMs });

describe('query retries', () => {
  it('never retries a client error or a contract mismatch, but does a 429 and a 5xx', () => {
    expect(shouldRetry(0, http(404))).toBe(false);
    expect(shouldRetry(0, new ApiError({ kind: 'contract', method: 'GET', path: '/x' }))).toBe(
      false,
    );
    expect(shouldRetry(0, http(429))).toBe(true);
    expect(shouldRetry(0, http(503))).toBe(true);
    expect(shouldRetry(2, http(503))).toBe(false);
  });

  it('waits at least as long as Retry-After says, else backs off exponentially', () => {
    expect(retryDelay(0, http(429, 5000))).toBe(5000);
    expect(retryDelay(1, http(503))).toBe(2000);
    expect(retryDelay(5, http(503, 1000))).toBe(30_000);
  });
});

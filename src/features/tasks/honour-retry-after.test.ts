import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api';
import { honourRetryAfter } from './use-live-task-list';

describe('list polling under rate limits', () => {
  const limited = new ApiError({
    kind: 'http',
    method: 'GET',
    path: '/x',
    status: 429,
    retryAfterMs: 20_000,
  });

  it('waits for Retry-After instead of polling every 3 s', () => {
    expect(honourRetryAfter(3000, limited)).toBe(20_000);
  });

  it('keeps the normal interval without a Retry-After, and stays paused when paused', () => {
    expect(honourRetryAfter(3000, null)).toBe(3000);
    expect(honourRetryAfter(false, limited)).toBe(false);
  });
});

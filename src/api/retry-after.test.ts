import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { api } from '@/mocks';
import { server } from '@/mocks/node';
import { ApiError, parseRetryAfter } from './api-error';
import { listAgents } from './agents';

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP dates, and ignores garbage', () => {
    const now = Date.parse('2026-11-21T12:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('999999', now)).toBe(3_600_000);
  });

  it('a 429 carries the wait the server asked for', async () => {
    server.use(
      http.get(api('/agents/list'), () =>
        HttpResponse.json(
          { detail: 'slow down' },
          { status: 429, headers: { 'retry-after': '7' } },
        ),
      ),
    );
    const error = await listAgents().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(429);
    expect((error as ApiError).retryAfterMs).toBe(7000);
  });
});

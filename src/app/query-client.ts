import { QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, isHttpStatus } from '@/api';

/** Retrying a 4xx, a contract mismatch or a cancelled request only repeats the same answer. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError) {
    if (error.kind === 'contract' || error.kind === 'aborted') return false;
    if (
      error.kind === 'http' &&
      error.status !== undefined &&
      error.status < 500 &&
      error.status !== 429
    )
      return false;
  }
  return failureCount < 2;
}

/** Exponential backoff, but never sooner than the server's Retry-After. */
export function retryDelay(failureCount: number, error: unknown): number {
  const backoff = Math.min(1000 * 2 ** failureCount, 30_000);
  return error instanceof ApiError && error.retryAfterMs !== undefined
    ? Math.max(error.retryAfterMs, backoff)
    : backoff;
}

export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    // A 401 anywhere means the session ended: re-reading it shows the sign-in screen.
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (isHttpStatus(error, 401) && query.queryKey[0] !== 'session') {
          void client.invalidateQueries({ queryKey: ['session'] });
        }
      },
    }),
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay,
        refetchOnWindowFocus: true,
        staleTime: 2_000,
      },
      mutations: { retry: false },
    },
  });
  return client;
}

import { queryOptions, useQuery } from '@tanstack/react-query';
import { request } from '@/api';
import { clearCsrfToken, setCsrfToken } from './csrf';
import { type SessionState, sessionSchema } from './session-schema';

async function readSession(signal?: AbortSignal): Promise<SessionState> {
  const session = await request({ path: '/session', schema: sessionSchema, signal });
  setCsrfToken(session.csrf_token);
  return session;
}

/** Keys: ['session'] the signed-in user (or not), their role, the CSRF token, the auth mode. */
export const sessionQueries = {
  all: () => ['session'] as const,
  current: () =>
    queryOptions({
      queryKey: ['session', 'current'] as const,
      queryFn: ({ signal }) => readSession(signal),
      // A role change or an expiry shows up on the next focus or 401, not by polling.
      staleTime: 5 * 60_000,
      retry: 1,
    }),
};

export async function login(username: string, password: string): Promise<SessionState> {
  const session = await request({
    method: 'POST',
    path: '/session/login',
    body: { username, password },
    schema: sessionSchema,
  });
  setCsrfToken(session.csrf_token);
  return session;
}

export async function logout(csrfToken: string | null): Promise<SessionState> {
  const session = await request({
    method: 'POST',
    path: '/session/logout',
    headers: csrfToken ? { 'x-csrf-token': csrfToken } : {},
    schema: sessionSchema,
  });
  clearCsrfToken();
  return session;
}

/** The current session; `session` is undefined while loading. */
export function useSession() {
  const query = useQuery(sessionQueries.current());
  return {
    session: query.data,
    user: query.data?.user ?? null,
    role: query.data?.user?.role ?? null,
    authMode: query.data?.auth_mode,
    isLoading: query.isPending,
    error: query.error,
    refetch: query.refetch,
  };
}

import { http, HttpResponse } from 'msw';
import { api } from '../http-utils';

type Role = 'viewer' | 'operator' | 'admin';

/** GET /api/session as the gateway answers it (its own route, not the platform's). */
export function sessionBody(role: Role | null, authMode: 'none' | 'local' | 'proxy' = 'none') {
  return {
    authenticated: role !== null,
    auth_mode: authMode,
    user: role
      ? { username: role === 'admin' && authMode === 'none' ? 'local' : role, email: null, role }
      : null,
    csrf_token: role ? 'test-csrf-token' : null,
    expires_at: null,
    idle_timeout_seconds: null,
    logout_url: null,
  };
}

export function sessionAs(role: Role | null, authMode: 'none' | 'local' | 'proxy' = 'local') {
  return [http.get(api('/session'), () => HttpResponse.json(sessionBody(role, authMode)))];
}

/** Zero-config `npm start`: no sign-in, everyone is the admin "local". Empty audit trail. */
export const sessionHandlers = [
  http.get(api('/session'), () => HttpResponse.json(sessionBody('admin'))),
  http.get(api('/audit'), () => HttpResponse.json({ items: [], next_before_id: null })),
];

export {
  clearCsrfToken,
  csrfHeaders,
  setCsrfToken,
  shouldRetryAfterCsrfFailure,
  auditReasonHeaders,
} from './csrf';
export { LoginScreen } from './login-screen';
export { ACTION_ROLES, can, type ConsoleAction, type Permission, roleAtLeast } from './permissions';
export { RequireRole, useCan } from './require-role';
export { SessionGate } from './session-gate';
export { login, logout, sessionQueries, useSession } from './session-queries';
export { type AuthMode, type Role, type SessionState, sessionSchema } from './session-schema';
export { UserMenu } from './user-menu';

import type { Role } from './session-schema';
import { ROLES } from './session-schema';

/** What the UI offers; the gateway enforces the same table (server/gateway/permissions.ts). */
export const ACTION_ROLES = {
  'task.read': 'viewer',
  'task.history': 'viewer',
  'task.create': 'operator',
  'task.continue': 'operator',
  'task.update': 'operator',
  'task.stop': 'operator',
  'task.bulk_stop': 'operator',
  'audit.read': 'admin',
  'audit.export': 'admin',
  'accounts.manage': 'admin',
} as const satisfies Record<string, Role>;
export type ConsoleAction = keyof typeof ACTION_ROLES;

export function roleAtLeast(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

export interface Permission {
  allowed: boolean;
  /** Why not, for a tooltip or a disabled button's description; null when allowed. */
  reason: string | null;
}

export function can(role: Role | null, action: ConsoleAction): Permission {
  const required = ACTION_ROLES[action];
  if (role === null) return { allowed: false, reason: 'Sign in first.' };
  if (roleAtLeast(role, required)) return { allowed: true, reason: null };
  return { allowed: false, reason: `Needs the ${required} role; you are ${role}.` };
}

export function requiredRoleText(role: Role): string {
  return role === 'viewer' ? 'Viewers' : role === 'operator' ? 'Operators and admins' : 'Admins';
}

import type { ReactNode } from 'react';
import { type ConsoleAction, can, type Permission, roleAtLeast } from './permissions';
import { useSession } from './session-queries';
import type { Role } from './session-schema';

/** { allowed, reason } for the signed-in user; not allowed while the session loads. */
export function useCan(action: ConsoleAction): Permission {
  const { role, isLoading } = useSession();
  if (isLoading) return { allowed: false, reason: 'Checking your access…' };
  return can(role, action);
}

interface RequireRoleProps {
  role: Role;
  /** Shown instead when the role is too low (default: nothing). */
  fallback?: ReactNode;
  children: ReactNode;
}

/** Renders children only for `role` or higher. Hiding is a courtesy; the gateway enforces. */
export function RequireRole({ role, fallback = null, children }: RequireRoleProps) {
  const { role: current } = useSession();
  return <>{current && roleAtLeast(current, role) ? children : fallback}</>;
}

import type { AuditAction, Role } from '../store/console-store.ts';

/** What a proxied request does, who may do it, and what it touches. */
export interface ApiAction {
  action: AuditAction | 'read';
  required: Role;
  taskId: string | null;
  agentId: string | null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * Maps method + upstream path (contract §1) to an action. Reads need viewer; the console's
 * writes (create, continue, update, stop) need operator; the agent-runtime writes (event push,
 * external task reports, metrics) forge agent output and need admin; any other write needs
 * operator, so a route the platform adds later is never open to viewers.
 */
export function classifyApiRequest(
  method: string,
  path: string,
  organizationId: string,
): ApiAction {
  const segments = path.split('/').filter(Boolean).map(decode);
  // The reference platform (and controller hosts) also accept `/{org}/…`.
  if (organizationId && segments[0] === organizationId && segments.length > 1) segments.shift();
  const verb = method.toUpperCase();
  const [root, first = null, second, third] = segments;

  if (isSafeMethod(verb)) {
    const taskId =
      root === 'agent-execution' && first !== 'executions' && segments.length >= 3 ? first : null;
    return { action: 'read', required: 'viewer', taskId, agentId: null };
  }

  if (root === 'agent-execution' && first !== null && first !== 'executions') {
    if (segments.length === 2 && verb === 'POST')
      return { action: 'create', required: 'operator', taskId: null, agentId: first };
    if (segments.length === 2 && verb === 'DELETE')
      return { action: 'stop', required: 'operator', taskId: first, agentId: null };
    if (segments.length === 3 && second === 'update' && (verb === 'PATCH' || verb === 'PUT'))
      return { action: 'update', required: 'operator', taskId: first, agentId: null };
    if (segments.length === 3 && second === 'report_task' && verb === 'POST')
      return { action: 'report_task', required: 'admin', taskId: null, agentId: first };
    if (segments.length === 4 && second === 'events' && third === 'push' && verb === 'POST')
      return { action: 'push_events', required: 'admin', taskId: first, agentId: null };
  }
  if (root === 'agents-metrics' && verb === 'POST')
    return { action: 'report_metrics', required: 'admin', taskId: null, agentId: first };
  return { action: 'mutate', required: 'operator', taskId: null, agentId: null };
}

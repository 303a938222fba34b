import type { Context } from 'hono';
import type { Principal } from './auth.ts';

// Per-request facts set by one middleware and read by a later one, keyed by the raw Request so
// the existing handlers need no change of their Context type.
const principals = new WeakMap<Request, Principal>();
const bodies = new WeakMap<Request, Uint8Array | null>();

export function setPrincipal(c: Context, principal: Principal): void {
  principals.set(c.req.raw, principal);
}

export function getPrincipal(c: Context): Principal | undefined {
  return principals.get(c.req.raw);
}

/** The audit recorder reads a write's body first (it needs it); the proxy then sends this. */
export function setPreReadBody(c: Context, body: Uint8Array | null): void {
  bodies.set(c.req.raw, body);
}

export function getPreReadBody(c: Context): { body: Uint8Array | null } | undefined {
  return bodies.has(c.req.raw) ? { body: bodies.get(c.req.raw) ?? null } : undefined;
}

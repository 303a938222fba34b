import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

/** The TCP peer (the socket's remote address); null under `app.request()` in tests. */
export function peerAddress(c: Context): string | null {
  const address = (c.env as Partial<HttpBindings> | undefined)?.incoming?.socket?.remoteAddress;
  return address ? address.replace(/^::ffff:(?=\d+\.)/i, '') : null;
}

/**
 * The client's address: the peer, or, when the peer is a trusted proxy, the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy (entries further left are whatever
 * the client chose to send).
 */
export function clientAddress(
  c: Context,
  isTrusted: (address: string | null) => boolean,
): string | null {
  const peer = peerAddress(c);
  if (!isTrusted(peer)) return peer;
  const chain = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i]!.replace(/^::ffff:(?=\d+\.)/i, '');
    if (!isTrusted(hop)) return hop.slice(0, 64);
  }
  return peer;
}

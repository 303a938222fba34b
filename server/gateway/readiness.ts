import type { GatewayConfig } from './config.ts';
import { joinUpstream } from './derive-upstream.ts';
import { errorCode } from './upstream-request.ts';

export type Readiness = { ok: true } | { ok: false; reason: string };

const READY_TIMEOUT_MS = 5_000;

/** Ready when the platform answers `GET agents/list` with our key. */
export async function checkUpstream(config: GatewayConfig): Promise<Readiness> {
  if (!config.apiKey) return { ok: false, reason: 'api_key_missing' };
  const timeout = AbortSignal.timeout(Math.min(config.upstreamTimeoutMs, READY_TIMEOUT_MS));
  try {
    const response = await fetch(joinUpstream(config.restBase, 'agents/list'), {
      headers: { 'x-api-key': config.apiKey, accept: 'application/json' },
      signal: timeout,
      redirect: 'manual',
    });
    await response.body?.cancel().catch(() => {});
    if (response.ok) return { ok: true };
    return { ok: false, reason: `upstream_status_${response.status}` };
  } catch (error) {
    if (timeout.aborted) return { ok: false, reason: 'upstream_timeout' };
    return { ok: false, reason: `upstream_unreachable (${errorCode(error)})` };
  }
}

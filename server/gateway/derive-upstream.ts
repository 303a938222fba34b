/**
 * Upstream URL derivation, exactly as the xpander Python SDK does it (contract §2.1-§2.3), so one
 * XPANDER_BASE_URL works against the cloud, a self-hosted agent controller and the reference
 * platform. The substring tests ("9016", "8085", "agent-controller") are the SDK's own heuristics,
 * quirks included: any URL containing 8085 (even port 18085) sends events to localhost:9016.
 */

export const DEFAULT_BASE_URL = 'https://inbound.xpander.ai';
export const DEFAULT_STG_BASE_URL = 'https://inbound.stg.xpander.ai';

export interface BaseUrlEnv {
  XPANDER_BASE_URL?: string | undefined;
  IS_STG?: string | undefined;
}

/** §2.1: env value with `https://` added when it has no scheme; else the inbound host. */
export function resolveBaseUrl(env: BaseUrlEnv): string {
  const raw = env.XPANDER_BASE_URL?.trim();
  if (!raw) return env.IS_STG === 'true' ? DEFAULT_STG_BASE_URL : DEFAULT_BASE_URL;
  const withScheme = /^https?:\/\//i.test(raw) ? raw : `https://${raw}`;
  // Deviation from the SDK: it would produce `host//org` for a trailing slash. Which cases get
  // the org segment is unchanged.
  return withScheme.replace(/\/+$/, '');
}

/** §2.2: the org is appended only when the controller is addressed directly. */
export function deriveRestBase(baseUrl: string, organizationId: string): string {
  const addOrg = baseUrl.includes('agent-controller') || baseUrl.includes('9016');
  return addOrg ? `${baseUrl}/${organizationId}` : baseUrl;
}

/** §2.3 steps 1-3: the host that serves the task event streams. */
export function deriveEventsHost(baseUrl: string): string {
  const inbound = baseUrl.includes('inbound.xpander') || baseUrl.includes('inbound.stg.xpander');
  if (inbound) {
    return baseUrl.includes('stg.xpander')
      ? 'https://agent-controller.stg.xpander.ai'
      : 'https://agent-controller.xpander.ai';
  }
  return baseUrl.includes('8085') ? 'http://localhost:9016' : baseUrl;
}

/**
 * §2.3 step 4: `{host}/{org}/events` with every `/events` replaced by the task route. The SDK
 * really does replace every occurrence, so a host path containing `/events` is rewritten too.
 */
export function taskEventsUrl(eventsHost: string, organizationId: string, taskId: string): string {
  const eventsBase = `${eventsHost.replace(/\/+$/, '')}/${organizationId}/events`;
  return eventsBase.replaceAll('/events', `/agent-execution/${encodeURIComponent(taskId)}/events`);
}

/** §2.2: `rest_base.rstrip('/') + '/' + path.lstrip('/')`. */
export function joinUpstream(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

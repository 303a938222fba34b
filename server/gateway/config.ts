import { resolve } from 'node:path';
import { deriveEventsHost, deriveRestBase, resolveBaseUrl } from './derive-upstream.ts';

/** Everything the gateway reads from the environment, resolved once at start-up. */
export interface GatewayConfig {
  /** Sent upstream as `x-api-key`; never logged, echoed or served. */
  apiKey: string | undefined;
  organizationId: string;
  /** XPANDER_BASE_URL with scheme, or the inbound default (contract §2.1). */
  baseUrl: string;
  /** REST base (contract §2.2): `/api/<path>` goes to `${restBase}/<path>`. */
  restBase: string;
  /** Host of the SSE streams; `/{org}/agent-execution/{id}/events` is appended (contract §2.3). */
  eventsHost: string;
  host: string;
  port: number;
  distDir: string;
  bodyLimitBytes: number;
  upstreamTimeoutMs: number;
  maxUpstreamBodyBytes: number;
  sseKeepAliveMs: number;
  /** Trust `X-Forwarded-Proto` (HSTS behind a TLS-terminating proxy). */
  trustProxy: boolean;
}

/** Where the gateway reports upstream trouble; it never receives headers or the key. */
export type GatewayLog = (message: string) => void;

export interface ConfigVar {
  name: string;
  default: string;
  description: string;
}

/** The README table; keep it in step with `loadConfig`. */
export const CONFIG_VARS: readonly ConfigVar[] = [
  {
    name: 'XPANDER_BASE_URL',
    default:
      '(unset: `npm start` runs the embedded platform; the gateway alone uses `https://inbound.xpander.ai`)',
    description:
      'Tasks platform base URL. `https://` is added when no scheme is given. The org id is appended to REST paths only when the URL contains `agent-controller` or `9016` (contract §2.2).',
  },
  {
    name: 'XPANDER_API_KEY',
    default: '(none)',
    description:
      'Platform API key, sent upstream as `x-api-key`. Never sent to the browser or logged.',
  },
  {
    name: 'XPANDER_ORGANIZATION_ID',
    default: '(none)',
    description:
      'Organization id; always part of the SSE path, part of REST paths for controller hosts.',
  },
  {
    name: 'IS_STG',
    default: '`false`',
    description:
      'Exactly `true` selects `https://inbound.stg.xpander.ai` when XPANDER_BASE_URL is unset.',
  },
  {
    name: 'XPANDER_EVENTS_URL',
    default: '(derived, contract §2.3)',
    description:
      'Explicit SSE host; `/{org}/agent-execution/{task_id}/events` is appended. Overrides the derivation (and its `8085` → `localhost:9016` quirk).',
  },
  {
    name: 'HOST',
    default: '`127.0.0.1`',
    description: 'Interface the gateway listens on (`0.0.0.0` to expose it).',
  },
  { name: 'PORT', default: '`8080`', description: 'Gateway port (`--port` overrides).' },
  {
    name: 'GATEWAY_DIST_DIR',
    default: '`dist`',
    description: 'Built SPA directory served at `/`.',
  },
  {
    name: 'GATEWAY_BODY_LIMIT_BYTES',
    default: '`1048576` (1 MiB)',
    description: 'Largest request body proxied upstream; larger gets 413.',
  },
  {
    name: 'GATEWAY_UPSTREAM_TIMEOUT_MS',
    default: '`30000`',
    description:
      'Whole-response timeout of a REST call, and connect timeout of an SSE stream; exceeded gets 504.',
  },
  {
    name: 'GATEWAY_MAX_UPSTREAM_BODY_BYTES',
    default: '`67108864` (64 MiB)',
    description:
      'Largest upstream JSON body accepted (it is parsed to strip secrets); larger gets 502.',
  },
  {
    name: 'GATEWAY_SSE_KEEPALIVE_MS',
    default: '`15000`',
    description: 'Idle interval after which a `: keep-alive` comment is sent on an event stream.',
  },
  {
    name: 'GATEWAY_TRUST_PROXY',
    default: '`false`',
    description:
      '`true` trusts `X-Forwarded-Proto: https` from a reverse proxy (enables HSTS there).',
  },
];

export function configTableMarkdown(): string {
  const rows = CONFIG_VARS.map((v) => `| \`${v.name}\` | ${v.default} | ${v.description} |`);
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number, min: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  }
  return value;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Reads the environment; `overrides` win (main.ts uses them for flags and the embedded platform). */
export function loadConfig(
  env: Env = process.env,
  overrides: Partial<GatewayConfig> = {},
): GatewayConfig {
  const baseUrl = overrides.baseUrl ?? resolveBaseUrl(env);
  const organizationId = overrides.organizationId ?? env.XPANDER_ORGANIZATION_ID?.trim() ?? '';
  const eventsUrl = env.XPANDER_EVENTS_URL?.trim();
  const port = intVar(env, 'PORT', 8080, 0);
  if (port > 65535) throw new ConfigError(`PORT must be <= 65535, got ${port}`);
  return {
    apiKey: env.XPANDER_API_KEY || undefined,
    organizationId,
    baseUrl,
    restBase: deriveRestBase(baseUrl, organizationId),
    eventsHost: eventsUrl ? eventsUrl.replace(/\/+$/, '') : deriveEventsHost(baseUrl),
    host: env.HOST?.trim() || '127.0.0.1',
    port,
    distDir: resolve(env.GATEWAY_DIST_DIR?.trim() || 'dist'),
    bodyLimitBytes: intVar(env, 'GATEWAY_BODY_LIMIT_BYTES', 1024 * 1024, 0),
    upstreamTimeoutMs: intVar(env, 'GATEWAY_UPSTREAM_TIMEOUT_MS', 30_000, 1),
    maxUpstreamBodyBytes: intVar(env, 'GATEWAY_MAX_UPSTREAM_BODY_BYTES', 64 * 1024 * 1024, 1),
    sseKeepAliveMs: intVar(env, 'GATEWAY_SSE_KEEPALIVE_MS', 15_000, 1),
    trustProxy: env.GATEWAY_TRUST_PROXY === 'true',
    ...definedOnly(overrides),
  };
}

/** What may be logged about a config: everything but the key. */
export function describeConfig(config: GatewayConfig): Record<string, unknown> {
  const { apiKey, ...rest } = config;
  return { ...rest, apiKey: apiKey ? '(set)' : '(missing)' };
}

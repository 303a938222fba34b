import { BlockList, isIP } from 'node:net';
import { resolve } from 'node:path';
import { isRole, type Role } from '../store/console-store.ts';
import { deriveEventsHost, deriveRestBase, resolveBaseUrl } from './derive-upstream.ts';

export const AUTH_MODES = ['none', 'local', 'proxy'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** Who may use the console and how they prove it (CONSOLE_* variables). */
export interface AuthConfig {
  mode: AuthMode;
  /** Addresses (or CIDR ranges) whose forwarded identity and X-Forwarded-For are believed. */
  trustedProxies: string[];
  proxyUserHeader: string;
  proxyEmailHeader: string;
  proxyRolesHeader: string;
  /** Role of a proxied user whose roles header names none; null refuses them. */
  proxyDefaultRole: Role | null;
  /** Where the SPA sends people to sign out in proxy mode. */
  proxyLogoutUrl: string | null;
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** Failed sign-ins per account within the window before it is locked. */
  loginMaxFailures: number;
  /** Failed sign-ins per client address within the window before it is locked. */
  loginMaxFailuresPerIp: number;
  loginLockoutMs: number;
  /** scrypt cost of new password hashes (a power of two). */
  scryptN: number;
}

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
  /**
   * An event stream whose upstream sent no bytes (not even a keep-alive) for this long is
   * broken off, so the browser reconnects; the gateway's own keep-alives would hide the stall.
   * 0 turns the check off.
   */
  sseStallMs: number;
  /** Trust `X-Forwarded-Proto` (HSTS behind a TLS-terminating proxy). */
  trustProxy: boolean;
  auth: AuthConfig;
  /** postgres://… puts accounts, sessions and the audit trail in PostgreSQL. */
  databaseUrl: string | undefined;
  /** The SQLite file used when databaseUrl is unset (`:memory:` in tests). */
  sqlitePath: string;
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
    name: 'GATEWAY_SSE_STALL_MS',
    default: '`40000`',
    description:
      'An event stream whose upstream sent no bytes (events or keep-alives) for this long is ended abruptly, so the browser reconnects and re-syncs. About 2.5x the platform keep-alive (15 s); `0` turns it off.',
  },
  {
    name: 'GATEWAY_TRUST_PROXY',
    default: '`false`',
    description:
      '`true` trusts `X-Forwarded-Proto: https` from a reverse proxy (enables HSTS there).',
  },
  {
    name: 'CONSOLE_AUTH',
    default: '`none`',
    description:
      'How people sign in: `none` (everyone is an admin named `local`; only allowed when HOST is a loopback address), `local` (accounts kept by the gateway, see `npm run users`), `proxy` (an authenticating reverse proxy names the user in a header).',
  },
  {
    name: 'CONSOLE_TRUSTED_PROXIES',
    default: '(none)',
    description:
      'Comma-separated addresses or CIDR ranges of the reverse proxies in front of the gateway. Required for `proxy` mode: identity headers from any other address are ignored. Also the only peers whose `X-Forwarded-For` is used for the client address (login rate limits, audit).',
  },
  {
    name: 'CONSOLE_PROXY_USER_HEADER',
    default: '`X-Forwarded-User`',
    description: 'Proxy mode: the header naming the signed-in user.',
  },
  {
    name: 'CONSOLE_PROXY_EMAIL_HEADER',
    default: '`X-Forwarded-Email`',
    description: 'Proxy mode: the header carrying their e-mail (optional; shown and audited).',
  },
  {
    name: 'CONSOLE_PROXY_ROLES_HEADER',
    default: '`X-Forwarded-Groups`',
    description:
      'Proxy mode: comma-separated groups; the highest of `viewer`, `operator`, `admin` among them is the role.',
  },
  {
    name: 'CONSOLE_PROXY_DEFAULT_ROLE',
    default: '(none: refuse)',
    description: 'Proxy mode: role of a user whose groups name no role.',
  },
  {
    name: 'CONSOLE_PROXY_LOGOUT_URL',
    default: '(none)',
    description: "Proxy mode: the proxy's sign-out URL, offered by the console's Sign out item.",
  },
  {
    name: 'CONSOLE_SESSION_IDLE_MINUTES',
    default: '`30`',
    description: 'Local mode: a session unused this long ends.',
  },
  {
    name: 'CONSOLE_SESSION_MAX_HOURS',
    default: '`12`',
    description: 'Local mode: a session ends this long after sign-in, used or not.',
  },
  {
    name: 'CONSOLE_LOGIN_MAX_FAILURES',
    default: '`5`',
    description: 'Local mode: failed sign-ins to one account before it is locked.',
  },
  {
    name: 'CONSOLE_LOGIN_MAX_FAILURES_PER_IP',
    default: '`20`',
    description: 'Local mode: failed sign-ins from one client address before it is locked.',
  },
  {
    name: 'CONSOLE_LOGIN_LOCKOUT_MINUTES',
    default: '`15`',
    description: 'Local mode: how long a lock lasts; also the window in which failures count.',
  },
  {
    name: 'CONSOLE_SCRYPT_N',
    default: '`32768`',
    description:
      'scrypt cost (power of two, 1024 or more) of new password hashes; existing hashes keep theirs.',
  },
  {
    name: 'DATABASE_URL',
    default: '(unset: SQLite)',
    description:
      'A `postgres://` URL: accounts, sessions, lockouts and the audit trail live in PostgreSQL, so several gateways can share them behind a load balancer.',
  },
  {
    name: 'CONSOLE_DB_PATH',
    default: '`.data/console.db`',
    description: 'The SQLite file used when DATABASE_URL is unset (WAL mode).',
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

function roleVar(env: Env, name: string): Role | null {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return null;
  if (!isRole(raw))
    throw new ConfigError(`${name} must be viewer, operator or admin, got "${raw}"`);
  return raw;
}

function headerVar(env: Env, name: string, fallback: string): string {
  const raw = env[name]?.trim() || fallback;
  if (!/^[A-Za-z0-9-]+$/.test(raw)) throw new ConfigError(`${name} is not a header name: "${raw}"`);
  return raw.toLowerCase();
}

/** Parses CONSOLE_TRUSTED_PROXIES; each entry must be an address or a CIDR range. */
export function parseTrustedProxies(raw: string | undefined): string[] {
  const entries = (raw ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address = '', bits, ...rest] = entry.split('/');
    const family = isIP(address);
    const prefix = Number(bits);
    const maxBits = family === 6 ? 128 : 32;
    if (
      !family ||
      rest.length > 0 ||
      (bits !== undefined && (!Number.isInteger(prefix) || prefix < 0 || prefix > maxBits))
    )
      throw new ConfigError(
        `CONSOLE_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range`,
      );
  }
  return entries;
}

/** A matcher for addresses in the list; IPv4-mapped IPv6 peers count as their IPv4 address. */
export function addressMatcher(entries: readonly string[]): (address: string | null) => boolean {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', bits] = entry.split('/');
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return (address) => {
    if (!address) return false;
    const plain = address.replace(/^::ffff:(?=\d+\.)/i, '');
    const family = isIP(plain);
    if (!family) return false;
    return list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  };
}

export function loadAuthConfig(env: Env = process.env): AuthConfig {
  const modeRaw = env.CONSOLE_AUTH?.trim().toLowerCase() || 'none';
  if (!(AUTH_MODES as readonly string[]).includes(modeRaw))
    throw new ConfigError(`CONSOLE_AUTH must be none, local or proxy, got "${modeRaw}"`);
  const lockoutMinutes = intVar(env, 'CONSOLE_LOGIN_LOCKOUT_MINUTES', 15, 1);
  const scryptN = intVar(env, 'CONSOLE_SCRYPT_N', 32768, 1024);
  if ((scryptN & (scryptN - 1)) !== 0)
    throw new ConfigError(`CONSOLE_SCRYPT_N must be a power of two, got ${scryptN}`);
  return {
    mode: modeRaw as AuthMode,
    trustedProxies: parseTrustedProxies(env.CONSOLE_TRUSTED_PROXIES),
    proxyUserHeader: headerVar(env, 'CONSOLE_PROXY_USER_HEADER', 'X-Forwarded-User'),
    proxyEmailHeader: headerVar(env, 'CONSOLE_PROXY_EMAIL_HEADER', 'X-Forwarded-Email'),
    proxyRolesHeader: headerVar(env, 'CONSOLE_PROXY_ROLES_HEADER', 'X-Forwarded-Groups'),
    proxyDefaultRole: roleVar(env, 'CONSOLE_PROXY_DEFAULT_ROLE'),
    proxyLogoutUrl: env.CONSOLE_PROXY_LOGOUT_URL?.trim() || null,
    sessionIdleMs: intVar(env, 'CONSOLE_SESSION_IDLE_MINUTES', 30, 1) * 60_000,
    sessionAbsoluteMs: intVar(env, 'CONSOLE_SESSION_MAX_HOURS', 12, 1) * 3_600_000,
    loginMaxFailures: intVar(env, 'CONSOLE_LOGIN_MAX_FAILURES', 5, 1),
    loginMaxFailuresPerIp: intVar(env, 'CONSOLE_LOGIN_MAX_FAILURES_PER_IP', 20, 1),
    loginLockoutMs: lockoutMinutes * 60_000,
    scryptN,
  };
}

export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  const v4 = h.replace(/^::ffff:/, '');
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * Refuses configurations that would expose the console: no sign-in off loopback, or a proxy
 * mode that would believe identity headers from anyone.
 */
export function assertSafeToServe(config: Pick<GatewayConfig, 'auth' | 'host'>): void {
  const { auth, host } = config;
  if (auth.mode === 'none' && !isLoopbackHost(host)) {
    throw new ConfigError(
      `Refusing to listen on ${host} with CONSOLE_AUTH=none: anyone who can reach it would be an admin. ` +
        'Bind to 127.0.0.1 (HOST=127.0.0.1), or turn on sign-in with CONSOLE_AUTH=local (accounts: npm run users) ' +
        'or CONSOLE_AUTH=proxy (behind an authenticating proxy listed in CONSOLE_TRUSTED_PROXIES).',
    );
  }
  if (auth.mode === 'proxy' && auth.trustedProxies.length === 0) {
    throw new ConfigError(
      'CONSOLE_AUTH=proxy needs CONSOLE_TRUSTED_PROXIES (the addresses of the proxy that sets ' +
        `${auth.proxyUserHeader}); without it anyone could claim any user.`,
    );
  }
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
    sseStallMs: intVar(env, 'GATEWAY_SSE_STALL_MS', 40_000, 0),
    trustProxy: env.GATEWAY_TRUST_PROXY === 'true',
    auth: loadAuthConfig(env),
    databaseUrl: env.DATABASE_URL?.trim() || undefined,
    sqlitePath: resolve(env.CONSOLE_DB_PATH?.trim() || '.data/console.db'),
    ...definedOnly(overrides),
  };
}

/** What may be logged about a config: everything but the key. */
export function describeConfig(config: GatewayConfig): Record<string, unknown> {
  const { apiKey, databaseUrl, ...rest } = config;
  return {
    ...rest,
    apiKey: apiKey ? '(set)' : '(missing)',
    databaseUrl: databaseUrl ? '(set)' : '(unset)',
  };
}

/**
 * Fields that carry credentials (contract §6.1, §10). They are removed from every JSON value the
 * gateway hands to the browser: tasks, lists, activity threads, and event envelopes whose `data`
 * is a task. Removal is by key at any depth, so a task nested anywhere (an event, an array, a
 * future wrapper) is covered without knowing its shape.
 */
const SECRET_KEYS: ReadonlySet<string> = new Set(['user_tokens', 'user_oidc_token']);
/** Secret parts of each `mcp_servers[]` entry; the rest (name, url, transport...) is useful to show. */
const MCP_SECRET_KEYS: ReadonlySet<string> = new Set([
  'api_key',
  'client_secret',
  'headers',
  'env_vars',
]);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Assignment that keeps a `__proto__` key as data instead of changing the copy's prototype. */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else {
    target[key] = value;
  }
}

function redactMcpServer(server: unknown): unknown {
  if (!isPlainObject(server)) return redactSecrets(server);
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(server)) {
    if (MCP_SECRET_KEYS.has(key) || SECRET_KEYS.has(key)) continue;
    put(out, key, redactSecrets(child));
  }
  return out;
}

/**
 * Returns a copy of a JSON value without secret fields. Pure: the input is never mutated.
 * `auth_event` access tokens (always "REDACTED" on the wire, §6.6) are forced to that value in
 * case an upstream forgets.
 */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (SECRET_KEYS.has(key)) continue;
    if (key === 'mcp_servers' && Array.isArray(child)) {
      out[key] = child.map(redactMcpServer);
    } else if (key === 'access_token' && typeof child === 'string') {
      out[key] = 'REDACTED';
    } else {
      put(out, key, redactSecrets(child));
    }
  }
  return out;
}

/** Parses JSON text, redacts, re-serialises. Throws SyntaxError on invalid JSON. */
export function redactJsonText(text: string): string {
  return JSON.stringify(redactSecrets(JSON.parse(text)));
}

/** Replaces any literal occurrence of a secret (the API key) in text; upstream errors sometimes echo it. */
export function scrubSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.includes(secret) ? text.replaceAll(secret, '[redacted]') : text;
}

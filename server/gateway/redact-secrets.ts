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

/** Every key redactSecrets acts on lives under one of these names (MCP parts under mcp_servers). */
const SECRET_MARKERS: readonly string[] = [
  'user_tokens',
  'user_oidc_token',
  'mcp_servers',
  'access_token',
];
/** A \u escape of `_` or a lowercase letter could spell a marker that a substring scan misses. */
const ESCAPED_KEY_CHAR = /\\u00(?:[67][0-9a-fA-F]|5[fF])/;
/** After `"marker"`: a value that carries nothing (the platform sends these on every task). */
const EMPTY_VALUE = /\s*:\s*(?:null|\[\s*\]|\{\s*\}|"REDACTED")/y;
const KEY_COLON = /\s*:/y;
const QUOTE = 34;

/**
 * Cheap pre-check before the parse → redact → re-serialise round trip, which is most of the
 * proxy's cost. False only when the text cannot hold a secret: every `"user_tokens"`-like key it
 * has is empty (null, [], {}, "REDACTED"), and no \u escape could spell one. A marker inside
 * a longer string, or a string value equal to a marker, is not a key. Empty keys are left in
 * place on this path; they carry no credential.
 */
export function mayContainSecrets(text: string): boolean {
  if (text.includes('\\u00') && ESCAPED_KEY_CHAR.test(text)) return true;
  for (const marker of SECRET_MARKERS) {
    for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + 1)) {
      const end = at + marker.length;
      if (text.charCodeAt(at - 1) !== QUOTE || text.charCodeAt(end) !== QUOTE) continue;
      EMPTY_VALUE.lastIndex = end + 1;
      if (EMPTY_VALUE.test(text)) continue;
      KEY_COLON.lastIndex = end + 1;
      if (KEY_COLON.test(text)) return true;
    }
  }
  return false;
}

/**
 * Parses JSON text, redacts, re-serialises. Throws SyntaxError on invalid JSON. Text that cannot
 * hold a secret key is only validated and comes back unchanged.
 */
export function redactJsonText(text: string): string {
  if (!mayContainSecrets(text)) {
    JSON.parse(text);
    return text;
  }
  return JSON.stringify(redactSecrets(JSON.parse(text)));
}

/**
 * The bytes of an upstream JSON body made safe to send: the same Buffer when nothing needed
 * removing (no re-encoding), otherwise the redacted, key-scrubbed text. Throws SyntaxError on
 * invalid JSON.
 */
export function redactJsonBody(raw: Buffer, secret: string | undefined): Buffer | string {
  const text = raw.toString('utf8');
  if (mayContainSecrets(text))
    return scrubSecret(JSON.stringify(redactSecrets(JSON.parse(text))), secret);
  JSON.parse(text);
  return secret && secret.length >= 4 && text.includes(secret) ? scrubSecret(text, secret) : raw;
}

/** Replaces any literal occurrence of a secret (the API key) in text; upstream errors sometimes echo it. */
export function scrubSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.includes(secret) ? text.replaceAll(secret, '[redacted]') : text;
}

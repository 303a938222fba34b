import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  mayContainSecrets,
  redactJsonBody,
  redactJsonText,
  redactSecrets,
  scrubSecret,
} from './redact-secrets.ts';

const task = {
  id: 't1',
  agent_id: 'a1',
  organization_id: 'o1',
  input: { text: 'hi', files: [], user: { email: 'a@b.c' } },
  status: 'executing',
  created_at: '2026-03-02T09:14:05Z',
  user_oidc_token: 'oidc-SECRET',
  user_tokens: { 'mcp-1': 'tok-SECRET' },
  mcp_servers: [
    {
      name: 'slack',
      url: 'https://mcp.example.com',
      transport: 'streamable-http',
      auth_type: 'api_key',
      api_key: 'mcp-key-SECRET',
      client_id: 'public-client',
      client_secret: 'client-SECRET',
      headers: { Authorization: 'Bearer hdr-SECRET' },
      env_vars: { TOKEN: 'env-SECRET' },
      allowed_tools: ['post'],
    },
  ],
};

const SAFE_MCP = {
  name: 'slack',
  url: 'https://mcp.example.com',
  transport: 'streamable-http',
  auth_type: 'api_key',
  client_id: 'public-client',
  allowed_tools: ['post'],
};

describe('redactSecrets', () => {
  it('removes user tokens and the secret parts of MCP servers from a task, keeping the rest', () => {
    const out = redactSecrets(task) as Record<string, unknown>;
    expect(out).not.toHaveProperty('user_oidc_token');
    expect(out).not.toHaveProperty('user_tokens');
    expect(out.mcp_servers).toEqual([SAFE_MCP]);
    expect(out.input).toEqual(task.input);
    expect(out.status).toBe('executing');
  });

  it('covers arrays of tasks and task payloads nested in event envelopes', () => {
    const event = {
      type: 'task_updated',
      task_id: 't1',
      organization_id: 'o1',
      time: 'now',
      data: task,
    };
    const out = redactSecrets([event, [task]]);
    expect(JSON.stringify(out)).not.toMatch(/SECRET/);
    expect(out).toEqual([
      { ...event, data: expect.objectContaining({ id: 't1', mcp_servers: [SAFE_MCP] }) },
      [expect.objectContaining({ id: 't1' })],
    ]);
  });

  it('does not mutate its input', () => {
    const copy = structuredClone(task);
    redactSecrets(task);
    expect(task).toEqual(copy);
  });

  it('forces auth_event access tokens to REDACTED', () => {
    const event = {
      type: 'auth_event',
      data: { type: 'token_ready', data: { access_token: 'real-token' } },
    };
    expect(redactSecrets(event)).toEqual({
      type: 'auth_event',
      data: { type: 'token_ready', data: { access_token: 'REDACTED' } },
    });
  });

  it('passes scalars, null and secret-free values through unchanged', () => {
    expect(redactSecrets('chunk of text')).toBe('chunk of text');
    expect(redactSecrets(null)).toBeNull();
    expect(redactSecrets(42)).toBe(42);
    const plain = { a: [1, { b: 'c' }], headers: { keep: 'outside mcp_servers' } };
    expect(redactSecrets(plain)).toEqual(plain);
  });

  it('keeps a "__proto__" key as data without touching the prototype', () => {
    const parsed = JSON.parse('{"__proto__":{"polluted":true},"user_tokens":{}}') as unknown;
    const out = redactSecrets(parsed) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(out)).toBe('{"__proto__":{"polluted":true}}');
  });

  it('property: no secret key survives at any depth, whatever surrounds it', () => {
    const secretKey = fc.constantFrom('user_tokens', 'user_oidc_token');
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.oneof(fc.string(), secretKey), tie('value'), { maxKeys: 4 }),
        fc.record({
          mcp_servers: fc.array(
            fc.record({ api_key: fc.string(), name: fc.string(), headers: tie('value') }),
          ),
        }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        const text = JSON.stringify(redactSecrets(value));
        return !/"(user_tokens|user_oidc_token|api_key)"/.test(text ?? '');
      }),
    );
  });
});

describe('redactJsonText / scrubSecret', () => {
  it('re-serialises redacted JSON and throws on invalid JSON', () => {
    expect(redactJsonText('{"id":"t","user_tokens":{"a":"b"}}')).toBe('{"id":"t"}');
    expect(() => redactJsonText('<html>')).toThrow(SyntaxError);
  });

  it('scrubs a literal key, and ignores empty or tiny secrets', () => {
    expect(scrubSecret('{"detail":"bad key sk-123456"}', 'sk-123456')).toBe(
      '{"detail":"bad key [redacted]"}',
    );
    expect(scrubSecret('abc', undefined)).toBe('abc');
    expect(scrubSecret('abc', 'a')).toBe('abc');
  });
});

describe('redactJsonBody fast path', () => {
  const body = (value: unknown) => Buffer.from(JSON.stringify(value));
  const parse = (out: Buffer | string) =>
    JSON.parse(typeof out === 'string' ? out : out.toString('utf8')) as unknown;

  it('hands back the same bytes when every secret key is empty, as on most platform tasks', () => {
    const raw = body([
      { id: 't1', user_tokens: null, user_oidc_token: null, mcp_servers: [], x: 'user_tokens' },
      { type: 'token_ready', data: { access_token: 'REDACTED' } },
    ]);
    expect(redactJsonBody(raw, 'sk-123456')).toBe(raw);
    expect(mayContainSecrets('{"note":"see \\"user_tokens\\": {}"}')).toBe(false);
  });

  it('takes the full redaction when a key holds a value, even spelled with \\u escapes', () => {
    expect(parse(redactJsonBody(body({ id: 't', user_tokens: { a: 'S' } }), undefined))).toEqual({
      id: 't',
    });
    const escaped = Buffer.from(
      '{"id":"t","user\\u005ftokens":{"a":"S"},"\\u0075ser_oidc_token":"S"}',
    );
    expect(parse(redactJsonBody(escaped, undefined))).toEqual({ id: 't' });
    expect(
      parse(redactJsonBody(body({ mcp_servers: [{ name: 'n', api_key: 'S' }] }), undefined)),
    ).toEqual({
      mcp_servers: [{ name: 'n' }],
    });
  });

  it('still rejects invalid JSON and scrubs the key on the fast path', () => {
    expect(() => redactJsonBody(Buffer.from('{"id":'), undefined)).toThrow(SyntaxError);
    expect(redactJsonBody(body({ detail: 'bad key sk-123456' }), 'sk-123456')).toBe(
      '{"detail":"bad key [redacted]"}',
    );
  });

  it('property: no secret value survives either path', () => {
    const secret = fc.string().map((s) => `SECRET${s}`);
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 3 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 3 }),
        fc.record({
          user_tokens: fc.oneof(fc.constant(null), fc.dictionary(fc.string(), secret)),
          user_oidc_token: fc.oneof(fc.constant(null), secret),
          mcp_servers: fc.array(fc.record({ name: fc.string(), api_key: secret })),
          access_token: fc.oneof(fc.constant('REDACTED'), secret),
          data: tie('value'),
        }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        const out = redactJsonBody(body(value), undefined);
        return !JSON.stringify(parse(out)).includes('SECRET');
      }),
    );
  });
});

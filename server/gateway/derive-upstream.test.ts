import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  configTableMarkdown,
  CONFIG_VARS,
  describeConfig,
  loadConfig,
} from './config.ts';
import {
  deriveEventsHost,
  deriveRestBase,
  joinUpstream,
  resolveBaseUrl,
  taskEventsUrl,
} from './derive-upstream.ts';

/** Contract §2.3 table: environment → REST and SSE URLs for task T in org ORG. */
const TABLE: {
  name: string;
  env: { XPANDER_BASE_URL?: string; IS_STG?: string };
  rest: string;
  sse: string;
}[] = [
  {
    name: 'cloud prod (default)',
    env: {},
    rest: 'https://inbound.xpander.ai/agent-execution/T/status',
    sse: 'https://agent-controller.xpander.ai/ORG/agent-execution/T/events',
  },
  {
    name: 'cloud staging (IS_STG=true)',
    env: { IS_STG: 'true' },
    rest: 'https://inbound.stg.xpander.ai/agent-execution/T/status',
    sse: 'https://agent-controller.stg.xpander.ai/ORG/agent-execution/T/events',
  },
  {
    name: 'self-hosted controller',
    env: { XPANDER_BASE_URL: 'https://agent-controller.acme.internal' },
    rest: 'https://agent-controller.acme.internal/ORG/agent-execution/T/status',
    sse: 'https://agent-controller.acme.internal/ORG/agent-execution/T/events',
  },
  {
    name: 'local reference server',
    env: { XPANDER_BASE_URL: 'http://localhost:4010' },
    rest: 'http://localhost:4010/agent-execution/T/status',
    sse: 'http://localhost:4010/ORG/agent-execution/T/events',
  },
  {
    name: 'local on 9016',
    env: { XPANDER_BASE_URL: 'http://localhost:9016' },
    rest: 'http://localhost:9016/ORG/agent-execution/T/status',
    sse: 'http://localhost:9016/ORG/agent-execution/T/events',
  },
];

function urlsFor(env: { XPANDER_BASE_URL?: string; IS_STG?: string }): {
  rest: string;
  sse: string;
} {
  const base = resolveBaseUrl(env);
  return {
    rest: joinUpstream(deriveRestBase(base, 'ORG'), '/agent-execution/T/status'),
    sse: taskEventsUrl(deriveEventsHost(base), 'ORG', 'T'),
  };
}

describe('contract §2.3 derivation table', () => {
  for (const row of TABLE) {
    it(row.name, () => {
      expect(urlsFor(row.env)).toEqual({ rest: row.rest, sse: row.sse });
    });
  }
});

describe('resolveBaseUrl (§2.1)', () => {
  it('adds https:// only when the value has no scheme', () => {
    expect(resolveBaseUrl({ XPANDER_BASE_URL: 'agent-controller.acme.internal' })).toBe(
      'https://agent-controller.acme.internal',
    );
    expect(resolveBaseUrl({ XPANDER_BASE_URL: 'http://127.0.0.1:4010' })).toBe(
      'http://127.0.0.1:4010',
    );
    expect(resolveBaseUrl({ XPANDER_BASE_URL: 'HTTPS://Example.com' })).toBe('HTTPS://Example.com');
  });

  it('treats only the exact string "true" as staging, and an explicit URL wins over IS_STG', () => {
    expect(resolveBaseUrl({ IS_STG: 'TRUE' })).toBe('https://inbound.xpander.ai');
    expect(resolveBaseUrl({ IS_STG: '1' })).toBe('https://inbound.xpander.ai');
    expect(resolveBaseUrl({ IS_STG: 'true', XPANDER_BASE_URL: 'http://localhost:4010' })).toBe(
      'http://localhost:4010',
    );
  });

  it('treats an empty XPANDER_BASE_URL as unset and drops a trailing slash', () => {
    expect(resolveBaseUrl({ XPANDER_BASE_URL: '' })).toBe('https://inbound.xpander.ai');
    expect(resolveBaseUrl({ XPANDER_BASE_URL: 'http://localhost:9016/' })).toBe(
      'http://localhost:9016',
    );
  });
});

describe('SDK heuristics kept on purpose', () => {
  it('appends the org to REST for any URL containing 9016 or agent-controller, even in a path', () => {
    expect(deriveRestBase('http://host:19016', 'ORG')).toBe('http://host:19016/ORG');
    expect(deriveRestBase('https://gw.example.com/agent-controller', 'ORG')).toBe(
      'https://gw.example.com/agent-controller/ORG',
    );
    expect(deriveRestBase('https://inbound.xpander.ai', 'ORG')).toBe('https://inbound.xpander.ai');
  });

  it('sends events to localhost:9016 for any base containing 8085 (port 18085 too)', () => {
    expect(deriveEventsHost('http://localhost:8085')).toBe('http://localhost:9016');
    expect(deriveEventsHost('http://127.0.0.1:18085')).toBe('http://localhost:9016');
  });

  it('maps any inbound host with stg.xpander to the staging controller', () => {
    expect(deriveEventsHost('https://inbound.stg.xpander.ai')).toBe(
      'https://agent-controller.stg.xpander.ai',
    );
    expect(deriveEventsHost('https://inbound.xpander.ai')).toBe(
      'https://agent-controller.xpander.ai',
    );
  });

  it('rewrites every "/events" in the events base, like the SDK', () => {
    expect(taskEventsUrl('http://h/events', 'ORG', 'T')).toBe(
      'http://h/agent-execution/T/events/ORG/agent-execution/T/events',
    );
  });

  it('encodes the task id as one path segment', () => {
    expect(taskEventsUrl('http://h', 'ORG', 'a b/c')).toBe(
      'http://h/ORG/agent-execution/a%20b%2Fc/events',
    );
  });
});

describe('joinUpstream (§2.2)', () => {
  it('joins with exactly one slash', () => {
    expect(joinUpstream('http://h/ORG/', '/agents/list')).toBe('http://h/ORG/agents/list');
    expect(joinUpstream('http://h', 'agents/list')).toBe('http://h/agents/list');
  });
});

describe('loadConfig', () => {
  it('derives REST base and events host from the environment, with documented defaults', () => {
    const config = loadConfig({
      XPANDER_BASE_URL: 'localhost:9016',
      XPANDER_ORGANIZATION_ID: 'ORG',
      XPANDER_API_KEY: 'k',
    });
    expect(config).toMatchObject({
      baseUrl: 'https://localhost:9016',
      restBase: 'https://localhost:9016/ORG',
      eventsHost: 'https://localhost:9016',
      host: '127.0.0.1',
      port: 8080,
      bodyLimitBytes: 1024 * 1024,
      upstreamTimeoutMs: 30_000,
      sseKeepAliveMs: 15_000,
      trustProxy: false,
      apiKey: 'k',
    });
  });

  it('lets XPANDER_EVENTS_URL override the derived events host', () => {
    const config = loadConfig({
      XPANDER_BASE_URL: 'http://localhost:8085',
      XPANDER_EVENTS_URL: 'http://events.local:7000/',
    });
    expect(config.eventsHost).toBe('http://events.local:7000');
  });

  it('rejects malformed numbers with the variable name', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
    expect(() => loadConfig({ GATEWAY_UPSTREAM_TIMEOUT_MS: '0' })).toThrow(
      /GATEWAY_UPSTREAM_TIMEOUT_MS/,
    );
  });

  it('lets defined overrides win and ignores undefined ones', () => {
    const config = loadConfig(
      { XPANDER_API_KEY: 'from-env', PORT: '9000' },
      { apiKey: undefined, port: 0 },
    );
    expect(config.apiKey).toBe('from-env');
    expect(config.port).toBe(0);
  });

  it('never puts the key in what may be logged', () => {
    const config = loadConfig({ XPANDER_API_KEY: 'super-secret-key' });
    expect(JSON.stringify(describeConfig(config))).not.toContain('super-secret-key');
  });

  it('documents every variable it reads', () => {
    const names = CONFIG_VARS.map((v) => v.name);
    for (const name of [
      'XPANDER_BASE_URL',
      'XPANDER_API_KEY',
      'XPANDER_ORGANIZATION_ID',
      'IS_STG',
      'XPANDER_EVENTS_URL',
      'HOST',
      'PORT',
    ]) {
      expect(names).toContain(name);
    }
    expect(configTableMarkdown().split('\n')).toHaveLength(CONFIG_VARS.length + 2);
  });
});

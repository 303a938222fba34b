import { createPrng, hashString, type Prng } from './prng.ts';
import type { AgentRecord } from './store.ts';

export interface ToolCall {
  requestId: string;
  operationId: string;
  toolCallId: string;
  graphNodeId: string;
  name: string;
  payload: unknown;
  reasoning: { title: string; description: string } | null;
  result: unknown;
  isError: boolean;
}

/** One scripted action of the simulated agent. `delay` is ms of simulated time before it runs (speed 1). */
export type Step = { delay: number } & (
  | { kind: 'start' }
  | { kind: 'internal_status'; value: string }
  | { kind: 'think'; title: string; thought: string; action: string; confidence: number }
  | {
      kind: 'analyze';
      title: string;
      result: string;
      analysis: string;
      nextAction: string;
      confidence: number;
    }
  | { kind: 'tool_request'; call: ToolCall }
  | { kind: 'tool_result'; call: ToolCall }
  | { kind: 'plan'; items: string[]; completed: number }
  | {
      kind: 'sub_agent';
      agentId: string;
      query: string;
      reasoning: { title: string; description: string };
    }
  | { kind: 'await_sub_agents' }
  | { kind: 'hitl'; waitNodeId: string; hold: boolean }
  | { kind: 'hitl_resume' }
  | { kind: 'auth'; connector: string; serverUrl: string; authUrl: string; hold: boolean }
  | { kind: 'auth_resume' }
  | { kind: 'compaction'; variant: 'retry' | 'summarization' }
  | { kind: 'chunk'; text: string }
  | {
      kind: 'finish';
      status: 'completed' | 'failed' | 'error';
      result: string;
      tokens: { prompt: number; completion: number };
    }
);

export type StepKind = Step['kind'];

/**
 * Words in a prompt that force a behaviour, so tests are deterministic. Case-insensitive.
 * Documented in README.md; keep the two in step.
 */
export const MAGIC_WORDS = {
  fail: '[fail]',
  error: '[error]',
  slow: '[slow]',
  fast: '[fast]',
  quick: '[quick]',
  long: '[long]',
  big: '[big]',
  hitl: '[hitl]',
  hitlHold: '[hitl-hold]',
  auth: '[auth]',
  authHold: '[auth-hold]',
  subagents: '[subagents]',
  plan: '[plan]',
  compact: '[compact]',
  all: '[all]',
} as const;

export interface ScriptInput {
  agent: AgentRecord;
  /** Agents a manager may delegate to (ACTIVE, not the agent itself). */
  delegates: readonly AgentRecord[];
  prompt: string;
  outputFormat: string | null;
  /** Child tasks never trigger further sub-agents or hold forever. */
  isChild: boolean;
}

const TOOLS: Record<
  string,
  { name: string; payload: (r: Prng) => unknown; result: (r: Prng) => unknown }[]
> = {
  finance: [
    {
      name: 'ledger_query',
      payload: (r) => ({
        body_params: { status: 'unpaid', due_before: '2026-03-02', limit: r.int(50, 500) },
      }),
      result: (r) => ({ rows: r.int(0, 40), currency: 'USD' }),
    },
    {
      name: 'invoice_lookup',
      payload: (r) => ({ path_params: { invoice_id: `INV-${r.int(1000, 9999)}` } }),
      result: (r) => ({
        status: r.pick(['paid', 'unpaid', 'disputed']),
        amount: r.int(100, 20000),
      }),
    },
  ],
  support: [
    {
      name: 'zendesk_search_tickets',
      payload: (r) => ({
        query_params: { q: r.pick(['refund', 'login issue', 'billing', 'outage']), per_page: 25 },
      }),
      result: (r) => ({
        count: r.int(0, 60),
        top: [{ id: r.int(10000, 99999), subject: 'Cannot sign in after reset' }],
      }),
    },
    {
      name: 'crm_get_account',
      payload: (r) => ({ path_params: { account_id: `acc_${r.int(100, 999)}` } }),
      result: (r) => ({
        plan: r.pick(['free', 'team', 'enterprise']),
        seats: r.int(1, 400),
        health: r.pick(['green', 'amber', 'red']),
      }),
    },
  ],
  research: [
    {
      name: 'web_search',
      payload: (r) => ({
        query: r.pick(['vector db benchmarks 2026', 'EU AI act timeline', 'SQLite WAL durability']),
        top_k: 5,
      }),
      result: (r) => ({
        results: Array.from({ length: 5 }, (_, i) => ({
          title: `Result ${i + 1}`,
          url: `https://example.com/${r.int(1, 999)}`,
        })),
      }),
    },
    {
      name: 'fetch_url',
      payload: (r) => ({ url: `https://example.com/articles/${r.int(1, 500)}` }),
      result: () => ({
        status: 200,
        content_type: 'text/html',
        excerpt: 'Write-ahead logging keeps readers and the writer apart…',
      }),
    },
  ],
  messaging: [
    {
      name: 'slack_post_message',
      payload: (r) => ({
        channel: r.pick(['#finance', '#support', '#ops']),
        text: 'Daily summary attached.',
      }),
      result: (r) =>
        r.chance(0.8)
          ? { ok: true, ts: `${r.int(1700000000, 1800000000)}.000100` }
          : 'channel_not_found',
    },
  ],
};

const DOMAIN_BY_NAME = (agent: AgentRecord): string => {
  const n = agent.name.toLowerCase();
  if (n.includes('invoice') || n.includes('finance')) return 'finance';
  if (n.includes('support') || n.includes('triage')) return 'support';
  if (n.includes('notif') || n.includes('slack')) return 'messaging';
  return 'research';
};

const PLAN_TITLES = [
  'Gather context',
  'Query the sources',
  'Cross-check the numbers',
  'Draft the answer',
  'Notify the requester',
];

const ANSWERS = [
  'Found **3 overdue invoices** totalling $12,480. Summary posted to #finance.',
  'Triaged the queue: 12 tickets tagged *billing*, 4 escalated to tier 2, 1 duplicate closed.',
  'Here is the comparison you asked for:\n\n| option | latency | cost |\n| --- | --- | --- |\n| A | 12 ms | $ |\n| B | 4 ms | $$$ |\n\nOption A is the better default.',
  'The outage on the 14th was caused by an expired certificate on the internal proxy. Renewal is now automated.',
  'Done. I updated 8 CRM records and left notes on the two accounts that need a human decision.',
];

/** A JSON payload of roughly `bytes` characters, for viewers that must cope with megabytes. */
export function bigPayload(r: Prng, bytes: number): unknown {
  const rows: unknown[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const row = {
      id: i,
      sku: `SKU-${r.int(100000, 999999)}`,
      qty: r.int(1, 90),
      price: r.int(100, 99999) / 100,
      note: 'lorem ipsum dolor sit amet',
    };
    rows.push(row);
    size += 110;
  }
  return { rows, total: rows.length };
}

function chunkText(r: Prng, text: string): string[] {
  const words = text.split(/(?<=\s)/);
  const out: string[] = [];
  for (let i = 0; i < words.length;) {
    const n = r.int(2, 6);
    out.push(words.slice(i, i + n).join(''));
    i += n;
  }
  return out;
}

/**
 * The deterministic script of one task run: same agent + prompt, same script. The worker
 * re-derives it after a restart and continues from the persisted step index.
 */
export function planScript(input: ScriptInput): Step[] {
  const prompt = input.prompt.toLowerCase();
  const has = (word: string) => prompt.includes(word);
  const r = createPrng(hashString(`${input.agent.id}\n${input.prompt}`));
  const all = has(MAGIC_WORDS.all);
  const quick = has(MAGIC_WORDS.quick);
  const scale = has(MAGIC_WORDS.fast) ? 0.05 : has(MAGIC_WORDS.slow) ? 5 : 1;
  const d = (min: number, max: number) => Math.round(r.int(min, max) * scale);
  const steps: Step[] = [];
  const push = (step: Step) => steps.push(step);
  const domain = DOMAIN_BY_NAME(input.agent);
  const tools = TOOLS[domain] ?? TOOLS['research'] ?? [];

  push({ kind: 'start', delay: d(600, 1800) });
  if (quick) {
    push({ kind: 'chunk', text: 'Done.', delay: d(100, 300) });
    push({
      kind: 'finish',
      status: has(MAGIC_WORDS.fail) ? 'failed' : has(MAGIC_WORDS.error) ? 'error' : 'completed',
      result: 'Done.',
      tokens: { prompt: 120, completion: 4 },
      delay: d(50, 100),
    });
    return steps;
  }

  const manager = input.agent.type === 'manager';
  const wantPlan = all || has(MAGIC_WORDS.plan) || manager || r.chance(0.25);
  const wantSubAgents =
    !input.isChild &&
    input.delegates.length > 0 &&
    (all || has(MAGIC_WORDS.subagents) || (manager && r.chance(0.85)));
  const hitlHold = !input.isChild && has(MAGIC_WORDS.hitlHold);
  const wantHitl = all || hitlHold || has(MAGIC_WORDS.hitl) || (!input.isChild && r.chance(0.08));
  const authHold = !input.isChild && has(MAGIC_WORDS.authHold);
  const wantAuth = all || authHold || has(MAGIC_WORDS.auth) || (!input.isChild && r.chance(0.06));
  const wantCompact = all || has(MAGIC_WORDS.compact) || r.chance(0.04);
  const long = has(MAGIC_WORDS.long);
  const wantBig = all || long || has(MAGIC_WORDS.big) || r.chance(0.05);
  const forced = has(MAGIC_WORDS.fail) ? 'failed' : has(MAGIC_WORDS.error) ? 'error' : null;
  const outcome = forced ?? (r.chance(0.05) ? 'failed' : r.chance(0.04) ? 'error' : 'completed');

  push({ kind: 'internal_status', value: 'planning', delay: d(200, 500) });
  push({
    kind: 'think',
    title: r.pick(['Plan the approach', 'Understand the request', 'Decide what to look up']),
    thought: `The user asked: "${input.prompt.slice(0, 120)}". I should gather data before answering.`,
    action: r.pick([
      'Query the primary source first',
      'Search, then verify',
      'Delegate the heavy lifting',
    ]),
    confidence: r.int(60, 95) / 100,
    delay: d(800, 2500),
  });

  const planItems = wantPlan ? PLAN_TITLES.slice(0, r.int(3, 5)) : [];
  if (wantPlan) push({ kind: 'plan', items: planItems, completed: 0, delay: d(300, 900) });

  if (wantAuth) {
    const connector = r.pick(['Slack', 'Google Drive', 'Salesforce']);
    const slug = connector.toLowerCase().replace(/\s+/g, '-');
    push({
      kind: 'auth',
      connector,
      serverUrl: `https://mcp.${slug}.example.com/mcp`,
      authUrl: `https://auth.example.com/authorize?connector=${slug}&state=${r.int(100000, 999999)}`,
      hold: authHold,
      delay: d(400, 1200),
    });
    push({ kind: 'auth_resume', delay: d(8000, 20000) });
  }

  const toolCount = long ? 12 : input.isChild ? r.int(1, 2) : r.int(1, 4);
  for (let i = 0; i < toolCount; i++) {
    const tool = r.pick(tools);
    const big = wantBig && i === 0;
    const isError = !big && r.chance(0.12);
    const call: ToolCall = {
      requestId: `req-${r.int(10000, 99999)}`,
      operationId: `op-${tool.name.replace(/_/g, '-')}`,
      toolCallId: `call_${r.uuid().slice(0, 8)}`,
      graphNodeId: `node-${i + 1}`,
      name: tool.name,
      payload: tool.payload(r),
      reasoning: r.chance(0.7)
        ? { title: `Use ${tool.name}`, description: 'Needed to answer accurately' }
        : null,
      result: big
        ? bigPayload(r, long ? 1_500_000 : 300_000)
        : isError
          ? r.pick(['rate_limited', 'timeout after 30s', 'permission_denied'])
          : tool.result(r),
      isError,
    };
    push({ kind: 'tool_request', call, delay: d(500, 1500) });
    push({ kind: 'tool_result', call, delay: d(700, 4000) });
    if (wantPlan && i < planItems.length - 1)
      push({
        kind: 'plan',
        items: planItems,
        completed: Math.min(i + 1, planItems.length - 1),
        delay: d(100, 300),
      });
  }

  if (wantSubAgents) {
    const count = all
      ? Math.min(2, input.delegates.length)
      : r.int(1, Math.min(3, input.delegates.length));
    const pool = [...input.delegates];
    // Children inherit only the speed words; the other magic words stay with the parent.
    const topic = input.prompt
      .replace(/\[[a-z-]+\]/gi, '')
      .trim()
      .slice(0, 80);
    const speedWord = has(MAGIC_WORDS.fast) ? ' [fast]' : has(MAGIC_WORDS.slow) ? ' [slow]' : '';
    for (let i = 0; i < count; i++) {
      const target = pool.splice(r.int(0, pool.length - 1), 1)[0];
      if (!target) break;
      push({
        kind: 'sub_agent',
        agentId: target.id,
        query: `${r.pick(['Extract the key figures', 'Check the open tickets', 'Summarise the findings'])} for: ${topic}${speedWord}`,
        reasoning: {
          title: `Delegate to ${target.name}`,
          description: 'Specialist agent for this part',
        },
        delay: d(300, 900),
      });
    }
    push({ kind: 'internal_status', value: 'waiting for sub-agents', delay: d(100, 200) });
    push({ kind: 'await_sub_agents', delay: d(500, 1000) });
  }

  if (wantHitl) {
    push({ kind: 'hitl', waitNodeId: `wait-${r.int(1, 99)}`, hold: hitlHold, delay: d(400, 1000) });
    push({ kind: 'hitl_resume', delay: d(10000, 30000) });
  }

  if (wantCompact)
    push({
      kind: 'compaction',
      variant: r.chance(0.5) ? 'retry' : 'summarization',
      delay: d(300, 800),
    });

  push({
    kind: 'analyze',
    title: 'Check the results',
    result: outcome === 'completed' ? 'The data is consistent' : 'A required source failed',
    analysis:
      outcome === 'completed'
        ? 'Totals match across sources; ready to answer.'
        : 'Cannot produce a reliable answer.',
    nextAction: outcome === 'completed' ? 'Write the answer' : 'Report the failure',
    confidence: r.int(55, 98) / 100,
    delay: d(800, 2000),
  });
  if (wantPlan)
    push({ kind: 'plan', items: planItems, completed: planItems.length, delay: d(100, 300) });
  push({ kind: 'internal_status', value: 'answering', delay: d(100, 300) });

  let answer =
    outcome === 'completed'
      ? r.pick(ANSWERS)
      : outcome === 'failed'
        ? 'I could not finish: the upstream system rejected the request (HTTP 502).'
        : 'Agent crashed: TimeoutError: tool call exceeded 120 s.';
  if (long)
    answer = Array.from({ length: 40 }, (_, i) => `${i + 1}. ${r.pick(ANSWERS)}`).join('\n');
  if (input.outputFormat === 'json' && outcome === 'completed')
    answer = JSON.stringify({ answer, confidence: 0.9 });
  if (outcome === 'completed')
    for (const text of chunkText(r, answer)) push({ kind: 'chunk', text, delay: d(40, 160) });

  push({
    kind: 'finish',
    status: outcome,
    result: answer,
    tokens: { prompt: r.int(800, 9000), completion: r.int(50, 1500) },
    delay: d(200, 600),
  });
  return steps;
}

export const RESUME_KINDS: ReadonlySet<StepKind> = new Set(['hitl_resume', 'auth_resume']);

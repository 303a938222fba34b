import { randomBytes, randomUUID } from 'node:crypto';
import { createPrng, type Prng } from './prng.ts';
import type { AgentRecord, PlatformStore } from './store.ts';
import { runStep } from './step-runner.ts';
import type { ScheduleHook, TaskOps } from './task-ops.ts';
import {
  buildTask,
  isTerminal,
  type Status,
  type TaskRecord,
  type UserRecord,
} from './task-model.ts';
import { formatTime, parseTime } from './time.ts';
import { isRunnableAgent, scriptFor } from './worker.ts';

const DAY = 86_400_000;

/** Org id and API key: given values win, otherwise generated once and kept in the data dir. */
export function resolveIdentity(
  store: PlatformStore,
  given: { organizationId?: string; apiKey?: string },
): { organizationId: string; apiKey: string } {
  const storedOrg = store.getMeta('organization_id');
  const organizationId = given.organizationId ?? storedOrg ?? randomUUID();
  const apiKey =
    given.apiKey ?? store.getMeta('api_key') ?? `xpk_${randomBytes(24).toString('hex')}`;
  store.tx(() => {
    store.setMeta('organization_id', organizationId);
    store.setMeta('api_key', apiKey);
    if (storedOrg !== undefined && storedOrg !== organizationId) {
      // Documents carry the org id; keep them consistent with the org we now serve.
      store.db
        .prepare("UPDATE tasks SET doc = json_set(doc, '$.organization_id', ?)")
        .run(organizationId);
      store.db
        .prepare("UPDATE agents SET doc = json_set(doc, '$.organization_id', ?)")
        .run(organizationId);
    }
  });
  return { organizationId, apiKey };
}

type AgentSpec = Pick<
  AgentRecord,
  | 'name'
  | 'icon'
  | 'status'
  | 'type'
  | 'access_scope'
  | 'description'
  | 'created_by'
  | 'instructions'
>;

const AGENT_SPECS: AgentSpec[] = [
  {
    name: 'Ops Manager',
    icon: '🧭',
    status: 'ACTIVE',
    type: 'manager',
    access_scope: 'organizational',
    description: 'Plans multi-step requests and delegates to the specialist agents.',
    created_by: 'dana@example.com',
    instructions: {
      role: ['You coordinate specialist agents.'],
      goal: ['Finish the request end to end.'],
      general: 'Delegate, then verify.',
    },
  },
  {
    name: 'Invoice Reconciler',
    icon: '🧾',
    status: 'ACTIVE',
    type: 'regular',
    access_scope: 'organizational',
    description: 'Matches invoices against the ledger and flags overdue ones.',
    created_by: 'omer@example.com',
    instructions: {
      role: ['Finance assistant.'],
      goal: ['Keep receivables clean.'],
      general: 'Never send money.',
    },
  },
  {
    name: 'Support Triage',
    icon: '🎧',
    status: 'ACTIVE',
    type: 'regular',
    access_scope: 'organizational',
    description: 'Tags, routes and summarises incoming support tickets.',
    created_by: 'maya@example.com',
    instructions: {
      role: ['Support specialist.'],
      goal: ['Route every ticket within 5 minutes.'],
      general: 'Be polite and concise.',
    },
  },
  {
    name: 'Research Assistant',
    icon: '🔎',
    status: 'ACTIVE',
    type: 'regular',
    access_scope: 'personal',
    description: 'Searches the web and internal docs, then writes a sourced summary.',
    created_by: 'li@example.com',
    instructions: {
      role: ['Analyst.'],
      goal: ['Answer with sources.'],
      general: 'Cite every claim.',
    },
  },
  {
    name: 'Slack Notifier',
    icon: '📣',
    status: 'ACTIVE',
    type: 'a2a',
    access_scope: 'organizational',
    description: 'Posts summaries and alerts to Slack channels.',
    created_by: 'dana@example.com',
    instructions: {
      role: ['Messenger.'],
      goal: ['Deliver messages.'],
      general: 'Short messages only.',
    },
  },
  {
    name: 'Legacy Importer',
    icon: '📦',
    status: 'INACTIVE',
    type: 'curl',
    access_scope: 'organizational',
    description: 'Imported CSV exports from the old CRM (retired).',
    created_by: null,
    instructions: { role: ['Importer.'], goal: ['Import rows.'], general: '' },
  },
  {
    name: 'Draft Writer',
    icon: '✍️',
    status: 'DRAFT',
    type: 'regular',
    access_scope: 'personal',
    description: null,
    created_by: 'noa@example.com',
    instructions: { role: [], goal: [], general: 'Work in progress.' },
  },
];

const FIRST = [
  'Dana',
  'Omer',
  'Maya',
  'Li',
  'Noa',
  'Arjun',
  'Sofia',
  'Mateo',
  'Yuki',
  'Amara',
  'Lukas',
  'Chloe',
  'Tariq',
  'Ingrid',
  'Kofi',
  'Elena',
  'Ravi',
  'Hana',
  'Jonas',
  'Priya',
];
const LAST = [
  'Levi',
  'Cohen',
  'Ng',
  'Patel',
  'Garcia',
  'Tanaka',
  'Okafor',
  'Müller',
  'Dubois',
  'Haddad',
  'Berg',
  'Mensah',
  'Rossi',
  'Singh',
  'Kim',
  'Novak',
  'Silva',
  'Ito',
  'Weber',
  'Shah',
];
const ZONES = [
  'Asia/Jerusalem',
  'Europe/Berlin',
  'America/New_York',
  'Asia/Tokyo',
  'Europe/London',
  'America/Los_Angeles',
];

const PROMPTS: Record<string, string[]> = {
  'Ops Manager': [
    'Close the month: reconcile invoices and tell #finance',
    'Investigate the spike in refund tickets and summarise',
    'Prepare the weekly ops report',
    'Onboard the Acme account end to end',
  ],
  'Invoice Reconciler': [
    'Find overdue invoices and post a summary to #finance',
    'Match February payments against the ledger',
    'Which invoices from Globex are disputed?',
    'Export unpaid invoices over $5,000',
  ],
  'Support Triage': [
    'Triage the new tickets from the last hour',
    'Summarise complaints about the mobile login',
    'Route the enterprise escalations to tier 2',
    'Find duplicate tickets about the outage',
  ],
  'Research Assistant': [
    'Compare three vector databases for our workload',
    'What changed in the EU AI Act timeline this year?',
    'Summarise the SQLite WAL durability guarantees',
    'Find benchmarks for Postgres logical replication',
  ],
  'Slack Notifier': [
    'Post the deploy summary to #ops',
    'Remind #support about the on-call handover',
    'Announce the maintenance window in #general',
  ],
  'Legacy Importer': [
    'Import accounts.csv from the old CRM',
    'Re-run the contacts import for batch 7',
  ],
  'Draft Writer': ['Draft a release note for v2.3', 'Write a follow-up email to Initech'],
};

const MCP_SERVERS = [
  {
    type: 'remote',
    name: 'Slack',
    url: 'https://mcp.slack.example.com/mcp',
    transport: 'streamable-http',
    auth_type: 'api_key',
    api_key: 'sk-demo-slack-0000000000000000',
    headers: { Authorization: 'Bearer demo-secret-header' },
    env_vars: {},
    allowed_tools: ['slack_post_message'],
    additional_scopes: [],
    use_secrets_manager: false,
    share_user_token_across_other_agents: true,
  },
];

const CUSTOMERS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Stark',
  'Wayne',
  'Soylent',
  'Tyrell',
  'Cyberdyne',
  'Wonka',
  'Aperture',
];
const PERIODS = [
  'this week',
  'last week',
  'Q3',
  'March',
  'today',
  'since Monday',
  'the last 30 days',
];

const titleOf = (prompt: string): string => {
  const plain = prompt.replace(/ \(.*\)$/, '');
  return plain.length <= 60 ? plain : `${plain.slice(0, plain.lastIndexOf(' ', 57))}…`;
};

export interface SeedOptions {
  /** Total tasks. Up to 300 get full scripted histories; the rest are bulk rows with lazily built logs. */
  tasks: number;
  nowMs: number;
  /** Worker speed, so tasks left running resume on the same time scale. */
  speed: number;
}

const RICH_LIMIT = 300;

/** Deterministic demo org: agents, ~20 end users, and task histories run through the real worker scripts. */
export function seedDemo(store: PlatformStore, ops: TaskOps, options: SeedOptions): void {
  const r = createPrng('tasks-console-demo');
  const now = options.nowMs;
  const agents: AgentRecord[] = AGENT_SPECS.map(
    (spec, i) =>
      ({
        ...spec,
        id: r.uuid(),
        organization_id: ops.organizationId,
        created_at: formatTime(now - (90 - i * 5) * DAY),
      }) as AgentRecord,
  );
  const users: UserRecord[] = FIRST.map((first, i) => ({
    id: `u-${1001 + i}`,
    email: `${first.toLowerCase()}.${(LAST[i] ?? 'x').toLowerCase().replace('ü', 'u')}@example.com`,
    first_name: first,
    last_name: LAST[i] ?? null,
    additional_attributes: i % 5 === 0 ? { plan: 'enterprise' } : null,
    timezone: ZONES[i % ZONES.length] ?? null,
  }));
  const savedScheduler = ops.scheduler;
  const created: TaskRecord[] = [];
  // During the seed, new tasks (sub-agent children included) are recorded, then simulated.
  const scheduler: ScheduleHook = { schedule: (task) => void created.push(task) };
  ops.scheduler = scheduler;
  const idStream = createPrng('tasks-console-demo-ids');
  const seedIds = () => idStream.uuid();
  const liveNewId = ops.newId;
  ops.newId = seedIds;
  try {
    store.tx(() => {
      agents.forEach((a, i) => store.putAgent(a, i));
      for (const u of users) store.putUser(u as { id: string; email: string });
      const rich = Math.min(options.tasks, RICH_LIMIT);
      const plans = Array.from({ length: rich }, (_, i) =>
        planTask(r, agents, users, now, i, rich),
      ).sort((a, b) => a.createdMs - b.createdMs);
      for (const plan of plans) {
        created.length = 0;
        const task = ops.create(
          plan.agent,
          plan.body,
          plan.agent.type === 'manager' ? '4' : null,
          plan.createdMs,
        );
        if (!isRunnableAgent(plan.agent)) continue;
        simulate(
          store,
          ops,
          task.id,
          now,
          options.speed,
          plan.stopAtStep,
          plan.holdAtPause,
          created,
        );
      }
      if (options.tasks > RICH_LIMIT)
        seedBulk(store, ops, agents, users, options.tasks - RICH_LIMIT, now, r);
    });
  } finally {
    ops.scheduler = savedScheduler;
    ops.newId = liveNewId;
  }
}

interface TaskPlan {
  agent: AgentRecord;
  body: Record<string, unknown>;
  createdMs: number;
  stopAtStep: number | null;
  holdAtPause: boolean;
}

function planTask(
  r: Prng,
  agents: AgentRecord[],
  users: UserRecord[],
  now: number,
  index: number,
  total: number,
): TaskPlan {
  // The newest handful are "right now": some still running, some queued when the platform starts.
  const recent = index >= total - 8;
  const active = agents.filter((a) => a.status === 'ACTIVE');
  const agent = recent
    ? (active[index % active.length] as AgentRecord)
    : r.chance(0.9)
      ? r.pick(active)
      : r.pick(agents);
  const createdMs = recent
    ? now - r.int(1, 20) * 1000
    : now - Math.floor(Math.pow(r.next(), 1.6) * 14 * DAY) - 120_000;
  const user = r.chance(0.85) ? r.pick(users) : null;
  // Scripts are chosen from agent + prompt, so vary the prompt to vary the behaviour.
  const prompt = `${r.pick(PROMPTS[agent.name] ?? ['Help me with this'])} (${r.pick(CUSTOMERS)}, ${r.pick(PERIODS)})`;
  const body: Record<string, unknown> = {
    input: {
      text: prompt,
      files: r.chance(0.15) ? [`https://files.example.com/${r.int(100, 999)}.csv`] : [],
      user,
    },
    source: r.pick(['sdk', 'sdk', 'slack', 'webhook', 'workbench', 'assistant']),
    events_streaming: true,
    title: r.chance(0.7) ? titleOf(prompt) : null,
    output_format: r.chance(0.8) ? 'markdown' : 'json',
    think_mode: r.chance(0.2) ? 'harder' : 'default',
    mcp_servers: r.chance(0.15) ? MCP_SERVERS : [],
    user_oidc_token: r.chance(0.1) ? 'eyJhbGciOiJIUzI1NiJ9.demo-secret.signature' : null,
    user_tokens: r.chance(0.1) ? { 'mcp-slack': 'xoxp-demo-secret-token' } : null,
  };
  return {
    agent,
    body,
    createdMs,
    stopAtStep: !recent && r.chance(0.07) ? r.int(2, 8) : null,
    holdAtPause: !recent && r.chance(0.6),
  };
}

/**
 * Run a task's script in simulated time up to `untilMs`. A task still unfinished then keeps its
 * cursor, and the live worker continues it on the same (speed-scaled) timetable.
 */
function simulate(
  store: PlatformStore,
  ops: TaskOps,
  taskId: string,
  untilMs: number,
  speed: number,
  stopAtStep: number | null,
  holdAtPause: boolean,
  created: TaskRecord[],
): void {
  const row = store.getTaskRow(taskId);
  if (!row) return;
  const task = row.task;
  const steps = scriptFor(store, task);
  let clock = parseTime(task.created_at);
  const getAgent = (id: string) => store.getAgent(id);
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (!step) break;
    clock += step.delay;
    if (clock > untilMs) {
      store.setRun(taskId, i, untilMs + (clock - untilMs) / speed);
      return;
    }
    if (stopAtStep === i) {
      ops.stop(taskId, clock);
      return;
    }
    const before = created.length;
    const outcome = runStep(ops, task, step, clock, getAgent);
    // Children spawned by this step run right away in simulated time.
    for (const child of created.slice(before)) {
      if (isRunnableAgent(store.getAgent(child.agent_id)))
        simulate(store, ops, child.id, untilMs, speed, null, false, created);
    }
    if (outcome === 'wait') {
      store.setRun(taskId, i, untilMs);
      return;
    }
    if (isTerminal(task.status)) {
      store.setRun(taskId, null, null);
      return;
    }
    if (outcome === 'hold' || (holdAtPause && step.kind === 'hitl')) {
      store.setRun(taskId, i + 1, null);
      return;
    }
  }
  store.setRun(taskId, null, null);
}

const BULK_STATUSES: [Status, number][] = [
  ['completed', 0.7],
  ['failed', 0.08],
  ['error', 0.07],
  ['stopped', 0.08],
  ['paused', 0.07],
];

/** Benchmark volume: plain rows in one transaction; their event and activity logs are built on first read. */
function seedBulk(
  store: PlatformStore,
  ops: TaskOps,
  agents: AgentRecord[],
  users: UserRecord[],
  count: number,
  now: number,
  r: Prng,
): void {
  const active = agents.filter((a) => a.status !== 'DRAFT');
  for (let i = 0; i < count; i++) {
    const agent = active[i % active.length] as AgentRecord;
    const createdMs = now - Math.floor(r.next() * 14 * DAY) - 60_000;
    let roll = r.next();
    let status: Status = 'completed';
    for (const [s, p] of BULK_STATUSES) {
      if (roll < p) {
        status = s;
        break;
      }
      roll -= p;
    }
    const prompt = r.pick(PROMPTS[agent.name] ?? ['Help me']);
    const durationMs = r.int(3_000, 90_000);
    const endMs = createdMs + durationMs;
    const user = r.chance(0.85) ? r.pick(users) : null;
    const fields: Partial<TaskRecord> & Pick<TaskRecord, 'id' | 'agent_id' | 'organization_id'> = {
      id: r.uuid(),
      agent_id: agent.id,
      organization_id: ops.organizationId,
      input: { text: prompt, files: [], user },
      status,
      source: 'sdk',
      events_streaming: true,
      title: i % 3 === 0 ? titleOf(prompt) : null,
      started_at: formatTime(createdMs + 1000),
      paused_at: status === 'paused' ? formatTime(endMs) : null,
      finished_at: isTerminal(status) ? formatTime(endMs) : null,
      is_manually_stopped: status === 'stopped',
      hitl_request: status === 'paused' ? { wait_node_id: 'wait-1' } : null,
      internal_status: status === 'paused' ? 'awaiting approval' : null,
      result:
        status === 'completed'
          ? `Done: ${prompt.toLowerCase()}.`
          : status === 'failed' || status === 'error'
            ? 'Upstream system returned HTTP 502.'
            : null,
      tokens: isTerminal(status)
        ? { prompt_tokens: 1200, completion_tokens: 300, total_tokens: 1500 }
        : null,
      duration: isTerminal(status) ? durationMs / 1000 : 0,
      created_at: formatTime(createdMs),
      updated_at: formatTime(endMs),
    };
    const task = buildTask(fields, createdMs);
    // Only the non-default keys go to disk: 50,000 rows must seed in seconds.
    store.insertTask(task, { step: null, nextAt: null }, true, JSON.stringify(fields));
  }
}

/** Build the event and activity logs of a bulk-seeded task the first time someone reads them. */
export function ensureLogs(store: PlatformStore, ops: TaskOps, taskId: string): void {
  const row = store.getTaskRow(taskId);
  if (!row?.lazyLogs) return;
  store.tx(() => {
    const t = row.task;
    const createdMs = parseTime(t.created_at);
    const startedMs = t.started_at ? parseTime(t.started_at) : createdMs;
    const endMs = parseTime(t.updated_at);
    const asCreated = {
      ...t,
      status: 'pending',
      started_at: null,
      paused_at: null,
      finished_at: null,
      result: null,
      internal_status: null,
      hitl_request: null,
      is_manually_stopped: false,
      tokens: null,
      duration: 0,
      updated_at: t.created_at,
    };
    ops.emit(t.id, 'task_created', asCreated, createdMs);
    ops.emit(
      t.id,
      'task_updated',
      { ...asCreated, status: 'executing', started_at: t.started_at, updated_at: t.started_at },
      startedMs,
    );
    ops.activity(
      t.id,
      { role: 'user', content: { text: t.input.text, files: t.input.files } },
      startedMs,
    );
    if (t.result !== null)
      ops.activity(t.id, { role: 'agent', content: { text: t.result, files: [] } }, endMs);
    ops.emit(t.id, isTerminal(t.status) ? 'task_finished' : 'task_updated', t, endMs);
    store.clearLazyLogs(t.id);
  });
}

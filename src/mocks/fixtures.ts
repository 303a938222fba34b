import {
  activityThreadSchema,
  parseTaskEvent,
  taskSchema,
  type ActivityThread,
  type AgentsListItem,
  type Task,
} from '@/contract';
import {
  sampleActivityThread,
  sampleSseStream,
  sampleTask,
} from '@/contract/fixtures/xpander-samples';
import {
  isoAt,
  makeActivityMessage,
  makeActivityThread,
  makeAgent,
  makeEvent,
  makeTask,
  makeTaskEvent,
  makeToolCallItem,
  type WireTaskEvent,
} from './factories';

/** Ids tests can rely on. The finance ids are those of the API doc's §13 samples. */
export const ids = {
  financeAgent: '5b1f0e2a-9c3d-4f7a-8e21-6d4b3a2c1f00',
  parserAgent: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
  emptyAgent: 'agent-empty',
  /** §13.2 task, finished as §13.5's stream ends; has the §13.4 log and §13.5 events. */
  sampleTask: 'c5f3a1d2-7e41-4b0a-9f3e-0a7d21c4e911',
  /** §13.1's second row: sub-task of sampleTask, triggered by the parser agent. */
  childTask: '0b9e77c4-2f18-4d55-a1c2-3e4f5a6b7c8d',
  /** Executing, events_streaming: its stream replays and then stays open for live events. */
  liveTask: 'task-live',
  pausedTask: 'task-paused',
  pendingTask: 'task-pending',
  failedTask: 'task-failed',
  errorTask: 'task-error',
  stoppedTask: 'task-stopped',
  /** Completed, no activity log (GET activity is 404). */
  noActivityTask: 'task-no-activity',
  user: 'u-8841',
} as const;

export interface Seed {
  agents: AgentsListItem[];
  tasks: Task[];
  activity: ActivityThread[];
  events: Map<string, WireTaskEvent[]>;
}

const dana = {
  id: ids.user,
  email: 'dana@example.com',
  first_name: 'Dana',
  last_name: 'Levi',
  additional_attributes: null,
  timezone: 'Asia/Jerusalem',
};

function sampleEvents(): WireTaskEvent[] {
  return sampleSseStream
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => {
      const event = parseTaskEvent(line.slice('data: '.length));
      if (event.type === 'unknown') throw new Error(`bad sample event: ${event.reason}`);
      return event as WireTaskEvent;
    });
}

export function buildSeed(): Seed {
  const agents = [
    makeAgent({
      id: ids.financeAgent,
      name: 'Finance assistant',
      icon: '💰',
      description: 'Ledger sweeps and finance summaries',
      type: 'manager',
    }),
    makeAgent({ id: ids.parserAgent, name: 'Invoice parser', icon: '🧾', type: 'regular' }),
    makeAgent({ id: ids.emptyAgent, name: 'New agent', icon: '✨', status: 'DRAFT' }),
  ];

  const finishedSample = taskSchema.parse({
    ...sampleTask,
    status: 'completed',
    internal_status: null,
    finished_at: '2026-03-02T09:14:41.902311Z',
    result: 'Found 3 overdue invoices totalling $12,480.',
  });
  const child = makeTask({
    id: ids.childTask,
    agent_id: ids.financeAgent,
    status: 'completed',
    created_at: '2026-03-02T09:14:20.004512Z',
    started_at: '2026-03-02T09:14:21.000000Z',
    finished_at: '2026-03-02T09:14:33.771002Z',
    parent_execution: ids.sampleTask,
    triggering_agent_id: ids.parserAgent,
    source: 'task',
    output_format: 'json',
    result: '{"invoices":["INV-1043","INV-1051","INV-1077"]}',
    input: { text: 'Extract invoice numbers from the ledger rows', files: [], user: null },
  });
  const on = (agentId: string, overrides: Partial<Task>) =>
    makeTask({ agent_id: agentId, ...overrides });
  const live = on(ids.financeAgent, {
    id: ids.liveTask,
    status: 'executing',
    title: 'Weekly cash-flow forecast',
    input: { text: 'Forecast next week’s cash flow', files: [], user: dana },
    created_at: isoAt(600),
    started_at: isoAt(601),
    internal_status: 'collecting invoices',
  });
  const tasks = [
    finishedSample,
    child,
    live,
    on(ids.financeAgent, {
      id: ids.pausedTask,
      status: 'paused',
      title: 'Approve vendor payment',
      created_at: isoAt(300),
      started_at: isoAt(301),
      paused_at: isoAt(320),
      hitl_request: { wait_node_id: 'node-approve' },
    }),
    on(ids.financeAgent, { id: ids.pendingTask, status: 'pending', created_at: isoAt(900) }),
    on(ids.parserAgent, {
      id: ids.failedTask,
      status: 'failed',
      title: 'Parse scanned receipts',
      created_at: isoAt(120),
      started_at: isoAt(121),
      finished_at: isoAt(150),
      result: 'OCR service unavailable',
      input: { text: 'Parse the receipts', files: [], user: dana },
    }),
    on(ids.parserAgent, {
      id: ids.errorTask,
      status: 'error',
      created_at: isoAt(180),
      started_at: isoAt(181),
      finished_at: isoAt(182),
      result: 'KeyError: amount',
    }),
    on(ids.financeAgent, {
      id: ids.stoppedTask,
      status: 'stopped',
      is_manually_stopped: true,
      created_at: isoAt(240),
      started_at: isoAt(241),
      finished_at: isoAt(260),
    }),
    on(ids.financeAgent, {
      id: ids.noActivityTask,
      status: 'completed',
      created_at: isoAt(60),
      started_at: isoAt(61),
      finished_at: isoAt(90),
      result: 'Done.',
      internal_status: 'archived',
    }),
  ];

  const activity = [
    activityThreadSchema.parse(sampleActivityThread),
    makeActivityThread({
      id: ids.childTask,
      messages: [
        makeActivityMessage({ content: { text: 'Extract invoice numbers', files: [] } }),
        makeToolCallItem({ tool_name: 'ledger_rows', payload: null, result: { rows: 3 } }),
        makeActivityMessage({ role: 'agent', content: { text: 'INV-1043, INV-1051, INV-1077' } }),
      ],
    }),
    makeActivityThread({
      id: ids.liveTask,
      user: dana,
      messages: [makeActivityMessage({ content: { text: 'Forecast next week’s cash flow' } })],
    }),
    makeActivityThread({ id: ids.failedTask }),
  ];

  const events = new Map<string, WireTaskEvent[]>();
  events.set(ids.sampleTask, sampleEvents());
  events.set(ids.liveTask, [
    makeTaskEvent('task_created', { ...live, status: 'pending', started_at: null }, isoAt(600)),
    makeTaskEvent('task_updated', live, isoAt(601)),
    makeEvent(
      'think',
      { title: 'Gather invoices', thought: 'Start with receivables.', confidence: 0.7 },
      { task_id: ids.liveTask, time: isoAt(602) },
    ),
    makeEvent('chunk', 'Collecting invoices… ', { task_id: ids.liveTask, time: isoAt(603) }),
  ]);
  return { agents, tasks, activity, events };
}

import { describe, expect, it } from 'vitest';
import type { TasksListItem } from '@/contract';
import { bucketTasks, pickBucketSize } from './task-chart';
import { CSV_HEADERS, exportFilename, tasksToCsv, tasksToJson } from './task-export';
import { countByStatus, createdWindow, filterTaskRows, sortTaskRows } from './task-filtering';
import { toTaskRow, toTaskRows } from './task-rows';
import { clearFilters, hasActiveFilters, taskListSearchSchema, toApiFilters } from './task-search';
import { refreshIntervalFor, splitNewItems } from './use-live-task-list';

const NOW = Date.UTC(2026, 2, 2, 12, 0, 0);
const iso = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();

function item(overrides: Partial<TasksListItem> & { id: string }): TasksListItem {
  return {
    agent_id: 'agent-a',
    organization_id: 'org',
    status: 'completed',
    user_id: null,
    parent_task_id: null,
    triggering_agent_id: null,
    created_at: iso(60),
    updated_at: iso(59),
    source_node_type: 'sdk',
    result: null,
    title: null,
    ...overrides,
  };
}

const items = [
  item({
    id: 't1',
    status: 'completed',
    title: 'Overdue invoice sweep',
    user_id: 'u-1',
    created_at: iso(90),
    updated_at: iso(89),
  }),
  item({
    id: 't2',
    status: 'failed',
    title: 'Parse PDF',
    result: 'Error: bad xref table',
    source_node_type: 'api',
    created_at: iso(30),
    updated_at: iso(25),
  }),
  item({
    id: 't3',
    status: 'executing',
    title: null,
    result: null,
    user_id: 'u-2',
    created_at: iso(5),
    updated_at: iso(1),
  }),
  item({
    id: 't4',
    status: 'error',
    title: 'Zeta',
    internal_status: 'crashed',
    created_at: iso(60 * 30),
  }),
];
const rows = toTaskRows(items, new Map([['agent-a', 'Finance bot']]));

describe('toTaskRow', () => {
  it('derives finished time and duration only for terminal tasks', () => {
    const done = rows[1]!;
    expect(done.finishedAt).toBe(NOW - 25 * 60_000);
    expect(done.durationMs).toBe(5 * 60_000);
    const running = rows[2]!;
    expect(running.finishedAt).toBeNull();
    expect(running.durationMs).toBeNull();
  });
  it('falls back from title to a prompt or result excerpt, and reads extra fields', () => {
    expect(rows[0]!.label).toBe('Overdue invoice sweep');
    const r = toTaskRow(item({ id: 'x', title: '  ', result: 'Line one\n\n  line two' }));
    expect(r.label).toBe('Line one line two');
    expect(r.hasTitle).toBe(false);
    expect(rows[3]!.internalStatus).toBe('crashed');
    expect(rows[0]!.agentName).toBe('Finance bot');
  });
  it('leaves unparseable timestamps empty instead of NaN', () => {
    expect(toTaskRow(item({ id: 'y', created_at: null })).createdAt).toBeNull();
  });
});

describe('filterTaskRows', () => {
  const search = (s: Record<string, unknown>) => taskListSearchSchema.parse(s);
  it('filters by several statuses on the client', () => {
    expect(
      filterTaskRows(rows, search({ status: ['failed', 'error'] }), NOW).map((r) => r.id),
    ).toEqual(['t2', 't4']);
  });
  it('searches id, title and result, case-insensitively, all terms', () => {
    expect(filterTaskRows(rows, search({ q: 'XREF' }), NOW).map((r) => r.id)).toEqual(['t2']);
    expect(filterTaskRows(rows, search({ q: 't3' }), NOW).map((r) => r.id)).toEqual(['t3']);
    expect(filterTaskRows(rows, search({ q: 'parse table' }), NOW).map((r) => r.id)).toEqual([
      't2',
    ]);
    expect(filterTaskRows(rows, search({ q: 'parse nothing' }), NOW)).toEqual([]);
  });
  it('applies relative and absolute created ranges', () => {
    expect(filterTaskRows(rows, search({ range: '1h' }), NOW).map((r) => r.id)).toEqual([
      't2',
      't3',
    ]);
    expect(filterTaskRows(rows, search({ range: '24h' }), NOW)).toHaveLength(3);
    const from = new Date(NOW - 100 * 60_000).toISOString();
    const to = new Date(NOW - 20 * 60_000).toISOString();
    expect(filterTaskRows(rows, search({ from, to }), NOW).map((r) => r.id)).toEqual(['t1', 't2']);
  });
  it('filters source and end user; internal status only where the row has one', () => {
    expect(filterTaskRows(rows, search({ source: 'api' }), NOW).map((r) => r.id)).toEqual(['t2']);
    expect(filterTaskRows(rows, search({ user: 'u-2' }), NOW).map((r) => r.id)).toEqual(['t3']);
    expect(filterTaskRows(rows, search({ internal: 'other' }), NOW).map((r) => r.id)).toEqual([
      't1',
      't2',
      't3',
    ]);
  });
  it('can ignore status for per-status counts', () => {
    const scoped = filterTaskRows(rows, search({ status: ['failed'] }), NOW, {
      ignoreStatus: true,
    });
    expect(countByStatus(scoped)).toMatchObject({
      completed: 1,
      failed: 1,
      executing: 1,
      error: 1,
      pending: 0,
    });
  });
});

describe('sortTaskRows', () => {
  it('sorts by created both ways', () => {
    expect(sortTaskRows(rows, 'created', 'desc', NOW).map((r) => r.id)).toEqual([
      't3',
      't2',
      't1',
      't4',
    ]);
    expect(sortTaskRows(rows, 'created', 'asc', NOW).map((r) => r.id)).toEqual([
      't4',
      't1',
      't2',
      't3',
    ]);
  });
  it('puts empty values last in either direction', () => {
    expect(sortTaskRows(rows, 'user', 'asc', NOW).map((r) => r.id)).toEqual([
      't1',
      't3',
      't2',
      't4',
    ]);
    expect(sortTaskRows(rows, 'user', 'desc', NOW).map((r) => r.id)).toEqual([
      't3',
      't1',
      't2',
      't4',
    ]);
  });
  it('sorts running tasks by their age so far in duration', () => {
    // t3 has run 5 min; t2 took 5 min; t1 1 min; t4 29 h 59 min (updated 59 min ago).
    expect(sortTaskRows(rows, 'duration', 'desc', NOW)[0]!.id).toBe('t4');
  });
  it('sorts status by lifecycle rank and labels alphabetically', () => {
    expect(sortTaskRows(rows, 'status', 'asc', NOW)[0]!.id).toBe('t3');
    expect(sortTaskRows(rows, 'label', 'asc', NOW).map((r) => r.label)[0]).toBe(
      'Overdue invoice sweep',
    );
  });
});

describe('search params', () => {
  it('survive junk from a hand-edited URL', () => {
    const s = taskListSearchSchema.parse({
      status: ['failed', 'bogus'],
      range: '3y',
      user: 42,
      sort: 'nope',
      dir: 'up',
    });
    expect(s).toEqual({
      status: undefined,
      range: undefined,
      user: '42',
      sort: undefined,
      dir: undefined,
      source: undefined,
      internal: undefined,
      parent: undefined,
      trigger: undefined,
      from: undefined,
      to: undefined,
      q: undefined,
    });
  });
  it('send one status to the API, several to the client; user only outside user scope', () => {
    const one = taskListSearchSchema.parse({
      status: ['failed'],
      user: 'u-1',
      internal: 'x',
      parent: 'p',
      trigger: 'g',
    });
    expect(toApiFilters(one, { kind: 'all' })).toEqual({
      status: 'failed',
      user_id: 'u-1',
      internal_status: 'x',
      parent_task_id: 'p',
      triggering_agent_id: 'g',
    });
    const two = taskListSearchSchema.parse({ status: ['failed', 'error'], user: 'u-1' });
    expect(toApiFilters(two, { kind: 'user', userId: 'u-1' })).toEqual({});
  });
  it('know when filters are active and clear them but keep the sort', () => {
    const s = taskListSearchSchema.parse({ q: 'x', sort: 'created', dir: 'asc' });
    expect(hasActiveFilters(s)).toBe(true);
    expect(clearFilters(s)).toEqual({ sort: 'created', dir: 'asc' });
    expect(hasActiveFilters(clearFilters(s))).toBe(false);
  });
  it('compute the created window', () => {
    expect(createdWindow(taskListSearchSchema.parse({ range: '7d' }), NOW)).toEqual({
      from: NOW - 7 * 86_400_000,
      to: null,
    });
  });
});

describe('bucketTasks', () => {
  it('picks readable bucket widths', () => {
    expect(pickBucketSize(60 * 60_000, 48)).toBe(5 * 60_000);
    expect(pickBucketSize(24 * 3_600_000, 48)).toBe(30 * 60_000);
    expect(pickBucketSize(14 * 86_400_000, 48)).toBe(12 * 3_600_000);
  });
  it('counts every row in the window exactly once, by status', () => {
    const buckets = bucketTasks(rows, { from: NOW - 3_600_000, to: NOW });
    expect(buckets.reduce((n, b) => n + b.total, 0)).toBe(2);
    expect(buckets.reduce((n, b) => n + b.counts.failed, 0)).toBe(1);
    expect(buckets.reduce((n, b) => n + b.counts.executing, 0)).toBe(1);
    for (const b of buckets) expect(b.end - b.start).toBe(5 * 60_000);
    expect(buckets[0]!.start % (5 * 60_000)).toBe(0);
  });
  it('starts at the oldest task when the window is open, and is empty without tasks', () => {
    const buckets = bucketTasks(rows, { from: null, to: NOW });
    expect(buckets.reduce((n, b) => n + b.total, 0)).toBe(4);
    expect(bucketTasks([], { from: null, to: NOW })).toEqual([]);
  });
});

describe('export', () => {
  it('writes CSV with a header and one line per row in view order', () => {
    const csv = tasksToCsv([rows[1]!, rows[0]!]);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(CSV_HEADERS.join(','));
    expect(lines[1]).toContain('t2,failed,Parse PDF,agent-a,Finance bot');
    expect(lines[1]).toContain('Error: bad xref table');
    expect(lines[2]!.startsWith('t1,completed,Overdue invoice sweep')).toBe(true);
  });
  it('writes JSON as the raw list items', () => {
    expect(JSON.parse(tasksToJson([rows[0]!]))).toEqual([items[0]]);
  });
  it('names files after the scope and time', () => {
    expect(exportFilename('agent-Finance Bot', 'csv', new Date(NOW))).toBe(
      'agent-finance-bot-2026-03-02-12-00-00.csv',
    );
  });
});

describe('live list helpers', () => {
  it('polls fast while something runs, slow otherwise, never when paused or hidden', () => {
    expect(refreshIntervalFor(items, 'auto', false, true)).toBe(3000);
    expect(refreshIntervalFor([items[0]!], 'auto', false, true)).toBe(15000);
    expect(refreshIntervalFor(items, 30, false, true)).toBe(30000);
    expect(refreshIntervalFor(items, 'auto', true, true)).toBe(false);
    expect(refreshIntervalFor(items, 'auto', false, false)).toBe(false);
  });
  it('holds back rows not seen before', () => {
    const { shown, fresh } = splitNewItems(items, new Set(['t1', 't2']));
    expect(shown.map((i) => i.id)).toEqual(['t1', 't2']);
    expect(fresh.map((i) => i.id)).toEqual(['t3', 't4']);
    expect(splitNewItems(items, null).fresh).toEqual([]);
  });
});

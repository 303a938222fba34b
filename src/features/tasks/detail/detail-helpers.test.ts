import { describe, expect, it } from 'vitest';
import { classifyActivityItem, taskSchema } from '@/contract';
import { sampleActivityThread, sampleTask } from '@/contract/fixtures/xpander-samples';
import { entrySearchText, searchEntries } from './activity-text';
import { copyForTicket } from './copy-for-ticket';
import { LARGE_VALUE_BYTES, measureJson, previewJson } from './json-preview';
import { redactTask } from './redact-task';
import { summarizeActivity } from './summarize-activity';

const task = taskSchema.parse({
  ...sampleTask,
  status: 'completed',
  finished_at: '2026-03-02T09:14:41.902311Z',
  result: 'Found 3.',
});
const items = sampleActivityThread.messages.map(classifyActivityItem);

describe('measureJson / previewJson', () => {
  it('stops measuring once past the limit', () => {
    const big = { a: 'x'.repeat(LARGE_VALUE_BYTES * 4) };
    expect(measureJson(big)).toBeGreaterThan(LARGE_VALUE_BYTES);
    expect(measureJson({ a: 1, b: [1, 2, 3] })).toBeLessThan(100);
  });

  it('bounds the preview and says it was cut', () => {
    const preview = previewJson({ rows: Array.from({ length: 10_000 }, (_, i) => ({ i })) }, 2_000);
    expect(preview.truncated).toBe(true);
    expect(preview.text.length).toBeLessThan(2_100);
    expect(previewJson({ a: [1, 'two'] })).toEqual({
      text: '{\n  "a": [\n    1,\n    "two"\n  ]\n}',
      truncated: false,
    });
  });

  it('cuts one long string instead of copying it', () => {
    const preview = previewJson({ s: 'y'.repeat(100_000) });
    expect(preview.truncated).toBe(true);
    expect(preview.text).toMatch(/\+99,000 chars/);
  });
});

describe('summarizeActivity', () => {
  it('finds the request, the answer, the first failure and the time per phase', () => {
    const s = summarizeActivity(items, task);
    expect(s.request).toBe('Find overdue invoices and post a summary to #finance');
    expect(s.finalAnswer).toMatch(/^Found 3 overdue invoices totalling \$12,480/);
    expect(s.firstFailure).toMatchObject({
      entryId: 't-002',
      title: 'Tool slack_post_message failed',
      detail: 'channel_not_found',
    });
    expect(s.counts).toEqual({ messages: 2, toolCalls: 2, errors: 1, reasoning: 2, subAgents: 1 });
    const total = s.phases.reduce((n, p) => n + p.ms, 0);
    // From the task's start to the last entry, every millisecond charged to exactly one phase.
    expect(total).toBe(
      Date.parse('2026-03-02T09:14:41.800Z') - Date.parse('2026-03-02T09:14:06.002Z'),
    );
    expect(s.phases.map((p) => p.phase).slice(0, 2)).toEqual(['Reasoning', 'Sign-in']);
  });

  it('falls back to the task record without a log', () => {
    const failed = { ...task, status: 'failed' as const, result: 'OCR down' };
    expect(summarizeActivity([], failed)).toMatchObject({
      request: task.input.text,
      finalAnswer: 'OCR down',
      firstFailure: { entryId: null, title: 'Task failed' },
    });
  });
});

describe('activity search', () => {
  it('matches every word, in messages and tool payloads', () => {
    const texts = items.map(entrySearchText);
    expect(searchEntries(texts, 'INV-1051').map((i) => items[i]?.id)).toEqual(['t-002']);
    expect(searchEntries(texts, 'overdue FINANCE').map((i) => items[i]?.id)).toEqual([
      'm-001',
      't-002',
      'm-002',
    ]);
    expect(searchEntries(texts, '   ')).toEqual([]);
  });
});

describe('copyForTicket', () => {
  it('writes the task and the selected entry as Markdown, fences untrusted text safely', () => {
    const entry = items.find((e) => e.id === 't-002')!;
    const text = copyForTicket({
      task,
      taskUrl: 'https://console/tasks/T',
      summary: summarizeActivity(items, task),
      entry,
      entryUrl: 'https://console/tasks/T?entry=t-002',
    });
    expect(text).toContain('**Task:** Overdue invoice sweep');
    expect(text).toContain('**Status:** completed');
    expect(text).toContain('**First failure:** Tool slack_post_message failed');
    expect(text).toContain('**Selected entry:** Tool call slack_post_message (error)');
    expect(text).toContain('**Entry link:** https://console/tasks/T?entry=t-002');
    const evil = copyForTicket({
      task: { ...task, result: 'a ``` b' },
      taskUrl: 'u',
      entry: classifyActivityItem({
        id: 'x',
        created_at: '2026-03-02T09:14:05Z',
        tool_name: 't',
        payload: '```',
        result: null,
      }),
    });
    expect(evil).toContain('````\n```\n````');
  });
});

describe('redactTask', () => {
  it('hides the secrets the API doc names', () => {
    const t = taskSchema.parse({
      ...sampleTask,
      user_oidc_token: 'tok',
      user_tokens: { a: 'b' },
      mcp_servers: [
        { name: 's', api_key: 'k', client_secret: 'c', headers: { h: 'v' }, env_vars: { e: 'v' } },
      ],
    });
    const r = JSON.stringify(redactTask(t));
    for (const secret of ['"tok"', '"k"', '"c"', '"h"', '"e"', '"a":"b"'])
      expect(r).not.toContain(secret);
  });
});

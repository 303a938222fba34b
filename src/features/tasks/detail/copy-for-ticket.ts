import type { ActivityItem, Task } from '@/contract';
import { entryTitle } from './activity-text';
import { previewJson } from './json-preview';
import type { ActivitySummary } from './summarize-activity';

const MAX_BLOCK = 1_500;

function clip(text: string, max = MAX_BLOCK): string {
  return text.length > max
    ? `${text.slice(0, max)}\n… (${(text.length - max).toLocaleString()} more characters)`
    : text;
}

function quote(text: string): string {
  return clip(text)
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

function fence(value: unknown): string {
  const text = typeof value === 'string' ? clip(value) : previewJson(value, MAX_BLOCK).text;
  // A fence longer than any run of backticks inside, so untrusted text cannot close it.
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}\n${text}\n${ticks}`;
}

function entryBody(entry: ActivityItem): string {
  switch (entry.kind) {
    case 'message':
      return quote(entry.item.content.text ?? '');
    case 'tool_call': {
      const lines = [
        'Arguments:',
        fence(entry.item.payload),
        entry.item.is_error ? 'Result (error):' : 'Result:',
        fence(entry.item.result),
      ];
      return lines.join('\n');
    }
    case 'reasoning':
      return quote(
        [entry.item.thought, entry.item.action, entry.item.analysis, entry.item.result]
          .filter(Boolean)
          .join('\n'),
      );
    case 'sub_agent_trigger':
      return quote(entry.item.query ?? '');
    case 'auth':
      return fence(entry.item.data);
    default:
      return fence(entry.raw);
  }
}

export interface TicketInput {
  task: Task;
  /** Absolute URL of the task page. */
  taskUrl: string;
  summary?: ActivitySummary | null;
  entry?: ActivityItem | null;
  /** Absolute URL of the entry's own link. */
  entryUrl?: string | null;
}

/** A Markdown summary of the task (and one entry) to paste into a support ticket. */
export function copyForTicket({ task, taskUrl, summary, entry, entryUrl }: TicketInput): string {
  const title = task.title || task.input.text?.split('\n')[0] || 'Untitled task';
  const lines = [
    `**Task:** ${clip(title, 200)}`,
    `**Status:** ${task.status ?? 'pending'}${task.internal_status ? ` (${task.internal_status})` : ''}`,
    `**Task id:** \`${task.id}\``,
    `**Agent id:** \`${task.agent_id}\``,
  ];
  if (task.input.user?.email) lines.push(`**End user:** ${task.input.user.email}`);
  lines.push(`**Created:** ${task.created_at}`);
  if (task.finished_at) lines.push(`**Finished:** ${task.finished_at}`);
  lines.push(`**Link:** ${taskUrl}`, '');
  const request = summary?.request ?? task.input.text;
  if (request) lines.push('**Request**', quote(request), '');
  const answer = summary?.finalAnswer ?? task.result;
  if (answer) lines.push('**Answer**', quote(answer), '');
  if (summary?.firstFailure) {
    lines.push(`**First failure:** ${summary.firstFailure.title}`);
    if (summary.firstFailure.detail) lines.push(fence(summary.firstFailure.detail));
    lines.push('');
  }
  if (entry) {
    lines.push(`**Selected entry:** ${entryTitle(entry)} at ${entry.createdAt ?? 'unknown time'}`);
    if (entryUrl) lines.push(`**Entry link:** ${entryUrl}`);
    lines.push(entryBody(entry), '');
  }
  return `${lines.join('\n').trim()}\n`;
}

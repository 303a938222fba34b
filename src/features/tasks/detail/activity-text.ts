import type { ActivityItem } from '@/contract';
import { previewJson } from './json-preview';

// Search reads at most this much of each entry: enough for any payload a person would search
// by, and a 5 MB tool result cannot make a keystroke slow.
const SEARCH_CHARS_PER_VALUE = 20_000;

function bounded(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.slice(0, SEARCH_CHARS_PER_VALUE);
  return previewJson(value, SEARCH_CHARS_PER_VALUE).text;
}

export const KIND_LABEL: Record<ActivityItem['kind'], string> = {
  message: 'Message',
  tool_call: 'Tool call',
  reasoning: 'Reasoning',
  sub_agent_trigger: 'Sub-agent',
  auth: 'Sign-in',
  unknown: 'Unknown',
};

/** A one-line title for an entry: lists, copy-for-ticket and screen-reader labels use it. */
export function entryTitle(entry: ActivityItem): string {
  switch (entry.kind) {
    case 'message':
      return entry.item.role === 'user' ? 'User message' : 'Agent message';
    case 'tool_call':
      return `Tool call ${entry.item.tool_name}${entry.item.is_error ? ' (error)' : ''}`;
    case 'reasoning':
      return `${entry.item.type === 'think' ? 'Think' : 'Analyze'}: ${entry.item.title}`;
    case 'sub_agent_trigger':
      return `Sub-agent ${entry.item.agent_id}`;
    case 'auth':
      return `Sign-in: ${entry.item.type.replace('_', ' ')}`;
    default:
      return 'Unknown entry';
  }
}

/** Lower-case text an entry is found by. */
export function entrySearchText(entry: ActivityItem): string {
  const parts: string[] = [KIND_LABEL[entry.kind], entryTitle(entry)];
  switch (entry.kind) {
    case 'message':
      parts.push(bounded(entry.item.content.text), ...(entry.item.content.files ?? []));
      break;
    case 'tool_call':
      parts.push(
        bounded(entry.item.payload),
        bounded(entry.item.result),
        entry.item.reasoning?.title ?? '',
        entry.item.reasoning?.description ?? '',
      );
      break;
    case 'reasoning':
      parts.push(
        entry.item.thought ?? '',
        entry.item.action ?? '',
        entry.item.result ?? '',
        entry.item.analysis ?? '',
      );
      break;
    case 'sub_agent_trigger':
      parts.push(
        entry.item.query ?? '',
        entry.item.reasoning.title ?? '',
        entry.item.reasoning.description ?? '',
      );
      break;
    case 'auth':
      parts.push(bounded(entry.item.data));
      break;
    default:
      parts.push(bounded(entry.raw));
  }
  return parts.join('\n').toLowerCase();
}

/** Indexes of the entries matching every word of the query (case-insensitive). */
export function searchEntries(texts: readonly string[], query: string): number[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [];
  const hits: number[] = [];
  texts.forEach((text, i) => {
    if (words.every((w) => text.includes(w))) hits.push(i);
  });
  return hits;
}

import {
  isTerminalStatus,
  tryParseTimestamp,
  type TaskStatus,
  type TasksListItem,
} from '@/contract';

/** A list item with the derived values the table sorts, filters and shows. Built once per fetch. */
export interface TaskRow {
  id: string;
  item: TasksListItem;
  status: TaskStatus;
  terminal: boolean;
  /** The title, or failing that a one-line excerpt of the prompt or result. */
  label: string;
  hasTitle: boolean;
  agentId: string;
  agentName: string | null;
  userId: string | null;
  source: string | null;
  internalStatus: string | null;
  parentTaskId: string | null;
  triggeringAgentId: string | null;
  createdAt: number | null;
  updatedAt: number | null;
  /** `updated_at` once the task is terminal: the list item has no `finished_at`. */
  finishedAt: number | null;
  /** Finished minus created; null while running (the cell shows it live). */
  durationMs: number | null;
  /** Lower-cased haystack for the free-text search: id, title, prompt, result. */
  searchText: string;
}

const EXCERPT = 140;

function toMs(value: string | null | undefined): number | null {
  return value ? tryParseTimestamp(value) : null;
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > EXCERPT ? `${line.slice(0, EXCERPT - 1)}…` : line;
}

function stringField(item: TasksListItem, key: string): string | null {
  const v = (item as Record<string, unknown>)[key];
  return typeof v === 'string' && v !== '' ? v : null;
}

/** The prompt is not part of the list item; some platforms add `input.text` anyway. */
function promptOf(item: TasksListItem): string | null {
  const input = (item as Record<string, unknown>).input;
  if (
    input &&
    typeof input === 'object' &&
    typeof (input as { text?: unknown }).text === 'string'
  ) {
    return (input as { text: string }).text || null;
  }
  return stringField(item, 'prompt');
}

export function toTaskRow(item: TasksListItem, agentNames?: ReadonlyMap<string, string>): TaskRow {
  const createdAt = toMs(item.created_at);
  const updatedAt = toMs(item.updated_at);
  const terminal = isTerminalStatus(item.status);
  const finishedAt = terminal ? (updatedAt ?? null) : null;
  const prompt = promptOf(item);
  const title = item.title?.trim() || null;
  const label = title ?? excerpt(prompt ?? item.result ?? '') ?? '';
  return {
    id: item.id,
    item,
    status: item.status,
    terminal,
    label,
    hasTitle: title !== null,
    agentId: item.agent_id,
    agentName: agentNames?.get(item.agent_id) ?? null,
    userId: item.user_id ?? null,
    source: item.source_node_type ?? null,
    internalStatus: stringField(item, 'internal_status'),
    parentTaskId: item.parent_task_id ?? null,
    triggeringAgentId: item.triggering_agent_id ?? null,
    createdAt,
    updatedAt,
    finishedAt,
    durationMs:
      finishedAt !== null && createdAt !== null ? Math.max(0, finishedAt - createdAt) : null,
    searchText: [item.id, title, prompt, item.result].filter(Boolean).join('\n').toLowerCase(),
  };
}

export function toTaskRows(
  items: readonly TasksListItem[],
  agentNames?: ReadonlyMap<string, string>,
): TaskRow[] {
  return items.map((item) => toTaskRow(item, agentNames));
}

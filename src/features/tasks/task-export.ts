import { toCsv } from '@/lib/csv';
import type { TaskRow } from './task-rows';

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

export const CSV_HEADERS = [
  'id',
  'status',
  'title',
  'agent_id',
  'agent_name',
  'user_id',
  'source',
  'internal_status',
  'parent_task_id',
  'triggering_agent_id',
  'created_at',
  'updated_at',
  'duration_ms',
  'result',
] as const;

/** The rows in view, in view order, as CSV (UTC ISO times, raw result text). */
export function tasksToCsv(rows: readonly TaskRow[]): string {
  return toCsv(
    CSV_HEADERS,
    rows.map((r) => [
      r.id,
      r.status,
      r.item.title ?? '',
      r.agentId,
      r.agentName ?? '',
      r.userId ?? '',
      r.source ?? '',
      r.internalStatus ?? '',
      r.parentTaskId ?? '',
      r.triggeringAgentId ?? '',
      iso(r.createdAt),
      iso(r.updatedAt),
      r.durationMs ?? '',
      r.item.result ?? '',
    ]),
  );
}

/** The list items in view exactly as the API sent them. */
export function tasksToJson(rows: readonly TaskRow[]): string {
  return `${JSON.stringify(
    rows.map((r) => r.item),
    null,
    2,
  )}\n`;
}

export function exportFilename(scopeLabel: string, ext: 'csv' | 'json', now = new Date()): string {
  const slug =
    scopeLabel
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'tasks';
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return `${slug}-${stamp}.${ext}`;
}

import type { TaskEvent } from '@/contract';
import { previewJson } from '../detail/json-preview';

function oneLine(value: unknown, max = 140): string {
  const text =
    typeof value === 'string' ? value.slice(0, max * 2) : previewJson(value, max * 2).text;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The label of an event's type; an unknown one names its wire type. */
export function eventTypeLabel(event: TaskEvent): string {
  return event.type === 'unknown' ? `unknown: ${event.rawType || '(no type)'}` : event.type;
}

/** A bounded one-line summary of an event for the live list. */
export function describeEvent(event: TaskEvent): string {
  switch (event.type) {
    case 'task_created':
    case 'task_updated':
    case 'task_finished':
      return `status ${event.data.status ?? 'pending'}${event.data.internal_status ? ` · ${event.data.internal_status}` : ''}`;
    case 'chunk':
      return oneLine(JSON.stringify(event.data));
    case 'tool_call_request':
      return `${event.data.tool_name ?? event.data.operation_id} ${oneLine(event.data.payload)}`;
    case 'tool_call_result':
      return `${event.data.tool_name ?? event.data.operation_id}${event.data.is_error ? ' failed' : ''} → ${oneLine(event.data.result)}`;
    case 'think':
    case 'analyze':
      return [event.data.title, event.type === 'think' ? event.data.thought : event.data.analysis]
        .filter(Boolean)
        .join(' — ');
    case 'auth_event': {
      const data = event.data.data as { server_name?: string; message?: string };
      return `${event.data.type}${data.server_name ? ` · ${data.server_name}` : ''}${data.message ? ` · ${data.message}` : ''}`;
    }
    case 'sub_agent_trigger':
      return `${event.data.agent_id ?? 'agent'}${event.data.query ? ` · ${oneLine(event.data.query)}` : ''}`;
    case 'plan_updated': {
      const steps = event.data.tasks ?? [];
      return `${steps.filter((s) => s.completed).length}/${steps.length} plan steps done`;
    }
    case 'task_compactization':
      return event.data.type;
    case 'unknown':
      return `${event.reason} · ${oneLine(event.raw)}`;
  }
}

export function eventTime(event: TaskEvent): string | null {
  if (event.type !== 'unknown') return event.time;
  const raw = event.raw as { time?: unknown } | null;
  return raw && typeof raw === 'object' && typeof raw.time === 'string' ? raw.time : null;
}

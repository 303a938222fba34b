import { tryParseTimestamp, type ActivityItem, type Task } from '@/contract';

export type Phase =
  'Reasoning' | 'Tool calls' | 'Sub-agents' | 'Sign-in' | 'Writing messages' | 'Other';

export interface PhaseTime {
  phase: Phase;
  ms: number;
  count: number;
}

export interface FailingStep {
  /** Activity entry id, for a link; null when the failure is only on the task record. */
  entryId: string | null;
  title: string;
  detail: string;
}

export interface ActivitySummary {
  request: string | null;
  finalAnswer: string | null;
  firstFailure: FailingStep | null;
  phases: PhaseTime[];
  /** First entry to the task's end (or the last entry). */
  totalMs: number | null;
  counts: {
    messages: number;
    toolCalls: number;
    errors: number;
    reasoning: number;
    subAgents: number;
  };
}

function phaseOf(item: ActivityItem): Phase {
  switch (item.kind) {
    case 'reasoning':
      return 'Reasoning';
    case 'tool_call':
      return 'Tool calls';
    case 'sub_agent_trigger':
      return 'Sub-agents';
    case 'auth':
      return 'Sign-in';
    case 'message':
      return 'Writing messages';
    default:
      return 'Other';
  }
}

function short(value: unknown, max = 240): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  // Only the head is ever shown; never copy a multi-megabyte result around.
  text = text.slice(0, max + 1);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

const time = (iso: string | null | undefined) => (iso ? tryParseTimestamp(iso) : null);

/**
 * "What happened", built deterministically from the activity log: the request, the final
 * answer, the first failing step, and where the time went. Time between two entries is
 * charged to the later one (the entry is what that time produced).
 */
export function summarizeActivity(
  items: readonly ActivityItem[],
  task: Task | undefined,
): ActivitySummary {
  const counts = { messages: 0, toolCalls: 0, errors: 0, reasoning: 0, subAgents: 0 };
  let request: string | null = null;
  let finalAnswer: string | null = null;
  let firstFailure: FailingStep | null = null;
  const phases = new Map<Phase, PhaseTime>();
  let previous: number | null = time(task?.started_at) ?? null;
  let first: number | null = null;
  let last: number | null = null;

  for (const item of items) {
    switch (item.kind) {
      case 'message': {
        counts.messages++;
        const text = item.item.content.text ?? '';
        if (item.item.role === 'user' && request === null && text) request = text;
        if (item.item.role === 'agent' && text) finalAnswer = text;
        break;
      }
      case 'tool_call':
        counts.toolCalls++;
        if (item.item.is_error) {
          counts.errors++;
          firstFailure ??= {
            entryId: item.id,
            title: `Tool ${item.item.tool_name} failed`,
            detail: short(item.item.result),
          };
        }
        break;
      case 'auth':
        if (item.item.type === 'token_issue' || item.item.type === 'not_supported') {
          counts.errors++;
          const data = item.item.data as { message?: string };
          firstFailure ??= {
            entryId: item.id,
            title: `Sign-in problem (${item.item.type})`,
            detail: data.message ?? '',
          };
        }
        break;
      case 'reasoning':
        counts.reasoning++;
        break;
      case 'sub_agent_trigger':
        counts.subAgents++;
        break;
      default:
        break;
    }
    const at = time(item.createdAt);
    if (at === null) continue;
    first ??= at;
    last = at;
    const phase = phaseOf(item);
    const entry = phases.get(phase) ?? { phase, ms: 0, count: 0 };
    entry.count++;
    if (previous !== null && at >= previous) entry.ms += at - previous;
    phases.set(phase, entry);
    previous = previous === null ? at : Math.max(previous, at);
  }

  if (!firstFailure && task && (task.status === 'failed' || task.status === 'error')) {
    firstFailure = {
      entryId: null,
      title: `Task ${task.status}`,
      detail: short(task.result ?? task.internal_status ?? ''),
    };
  }
  finalAnswer ??= task?.result ?? null;
  request ??= task?.input.text ?? null;

  const end = time(task?.finished_at) ?? last;
  const start = time(task?.started_at) ?? first;
  const totalMs = start !== null && end !== null && end >= start ? end - start : null;

  return {
    request,
    finalAnswer,
    firstFailure,
    phases: [...phases.values()].filter((p) => p.count > 0).sort((a, b) => b.ms - a.ms),
    totalMs,
    counts,
  };
}

import { tryParseTimestamp, type ActivitySubAgentTrigger, type Task } from '@/contract';

/**
 * The child task a sub-agent trigger started, when the task's loaded sub-executions tell:
 * one run by (or triggered from) that agent, created at or after the trigger; the nearest wins.
 */
export function resolveChildTask(
  trigger: ActivitySubAgentTrigger,
  children: readonly Task[],
): Task | null {
  const at = tryParseTimestamp(trigger.created_at) ?? Number.NEGATIVE_INFINITY;
  let best: Task | null = null;
  let bestGap = Number.POSITIVE_INFINITY;
  for (const child of children) {
    if (child.agent_id !== trigger.agent_id && child.triggering_agent_id !== trigger.agent_id)
      continue;
    const created = tryParseTimestamp(child.created_at) ?? Number.POSITIVE_INFINITY;
    // A second of slack: the trigger item and the child record come from different clocks.
    const gap = created - at;
    if (gap < -1000) continue;
    if (Math.abs(gap) < bestGap) {
      best = child;
      bestGap = Math.abs(gap);
    }
  }
  return best;
}

import { agentsListItemSchema, type AgentsListItem } from '@/contract';
import { request } from './http';
import { lenientArray, reportSkipped } from './lenient-list';

export interface CallOptions {
  signal?: AbortSignal;
}

const agentListSchema = lenientArray(agentsListItemSchema);

/** GET /agents/list. Items that fail the schema are dropped (see getSkippedItems). */
export async function listAgents(options: CallOptions = {}): Promise<AgentsListItem[]> {
  const path = '/agents/list';
  const { items, skipped } = await request({
    path,
    schema: agentListSchema,
    signal: options.signal,
  });
  reportSkipped(items, path, skipped);
  return items;
}

import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, type ReactNode } from 'react';
import { agentQueries } from '@/features/agents/agent-queries';
import { AgentDirectoryProvider } from '@/features/tasks/agent-directory';

/** Plugs the agents feature's list into the tasks feature's agent-name lookup. */
export function AgentDirectoryBridge({ children }: { children: ReactNode }) {
  const agents = useQuery(agentQueries.list());
  const byId = useMemo(() => new Map((agents.data ?? []).map((a) => [a.id, a])), [agents.data]);
  const lookup = useCallback((id: string) => byId.get(id), [byId]);
  return <AgentDirectoryProvider value={lookup}>{children}</AgentDirectoryProvider>;
}

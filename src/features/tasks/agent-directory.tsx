import { createContext, useContext } from 'react';

export interface AgentSummary {
  id: string;
  name: string;
  icon?: string | null;
}

/**
 * How the tasks feature learns agent names without importing the agents feature: the app
 * provides a lookup built from the agents list. Without a provider, ids are shown.
 */
const AgentDirectoryContext = createContext<(agentId: string) => AgentSummary | undefined>(
  () => undefined,
);

export const AgentDirectoryProvider = AgentDirectoryContext.Provider;

export function useAgentSummary(agentId: string | null | undefined): AgentSummary | undefined {
  const lookup = useContext(AgentDirectoryContext);
  return agentId ? lookup(agentId) : undefined;
}

/** An agent's name when the directory knows it, else its id in monospace. */
export function AgentName({ agentId }: { agentId: string }) {
  const agent = useAgentSummary(agentId);
  return agent ? <>{agent.name}</> : <span className="font-mono">{agentId}</span>;
}

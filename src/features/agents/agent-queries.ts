import { queryOptions } from '@tanstack/react-query';
import { listAgents } from '@/api';

/** Keys: ['agents'] everything about agents; ['agents', 'list'] the agent list. */
export const agentQueries = {
  all: () => ['agents'] as const,
  list: () =>
    queryOptions({
      queryKey: ['agents', 'list'] as const,
      queryFn: ({ signal }) => listAgents({ signal }),
      // Agents change rarely; the task list polls, the agent list need not.
      staleTime: 60_000,
    }),
};

import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Bot } from 'lucide-react';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { IdChip } from '@/components/ui/id-chip';
import { RelativeTime } from '@/components/ui/relative-time';
import { Skeleton } from '@/components/ui/skeleton';
import { tryParseTimestamp } from '@/contract';
import { agentQueries } from './agent-queries';
import { AgentAvatar, AgentStatusText } from './agent-avatar';

/** Every agent, each linking to its task list. */
export function AgentsScreen() {
  const agents = useQuery(agentQueries.list());
  return (
    <section aria-labelledby="agents-heading" className="flex min-h-0 flex-1 flex-col">
      <header className="border-b border-border px-4 py-2.5">
        <h1 id="agents-heading" className="text-[15px] font-semibold">
          Tasks by agent
        </h1>
      </header>
      <div className="min-h-0 flex-1 overflow-auto">
        {agents.isPending ? (
          <div role="status" aria-label="Loading agents" className="flex flex-col gap-2 p-4">
            {Array.from({ length: 6 }, (_, i) => (
              <Skeleton key={i} className="h-10 w-full" />
            ))}
          </div>
        ) : agents.isError ? (
          <ErrorPanel
            error={agents.error}
            title="Could not load agents"
            onRetry={() => void agents.refetch()}
          />
        ) : agents.data.length === 0 ? (
          <EmptyState
            icon={<Bot className="h-6 w-6" aria-hidden />}
            title="No agents"
            description="No agent is visible to this console yet."
          />
        ) : (
          <ul aria-label="Agents" className="divide-y divide-border">
            {[...agents.data]
              .sort((a, b) => a.name.localeCompare(b.name))
              .map((a) => (
                <li key={a.id} className="flex items-center gap-3 px-4 py-2.5 hover:bg-row-hover">
                  <AgentAvatar agent={a} className="h-7 w-7 text-base" />
                  <div className="flex min-w-0 flex-1 flex-col">
                    <Link
                      to="/agents/$agentId/tasks"
                      params={{ agentId: a.id }}
                      className="truncate font-medium text-fg hover:underline"
                    >
                      {a.name}
                    </Link>
                    {a.description && (
                      <span className="truncate text-xs text-muted">{a.description}</span>
                    )}
                  </div>
                  <AgentStatusText status={a.status} />
                  <span className="w-24 text-xs text-muted">{a.type ?? '–'}</span>
                  <IdChip id={a.id} kind="agent id" />
                  <RelativeTime
                    time={tryParseTimestamp(a.created_at)}
                    className="w-24 text-right text-xs text-muted"
                  />
                </li>
              ))}
          </ul>
        )}
      </div>
    </section>
  );
}

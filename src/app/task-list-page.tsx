import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { agentQueries } from '@/features/agents/agent-queries';
import { AgentPicker } from '@/features/agents/agent-picker';
import { IdChip } from '@/components/ui/id-chip';
import { TaskListScreen } from '@/features/tasks/task-list-screen';
import type { TaskListSearch, TaskScope } from '@/features/tasks/task-search';

interface TaskListPageProps {
  scope: TaskScope;
  search: TaskListSearch;
  onSearchChange: (next: TaskListSearch, options?: { replace?: boolean }) => void;
}

/** Composes the agents feature (names, picker) into the task list; features never import each other. */
export function TaskListPage({ scope, search, onSearchChange }: TaskListPageProps) {
  const agents = useQuery(agentQueries.list());
  const navigate = useNavigate();
  const agent =
    scope.kind === 'agent' ? agents.data?.find((a) => a.id === scope.agentId) : undefined;
  const heading =
    scope.kind === 'all' ? (
      'All tasks'
    ) : scope.kind === 'agent' ? (
      <span className="inline-flex items-center gap-2">
        Tasks of {agent?.name ?? <IdChip id={scope.agentId} kind="agent id" />}
      </span>
    ) : (
      <span className="inline-flex items-center gap-2">
        Tasks of end user <span className="font-mono text-[14px]">{scope.userId}</span>
      </span>
    );
  return (
    <TaskListScreen
      key={
        scope.kind === 'all'
          ? 'all'
          : scope.kind === 'agent'
            ? `a:${scope.agentId}`
            : `u:${scope.userId}`
      }
      scope={scope}
      search={search}
      onSearchChange={onSearchChange}
      agents={agents.data}
      heading={heading}
      toolbar={
        scope.kind === 'user' ? null : (
          <AgentPicker
            agents={agents.data ?? []}
            loading={agents.isPending}
            value={scope.kind === 'agent' ? scope.agentId : null}
            onChange={(agentId) =>
              agentId
                ? void navigate({ to: '/agents/$agentId/tasks', params: { agentId }, search })
                : void navigate({ to: '/tasks', search })
            }
          />
        )
      }
    />
  );
}

import { createRoute } from '@tanstack/react-router';
import { useMemo } from 'react';
import { AgentsScreen } from '@/features/agents/agents-screen';
import { taskListSearchSchema } from '@/features/tasks/task-search';
import { rootRoute } from '../root-route';
import { TaskListPage } from '../task-list-page';

export const agentsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/agents',
  component: AgentsScreen,
});

export const agentTasksRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/agents/$agentId/tasks',
  validateSearch: taskListSearchSchema,
  component: function AgentTasksRoute() {
    const { agentId } = agentTasksRoute.useParams();
    const search = agentTasksRoute.useSearch();
    const navigate = agentTasksRoute.useNavigate();
    const scope = useMemo(() => ({ kind: 'agent' as const, agentId }), [agentId]);
    return (
      <TaskListPage
        scope={scope}
        search={search}
        onSearchChange={(next, o) => void navigate({ search: next, replace: o?.replace })}
      />
    );
  },
});

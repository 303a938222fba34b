import type { QueryClient } from '@tanstack/react-query';
import { createRouter, type RouterHistory } from '@tanstack/react-router';
import { NotFoundScreen } from './not-found-screen';
import { rootRoute } from './root-route';
import { agentsRoute, agentTasksRoute } from './routes/agent-tasks-route';
import { auditRoute } from './routes/audit-route';
import { taskDetailRoute } from './routes/task-detail-route';
import { indexRoute, tasksRoute } from './routes/tasks-route';
import { userTasksRoute, usersRoute } from './routes/user-tasks-route';

export const routeTree = rootRoute.addChildren([
  indexRoute,
  tasksRoute,
  taskDetailRoute,
  agentsRoute,
  agentTasksRoute,
  usersRoute,
  userTasksRoute,
  auditRoute,
]);

export function createAppRouter(queryClient: QueryClient, history?: RouterHistory) {
  return createRouter({
    routeTree,
    history,
    context: { queryClient },
    defaultNotFoundComponent: NotFoundScreen,
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}

import { createRoute, redirect } from '@tanstack/react-router';
import { taskListSearchSchema } from '@/features/tasks/task-search';
import { rootRoute } from '../root-route';
import { TaskListPage } from '../task-list-page';

export const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  beforeLoad: () => {
    throw redirect({ to: '/tasks', replace: true });
  },
});

const ALL = { kind: 'all' } as const;

export const tasksRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tasks',
  validateSearch: taskListSearchSchema,
  component: function AllTasksRoute() {
    const search = tasksRoute.useSearch();
    const navigate = tasksRoute.useNavigate();
    return (
      <TaskListPage
        scope={ALL}
        search={search}
        onSearchChange={(next, o) => void navigate({ search: next, replace: o?.replace })}
      />
    );
  },
});

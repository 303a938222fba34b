import { createRoute } from '@tanstack/react-router';
import { useEffect, useMemo } from 'react';
import { taskListSearchSchema } from '@/features/tasks/task-search';
import { UserLookupScreen } from '@/features/tasks/user-lookup-screen';
import { usePreferences } from '@/stores/preferences-store';
import { rootRoute } from '../root-route';
import { TaskListPage } from '../task-list-page';

export const usersRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/users',
  component: UserLookupScreen,
});

export const userTasksRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/users/$userId/tasks',
  validateSearch: taskListSearchSchema,
  component: function UserTasksRoute() {
    const { userId } = userTasksRoute.useParams();
    const search = userTasksRoute.useSearch();
    const navigate = userTasksRoute.useNavigate();
    const remember = usePreferences((s) => s.rememberUser);
    useEffect(() => remember(userId), [remember, userId]);
    const scope = useMemo(() => ({ kind: 'user' as const, userId }), [userId]);
    return (
      <TaskListPage
        scope={scope}
        search={search}
        onSearchChange={(next, o) => void navigate({ search: next, replace: o?.replace })}
      />
    );
  },
});

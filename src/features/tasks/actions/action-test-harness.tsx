import { useQuery, QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import {
  createMemoryHistory,
  createRootRoute,
  createRoute,
  createRouter,
  Outlet,
  RouterProvider,
} from '@tanstack/react-router';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Toaster } from 'sonner';
import { createTestQueryClient } from '@/testing/render';
import { StatusBadge } from '../status-display';
import { taskQueries } from '../task-queries';
import { TaskActions } from './task-actions';

/** What the detail header will do: the live detail query's task, its status, and TaskActions. */
function DetailHeaderStandIn({ taskId }: { taskId: string }) {
  const query = useQuery(taskQueries.detail(taskId));
  if (!query.data) return <p>Loading…</p>;
  return (
    <header>
      <h1>{query.data.title ?? query.data.id}</h1>
      <span data-testid="status">
        {query.data.status ? <StatusBadge status={query.data.status} /> : '–'}
      </span>
      <TaskActions task={query.data} />
    </header>
  );
}

/**
 * Test-only: a router with the detail header stand-in at /tasks/$taskId and a Toaster, so
 * actions can navigate (create opens the live view) and toasts can be read.
 */
export function renderTaskHeader(
  taskId: string,
  queryClient: QueryClient = createTestQueryClient(),
) {
  const root = createRootRoute({
    component: () => (
      <>
        <Outlet />
        <Toaster />
      </>
    ),
  });
  const detail = createRoute({
    getParentRoute: () => root,
    path: '/tasks/$taskId',
    component: function Detail() {
      const { taskId: id } = detail.useParams();
      return <DetailHeaderStandIn key={id} taskId={id} />;
    },
  });
  const router = createRouter({
    routeTree: root.addChildren([detail]),
    history: createMemoryHistory({ initialEntries: [`/tasks/${taskId}`] }),
  });
  const user = userEvent.setup();
  const result = render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { ...result, user, queryClient, router, path: () => router.state.location.pathname };
}

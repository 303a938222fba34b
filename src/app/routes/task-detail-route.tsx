import { createRoute } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { Skeleton } from '@/components/ui/skeleton';
import { TaskAuditHistory } from '@/features/audit';
import { taskDetailSearchSchema } from '@/features/tasks/detail/task-detail-search';
import { rootRoute } from '../root-route';

// The detail screen (markdown, JSON viewer, live stream) is the heaviest code; the list loads without it.
const TaskDetailScreen = lazy(() =>
  import('@/features/tasks/detail/task-detail-screen').then((m) => ({
    default: m.TaskDetailScreen,
  })),
);

export const taskDetailRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/tasks/$taskId',
  validateSearch: taskDetailSearchSchema,
  component: function TaskDetailRoute() {
    const { taskId } = taskDetailRoute.useParams();
    return (
      <Suspense
        fallback={
          <div role="status" aria-label="Loading task" className="flex flex-col gap-3 px-4 py-3">
            <Skeleton className="h-4 w-24" />
            <Skeleton className="h-6 w-96 max-w-full" />
          </div>
        }
      >
        <TaskDetailScreen
          key={taskId}
          taskId={taskId}
          renderHistory={(id) => <TaskAuditHistory taskId={id} />}
        />
      </Suspense>
    );
  },
});

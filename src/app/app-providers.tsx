import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { ErrorBoundary } from '@/components/ui/error-boundary';
import { AgentDirectoryBridge } from './agent-directory-bridge';
import type { createAppRouter } from './router';
import { TaskPermissionsBridge } from './task-permissions-bridge';

interface AppProps {
  queryClient: QueryClient;
  router: ReturnType<typeof createAppRouter>;
}

export function App({ queryClient, router }: AppProps) {
  return (
    <ErrorBoundary title="Tasks Console crashed">
      <QueryClientProvider client={queryClient}>
        <AgentDirectoryBridge>
          <TaskPermissionsBridge>
            <RouterProvider router={router} />
          </TaskPermissionsBridge>
        </AgentDirectoryBridge>
      </QueryClientProvider>
    </ErrorBoundary>
  );
}

import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext } from '@tanstack/react-router';
import { AppShell } from './app-shell';
import { NotFoundScreen } from './not-found-screen';
import { RouteErrorScreen } from './route-error-screen';

export interface RouterContext {
  queryClient: QueryClient;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: AppShell,
  notFoundComponent: NotFoundScreen,
  errorComponent: RouteErrorScreen,
});

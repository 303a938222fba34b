import { render, type RenderResult } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory } from '@tanstack/react-router';
import type { ReactElement } from 'react';
import { App } from '@/app/app-providers';
import { createAppRouter } from '@/app/router';
import { resetPreferences } from '@/stores/preferences-store';

/** A QueryClient for tests: no retries (errors show at once), no cache carried between tests. */
export function createTestQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, gcTime: Infinity },
      mutations: { retry: false },
    },
  });
}

export interface RenderAppResult extends RenderResult {
  user: UserEvent;
  router: ReturnType<typeof createAppRouter>;
  queryClient: QueryClient;
  /** Current path plus search string, as the address bar would show it. */
  currentHref: () => string;
}

/** Renders the whole app (router, query client, shell) at `url`, against the msw handlers. */
export function renderApp(
  url = '/tasks',
  options: { queryClient?: QueryClient; keepPreferences?: boolean } = {},
): RenderAppResult {
  if (!options.keepPreferences) {
    localStorage.clear();
    resetPreferences();
  }
  const queryClient = options.queryClient ?? createTestQueryClient();
  const history = createMemoryHistory({ initialEntries: [url] });
  const router = createAppRouter(queryClient, history);
  const user = userEvent.setup();
  const result = render(<App queryClient={queryClient} router={router} />);
  return { ...result, user, router, queryClient, currentHref: () => router.state.location.href };
}

/** Renders one component inside a QueryClientProvider (no router). */
export function renderWithQuery(
  ui: ReactElement,
  queryClient: QueryClient = createTestQueryClient(),
) {
  const user = userEvent.setup();
  return {
    ...render(<QueryClientProvider client={queryClient}>{ui}</QueryClientProvider>),
    user,
    queryClient,
  };
}

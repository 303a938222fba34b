import { Link, Outlet, useRouterState } from '@tanstack/react-router';
import { Bot, ListTodo, ShieldCheck, Users } from 'lucide-react';
import { Toaster } from 'sonner';
import { ErrorBoundary } from '@/components/ui/error-boundary';
import { RequireRole, SessionGate, UserMenu } from '@/features/auth';
import { SavedViewsPanel } from '@/features/tasks/saved-views-panel';
import { useThemeEffect } from '@/hooks/use-theme-effect';
import { usePreferences } from '@/stores/preferences-store';
import { OfflineBanner } from './offline-banner';
import { ThemeSwitch } from './theme-switch';

const navLink =
  'inline-flex h-7 items-center gap-1.5 rounded-md px-2 text-[13px] text-muted hover:bg-surface-2 hover:text-fg data-[status=active]:bg-surface-2 data-[status=active]:text-fg';

export function AppShell() {
  useThemeEffect();
  const theme = usePreferences((s) => s.theme);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  return (
    <div className="flex h-full flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-bg focus:px-2 focus:py-1"
      >
        Skip to content
      </a>
      <header className="flex h-11 shrink-0 items-center gap-4 border-b border-border bg-surface px-4">
        <Link to="/tasks" className="flex items-center gap-2 text-[14px] font-semibold text-fg">
          <span
            aria-hidden
            className="inline-flex h-5 w-5 items-center justify-center rounded bg-accent text-[11px] font-bold text-accent-fg"
          >
            T
          </span>
          Tasks Console
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1">
          <Link
            to="/tasks"
            className={navLink}
            activeOptions={{ exact: true, includeSearch: false }}
          >
            <ListTodo className="h-3.5 w-3.5" aria-hidden />
            All tasks
          </Link>
          <Link to="/agents" className={navLink}>
            <Bot className="h-3.5 w-3.5" aria-hidden />
            By agent
          </Link>
          <Link to="/users" className={navLink}>
            <Users className="h-3.5 w-3.5" aria-hidden />
            By end user
          </Link>
          <RequireRole role="admin">
            <Link to="/audit" className={navLink}>
              <ShieldCheck className="h-3.5 w-3.5" aria-hidden />
              Audit
            </Link>
          </RequireRole>
        </nav>
        <div className="ml-auto flex items-center gap-3">
          <ThemeSwitch />
          <UserMenu />
        </div>
      </header>
      <OfflineBanner />
      <SessionGate>
        <div className="flex min-h-0 flex-1">
          <aside className="hidden w-52 shrink-0 overflow-y-auto border-r border-border bg-surface px-2 pb-4 lg:block">
            <SavedViewsPanel />
          </aside>
          <main id="main" className="flex min-h-0 min-w-0 flex-1 flex-col">
            <ErrorBoundary resetKey={pathname}>
              <Outlet />
            </ErrorBoundary>
          </main>
        </div>
      </SessionGate>
      <Toaster theme={theme} position="bottom-right" richColors closeButton />
    </div>
  );
}

import type { ReactNode } from 'react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { Skeleton } from '@/components/ui/skeleton';
import { LoginScreen } from './login-screen';
import { useSession } from './session-queries';

/** Wraps the shell: shows sign-in until there is a session, then the children. */
export function SessionGate({ children }: { children: ReactNode }) {
  const { session, isLoading, error, refetch } = useSession();
  if (isLoading)
    return (
      <div className="p-6" aria-busy="true" aria-label="Checking your session">
        <Skeleton className="h-8 w-64" />
      </div>
    );
  if (error)
    return (
      <ErrorPanel
        error={error}
        title="Could not check your session"
        onRetry={() => void refetch()}
      />
    );
  if (!session?.authenticated) return <LoginScreen session={session} />;
  return <>{children}</>;
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { LockKeyhole } from 'lucide-react';
import { type FormEvent, useId, useState } from 'react';
import { isApiError } from '@/api';
import { Button } from '@/components/ui/button';
import { login, sessionQueries } from './session-queries';
import { gatewayErrorSchema, type SessionState } from './session-schema';

function loginErrorText(error: unknown): string {
  if (isApiError(error) && error.kind === 'http') {
    let body: { reason: string; detail: string; retry_after_seconds?: number } | null = null;
    try {
      const parsed = gatewayErrorSchema.safeParse(JSON.parse(error.bodyText ?? ''));
      if (parsed.success) body = parsed.data;
    } catch {
      // Not the gateway's JSON: fall back to the status.
    }
    if (body?.reason === 'invalid_credentials') return 'Wrong username or password.';
    if (body?.reason === 'locked_out') return body.detail;
    if (body?.reason === 'cross_site_request')
      return 'Open the console from its own address to sign in.';
    if (body) return body.detail;
  }
  if (isApiError(error) && error.kind === 'network')
    return 'The console cannot be reached. Try again.';
  return 'Sign-in failed. Try again.';
}

interface LoginScreenProps {
  /** From GET /api/session: decides between the form (local) and a proxy message. */
  session?: SessionState | undefined;
  onSignedIn?: (session: SessionState) => void;
}

/** Sign-in for CONSOLE_AUTH=local; in proxy mode, explains where sign-in happens. */
export function LoginScreen({ session, onSignedIn }: LoginScreenProps) {
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const errorId = useId();
  const mutation = useMutation({
    mutationFn: () => login(username.trim(), password),
    onSuccess: (next) => {
      setPassword('');
      queryClient.setQueryData(sessionQueries.current().queryKey, next);
      // Everything cached belonged to nobody (or someone else): read it again as this user.
      void queryClient.invalidateQueries({
        predicate: (q) => q.queryKey[0] !== sessionQueries.all()[0],
      });
      onSignedIn?.(next);
    },
  });

  if (session?.auth_mode === 'proxy') {
    return (
      <div className="flex h-full items-center justify-center p-6">
        <div role="alert" className="max-w-sm space-y-2 text-center">
          <h1 className="text-base font-semibold text-fg">You are not signed in</h1>
          <p className="text-[13px] text-muted">
            {session.detail ??
              'This console signs you in through your organisation’s sign-in page.'}{' '}
            Reload the page to sign in again; if it persists, ask an admin for a console role.
          </p>
          <Button variant="primary" onClick={() => window.location.reload()}>
            Reload
          </Button>
        </div>
      </div>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) return;
    mutation.mutate();
  };
  const error = mutation.isError ? loginErrorText(mutation.error) : null;

  return (
    <div className="flex h-full items-center justify-center bg-bg p-6">
      <form
        onSubmit={submit}
        aria-labelledby="login-title"
        className="w-full max-w-xs space-y-4 rounded-lg border border-border bg-surface p-6 shadow-sm"
      >
        <div className="flex items-center gap-2">
          <LockKeyhole className="h-4 w-4 text-muted" aria-hidden />
          <h1 id="login-title" className="text-base font-semibold text-fg">
            Sign in to Tasks Console
          </h1>
        </div>
        {session?.detail && session.detail !== 'Sign in to use the console.' && (
          <p role="status" className="text-[13px] text-muted">
            {session.detail}
          </p>
        )}
        <label className="block space-y-1 text-[13px]">
          <span className="text-fg">Username</span>
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-describedby={error ? errorId : undefined}
            className="h-8 w-full rounded-md border border-border bg-bg px-2 text-fg"
          />
        </label>
        <label className="block space-y-1 text-[13px]">
          <span className="text-fg">Password</span>
          {/* Pasting is allowed on purpose (WCAG 3.3.8, password managers). */}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-describedby={error ? errorId : undefined}
            className="h-8 w-full rounded-md border border-border bg-bg px-2 text-fg"
          />
        </label>
        {error && (
          <p id={errorId} role="alert" className="text-[13px] text-danger">
            {error}
          </p>
        )}
        <Button
          type="submit"
          variant="primary"
          className="w-full justify-center"
          disabled={mutation.isPending}
        >
          {mutation.isPending ? 'Signing in…' : 'Sign in'}
        </Button>
      </form>
    </div>
  );
}

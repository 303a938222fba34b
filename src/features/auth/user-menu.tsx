import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { LogOut, UserRound } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { logout, sessionQueries, useSession } from './session-queries';

/** The header's user menu: who is signed in, their role, and Sign out (hidden in none mode). */
export function UserMenu() {
  const { session, user } = useSession();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: () => logout(session?.csrf_token ?? null),
    onSettled: (next) => {
      const sessionKey = sessionQueries.current().queryKey;
      // Update the session query in place so the watching SessionGate shows sign-in at once
      // (clear() would drop it without telling its observers)...
      if (next) queryClient.setQueryData(sessionKey, next);
      else void queryClient.invalidateQueries({ queryKey: sessionKey });
      // ...then nothing else of the signed-out user may stay in memory (ASVS 14.3.1).
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== sessionKey[0] });
      if (session?.logout_url) window.location.assign(session.logout_url);
    },
  });
  if (!session || !user) return null;
  const canSignOut = session.auth_mode === 'local' || !!session.logout_url;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <Button
          variant="ghost"
          size="sm"
          aria-label={`Signed in as ${user.username} (${user.role})`}
        >
          <UserRound className="h-3.5 w-3.5" aria-hidden />
          <span className="max-w-40 truncate">{user.username}</span>
          <span className="rounded bg-surface-2 px-1 text-[11px] text-muted">{user.role}</span>
        </Button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-48 rounded-md border border-border bg-bg p-1 text-[13px] shadow-md"
        >
          <div className="px-2 py-1.5 text-muted">
            <div className="truncate text-fg">{user.email ?? user.username}</div>
            <div>
              Role: {user.role}
              {session.auth_mode === 'none' && ' (no sign-in on this machine)'}
            </div>
          </div>
          {canSignOut && (
            <>
              <DropdownMenu.Separator className="my-1 h-px bg-border" />
              <DropdownMenu.Item
                onSelect={() => signOut.mutate()}
                className="flex cursor-default items-center gap-2 rounded px-2 py-1.5 text-fg outline-none data-[highlighted]:bg-surface-2"
              >
                <LogOut className="h-3.5 w-3.5" aria-hidden />
                Sign out
              </DropdownMenu.Item>
            </>
          )}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

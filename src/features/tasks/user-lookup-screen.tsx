import { useNavigate } from '@tanstack/react-router';
import { History, Search, X } from 'lucide-react';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { usePreferences } from '@/stores/preferences-store';

/** Support staff start from a customer: type the end-user id, see every task they triggered. */
export function UserLookupScreen() {
  const navigate = useNavigate();
  const recent = usePreferences((s) => s.recentUsers);
  const forget = usePreferences((s) => s.forgetUser);
  const [id, setId] = useState('');
  const open = (userId: string) =>
    void navigate({ to: '/users/$userId/tasks', params: { userId } });
  return (
    <section
      aria-labelledby="users-heading"
      className="mx-auto flex w-full max-w-xl flex-col gap-6 px-4 py-10"
    >
      <div>
        <h1 id="users-heading" className="text-lg font-semibold">
          Tasks by end user
        </h1>
        <p className="mt-1 text-[13px] text-muted">
          Every task one of your end users triggered, across all agents: the place to answer “what
          happened to my request?”.
        </p>
      </div>
      <form
        className="flex gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const v = id.trim();
          if (v) open(v);
        }}
      >
        <label className="sr-only" htmlFor="end-user-id">
          End user id
        </label>
        <div className="relative flex-1">
          <Search
            className="pointer-events-none absolute top-2 left-2 h-4 w-4 text-muted"
            aria-hidden
          />
          <input
            id="end-user-id"
            autoFocus
            value={id}
            onChange={(e) => setId(e.target.value)}
            placeholder="End user id, e.g. u-8841"
            className="h-8 w-full rounded-md border border-border bg-bg pr-2 pl-8 font-mono text-[13px]"
          />
        </div>
        <Button type="submit" variant="primary" disabled={!id.trim()}>
          Show tasks
        </Button>
      </form>
      <div>
        <h2 className="mb-2 flex items-center gap-1.5 text-xs font-semibold tracking-wide text-muted uppercase">
          <History className="h-3.5 w-3.5" aria-hidden /> Recent end users
        </h2>
        {recent.length === 0 ? (
          <p className="text-[13px] text-muted">
            End users you look up are remembered here, in this browser only.
          </p>
        ) : (
          <ul
            aria-label="Recent end users"
            className="flex flex-col divide-y divide-border rounded-md border border-border"
          >
            {recent.map((u) => (
              <li key={u} className="flex items-center gap-2 px-3 py-1.5">
                <button
                  type="button"
                  onClick={() => open(u)}
                  className="flex-1 truncate text-left font-mono text-[13px] hover:underline"
                >
                  {u}
                </button>
                <button
                  type="button"
                  aria-label={`Forget ${u}`}
                  onClick={() => forget(u)}
                  className="rounded p-1 text-muted hover:bg-surface-2 hover:text-fg"
                >
                  <X className="h-3.5 w-3.5" aria-hidden />
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}

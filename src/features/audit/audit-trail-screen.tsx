import { useInfiniteQuery } from '@tanstack/react-query';
import { Download, ShieldCheck } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorPanel } from '@/components/ui/error-panel';
import { RelativeTime } from '@/components/ui/relative-time';
import { Skeleton } from '@/components/ui/skeleton';
import { AuditChanges } from './audit-changes';
import {
  AUDIT_ACTIONS,
  auditExportUrl,
  auditQueries,
  type AuditSearch,
  describeAction,
} from './audit-queries';

interface AuditTrailScreenProps {
  /** The route's validated search (auditSearchSchema); the URL owns the filters. */
  search: AuditSearch;
  onSearchChange: (next: AuditSearch) => void;
  /** Renders a task id as a link to the task (the route knows the URL). */
  renderTaskLink?: (taskId: string) => React.ReactNode;
}

const input = 'h-7 rounded-md border border-border bg-bg px-2 text-[13px] text-fg';

/** Admins: every write and sign-in through the gateway, filterable, exportable. */
export function AuditTrailScreen({
  search,
  onSearchChange,
  renderTaskLink,
}: AuditTrailScreenProps) {
  const query = useInfiniteQuery(auditQueries.trail(search));
  const [draft, setDraft] = useState<AuditSearch>(search);
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const clean = Object.fromEntries(Object.entries(draft).filter(([, v]) => v)) as AuditSearch;
    onSearchChange(clean);
  };
  const records = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div className="flex flex-wrap items-center gap-2 border-b border-border px-4 py-2">
        <h1 className="flex items-center gap-1.5 text-sm font-semibold text-fg">
          <ShieldCheck className="h-4 w-4 text-muted" aria-hidden />
          Audit trail
        </h1>
        <div className="ml-auto flex gap-1">
          <a
            className="inline-flex h-7 items-center gap-1 rounded-md border border-border px-2 text-xs"
            href={auditExportUrl(search, 'csv')}
            download
          >
            <Download className="h-3.5 w-3.5" aria-hidden /> CSV
          </a>
          <a
            className="inline-flex h-7 items-center gap-1 rounded-md border border-border px-2 text-xs"
            href={auditExportUrl(search, 'json')}
            download
          >
            <Download className="h-3.5 w-3.5" aria-hidden /> JSON
          </a>
        </div>
      </div>
      <form
        onSubmit={apply}
        aria-label="Filter the audit trail"
        className="flex flex-wrap items-end gap-2 border-b border-border px-4 py-2 text-[12px]"
      >
        <label className="flex flex-col gap-0.5">
          Task id
          <input
            className={input}
            value={draft.task_id ?? ''}
            onChange={(e) => setDraft({ ...draft, task_id: e.target.value })}
          />
        </label>
        <label className="flex flex-col gap-0.5">
          Who
          <input
            className={input}
            value={draft.actor ?? ''}
            onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
          />
        </label>
        <label className="flex flex-col gap-0.5">
          Action
          <select
            className={input}
            value={draft.action ?? ''}
            onChange={(e) =>
              setDraft({ ...draft, action: (e.target.value || undefined) as AuditSearch['action'] })
            }
          >
            <option value="">Any</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          From
          <input
            type="date"
            className={input}
            value={draft.from ?? ''}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label className="flex flex-col gap-0.5">
          Until
          <input
            type="date"
            className={input}
            value={draft.to ?? ''}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </label>
        <Button type="submit" size="sm" variant="primary">
          Apply
        </Button>
      </form>
      <div className="min-h-0 flex-1 overflow-auto">
        {query.isPending ? (
          <div className="space-y-2 p-4" aria-busy="true" aria-label="Loading the audit trail">
            {Array.from({ length: 6 }, (_, i) => (
              <Skeleton key={i} className="h-6 w-full" />
            ))}
          </div>
        ) : query.isError ? (
          <ErrorPanel
            error={query.error}
            title="Could not load the audit trail"
            onRetry={() => void query.refetch()}
          />
        ) : records.length === 0 ? (
          <EmptyState
            title="No records match"
            description="Writes and sign-ins through the console appear here."
          />
        ) : (
          <table className="w-full border-collapse text-[13px]">
            <thead className="sticky top-0 bg-surface text-left text-[12px] text-muted">
              <tr>
                <th scope="col" className="px-4 py-1.5 font-medium">
                  When
                </th>
                <th scope="col" className="px-2 py-1.5 font-medium">
                  Who
                </th>
                <th scope="col" className="px-2 py-1.5 font-medium">
                  What
                </th>
                <th scope="col" className="px-2 py-1.5 font-medium">
                  Task
                </th>
                <th scope="col" className="px-2 py-1.5 font-medium">
                  Why
                </th>
                <th scope="col" className="px-2 py-1.5 font-medium">
                  Outcome
                </th>
                <th scope="col" className="px-2 py-1.5 font-medium">
                  Changes
                </th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.id} className="border-t border-border align-top">
                  <td className="px-4 py-1.5 whitespace-nowrap">
                    <RelativeTime time={Date.parse(r.at)} />
                  </td>
                  <td className="px-2 py-1.5">
                    {r.actor}
                    {r.actor_role && (
                      <span className="ml-1 text-[11px] text-muted">{r.actor_role}</span>
                    )}
                  </td>
                  <td className="px-2 py-1.5">{describeAction(r.action)}</td>
                  <td className="px-2 py-1.5 font-mono text-[12px]">
                    {r.task_id ? (renderTaskLink ? renderTaskLink(r.task_id) : r.task_id) : '—'}
                  </td>
                  <td className="max-w-64 px-2 py-1.5 break-words">{r.reason ?? '—'}</td>
                  <td className="px-2 py-1.5 whitespace-nowrap">
                    {r.ok ? (
                      'ok'
                    ) : (
                      <span className="text-danger">failed{r.status ? ` ${r.status}` : ''}</span>
                    )}
                    {!r.ok && r.error && (
                      <div className="max-w-56 text-[12px] whitespace-normal text-muted">
                        {r.error}
                      </div>
                    )}
                  </td>
                  <td className="px-2 py-1.5">
                    <AuditChanges changes={r.changes} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {query.hasNextPage && (
          <div className="p-4">
            <Button onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
              {query.isFetchingNextPage ? 'Loading…' : 'Load older records'}
            </Button>
          </div>
        )}
      </div>
    </div>
  );
}

import { useQuery } from '@tanstack/react-query';
import { History } from 'lucide-react';
import { ErrorPanel } from '@/components/ui/error-panel';
import { RelativeTime } from '@/components/ui/relative-time';
import { Skeleton } from '@/components/ui/skeleton';
import { AuditChanges } from './audit-changes';
import { auditQueries, describeAction } from './audit-queries';

/** Who changed this task, when, why and how: for every role (the gateway allows ?task_id). */
export function TaskAuditHistory({ taskId }: { taskId: string }) {
  const query = useQuery(auditQueries.forTask(taskId));
  if (query.isPending)
    return (
      <div className="space-y-2 p-3" aria-busy="true" aria-label="Loading the task’s history">
        <Skeleton className="h-4 w-3/4" />
        <Skeleton className="h-4 w-1/2" />
      </div>
    );
  if (query.isError)
    return (
      <ErrorPanel
        error={query.error}
        title="Could not load the change history"
        onRetry={() => void query.refetch()}
      />
    );
  const records = query.data;
  return (
    <section aria-labelledby={`audit-${taskId}`} className="p-3">
      <h2
        id={`audit-${taskId}`}
        className="mb-2 flex items-center gap-1.5 text-[13px] font-semibold text-fg"
      >
        <History className="h-3.5 w-3.5 text-muted" aria-hidden />
        Change history
      </h2>
      {records.length === 0 ? (
        <p className="text-[13px] text-muted">Nobody has changed this task from the console.</p>
      ) : (
        <ol className="space-y-3">
          {records.map((record) => (
            <li key={record.id} className="space-y-1 border-l-2 border-border pl-2 text-[13px]">
              <div className="flex flex-wrap items-baseline gap-x-1.5">
                <span className="font-medium text-fg">{record.actor}</span>
                <span className="text-muted">{describeAction(record.action)} it</span>
                <RelativeTime time={Date.parse(record.at)} className="text-muted" />
                {!record.ok && (
                  <span className="rounded bg-surface-2 px-1 text-[11px] text-danger">
                    failed{record.status ? ` (${record.status})` : ''}
                  </span>
                )}
              </div>
              {record.reason && <p className="text-fg">“{record.reason}”</p>}
              {!record.ok && record.error && (
                <p className="text-[12px] text-danger">{record.error}</p>
              )}
              <AuditChanges changes={record.changes} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

import type { AuditRecord } from './audit-queries';
import { formatValue } from './audit-queries';

/** The changed fields as "field: old → new", as text nodes only (values are untrusted). */
export function AuditChanges({ changes }: { changes: AuditRecord['changes'] }) {
  const entries = Object.entries(changes ?? {}).filter(([field]) => field !== 'updated_at');
  if (entries.length === 0) return null;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-2 gap-y-0.5 text-[12px]">
      {entries.map(([field, change]) => (
        <div key={field} className="contents">
          <dt className="font-mono text-muted">{field}</dt>
          <dd className="min-w-0 break-words">
            <span className="text-muted line-through">{formatValue(change.old)}</span>
            <span aria-hidden> → </span>
            <span className="sr-only"> changed to </span>
            <span className="text-fg">{formatValue(change.new)}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

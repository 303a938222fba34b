import { createRoute, Link } from '@tanstack/react-router';
import { EmptyState } from '@/components/ui/empty-state';
import { AuditTrailScreen, auditSearchSchema } from '@/features/audit';
import { RequireRole } from '@/features/auth';
import { shortId } from '@/lib/short-id';
import { rootRoute } from '../root-route';

export const auditRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/audit',
  validateSearch: auditSearchSchema,
  component: function AuditRoute() {
    const search = auditRoute.useSearch();
    const navigate = auditRoute.useNavigate();
    return (
      <RequireRole
        role="admin"
        fallback={<EmptyState title="Admins only" description="The audit trail is for admins." />}
      >
        <AuditTrailScreen
          search={search}
          onSearchChange={(next) => void navigate({ search: next })}
          renderTaskLink={(id) => (
            <Link to="/tasks/$taskId" params={{ taskId: id }} className="font-mono text-accent">
              {shortId(id)}
            </Link>
          )}
        />
      </RequireRole>
    );
  },
});

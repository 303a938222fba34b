import { Link } from '@tanstack/react-router';
import { Compass } from 'lucide-react';
import { EmptyState } from '@/components/ui/empty-state';

export function NotFoundScreen() {
  return (
    <EmptyState
      icon={<Compass className="h-6 w-6" aria-hidden />}
      title="Page not found"
      description="There is nothing at this address. The link may be mistyped or out of date."
      action={
        <Link
          to="/tasks"
          className="inline-flex h-8 items-center rounded-md bg-accent px-3 text-[13px] font-medium text-accent-fg"
        >
          Go to all tasks
        </Link>
      }
    />
  );
}

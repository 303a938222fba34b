import type { ReactNode } from 'react';

interface EmptyStateProps {
  icon?: ReactNode;
  title: string;
  description?: ReactNode;
  action?: ReactNode;
}

export function EmptyState({ icon, title, description, action }: EmptyStateProps) {
  return (
    <div
      role="status"
      className="flex flex-col items-center justify-center gap-2 px-6 py-16 text-center"
    >
      {icon && <div className="text-muted">{icon}</div>}
      <h2 className="text-sm font-semibold text-fg">{title}</h2>
      {description && <div className="max-w-md text-[13px] text-muted">{description}</div>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}

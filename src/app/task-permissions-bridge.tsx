import { useCallback, type ReactNode } from 'react';
import { can, useSession } from '@/features/auth';
import { TaskPermissionsProvider, type TaskAction } from '@/features/tasks/task-permissions';

/** Answers the tasks feature's "may I?" from the signed-in person's role. */
export function TaskPermissionsBridge({ children }: { children: ReactNode }) {
  const { role } = useSession();
  const block = useCallback((action: TaskAction) => can(role, action).reason, [role]);
  return <TaskPermissionsProvider value={block}>{children}</TaskPermissionsProvider>;
}

import { createContext, useContext } from 'react';

export type TaskAction =
  'task.create' | 'task.continue' | 'task.update' | 'task.stop' | 'task.bulk_stop';

/**
 * Why the signed-in person may not take an action (null when they may). The tasks feature
 * declares the question; the app answers it from the session. The gateway enforces the same
 * rules; this only keeps the UI honest about them.
 */
const TaskPermissionsContext = createContext<(action: TaskAction) => string | null>(() => null);

export const TaskPermissionsProvider = TaskPermissionsContext.Provider;

export function usePermissionBlock(action: TaskAction): string | null {
  return useContext(TaskPermissionsContext)(action);
}

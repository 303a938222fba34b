export { BulkStopDialog, type BulkStopDialogProps } from './bulk-stop-dialog';
export {
  CreateTaskDialog,
  type CreateTaskDialogProps,
  type CreateTaskMode,
} from './create-task-dialog';
export { NewTaskButton, type NewTaskButtonProps } from './new-task-button';
export { StopTaskDialog, type StopTaskDialogProps } from './stop-task-dialog';
export { TaskActions, type TaskActionsProps } from './task-actions';
export { taskLabel, toTaskRef, type TaskRef } from './task-label';
export {
  TaskRowActionHost,
  TaskRowMenu,
  type RowActionKind,
  type RowActionRequest,
} from './task-row-actions';
export { UpdateTaskDialog, type UpdateTaskDialogProps } from './update-task-dialog';
export { useBulkStop, BULK_STOP_CONCURRENCY } from './use-bulk-stop';
export { useCreateTask } from './use-create-task';
export { useStopTask } from './use-stop-task';
export { useUpdateTask } from './use-update-task';

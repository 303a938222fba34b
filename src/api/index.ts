export { ApiError, isApiError, isHttpStatus, parseRetryAfter } from './api-error';
export type { ApiErrorInit, ApiErrorKind } from './api-error';
export { API_BASE, auditReasonHeaders, buildUrl, request, setRequestInterceptor } from './http';
export type { HttpMethod, QueryValue, RequestInterceptor, RequestOptions } from './http';
export { getSkippedItems, lenientArray, onSkippedListItems } from './lenient-list';
export type { SkippedItemsListener, SkippedListItem } from './lenient-list';
export { openSse, readSseStream } from './sse';
export type { OpenSseOptions, ReadSseOptions, SseMessage } from './sse';
export { listAgents } from './agents';
export type { CallOptions } from './agents';
export {
  createTask,
  getActivityLog,
  getTask,
  listAgentTasks,
  listUserTasks,
  stopTask,
  streamTaskEvents,
  updateTask,
} from './tasks';
export type {
  CreateTaskOptions,
  WriteOptions,
  StreamTaskEventsOptions,
  TaskListFilters,
  UserTaskListFilters,
} from './tasks';

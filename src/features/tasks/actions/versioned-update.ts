import { isApiError, request } from '@/api';
import { taskSchema, type Task, type UpdateTaskRequest } from '@/contract';

export interface VersionedUpdateOptions {
  /** `updated_at` of the version the person saw; the platform answers 409 if it moved on. */
  baseUpdatedAt: string | null;
  /** Free text for the gateway's audit log (header X-Audit-Reason, URL-encoded). */
  reason?: string;
  signal?: AbortSignal;
}

/**
 * PATCH /agent-execution/{id}/update, conditional on the version shown. `updated_at` goes in
 * the body and in If-Match: the reference platform accepts either, and a client that sends
 * neither (the SDK) silently overwrites a concurrent edit.
 */
export function updateTaskVersioned(
  taskId: string,
  patch: UpdateTaskRequest,
  { baseUpdatedAt, reason, signal }: VersionedUpdateOptions,
): Promise<Task> {
  const body: Record<string, unknown> = Object.fromEntries(
    Object.entries(patch).filter(([, v]) => v !== undefined),
  );
  const headers: Record<string, string> = {};
  if (baseUpdatedAt) {
    body['updated_at'] = baseUpdatedAt;
    headers['if-match'] = `"${baseUpdatedAt}"`;
  }
  const why = reason?.trim();
  // Headers are Latin-1 on the wire; encoding keeps any language and newlines intact.
  if (why) headers['x-audit-reason'] = encodeURIComponent(why);
  return request({
    method: 'PATCH',
    path: `/agent-execution/${encodeURIComponent(taskId)}/update`,
    body,
    headers,
    schema: taskSchema,
    signal,
  });
}

/** 409 (our platform) and 412 (an If-Match-aware proxy) mean the same: someone wrote first. */
export function isConflict(error: unknown): boolean {
  return (
    isApiError(error) && error.kind === 'http' && (error.status === 409 || error.status === 412)
  );
}

/** The current task a 409 body carries (`{"detail", "task"}`), or null when it has none. */
export function conflictTaskFrom(error: unknown): Task | null {
  if (!isApiError(error) || !error.bodyText) return null;
  try {
    const body: unknown = JSON.parse(error.bodyText);
    if (!body || typeof body !== 'object') return null;
    const parsed = taskSchema.safeParse((body as { task?: unknown }).task);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

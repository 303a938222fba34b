import { z } from 'zod';

export const DETAIL_TABS = ['overview', 'live', 'activity', 'history', 'raw'] as const;
export type DetailTab = (typeof DETAIL_TABS)[number];

/**
 * Search params of /tasks/$taskId: the open tab and the selected activity entry. Lenient: a
 * bad value falls back instead of failing the route, since people hand-edit shared links.
 */
export const taskDetailSearchSchema = z.object({
  tab: z.enum(DETAIL_TABS).optional().catch(undefined),
  entry: z.string().min(1).max(500).optional().catch(undefined),
});
export type TaskDetailSearch = z.infer<typeof taskDetailSearchSchema>;

export function parseTaskDetailSearch(raw: unknown): TaskDetailSearch {
  const parsed = taskDetailSearchSchema.safeParse(raw ?? {});
  return parsed.success ? parsed.data : {};
}

/** The href of a tab or entry of a task, for real links that open in a new tab too. */
export function taskDetailHref(taskId: string, search: TaskDetailSearch): string {
  const params = new URLSearchParams();
  if (search.tab) params.set('tab', search.tab);
  if (search.entry) params.set('entry', search.entry);
  const q = params.toString();
  return `/tasks/${encodeURIComponent(taskId)}${q ? `?${q}` : ''}`;
}

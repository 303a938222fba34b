import { z } from 'zod';
import { EDITABLE_FIELDS, type UpdateFormValues } from './update-form';

const valuesSchema = z.object(
  Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, z.string()])) as Record<
    keyof UpdateFormValues,
    z.ZodString
  >,
);

const draftSchema = z.object({
  version: z.literal(1),
  taskId: z.string(),
  /** The `updated_at` of the version the person opened: what the save is conditional on. */
  baseUpdatedAt: z.string().nullable(),
  base: valuesSchema,
  values: valuesSchema,
  reason: z.string(),
  savedAt: z.number(),
});
export type UpdateDraft = z.infer<typeof draftSchema>;

const PREFIX = 'tasks-console.update-draft.';

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    // Storage can throw on access (privacy modes, sandboxed frames).
    return null;
  }
}

/** The unsaved edit of a task, kept per tab (sessionStorage) so a reload does not lose it. */
export function loadUpdateDraft(taskId: string): UpdateDraft | null {
  const raw = storage()?.getItem(PREFIX + taskId);
  if (!raw) return null;
  try {
    const parsed = draftSchema.safeParse(JSON.parse(raw));
    return parsed.success && parsed.data.taskId === taskId ? parsed.data : null;
  } catch {
    return null;
  }
}

export function saveUpdateDraft(draft: Omit<UpdateDraft, 'version' | 'savedAt'>): void {
  try {
    storage()?.setItem(
      PREFIX + draft.taskId,
      JSON.stringify({ ...draft, version: 1, savedAt: Date.now() }),
    );
  } catch {
    // A full storage quota must not break editing; the draft is a safety net, not the save.
  }
}

export function clearUpdateDraft(taskId: string): void {
  storage()?.removeItem(PREFIX + taskId);
}

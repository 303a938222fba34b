import { TASK_STATUSES, type Task, type TaskStatus, type UpdateTaskRequest } from '@/contract';

/** The fields a person may edit, in form order. `payload_extension` is sent under its SDK name. */
export const EDITABLE_FIELDS = [
  'status',
  'result',
  'source',
  'last_executed_node_id',
  'payload_extension',
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export const FIELD_LABELS: Record<EditableField, string> = {
  status: 'Status',
  result: 'Result',
  source: 'Source',
  last_executed_node_id: 'Last executed node id',
  payload_extension: 'Tool-call payload extension',
};

/** What the form holds: text, so a half-typed JSON object or an emptied field survives as typed. */
export type UpdateFormValues = Record<EditableField, string>;

export type JsonObjectParse =
  { ok: true; value: Record<string, unknown> | null } | { ok: false; error: string };

/** Empty text means "no extension" (null); anything else must be a JSON object. */
export function parseJsonObject(text: string): JsonObjectParse {
  if (text.trim() === '') return { ok: true, value: null };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'Expected a JSON object, like {"key": "value"}' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

// Key order is not meaning: `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same extension.
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function extensionText(ext: Record<string, unknown> | null | undefined): string {
  // The platform's default is {}: show it as empty, so "no extension" reads the same either way.
  return ext && Object.keys(ext).length > 0 ? JSON.stringify(ext, null, 2) : '';
}

export function formValuesFromTask(task: Task): UpdateFormValues {
  return {
    status: task.status ?? '',
    result: task.result ?? '',
    source: task.source ?? '',
    last_executed_node_id: task.last_executed_node_id ?? '',
    payload_extension: extensionText(task.payload_extension),
  };
}

function sameValue(field: EditableField, a: string, b: string): boolean {
  if (field !== 'payload_extension') return a === b;
  const pa = parseJsonObject(a);
  const pb = parseJsonObject(b);
  if (!pa.ok || !pb.ok) return a === b;
  const norm = (v: Record<string, unknown> | null) =>
    v && Object.keys(v).length > 0 ? canonical(v) : 'null';
  return norm(pa.value) === norm(pb.value);
}

/** The fields whose value differs from the version the person opened. */
export function changedFields(base: UpdateFormValues, values: UpdateFormValues): EditableField[] {
  return EDITABLE_FIELDS.filter((f) => !sameValue(f, base[f], values[f]));
}

export function isTaskStatus(value: string): value is TaskStatus {
  return (TASK_STATUSES as readonly string[]).includes(value);
}

/** Problems that block a save, by field. */
export function validateValues(values: UpdateFormValues): Partial<Record<EditableField, string>> {
  const errors: Partial<Record<EditableField, string>> = {};
  const ext = parseJsonObject(values.payload_extension);
  if (!ext.ok) errors.payload_extension = ext.error;
  if (values.status !== '' && !isTaskStatus(values.status))
    errors.status = `Unknown status "${values.status}"`;
  return errors;
}

/**
 * A sparse PATCH body: only the changed fields. An emptied text field is sent as null, which
 * clears it on the platform; an emptied extension goes back to the platform's default.
 */
export function buildSparsePatch(
  values: UpdateFormValues,
  fields: readonly EditableField[],
): UpdateTaskRequest {
  const patch: UpdateTaskRequest = {};
  for (const field of fields) {
    const text = values[field];
    switch (field) {
      case 'status':
        if (isTaskStatus(text)) patch.status = text;
        break;
      case 'payload_extension': {
        const parsed = parseJsonObject(text);
        if (!parsed.ok) throw new Error(`Invalid JSON in ${FIELD_LABELS[field]}: ${parsed.error}`);
        patch.tool_call_payload_extension = parsed.value;
        break;
      }
      default:
        patch[field] = text === '' ? null : text;
    }
  }
  return patch;
}

export interface DiffRow {
  field: EditableField;
  label: string;
  before: string;
  after: string;
}

export function diffRows(
  base: UpdateFormValues,
  values: UpdateFormValues,
  fields: readonly EditableField[] = changedFields(base, values),
): DiffRow[] {
  return fields.map((field) => ({
    field,
    label: FIELD_LABELS[field],
    before: base[field],
    after: values[field],
  }));
}

/**
 * Re-apply after a conflict: the fields the person changed, with their values, on top of the
 * server's current version; every other field takes the server's value.
 */
export function rebaseValues(
  draftBase: UpdateFormValues,
  draftValues: UpdateFormValues,
  fresh: UpdateFormValues,
): UpdateFormValues {
  const next = { ...fresh };
  for (const field of changedFields(draftBase, draftValues)) next[field] = draftValues[field];
  return next;
}

import { z } from 'zod';
import { taskEventTypeSchema, taskSchema, timestampSchema } from '../../src/contract/index.ts';

/** One FastAPI-style 422 entry: `{type, loc, msg, input}` with `loc` starting at "body". */
export interface ValidationDetail {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
}

const valueAt = (root: unknown, path: readonly PropertyKey[]): unknown => {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
};

/** zod issues → FastAPI's detail list, so clients see the failing field named the way FastAPI names it. */
export function toValidationDetails(error: z.ZodError, body: unknown): ValidationDetail[] {
  return error.issues.map((issue) => {
    const input = valueAt(body, issue.path);
    const missing = issue.code === 'invalid_type' && input === undefined;
    return {
      type: missing
        ? 'missing'
        : issue.code === 'invalid_value'
          ? 'enum'
          : issue.code === 'too_big'
            ? 'string_too_long'
            : issue.code,
      loc: ['body', ...issue.path.map((k) => (typeof k === 'number' ? k : String(k)))],
      msg: missing ? 'Field required' : issue.message,
      input: input ?? null,
    };
  });
}

/** Every key a PATCH may carry must keep the stored task valid for SDK clients. */
export const patchShapeSchema = taskSchema.partial();

export const pushEventsSchema = z.array(
  z.looseObject({
    type: taskEventTypeSchema,
    task_id: z.string().nullish(),
    organization_id: z.string().nullish(),
    time: timestampSchema.nullish(),
    data: z.unknown(),
  }),
);

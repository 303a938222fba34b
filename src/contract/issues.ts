import type { z } from 'zod';

export interface ContractIssue {
  /** Dotted path to the failing field, e.g. `input.user.email` or `[3].status`; '' for the root. */
  path: string;
  message: string;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Flattens a zod error into field paths and messages, for ApiError and logs. */
export function describeIssues(error: z.ZodError): ContractIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

/** One line per issue, `path: message`, so the failing field is named in the text. */
export function formatIssues(issues: readonly ContractIssue[], max = 5): string {
  const lines = issues
    .slice(0, max)
    .map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`));
  if (issues.length > max) lines.push(`…and ${issues.length - max} more`);
  return lines.join('; ');
}

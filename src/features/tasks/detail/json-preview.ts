/** Above this a value is shown as a preview with a download, never in full. */
export const LARGE_VALUE_BYTES = 256 * 1024;
/** How much of a large value the preview shows. */
export const PREVIEW_CHARS = 8 * 1024;
/** Longest single string shown inside a preview before it is cut. */
const PREVIEW_STRING_CHARS = 1_000;

/**
 * Approximate JSON size in characters, walking the value and stopping as soon as it passes
 * `limit`: deciding "is this over 256 KB?" must not cost a JSON.stringify of 5 MB.
 * Returns a number > limit when the value is larger than the limit.
 */
export function measureJson(value: unknown, limit = LARGE_VALUE_BYTES): number {
  let size = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || v === undefined) size += 4;
    else if (typeof v === 'string') size += v.length + 2;
    else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint')
      size += String(v).length;
    else if (typeof v === 'object') {
      if (seen.has(v)) continue;
      seen.add(v);
      if (Array.isArray(v)) {
        size += 2 + v.length;
        for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
      } else {
        const entries = Object.entries(v as Record<string, unknown>);
        size += 2;
        for (const [k, child] of entries) {
          size += k.length + 4;
          stack.push(child);
        }
      }
    }
    if (size > limit) return size;
  }
  return size;
}

export interface JsonPreview {
  text: string;
  /** True when the text is not the whole value. */
  truncated: boolean;
}

class Budget extends Error {}

/**
 * Pretty JSON of at most ~`maxChars` characters, built without serialising the whole value:
 * long strings are cut with a note of how much was left out, and output stops at the budget.
 */
export function previewJson(value: unknown, maxChars = PREVIEW_CHARS): JsonPreview {
  const parts: string[] = [];
  let length = 0;
  let truncated = false;
  const write = (s: string) => {
    parts.push(s);
    length += s.length;
    if (length > maxChars) throw new Budget();
  };
  const seen = new Set<object>();
  const visit = (v: unknown, indent: string) => {
    if (v === undefined) return write('undefined');
    if (v === null || typeof v === 'number' || typeof v === 'boolean') return write(String(v));
    if (typeof v === 'bigint') return write(`${v}n`);
    if (typeof v === 'string') {
      if (v.length > PREVIEW_STRING_CHARS) {
        truncated = true;
        return write(
          `${JSON.stringify(v.slice(0, PREVIEW_STRING_CHARS))} … (+${(v.length - PREVIEW_STRING_CHARS).toLocaleString()} chars)`,
        );
      }
      return write(JSON.stringify(v));
    }
    if (typeof v !== 'object') return write(JSON.stringify(String(v)));
    if (seen.has(v)) return write('"[circular]"');
    seen.add(v);
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      if (v.length === 0) return write('[]');
      write('[\n');
      v.forEach((item, i) => {
        write(inner);
        visit(item, inner);
        write(i < v.length - 1 ? ',\n' : '\n');
      });
      return write(`${indent}]`);
    }
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return write('{}');
    write('{\n');
    entries.forEach(([k, item], i) => {
      write(`${inner}${JSON.stringify(k)}: `);
      visit(item, inner);
      write(i < entries.length - 1 ? ',\n' : '\n');
    });
    return write(`${indent}}`);
  };
  try {
    visit(value, '');
  } catch (error) {
    if (!(error instanceof Budget)) throw error;
    truncated = true;
    const text = parts.join('').slice(0, maxChars);
    return { text: `${text}\n… (preview cut here)`, truncated };
  }
  return { text: parts.join(''), truncated };
}

/** Parses JSON text, or null when it is not JSON. */
export function tryParseJson(text: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return null;
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Wire timestamps: ISO-8601 UTC with six fractional digits and `Z`, like the real platform
 * (`2026-03-02T09:14:05.118000Z`). We keep millisecond precision so a JS client that parses
 * and re-serialises `updated_at` still compares equal (the 409 rule depends on it).
 */
export function formatTime(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

/** Milliseconds since the epoch, or NaN. Naive timestamps are read as UTC. */
export function parseTime(value: string): number {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  const normalized = value.replace(/(\.\d{3})\d+/, '$1');
  return Date.parse(hasZone ? normalized : `${normalized}Z`);
}

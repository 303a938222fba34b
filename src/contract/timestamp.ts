import { z } from 'zod';

// ISO-8601 as the platform sends it: `Z`, `+00:00` (Python isoformat), microseconds, and
// naive values (no zone) that the API doc says to read as UTC. A space instead of `T` is
// accepted too because Python's str(datetime) produces it.
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Epoch milliseconds for a wire timestamp, or null when it is not a valid ISO-8601 date-time.
 * Fractions beyond milliseconds are truncated; a value without a zone is UTC.
 */
export function tryParseTimestamp(value: string): number | null {
  const m = ISO_RE.exec(value.trim());
  if (!m) return null;
  const [, ys, mos, ds, hs, mis, ss, frac, zone] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  const second = ss === undefined ? 0 : Number(ss);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 23 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

/**
 * Epoch milliseconds for a wire timestamp. Throws a RangeError on anything that is not an
 * ISO-8601 date-time, so a NaN never reaches a sort or a "3 min ago" label. Values that passed
 * `timestampSchema` never throw; use `tryParseTimestamp` for unchecked input.
 */
export function parseTimestamp(value: string): number {
  const ms = tryParseTimestamp(value);
  if (ms === null) throw new RangeError(`Not an ISO-8601 timestamp: ${JSON.stringify(value)}`);
  return ms;
}

/** A wire date-time. Validates the form; the parsed output is the original string. */
export const timestampSchema = z
  .string()
  .refine((s) => tryParseTimestamp(s) !== null, { message: 'expected an ISO-8601 date-time' });

export type Timestamp = z.infer<typeof timestampSchema>;

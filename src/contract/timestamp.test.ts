import { describe, expect, it } from 'vitest';
import { parseTimestamp, timestampSchema, tryParseTimestamp } from './index.ts';

const EPOCH_MS = Date.UTC(2026, 1, 7, 4, 53, 44, 72);

describe('timestamps', () => {
  it.each([
    ['2026-02-07T04:53:44.072660Z', EPOCH_MS],
    ['2026-02-07T04:53:44.072660+00:00', EPOCH_MS],
    ['2026-02-07T04:53:44.072Z', EPOCH_MS],
    ['2026-02-07T04:53:44.07266', EPOCH_MS], // naive: UTC
    ['2026-02-07 04:53:44.072660', EPOCH_MS], // Python str(datetime)
    ['2026-02-07T06:53:44.072660+02:00', EPOCH_MS],
    ['2026-02-06T23:53:44.072-05:00', EPOCH_MS],
    ['2026-02-07T04:53:44.072+0000', EPOCH_MS],
    ['2026-02-07T04:53:44Z', Date.UTC(2026, 1, 7, 4, 53, 44)],
    ['2026-02-07T04:53Z', Date.UTC(2026, 1, 7, 4, 53)],
  ])('%s is %d ms', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
    expect(tryParseTimestamp(text)).toBe(ms);
  });

  it('keeps the original string as the parsed value', () => {
    const text = '2026-02-07T04:53:44.072660+00:00';
    expect(timestampSchema.parse(text)).toBe(text);
  });

  it.each([
    '',
    'yesterday',
    '2026-02-07',
    '2026-13-01T00:00:00Z',
    '2026-02-30T00:00:00Z',
    '2026-02-07T25:00:00Z',
    '2026-02-07T04:61:00Z',
    '2026-02-07T04:53:44+25:00',
    '1700000000',
  ])('rejects %j', (text) => {
    expect(tryParseTimestamp(text)).toBeNull();
    expect(() => parseTimestamp(text)).toThrow(RangeError);
    const result = timestampSchema.safeParse(text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/ISO-8601/);
  });

  it('rejects non-strings', () => {
    expect(timestampSchema.safeParse(1700000000).success).toBe(false);
    expect(timestampSchema.safeParse(null).success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { formatAbsolute, formatDuration, formatRelative } from './time';

describe('formatRelative', () => {
  const now = Date.UTC(2026, 2, 2, 12, 0, 0);
  it.each([
    [now - 2_000, 'just now'],
    [now - 12_000, '12 s ago'],
    [now - 3 * 60_000, '3 min ago'],
    [now - 59 * 60_000 - 59_000, '59 min ago'],
    [now - 5 * 3_600_000, '5 h ago'],
    [now - 2 * 86_400_000, '2 d ago'],
    [now - 60 * 86_400_000, '2 mo ago'],
    [now - 800 * 86_400_000, '2 y ago'],
    [now + 3 * 60_000, 'in 3 min'],
  ])('%s → %s', (time, text) => {
    expect(formatRelative(time, now)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [850, '850 ms'],
    [42_000, '42 s'],
    [3 * 60_000 + 5_000, '3 min 05 s'],
    [2 * 3_600_000 + 4 * 60_000, '2 h 04 min'],
    [3 * 86_400_000 + 2 * 3_600_000, '3 d 2 h'],
    [-1, '–'],
    [Number.NaN, '–'],
  ])('%s ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatAbsolute', () => {
  it('formats in the zone of the given formatter and names it', () => {
    const utc = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'UTC',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    });
    expect(formatAbsolute(Date.UTC(2026, 2, 2, 9, 14), utc)).toBe('09:14 UTC');
    const tlv = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Jerusalem',
      hour: '2-digit',
      minute: '2-digit',
    });
    expect(formatAbsolute(Date.UTC(2026, 2, 2, 9, 14), tlv)).toBe('11:14');
  });
});

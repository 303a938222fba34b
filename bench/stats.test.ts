import { describe, expect, it } from 'vitest';
import {
  countAbove,
  median,
  pairedDifferences,
  percentile,
  ratioOf,
  summarize,
} from './lib/stats.ts';

describe('stats', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('interpolates percentiles and clamps p', () => {
    expect(percentile([0, 10], 95)).toBeCloseTo(9.5);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([1, 2, 3], 150)).toBe(3);
    expect(percentile([], 50)).toBeNaN();
  });

  it('ignores non-finite samples (a failed sample is NaN) in the summary', () => {
    const s = summarize([30, Number.NaN, 10, 20, Number.POSITIVE_INFINITY]);
    expect(s).toMatchObject({ median: 20, min: 10, max: 30, n: 3 });
    expect(summarize([Number.NaN])).toBeNull();
  });

  it('pairs differences index by index', () => {
    expect(pairedDifferences([5, 7, 9], [4, 4])).toEqual([1, 3]);
  });

  it('returns no ratio for a zero or missing denominator', () => {
    expect(ratioOf(10, 2)).toBe(5);
    expect(ratioOf(10, 0)).toBeNull();
    expect(ratioOf(null, 2)).toBeNull();
  });

  it('counts values strictly above a threshold', () => {
    expect(countAbove([16.7, 50, 50.1, 120], 50)).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { interleaveSchedule, runInterleaved } from './lib/interleave.ts';

describe('interleaveSchedule', () => {
  it('alternates the order every round (ABBA) so neither variant always goes first', () => {
    const order = interleaveSchedule(['baseline', 'candidate'], 4).map(
      (s) => `${s.round}${s.variant[0]}`,
    );
    expect(order).toEqual(['0b', '0c', '1c', '1b', '2b', '2c', '3c', '3b']);
  });

  it('gives every variant exactly one slot per round', () => {
    const slots = interleaveSchedule(['a', 'b', 'c'], 5);
    expect(slots).toHaveLength(15);
    for (let round = 0; round < 5; round++) {
      expect(
        slots
          .filter((s) => s.round === round)
          .map((s) => s.variant)
          .sort(),
      ).toEqual(['a', 'b', 'c']);
    }
  });
});

describe('runInterleaved', () => {
  it('runs samples in schedule order and groups results by variant in round order', async () => {
    const calls: string[] = [];
    const out = await runInterleaved(['base', 'cand'] as const, 3, async (variant, round) => {
      calls.push(`${variant}${round}`);
      return round * 10 + (variant === 'cand' ? 1 : 0);
    });
    expect(calls).toEqual(['base0', 'cand0', 'cand1', 'base1', 'base2', 'cand2']);
    expect(out).toEqual({ base: [0, 10, 20], cand: [1, 11, 21] });
  });

  it('keeps going after a failing sample and records what onError returns', async () => {
    const out = await runInterleaved(
      ['x', 'y'] as const,
      2,
      async (variant, round) => {
        if (variant === 'y' && round === 0) throw new Error('flaky');
        return 1;
      },
      () => Number.NaN,
    );
    expect(out.x).toEqual([1, 1]);
    expect(out.y).toHaveLength(2);
    expect(out.y[0]).toBeNaN();
  });

  it('skips a failed sample when onError returns undefined', async () => {
    const out = await runInterleaved(['only'] as const, 3, async (_v, round) => {
      if (round === 1) throw new Error('boom');
      return round;
    });
    expect(out.only).toEqual([0, 2]);
  });
});

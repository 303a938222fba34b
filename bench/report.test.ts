import { describe, expect, it } from 'vitest';
import {
  formatNumber,
  formatSummary,
  makeFigure,
  markdownReport,
  markdownTable,
  notMeasured,
  type Target,
} from './lib/report.ts';
import { summarize } from './lib/stats.ts';

const atMost = (value: number): Target => ({
  op: '<=',
  value,
  on: 'candidate',
  text: `≤ ${value} ms`,
});

describe('makeFigure', () => {
  it('passes or misses on the candidate median', () => {
    const pass = makeFigure({
      scenario: 's',
      figure: 'f',
      unit: 'ms',
      candidate: summarize([90, 95, 120]),
      target: atMost(100),
    });
    expect(pass.status).toBe('pass');
    const miss = makeFigure({
      scenario: 's',
      figure: 'f',
      unit: 'ms',
      candidate: summarize([101, 150, 99]),
      target: atMost(100),
      onMiss: 'render fewer rows',
    });
    expect(miss.status).toBe('miss');
    expect(miss.note).toContain('to meet: render fewer rows');
  });

  it('computes the baseline ratio from medians and can gate on it', () => {
    const f = makeFigure({
      scenario: 's',
      figure: 'f',
      unit: 'ms',
      candidate: summarize([50, 60, 70]),
      baseline: summarize([2000, 3000, 2500]),
      ratioKind: 'baseline/candidate',
      target: { op: '>=', value: 20, on: 'ratio', text: '≥ 20×' },
    });
    expect(f.ratio).toBeCloseTo(2500 / 60);
    expect(f.status).toBe('pass');
  });

  it('reports a missing candidate as not measured with the reason, never as a pass', () => {
    const f = notMeasured('thread', 'first entry', 'ms', 'detail view not built', atMost(300));
    expect(f.status).toBe('not measured');
    expect(f.note).toBe('not measured: detail view not built');
  });

  it('is info when there is no target, and hides the to-meet hint unless it missed', () => {
    const f = makeFigure({
      scenario: 's',
      figure: 'f',
      unit: '',
      candidate: summarize([1]),
      onMiss: 'x',
    });
    expect(f.status).toBe('info');
    expect(f.note).toBe('');
  });
});

describe('formatting', () => {
  it('picks a precision that suits the size', () => {
    expect(formatNumber(0.4249)).toBe('0.42');
    expect(formatNumber(4.25)).toBe('4.3');
    expect(formatNumber(41234.6)).toBe('41,235');
  });

  it('prints median with the min–max spread', () => {
    expect(formatSummary(summarize([3, 1, 2]), 'ms')).toBe('2.0 ms (1.0–3.0)');
    expect(formatSummary(summarize([7, 7]), 'KB')).toBe('7.0 KB');
    expect(formatSummary(null, 'ms')).toBe('—');
  });

  it('renders one markdown row per figure and escapes pipes in notes', () => {
    const table = markdownTable([
      makeFigure({
        scenario: 'B2 mount 10k',
        figure: 'data→paint',
        unit: 'ms',
        candidate: summarize([40]),
        target: atMost(100),
        note: 'a|b',
      }),
      notMeasured('B5 thread', 'first entry', 'ms', 'no detail view'),
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe(
      '| B2 mount 10k | data→paint | 40 ms | — | — | ≤ 100 ms | pass | a\\|b |',
    );
    expect(lines[3]).toContain('| not measured | not measured: no detail view |');
  });

  it('lists misses with their hint under the table', () => {
    const md = markdownReport(
      {
        startedAt: 't',
        durationS: 1,
        mode: 'quick',
        rounds: 2,
        chromium: 'c',
        node: '20',
        cpus: 2,
        commit: 'abc',
        harnessErrors: [],
      },
      [
        makeFigure({
          scenario: 'S',
          figure: 'F',
          unit: 'ms',
          candidate: summarize([200]),
          target: atMost(100),
          onMiss: 'batch',
        }),
      ],
    );
    expect(md).toContain('**0 pass, 1 miss, 0 info, 0 not measured.**');
    expect(md).toContain('## Misses');
    expect(md).toContain('to meet: batch');
  });
});

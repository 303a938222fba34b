import { describe, expect, it } from 'vitest';
import type { JourneyFigures } from './journeys/support.ts';
import { bars, formatTable, p95, summarize } from './run.ts';

const figures = (over: Partial<JourneyFigures>): JourneyFigures => ({
  row: 'R1',
  title: 'R1 x',
  status: 'passed',
  expectedStatus: 'passed',
  faultsInjected: 0,
  faultsSurvived: 0,
  eventsLost: 0,
  eventsDuplicated: 0,
  recoveryMs: [],
  xssPayloads: 0,
  xssExecuted: 0,
  cspBlocked: 0,
  externalRequests: [],
  keysFound: [],
  a11ySerious: [],
  pageErrors: [],
  notes: [],
  ...over,
});

describe('fault run figures', () => {
  it('takes the nearest-rank 95th percentile', () => {
    expect(p95([])).toBeNull();
    expect(p95([5])).toBe(5);
    expect(p95(Array.from({ length: 100 }, (_, i) => i + 1))).toBe(95);
  });

  it('meets every bar when all faults were survived and nothing leaked', () => {
    const t = summarize([
      figures({ faultsInjected: 3, faultsSurvived: 3, recoveryMs: [100, 200] }),
      figures({ row: 'R14', xssPayloads: 30 }),
    ]);
    expect(bars(t).every(([, , , met]) => met)).toBe(true);
    expect(formatTable(bars(t))).toContain('| faults injected / survived');
  });

  it('misses bars for an unsurvived fault, a lost event, an executed payload, a key, a violation, an unexpected failure', () => {
    const t = summarize([
      figures({ faultsInjected: 2, faultsSurvived: 1, eventsLost: 1, status: 'failed' }),
      figures({
        xssExecuted: 1,
        keysFound: ['localStorage:x'],
        a11ySerious: ['list: color-contrast'],
      }),
    ]);
    const missed = bars(t)
      .filter(([, , , met]) => !met)
      .map(([name]) => name);
    expect(missed).toEqual([
      'faults injected / survived',
      'events lost',
      'XSS payloads executed',
      'API keys found',
      'axe serious+critical violations',
      'journeys failing unexpectedly',
    ]);
  });

  it('counts a test.fail journey as expected, not unexpected', () => {
    const t = summarize([figures({ status: 'failed', expectedStatus: 'failed' })]);
    expect(t.unexpected).toEqual([]);
    expect(t.expectedFailures).toEqual(['R1 x']);
  });
});

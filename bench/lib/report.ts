import { ratioOf, type Summary } from './stats.ts';

export type Status = 'pass' | 'miss' | 'info' | 'not measured';

/** A goal for one figure: on the candidate's median, or on the baseline ratio. */
export interface Target {
  op: '<=' | '>=';
  value: number;
  on: 'candidate' | 'ratio';
  /** As printed, e.g. "≤ 150 KB" or "≥ 20×". */
  text: string;
}

export type RatioKind = 'baseline/candidate' | 'candidate/baseline';

export interface Figure {
  scenario: string;
  figure: string;
  unit: string;
  candidate: Summary | null;
  baseline: Summary | null;
  ratio: number | null;
  ratioKind: RatioKind | null;
  target: Target | null;
  status: Status;
  note: string;
}

export interface FigureInput {
  scenario: string;
  figure: string;
  unit: string;
  candidate: Summary | null;
  baseline?: Summary | null;
  ratioKind?: RatioKind;
  target?: Target;
  /** Always shown. */
  note?: string;
  /** Shown only on a miss: what it would take to meet the target. */
  onMiss?: string;
  /** Why the candidate was not measured (shown when candidate is null). */
  notMeasured?: string;
}

/** Builds a figure: ratio from the medians, status from the target. */
export function makeFigure(input: FigureInput): Figure {
  const baseline = input.baseline ?? null;
  const ratioKind = input.ratioKind ?? null;
  const c = input.candidate?.median;
  const b = baseline?.median;
  const ratio =
    ratioKind === 'baseline/candidate'
      ? ratioOf(b, c)
      : ratioKind === 'candidate/baseline'
        ? ratioOf(c, b)
        : null;
  const target = input.target ?? null;
  let status: Status;
  const notes: string[] = [];
  if (!input.candidate) {
    status = 'not measured';
    notes.push(`not measured: ${input.notMeasured ?? 'no samples'}`);
  } else if (!target) {
    status = 'info';
  } else {
    const value = target.on === 'ratio' ? ratio : (c ?? null);
    if (value == null || !Number.isFinite(value)) {
      status = 'not measured';
      notes.push('not measured: no value for the target');
    } else {
      status = (target.op === '<=' ? value <= target.value : value >= target.value)
        ? 'pass'
        : 'miss';
    }
  }
  if (input.note) notes.push(input.note);
  if (status === 'miss' && input.onMiss) notes.push(`to meet: ${input.onMiss}`);
  return {
    scenario: input.scenario,
    figure: input.figure,
    unit: input.unit,
    candidate: input.candidate,
    baseline,
    ratio,
    ratioKind,
    target,
    status,
    note: notes.join('; '),
  };
}

/** A figure that could not be taken at all (product piece missing, harness step failed). */
export function notMeasured(
  scenario: string,
  figure: string,
  unit: string,
  reason: string,
  target?: Target,
): Figure {
  return makeFigure({
    scenario,
    figure,
    unit,
    candidate: null,
    notMeasured: reason,
    ...(target ? { target } : {}),
  });
}

const thousands = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Number at a precision that suits its size: 0.42, 4.2, 42, 4,200. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs < 1) return value.toFixed(2);
  if (abs < 10) return value.toFixed(1);
  return thousands.format(value);
}

export function formatValue(value: number, unit: string): string {
  const n = formatNumber(value);
  return unit ? `${n} ${unit}` : n;
}

/** "42 ms (37–61)" or "42 ms" when all samples agree or there is one. */
export function formatSummary(summary: Summary | null, unit: string): string {
  if (!summary) return '—';
  const head = formatValue(summary.median, unit);
  if (summary.n < 2 || summary.min === summary.max) return head;
  return `${head} (${formatNumber(summary.min)}–${formatNumber(summary.max)})`;
}

export function formatRatio(ratio: number | null): string {
  return ratio == null ? '—' : `${formatNumber(ratio)}×`;
}

const escapeCell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

const STATUS_TEXT: Record<Status, string> = {
  pass: 'pass',
  miss: '**miss**',
  info: 'info',
  'not measured': 'not measured',
};

export function markdownTable(figures: readonly Figure[]): string {
  const head = '| Scenario | Figure | Candidate | Baseline | Ratio | Target | Result | Note |';
  const rule = '| --- | --- | --- | --- | --- | --- | --- | --- |';
  const rows = figures.map((f) =>
    [
      f.scenario,
      f.figure,
      formatSummary(f.candidate, f.unit),
      formatSummary(f.baseline, f.unit),
      formatRatio(f.ratio),
      f.target?.text ?? '—',
      STATUS_TEXT[f.status],
      f.note || '',
    ]
      .map((cell) => escapeCell(cell))
      .join(' | '),
  );
  return [head, rule, ...rows.map((r) => `| ${r} |`)].join('\n');
}

export interface RunMeta {
  startedAt: string;
  durationS: number;
  mode: 'quick' | 'full';
  rounds: number;
  chromium: string;
  node: string;
  cpus: number;
  commit: string;
  harnessErrors: string[];
}

export function countByStatus(figures: readonly Figure[]): Record<Status, number> {
  const out: Record<Status, number> = { pass: 0, miss: 0, info: 0, 'not measured': 0 };
  for (const f of figures) out[f.status]++;
  return out;
}

export function markdownReport(meta: RunMeta, figures: readonly Figure[]): string {
  const counts = countByStatus(figures);
  const lines = [
    '# Benchmark results',
    '',
    `Run ${meta.startedAt} (${meta.mode}, ${meta.rounds} interleaved rounds, ${formatNumber(meta.durationS)} s) on ${meta.cpus} CPUs;` +
      ` ${meta.chromium}; Node ${meta.node}; commit ${meta.commit}.`,
    'Candidate = the product (production build behind the gateway); baseline = the in-run control. Values are' +
      ' median (min–max) over samples; ratio = how many times the baseline is of the candidate (or the reverse where noted).',
    '',
    `**${counts.pass} pass, ${counts.miss} miss, ${counts.info} info, ${counts['not measured']} not measured.**`,
    '',
    markdownTable(figures),
  ];
  const misses = figures.filter((f) => f.status === 'miss');
  if (misses.length > 0) {
    lines.push('', '## Misses', '');
    for (const f of misses)
      lines.push(
        `- **${f.scenario}: ${f.figure}** = ${formatSummary(f.candidate, f.unit)}, target ${f.target?.text ?? '—'}. ${f.note}`,
      );
  }
  if (meta.harnessErrors.length > 0) {
    lines.push('', '## Harness errors', '');
    for (const e of meta.harnessErrors) lines.push(`- ${escapeCell(e)}`);
  }
  return `${lines.join('\n')}\n`;
}

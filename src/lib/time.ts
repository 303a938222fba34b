const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "12 s ago", "3 min ago", "5 h ago", "2 d ago"; future times read "in 3 min". */
export function formatRelative(time: number, now: number): string {
  const diff = now - time;
  const abs = Math.abs(diff);
  let text: string;
  if (abs < 5 * SECOND) return 'just now';
  if (abs < MINUTE) text = `${Math.floor(abs / SECOND)} s`;
  else if (abs < HOUR) text = `${Math.floor(abs / MINUTE)} min`;
  else if (abs < DAY) text = `${Math.floor(abs / HOUR)} h`;
  else if (abs < 30 * DAY) text = `${Math.floor(abs / DAY)} d`;
  else if (abs < 365 * DAY) text = `${Math.floor(abs / (30 * DAY))} mo`;
  else text = `${Math.floor(abs / (365 * DAY))} y`;
  return diff >= 0 ? `${text} ago` : `in ${text}`;
}

const absoluteFormat = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
});

/** The absolute time in the viewer's own time zone, with the zone named. */
export function formatAbsolute(time: number, format: Intl.DateTimeFormat = absoluteFormat): string {
  return format.format(new Date(time));
}

/** Compact duration: "850 ms", "42 s", "3 min 05 s", "2 h 04 min", "3 d 2 h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < SECOND) return `${Math.round(ms)} ms`;
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s`;
  if (ms < HOUR) {
    const m = Math.floor(ms / MINUTE);
    const s = Math.floor((ms % MINUTE) / SECOND);
    return `${m} min ${String(s).padStart(2, '0')} s`;
  }
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.floor((ms % HOUR) / MINUTE);
    return `${h} h ${String(m).padStart(2, '0')} min`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.floor((ms % DAY) / HOUR);
  return `${d} d ${h} h`;
}

export const RELATIVE_RANGES = {
  '1h': HOUR,
  '24h': DAY,
  '7d': 7 * DAY,
  '14d': 14 * DAY,
} as const;
export type RelativeRange = keyof typeof RELATIVE_RANGES;

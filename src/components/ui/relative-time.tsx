import { useNow } from '@/hooks/use-now';
import { formatAbsolute, formatRelative } from '@/lib/time';

interface RelativeTimeProps {
  /** Epoch milliseconds; null renders a dash. */
  time: number | null | undefined;
  className?: string;
}

/** "3 min ago", with the absolute time in the viewer's zone on hover. */
export function RelativeTime({ time, className }: RelativeTimeProps) {
  const now = useNow(1000);
  if (time == null || Number.isNaN(time)) return <span className={className}>–</span>;
  const absolute = formatAbsolute(time);
  return (
    <time dateTime={new Date(time).toISOString()} title={absolute} className={className}>
      {formatRelative(time, now)}
    </time>
  );
}

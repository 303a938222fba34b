import { WifiOff } from 'lucide-react';
import { useOnline } from '@/hooks/use-online';

/** Says so while the browser is offline; what is on screen stays, marked as possibly stale. */
export function OfflineBanner() {
  const online = useOnline();
  if (online) return null;
  return (
    <div
      role="status"
      className="flex items-center gap-2 border-b border-border bg-amber-50 px-4 py-1.5 text-[13px] text-amber-900 dark:bg-amber-950 dark:text-amber-100"
    >
      <WifiOff className="h-3.5 w-3.5" aria-hidden />
      You are offline. What you see may be out of date; the console catches up when the connection
      returns.
    </div>
  );
}

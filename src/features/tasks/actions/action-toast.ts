import { toast } from 'sonner';
import { isApiError } from '@/api';

/** "http 500 · The server failed (500): …": kind, status and message, for a toast or a panel. */
export function describeActionError(error: unknown): string {
  if (isApiError(error)) {
    const status = error.status ? ` ${error.status}` : '';
    return `${error.kind}${status} · ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

export function toastActionError(title: string, error: unknown): void {
  toast.error(title, { description: describeActionError(error) });
}

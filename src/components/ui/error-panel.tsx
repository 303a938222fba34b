import { AlertTriangle, RotateCw } from 'lucide-react';
import { Button } from './button';
import { CopyButton } from './copy-button';

interface ErrorLike {
  name?: string;
  message?: string;
  kind?: string;
  status?: number;
}

const KIND_TEXT: Record<string, string> = {
  network: 'The server could not be reached.',
  http: 'The server answered with an error.',
  contract: 'The server answered with data this console does not understand.',
  aborted: 'The request was cancelled.',
};

export function describeError(error: unknown): {
  kind?: string;
  status?: number;
  message: string;
  details: string;
} {
  const e = (
    typeof error === 'object' && error !== null ? error : { message: String(error) }
  ) as ErrorLike;
  const message = e.message || 'Something went wrong.';
  const kind = typeof e.kind === 'string' ? e.kind : undefined;
  const status = typeof e.status === 'number' && e.status > 0 ? e.status : undefined;
  const details = JSON.stringify(
    {
      name: e.name,
      kind,
      status,
      message,
      url: typeof location !== 'undefined' ? location.href : undefined,
      time: new Date().toISOString(),
      stack: error instanceof Error ? error.stack?.split('\n').slice(0, 6).join('\n') : undefined,
    },
    null,
    2,
  );
  return { kind, status, message, details };
}

interface ErrorPanelProps {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}

/** A designed error state: what failed, its kind and status, a retry and the details to copy. */
export function ErrorPanel({ error, title = 'Could not load this', onRetry }: ErrorPanelProps) {
  const { kind, status, message, details } = describeError(error);
  return (
    <div
      role="alert"
      className="mx-auto flex max-w-lg flex-col items-center gap-3 px-6 py-14 text-center"
    >
      <AlertTriangle className="h-6 w-6 text-danger" aria-hidden />
      <h2 className="text-sm font-semibold text-fg">{title}</h2>
      <p className="text-[13px] break-words text-fg">{message}</p>
      {(kind || status) && (
        <p className="flex flex-wrap justify-center gap-2 text-xs text-muted">
          {kind && (
            <span className="rounded border border-border px-1.5 py-0.5 font-mono">
              kind: {kind}
            </span>
          )}
          {status && (
            <span className="rounded border border-border px-1.5 py-0.5 font-mono">
              status: {status}
            </span>
          )}
        </p>
      )}
      {kind && KIND_TEXT[kind] && <p className="text-xs text-muted">{KIND_TEXT[kind]}</p>}
      <div className="mt-1 flex items-center gap-2">
        {onRetry && (
          <Button variant="primary" onClick={onRetry}>
            <RotateCw className="h-3.5 w-3.5" aria-hidden />
            Retry
          </Button>
        )}
        <span className="inline-flex items-center gap-1 text-xs text-muted">
          Copy details <CopyButton value={details} label="Copy error details" />
        </span>
      </div>
    </div>
  );
}

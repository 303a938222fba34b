import { shortId } from '@/lib/short-id';
import { cn } from '@/lib/cn';
import { CopyButton } from './copy-button';

interface IdChipProps {
  id: string;
  /** What the id names, for the copy button's label: "task id", "agent id". */
  kind?: string;
  length?: number;
  className?: string;
  copyable?: boolean;
}

/** A monospace, shortened id with the full value on hover and a copy button. */
export function IdChip({ id, kind = 'id', length = 8, className, copyable = true }: IdChipProps) {
  return (
    <span className={cn('group/id inline-flex min-w-0 items-center gap-0.5', className)}>
      <span className="truncate font-mono text-[12px] text-muted" title={id}>
        {shortId(id, length)}
      </span>
      {copyable && (
        <CopyButton
          value={id}
          label={`Copy ${kind} ${id}`}
          className="opacity-0 group-hover/id:opacity-100 focus-visible:opacity-100 group-focus-within/id:opacity-100"
        />
      )}
    </span>
  );
}

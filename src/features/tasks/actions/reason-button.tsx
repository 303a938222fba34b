import { useId } from 'react';
import { Button, type ButtonProps } from '@/components/ui/button';
import { cn } from '@/lib/cn';

/**
 * A button that, when it cannot act, says why: aria-disabled (so it stays focusable and its
 * tooltip reachable) with the reason as its description, instead of a silent `disabled`.
 */
export function ReasonButton({
  blockedReason,
  onClick,
  className,
  children,
  ...props
}: ButtonProps & { blockedReason: string | null }) {
  const id = useId();
  const blocked = blockedReason !== null;
  return (
    <>
      <Button
        {...props}
        aria-disabled={blocked || undefined}
        aria-describedby={blocked ? id : undefined}
        title={blockedReason ?? props.title}
        onClick={blocked ? (e) => e.preventDefault() : onClick}
        className={cn(blocked && 'cursor-not-allowed opacity-50 hover:bg-bg', className)}
      >
        {children}
      </Button>
      {blocked && (
        <span id={id} className="sr-only">
          {blockedReason}
        </span>
      )}
    </>
  );
}

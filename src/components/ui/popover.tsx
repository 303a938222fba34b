import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { cn } from '@/lib/cn';

interface PopoverProps {
  /** Contents of the trigger button. */
  trigger: ReactNode;
  /** Accessible name of the trigger when its text is not enough. */
  triggerLabel?: string;
  triggerClassName?: string;
  children: ReactNode | ((close: () => void) => ReactNode);
  align?: 'start' | 'end';
  panelClassName?: string;
  /** Marks the trigger as "on" (a filter is active). */
  active?: boolean;
}

/**
 * A light disclosure popover: a button and a panel that closes on Escape, outside click or
 * when focus leaves it. Enough for filter menus; no portal, so it stays in the tab order.
 */
export function Popover({
  trigger,
  triggerLabel,
  triggerClassName,
  children,
  align = 'start',
  panelClassName,
  active,
}: PopoverProps) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener('mousedown', onPointer);
    document.addEventListener('keydown', onKey, true);
    return () => {
      document.removeEventListener('mousedown', onPointer);
      document.removeEventListener('keydown', onKey, true);
    };
  }, [open]);

  const close = () => setOpen(false);
  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-label={triggerLabel}
        onClick={() => setOpen((o) => !o)}
        className={cn(
          'inline-flex h-7 items-center gap-1.5 rounded-md border px-2 text-xs font-medium whitespace-nowrap transition-colors',
          active
            ? 'border-accent bg-accent-soft text-fg'
            : 'border-border bg-bg text-fg hover:bg-surface-2',
          triggerClassName,
        )}
      >
        {trigger}
      </button>
      {open && (
        <div
          id={panelId}
          className={cn(
            'absolute top-full z-30 mt-1 min-w-48 rounded-lg border border-border bg-bg p-1 shadow-lg shadow-black/10',
            align === 'end' ? 'right-0' : 'left-0',
            panelClassName,
          )}
        >
          {typeof children === 'function' ? children(close) : children}
        </div>
      )}
    </div>
  );
}

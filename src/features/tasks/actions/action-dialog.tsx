import * as Dialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import type { ReactNode, RefObject } from 'react';
import { cn } from '@/lib/cn';

export interface ActionDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  /** Where focus goes on close when the trigger is not Radix's own (a menu item, a row). */
  returnFocusRef?: RefObject<HTMLElement | null>;
  size?: 'sm' | 'md' | 'lg';
  /** Blocks Escape and outside clicks (e.g. while a bulk run is in progress). */
  dismissible?: boolean;
}

const WIDTH = { sm: 'max-w-md', md: 'max-w-xl', lg: 'max-w-3xl' };

/** The one dialog frame for task actions: focus moves in on open and back to the trigger on close. */
export function ActionDialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  returnFocusRef,
  size = 'md',
  dismissible = true,
}: ActionDialogProps) {
  const block = (e: Event) => {
    if (!dismissible) e.preventDefault();
  };
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-black/30 dark:bg-black/50" />
        <Dialog.Content
          onEscapeKeyDown={block}
          onPointerDownOutside={block}
          onInteractOutside={block}
          onCloseAutoFocus={(e) => {
            const target = returnFocusRef?.current;
            if (target && target.isConnected) {
              e.preventDefault();
              target.focus();
            }
          }}
          {...(description ? {} : { 'aria-describedby': undefined })}
          className={cn(
            'fixed top-[8vh] left-1/2 z-50 flex max-h-[84vh] w-[calc(100vw-2rem)] -translate-x-1/2 flex-col rounded-lg border border-border bg-bg text-fg shadow-xl shadow-black/20 focus:outline-none',
            WIDTH[size],
          )}
        >
          <div className="flex items-start gap-3 border-b border-border px-4 py-3">
            <div className="min-w-0 flex-1">
              <Dialog.Title className="text-[14px] font-semibold text-fg">{title}</Dialog.Title>
              {description && (
                <Dialog.Description className="mt-0.5 text-xs text-muted">
                  {description}
                </Dialog.Description>
              )}
            </div>
            {dismissible && (
              <Dialog.Close
                aria-label="Close dialog"
                className="inline-flex h-7 w-7 shrink-0 items-center justify-center rounded-md text-muted hover:bg-surface-2 hover:text-fg"
              >
                <X className="h-4 w-4" aria-hidden />
              </Dialog.Close>
            )}
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto">{children}</div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

/** The footer row of a dialog: secondary actions left of the primary one. */
export function DialogFooter({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div
      className={cn(
        'flex flex-wrap items-center justify-end gap-2 border-t border-border bg-surface px-4 py-2.5',
        className,
      )}
    >
      {children}
    </div>
  );
}

export const fieldClass =
  'w-full rounded-md border border-border bg-bg px-2 py-1.5 text-[13px] text-fg placeholder:text-muted/70 focus-visible:outline-2 focus-visible:outline-[var(--focus)] aria-[invalid=true]:border-danger';
export const labelClass = 'flex flex-col gap-1 text-xs font-medium text-muted';

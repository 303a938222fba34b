import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { cn } from '@/lib/cn';

export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

interface CopyButtonProps {
  value: string;
  /** Accessible name, e.g. "Copy task id". */
  label: string;
  className?: string;
  size?: 'sm' | 'md';
}

export function CopyButton({ value, label, className, size = 'sm' }: CopyButtonProps) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const t = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(t);
  }, [copied]);
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      className={cn(
        'inline-flex items-center justify-center rounded text-muted hover:bg-surface-2 hover:text-fg',
        // md meets WCAG 2.2 target size (24 px) where buttons sit side by side.
        size === 'md' ? 'h-6 w-6' : 'h-5 w-5',
        className,
      )}
      onClick={async (e) => {
        // Rows open on click; copying must not navigate.
        e.stopPropagation();
        if (await copyText(value)) setCopied(true);
        else toast.error('Could not copy to the clipboard');
      }}
    >
      {copied ? (
        <Check className="h-3.5 w-3.5" aria-hidden />
      ) : (
        <Copy className="h-3.5 w-3.5" aria-hidden />
      )}
    </button>
  );
}

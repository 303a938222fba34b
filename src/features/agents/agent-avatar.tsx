import { Bot } from 'lucide-react';
import type { AgentsListItem } from '@/contract';
import { cn } from '@/lib/cn';

/**
 * The platform's `icon` is a free string: usually an emoji, sometimes a name or URL. Only a
 * short emoji-like value is shown; remote images stay off (no remote content by default).
 */
export function AgentAvatar({
  agent,
  className,
}: {
  agent: Pick<AgentsListItem, 'icon' | 'name'>;
  className?: string;
}) {
  const icon = agent.icon.trim();
  const isGlyph = icon !== '' && [...icon].length <= 2 && !/^[a-z0-9]+$/i.test(icon);
  return (
    <span
      aria-hidden
      className={cn(
        'inline-flex h-5 w-5 shrink-0 items-center justify-center rounded bg-surface-2 text-[13px] leading-none',
        className,
      )}
    >
      {isGlyph ? icon : <Bot className="h-3.5 w-3.5 text-muted" />}
    </span>
  );
}

const AGENT_STATUS_CLASS: Record<AgentsListItem['status'], string> = {
  ACTIVE: 'text-emerald-700 dark:text-emerald-300',
  DRAFT: 'text-muted',
  INACTIVE: 'text-muted line-through decoration-1',
};

export function AgentStatusText({ status }: { status: AgentsListItem['status'] }) {
  return (
    <span className={cn('text-[11px] font-medium', AGENT_STATUS_CLASS[status])}>
      {status.toLowerCase()}
    </span>
  );
}

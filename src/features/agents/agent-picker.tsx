import { Check, ChevronDown, Layers } from 'lucide-react';
import { useMemo, useState } from 'react';
import type { AgentsListItem } from '@/contract';
import { Popover } from '@/components/ui/popover';
import { cn } from '@/lib/cn';
import { AgentAvatar, AgentStatusText } from './agent-avatar';

interface AgentPickerProps {
  agents: readonly AgentsListItem[];
  loading?: boolean;
  /** null = all agents. */
  value: string | null;
  onChange: (agentId: string | null) => void;
}

/** Chooses the agent scope of the list: name, icon, status and type, filterable by name. */
export function AgentPicker({ agents, loading, value, onChange }: AgentPickerProps) {
  const [filter, setFilter] = useState('');
  const current = agents.find((a) => a.id === value);
  const shown = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const list = f
      ? agents.filter((a) => a.name.toLowerCase().includes(f) || a.id.toLowerCase().includes(f))
      : [...agents];
    return list.sort((a, b) => a.name.localeCompare(b.name));
  }, [agents, filter]);
  const optionClass =
    'flex w-full items-center gap-2 rounded px-2 py-1.5 text-left text-[13px] hover:bg-surface-2';

  return (
    <Popover
      triggerLabel="Agent"
      active={value !== null}
      trigger={
        <>
          {current ? (
            <AgentAvatar agent={current} className="h-4 w-4 text-[11px]" />
          ) : (
            <Layers className="h-3.5 w-3.5" aria-hidden />
          )}
          <span className="max-w-48 truncate">
            {current?.name ?? (value ? value : loading ? 'Loading agents…' : 'All agents')}
          </span>
          <ChevronDown className="h-3 w-3" aria-hidden />
        </>
      }
      panelClassName="w-80 p-1"
    >
      {(close) => (
        <div className="flex flex-col">
          <label className="sr-only" htmlFor="agent-picker-filter">
            Find an agent
          </label>
          <input
            id="agent-picker-filter"
            autoFocus
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="Find an agent"
            className="m-1 h-7 rounded-md border border-border bg-bg px-2 text-[13px] text-fg"
          />
          <ul aria-label="Agents" className="max-h-80 overflow-auto">
            <li>
              <button
                type="button"
                className={optionClass}
                aria-current={value === null || undefined}
                onClick={() => {
                  onChange(null);
                  close();
                }}
              >
                <Layers className="h-4 w-4 text-muted" aria-hidden />
                <span className="flex-1">All agents</span>
                {value === null && <Check className="h-3.5 w-3.5" aria-hidden />}
              </button>
            </li>
            {shown.map((a) => (
              <li key={a.id}>
                <button
                  type="button"
                  className={cn(optionClass, a.status === 'INACTIVE' && 'opacity-80')}
                  aria-current={a.id === value || undefined}
                  onClick={() => {
                    onChange(a.id);
                    close();
                  }}
                >
                  <AgentAvatar agent={a} />
                  <span className="flex min-w-0 flex-1 flex-col">
                    <span className="truncate text-fg">{a.name}</span>
                    <span className="flex gap-2 text-[11px] text-muted">
                      <AgentStatusText status={a.status} />
                      {a.type && <span>{a.type}</span>}
                    </span>
                  </span>
                  {a.id === value && <Check className="h-3.5 w-3.5" aria-hidden />}
                </button>
              </li>
            ))}
            {shown.length === 0 && !loading && (
              <li className="px-2 py-2 text-xs text-muted">No agent matches.</li>
            )}
          </ul>
        </div>
      )}
    </Popover>
  );
}

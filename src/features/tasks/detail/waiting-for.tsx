import { ExternalLink, Hand, KeyRound } from 'lucide-react';
import type { Task } from '@/contract';

/** What a paused task waits for: a person (HITL) or a connector sign-in (with its link). */
export function WaitingFor({ task }: { task: Task }) {
  const hitl = task.hitl_request;
  const eca = task.pending_eca_request;
  if (!hitl && !eca) return null;
  return (
    <div
      role="note"
      className="flex flex-col gap-1.5 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-[13px] text-amber-900 dark:border-amber-800 dark:bg-amber-950/50 dark:text-amber-100"
    >
      {hitl && (
        <p className="flex items-center gap-2">
          <Hand className="h-4 w-4 shrink-0" aria-hidden />
          <span>
            <strong>Waiting for a person</strong> (human in the loop) at node{' '}
            <code className="font-mono text-[12px]">{hitl.wait_node_id}</code>.
          </span>
        </p>
      )}
      {eca && (
        <p className="flex flex-wrap items-center gap-2">
          <KeyRound className="h-4 w-4 shrink-0" aria-hidden />
          <span>
            <strong>Waiting for sign-in</strong> to the {eca.connector_name} connector.
          </span>
          <a
            href={eca.auth_url}
            target="_blank"
            rel="noopener noreferrer"
            className="inline-flex items-center gap-1 font-medium underline underline-offset-2"
          >
            Authorize {eca.connector_name}
            <ExternalLink className="h-3.5 w-3.5" aria-hidden />
          </a>
        </p>
      )}
    </div>
  );
}

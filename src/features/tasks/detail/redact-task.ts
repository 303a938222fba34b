import type { Task } from '@/contract';

const MCP_SECRET_KEYS = ['api_key', 'client_secret', 'headers', 'env_vars'] as const;

/**
 * The task for display and download without the fields the API doc marks secret. The gateway
 * strips them already; this is the second lock, for an upstream that does not.
 */
export function redactTask(task: Task): Task {
  const copy: Task = { ...task };
  if (copy.user_tokens != null) copy.user_tokens = { redacted: true };
  if (copy.user_oidc_token != null) copy.user_oidc_token = 'REDACTED';
  if (copy.mcp_servers) {
    copy.mcp_servers = copy.mcp_servers.map((server) => {
      const s: Record<string, unknown> = { ...server };
      for (const key of MCP_SECRET_KEYS) if (s[key] != null) s[key] = 'REDACTED';
      return s as typeof server;
    });
  }
  return copy;
}

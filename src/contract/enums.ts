import { z } from 'zod';

/** `AgentExecutionStatus`: exactly these seven; the SDK rejects anything else. */
export const TASK_STATUSES = [
  'pending',
  'executing',
  'paused',
  'error',
  'failed',
  'completed',
  'stopped',
] as const;
export const taskStatusSchema = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof taskStatusSchema>;

// `error` is terminal in practice: the SDK worker sets it when a handler throws.
export const TERMINAL_STATUSES: ReadonlySet<TaskStatus> = new Set<TaskStatus>([
  'completed',
  'failed',
  'error',
  'stopped',
]);

export function isTerminalStatus(status: TaskStatus | null | undefined): boolean {
  return status != null && TERMINAL_STATUSES.has(status);
}

export const OUTPUT_FORMATS = ['text', 'markdown', 'json', 'voice'] as const;
export const outputFormatSchema = z.enum(OUTPUT_FORMATS);
export type OutputFormat = z.infer<typeof outputFormatSchema>;

export const THINK_MODES = ['default', 'harder'] as const;
export const thinkModeSchema = z.enum(THINK_MODES);
export type ThinkMode = z.infer<typeof thinkModeSchema>;

/** v1-only field; kept a plain string on the wire because the SDK does not model it. */
export const LLM_REASONING_EFFORTS = ['low', 'medium', 'high', 'xhigh'] as const;

export const MCP_OAUTH_TYPES = [
  'not_supported',
  'login_required',
  'token_issue',
  'token_ready',
] as const;
export const mcpOAuthTypeSchema = z.enum(MCP_OAUTH_TYPES);
export type McpOAuthType = z.infer<typeof mcpOAuthTypeSchema>;

import { z } from 'zod';
import { mcpOAuthTypeSchema } from './enums.ts';

export const mcpOAuthLoginRequiredSchema = z.looseObject({
  url: z.string(),
  server_url: z.string(),
  server_name: z.string(),
});
/** `access_token` is always "REDACTED" in events and activity items. */
export const mcpOAuthTokenReadySchema = z.looseObject({ access_token: z.string() });
export const mcpOAuthMessageSchema = z.looseObject({ message: z.string() });

// The SDK picks the data variant by its shape, not by `type`.
export const mcpOAuthDataSchema = z.union([
  mcpOAuthLoginRequiredSchema,
  mcpOAuthTokenReadySchema,
  mcpOAuthMessageSchema,
]);

export const mcpOAuthResponseSchema = z.looseObject({
  type: mcpOAuthTypeSchema,
  data: mcpOAuthDataSchema,
});
export type McpOAuthResponse = z.infer<typeof mcpOAuthResponseSchema>;

/** `{title?, description?}` on tool calls and sub-agent triggers. */
export const toolCallReasoningSchema = z.looseObject({
  title: z.string().nullish(),
  description: z.string().nullish(),
});
export type ToolCallReasoning = z.infer<typeof toolCallReasoningSchema>;

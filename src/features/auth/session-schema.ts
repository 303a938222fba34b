import { z } from 'zod';

export const ROLES = ['viewer', 'operator', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

export const authModeSchema = z.enum(['none', 'local', 'proxy']);
export type AuthMode = z.infer<typeof authModeSchema>;

/** GET /api/session, POST /api/session/login and /logout (the gateway's own routes). */
export const sessionSchema = z.object({
  authenticated: z.boolean(),
  auth_mode: authModeSchema,
  user: z
    .object({ username: z.string(), email: z.string().nullable(), role: roleSchema })
    .nullable(),
  csrf_token: z.string().nullable(),
  expires_at: z.string().nullable(),
  idle_timeout_seconds: z.number().nullable(),
  logout_url: z.string().nullable(),
  detail: z.string().optional(),
});
export type SessionState = z.infer<typeof sessionSchema>;

/** The gateway's error body: `reason` is what code branches on. */
export const gatewayErrorSchema = z.looseObject({
  detail: z.string(),
  reason: z.string(),
  required_role: roleSchema.optional(),
  retry_after_seconds: z.number().optional(),
});

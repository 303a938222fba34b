import { z } from 'zod';
import { timestampSchema } from './timestamp.ts';

export const AGENT_STATUSES = ['DRAFT', 'ACTIVE', 'INACTIVE'] as const;
export const AGENT_TYPES = ['manager', 'regular', 'a2a', 'curl', 'orchestration'] as const;

export const agentsListItemSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  icon: z.string(),
  instructions: z.looseObject({
    role: z.array(z.string()),
    goal: z.array(z.string()),
    general: z.string(),
  }),
  status: z.enum(AGENT_STATUSES),
  organization_id: z.string(),
  created_at: timestampSchema,
  description: z.string().nullish(),
  access_scope: z.enum(['personal', 'organizational']).nullish(),
  created_by: z.string().nullish(),
  type: z.enum(AGENT_TYPES).nullish(),
});
export type AgentsListItem = z.infer<typeof agentsListItemSchema>;

import { z } from 'zod';
import { pagingSchema } from './common.js';

export const auditChangeSchema = z.object({ field: z.string(), before: z.unknown(), after: z.unknown() });
export const auditEntrySchema = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  at: z.string(),
  actorId: z.number().int().nullable(),
  actorName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  changes: z.array(auditChangeSchema),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditListQuerySchema = pagingSchema
  .extend({
    actor: z.string().trim().max(64).optional(),
    entityType: z.string().trim().max(64).optional(),
    entityId: z.string().trim().max(64).optional(),
    action: z.string().trim().max(64).optional(),
    from: z.string().max(32).optional(),
    to: z.string().max(32).optional(),
    order: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict();
export type AuditListQuery = z.infer<typeof auditListQuerySchema>;

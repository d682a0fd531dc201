import { z } from 'zod';
import { orgKindSchema, roleSchema } from './access.js';

export const loginSchema = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) }).strict();
export type LoginInput = z.infer<typeof loginSchema>;

export const changePasswordSchema = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(8).max(256) })
  .strict();
export type ChangePasswordInput = z.infer<typeof changePasswordSchema>;

export const grantSchema = z.object({
  id: z.number().int(),
  role: roleSchema,
  orgId: z.number().int(),
  orgName: z.string(),
  orgKind: orgKindSchema,
});
export type Grant = z.infer<typeof grantSchema>;

export const meSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  mustChangePassword: z.boolean(),
  roles: z.array(roleSchema),
  grants: z.array(grantSchema),
  orgScopes: z.array(z.object({ orgId: z.number().int(), orgName: z.string(), roles: z.array(roleSchema) })),
  enterpriseName: z.string(),
});
export type Me = z.infer<typeof meSchema>;

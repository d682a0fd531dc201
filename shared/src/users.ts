import { z } from 'zod';
import { roleSchema } from './access.js';
import { grantSchema } from './auth.js';
import { pagingSchema } from './common.js';

export const USER_STATUSES = ['active', 'disabled'] as const;
export const userStatusSchema = z.enum(USER_STATUSES);

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  status: userStatusSchema,
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  grants: z.array(grantSchema),
});
export type User = z.infer<typeof userSchema>;

export const userListQuerySchema = pagingSchema
  .extend({
    q: z.string().trim().max(64).optional(),
    status: userStatusSchema.optional(),
    role: roleSchema.optional(),
    sort: z.enum(['username', 'displayName', 'createdAt', 'lastLoginAt']).default('username'),
    order: z.enum(['asc', 'desc']).default('asc'),
  })
  .strict();
export type UserListQuery = z.infer<typeof userListQuerySchema>;

const usernameSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[a-zA-Z0-9._-]+$/, 'letters, digits, dot, underscore and hyphen only');

export const userCreateSchema = z
  .object({
    username: usernameSchema,
    displayName: z.string().trim().min(1).max(64),
    password: z.string().min(8).max(256),
    grants: z
      .array(z.object({ role: roleSchema, orgId: z.number().int().positive() }).strict())
      .max(50)
      .default([]),
  })
  .strict();
export type UserCreateInput = z.infer<typeof userCreateSchema>;

export const userUpdateSchema = z
  .object({ displayName: z.string().trim().min(1).max(64).optional(), status: userStatusSchema.optional() })
  .strict();
export type UserUpdateInput = z.infer<typeof userUpdateSchema>;

export const resetPasswordSchema = z.object({ newPassword: z.string().min(8).max(256) }).strict();
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;

export const grantCreateSchema = z.object({ role: roleSchema, orgId: z.number().int().positive() }).strict();
export type GrantCreateInput = z.infer<typeof grantCreateSchema>;

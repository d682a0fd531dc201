import {
  grantCreateSchema,
  idParamSchema,
  pageOf,
  resetPasswordSchema,
  userCreateSchema,
  userListQuerySchema,
  userSchema,
  userUpdateSchema,
} from '@guantong/shared';
import { z } from 'zod';
import { requireRole } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import type { ZodApp } from '../../core/http.js';
import { actorOf } from '../../core/session.js';
import { addGrant, createUser, getUser, listUsersPage, removeGrant, resetPassword, USER_ADMIN_ROLES, updateUser } from './users.service.js';

const grantParams = z.object({ id: z.coerce.number().int().positive(), grantId: z.coerce.number().int().positive() }).strict();

/** User administration (系统管理 → 用户与授权), system administrators only. */
export function registerUserRoutes(app: ZodApp, ctx: AppContext): void {
  const tags = ['users'];
  const admin = (request: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(request);
    requireRole(actor, USER_ADMIN_ROLES);
    return actor;
  };
  app.get('/api/users', { schema: { tags, querystring: userListQuerySchema, response: { 200: pageOf(userSchema) } } }, async (req) =>
    listUsersPage(ctx, admin(req), req.query),
  );
  app.post('/api/users', { schema: { tags, body: userCreateSchema, response: { 201: userSchema } } }, async (req, reply) => {
    const user = await createUser(ctx, admin(req), req.body);
    return reply.status(201).send(user);
  });
  app.get('/api/users/:id', { schema: { tags, params: idParamSchema, response: { 200: userSchema } } }, async (req) =>
    getUser(ctx, admin(req), req.params.id),
  );
  app.patch(
    '/api/users/:id',
    { schema: { tags, params: idParamSchema, body: userUpdateSchema, response: { 200: userSchema } } },
    async (req) => updateUser(ctx, admin(req), req.params.id, req.body),
  );
  app.post(
    '/api/users/:id/reset-password',
    { schema: { tags, params: idParamSchema, body: resetPasswordSchema, response: { 200: userSchema } } },
    async (req) => resetPassword(ctx, admin(req), req.params.id, req.body),
  );
  app.post(
    '/api/users/:id/grants',
    { schema: { tags, params: idParamSchema, body: grantCreateSchema, response: { 201: userSchema } } },
    async (req, reply) => {
      const user = await addGrant(ctx, admin(req), req.params.id, req.body);
      return reply.status(201).send(user);
    },
  );
  app.delete('/api/users/:id/grants/:grantId', { schema: { tags, params: grantParams, response: { 200: userSchema } } }, async (req) =>
    removeGrant(ctx, admin(req), req.params.id, req.params.grantId),
  );
}

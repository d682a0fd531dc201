import { changePasswordSchema, loginSchema, meSchema, okSchema } from '@guantong/shared';
import type { AppContext } from '../../core/context.js';
import type { ZodApp } from '../../core/http.js';
import { actorOf, endSession, loadGrants, startSession } from '../../core/session.js';
import { authenticate, changeOwnPassword, describeMe } from './auth.service.js';

/** Sign-in, sign-out, the current user and changing one's password (fixed contracts). */
export function registerAuthRoutes(app: ZodApp, ctx: AppContext): void {
  app.post('/api/auth/login', { schema: { tags: ['auth'], body: loginSchema, response: { 200: meSchema } } }, async (request, reply) => {
    const userId = await authenticate(ctx, request.body, request.ip);
    if (request.sessionId) {
      await endSession(ctx, request, reply);
    }
    await startSession(ctx, request, reply, userId);
    const user = await ctx.database.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
    const actor = {
      userId,
      username: user.username,
      displayName: user.display_name,
      grants: await loadGrants(ctx.database.db, userId),
    };
    return describeMe(ctx, actor);
  });

  app.post('/api/auth/logout', { schema: { tags: ['auth'], response: { 200: okSchema } } }, async (request, reply) => {
    await endSession(ctx, request, reply);
    return { ok: true as const };
  });

  app.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: meSchema } } }, async (request) =>
    describeMe(ctx, actorOf(request)),
  );

  app.post(
    '/api/auth/password',
    { schema: { tags: ['auth'], body: changePasswordSchema, response: { 200: okSchema } } },
    async (request, reply) => {
      const actor = actorOf(request);
      await changeOwnPassword(ctx, actor, request.body);
      // Every session was revoked; this browser continues in a fresh one.
      await startSession(ctx, request, reply, actor.userId ?? -1);
      return { ok: true as const };
    },
  );
}

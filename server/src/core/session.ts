import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Actor, ActorGrant } from './access.js';
import type { AppContext } from './context.js';
import { AppError } from './errors.js';

export const SESSION_COOKIE = 'gt_session';
export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'guantong';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    sessionId: string | null;
  }
}

function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Loads the grants of a user with the paths of the organisations they sit at. */
export async function loadGrants(db: Kysely<DB>, userId: number): Promise<ActorGrant[]> {
  const rows = await db
    .selectFrom('role_grants as g')
    .innerJoin('orgs as o', 'o.id', 'g.org_id')
    .select(['g.role', 'g.org_id', 'o.path'])
    .where('g.user_id', '=', userId)
    .execute();
  return rows.map((r) => ({ role: r.role, orgId: r.org_id, orgPath: r.path }));
}

/** Creates a server-side session and sets its httpOnly cookie. */
export async function startSession(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, userId: number): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock();
  const expires = new Date(now.getTime() + ctx.env.SESSION_ABSOLUTE_HOURS * 3600_000);
  await ctx.database.db
    .insertInto('sessions')
    .values({
      id: tokenId(token),
      user_id: userId,
      created_at: now.toISOString(),
      last_seen_at: now.toISOString(),
      expires_at: expires.toISOString(),
      ip: request.ip ?? null,
      user_agent: (request.headers['user-agent'] ?? '').slice(0, 300) || null,
    })
    .execute();
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
    path: '/',
    expires,
  });
}

/** Ends the current session (if any) and clears the cookie. */
export async function endSession(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.sessionId) {
    await ctx.database.db.deleteFrom('sessions').where('id', '=', request.sessionId).execute();
  }
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Revokes every session of a user (password change, reset, disable). */
export async function revokeUserSessions(db: Kysely<DB>, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/**
 * Resolves the session cookie into `request.actor` on every API request (idle and absolute expiry
 * enforced here), and refuses cookie-authenticated writes that lack the custom header or come from
 * another origin (CSRF).
 */
export function registerSessions(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionId', null);
  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) {
      return;
    }
    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(request.method);
    if (unsafe) {
      if (request.headers[CSRF_HEADER] !== CSRF_VALUE) {
        throw new AppError('CSRF_REJECTED', 403, `Write requests must carry the header ${CSRF_HEADER}: ${CSRF_VALUE}.`);
      }
      const origin = request.headers.origin ?? request.headers.referer;
      if (origin) {
        let host: string | null = null;
        try {
          host = new URL(origin).host;
        } catch {
          host = null;
        }
        if (host !== request.headers.host) {
          throw new AppError('CSRF_REJECTED', 403, 'The request comes from another site.');
        }
      }
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) {
      return;
    }
    const id = tokenId(token);
    const db = ctx.database.db;
    // One round trip per request: the session, its user and the user's grants (one row per grant,
    // or one row with null grant columns for a user without any).
    const rows = await db
      .selectFrom('sessions as s')
      .innerJoin('users as u', 'u.id', 's.user_id')
      .leftJoin('role_grants as g', 'g.user_id', 's.user_id')
      .leftJoin('orgs as o', 'o.id', 'g.org_id')
      .select([
        's.id',
        's.user_id',
        's.last_seen_at',
        's.expires_at',
        'u.username',
        'u.display_name',
        'u.status',
        'g.role',
        'g.org_id',
        'o.path',
      ])
      .where('s.id', '=', id)
      .execute();
    const row = rows[0];
    if (!row) {
      return;
    }
    const now = ctx.clock();
    const idleLimit = new Date(new Date(row.last_seen_at).getTime() + ctx.env.SESSION_IDLE_MINUTES * 60_000);
    if (row.status !== 'active' || now >= new Date(row.expires_at) || now >= idleLimit) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
      return;
    }
    // Touch at most once a minute so reads do not become writes.
    if (now.getTime() - new Date(row.last_seen_at).getTime() > 60_000) {
      await db.updateTable('sessions').set({ last_seen_at: now.toISOString() }).where('id', '=', id).execute();
    }
    request.sessionId = id;
    request.actor = {
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      grants: rows.flatMap((r) =>
        r.role !== null && r.org_id !== null && r.path !== null ? [{ role: r.role, orgId: r.org_id, orgPath: r.path }] : [],
      ),
      requestId: request.id,
      ip: request.ip,
    };
  });
}

/** The signed-in actor, or 401. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw new AppError('UNAUTHENTICATED', 401, 'Please sign in.');
  }
  return request.actor;
}

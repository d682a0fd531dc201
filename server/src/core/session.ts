import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { onTableWrite } from '../db/write-watch.js';
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

/**
 * Resolved sessions, reused for up to SESSION_CACHE_MS so that a user's burst of requests reads the
 * session, user and grants once (one query less per request; on PostgreSQL one round trip less). Expiry is
 * still checked on every request against the cached times. In this process the cache never outlives a
 * change: revoking a user's sessions (password change, reset, disable), signing out, and any write to
 * role_grants or orgs (grants and their paths) drop the affected entries, and for QUIET_MS afterwards
 * nothing is cached or served for them, so a read racing the change's transaction cannot cache the old
 * state. Other processes on the same PostgreSQL database see such a change within SESSION_CACHE_MS.
 */
const SESSION_CACHE_MS = 5_000;
const QUIET_MS = 2_000;
const SESSION_CACHE_MAX = 10_000;

interface CachedSession {
  /** performance.now() when the database read began. */
  readAt: number;
  userId: number;
  username: string;
  displayName: string;
  grants: ActorGrant[];
  lastSeenAt: string;
  expiresAt: string;
}

const sessionCache = new Map<string, CachedSession>();
const quietUntilByUser = new Map<number, number>();
let quietUntilAll = 0;

/** Drops cached sessions (of one user, or all) and keeps them out of the cache for a moment; see SESSION_CACHE_MS. */
export function forgetCachedSessions(userId: number | null): void {
  const until = performance.now() + QUIET_MS;
  if (userId === null) {
    quietUntilAll = until;
    sessionCache.clear();
    return;
  }
  quietUntilByUser.set(userId, until);
  for (const [id, entry] of sessionCache) {
    if (entry.userId === userId) {
      sessionCache.delete(id);
    }
  }
}

onTableWrite(['role_grants', 'orgs'], () => forgetCachedSessions(null));

function usable(entry: CachedSession, now: number): boolean {
  return (
    now - entry.readAt < SESSION_CACHE_MS && entry.readAt >= quietUntilAll && entry.readAt >= (quietUntilByUser.get(entry.userId) ?? 0)
  );
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
    sessionCache.delete(request.sessionId);
    if (request.actor?.userId != null) {
      forgetCachedSessions(request.actor.userId);
    }
    await ctx.database.db.deleteFrom('sessions').where('id', '=', request.sessionId).execute();
  }
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** Revokes every session of a user (password change, reset, disable). */
export async function revokeUserSessions(db: Kysely<DB>, userId: number): Promise<void> {
  forgetCachedSessions(userId);
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  forgetCachedSessions(userId);
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
    const session = await resolveSession(ctx, id);
    if (!session) {
      return;
    }
    request.sessionId = id;
    request.actor = {
      userId: session.userId,
      username: session.username,
      displayName: session.displayName,
      grants: session.grants,
      requestId: request.id,
      ip: request.ip,
    };
  });
}

/** The live session with this id (from the cache or the database), enforcing idle and absolute expiry; null if none. */
async function resolveSession(ctx: AppContext, id: string): Promise<CachedSession | null> {
  const db = ctx.database.db;
  const started = performance.now();
  let session = sessionCache.get(id);
  if (session && !usable(session, started)) {
    sessionCache.delete(id);
    session = undefined;
  }
  if (!session) {
    // One round trip: the session, its user and the user's grants (one row per grant, or one row with
    // null grant columns for a user without any).
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
      return null;
    }
    if (row.status !== 'active') {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
      return null;
    }
    session = {
      readAt: started,
      userId: row.user_id,
      username: row.username,
      displayName: row.display_name,
      // Shared by every request the entry serves: frozen so that no caller can change it for the others.
      grants: Object.freeze(
        rows.flatMap((r) =>
          r.role !== null && r.org_id !== null && r.path !== null
            ? [Object.freeze({ role: r.role, orgId: r.org_id, orgPath: r.path })]
            : [],
        ),
      ) as ActorGrant[],
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
    };
    if (usable(session, performance.now())) {
      sessionCache.set(id, session);
      if (sessionCache.size > SESSION_CACHE_MAX) {
        sessionCache.delete(sessionCache.keys().next().value as string);
      }
    }
  }
  const now = ctx.clock();
  const lastSeen = new Date(session.lastSeenAt).getTime();
  if (now >= new Date(session.expiresAt) || now.getTime() >= lastSeen + ctx.env.SESSION_IDLE_MINUTES * 60_000) {
    sessionCache.delete(id);
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  // Touch at most once a minute so reads do not become writes.
  if (now.getTime() - lastSeen > 60_000) {
    session.lastSeenAt = now.toISOString();
    await db.updateTable('sessions').set({ last_seen_at: session.lastSeenAt }).where('id', '=', id).execute();
  }
  return session;
}

/** The signed-in actor, or 401. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) {
    throw new AppError('UNAUTHENTICATED', 401, 'Please sign in.');
  }
  return request.actor;
}

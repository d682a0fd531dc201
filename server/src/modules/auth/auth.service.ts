import type { ChangePasswordInput, LoginInput, Me, Role } from '@guantong/shared';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { assertStrongPassword, hashPassword, verifyPassword } from '../../core/passwords.js';
import { revokeUserSessions } from '../../core/session.js';
import type { DB } from '../../db/schema.js';

export const ACCOUNT_MAX_FAILURES = 5;
export const IP_MAX_FAILURES = 30;
export const THROTTLE_WINDOW_MS = 15 * 60_000;

// A hash to verify against when the username does not exist, so timing does not reveal it.
let dummyHash: Promise<string> | null = null;

async function throttleState(db: Kysely<DB>, key: string, now: Date) {
  const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row) {
    return { attempts: 0, until: null as Date | null };
  }
  const until = new Date(new Date(row.window_start).getTime() + THROTTLE_WINDOW_MS);
  if (until <= now) {
    return { attempts: 0, until: null };
  }
  return { attempts: row.attempts, until };
}

async function recordFailure(db: Kysely<DB>, key: string, now: Date): Promise<void> {
  const state = await throttleState(db, key, now);
  if (state.attempts === 0) {
    await db
      .insertInto('login_throttle')
      .values({ key, window_start: now.toISOString(), attempts: 1 })
      .onConflict((oc) => oc.column('key').doUpdateSet({ window_start: now.toISOString(), attempts: 1 }))
      .execute();
    return;
  }
  await db
    .updateTable('login_throttle')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('key', '=', key)
    .execute();
}

/** Clears the per-account failure counter (successful login, password reset). */
export async function clearAccountThrottle(db: Kysely<DB>, username: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', `user:${username.toLowerCase()}`).execute();
}

/** When the account is locked by failed attempts, the time it unlocks; otherwise null. */
export async function accountLockedUntil(db: Kysely<DB>, username: string, now: Date): Promise<Date | null> {
  const s = await throttleState(db, `user:${username.toLowerCase()}`, now);
  return s.attempts >= ACCOUNT_MAX_FAILURES ? s.until : null;
}

/**
 * Checks a username and password with throttling per account and per IP. A locked account answers
 * the same way whether or not the username exists.
 */
export async function authenticate(ctx: AppContext, input: LoginInput, ip: string): Promise<number> {
  const db = ctx.database.db;
  const now = ctx.clock();
  const accountKey = `user:${input.username.toLowerCase()}`;
  const ipKey = `ip:${ip}`;
  const ipState = await throttleState(db, ipKey, now);
  if (ipState.attempts >= IP_MAX_FAILURES) {
    throw new AppError('TOO_MANY_REQUESTS', 429, 'Too many failed sign-ins from this address. Try again later.', {
      retryAt: ipState.until?.toISOString(),
    });
  }
  const accState = await throttleState(db, accountKey, now);
  if (accState.attempts >= ACCOUNT_MAX_FAILURES) {
    throw new AppError(
      'ACCOUNT_LOCKED',
      423,
      'This account is locked after repeated failed sign-ins. Try again later or ask an administrator to reset the password.',
      {
        retryAt: accState.until?.toISOString(),
      },
    );
  }
  const user = await db.selectFrom('users').selectAll().where('username', '=', input.username).executeTakeFirst();
  dummyHash ??= hashPassword('not-a-real-password-0');
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash), input.password);
  if (!user || !ok) {
    await recordFailure(db, accountKey, now);
    await recordFailure(db, ipKey, now);
    throw new AppError('INVALID_CREDENTIALS', 401, 'The username or password is wrong.');
  }
  if (user.status !== 'active') {
    throw new AppError('ACCOUNT_DISABLED', 403, 'This account is disabled. Ask an administrator.');
  }
  await clearAccountThrottle(db, user.username);
  await db.updateTable('users').set({ last_login_at: now.toISOString() }).where('id', '=', user.id).execute();
  return user.id;
}

/** The signed-in user with roles and the organisations they act at. */
export async function describeMe(ctx: AppContext, actor: Actor): Promise<Me> {
  const db = ctx.database.db;
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', actor.userId ?? -1)
    .executeTakeFirstOrThrow();
  const orgIds = [...new Set(actor.grants.map((g) => g.orgId))];
  const orgs = orgIds.length ? await db.selectFrom('orgs').select(['id', 'name', 'kind']).where('id', 'in', orgIds).execute() : [];
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const top = await db.selectFrom('orgs').select('name').where('parent_id', 'is', null).orderBy('id').limit(1).executeTakeFirst();
  const grants = await db.selectFrom('role_grants').select(['id', 'role', 'org_id']).where('user_id', '=', user.id).orderBy('id').execute();
  const scopes = new Map<number, Set<Role>>();
  for (const g of actor.grants) {
    const set = scopes.get(g.orgId) ?? new Set<Role>();
    set.add(g.role);
    scopes.set(g.orgId, set);
  }
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    mustChangePassword: user.must_change_password === 1,
    roles: [...new Set(actor.grants.map((g) => g.role))],
    grants: grants.map((g) => ({
      id: g.id,
      role: g.role,
      orgId: g.org_id,
      orgName: byId.get(g.org_id)?.name ?? '',
      orgKind: byId.get(g.org_id)?.kind ?? 'committee',
    })),
    orgScopes: [...scopes.entries()].map(([orgId, roles]) => ({ orgId, orgName: byId.get(orgId)?.name ?? '', roles: [...roles] })),
    enterpriseName: top?.name ?? '',
  };
}

/** Changes the actor's own password after checking the current one; every session of the user is revoked. */
export async function changeOwnPassword(ctx: AppContext, actor: Actor, input: ChangePasswordInput): Promise<void> {
  const db = ctx.database.db;
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', actor.userId ?? -1)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    throw new AppError('INVALID_CREDENTIALS', 400, 'The current password is wrong.', [
      { path: 'currentPassword', message: 'wrong password' },
    ]);
  }
  assertStrongPassword(input.newPassword, user.username);
  if (input.newPassword === input.currentPassword) {
    throw new AppError('WEAK_PASSWORD', 400, 'The new password must differ from the current one.');
  }
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: 0, updated_at: ctx.clock().toISOString() })
      .where('id', '=', user.id)
      .execute();
    await revokeUserSessions(trx, user.id);
    await audit(
      trx,
      actor,
      {
        action: 'user.password_changed',
        entityType: 'user',
        entityId: user.id,
        before: { password_hash: user.password_hash },
        after: { password_hash: passwordHash },
      },
      ctx.clock,
    );
  });
}

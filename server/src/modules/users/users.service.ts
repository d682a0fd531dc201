import type { GrantCreateInput, ResetPasswordInput, User, UserCreateInput, UserListQuery, UserUpdateInput } from '@guantong/shared';
import type { Actor } from '../../core/access.js';
import { requireVisibleOrg } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, conflict, notFound } from '../../core/errors.js';
import { assertStrongPassword, hashPassword } from '../../core/passwords.js';
import { revokeUserSessions } from '../../core/session.js';
import { accountLockedUntil, clearAccountThrottle } from '../auth/auth.service.js';
import { presentUser } from './users.presenter.js';
import { findGrant, findUserById, findUserByUsername, listGrantsOf, listUsers } from './users.repository.js';

/** Only system administrators manage accounts; they reach organisations through their own grants. */
export const USER_ADMIN_ROLES = ['sysadmin'] as const;

async function present(ctx: AppContext, id: number): Promise<User> {
  const db = ctx.database.db;
  const row = await findUserById(db, id);
  if (!row) {
    throw notFound('user');
  }
  return presentUser(row, await listGrantsOf(db, [id]), await accountLockedUntil(db, row.username, ctx.clock()));
}

/** One page of users with their grants. */
export async function listUsersPage(ctx: AppContext, _actor: Actor, q: UserListQuery) {
  const db = ctx.database.db;
  const { rows, total } = await listUsers(db, q);
  const grants = await listGrantsOf(
    db,
    rows.map((r) => r.id),
  );
  const now = ctx.clock();
  const items = await Promise.all(rows.map(async (r) => presentUser(r, grants, await accountLockedUntil(db, r.username, now))));
  return { items, total, page: q.page, pageSize: q.pageSize };
}

export async function getUser(ctx: AppContext, _actor: Actor, id: number): Promise<User> {
  return present(ctx, id);
}

/** Creates an account with initial grants; the user must change the password at first sign-in. */
export async function createUser(ctx: AppContext, actor: Actor, input: UserCreateInput): Promise<User> {
  const db = ctx.database.db;
  assertStrongPassword(input.password, input.username);
  if (await findUserByUsername(db, input.username)) {
    throw conflict('This username is taken.', [{ path: 'username', message: 'taken' }]);
  }
  for (const g of input.grants) {
    await requireVisibleOrg(db, actor, g.orgId, USER_ADMIN_ROLES);
  }
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const values = {
      username: input.username,
      display_name: input.displayName,
      password_hash: passwordHash,
      status: 'active' as const,
      person_id: null,
      must_change_password: 1,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    };
    const row = await trx.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'user.created', entityType: 'user', entityId: row.id, after: values }, ctx.clock);
    const unique = [...new Map(input.grants.map((g) => [`${g.role}@${g.orgId}`, g])).values()];
    for (const g of unique) {
      const grant = { user_id: row.id, role: g.role, org_id: g.orgId, created_at: now };
      const gr = await trx.insertInto('role_grants').values(grant).returning('id').executeTakeFirstOrThrow();
      await audit(trx, actor, { action: 'grant.created', entityType: 'role_grant', entityId: gr.id, after: grant }, ctx.clock);
    }
    return row.id;
  });
  return present(ctx, id);
}

/** Renames or enables/disables a user; disabling revokes every session. */
export async function updateUser(ctx: AppContext, actor: Actor, id: number, input: UserUpdateInput): Promise<User> {
  const db = ctx.database.db;
  const before = await findUserById(db, id);
  if (!before) {
    throw notFound('user');
  }
  if (input.status === 'disabled' && id === actor.userId) {
    throw new AppError('INVALID_STATE', 409, 'You cannot disable your own account.');
  }
  const patch = {
    ...(input.displayName !== undefined ? { display_name: input.displayName } : {}),
    ...(input.status !== undefined ? { status: input.status } : {}),
  };
  if (Object.keys(patch).length > 0) {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('users')
        .set({ ...patch, updated_at: ctx.clock().toISOString() })
        .where('id', '=', id)
        .execute();
      if (input.status === 'disabled') {
        await revokeUserSessions(trx, id);
      }
      await audit(
        trx,
        actor,
        {
          action:
            input.status && input.status !== before.status
              ? `user.${input.status === 'disabled' ? 'disabled' : 'enabled'}`
              : 'user.updated',
          entityType: 'user',
          entityId: id,
          before: { display_name: before.display_name, status: before.status },
          after: { display_name: patch.display_name ?? before.display_name, status: patch.status ?? before.status },
        },
        ctx.clock,
      );
    });
  }
  return present(ctx, id);
}

/** Sets a new password for a user (admin), unlocks the account and revokes its sessions. */
export async function resetPassword(ctx: AppContext, actor: Actor, id: number, input: ResetPasswordInput): Promise<User> {
  const db = ctx.database.db;
  const user = await findUserById(db, id);
  if (!user) {
    throw notFound('user');
  }
  assertStrongPassword(input.newPassword, user.username);
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, must_change_password: 1, updated_at: ctx.clock().toISOString() })
      .where('id', '=', id)
      .execute();
    await revokeUserSessions(trx, id);
    await clearAccountThrottle(trx, user.username);
    await audit(
      trx,
      actor,
      {
        action: 'user.password_reset',
        entityType: 'user',
        entityId: id,
        before: { password_hash: user.password_hash },
        after: { password_hash: passwordHash },
      },
      ctx.clock,
    );
  });
  return present(ctx, id);
}

/** Grants a role at an organisation the administrator can reach. */
export async function addGrant(ctx: AppContext, actor: Actor, userId: number, input: GrantCreateInput): Promise<User> {
  const db = ctx.database.db;
  if (!(await findUserById(db, userId))) {
    throw notFound('user');
  }
  await requireVisibleOrg(db, actor, input.orgId, USER_ADMIN_ROLES);
  const exists = await db
    .selectFrom('role_grants')
    .select('id')
    .where('user_id', '=', userId)
    .where('role', '=', input.role)
    .where('org_id', '=', input.orgId)
    .executeTakeFirst();
  if (exists) {
    throw conflict('The user already holds this role at this organisation.');
  }
  await db.transaction().execute(async (trx) => {
    const grant = { user_id: userId, role: input.role, org_id: input.orgId, created_at: ctx.clock().toISOString() };
    const row = await trx.insertInto('role_grants').values(grant).returning('id').executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'grant.created', entityType: 'role_grant', entityId: row.id, after: grant }, ctx.clock);
  });
  return present(ctx, userId);
}

/** Withdraws a grant; the user's sessions pick the change up on their next request. */
export async function removeGrant(ctx: AppContext, actor: Actor, userId: number, grantId: number): Promise<User> {
  const db = ctx.database.db;
  const grant = await findGrant(db, userId, grantId);
  if (!grant) {
    throw notFound('grant');
  }
  if (userId === actor.userId && grant.role === 'sysadmin') {
    const others = await db.selectFrom('role_grants').select('id').where('user_id', '=', userId).where('role', '=', 'sysadmin').execute();
    if (others.length <= 1) {
      throw new AppError('INVALID_STATE', 409, 'You cannot remove your own last administrator grant.');
    }
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('role_grants').where('id', '=', grantId).execute();
    await audit(trx, actor, { action: 'grant.removed', entityType: 'role_grant', entityId: grantId, before: grant }, ctx.clock);
  });
  return present(ctx, userId);
}

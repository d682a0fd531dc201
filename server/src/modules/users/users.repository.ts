import type { UserListQuery } from '@guantong/shared';
import type { Kysely } from 'kysely';
import { paginate } from '../../core/paging.js';
import type { DB } from '../../db/schema.js';

/** Users matching the list query, one page, plus the total. */
export async function listUsers(db: Kysely<DB>, q: UserListQuery) {
  let base = db.selectFrom('users');
  if (q.q) {
    const like = `%${q.q}%`;
    base = base.where((eb) => eb.or([eb('username', 'like', like), eb('display_name', 'like', like)]));
  }
  if (q.status) {
    base = base.where('status', '=', q.status);
  }
  if (q.role) {
    const role = q.role;
    base = base.where((eb) =>
      eb.exists(eb.selectFrom('role_grants as g').select('g.id').whereRef('g.user_id', '=', 'users.id').where('g.role', '=', role)),
    );
  }
  const sortCol = { username: 'username', displayName: 'display_name', createdAt: 'created_at', lastLoginAt: 'last_login_at' } as const;
  return paginate(base.selectAll().orderBy(sortCol[q.sort], q.order).orderBy('id'), base, q);
}

export function findUserById(db: Kysely<DB>, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByUsername(db: Kysely<DB>, username: string) {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** Grants of the given users with their organisations. */
export function listGrantsOf(db: Kysely<DB>, userIds: number[]) {
  if (userIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('role_grants as g')
    .innerJoin('orgs as o', 'o.id', 'g.org_id')
    .select(['g.id', 'g.user_id', 'g.role', 'g.org_id', 'o.name as org_name', 'o.kind as org_kind'])
    .where('g.user_id', 'in', userIds)
    .orderBy('g.id')
    .execute();
}

export function findGrant(db: Kysely<DB>, userId: number, grantId: number) {
  return db.selectFrom('role_grants').selectAll().where('id', '=', grantId).where('user_id', '=', userId).executeTakeFirst();
}

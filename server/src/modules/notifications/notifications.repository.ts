import type { NotificationListQuery } from '@guantong/shared';
import type { Kysely } from 'kysely';
import { paginate } from '../../core/paging.js';
import type { DB } from '../../db/schema.js';

/** One page of a user's inbox, newest first. */
export function pageNotifications(db: Kysely<DB>, userId: number, q: NotificationListQuery) {
  let base = db.selectFrom('notifications').where('user_id', '=', userId);
  if (q.unread === 'true') {
    base = base.where('read_at', 'is', null);
  } else if (q.unread === 'false') {
    base = base.where('read_at', 'is not', null);
  }
  if (q.kind) {
    base = base.where('kind', '=', q.kind);
  }
  return paginate(base.selectAll().orderBy('id', 'desc'), base, q);
}

export async function countUnread(db: Kysely<DB>, userId: number): Promise<number> {
  const r = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Marks some (or all, when ids is null) of a user's unread notifications read; returns how many changed. */
export async function markRead(db: Kysely<DB>, userId: number, ids: number[] | null, at: string): Promise<number> {
  let q = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
  if (ids) {
    q = q.where('id', 'in', ids);
  }
  const res = await q.executeTakeFirst();
  return Number(res.numUpdatedRows);
}

export function findNotification(db: Kysely<DB>, userId: number, id: number) {
  return db.selectFrom('notifications').selectAll().where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
}

/** Active users among the ids (digests are not sent to disabled accounts). */
export async function activeUserIds(db: Kysely<DB>, ids: number[]): Promise<Set<number>> {
  const out = new Set<number>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db
      .selectFrom('users')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 1000))
      .where('status', '=', 'active')
      .execute();
    for (const r of rows) {
      out.add(r.id);
    }
  }
  return out;
}

import type { NotificationKind } from '@guantong/shared';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../core/context.js';
import type { DB } from '../../db/schema.js';

/** A notification to deliver to one user. `dedupeKey` makes a repeat (e.g. a job re-run) a no-op for that user. */
export interface NotificationDraft {
  userId: number;
  kind: NotificationKind;
  title: string;
  body?: string;
  /** The web path it opens, e.g. /tasks/12. */
  link?: string | null;
  entityType?: string | null;
  entityId?: number | null;
  data?: Record<string, unknown> | null;
  dedupeKey?: string | null;
}

/**
 * A way of delivering notifications. Channels run inside the caller's transaction (`db` is the `trx`):
 * the in-app inbox writes rows; a remote channel (企业微信, email) should enqueue an outbox row there and
 * send after commit from a job, never call out while the transaction is open.
 */
export interface NotificationChannel {
  name: string;
  deliver(db: Kysely<DB>, ctx: AppContext, items: NotificationDraft[]): Promise<number>;
}

const CHUNK = 400;

/** The in-app inbox (the bell): one row per user and notification; duplicates by dedupe key are skipped. */
export const inAppChannel: NotificationChannel = {
  name: 'in_app',
  async deliver(db, ctx, items) {
    const now = ctx.clock().toISOString();
    let n = 0;
    for (let i = 0; i < items.length; i += CHUNK) {
      const rows = items.slice(i, i + CHUNK).map((d) => ({
        user_id: d.userId,
        kind: d.kind,
        title: d.title.slice(0, 300),
        body: d.body ?? '',
        link: d.link ?? null,
        entity_type: d.entityType ?? null,
        entity_id: d.entityId ?? null,
        data: d.data ? JSON.stringify(d.data) : null,
        dedupe_key: d.dedupeKey ?? null,
        created_at: now,
        read_at: null,
      }));
      const res = await db
        .insertInto('notifications')
        .values(rows)
        .onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
        .executeTakeFirst();
      n += Number(res.numInsertedOrUpdatedRows ?? 0);
    }
    return n;
  },
};

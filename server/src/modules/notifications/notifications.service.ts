import type { DigestSection, Notification, NotificationListQuery, UnreadCount } from '@guantong/shared';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import type { Page } from '../../core/paging.js';
import type { DB } from '../../db/schema.js';
import { inAppChannel, type NotificationChannel, type NotificationDraft } from './notifications.channels.js';
import { presentNotification } from './notifications.presenter.js';
import { activeUserIds, countUnread, findNotification, markRead, pageNotifications } from './notifications.repository.js';

const channels = new Map<string, NotificationChannel>([[inAppChannel.name, inAppChannel]]);

/** Adds a delivery channel (企业微信, email …) next to the in-app inbox. */
export function registerNotificationChannel(channel: NotificationChannel): void {
  channels.set(channel.name, channel);
}

/** Removes a channel (tests). The in-app inbox cannot be removed. */
export function unregisterNotificationChannel(name: string): void {
  if (name !== inAppChannel.name) {
    channels.delete(name);
  }
}

/**
 * Delivers notifications through every channel, inside the caller's transaction (pass `trx`), so a
 * notification exists exactly when the change that caused it does. Returns how many inbox rows were new.
 */
export async function notify(db: Kysely<DB>, ctx: AppContext, drafts: NotificationDraft[]): Promise<number> {
  if (drafts.length === 0) {
    return 0;
  }
  let inApp = 0;
  for (const channel of channels.values()) {
    const n = await channel.deliver(db, ctx, drafts);
    if (channel === inAppChannel) {
      inApp = n;
    }
  }
  return inApp;
}

function requireUser(actor: Actor): number {
  if (actor.userId === null) {
    throw notFound('inbox');
  }
  return actor.userId;
}

/** One page of the actor's own inbox. */
export async function listMyNotifications(ctx: AppContext, actor: Actor, q: NotificationListQuery): Promise<Page<Notification>> {
  const { rows, total } = await pageNotifications(ctx.database.db, requireUser(actor), q);
  return { items: rows.map(presentNotification), total, page: q.page, pageSize: q.pageSize };
}

/** The bell's number. */
export async function myUnreadCount(ctx: AppContext, actor: Actor): Promise<UnreadCount> {
  return { count: await countUnread(ctx.database.db, requireUser(actor)) };
}

/** Marks one of the actor's notifications read (404 for anyone else's). */
export async function markOneRead(ctx: AppContext, actor: Actor, id: number): Promise<Notification> {
  const userId = requireUser(actor);
  const db = ctx.database.db;
  if (!(await findNotification(db, userId, id))) {
    throw notFound('notification');
  }
  await markRead(db, userId, [id], ctx.clock().toISOString());
  const row = await findNotification(db, userId, id);
  if (!row) {
    throw notFound('notification');
  }
  return presentNotification(row);
}

/** Marks every unread notification of the actor read. */
export async function markAllRead(ctx: AppContext, actor: Actor): Promise<{ updated: number }> {
  return { updated: await markRead(ctx.database.db, requireUser(actor), null, ctx.clock().toISOString()) };
}

/**
 * A module's contribution to the daily digest: for a day, each user's sections (e.g. due soon, overdue,
 * to verify). Sources must bound their work (batch their scans); empty sections are dropped.
 */
export type DigestSource = (ctx: AppContext, day: string) => Promise<Map<number, DigestSection[]>>;

const digestSources = new Map<string, DigestSource>();

export function registerDigestSource(name: string, source: DigestSource): void {
  digestSources.set(name, source);
}

/** The enterprise's day (Beijing time, UTC+8): the digest is built once per such day. */
export function localDay(now: Date): { day: string; hour: number } {
  const local = new Date(now.getTime() + 8 * 3600_000);
  return { day: local.toISOString().slice(0, 10), hour: local.getUTCHours() };
}

/** The hour (Beijing time) from which the day's digest is built. */
export const DIGEST_HOUR = 7;

/** The digest's one-line summary, e.g. "即将到期 2 项；已逾期 1 项". */
export function digestBody(sections: DigestSection[]): string {
  return sections.map((s) => `${s.label} ${s.count} 项`).join('；');
}

/**
 * Builds today's digest: one inbox entry per person who has something in any source, nothing for anyone
 * else. Idempotent per person and day (dedupe key `digest:<day>`). Returns how many were delivered.
 */
export async function buildDailyDigests(ctx: AppContext, options: { force?: boolean } = {}): Promise<{ day: string; delivered: number }> {
  const { day, hour } = localDay(ctx.clock());
  if (!options.force && hour < DIGEST_HOUR) {
    return { day, delivered: 0 };
  }
  const perUser = new Map<number, DigestSection[]>();
  for (const name of [...digestSources.keys()].sort()) {
    const source = digestSources.get(name);
    if (!source) {
      continue;
    }
    for (const [userId, sections] of await source(ctx, day)) {
      const kept = sections.filter((s) => s.count > 0);
      if (kept.length > 0) {
        perUser.set(userId, [...(perUser.get(userId) ?? []), ...kept]);
      }
    }
  }
  const active = await activeUserIds(ctx.database.db, [...perUser.keys()]);
  const drafts: NotificationDraft[] = [];
  for (const [userId, sections] of perUser) {
    if (!active.has(userId)) {
      continue;
    }
    drafts.push({
      userId,
      kind: 'digest',
      title: `每日待办摘要（${day}）`,
      body: digestBody(sections),
      link: '/tasks?view=mine',
      data: { day, sections },
      dedupeKey: `digest:${day}`,
    });
  }
  let delivered = 0;
  for (let i = 0; i < drafts.length; i += 2000) {
    const chunk = drafts.slice(i, i + 2000);
    delivered += await ctx.database.db.transaction().execute((trx) => notify(trx, ctx, chunk));
  }
  return { day, delivered };
}

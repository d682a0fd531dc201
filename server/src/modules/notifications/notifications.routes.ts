import {
  idParamSchema,
  markReadResultSchema,
  notificationListQuerySchema,
  notificationSchema,
  pageOf,
  unreadCountSchema,
} from '@guantong/shared';
import type { AppContext } from '../../core/context.js';
import type { ZodApp } from '../../core/http.js';
import type { JobDefinition } from '../../core/jobs.js';
import { actorOf } from '../../core/session.js';
import { buildDailyDigests, listMyNotifications, markAllRead, markOneRead, myUnreadCount } from './notifications.service.js';

/** The in-app inbox (the bell): every signed-in user reads only their own. */
export function registerNotificationRoutes(app: ZodApp, ctx: AppContext): void {
  const tags = ['notifications'];
  app.get(
    '/api/notifications',
    { schema: { tags, querystring: notificationListQuerySchema, response: { 200: pageOf(notificationSchema) } } },
    async (req) => listMyNotifications(ctx, actorOf(req), req.query),
  );
  app.get('/api/notifications/unread-count', { schema: { tags, response: { 200: unreadCountSchema } } }, async (req) =>
    myUnreadCount(ctx, actorOf(req)),
  );
  app.post('/api/notifications/:id/read', { schema: { tags, params: idParamSchema, response: { 200: notificationSchema } } }, async (req) =>
    markOneRead(ctx, actorOf(req), req.params.id),
  );
  app.post('/api/notifications/read-all', { schema: { tags, response: { 200: markReadResultSchema } } }, async (req) =>
    markAllRead(ctx, actorOf(req)),
  );
}

/** The daily digest job (hourly; builds once per Beijing day from 07:00). */
export const notificationDigestJob: JobDefinition = {
  name: 'notifications.digest',
  intervalMs: 60 * 60_000,
  async run(ctx) {
    const r = await buildDailyDigests(ctx);
    return `digest ${r.day}: ${r.delivered} delivered`;
  },
};

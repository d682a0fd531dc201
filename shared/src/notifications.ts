import { z } from 'zod';
import { pagingSchema } from './common.js';

/** What a notification is about; the web picks its icon and wording from the kind. */
export const NOTIFICATION_KINDS = [
  'assigned',
  'due_soon',
  'overdue',
  'escalated',
  'stale',
  'reported',
  'returned',
  'verified',
  'cancelled',
  'supervision_notice',
  'notice_answered',
  'digest',
  'meeting_reminder',
] as const;
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/** One inbox entry; `link` is the web path it opens (e.g. /tasks/12). */
export const notificationSchema = z.object({
  id: z.number().int(),
  kind: notificationKindSchema,
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  entityType: z.string().nullable(),
  entityId: z.number().int().nullable(),
  /** Structured content (the digest's sections), when any. */
  data: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListQuerySchema = pagingSchema
  .extend({
    unread: z.enum(['true', 'false']).optional(),
    kind: notificationKindSchema.optional(),
  })
  .strict();
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

export const unreadCountSchema = z.object({ count: z.number().int() });
export type UnreadCount = z.infer<typeof unreadCountSchema>;

export const markReadResultSchema = z.object({ updated: z.number().int() });

/** One section of the daily digest (e.g. due soon), with a few of its items. */
export const digestSectionSchema = z.object({
  key: z.string(),
  label: z.string(),
  count: z.number().int(),
  items: z.array(z.object({ id: z.number().int(), title: z.string(), dueOn: z.string().nullable(), link: z.string() })),
});
export type DigestSection = z.infer<typeof digestSectionSchema>;

import type { NotificationKind } from '@guantong/shared';
import type { Generated } from 'kysely';

/** One in-app inbox entry. `dedupe_key` (unique per user) makes repeated job runs harmless. */
export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: NotificationKind;
  title: string;
  body: string;
  link: string | null;
  entity_type: string | null;
  entity_id: number | null;
  data: string | null;
  dedupe_key: string | null;
  created_at: string;
  read_at: string | null;
}

export interface NotificationsTables {
  notifications: NotificationsTable;
}

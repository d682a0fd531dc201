import type { Notification } from '@guantong/shared';
import type { Selectable } from 'kysely';
import type { NotificationsTable } from './notifications.tables.js';

function parseData(text: string | null): Record<string, unknown> | null {
  if (!text) {
    return null;
  }
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function presentNotification(row: Selectable<NotificationsTable>): Notification {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    entityType: row.entity_type,
    entityId: row.entity_id,
    data: parseData(row.data),
    createdAt: row.created_at,
    readAt: row.read_at,
  };
}

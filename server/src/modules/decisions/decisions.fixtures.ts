import type { TestApp } from '../../test/harness.js';

/** A meeting row of the meetings module, inserted directly (the register only reads meetings). */
export async function insertMeeting(
  t: TestApp,
  m: {
    orgId: number;
    type: string;
    date: string;
    time?: string;
    status?: 'planned' | 'held' | 'cancelled';
    title?: string;
    agenda?: string[];
  },
): Promise<{ id: number; agendaIds: number[] }> {
  const db = t.database.db;
  const [h, min] = (m.time ?? '09:00').split(':').map(Number) as [number, number];
  const [y, mo, d] = m.date.split('-').map(Number) as [number, number, number];
  // Beijing wall time → UTC instant.
  const startsAt = new Date(Date.UTC(y, mo - 1, d, h - 8, min)).toISOString();
  const now = t.clock.fn().toISOString();
  const row = await db
    .insertInto('meetings')
    .values({
      org_id: m.orgId,
      type_code: m.type,
      title: m.title ?? `${m.date} ${m.type}`,
      meeting_date: m.date,
      starts_at: startsAt,
      ends_at: null,
      online_link: null,
      chair_person_id: null,
      recorder_person_id: null,
      counterpart_person_id: null,
      status: m.status ?? 'held',
      summary: null,
      cancel_reason: null,
      checkin_code: null,
      checkin_expires_at: null,
      reminder_sent_at: null,
      held_at: null,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const agendaIds: number[] = [];
  for (const [i, title] of (m.agenda ?? []).entries()) {
    const a = await db
      .insertInto('meeting_agenda_items')
      .values({ meeting_id: row.id, position: i + 1, title, presenter: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    agendaIds.push(a.id);
  }
  return { id: row.id, agendaIds };
}

/** A resolution of a meeting (meetings module table). */
export async function insertResolution(t: TestApp, meetingId: number, text: string, agendaItemId: number | null = null): Promise<number> {
  const now = t.clock.fn().toISOString();
  const r = await t.database.db
    .insertInto('meeting_resolutions')
    .values({
      meeting_id: meetingId,
      agenda_item_id: agendaItemId,
      position: 1,
      text,
      task_id: null,
      decision_id: null,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return r.id;
}

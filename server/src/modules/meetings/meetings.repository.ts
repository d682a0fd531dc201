import type { AttendanceSummary } from '@guantong/shared';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { MeetingAttendeesTable, MeetingsTable } from './meetings.tables.js';

/** A meeting with its organisation and type facts (what access checks and lists need). */
export type MeetingJoinedRow = Selectable<MeetingsTable> & {
  org_code: string;
  org_name: string;
  org_kind: 'committee' | 'general_branch' | 'branch' | 'group';
  org_path: string;
  type_name: string;
  type_category: 'party' | 'governance' | 'leadership' | 'study' | 'talk';
  type_first_topic: number;
  type_org_life: number;
  study_mode: 'follow_up' | 'seminar' | 'reading_class' | 'leader_led' | 'expert' | null;
  has_first_topic: number;
};

/** The select every meeting query shares (org, type, study mode, whether a 第一议题 item exists). */
export function meetingsBase(db: Kysely<DB>) {
  return db
    .selectFrom('meetings as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .innerJoin('meeting_types as ty', 'ty.code', 'm.type_code')
    .leftJoin('study_records as sr', 'sr.meeting_id', 'm.id');
}

/** Columns of MeetingJoinedRow. */
export function meetingColumns() {
  return [
    'm.id',
    'm.org_id',
    'm.type_code',
    'm.title',
    'm.meeting_date',
    'm.starts_at',
    'm.ends_at',
    'm.place',
    'm.online',
    'm.online_link',
    'm.chair_person_id',
    'm.recorder_person_id',
    'm.counterpart_person_id',
    'm.status',
    'm.minutes',
    'm.summary',
    'm.cancel_reason',
    'm.checkin_code',
    'm.checkin_open',
    'm.checkin_expires_at',
    'm.reminder_sent_at',
    'm.held_at',
    'm.created_by',
    'm.created_at',
    'm.updated_at',
    'o.code as org_code',
    'o.name as org_name',
    'o.kind as org_kind',
    'o.path as org_path',
    'ty.name as type_name',
    'ty.category as type_category',
    'ty.first_topic as type_first_topic',
    'ty.org_life as type_org_life',
    'sr.mode as study_mode',
    sql<number>`case when exists (select 1 from meeting_agenda_items ai where ai.meeting_id = m.id and ai.is_first_topic = 1) then 1 else 0 end`.as(
      'has_first_topic',
    ),
  ] as const;
}

/** One meeting with its joined facts, or undefined. */
export async function findMeetingById(db: Kysely<DB>, id: number): Promise<MeetingJoinedRow | undefined> {
  return (await meetingsBase(db).select(meetingColumns()).where('m.id', '=', id).executeTakeFirst()) as MeetingJoinedRow | undefined;
}

/** Attendance counts per meeting (expected attendees, and all present including guests). */
export async function attendanceSummaries(db: Kysely<DB>, meetingIds: number[]): Promise<Map<number, AttendanceSummary>> {
  const out = new Map<number, AttendanceSummary>();
  for (let i = 0; i < meetingIds.length; i += 1000) {
    const chunk = meetingIds.slice(i, i + 1000);
    const rows = await db
      .selectFrom('meeting_attendees')
      .select([
        'meeting_id',
        sql<number>`sum(case when expected = 1 then 1 else 0 end)`.as('expected'),
        sql<number>`sum(case when status = 'present' then 1 else 0 end)`.as('present'),
        sql<number>`sum(case when expected = 1 and status = 'present' then 1 else 0 end)`.as('present_expected'),
        sql<number>`sum(case when status = 'leave' then 1 else 0 end)`.as('leave'),
        sql<number>`sum(case when status = 'absent' then 1 else 0 end)`.as('absent'),
        sql<number>`sum(case when status = 'pending' then 1 else 0 end)`.as('pending'),
      ])
      .where('meeting_id', 'in', chunk)
      .groupBy('meeting_id')
      .execute();
    for (const r of rows) {
      const expected = Number(r.expected ?? 0);
      out.set(r.meeting_id, {
        expected,
        present: Number(r.present ?? 0),
        leave: Number(r.leave ?? 0),
        absent: Number(r.absent ?? 0),
        pending: Number(r.pending ?? 0),
        rate: expected === 0 ? null : Math.round((Number(r.present_expected ?? 0) / expected) * 1000) / 1000,
      });
    }
  }
  return out;
}

/** An empty attendance summary. */
export const NO_ATTENDANCE: AttendanceSummary = { expected: 0, present: 0, leave: 0, absent: 0, pending: 0, rate: null };

/** The attendees of a meeting with the person's name. */
export async function attendeesOf(db: Kysely<DB>, meetingId: number) {
  return db
    .selectFrom('meeting_attendees as a')
    .innerJoin('people as p', 'p.id', 'a.person_id')
    .leftJoin('study_makeups as mk', (j) => j.onRef('mk.meeting_id', '=', 'a.meeting_id').onRef('mk.person_id', '=', 'a.person_id'))
    .select([
      'a.person_id',
      'a.expected',
      'a.status',
      'a.leave_reason',
      'a.checkin_method',
      'a.checked_in_at',
      'p.name',
      'p.employee_no',
      'mk.id as makeup_id',
      'mk.status as makeup_status',
      'mk.done_on as makeup_done_on',
    ])
    .where('a.meeting_id', '=', meetingId)
    .orderBy('a.expected', 'desc')
    .orderBy('p.employee_no')
    .execute();
}

/** Current posts held in an organisation by person. */
export async function currentPostsIn(db: Kysely<DB>, orgId: number, today: string): Promise<Map<number, string[]>> {
  const rows = await db
    .selectFrom('org_posts')
    .select(['person_id', 'post'])
    .where('org_id', '=', orgId)
    .where('start_on', '<=', today)
    .where((eb) => eb.or([eb('end_on', 'is', null), eb('end_on', '>', today)]))
    .execute();
  const out = new Map<number, string[]>();
  for (const r of rows) {
    out.set(r.person_id, [...(out.get(r.person_id) ?? []), r.post]);
  }
  return out;
}

/** People by id with name and number (only those that exist). */
export async function peopleByIds(db: Kysely<DB>, ids: number[]) {
  const out = new Map<number, { id: number; name: string; employeeNo: string; status: string }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await db
      .selectFrom('people')
      .select(['id', 'name', 'employee_no', 'status'])
      .where('id', 'in', unique.slice(i, i + 1000))
      .execute();
    for (const r of rows) {
      out.set(r.id, { id: r.id, name: r.name, employeeNo: r.employee_no, status: r.status });
    }
  }
  return out;
}

/** Attendee rows for a meeting in the meeting's current state (date, org, org-life flag, status). */
export function attendeeRows(
  meeting: Pick<MeetingJoinedRow, 'id' | 'meeting_date' | 'org_id' | 'type_org_life' | 'status'>,
  personIds: number[],
  expected: boolean,
  now: string,
): Array<Selectable<MeetingAttendeesTable>> {
  return personIds.map((pid) => ({
    meeting_id: meeting.id,
    person_id: pid,
    expected: expected ? 1 : 0,
    status: 'pending' as const,
    leave_reason: null,
    checkin_method: null,
    checked_in_at: null,
    meeting_date: meeting.meeting_date,
    org_id: meeting.org_id,
    org_life: meeting.type_org_life,
    meeting_status: meeting.status,
    updated_at: now,
  }));
}

/** Inserts attendee rows in chunks. */
export async function insertAttendees(db: Kysely<DB>, rows: Array<Selectable<MeetingAttendeesTable>>): Promise<void> {
  for (let i = 0; i < rows.length; i += 400) {
    await db
      .insertInto('meeting_attendees')
      .values(rows.slice(i, i + 400))
      .execute();
  }
}

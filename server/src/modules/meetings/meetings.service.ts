import type {
  AgendaReplaceInput,
  AttendanceMarkInput,
  AttendeesReplaceInput,
  FileRef,
  MeetingCreateInput,
  MeetingDetail,
  MeetingHoldInput,
  MeetingListItem,
  MeetingListQuery,
  MeetingType,
  MeetingUpdateInput,
  MeetingWarning,
  StudyRecordInput,
} from '@guantong/shared';
import { POST_KIND_LABELS, type PostKind } from '@guantong/shared';
import type { ExpressionBuilder, Kysely } from 'kysely';
import { type Actor, requireVisibleOrg, scopeFor, whereInScope } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidState } from '../../core/errors.js';
import type { Page } from '../../core/paging.js';
import { paginate } from '../../core/paging.js';
import type { DB } from '../../db/schema.js';
import { filesOfOwners, saveUpload } from '../files/files.service.js';
import { loadVisibleMeeting, meetingToday, personOfActor, requireEdit, requireRecord } from './meetings.access.js';
import { beijingDate, toUtcIso } from './meetings.dates.js';
import { defaultAttendees } from './meetings.people.js';
import { canWritePath, MEETING_READ_ROLES, MEETING_WRITE_ROLES } from './meetings.policy.js';
import {
  attendanceSummaries,
  attendeeRows,
  attendeesOf,
  currentPostsIn,
  insertAttendees,
  type MeetingJoinedRow,
  meetingColumns,
  meetingsBase,
  NO_ATTENDANCE,
  peopleByIds,
} from './meetings.repository.js';
import { loadResolutions } from './meetings.resolutions.js';
import type { CheckinMethod } from './meetings.tables.js';
import { presentMeetingType, requireMeetingType } from './meetings.types.js';

export const MEETING_FILE_OWNER = 'meeting';

function validation(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', 400, message, [{ path, message }]);
}

async function requirePeople(db: Kysely<DB>, ids: Array<number | null | undefined>, path: string): Promise<void> {
  const wanted = ids.filter((x): x is number => typeof x === 'number');
  if (wanted.length === 0) {
    return;
  }
  const found = await peopleByIds(db, wanted);
  for (const id of wanted) {
    const p = found.get(id);
    if (!p) {
      throw validation(path, `person ${id} does not exist`);
    }
    if (p.status !== 'active') {
      throw validation(path, `person ${id} has left`);
    }
  }
}

/** Warnings shown on a meeting (never blocking): 第一议题 missing or not first, a planned meeting not recorded … */
export function meetingWarnings(
  row: Pick<MeetingJoinedRow, 'status' | 'meeting_date' | 'counterpart_person_id' | 'chair_person_id'>,
  type: Pick<MeetingType, 'firstTopic' | 'isTalk' | 'category'>,
  agenda: Array<{ position: number; is_first_topic: number }>,
  expectedCount: number,
  today: string,
): MeetingWarning[] {
  const out: MeetingWarning[] = [];
  if (row.status !== 'cancelled' && type.firstTopic) {
    const ordered = [...agenda].sort((a, b) => a.position - b.position);
    if (!ordered.some((a) => a.is_first_topic === 1)) {
      out.push({
        code: 'first_topic_missing',
        message: '本次会议未安排“第一议题”：党组织会议应把学习习近平总书记重要讲话和指示批示精神作为第一项议题。',
      });
    } else if (ordered[0]?.is_first_topic !== 1) {
      out.push({ code: 'first_topic_not_first', message: '“第一议题”应排在议程的第一项。' });
    }
  }
  if (type.isTalk && (row.chair_person_id === null || row.counterpart_person_id === null)) {
    out.push({ code: 'talk_needs_two', message: '谈心谈话应记录谈话双方。' });
  }
  if (row.status !== 'cancelled' && !type.isTalk && type.category !== 'governance' && expectedCount === 0) {
    out.push({ code: 'no_attendees', message: '尚未确定应到人员。' });
  }
  if (row.status === 'planned' && row.meeting_date < today) {
    out.push({ code: 'not_recorded', message: '会议日期已过，尚未登记为“已召开”或“已取消”。' });
  }
  return out;
}

async function writeAgenda(trx: Kysely<DB>, meetingId: number, items: AgendaReplaceInput['items'], now: string): Promise<void> {
  await trx.deleteFrom('meeting_agenda_items').where('meeting_id', '=', meetingId).execute();
  if (items.length === 0) {
    return;
  }
  await trx
    .insertInto('meeting_agenda_items')
    .values(
      items.map((it, i) => ({
        meeting_id: meetingId,
        position: i + 1,
        title: it.title,
        is_first_topic: it.isFirstTopic ? 1 : 0,
        presenter: it.presenter ?? null,
        notes: it.notes,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
}

async function writeStudy(
  trx: Kysely<DB>,
  meeting: { id: number; org_id: number; meeting_date: string },
  study: StudyRecordInput | null,
  now: string,
): Promise<void> {
  if (study === null) {
    await trx.deleteFrom('study_records').where('meeting_id', '=', meeting.id).execute();
    return;
  }
  if (study.planItemId) {
    const item = await trx.selectFrom('study_plan_items').select('id').where('id', '=', study.planItemId).executeTakeFirst();
    if (!item) {
      throw validation('study.planItemId', 'unknown study plan item');
    }
  }
  const values = {
    mode: study.mode,
    topic: study.topic,
    materials: study.materials,
    speaker: study.speaker ?? null,
    hours: study.hours,
    plan_item_id: study.planItemId ?? null,
    org_id: meeting.org_id,
    meeting_date: meeting.meeting_date,
    updated_at: now,
  };
  const exists = await trx.selectFrom('study_records').select('meeting_id').where('meeting_id', '=', meeting.id).executeTakeFirst();
  if (exists) {
    await trx.updateTable('study_records').set(values).where('meeting_id', '=', meeting.id).execute();
  } else {
    await trx
      .insertInto('study_records')
      .values({ meeting_id: meeting.id, ...values, created_at: now })
      .execute();
  }
}

function assertTimes(startsAt: string, endsAt: string | null | undefined): void {
  if (endsAt && Date.parse(endsAt) < Date.parse(startsAt)) {
    throw validation('endsAt', 'the end is before the start');
  }
}

/**
 * Plans a meeting of an organisation the actor operates: type must suit the organisation's kind; agenda in order;
 * expected attendees given or the type's default; a study record makes it a 五学 session. Audited.
 */
export async function createMeeting(ctx: AppContext, actor: Actor, input: MeetingCreateInput): Promise<MeetingDetail> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, input.orgId, MEETING_WRITE_ROLES);
  if (org.status !== 'active') {
    throw invalidState('The organisation is not active.');
  }
  const type = await requireMeetingType(db, input.typeCode);
  if (!type.active) {
    throw validation('typeCode', 'this meeting type is retired');
  }
  if (!type.orgKinds.includes(org.kind)) {
    throw validation('typeCode', `a ${type.name} is not held by this kind of organisation`);
  }
  assertTimes(input.startsAt, input.endsAt);
  if (type.isTalk && (!input.chairPersonId || !input.counterpartPersonId)) {
    throw validation('counterpartPersonId', 'a talk needs both people');
  }
  if (type.isTalk && input.chairPersonId === input.counterpartPersonId) {
    throw validation('counterpartPersonId', 'a talk is between two different people');
  }
  await requirePeople(db, [input.chairPersonId, input.recorderPersonId, input.counterpartPersonId], 'chairPersonId');
  if (input.attendeePersonIds) {
    await requirePeople(db, input.attendeePersonIds, 'attendeePersonIds');
  }
  const startsAt = toUtcIso(input.startsAt);
  const meetingDate = beijingDate(startsAt);
  const today = meetingToday(ctx);
  const expected =
    input.attendeePersonIds ??
    (await defaultAttendees(db, org, type, today, { chair: input.chairPersonId ?? null, counterpart: input.counterpartPersonId ?? null }));
  const now = ctx.clock().toISOString();
  const values = {
    org_id: org.id,
    type_code: type.code,
    title: input.title,
    meeting_date: meetingDate,
    starts_at: startsAt,
    ends_at: input.endsAt ? toUtcIso(input.endsAt) : null,
    place: input.place,
    online: input.online ? 1 : 0,
    online_link: input.onlineLink ?? null,
    chair_person_id: input.chairPersonId ?? null,
    recorder_person_id: input.recorderPersonId ?? null,
    counterpart_person_id: input.counterpartPersonId ?? null,
    status: 'planned' as const,
    minutes: '',
    summary: null,
    cancel_reason: null,
    checkin_code: null,
    checkin_open: 0,
    checkin_expires_at: null,
    reminder_sent_at: null,
    held_at: null,
    created_by: actor.userId,
    created_at: now,
    updated_at: now,
  };
  const id = await db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('meetings').values(values).returning('id').executeTakeFirstOrThrow();
    await writeAgenda(trx, inserted.id, input.agenda, now);
    const unique = [...new Set(expected)];
    await insertAttendees(
      trx,
      attendeeRows(
        { id: inserted.id, meeting_date: meetingDate, org_id: org.id, type_org_life: type.orgLife ? 1 : 0, status: 'planned' },
        unique,
        true,
        now,
      ),
    );
    if (input.study) {
      await writeStudy(trx, { id: inserted.id, org_id: org.id, meeting_date: meetingDate }, input.study, now);
    }
    await audit(
      trx,
      actor,
      {
        action: 'meeting.created',
        entityType: 'meeting',
        entityId: inserted.id,
        after: { ...values, agenda: input.agenda.map((a) => a.title), attendee_count: unique.length, study: input.study ?? null },
      },
      ctx.clock,
    );
    return inserted.id;
  });
  return getMeetingDetail(ctx, actor, id);
}

/** Edits a meeting's facts (time, place, chair, minutes, study record …); attendees keep their marks. Audited. */
export async function updateMeeting(ctx: AppContext, actor: Actor, id: number, input: MeetingUpdateInput): Promise<MeetingDetail> {
  const db = ctx.database.db;
  const row = await loadVisibleMeeting(ctx, actor, id);
  requireEdit(actor, row);
  if (row.status === 'cancelled') {
    throw invalidState('A cancelled meeting cannot be changed.');
  }
  await requirePeople(db, [input.chairPersonId, input.recorderPersonId, input.counterpartPersonId], 'chairPersonId');
  const startsAt = input.startsAt ? toUtcIso(input.startsAt) : row.starts_at;
  const endsAt = input.endsAt === undefined ? row.ends_at : input.endsAt ? toUtcIso(input.endsAt) : null;
  assertTimes(startsAt, endsAt);
  const meetingDate = beijingDate(startsAt);
  if (row.status === 'held' && meetingDate > meetingToday(ctx)) {
    throw invalidState('A held meeting cannot be moved into the future.');
  }
  const patch = {
    ...(input.title !== undefined ? { title: input.title } : {}),
    starts_at: startsAt,
    ends_at: endsAt,
    meeting_date: meetingDate,
    ...(input.place !== undefined ? { place: input.place } : {}),
    ...(input.online !== undefined ? { online: input.online ? 1 : 0 } : {}),
    ...(input.onlineLink !== undefined ? { online_link: input.onlineLink ?? null } : {}),
    ...(input.chairPersonId !== undefined ? { chair_person_id: input.chairPersonId ?? null } : {}),
    ...(input.recorderPersonId !== undefined ? { recorder_person_id: input.recorderPersonId ?? null } : {}),
    ...(input.counterpartPersonId !== undefined ? { counterpart_person_id: input.counterpartPersonId ?? null } : {}),
    ...(input.minutes !== undefined ? { minutes: input.minutes } : {}),
    ...(input.summary !== undefined ? { summary: input.summary ?? null } : {}),
    // A moved meeting is reminded again.
    ...(startsAt !== row.starts_at ? { reminder_sent_at: null } : {}),
    updated_at: ctx.clock().toISOString(),
  };
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('meetings').set(patch).where('id', '=', id).execute();
    if (meetingDate !== row.meeting_date) {
      await trx.updateTable('meeting_attendees').set({ meeting_date: meetingDate, updated_at: now }).where('meeting_id', '=', id).execute();
      await trx.updateTable('study_records').set({ meeting_date: meetingDate, updated_at: now }).where('meeting_id', '=', id).execute();
    }
    if (input.study !== undefined) {
      await writeStudy(trx, { id, org_id: row.org_id, meeting_date: meetingDate }, input.study ?? null, now);
    }
    const before = Object.fromEntries(Object.keys(patch).map((k) => [k, (row as unknown as Record<string, unknown>)[k]]));
    await audit(
      trx,
      actor,
      {
        action: 'meeting.updated',
        entityType: 'meeting',
        entityId: id,
        before,
        after: { ...patch, ...(input.study !== undefined ? { study: input.study } : {}) },
      },
      ctx.clock,
    );
  });
  return getMeetingDetail(ctx, actor, id);
}

/** Replaces the ordered agenda (the editor saves the whole list); audited with before/after titles. */
export async function replaceAgenda(ctx: AppContext, actor: Actor, id: number, input: AgendaReplaceInput): Promise<MeetingDetail> {
  const db = ctx.database.db;
  const row = await loadVisibleMeeting(ctx, actor, id);
  requireEdit(actor, row);
  if (row.status === 'cancelled') {
    throw invalidState('A cancelled meeting cannot be changed.');
  }
  const before = await db
    .selectFrom('meeting_agenda_items')
    .select(['title', 'is_first_topic'])
    .where('meeting_id', '=', id)
    .orderBy('position')
    .execute();
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    await writeAgenda(trx, id, input.items, now);
    await trx.updateTable('meetings').set({ updated_at: now }).where('id', '=', id).execute();
    await audit(
      trx,
      actor,
      {
        action: 'meeting.agenda_replaced',
        entityType: 'meeting',
        entityId: id,
        before: { agenda: before.map((b) => `${b.is_first_topic ? '【第一议题】' : ''}${b.title}`) },
        after: { agenda: input.items.map((b) => `${b.isFirstTopic ? '【第一议题】' : ''}${b.title}`) },
      },
      ctx.clock,
    );
  });
  return getMeetingDetail(ctx, actor, id);
}

/**
 * Sets the expected attendees: new people are added as pending; people no longer expected are removed unless they
 * already attended (then they stay as guests). Audited.
 */
export async function replaceAttendees(ctx: AppContext, actor: Actor, id: number, input: AttendeesReplaceInput): Promise<MeetingDetail> {
  const db = ctx.database.db;
  const row = await loadVisibleMeeting(ctx, actor, id);
  requireEdit(actor, row);
  if (row.status === 'cancelled') {
    throw invalidState('A cancelled meeting cannot be changed.');
  }
  await requirePeople(db, input.personIds, 'personIds');
  const wanted = new Set(input.personIds);
  const current = await db
    .selectFrom('meeting_attendees')
    .select(['person_id', 'expected', 'status'])
    .where('meeting_id', '=', id)
    .execute();
  const have = new Map(current.map((c) => [c.person_id, c]));
  const now = ctx.clock().toISOString();
  const add = [...wanted].filter((p) => !have.has(p));
  const promote = current.filter((c) => wanted.has(c.person_id) && c.expected === 0).map((c) => c.person_id);
  const drop = current.filter((c) => !wanted.has(c.person_id) && c.status !== 'present').map((c) => c.person_id);
  const demote = current.filter((c) => !wanted.has(c.person_id) && c.status === 'present' && c.expected === 1).map((c) => c.person_id);
  await db.transaction().execute(async (trx) => {
    await insertAttendees(trx, attendeeRows(row, add, true, now));
    if (promote.length > 0) {
      await trx
        .updateTable('meeting_attendees')
        .set({ expected: 1, updated_at: now })
        .where('meeting_id', '=', id)
        .where('person_id', 'in', promote)
        .execute();
    }
    if (demote.length > 0) {
      await trx
        .updateTable('meeting_attendees')
        .set({ expected: 0, updated_at: now })
        .where('meeting_id', '=', id)
        .where('person_id', 'in', demote)
        .execute();
    }
    for (let i = 0; i < drop.length; i += 500) {
      await trx
        .deleteFrom('meeting_attendees')
        .where('meeting_id', '=', id)
        .where('person_id', 'in', drop.slice(i, i + 500))
        .execute();
    }
    await trx.updateTable('meetings').set({ updated_at: now }).where('id', '=', id).execute();
    await audit(
      trx,
      actor,
      {
        action: 'meeting.attendees_replaced',
        entityType: 'meeting',
        entityId: id,
        note: { added: add, removed: drop, made_guest: demote, made_expected: promote },
      },
      ctx.clock,
    );
  });
  return getMeetingDetail(ctx, actor, id);
}

/** The recorder marks attendance (present / leave with reason / absent); a person not listed is added as a guest. */
export async function markAttendance(ctx: AppContext, actor: Actor, id: number, input: AttendanceMarkInput): Promise<MeetingDetail> {
  const db = ctx.database.db;
  const row = await loadVisibleMeeting(ctx, actor, id);
  await requireRecord(ctx, actor, row);
  if (row.status === 'cancelled') {
    throw invalidState('Attendance cannot be recorded for a cancelled meeting.');
  }
  await requirePeople(
    db,
    input.items.map((i) => i.personId),
    'items',
  );
  const current = await db.selectFrom('meeting_attendees').selectAll().where('meeting_id', '=', id).execute();
  const have = new Map(current.map((c) => [c.person_id, c]));
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    const changes: Array<{ person: number; before: string | null; after: string }> = [];
    for (const item of input.items) {
      const prev = have.get(item.personId);
      const method: CheckinMethod | null = item.status === 'present' ? (prev?.checkin_method === 'code' ? 'code' : 'recorder') : null;
      const patch = {
        status: item.status,
        leave_reason: item.status === 'leave' ? (item.leaveReason ?? null) : null,
        checkin_method: method,
        checked_in_at: item.status === 'present' ? (prev?.checked_in_at ?? now) : null,
        updated_at: now,
      };
      if (prev) {
        await trx.updateTable('meeting_attendees').set(patch).where('meeting_id', '=', id).where('person_id', '=', item.personId).execute();
      } else {
        const [base] = attendeeRows(row, [item.personId], false, now);
        if (base) {
          await trx
            .insertInto('meeting_attendees')
            .values({ ...base, ...patch })
            .execute();
        }
      }
      changes.push({ person: item.personId, before: prev?.status ?? null, after: item.status });
    }
    await trx.updateTable('meetings').set({ updated_at: now }).where('id', '=', id).execute();
    await audit(trx, actor, { action: 'meeting.attendance_marked', entityType: 'meeting', entityId: id, note: { changes } }, ctx.clock);
  });
  return getMeetingDetail(ctx, actor, id);
}

/** Records the meeting as held (not before its date): pending attendees become absent unless kept; check-in closes. */
export async function holdMeeting(ctx: AppContext, actor: Actor, id: number, input: MeetingHoldInput): Promise<MeetingDetail> {
  const db = ctx.database.db;
  const row = await loadVisibleMeeting(ctx, actor, id);
  requireEdit(actor, row);
  if (row.status !== 'planned') {
    throw invalidState(`A ${row.status} meeting cannot be recorded as held.`);
  }
  if (row.meeting_date > meetingToday(ctx)) {
    throw invalidState('A meeting cannot be recorded as held before its date.');
  }
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('meetings')
      .set({
        status: 'held',
        held_at: now,
        checkin_open: 0,
        ...(input.minutes !== undefined ? { minutes: input.minutes } : {}),
        ...(input.summary !== undefined ? { summary: input.summary ?? null } : {}),
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
    if (input.pendingAs === 'absent') {
      await trx
        .updateTable('meeting_attendees')
        .set({ status: 'absent', updated_at: now })
        .where('meeting_id', '=', id)
        .where('status', '=', 'pending')
        .execute();
    }
    await trx.updateTable('meeting_attendees').set({ meeting_status: 'held', updated_at: now }).where('meeting_id', '=', id).execute();
    await audit(
      trx,
      actor,
      {
        action: 'meeting.held',
        entityType: 'meeting',
        entityId: id,
        before: { status: row.status },
        after: { status: 'held', held_at: now },
      },
      ctx.clock,
    );
  });
  return getMeetingDetail(ctx, actor, id);
}

/** Cancels a planned meeting with a reason (kept in the record and the audit). */
export async function cancelMeeting(ctx: AppContext, actor: Actor, id: number, reason: string): Promise<MeetingDetail> {
  const db = ctx.database.db;
  const row = await loadVisibleMeeting(ctx, actor, id);
  requireEdit(actor, row);
  if (row.status !== 'planned') {
    throw invalidState(`A ${row.status} meeting cannot be cancelled.`);
  }
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('meetings')
      .set({ status: 'cancelled', cancel_reason: reason, checkin_open: 0, updated_at: now })
      .where('id', '=', id)
      .execute();
    await trx.updateTable('meeting_attendees').set({ meeting_status: 'cancelled', updated_at: now }).where('meeting_id', '=', id).execute();
    await audit(
      trx,
      actor,
      {
        action: 'meeting.cancelled',
        entityType: 'meeting',
        entityId: id,
        before: { status: row.status },
        after: { status: 'cancelled', cancel_reason: reason },
      },
      ctx.clock,
    );
  });
  return getMeetingDetail(ctx, actor, id);
}

/** Attaches a file (photo, sign-in sheet, minutes scan) to a meeting the actor records. */
export async function uploadMeetingFile(ctx: AppContext, actor: Actor, id: number, file: { name: string; data: Buffer }): Promise<FileRef> {
  const row = await loadVisibleMeeting(ctx, actor, id);
  await requireRecord(ctx, actor, row);
  return saveUpload(ctx, actor, { ownerType: MEETING_FILE_OWNER, ownerId: id, name: file.name, data: file.data });
}

function person(p: { id: number; name: string; employeeNo: string } | undefined) {
  return p ? { id: p.id, name: p.name, employeeNo: p.employeeNo } : null;
}

/** The whole meeting as its page shows it. */
export async function getMeetingDetail(ctx: AppContext, actor: Actor, id: number): Promise<MeetingDetail> {
  const db = ctx.database.db;
  const row = await loadVisibleMeeting(ctx, actor, id);
  const today = meetingToday(ctx);
  const typeRow = await db.selectFrom('meeting_types').selectAll().where('code', '=', row.type_code).executeTakeFirstOrThrow();
  const type = presentMeetingType(typeRow);
  const [agenda, attendees, resolutions, files, study, summaries, posts] = await Promise.all([
    db.selectFrom('meeting_agenda_items').selectAll().where('meeting_id', '=', id).orderBy('position').execute(),
    attendeesOf(db, id),
    loadResolutions(db, id),
    filesOfOwners(db, MEETING_FILE_OWNER, [id]),
    db
      .selectFrom('study_records as s')
      .leftJoin('study_plan_items as pi', 'pi.id', 's.plan_item_id')
      .select(['s.mode', 's.topic', 's.materials', 's.speaker', 's.hours', 's.plan_item_id', 'pi.topic as plan_topic'])
      .where('s.meeting_id', '=', id)
      .executeTakeFirst(),
    attendanceSummaries(db, [id]),
    currentPostsIn(db, row.org_id, today),
  ]);
  const people = await peopleByIds(
    db,
    [row.chair_person_id, row.recorder_person_id, row.counterpart_person_id].filter((x): x is number => x !== null),
  );
  const myPerson = await personOfActor(db, actor);
  const canEdit = canWritePath(actor, row.org_path);
  const expectedCount = attendees.filter((a) => a.expected === 1).length;
  return {
    ...presentListItem(row, summaries.get(id) ?? NO_ATTENDANCE, today),
    type,
    onlineLink: row.online_link,
    chair: person(row.chair_person_id === null ? undefined : people.get(row.chair_person_id)),
    recorder: person(row.recorder_person_id === null ? undefined : people.get(row.recorder_person_id)),
    counterpart: person(row.counterpart_person_id === null ? undefined : people.get(row.counterpart_person_id)),
    minutes: row.minutes,
    summary: row.summary,
    cancelReason: row.cancel_reason,
    heldAt: row.held_at,
    agenda: agenda.map((a) => ({
      id: a.id,
      position: a.position,
      title: a.title,
      isFirstTopic: a.is_first_topic === 1,
      presenter: a.presenter,
      notes: a.notes,
    })),
    attendees: attendees.map((a) => ({
      person: { id: a.person_id, name: a.name, employeeNo: a.employee_no },
      expected: a.expected === 1,
      status: a.status,
      leaveReason: a.leave_reason,
      checkinMethod: a.checkin_method,
      checkedInAt: a.checked_in_at,
      posts: (posts.get(a.person_id) ?? []).map((p) => POST_KIND_LABELS[p as PostKind] ?? p),
      makeup:
        a.makeup_id === null || a.makeup_status === null
          ? null
          : { id: a.makeup_id, status: a.makeup_status as 'assigned' | 'done', doneOn: a.makeup_done_on ?? null },
    })),
    resolutions,
    study: study
      ? {
          mode: study.mode,
          topic: study.topic,
          materials: study.materials,
          speaker: study.speaker,
          hours: Number(study.hours),
          planItemId: study.plan_item_id,
          planItemTopic: study.plan_topic ?? null,
        }
      : null,
    files: files.get(id) ?? [],
    warnings: meetingWarnings(row, type, agenda, expectedCount, today),
    checkin: {
      open: row.checkin_open === 1 && !!row.checkin_expires_at && row.checkin_expires_at > ctx.clock().toISOString(),
      expiresAt: row.checkin_expires_at,
    },
    can: {
      edit: canEdit && row.status !== 'cancelled',
      record: row.status !== 'cancelled' && (canEdit || (myPerson !== null && myPerson === row.recorder_person_id)),
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A meeting as lists show it. */
export function presentListItem(row: MeetingJoinedRow, attendance: MeetingListItem['attendance'], today: string): MeetingListItem {
  return {
    id: row.id,
    org: { id: row.org_id, code: row.org_code, name: row.org_name, kind: row.org_kind },
    typeCode: row.type_code,
    typeName: row.type_name,
    category: row.type_category,
    title: row.title,
    meetingDate: row.meeting_date,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    place: row.place,
    online: row.online === 1,
    status: row.status,
    overdue: row.status === 'planned' && row.meeting_date < today,
    firstTopicRequired: row.type_first_topic === 1,
    hasFirstTopic: row.has_first_topic === 1,
    studyMode: row.study_mode,
    attendance,
  };
}

/** The filtered query of the meeting list (scope, organisation, type, status, dates, text). */
export async function meetingListQuery(ctx: AppContext, actor: Actor, q: MeetingListQuery) {
  const db = ctx.database.db;
  const scope = scopeFor(actor, MEETING_READ_ROLES);
  let base = meetingsBase(db).where((eb) => whereInScope(eb as unknown as ExpressionBuilder<DB, never>, 'o.path', scope));
  if (q.orgId) {
    const org = await requireVisibleOrg(db, actor, q.orgId, MEETING_READ_ROLES);
    base =
      q.own === 'true' ? base.where('m.org_id', '=', org.id) : base.where('o.path', '>=', org.path).where('o.path', '<', `${org.path}~`);
  }
  if (q.typeCode) {
    base = base.where('m.type_code', 'in', q.typeCode.split(',').filter(Boolean));
  }
  if (q.category) {
    base = base.where('ty.category', '=', q.category);
  }
  if (q.status) {
    base = base.where('m.status', '=', q.status);
  }
  const today = meetingToday(ctx);
  if (q.overdue === 'true') {
    base = base.where('m.status', '=', 'planned').where('m.meeting_date', '<', today);
  }
  if (q.firstTopicMissing === 'true') {
    base = base
      .where('ty.first_topic', '=', 1)
      .where('m.status', '<>', 'cancelled')
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('meeting_agenda_items as ai')
              .select('ai.id')
              .whereRef('ai.meeting_id', '=', 'm.id')
              .where('ai.is_first_topic', '=', 1),
          ),
        ),
      );
  }
  if (q.from) {
    base = base.where('m.meeting_date', '>=', q.from);
  }
  if (q.to) {
    base = base.where('m.meeting_date', '<=', q.to);
  }
  if (q.q) {
    const like = `%${q.q}%`;
    base = base.where((eb) => eb.or([eb('m.title', 'like', like), eb('o.name', 'like', like), eb('m.place', 'like', like)]));
  }
  return { base, today };
}

/** One page of meetings in the actor's scope. */
export async function listMeetings(ctx: AppContext, actor: Actor, q: MeetingListQuery): Promise<Page<MeetingListItem>> {
  const { base, today } = await meetingListQuery(ctx, actor, q);
  const sortCol = q.sort === 'title' ? 'm.title' : q.sort === 'createdAt' ? 'm.created_at' : 'm.starts_at';
  const rowsQuery = base.select(meetingColumns()).orderBy(sortCol, q.order).orderBy('m.id', q.order);
  const { rows, total } = await paginate(rowsQuery, base, q);
  const typed = rows as unknown as MeetingJoinedRow[];
  const summaries = await attendanceSummaries(
    ctx.database.db,
    typed.map((r) => r.id),
  );
  return {
    items: typed.map((r) => presentListItem(r, summaries.get(r.id) ?? NO_ATTENDANCE, today)),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Deletes a planned meeting created by mistake (not once held or with a resolution task). Audited. */
export async function deleteMeeting(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  const db = ctx.database.db;
  const row = await loadVisibleMeeting(ctx, actor, id);
  requireEdit(actor, row);
  if (row.status === 'held') {
    throw invalidState('A held meeting is part of the record and cannot be deleted.');
  }
  const linked = await db
    .selectFrom('meeting_resolutions')
    .select('id')
    .where('meeting_id', '=', id)
    .where((eb) => eb.or([eb('task_id', 'is not', null), eb('decision_id', 'is not', null)]))
    .executeTakeFirst();
  if (linked) {
    throw invalidState('The meeting has resolutions linked to tasks or decisions.');
  }
  await db.transaction().execute(async (trx) => {
    for (const table of ['meeting_agenda_items', 'meeting_attendees', 'meeting_resolutions', 'study_records', 'study_makeups'] as const) {
      await trx.deleteFrom(table).where('meeting_id', '=', id).execute();
    }
    await trx.updateTable('study_reflections').set({ meeting_id: null }).where('meeting_id', '=', id).execute();
    await trx.deleteFrom('meetings').where('id', '=', id).execute();
    await audit(trx, actor, { action: 'meeting.deleted', entityType: 'meeting', entityId: id, before: { ...row } }, ctx.clock);
  });
}

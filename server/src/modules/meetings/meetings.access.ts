import type { Kysely } from 'kysely';
import type { Actor } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { forbidden, notFound } from '../../core/errors.js';
import type { DB } from '../../db/schema.js';
import { beijingDate } from './meetings.dates.js';
import { canReadPath, canWritePath } from './meetings.policy.js';
import { findMeetingById, type MeetingJoinedRow } from './meetings.repository.js';

/** Today in Beijing. */
export function meetingToday(ctx: AppContext): string {
  return beijingDate(ctx.clock());
}

/** The person record linked to the actor's account, or null. */
export async function personOfActor(db: Kysely<DB>, actor: Actor): Promise<number | null> {
  if (actor.userId === null) {
    return null;
  }
  const row = await db.selectFrom('users').select('person_id').where('id', '=', actor.userId).executeTakeFirst();
  return row?.person_id ?? null;
}

/** Loads a meeting the actor may see (org scope), else 404 exactly like a missing one. */
export async function loadVisibleMeeting(ctx: AppContext, actor: Actor, id: number): Promise<MeetingJoinedRow> {
  const row = await findMeetingById(ctx.database.db, id);
  if (!row || !canReadPath(actor, row.org_path)) {
    throw notFound('meeting');
  }
  return row;
}

/** True when the actor may see the meeting (its files follow it). */
export async function canSeeMeetingById(ctx: AppContext, actor: Actor, id: number): Promise<boolean> {
  const row = await findMeetingById(ctx.database.db, id);
  return !!row && canReadPath(actor, row.org_path);
}

/** 403 unless the actor operates the meeting's organisation. */
export function requireEdit(actor: Actor, row: MeetingJoinedRow): void {
  if (!canWritePath(actor, row.org_path)) {
    throw forbidden('Only the organisation’s secretary or administrators may change this meeting.');
  }
}

/** 403 unless the actor records the meeting: an operator, or the meeting's recorder (by their linked person). */
export async function requireRecord(ctx: AppContext, actor: Actor, row: MeetingJoinedRow): Promise<void> {
  if (canWritePath(actor, row.org_path)) {
    return;
  }
  const personId = await personOfActor(ctx.database.db, actor);
  if (personId === null || personId !== row.recorder_person_id) {
    throw forbidden('Only the recorder or the organisation’s operators may record attendance.');
  }
}

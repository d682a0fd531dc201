import type { CalendarItem, CalendarQuery, Candidate, PlannedHeld } from '@guantong/shared';
import { sql } from 'kysely';
import { type Actor, requireVisibleOrg, scopeFor, whereInScope } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { prefixEnd } from '../../db/portable.js';
import { meetingToday } from './meetings.access.js';
import { candidatesFor } from './meetings.people.js';
import { MEETING_READ_ROLES, MEETING_WRITE_ROLES } from './meetings.policy.js';
import { requireMeetingType } from './meetings.types.js';

/** The most calendar entries one answer carries (a month of a whole group can be large). */
export const CALENDAR_LIMIT = 2000;

/** Meetings between two dates in an organisation's subtree (or the actor's whole scope), for month and week views. */
export async function calendar(ctx: AppContext, actor: Actor, q: CalendarQuery): Promise<{ items: CalendarItem[]; truncated: boolean }> {
  const db = ctx.database.db;
  if (q.to < q.from) {
    throw new AppError('VALIDATION_FAILED', 400, 'The end date is before the start date.', [{ path: 'to', message: 'before from' }]);
  }
  if (Date.parse(q.to) - Date.parse(q.from) > 62 * 86_400_000) {
    throw new AppError('VALIDATION_FAILED', 400, 'A calendar covers at most two months.', [
      { path: 'to', message: 'at most 62 days after from' },
    ]);
  }
  let query = db
    .selectFrom('meetings as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .innerJoin('meeting_types as ty', 'ty.code', 'm.type_code')
    .select([
      'm.id',
      'm.org_id',
      'o.name as org_name',
      'm.type_code',
      'ty.name as type_name',
      'm.title',
      'm.meeting_date',
      'm.starts_at',
      'm.ends_at',
      'm.place',
      'm.status',
    ])
    .where('m.meeting_date', '>=', q.from)
    .where('m.meeting_date', '<=', q.to);
  if (q.orgId) {
    const org = await requireVisibleOrg(db, actor, q.orgId, MEETING_READ_ROLES);
    query = query.where('o.path', '>=', org.path).where('o.path', '<', prefixEnd(org.path));
  } else {
    const scope = scopeFor(actor, MEETING_READ_ROLES);
    query = query.where((eb) => whereInScope(eb as never, 'o.path', scope));
  }
  if (q.typeCode) {
    query = query.where('m.type_code', 'in', q.typeCode.split(',').filter(Boolean));
  }
  const rows = await query
    .orderBy('m.starts_at')
    .orderBy('m.id')
    .limit(CALENDAR_LIMIT + 1)
    .execute();
  const today = meetingToday(ctx);
  return {
    truncated: rows.length > CALENDAR_LIMIT,
    items: rows.slice(0, CALENDAR_LIMIT).map((r) => ({
      id: r.id,
      orgId: r.org_id,
      orgName: r.org_name,
      typeCode: r.type_code,
      typeName: r.type_name,
      title: r.title,
      meetingDate: r.meeting_date,
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      place: r.place,
      status: r.status,
      overdue: r.status === 'planned' && r.meeting_date < today,
    })),
  };
}

/** Planned vs held per meeting type for a year in an organisation's subtree: held, cancelled, overdue (not recorded), upcoming. */
export async function plannedVsHeld(ctx: AppContext, actor: Actor, orgId: number | undefined, year: number): Promise<PlannedHeld> {
  const db = ctx.database.db;
  const today = meetingToday(ctx);
  let query = db
    .selectFrom('meetings as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .innerJoin('meeting_types as ty', 'ty.code', 'm.type_code')
    .select([
      'm.type_code',
      'ty.name',
      'ty.sort_order',
      sql<number>`count(*)`.as('planned'),
      sql<number>`sum(case when m.status = 'held' then 1 else 0 end)`.as('held'),
      sql<number>`sum(case when m.status = 'cancelled' then 1 else 0 end)`.as('cancelled'),
      sql<number>`sum(case when m.status = 'planned' and m.meeting_date < ${today} then 1 else 0 end)`.as('overdue'),
      sql<number>`sum(case when m.status = 'planned' and m.meeting_date >= ${today} then 1 else 0 end)`.as('upcoming'),
    ])
    .where('m.meeting_date', '>=', `${year}-01-01`)
    .where('m.meeting_date', '<=', `${year}-12-31`);
  if (orgId) {
    const org = await requireVisibleOrg(db, actor, orgId, MEETING_READ_ROLES);
    query = query.where('o.path', '>=', org.path).where('o.path', '<', prefixEnd(org.path));
  } else {
    query = query.where((eb) => whereInScope(eb as never, 'o.path', scopeFor(actor, MEETING_READ_ROLES)));
  }
  const rows = await query.groupBy(['m.type_code', 'ty.name', 'ty.sort_order']).orderBy('ty.sort_order').execute();
  return {
    year,
    rows: rows.map((r) => ({
      typeCode: r.type_code,
      typeName: r.name,
      planned: Number(r.planned),
      held: Number(r.held ?? 0),
      cancelled: Number(r.cancelled ?? 0),
      overdue: Number(r.overdue ?? 0),
      upcoming: Number(r.upcoming ?? 0),
    })),
  };
}

/** The attendee picker's people for a meeting of an organisation the actor operates. */
export async function meetingCandidates(
  ctx: AppContext,
  actor: Actor,
  q: { orgId: number; typeCode?: string; q?: string; limit: number },
): Promise<Candidate[]> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, q.orgId, MEETING_WRITE_ROLES);
  const type = q.typeCode ? await requireMeetingType(db, q.typeCode) : null;
  return candidatesFor(db, org, type, meetingToday(ctx), q.q, q.limit);
}

import type { Insertable } from 'kysely';
import type { MeetingAttendeesTable, MeetingsTable } from '../../server/src/modules/meetings/meetings.tables.js';
import { hasTable, insertChunked } from '../lib/bulk.js';
import type { GeneratorStep } from './context.js';

/** A small deterministic hash → [0, 1). */
function rand(a: number, b: number, salt: number): number {
  let h = (a * 73_856_093) ^ (b * 19_349_663) ^ (salt * 83_492_791);
  h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
  h ^= h >>> 15;
  return (h >>> 0) / 4_294_967_296;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A year of organisational life for every branch and group, up to `today` (1 January to today of today's year and
 * the 12 months before): 支委会 (branches with a committee) / 主题党日 / 党小组会 monthly, 党员大会 and 党课
 * quarterly, 组织生活会 / 民主评议党员 yearly, and a 谈心谈话 per member (the secretary with each member). About 5% of
 * obligations are missed. Attendees are generated for talks (they drive coverage) and 支委会 (the committee) only:
 * the compliance matrix reads meetings, not attendance, and a full roster per meeting would add millions of rows.
 */
export const meetingsStep: GeneratorStep = {
  name: 'meetings',
  tables: ['meetings'],
  // Needs only ctx.db, dialect, today and now.
  async run(ctx) {
    if (!(await hasTable(ctx.db, 'meetings'))) {
      return { skipped: 'no meetings table (migration 0005)' };
    }
    const year = Number(ctx.today.slice(0, 4));
    const today = ctx.today;
    // Read from the database (not the in-memory enterprise) so the step also fills a copy made earlier.
    const orgs = await ctx.db.selectFrom('orgs').select(['id', 'kind', 'parent_id']).where('status', '=', 'active').orderBy('id').execute();
    const branches = orgs.filter((o) => o.kind === 'branch');
    const groupsOf = new Map<number, number[]>();
    for (const g of orgs.filter((o) => o.kind === 'group')) {
      if (g.parent_id !== null) {
        groupsOf.set(g.parent_id, [...(groupsOf.get(g.parent_id) ?? []), g.id]);
      }
    }
    const posts = await ctx.db
      .selectFrom('org_posts as p')
      .innerJoin('orgs as o', 'o.id', 'p.org_id')
      .select(['p.org_id', 'p.person_id', 'p.post'])
      .where('o.kind', '=', 'branch')
      .where('p.post', '<>', 'group_leader')
      .where((eb) => eb.or([eb('p.end_on', 'is', null), eb('p.end_on', '>', today)]))
      .orderBy('p.id')
      .execute();
    const committeeOf = new Map<number, number[]>();
    const secretaryOf = new Map<number, number>();
    for (const p of posts) {
      committeeOf.set(p.org_id, [...new Set([...(committeeOf.get(p.org_id) ?? []), p.person_id])]);
      if (p.post === 'secretary') {
        secretaryOf.set(p.org_id, p.person_id);
      }
    }
    const membersOf = new Map<number, number[]>();
    const people = await ctx.db
      .selectFrom('people')
      .select(['id', 'branch_id'])
      .where('status', '=', 'active')
      .where('party_status', 'in', ['full', 'probationary'])
      .where('branch_id', 'is not', null)
      .orderBy('id')
      .execute();
    for (const p of people) {
      if (p.branch_id !== null) {
        membersOf.set(p.branch_id, [...(membersOf.get(p.branch_id) ?? []), p.id]);
      }
    }
    const meetings: Array<Insertable<MeetingsTable>> = [];
    const attendees: Array<Insertable<MeetingAttendeesTable>> = [];
    let id = 0;
    const add = (orgId: number, type: string, date: string, people: number[], orgLife: number, talk?: [number, number]) => {
      if (date > today) {
        return;
      }
      id += 1;
      meetings.push({
        id,
        org_id: orgId,
        type_code: type,
        title: `${type} ${date}`,
        meeting_date: date,
        starts_at: `${date}T06:00:00.000Z`,
        ends_at: null,
        place: '会议室',
        online: 0,
        online_link: null,
        chair_person_id: talk?.[0] ?? null,
        recorder_person_id: null,
        counterpart_person_id: talk?.[1] ?? null,
        status: 'held',
        minutes: '',
        summary: null,
        cancel_reason: null,
        checkin_code: null,
        checkin_open: 0,
        checkin_expires_at: null,
        reminder_sent_at: ctx.now,
        held_at: ctx.now,
        created_by: null,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
      for (const p of people) {
        attendees.push({
          meeting_id: id,
          person_id: p,
          expected: 1,
          status: 'present',
          leave_reason: null,
          checkin_method: 'recorder',
          checked_in_at: ctx.now,
          meeting_date: date,
          org_id: orgId,
          org_life: orgLife,
          meeting_status: 'held',
          updated_at: ctx.now,
        });
      }
    };
    const skip = (a: number, b: number, salt: number) => rand(a, b, salt) < 0.05;
    for (const y of [year - 1, year]) {
      for (const b of branches) {
        const committee = committeeOf.get(b.id) ?? [];
        for (let m = 1; m <= 12; m++) {
          const month = `${y}-${pad(m)}`;
          if (committee.length >= 3 && !skip(b.id, y * 100 + m, 1)) {
            add(b.id, 'branch_committee', `${month}-${pad(5 + (b.id % 7))}`, committee, 1);
          }
          if (!skip(b.id, y * 100 + m, 2)) {
            add(b.id, 'theme_day', `${month}-${pad(15 + (b.id % 10))}`, [], 1);
          }
          for (const g of groupsOf.get(b.id) ?? []) {
            if (!skip(g, y * 100 + m, 3)) {
              add(g, 'group_meeting', `${month}-${pad(8 + (g % 12))}`, [], 1);
            }
          }
          if (m % 3 === 2) {
            if (!skip(b.id, y * 100 + m, 4)) {
              add(b.id, 'general_meeting', `${month}-${pad(20 + (b.id % 5))}`, [], 1);
            }
            if (!skip(b.id, y * 100 + m, 5)) {
              add(b.id, 'party_lecture', `${month}-${pad(10 + (b.id % 9))}`, [], 1);
            }
          }
        }
        if (!skip(b.id, y, 6)) {
          add(b.id, 'org_life_meeting', `${y}-01-${pad(18 + (b.id % 8))}`, [], 1);
          add(b.id, 'member_review', `${y}-01-${pad(19 + (b.id % 8))}`, [], 1);
        }
        const secretary = secretaryOf.get(b.id);
        if (secretary !== undefined) {
          for (const p of membersOf.get(b.id) ?? []) {
            if (p !== secretary && !skip(b.id, p * 3 + y, 7)) {
              add(
                b.id,
                'talk',
                `${y}-${pad(1 + Math.floor(rand(p, y, 8) * 11))}-${pad(1 + Math.floor(rand(p, y, 9) * 27))}`,
                [secretary, p],
                0,
              );
            }
          }
        }
      }
    }
    return {
      rows: {
        meetings: await insertChunked(ctx.db, 'meetings', meetings, ctx.dialect),
        meeting_attendees: await insertChunked(ctx.db, 'meeting_attendees', attendees, ctx.dialect),
      },
    };
  },
};

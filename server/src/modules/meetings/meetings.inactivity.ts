import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { InactivityFacts } from '../people/people.inactivity.js';
import { wholeMonthsBetween } from './meetings.dates.js';

export interface OrgLifeGap {
  /** Whole months since the last organisational life (or since records began for the branch), null when unknown. */
  months: number | null;
  lastAttendedOn: string | null;
}

async function inChunks<T>(ids: readonly number[], fn: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 900) {
    out.push(...(await fn(ids.slice(i, i + 900))));
  }
  return out;
}

/**
 * Months since each person last took part in organisational life: the latest held org-life meeting (党员大会、支委会、
 * 党小组会、党课、主题党日、组织生活会 …) they attended, or were excused from with a recorded leave reason. A person
 * with no such record is measured from when records began for them: the later of joining their current branch
 * and the first org-life meeting their branch (or its groups) recorded. No records for the branch → unknown.
 */
export async function orgLifeGaps(db: Kysely<DB>, personIds: readonly number[], today: string): Promise<Map<number, OrgLifeGap>> {
  const out = new Map<number, OrgLifeGap>();
  if (personIds.length === 0) {
    return out;
  }
  const last = await inChunks(personIds, (chunk) =>
    db
      .selectFrom('meeting_attendees')
      .select(['person_id', sql<string>`max(meeting_date)`.as('last')])
      .where('person_id', 'in', chunk)
      .where('org_life', '=', 1)
      .where('status', 'in', ['present', 'leave'])
      .where('meeting_status', '=', 'held')
      .where('meeting_date', '<=', today)
      .groupBy('person_id')
      .execute(),
  );
  const lastBy = new Map(last.map((r) => [r.person_id, r.last]));
  const missing = personIds.filter((id) => !lastBy.has(id));
  for (const [id, d] of lastBy) {
    out.set(id, { months: wholeMonthsBetween(d, today), lastAttendedOn: d });
  }
  if (missing.length === 0) {
    return out;
  }
  const people = await inChunks(missing, (chunk) => db.selectFrom('people').select(['id', 'branch_id']).where('id', 'in', chunk).execute());
  const branchIds = [...new Set(people.map((p) => p.branch_id).filter((b): b is number => b !== null))];
  const joined = await inChunks(missing, (chunk) =>
    db
      .selectFrom('memberships as ms')
      .innerJoin('people as p', (j) => j.onRef('p.id', '=', 'ms.person_id').onRef('p.branch_id', '=', 'ms.org_id'))
      .select(['ms.person_id', sql<string>`max(ms.from_on)`.as('from_on')])
      .where('ms.person_id', 'in', chunk)
      .where('ms.to_on', 'is', null)
      .groupBy('ms.person_id')
      .execute(),
  );
  const joinedBy = new Map(joined.map((j) => [j.person_id, j.from_on]));
  // The first org-life meeting each branch (or one of its groups) recorded: groups found first, then meetings by org.
  const groups = await inChunks(branchIds, (chunk) =>
    db.selectFrom('orgs').select(['id', 'parent_id']).where('parent_id', 'in', chunk).where('kind', '=', 'group').execute(),
  );
  const branchOf = new Map<number, number>(branchIds.map((b) => [b, b]));
  for (const g of groups) {
    if (g.parent_id !== null) {
      branchOf.set(g.id, g.parent_id);
    }
  }
  const orgLifeTypes = (await db.selectFrom('meeting_types').select('code').where('org_life', '=', 1).execute()).map((r) => r.code);
  const firsts =
    orgLifeTypes.length === 0
      ? []
      : await inChunks([...branchOf.keys()], (chunk) =>
          db
            .selectFrom('meetings')
            // Filters inside the aggregate so that only (org_id, meeting_date) can serve the query.
            .select([
              'org_id',
              sql<string | null>`min(case when status = 'held' and type_code in (${sql.join(orgLifeTypes)}) then meeting_date end)`.as(
                'first',
              ),
            ])
            .where('org_id', 'in', chunk)
            .where('meeting_date', '<=', today)
            .groupBy('org_id')
            .execute(),
        );
  const firstBy = new Map<number, string>();
  for (const f of firsts) {
    const branch = branchOf.get(f.org_id);
    if (branch === undefined || f.first === null) {
      continue;
    }
    const prev = firstBy.get(branch);
    if (!prev || f.first < prev) {
      firstBy.set(branch, f.first);
    }
  }
  for (const p of people) {
    const first = p.branch_id === null ? undefined : firstBy.get(p.branch_id);
    if (!first) {
      out.set(p.id, { months: null, lastAttendedOn: null });
      continue;
    }
    const since = [first, joinedBy.get(p.id) ?? first].sort().at(-1) ?? first;
    out.set(p.id, { months: since > today ? 0 : wholeMonthsBetween(since, today), lastAttendedOn: null });
  }
  return out;
}

/** The meetings module's source for the 6-month rule (people.inactivity.ts). */
export async function orgLifeInactivity(
  db: Kysely<DB>,
  personIds: readonly number[],
  today: string,
): Promise<Map<number, InactivityFacts>> {
  const gaps = await orgLifeGaps(db, personIds, today);
  const out = new Map<number, InactivityFacts>();
  for (const [id, g] of gaps) {
    if (g.months !== null) {
      out.set(id, { monthsWithoutOrgLife: g.months });
    }
  }
  return out;
}

import type { PersonExportQuery, PersonListQuery } from '@guantong/shared';
import { type Insertable, type Kysely, sql } from 'kysely';
import { type OrgScope, whereInScope } from '../../core/access.js';
import { isSqlite, prefixEnd } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import type { MembershipEndKind, MembershipsTable, PeopleTable, PersonEventsTable } from './people.tables.js';

const CHUNK = 500;

/**
 * Up to this many matching people, SQLite is told to sort the matches rather than walk an ordering index
 * (see {@link pagePeople}).
 */
const SORT_MATCHES_UP_TO = 5000;

function filtered(db: Kysely<DB>, scope: OrgScope, q: PersonExportQuery, underPath: string | null) {
  let base = db.selectFrom('people');
  // Scope (and subtree) as `org_id in (organisations by path range)`: the planner then walks the path index
  // and people by (org_id, status) instead of scanning the whole roster.
  if (!scope.all || underPath) {
    base = base.where((eb) =>
      eb(
        'people.org_id',
        'in',
        eb
          .selectFrom('orgs as s')
          .select('s.id')
          .where((e) => {
            const parts = [whereInScope(e as never, 's.path', scope)];
            if (underPath) {
              parts.push(e('s.path', '>=', underPath), e('s.path', '<', prefixEnd(underPath)));
            }
            return e.and(parts);
          }),
      ),
    );
  }
  if (q.status !== 'all') {
    base = base.where('people.status', '=', q.status);
  }
  if (q.q) {
    const text = q.q;
    const like = `%${text}%`;
    base = base.where((eb) => {
      const parts = [eb('people.name', 'like', like), eb('people.employee_no', 'like', like)];
      if (/^[A-Za-z]+$/.test(text)) {
        parts.push(eb('people.name_initials', 'like', `${text.toLowerCase()}%`));
      }
      return eb.or(parts);
    });
  }
  if (q.partyStatus && q.partyStatus.length > 0) {
    base = base.where('people.party_status', 'in', q.partyStatus);
  }
  if (q.gender) {
    base = base.where('people.gender', '=', q.gender);
  }
  if (q.isCadre) {
    base = base.where('people.is_cadre', '=', q.isCadre === 'true' ? 1 : 0);
  }
  if (q.isRetired) {
    base = base.where('people.is_retired', '=', q.isRetired === 'true' ? 1 : 0);
  }
  if (q.isMobile) {
    base = base.where('people.is_mobile', '=', q.isMobile === 'true' ? 1 : 0);
  }
  if (q.inBranch) {
    base = base.where('people.branch_id', q.inBranch === 'true' ? 'is not' : 'is', null);
  }
  if (q.businessUnit) {
    base = base.where('people.business_unit', 'like', `%${q.businessUnit}%`);
  }
  return base;
}

type Filtered = ReturnType<typeof filtered>;

/** The filtered roster joined to the person's organisation, branch and group. */
function withRefs(base: Filtered) {
  return base
    .innerJoin('orgs as o', 'o.id', 'people.org_id')
    .leftJoin('orgs as b', 'b.id', 'people.branch_id')
    .leftJoin('orgs as g', 'g.id', 'people.group_id');
}

const PERSON_COLUMNS = [
  'people.id',
  'people.employee_no',
  'people.name',
  'people.gender',
  'people.ethnicity',
  'people.birth_date',
  'people.education',
  'people.job_title',
  'people.business_unit',
  'people.phone',
  'people.party_status',
  'people.joined_party_on',
  'people.full_member_on',
  'people.probation_start',
  'people.is_cadre',
  'people.is_retired',
  'people.is_mobile',
  'people.status',
  'people.left_on',
  'people.note',
  'people.org_id',
  'people.branch_id',
  'people.group_id',
  'people.created_at',
  'people.updated_at',
  'o.code as org_code',
  'o.name as org_name',
  'o.kind as org_kind',
  'o.path as org_path',
  'b.code as branch_code',
  'b.name as branch_name',
  'b.kind as branch_kind',
  'g.code as group_code',
  'g.name as group_name',
  'g.kind as group_kind',
] as const;

type SortKey =
  | 'people.name_initials'
  | 'people.name'
  | 'people.birth_date'
  | 'people.joined_party_on'
  | 'people.party_status'
  | 'people.employee_no'
  | 'people.id';

/** The sort of a roster query as keys, stable (id or the unique employee number last); `org_path` is the organisation's path. */
function sortKeys(q: Pick<PersonExportQuery, 'sort' | 'order'>): Array<[SortKey | 'org_path', 'asc' | 'desc']> {
  const o = q.order;
  switch (q.sort) {
    case 'name':
      return [
        ['people.name_initials', o],
        ['people.name', o],
        ['people.id', 'asc'],
      ];
    case 'birthDate':
      return [
        ['people.birth_date', o],
        ['people.id', 'asc'],
      ];
    case 'joinedPartyOn':
      return [
        ['people.joined_party_on', o],
        ['people.id', 'asc'],
      ];
    case 'partyStatus':
      return [
        ['people.party_status', o],
        ['people.employee_no', 'asc'],
      ];
    case 'org':
      return [
        ['org_path', o],
        ['people.employee_no', 'asc'],
      ];
    default:
      return [
        ['people.employee_no', o],
        ['people.id', 'asc'],
      ];
  }
}

export type PersonRow = NonNullable<Awaited<ReturnType<typeof findPersonRow>>>;

/**
 * One page of the roster in the scope (optionally under a path), filtered and sorted, and the total.
 * The page's ids come from the filtered roster alone; only those ids are joined to their organisations.
 * On SQLite the count runs first: with few matches (a 党总支's roster) the matches are sorted, with many
 * (the whole group) the ordering index is walked. SQLite's planner cannot tell the two apart (it does not
 * know how many people a path range holds, even with statistics), and guessing wrong costs 10–100×.
 */
export async function pagePeople(
  db: Kysely<DB>,
  scope: OrgScope,
  q: PersonListQuery,
  underPath: string | null,
): Promise<{ rows: PersonRow[]; total: number }> {
  const base = filtered(db, scope, q, underPath);
  const counted = base.select((eb) => eb.fn.countAll<number>().as('n'));
  const page = (sortMatches: boolean) => {
    let ids = base.select('people.id');
    sortKeys(q).forEach(([key, dir], i) => {
      if (key === 'org_path') {
        ids = ids.orderBy((eb) => eb.selectFrom('orgs as so').select('so.path').whereRef('so.id', '=', 'people.org_id'), dir);
      } else {
        ids = ids.orderBy(i === 0 && sortMatches ? sql`+${sql.ref(key)}` : sql.ref(key), dir);
      }
    });
    let rows = withRefs(db.selectFrom('people'))
      .innerJoin(
        ids
          .limit(q.pageSize)
          .offset((q.page - 1) * q.pageSize)
          .as('pg'),
        'pg.id',
        'people.id',
      )
      .select(PERSON_COLUMNS);
    for (const [key, dir] of sortKeys(q)) {
      rows = rows.orderBy(key === 'org_path' ? 'o.path' : key, dir);
    }
    return rows.execute();
  };
  if (isSqlite(db)) {
    const total = Number((await counted.executeTakeFirstOrThrow()).n);
    if (total <= (q.page - 1) * q.pageSize) {
      return { rows: [], total };
    }
    return { rows: await page(total <= SORT_MATCHES_UP_TO), total };
  }
  const [rows, c] = await Promise.all([page(false), counted.executeTakeFirstOrThrow()]);
  return { rows, total: Number(c.n) };
}

/** Every person matching the filters, up to `limit` (exports). */
export function allPeople(db: Kysely<DB>, scope: OrgScope, q: PersonExportQuery, underPath: string | null, limit: number) {
  let rows = withRefs(filtered(db, scope, q, underPath)).select(PERSON_COLUMNS);
  for (const [key, dir] of sortKeys(q)) {
    rows = rows.orderBy(key === 'org_path' ? 'o.path' : key, dir);
  }
  return rows.limit(limit).execute();
}

/** Counts the people matching the filters (export limit check). */
export async function countPeople(db: Kysely<DB>, scope: OrgScope, q: PersonExportQuery, underPath: string | null): Promise<number> {
  const r = await filtered(db, scope, q, underPath)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One person with the organisations they belong to. */
export function findPersonRow(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('people')
    .innerJoin('orgs as o', 'o.id', 'people.org_id')
    .leftJoin('orgs as b', 'b.id', 'people.branch_id')
    .leftJoin('orgs as g', 'g.id', 'people.group_id')
    .select(PERSON_COLUMNS)
    .where('people.id', '=', id)
    .executeTakeFirst();
}

export function findPersonByEmployeeNo(db: Kysely<DB>, employeeNo: string) {
  return db.selectFrom('people').select(['id', 'employee_no']).where('employee_no', '=', employeeNo).executeTakeFirst();
}

/** Which of the employee numbers already exist (checked in chunks). */
export async function existingEmployeeNos(db: Kysely<DB>, numbers: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < numbers.length; i += 900) {
    const rows = await db
      .selectFrom('people')
      .select('employee_no')
      .where('employee_no', 'in', numbers.slice(i, i + 900))
      .execute();
    for (const r of rows) {
      out.add(r.employee_no);
    }
  }
  return out;
}

/** Inserts people in chunks; returns the new ids by employee number. */
export async function insertPeople(
  trx: Kysely<DB>,
  rows: Insertable<PeopleTable>[],
  onChunk?: (index: number) => void,
): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const out = await trx
      .insertInto('people')
      .values(rows.slice(i, i + CHUNK))
      .returning(['id', 'employee_no'])
      .execute();
    for (const r of out) {
      ids.set(r.employee_no, r.id);
    }
    onChunk?.(i / CHUNK);
  }
  return ids;
}

export async function insertMemberships(trx: Kysely<DB>, rows: Insertable<MembershipsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('memberships')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

export async function insertPersonEvents(trx: Kysely<DB>, rows: Insertable<PersonEventsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto('person_events')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

/** Ends a person's open memberships (in the given organisations, or all) on a date. */
export function endMemberships(trx: Kysely<DB>, personId: number, on: string, endKind: MembershipEndKind, orgIds: number[] | null = null) {
  let q = trx.updateTable('memberships').set({ to_on: on, end_kind: endKind }).where('person_id', '=', personId).where('to_on', 'is', null);
  if (orgIds) {
    if (orgIds.length === 0) {
      return Promise.resolve();
    }
    q = q.where('org_id', 'in', orgIds);
  }
  return q.execute().then(() => undefined);
}

/** The latest start of a person's open memberships (a transfer cannot be dated before it). */
export async function latestOpenMembershipStart(db: Kysely<DB>, personId: number): Promise<string | null> {
  const r = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.max('from_on').as('d'))
    .where('person_id', '=', personId)
    .where('to_on', 'is', null)
    .executeTakeFirst();
  return (r?.d as string | null | undefined) ?? null;
}

export function listMemberships(db: Kysely<DB>, personId: number) {
  return db
    .selectFrom('memberships')
    .innerJoin('orgs', 'orgs.id', 'memberships.org_id')
    .select([
      'memberships.id',
      'memberships.from_on',
      'memberships.to_on',
      'memberships.start_kind',
      'memberships.end_kind',
      'memberships.reason',
      'orgs.id as org_id',
      'orgs.code as org_code',
      'orgs.name as org_name',
      'orgs.kind as org_kind',
    ])
    .where('memberships.person_id', '=', personId)
    .orderBy('memberships.from_on', 'desc')
    .orderBy('memberships.id', 'desc')
    .execute();
}

export function listTransfers(db: Kysely<DB>, personId: number) {
  return db
    .selectFrom('person_transfers as t')
    .leftJoin('orgs as f', 'f.id', 't.from_org_id')
    .leftJoin('orgs as d', 'd.id', 't.to_org_id')
    .select([
      't.id',
      't.kind',
      't.external_org',
      't.transfer_on',
      't.reason',
      't.created_by_name',
      't.created_at',
      'f.id as from_id',
      'f.code as from_code',
      'f.name as from_name',
      'f.kind as from_kind',
      'd.id as to_id',
      'd.code as to_code',
      'd.name as to_name',
      'd.kind as to_kind',
    ])
    .where('t.person_id', '=', personId)
    .orderBy('t.transfer_on', 'desc')
    .orderBy('t.id', 'desc')
    .execute();
}

export function listPersonEvents(db: Kysely<DB>, personId: number) {
  return db
    .selectFrom('person_events')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('on_date', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/**
 * Party members (full + probationary, active roster) grouped by branch, group and status for branches in
 * the scope (and under a path): one grouped query over the (status, branch_id, group_id, party_status) index.
 */
export async function memberCounts(db: Kysely<DB>, scope: OrgScope, underPath: string | null) {
  let q = db
    .selectFrom('people')
    .select(['people.branch_id', 'people.group_id', 'people.party_status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('people.status', '=', 'active')
    .where('people.branch_id', 'is not', null)
    .where('people.party_status', 'in', ['full', 'probationary'])
    .groupBy(['people.branch_id', 'people.group_id', 'people.party_status']);
  if (!scope.all || underPath) {
    q = q.where((eb) =>
      eb(
        'people.branch_id',
        'in',
        eb
          .selectFrom('orgs')
          .select('orgs.id')
          .where((e) => {
            const parts = [whereInScope(e as never, 'orgs.path', scope)];
            if (underPath) {
              parts.push(e('orgs.path', '>=', underPath), e('orgs.path', '<', prefixEnd(underPath)));
            }
            return e.and(parts);
          }),
      ),
    );
  }
  const rows = await q.execute();
  return rows.map((r) => ({ branch_id: r.branch_id, group_id: r.group_id, party_status: r.party_status, n: Number(r.n) }));
}

/** People on the active roster of an organisation's subtree (a group: its members), by party status. */
export async function statusCounts(db: Kysely<DB>, org: { id: number; kind: string; path: string }) {
  let q = db
    .selectFrom('people')
    .select(['people.party_status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('people.status', '=', 'active')
    .groupBy('people.party_status');
  if (org.kind === 'group') {
    q = q.where('people.group_id', '=', org.id);
  } else {
    q = q.where((eb) =>
      eb(
        'people.branch_id',
        'in',
        eb.selectFrom('orgs').select('orgs.id').where('orgs.path', '>=', org.path).where('orgs.path', '<', prefixEnd(org.path)),
      ),
    );
  }
  const rows = await q.execute();
  return rows.map((r) => ({ party_status: r.party_status, n: Number(r.n) }));
}

/** Active people whose record, branch or group is this organisation. */
export async function countAnchored(db: Kysely<DB>, orgId: number): Promise<number> {
  const r = await db
    .selectFrom('people')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('org_id', '=', orgId), eb('branch_id', '=', orgId), eb('group_id', '=', orgId)]))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

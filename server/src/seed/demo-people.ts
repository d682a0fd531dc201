import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { type DemoEnterprise, pinyinInitials } from '../modules/orgs/demo-enterprise.js';
import type { OrgPostsTable } from '../modules/orgs/orgs.tables.js';
import type { MembershipsTable, PeopleTable, PersonEventsTable, PersonTransfersTable } from '../modules/people/people.tables.js';

const CHUNK = 500;

async function insertChunks<T extends keyof DB>(trx: Kysely<DB>, table: T, rows: Insertable<DB[T]>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await trx
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK) as never)
      .execute();
  }
}

function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const last = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${y + years}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

function maxDate(...dates: Array<string | null | undefined>): string {
  return dates
    .filter((d): d is string => !!d)
    .sort()
    .at(-1) as string;
}

export interface DemoPeopleResult {
  people: number;
  posts: number;
  /** Person id and name of whoever leads each branch or 党总支 (its secretary, else its deputy secretary), by org code. */
  orgLeads: Map<string, { personId: number; name: string }>;
}

/**
 * Inserts the generator's people, memberships (with plausible history: a retired former secretary moved to
 * the retirees' branch by a recorded transfer), status events and posts, in bulk chunks of 500 rows.
 * People without a branch (群众) are held by their unit's general branch, or the top committee.
 */
export async function insertDemoPeople(
  trx: Kysely<DB>,
  demo: DemoEnterprise,
  orgIds: Map<string, { id: number; path: string }>,
  now: string,
  today: string,
): Promise<DemoPeopleResult> {
  const orgByCode = new Map(demo.orgs.map((o) => [o.code, o]));
  const idOf = (code: string): number => {
    const id = orgIds.get(code)?.id;
    if (id === undefined) {
      throw new Error(`demo organisation ${code} was not inserted`);
    }
    return id;
  };
  const top = demo.orgs.find((o) => o.parentCode === null);
  const unitOrg = new Map<string, string>();
  for (const o of demo.orgs) {
    if (o.kind === 'general_branch' && !unitOrg.has(o.businessUnit)) {
      unitOrg.set(o.businessUnit, o.code);
    }
  }
  // Ended branch posts held by someone now elsewhere: that person moved on the post's end date.
  const movedOn = new Map<string, { fromCode: string; on: string }>();
  const personByNo = new Map(demo.people.map((p) => [p.employeeNo, p]));
  for (const post of demo.posts) {
    const holder = personByNo.get(post.employeeNo);
    const org = orgByCode.get(post.orgCode);
    if (post.endOn && holder && org?.kind === 'branch' && holder.branchCode && holder.branchCode !== post.orgCode) {
      movedOn.set(post.employeeNo, { fromCode: post.orgCode, on: post.endOn });
    }
  }

  const people: Insertable<PeopleTable>[] = demo.people.map((p) => {
    const anchor = p.branchCode ?? unitOrg.get(p.businessUnit) ?? top?.code ?? '';
    return {
      employee_no: p.employeeNo,
      name: p.name,
      name_initials: pinyinInitials(p.name),
      gender: p.gender,
      ethnicity: p.ethnicity,
      birth_date: p.birthDate,
      education: p.education,
      job_title: p.jobTitle,
      business_unit: p.businessUnit,
      phone: p.phone,
      party_status: p.partyStatus,
      joined_party_on: p.joinedPartyOn,
      full_member_on: p.fullMemberOn,
      probation_start: p.probationStart,
      is_cadre: p.isCadre ? 1 : 0,
      is_retired: p.isRetired ? 1 : 0,
      is_mobile: p.isMobile ? 1 : 0,
      org_id: idOf(anchor),
      branch_id: p.branchCode ? idOf(p.branchCode) : null,
      group_id: p.groupCode ? idOf(p.groupCode) : null,
      status: 'active',
      left_on: null,
      note: null,
      import_job_id: null,
      created_at: now,
      updated_at: now,
    };
  });
  const personIds = new Map<string, number>();
  for (let i = 0; i < people.length; i += CHUNK) {
    const rows = await trx
      .insertInto('people')
      .values(people.slice(i, i + CHUNK))
      .returning(['id', 'employee_no'])
      .execute();
    for (const r of rows) {
      personIds.set(r.employee_no, r.id);
    }
  }
  const pid = (no: string): number => personIds.get(no) ?? 0;

  const memberships: Insertable<MembershipsTable>[] = [];
  const transfers: Insertable<PersonTransfersTable>[] = [];
  const events: Insertable<PersonEventsTable>[] = [];
  for (const p of demo.people) {
    const id = pid(p.employeeNo);
    events.push({
      person_id: id,
      kind: 'created',
      from_value: null,
      to_value: p.partyStatus,
      on_date: today,
      reason: '示例数据建档',
      created_by: null,
      created_by_name: 'system',
      created_at: now,
    });
    if (p.partyStatus === 'full' && p.fullMemberOn) {
      events.push({
        person_id: id,
        kind: 'party_status',
        from_value: 'probationary',
        to_value: 'full',
        on_date: p.fullMemberOn,
        reason: '预备期满，经支部大会讨论、上级党委批准按期转正',
        created_by: null,
        created_by_name: 'system',
        created_at: now,
      });
    }
    if (!p.branchCode) {
      continue;
    }
    const branch = orgByCode.get(p.branchCode);
    const ageFrom = addYears(p.birthDate, 18);
    const moved = movedOn.get(p.employeeNo);
    let from = maxDate(branch?.foundedOn, p.joinedPartyOn, ageFrom);
    if (moved) {
      const prev = orgByCode.get(moved.fromCode);
      const prevFrom = maxDate(prev?.foundedOn, p.joinedPartyOn, ageFrom);
      transfers.push({
        person_id: id,
        kind: 'between',
        from_org_id: idOf(moved.fromCode),
        to_org_id: idOf(p.branchCode),
        external_org: null,
        transfer_on: moved.on,
        reason: '退休，组织关系转入退休职工党支部',
        created_by: null,
        created_by_name: 'system',
        created_at: now,
      });
      memberships.push({
        person_id: id,
        org_id: idOf(moved.fromCode),
        from_on: [prevFrom, moved.on].sort()[0] ?? moved.on,
        to_on: moved.on,
        start_kind: 'initial',
        end_kind: 'between',
        reason: '退休',
        transfer_id: null,
        created_at: now,
      });
      from = moved.on;
    }
    if (from > today) {
      from = today;
    }
    memberships.push({
      person_id: id,
      org_id: idOf(p.branchCode),
      from_on: from,
      to_on: null,
      start_kind: moved ? 'between' : 'initial',
      end_kind: null,
      reason: moved ? '退休' : null,
      transfer_id: null,
      created_at: now,
    });
    if (p.groupCode) {
      const group = orgByCode.get(p.groupCode);
      const gFrom = maxDate(group?.foundedOn, from);
      memberships.push({
        person_id: id,
        org_id: idOf(p.groupCode),
        from_on: gFrom > today ? today : gFrom,
        to_on: null,
        start_kind: 'initial',
        end_kind: null,
        reason: null,
        transfer_id: null,
        created_at: now,
      });
    }
  }
  for (let i = 0; i < transfers.length; i++) {
    const t = transfers[i];
    if (!t) {
      continue;
    }
    const row = await trx.insertInto('person_transfers').values(t).returning('id').executeTakeFirstOrThrow();
    for (const m of memberships) {
      if (m.person_id === t.person_id && (m.to_on === t.transfer_on || m.from_on === t.transfer_on)) {
        m.transfer_id = row.id;
      }
    }
  }
  await insertChunks(trx, 'memberships', memberships);
  await insertChunks(trx, 'person_events', events);

  const posts: Insertable<OrgPostsTable>[] = demo.posts.map((p) => ({
    org_id: idOf(p.orgCode),
    person_id: pid(p.employeeNo),
    post: p.post,
    start_on: p.startOn,
    end_on: p.endOn,
    note: null,
    created_at: now,
    updated_at: now,
  }));
  await insertChunks(trx, 'org_posts', posts);

  const orgLeads = new Map<string, { personId: number; name: string }>();
  for (const kind of ['deputy_secretary', 'secretary'] as const) {
    for (const p of demo.posts) {
      const org = orgByCode.get(p.orgCode);
      const holder = personByNo.get(p.employeeNo);
      if (
        (org?.kind === 'branch' || org?.kind === 'general_branch') &&
        p.post === kind &&
        (p.endOn === null || p.endOn > today) &&
        holder
      ) {
        orgLeads.set(p.orgCode, { personId: pid(p.employeeNo), name: holder.name });
      }
    }
  }
  return { people: people.length, posts: posts.length, orgLeads };
}

import {
  MEMBER_STATUSES,
  PARTY_STATUS_TRANSITIONS,
  type PartyStatus,
  type PersonCreateInput,
  type PersonDetail,
  type PersonGroupUpdateInput,
  type PersonListItem,
  type PersonListQuery,
  type PersonStatusEventInput,
  type PersonTransferCreateInput,
  type PersonUpdateInput,
} from '@guantong/shared';
import type { Kysely } from 'kysely';
import { type Actor, type OrgScope, pathInScope, requireVisibleOrg, scopeFor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, badRequest, conflict, invalidState, notFound } from '../../core/errors.js';
import type { Page } from '../../core/paging.js';
import type { DB, OrgsTable } from '../../db/schema.js';
import { pinyinInitials } from '../orgs/demo-enterprise.js';
import { addYearsIso } from '../orgs/orgs.rules.js';
import { chinaToday, endPostsOfPerson, loadRules, postsOfPerson } from '../orgs/orgs.service.js';
import { inactivityOf } from './people.inactivity.js';
import { fullPhoneScope, PEOPLE_READ_ROLES, PEOPLE_WRITE_ROLES } from './people.policy.js';
import { presentPerson, presentPersonDetail } from './people.presenter.js';
import {
  countAnchored,
  endMemberships,
  findPersonByEmployeeNo,
  findPersonRow,
  insertMemberships,
  latestOpenMembershipStart,
  listMemberships,
  listPersonEvents,
  listTransfers,
  memberCounts,
  type PersonRow,
  pagePeople,
  statusCounts,
} from './people.repository.js';
import type { PeopleTable } from './people.tables.js';
import { checkPersonFacts } from './people.validation.js';

type OrgRow = Omit<OrgsTable, 'id'> & { id: number };

// ---------------------------------------------------------------------------------------------------------
// Used by the organisations module
// ---------------------------------------------------------------------------------------------------------

/** Party members grouped by branch, group and status in the scope (tree counts and rule checks). */
export function memberCountsByBranch(db: Kysely<DB>, scope: OrgScope, underPath: string | null) {
  return memberCounts(db, scope, underPath);
}

/** The roster of an organisation's subtree by party status (organisation page). */
export function statusCountsUnder(db: Kysely<DB>, org: { id: number; kind: string; path: string }) {
  return statusCounts(db, org);
}

/** Active people whose record, branch or group is the organisation (dissolve and move guards). */
export function anchoredPeopleCount(db: Kysely<DB>, orgId: number) {
  return countAnchored(db, orgId);
}

/** The facts about a person a post appointment needs. */
export async function findPersonBrief(db: Kysely<DB>, id: number) {
  const r = await db
    .selectFrom('people')
    .innerJoin('orgs as o', 'o.id', 'people.org_id')
    .leftJoin('orgs as b', 'b.id', 'people.branch_id')
    .select([
      'people.id',
      'people.name',
      'people.status',
      'people.party_status',
      'people.branch_id',
      'people.group_id',
      'o.path as org_path',
      'b.path as branch_path',
    ])
    .where('people.id', '=', id)
    .executeTakeFirst();
  return r ?? null;
}

/**
 * Moves everyone of a merged branch to the target branch: open memberships of the branch and its groups end
 * with 'merge', new memberships in the target start on the date, groups are left; people anchored at the
 * branch (without a branch of their own, or no longer active) are anchored at the target. Returns the
 * number of members moved.
 */
export async function moveMembersOnMerge(
  trx: Kysely<DB>,
  m: { sourceId: number; groupIds: number[]; targetId: number; on: string; reason: string; now: string },
): Promise<number> {
  const members = await trx.selectFrom('people').select('id').where('branch_id', '=', m.sourceId).where('status', '=', 'active').execute();
  await trx
    .updateTable('memberships')
    .set({ to_on: m.on, end_kind: 'merge' })
    .where('to_on', 'is', null)
    .where('org_id', 'in', [m.sourceId, ...m.groupIds])
    .execute();
  await insertMemberships(
    trx,
    members.map((p) => ({
      person_id: p.id,
      org_id: m.targetId,
      from_on: m.on,
      to_on: null,
      start_kind: 'merge' as const,
      end_kind: null,
      reason: m.reason,
      transfer_id: null,
      created_at: m.now,
    })),
  );
  await trx
    .updateTable('people')
    .set({ branch_id: m.targetId, group_id: null, updated_at: m.now })
    .where('branch_id', '=', m.sourceId)
    .execute();
  await trx.updateTable('people').set({ org_id: m.targetId, updated_at: m.now }).where('org_id', '=', m.sourceId).execute();
  return members.length;
}

/** A dissolved group's members leave the group (their branch stays). */
export async function releaseGroupMembers(trx: Kysely<DB>, groupId: number, on: string, reason: string, now: string): Promise<void> {
  await trx
    .updateTable('memberships')
    .set({ to_on: on, end_kind: 'dissolved', reason })
    .where('org_id', '=', groupId)
    .where('to_on', 'is', null)
    .execute();
  await trx.updateTable('people').set({ group_id: null, updated_at: now }).where('group_id', '=', groupId).execute();
}

// ---------------------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------------------

/** One page of the roster the actor may see (secretary: their branch; org_admin of a 党总支: its subtree). */
export async function listPeople(ctx: AppContext, actor: Actor, q: PersonListQuery): Promise<Page<PersonListItem>> {
  const db = ctx.database.db;
  const under = q.orgId ? await requireVisibleOrg(db, actor, q.orgId, PEOPLE_READ_ROLES) : null;
  const { rows, total } = await pagePeople(db, scopeFor(actor, PEOPLE_READ_ROLES), q, under?.path ?? null);
  const phones = fullPhoneScope(actor);
  return { items: rows.map((r) => presentPerson(r, phones)), total, page: q.page, pageSize: q.pageSize };
}

async function requireVisiblePerson(db: Kysely<DB>, actor: Actor, id: number, roles = PEOPLE_READ_ROLES): Promise<PersonRow> {
  const row = await findPersonRow(db, id);
  if (!row || !pathInScope(scopeFor(actor, roles), row.org_path)) {
    throw notFound('person');
  }
  return row;
}

/** A person with their whole history: memberships, transfers, status events, posts and the 6-month rule state. */
export async function getPerson(ctx: AppContext, actor: Actor, id: number): Promise<PersonDetail> {
  const db = ctx.database.db;
  const row = await requireVisiblePerson(db, actor, id);
  const today = chinaToday(ctx);
  const inactivity = await inactivityOf(db, [id], today, await loadRules(db));
  return presentPersonDetail(row, fullPhoneScope(actor), {
    memberships: await listMemberships(db, id),
    transfers: await listTransfers(db, id),
    events: await listPersonEvents(db, id),
    posts: await postsOfPerson(db, id),
    inactivity: inactivity.get(id) ?? { state: 'no_data', months: null, detail: null },
    today,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------------------

function factsInvalid(issues: ReturnType<typeof checkPersonFacts>): AppError {
  return new AppError(
    'VALIDATION_FAILED',
    400,
    'The dates do not agree with each other or with the regulations.',
    issues.map((i) => ({ path: i.field, code: i.code, message: i.message })),
  );
}

async function requireWritableOrg(db: Kysely<DB>, actor: Actor, orgId: number): Promise<OrgRow> {
  const org = await requireVisibleOrg(db, actor, orgId, PEOPLE_WRITE_ROLES);
  if (org.status !== 'active') {
    throw invalidState(`The organisation ${org.code} is ${org.status}.`);
  }
  return org;
}

async function requireGroupOf(db: Kysely<DB>, actor: Actor, groupId: number, branchId: number): Promise<OrgRow> {
  const group = await requireWritableOrg(db, actor, groupId);
  if (group.kind !== 'group' || group.parent_id !== branchId) {
    throw invalidState('The party group must belong to the person’s branch.', [{ path: 'groupId', message: 'not a group of the branch' }]);
  }
  return group;
}

/** Inserts a person with the organisations they belong to; shared by the API and the import. */
function personValues(input: PersonCreateInput, org: OrgRow, initials: string, now: string): Omit<PeopleTable, 'id'> {
  const inBranch = org.kind === 'branch' && input.partyStatus !== 'non_member';
  return {
    employee_no: input.employeeNo,
    name: input.name,
    name_initials: initials,
    gender: input.gender,
    ethnicity: input.ethnicity ?? null,
    birth_date: input.birthDate,
    education: input.education ?? null,
    job_title: input.jobTitle ?? null,
    business_unit: input.businessUnit ?? org.business_unit,
    phone: input.phone ?? null,
    party_status: input.partyStatus,
    joined_party_on: input.joinedPartyOn ?? null,
    full_member_on: input.fullMemberOn ?? null,
    probation_start:
      input.partyStatus === 'probationary' ? (input.probationStart ?? input.joinedPartyOn ?? null) : (input.probationStart ?? null),
    is_cadre: input.isCadre ? 1 : 0,
    is_retired: input.isRetired ? 1 : 0,
    is_mobile: input.isMobile ? 1 : 0,
    org_id: org.id,
    branch_id: inBranch ? org.id : null,
    group_id: inBranch ? (input.groupId ?? null) : null,
    status: 'active',
    left_on: null,
    note: input.note ?? null,
    import_job_id: null,
    created_at: now,
    updated_at: now,
  };
}

/**
 * Adds a person to the roster. Every status but 群众 needs a branch (`orgId`); full and probationary members
 * may also be put in a group of that branch. Membership starts on `memberSince` (default today).
 */
export async function createPerson(ctx: AppContext, actor: Actor, input: PersonCreateInput): Promise<PersonDetail> {
  const db = ctx.database.db;
  const org = await requireWritableOrg(db, actor, input.orgId);
  if (input.partyStatus !== 'non_member' && org.kind !== 'branch') {
    throw invalidState('A party member or applicant belongs to a party branch: choose a branch.', [
      { path: 'orgId', message: 'not a branch' },
    ]);
  }
  if (input.groupId) {
    if (!MEMBER_STATUSES.includes(input.partyStatus)) {
      throw invalidState('Only full and probationary members belong to a party group.');
    }
    await requireGroupOf(db, actor, input.groupId, org.id);
  }
  const today = chinaToday(ctx);
  const issues = checkPersonFacts(
    {
      birthDate: input.birthDate,
      partyStatus: input.partyStatus,
      joinedPartyOn: input.joinedPartyOn ?? null,
      fullMemberOn: input.fullMemberOn ?? null,
    },
    today,
  );
  if (issues.length > 0) {
    throw factsInvalid(issues);
  }
  if (input.memberSince && input.memberSince > today) {
    throw badRequest('Membership cannot start in the future.', [{ path: 'memberSince', message: 'after today' }]);
  }
  if (await findPersonByEmployeeNo(db, input.employeeNo)) {
    throw conflict('This employee number is already on the roster.', [{ path: 'employeeNo', message: 'taken' }]);
  }
  const now = ctx.clock().toISOString();
  const values = personValues(input, org, pinyinInitials(input.name), now);
  const since = input.memberSince ?? today;
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('people').values(values).returning('id').executeTakeFirstOrThrow();
    const memberships = [values.branch_id, values.group_id]
      .filter((o): o is number => o !== null)
      .map((orgId) => ({
        person_id: row.id,
        org_id: orgId,
        from_on: since,
        to_on: null,
        start_kind: 'initial' as const,
        end_kind: null,
        reason: null,
        transfer_id: null,
        created_at: now,
      }));
    await insertMemberships(trx, memberships);
    await trx
      .insertInto('person_events')
      .values({
        person_id: row.id,
        kind: 'created',
        from_value: null,
        to_value: values.party_status,
        on_date: today,
        reason: null,
        created_by: actor.userId,
        created_by_name: actor.username,
        created_at: now,
      })
      .execute();
    await audit(trx, actor, { action: 'person.created', entityType: 'person', entityId: row.id, after: values }, ctx.clock);
    return row.id;
  });
  return getPerson(ctx, actor, id);
}

/** Edits personal data and corrects dates (audited field by field); status, branch and group change only through events. */
export async function updatePerson(ctx: AppContext, actor: Actor, id: number, input: PersonUpdateInput): Promise<PersonDetail> {
  const db = ctx.database.db;
  const row = await requireVisiblePerson(db, actor, id, PEOPLE_WRITE_ROLES);
  const before = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  if (input.employeeNo !== undefined && input.employeeNo !== before.employee_no && (await findPersonByEmployeeNo(db, input.employeeNo))) {
    throw conflict('This employee number is already on the roster.', [{ path: 'employeeNo', message: 'taken' }]);
  }
  const patch: Partial<Omit<PeopleTable, 'id'>> = {
    ...(input.employeeNo !== undefined ? { employee_no: input.employeeNo } : {}),
    ...(input.name !== undefined ? { name: input.name, name_initials: pinyinInitials(input.name) } : {}),
    ...(input.gender !== undefined ? { gender: input.gender } : {}),
    ...(input.ethnicity !== undefined ? { ethnicity: input.ethnicity } : {}),
    ...(input.birthDate !== undefined ? { birth_date: input.birthDate } : {}),
    ...(input.education !== undefined ? { education: input.education } : {}),
    ...(input.jobTitle !== undefined ? { job_title: input.jobTitle } : {}),
    ...(input.businessUnit !== undefined ? { business_unit: input.businessUnit } : {}),
    ...(input.phone !== undefined ? { phone: input.phone } : {}),
    ...(input.joinedPartyOn !== undefined ? { joined_party_on: input.joinedPartyOn } : {}),
    ...(input.fullMemberOn !== undefined ? { full_member_on: input.fullMemberOn } : {}),
    ...(input.probationStart !== undefined ? { probation_start: input.probationStart } : {}),
    ...(input.isCadre !== undefined ? { is_cadre: input.isCadre ? 1 : 0 } : {}),
    ...(input.isRetired !== undefined ? { is_retired: input.isRetired ? 1 : 0 } : {}),
    ...(input.isMobile !== undefined ? { is_mobile: input.isMobile ? 1 : 0 } : {}),
    ...(input.note !== undefined ? { note: input.note } : {}),
  };
  const after = { ...before, ...patch };
  if (input.birthDate !== undefined || input.joinedPartyOn !== undefined || input.fullMemberOn !== undefined) {
    const issues = checkPersonFacts(
      {
        birthDate: after.birth_date,
        partyStatus: after.party_status,
        joinedPartyOn: after.joined_party_on,
        fullMemberOn: after.full_member_on,
      },
      chinaToday(ctx),
    );
    if (issues.length > 0) {
      throw factsInvalid(issues);
    }
  }
  if (Object.keys(patch).length > 0) {
    const now = ctx.clock().toISOString();
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('people')
        .set({ ...patch, updated_at: now })
        .where('id', '=', row.id)
        .execute();
      await audit(trx, actor, { action: 'person.updated', entityType: 'person', entityId: id, before, after }, ctx.clock);
    });
  }
  return getPerson(ctx, actor, id);
}

interface LeaveBranch {
  person: PersonRow;
  on: string;
  endKind: 'out' | 'left' | 'left_party';
  now: string;
}

/** Ends the branch and group memberships and the posts of a person leaving their branch; anchors them at the branch's parent. */
async function leaveBranch(trx: Kysely<DB>, l: LeaveBranch): Promise<Partial<Omit<PeopleTable, 'id'>>> {
  await endMemberships(trx, l.person.id, l.on, l.endKind);
  await endPostsOfPerson(trx, l.person.id, l.on, l.now);
  if (l.person.branch_id === null) {
    return {};
  }
  const branch = await trx.selectFrom('orgs').select(['parent_id']).where('id', '=', l.person.branch_id).executeTakeFirst();
  return { branch_id: null, group_id: null, org_id: branch?.parent_id ?? l.person.org_id };
}

/**
 * Records a status change on a date: a party-status step (PARTY_STATUS_TRANSITIONS; 转正 after one year of
 * probation; joining at 18 or older; leaving the Party ends the branch membership and posts) or a roster
 * change (left the enterprise: memberships and posts end; back: active again, without a branch).
 */
export async function recordStatusEvent(ctx: AppContext, actor: Actor, id: number, input: PersonStatusEventInput): Promise<PersonDetail> {
  const db = ctx.database.db;
  const person = await requireVisiblePerson(db, actor, id, PEOPLE_WRITE_ROLES);
  const today = chinaToday(ctx);
  if (input.on > today) {
    throw badRequest('A status change cannot be dated in the future.', [{ path: 'on', message: 'after today' }]);
  }
  if (input.on < person.birth_date) {
    throw badRequest('A status change cannot be dated before the person was born.', [{ path: 'on', message: 'before birth' }]);
  }
  const now = ctx.clock().toISOString();
  let patch: Partial<Omit<PeopleTable, 'id'>> = {};
  let from: string;
  let sideEffects: (trx: Kysely<DB>) => Promise<void> = async () => {};
  if (input.kind === 'roster') {
    from = person.status;
    if (input.toStatus === person.status) {
      throw new AppError('STATUS_TRANSITION_NOT_ALLOWED', 409, `The person is already ${person.status}.`);
    }
    if (input.toStatus === 'left') {
      sideEffects = async (trx) => {
        patch = { ...(await leaveBranch(trx, { person, on: input.on, endKind: 'left', now })), status: 'left', left_on: input.on };
      };
    } else {
      patch = { status: 'active', left_on: null };
    }
  } else {
    from = person.party_status;
    const to: PartyStatus = input.toStatus;
    if (person.status !== 'active') {
      throw invalidState('The person is not on the active roster.');
    }
    if (!PARTY_STATUS_TRANSITIONS[person.party_status].includes(to)) {
      throw new AppError('STATUS_TRANSITION_NOT_ALLOWED', 409, `A ${person.party_status} cannot become ${to}.`, {
        from: person.party_status,
        to,
        allowed: PARTY_STATUS_TRANSITIONS[person.party_status],
      });
    }
    if ((to === 'applicant' || to === 'probationary') && input.on < addYearsIso(person.birth_date, 18)) {
      throw new AppError('STATUS_TRANSITION_NOT_ALLOWED', 409, 'An applicant or new member must be at least 18 years old.', {
        code: 'under_18',
      });
    }
    patch = { party_status: to };
    if (to === 'probationary') {
      patch = { ...patch, joined_party_on: input.on, probation_start: input.on, full_member_on: null };
    }
    if (to === 'full') {
      const start = person.probation_start ?? person.joined_party_on;
      if (start && input.on < addYearsIso(start, 1)) {
        throw new AppError(
          'STATUS_TRANSITION_NOT_ALLOWED',
          409,
          `Probation lasts one year: the earliest date to become a full member is ${addYearsIso(start, 1)}.`,
          {
            code: 'probation_too_short',
            earliest: addYearsIso(start, 1),
          },
        );
      }
      patch = { ...patch, full_member_on: input.on };
    }
    if (to === 'non_member') {
      sideEffects = async (trx) => {
        patch = { ...patch, ...(await leaveBranch(trx, { person, on: input.on, endKind: 'left_party', now })) };
      };
    } else if (person.branch_id === null) {
      // Entering the cultivation stages needs a branch: the one that takes the application.
      const branchId = input.branchId ?? (person.org_kind === 'branch' ? person.org_id : null);
      if (branchId === null) {
        throw invalidState('Choose the branch that takes the person in (branchId).', [{ path: 'branchId', message: 'required' }]);
      }
      const branch = await requireWritableOrg(db, actor, branchId);
      if (branch.kind !== 'branch') {
        throw invalidState('The organisation is not a party branch.', [{ path: 'branchId', message: 'not a branch' }]);
      }
      patch = { ...patch, branch_id: branch.id, org_id: branch.id };
      sideEffects = async (trx) => {
        await insertMemberships(trx, [
          {
            person_id: id,
            org_id: branch.id,
            from_on: input.on,
            to_on: null,
            start_kind: 'initial',
            end_kind: null,
            reason: input.reason,
            transfer_id: null,
            created_at: now,
          },
        ]);
      };
    }
  }
  const before = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await db.transaction().execute(async (trx) => {
    await sideEffects(trx);
    await trx
      .updateTable('people')
      .set({ ...patch, updated_at: now })
      .where('id', '=', id)
      .execute();
    await trx
      .insertInto('person_events')
      .values({
        person_id: id,
        kind: input.kind,
        from_value: from,
        to_value: input.toStatus,
        on_date: input.on,
        reason: input.reason,
        created_by: actor.userId,
        created_by_name: actor.username,
        created_at: now,
      })
      .execute();
    await audit(
      trx,
      actor,
      {
        action: input.kind === 'roster' ? 'person.roster_status_changed' : 'person.party_status_changed',
        entityType: 'person',
        entityId: id,
        before,
        after: { ...before, ...patch },
        note: { on: input.on, reason: input.reason },
      },
      ctx.clock,
    );
  });
  return getPerson(ctx, actor, id);
}

/**
 * 组织关系转接 on a date: `in` (a person without a branch joins branch `toOrgId`, from `externalOrg`), `out` (leaves
 * their branch for `externalOrg`; posts end) or `between` (to another branch; posts in organisations that do
 * not contain the new branch end). Memberships close and open on the date with the transfer's reason.
 */
export async function transferPerson(ctx: AppContext, actor: Actor, id: number, input: PersonTransferCreateInput): Promise<PersonDetail> {
  const db = ctx.database.db;
  const person = await requireVisiblePerson(db, actor, id, PEOPLE_WRITE_ROLES);
  if (person.status !== 'active') {
    throw invalidState('The person is not on the active roster.');
  }
  const today = chinaToday(ctx);
  if (input.on > today) {
    throw badRequest('A transfer cannot be dated in the future.', [{ path: 'on', message: 'after today' }]);
  }
  const openSince = await latestOpenMembershipStart(db, id);
  if (openSince && input.on < openSince) {
    throw badRequest(`The transfer cannot be dated before the current membership began (${openSince}).`, [
      { path: 'on', message: 'before the current membership' },
    ]);
  }
  let target: OrgRow | null = null;
  let group: OrgRow | null = null;
  if (input.kind === 'in' || input.kind === 'between') {
    if (!input.toOrgId) {
      throw badRequest('Name the receiving branch (toOrgId).', [{ path: 'toOrgId', message: 'required' }]);
    }
    target = await requireWritableOrg(db, actor, input.toOrgId);
    if (target.kind !== 'branch') {
      throw invalidState('A person is transferred into a party branch.', [{ path: 'toOrgId', message: 'not a branch' }]);
    }
    if (input.toGroupId) {
      if (!MEMBER_STATUSES.includes(person.party_status)) {
        throw invalidState('Only full and probationary members belong to a party group.');
      }
      group = await requireGroupOf(db, actor, input.toGroupId, target.id);
    }
  }
  if (input.kind === 'in') {
    if (person.branch_id !== null) {
      throw invalidState('The person already belongs to a branch; use a transfer between branches.');
    }
    if (person.party_status === 'non_member') {
      throw invalidState('Only people in the Party (or on the way in) have an organisational relationship to transfer.');
    }
    if (!input.externalOrg) {
      throw badRequest('Name the organisation the person comes from (externalOrg).', [{ path: 'externalOrg', message: 'required' }]);
    }
  } else {
    if (person.branch_id === null) {
      throw invalidState('The person belongs to no branch.');
    }
    if (input.kind === 'out' && !input.externalOrg) {
      throw badRequest('Name the organisation the person goes to (externalOrg).', [{ path: 'externalOrg', message: 'required' }]);
    }
    if (input.kind === 'between' && target?.id === person.branch_id) {
      throw badRequest('The person already belongs to this branch.', [{ path: 'toOrgId', message: 'same branch' }]);
    }
  }
  const now = ctx.clock().toISOString();
  const before = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await db.transaction().execute(async (trx) => {
    const transfer = await trx
      .insertInto('person_transfers')
      .values({
        person_id: id,
        kind: input.kind,
        from_org_id: person.branch_id,
        to_org_id: target?.id ?? null,
        external_org: input.kind === 'between' ? null : (input.externalOrg ?? null),
        transfer_on: input.on,
        reason: input.reason,
        created_by: actor.userId,
        created_by_name: actor.username,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    let patch: Partial<Omit<PeopleTable, 'id'>>;
    if (input.kind === 'out') {
      patch = await leaveBranch(trx, { person, on: input.on, endKind: 'out', now });
      await trx
        .updateTable('memberships')
        .set({ transfer_id: transfer.id, reason: input.reason })
        .where('person_id', '=', id)
        .where('to_on', '=', input.on)
        .where('end_kind', '=', 'out')
        .execute();
    } else {
      if (input.kind === 'between') {
        await endMemberships(trx, id, input.on, 'between');
        await trx
          .updateTable('memberships')
          .set({ transfer_id: transfer.id })
          .where('person_id', '=', id)
          .where('to_on', '=', input.on)
          .where('end_kind', '=', 'between')
          .execute();
        await endPostsOfPerson(trx, id, input.on, now, target?.path ?? null);
      }
      const start = input.kind === 'in' ? ('in' as const) : ('between' as const);
      await insertMemberships(
        trx,
        [target, group]
          .filter((o): o is OrgRow => o !== null)
          .map((o) => ({
            person_id: id,
            org_id: o.id,
            from_on: input.on,
            to_on: null,
            start_kind: start,
            end_kind: null,
            reason: input.reason,
            transfer_id: transfer.id,
            created_at: now,
          })),
      );
      patch = { org_id: target?.id ?? person.org_id, branch_id: target?.id ?? null, group_id: group?.id ?? null };
    }
    await trx
      .updateTable('people')
      .set({ ...patch, updated_at: now })
      .where('id', '=', id)
      .execute();
    await audit(
      trx,
      actor,
      {
        action: `person.transferred_${input.kind}`,
        entityType: 'person',
        entityId: id,
        before: { org_id: before.org_id, branch_id: before.branch_id, group_id: before.group_id },
        after: { org_id: patch.org_id ?? before.org_id, branch_id: patch.branch_id ?? null, group_id: patch.group_id ?? null },
        note: { transferId: transfer.id, on: input.on, reason: input.reason, externalOrg: input.externalOrg ?? null },
      },
      ctx.clock,
    );
  });
  return getPerson(ctx, actor, id);
}

/** Puts a member into a group of their branch (or takes them out of any group) from a date. */
export async function assignGroup(ctx: AppContext, actor: Actor, id: number, input: PersonGroupUpdateInput): Promise<PersonDetail> {
  const db = ctx.database.db;
  const person = await requireVisiblePerson(db, actor, id, PEOPLE_WRITE_ROLES);
  if (person.branch_id === null || person.status !== 'active') {
    throw invalidState('The person belongs to no branch.');
  }
  if (input.groupId === person.group_id) {
    return getPerson(ctx, actor, id);
  }
  if (input.on > chinaToday(ctx)) {
    throw badRequest('The change cannot be dated in the future.', [{ path: 'on', message: 'after today' }]);
  }
  let group: OrgRow | null = null;
  if (input.groupId !== null) {
    if (!MEMBER_STATUSES.includes(person.party_status)) {
      throw invalidState('Only full and probationary members belong to a party group.');
    }
    group = await requireGroupOf(db, actor, input.groupId, person.branch_id);
  }
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    if (person.group_id !== null) {
      await endMemberships(trx, id, input.on, 'reassign', [person.group_id]);
    }
    if (group) {
      await insertMemberships(trx, [
        {
          person_id: id,
          org_id: group.id,
          from_on: input.on,
          to_on: null,
          start_kind: 'assign',
          end_kind: null,
          reason: input.reason ?? null,
          transfer_id: null,
          created_at: now,
        },
      ]);
    }
    await trx
      .updateTable('people')
      .set({ group_id: group?.id ?? null, updated_at: now })
      .where('id', '=', id)
      .execute();
    await audit(
      trx,
      actor,
      {
        action: 'person.group_changed',
        entityType: 'person',
        entityId: id,
        before: { group_id: person.group_id },
        after: { group_id: group?.id ?? null },
        note: { on: input.on },
      },
      ctx.clock,
    );
  });
  return getPerson(ctx, actor, id);
}

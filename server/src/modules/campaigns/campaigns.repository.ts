import type { CampaignAnswerListQuery, CampaignListQuery, CampaignPhase, OrgKind } from '@guantong/shared';
import { type ExpressionBuilder, type Insertable, type Kysely, type SqlBool, sql, type Updateable } from 'kysely';
import { type OrgScope, whereInScope } from '../../core/access.js';
import { prefixEnd } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import type { CampaignAnswersTable, CampaignsTable } from './campaigns.tables.js';

function inScope<DBX, TB extends keyof DBX>(eb: ExpressionBuilder<DBX, TB>, column: string, scope: OrgScope) {
  return whereInScope(eb as unknown as ExpressionBuilder<DB, never>, column, scope);
}

function pathUnder(column: string, path: string) {
  const col = sql.ref(column);
  return sql<SqlBool>`(${col} >= ${path} and ${col} < ${prefixEnd(path)})`;
}

function likeOf(q: string): string {
  return `%${q.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;
}

/** Campaigns with their organisation and creator. */
export function campaignBase(db: Kysely<DB>) {
  return db.selectFrom('campaigns as c').innerJoin('orgs as o', 'o.id', 'c.org_id').leftJoin('users as cu', 'cu.id', 'c.created_by');
}

type Base = ReturnType<typeof campaignBase>;

export function selectCampaignColumns(q: Base) {
  return q
    .selectAll('c')
    .select(['o.code as org_code', 'o.name as org_name', 'o.kind as org_kind', 'o.path as org_path', 'cu.display_name as created_by_name']);
}

export type CampaignRow = Awaited<ReturnType<ReturnType<typeof selectCampaignColumns>['executeTakeFirstOrThrow']>> & { org_kind: OrgKind };

/** The phase filter as SQL over the stored status and the period. */
function wherePhase(q: Base, phase: CampaignPhase, today: string): Base {
  switch (phase) {
    case 'draft':
      return q.where('c.status', '=', 'draft');
    case 'upcoming':
      return q.where('c.status', '=', 'published').where('c.starts_on', '>', today);
    case 'open':
      return q.where('c.status', '=', 'published').where('c.starts_on', '<=', today).where('c.ends_on', '>=', today);
    case 'ended':
      return q.where((eb) =>
        eb.or([eb('c.status', '=', 'closed'), eb.and([eb('c.status', '=', 'published'), eb('c.ends_on', '<', today)])]),
      );
  }
}

/** What a campaign list needs to know of the actor. */
export interface CampaignListFilter extends Omit<CampaignListQuery, 'page' | 'pageSize' | 'sort' | 'order'> {
  /** Campaigns held in this scope (any role) are readable. */
  readScope: OrgScope;
  /** Drafts are seen only in this scope (organisers). */
  organiserScope: OrgScope;
  /** Campaigns held at these paths reach the actor (their organisations' ancestors). */
  reaching: string[];
  today: string;
}

/** The campaigns the actor sees: held in their scope, or addressed to them (published); drafts to organisers only. */
export function campaignListQuery(db: Kysely<DB>, f: CampaignListFilter): Base {
  let q = campaignBase(db)
    .where((eb) => {
      const parts = [inScope(eb, 'o.path', f.readScope)];
      if (f.reaching.length > 0) {
        parts.push(eb('o.path', 'in', f.reaching));
      }
      return eb.or(parts);
    })
    .where((eb) => eb.or([eb('c.status', '!=', 'draft'), inScope(eb, 'o.path', f.organiserScope)]));
  if (f.phase) {
    q = wherePhase(q, f.phase, f.today);
  }
  if (f.year) {
    q = q.where('c.starts_on', '<=', `${f.year}-12-31`).where('c.ends_on', '>=', `${f.year}-01-01`);
  }
  if (f.q) {
    const like = likeOf(f.q);
    q = q.where((eb) => eb.or([eb('c.title', 'like', like), eb('c.question', 'like', like)]));
  }
  return q;
}

export function orderCampaigns(q: ReturnType<typeof selectCampaignColumns>, sort: CampaignListQuery['sort'], order: 'asc' | 'desc') {
  switch (sort) {
    case 'endsOn':
      return q.orderBy('c.ends_on', order).orderBy('c.id', order);
    case 'title':
      return q.orderBy('c.title', order).orderBy('c.id', order);
    case 'createdAt':
      return q.orderBy('c.created_at', order).orderBy('c.id', order);
    default:
      return q.orderBy('c.starts_on', order).orderBy('c.id', order);
  }
}

export async function findCampaign(db: Kysely<DB>, id: number): Promise<CampaignRow | undefined> {
  return (await selectCampaignColumns(campaignBase(db)).where('c.id', '=', id).executeTakeFirst()) as CampaignRow | undefined;
}

export async function insertCampaign(trx: Kysely<DB>, values: Insertable<CampaignsTable>): Promise<number> {
  return (await trx.insertInto('campaigns').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateCampaign(trx: Kysely<DB>, id: number, patch: Updateable<CampaignsTable>): Promise<void> {
  await trx.updateTable('campaigns').set(patch).where('id', '=', id).execute();
}

/** Per campaign: answers, distinct respondents, shortlisted and adopted answers. */
export async function answerCounts(db: Kysely<DB>, ids: number[]) {
  const out = new Map<number, { answers: number; respondents: number; shortlisted: number; adopted: number }>();
  if (ids.length === 0) {
    return out;
  }
  const rows = await db
    .selectFrom('campaign_answers')
    .select((eb) => [
      'campaign_id',
      eb.fn.countAll<number>().as('answers'),
      eb.fn.count<number>('person_id').distinct().as('respondents'),
      eb.fn.sum<number>('shortlisted').as('shortlisted'),
      eb.fn.count<number>('task_id').as('adopted'),
    ])
    .where('campaign_id', 'in', ids)
    .groupBy('campaign_id')
    .execute();
  for (const r of rows) {
    out.set(r.campaign_id, {
      answers: Number(r.answers),
      respondents: Number(r.respondents),
      shortlisted: Number(r.shortlisted ?? 0),
      adopted: Number(r.adopted),
    });
  }
  return out;
}

// ------------------------------------------------------------------------------------------- answers

/** Answers with the person, their organisation, the submitter and the adopted task. */
export function answerBase(db: Kysely<DB>) {
  return db
    .selectFrom('campaign_answers as a')
    .innerJoin('orgs as ao', 'ao.id', 'a.org_id')
    .leftJoin('people as p', 'p.id', 'a.person_id')
    .leftJoin('users as su', 'su.id', 'a.submitted_by')
    .leftJoin('tasks as t', 't.id', 'a.task_id');
}

type AnswerBase = ReturnType<typeof answerBase>;

export function selectAnswerColumns(q: AnswerBase) {
  return q
    .selectAll('a')
    .select([
      'ao.code as org_code',
      'ao.name as org_name',
      'ao.kind as org_kind',
      'ao.path as org_path',
      'p.name as person_name',
      'su.display_name as submitted_by_name',
      't.title as task_title',
      't.status as task_status',
      't.due_on as task_due_on',
    ]);
}

export type AnswerRow = Awaited<ReturnType<ReturnType<typeof selectAnswerColumns>['executeTakeFirstOrThrow']>> & { org_kind: OrgKind };

/** Which answers of a campaign the actor sees: all, or those of their scope plus their own. */
export interface AnswerVisibility {
  all: boolean;
  scope: OrgScope;
  userId: number;
  personId: number | null;
}

export function answerListQuery(
  db: Kysely<DB>,
  campaignId: number,
  v: AnswerVisibility,
  f: Omit<CampaignAnswerListQuery, 'page' | 'pageSize' | 'order'>,
  underPath: string | null,
) {
  let q = answerBase(db).where('a.campaign_id', '=', campaignId);
  if (!v.all) {
    q = q.where((eb) => {
      const parts = [inScope(eb, 'ao.path', v.scope), eb('a.submitted_by', '=', v.userId)];
      if (v.personId !== null) {
        parts.push(eb('a.person_id', '=', v.personId));
      }
      return eb.or(parts);
    });
  }
  if (f.filter === 'shortlisted') {
    q = q.where('a.shortlisted', '=', 1);
  } else if (f.filter === 'adopted') {
    q = q.where('a.task_id', 'is not', null);
  } else if (f.filter === 'mine') {
    q = q.where((eb) => {
      const parts = [eb('a.submitted_by', '=', v.userId)];
      if (v.personId !== null) {
        parts.push(eb('a.person_id', '=', v.personId));
      }
      return eb.or(parts);
    });
  }
  if (f.tag) {
    q = q.where('a.tags', 'like', likeOf(JSON.stringify(f.tag)));
  }
  if (underPath) {
    const path = underPath;
    q = q.where(() => pathUnder('ao.path', path));
  }
  if (f.q) {
    const like = likeOf(f.q);
    q = q.where((eb) => eb.or([eb('a.text', 'like', like), eb('p.name', 'like', like)]));
  }
  return q;
}

export async function findAnswer(db: Kysely<DB>, id: number): Promise<AnswerRow | undefined> {
  return (await selectAnswerColumns(answerBase(db)).where('a.id', '=', id).executeTakeFirst()) as AnswerRow | undefined;
}

export async function insertAnswer(trx: Kysely<DB>, values: Insertable<CampaignAnswersTable>): Promise<number> {
  return (await trx.insertInto('campaign_answers').values(values).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateAnswer(trx: Kysely<DB>, id: number, patch: Updateable<CampaignAnswersTable>): Promise<void> {
  await trx.updateTable('campaign_answers').set(patch).where('id', '=', id).execute();
}

// ------------------------------------------------------------------------------------------- people (read only)

/** The person behind a user account, with their branch. */
export function personOfUser(db: Kysely<DB>, userId: number) {
  return db
    .selectFrom('users as u')
    .innerJoin('people as p', 'p.id', 'u.person_id')
    .leftJoin('orgs as b', 'b.id', 'p.branch_id')
    .select(['p.id', 'p.name', 'p.status', 'p.party_status', 'p.branch_id', 'b.path as branch_path'])
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

/** A person with their current branch. */
export function personWithBranch(db: Kysely<DB>, personId: number) {
  return db
    .selectFrom('people as p')
    .leftJoin('orgs as b', 'b.id', 'p.branch_id')
    .select(['p.id', 'p.name', 'p.status', 'p.party_status', 'p.branch_id', 'b.path as branch_path'])
    .where('p.id', '=', personId)
    .executeTakeFirst();
}

/** Active people whose branch lies under the campaign's organisation and in a scope, matching a search. */
export async function audienceSearch(
  db: Kysely<DB>,
  f: { campaignId: number; underPath: string; scope: OrgScope; q?: string; limit: number },
) {
  let q = db
    .selectFrom('people as p')
    .innerJoin('orgs as b', 'b.id', 'p.branch_id')
    .select([
      'p.id',
      'p.name',
      'p.employee_no',
      'b.id as org_id',
      'b.code as org_code',
      'b.name as org_name',
      'b.kind as org_kind',
      (eb) =>
        eb
          .exists(
            eb
              .selectFrom('campaign_answers as x')
              .select('x.id')
              .whereRef('x.person_id', '=', 'p.id')
              .where('x.campaign_id', '=', f.campaignId),
          )
          .as('answered'),
    ])
    .where('p.status', '=', 'active')
    .where(() => pathUnder('b.path', f.underPath))
    .where((eb) => inScope(eb, 'b.path', f.scope));
  if (f.q) {
    const like = likeOf(f.q);
    q = q.where((eb) =>
      eb.or([
        eb('p.name', 'like', like),
        eb('p.employee_no', 'like', like),
        eb('p.name_initials', 'like', likeOf(f.q?.toLowerCase() ?? '')),
      ]),
    );
  }
  return q.orderBy('b.path').orderBy('p.name').limit(f.limit).execute();
}

// ------------------------------------------------------------------------------------------- participation

/** Answers and distinct answering party members per organisation (the member's branch when answering). */
export async function answersByOrg(db: Kysely<DB>, campaignId: number) {
  const rows = await db
    .selectFrom('campaign_answers as a')
    .leftJoin('people as p', 'p.id', 'a.person_id')
    .select((eb) => [
      'a.org_id',
      eb.fn.countAll<number>().as('answers'),
      eb.fn
        .count<number>(eb.case().when('p.party_status', 'in', ['full', 'probationary']).then(eb.ref('a.person_id')).end())
        .distinct()
        .as('respondents'),
    ])
    .where('a.campaign_id', '=', campaignId)
    .groupBy('a.org_id')
    .execute();
  return rows.map((r) => ({ org_id: r.org_id, answers: Number(r.answers), respondents: Number(r.respondents) }));
}

/** Active organisations of a subtree (id, path, kind, parent) for aggregating participation. */
export function orgsUnder(db: Kysely<DB>, path: string) {
  return db
    .selectFrom('orgs')
    .select(['id', 'code', 'name', 'kind', 'path', 'parent_id', 'status', 'sort_order'])
    .where(() => pathUnder('orgs.path', path))
    .execute();
}

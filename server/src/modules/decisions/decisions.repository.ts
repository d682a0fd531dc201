import { type DecisionListQuery, type OrgKind, type PreStudyStatus, TASK_OPEN_STATUSES } from '@guantong/shared';
import { type ExpressionBuilder, type Insertable, type Kysely, type SqlBool, sql, type Updateable } from 'kysely';
import { type OrgScope, whereInScope } from '../../core/access.js';
import { prefixEnd } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import type { MeetingBody } from '../meetings/meetings.tables.js';
import type { DecisionBodiesTable, DecisionCategoriesTable, DecisionsTable } from './decisions.tables.js';

/**
 * The register joined with what its filters and sorts need: organisation (scope), body, category, the deciding
 * meeting (`dm`) and the pre-study meeting (`pm`) of the meetings module. Lists count and page over this.
 */
export function decisionFilterBase(db: Kysely<DB>) {
  return db
    .selectFrom('decisions as d')
    .innerJoin('orgs as o', 'o.id', 'd.org_id')
    .innerJoin('decision_bodies as b', 'b.code', 'd.body_code')
    .innerJoin('decision_categories as c', 'c.code', 'd.category_code')
    .leftJoin('meetings as pm', 'pm.id', 'd.pre_study_meeting_id')
    .leftJoin('meetings as dm', 'dm.id', 'd.meeting_id');
}

/** The filter base plus what presenting an item needs: meeting types, agenda items, the resolution, the owner. */
export function decisionBase(db: Kysely<DB>) {
  return decisionFilterBase(db)
    .leftJoin('meeting_types as pmt', 'pmt.code', 'pm.type_code')
    .leftJoin('meeting_types as dmt', 'dmt.code', 'dm.type_code')
    .leftJoin('meeting_agenda_items as pa', 'pa.id', 'd.pre_study_agenda_item_id')
    .leftJoin('meeting_agenda_items as da', 'da.id', 'd.agenda_item_id')
    .leftJoin('meeting_resolutions as r', 'r.id', 'd.resolution_id')
    .leftJoin('users as ou', 'ou.id', 'd.owner_user_id');
}

type FilterBase = ReturnType<typeof decisionFilterBase>;
type Base = ReturnType<typeof decisionBase>;

/**
 * The pre-study check as one SQL expression (see decisions.prestudy.ts for the rule): lists filter, sort and
 * count by it, and it always reflects the meetings as they are now (a meeting moved to another day re-checks).
 * Meeting start times are ISO-8601 UTC text of one format, so text order is time order.
 */
export const preStudyStatusSql = sql<PreStudyStatus>`(case
  when b.requires_pre_study <> 1 or c.requires_pre_study <> 1 then 'not_required'
  when pm.id is null or pm.status = 'cancelled' then 'missing'
  when pm.meeting_date < d.decided_on then 'ok'
  when pm.meeting_date > d.decided_on then 'late'
  when dm.id is null or dm.status = 'cancelled' then 'same_day_unverified'
  when pm.starts_at < dm.starts_at then 'ok'
  else 'late' end)`;

/** Severity order for sorting by the check: violations first when descending. */
const preStudyRankSql = sql<number>`(case ${preStudyStatusSql}
  when 'missing' then 4 when 'late' then 3 when 'same_day_unverified' then 2 when 'ok' then 1 else 0 end)`;

function scoped<DBX, TB extends keyof DBX>(eb: ExpressionBuilder<DBX, TB>, scope: OrgScope) {
  return whereInScope(eb as unknown as ExpressionBuilder<DB, never>, 'o.path', scope);
}

/** A filter: the organisation path in `column` lies in the subtree of `path`. */
function pathUnder(column: string, path: string) {
  const col = sql.ref(column);
  return sql<SqlBool>`(${col} >= ${path} and ${col} < ${prefixEnd(path)})`;
}

/** The statuses a list's pre-study filter means. */
export function preStudyFilterValues(f: NonNullable<DecisionListQuery['preStudy']>): PreStudyStatus[] {
  if (f === 'violation') {
    return ['missing', 'late'];
  }
  if (f === 'problem') {
    return ['missing', 'late', 'same_day_unverified'];
  }
  return [f];
}

/** A list's filters with the actor resolved: scope, organisation subtree, today. */
export interface DecisionListFilter extends Omit<DecisionListQuery, 'page' | 'pageSize' | 'sort' | 'order'> {
  scope: OrgScope;
  underPath: string | null;
  today: string;
}

/** The filtered, unordered register query (also used for counts and the export). */
export function decisionListQuery(db: Kysely<DB>, f: DecisionListFilter): FilterBase {
  let q = decisionFilterBase(db).where((eb) => scoped(eb, f.scope));
  if (f.underPath) {
    const path = f.underPath;
    q = q.where(() => pathUnder('o.path', path));
  }
  if (f.year) {
    q = q.where('d.decided_on', '>=', `${f.year}-01-01`).where('d.decided_on', '<=', `${f.year}-12-31`);
  }
  if (f.body?.length) {
    q = q.where('d.body_code', 'in', f.body);
  }
  if (f.category?.length) {
    q = q.where('d.category_code', 'in', f.category);
  }
  if (f.status?.length) {
    q = q.where('d.status', 'in', f.status);
  }
  if (f.preStudy) {
    q = q.where(preStudyStatusSql, 'in', preStudyFilterValues(f.preStudy));
  }
  if (f.reviewDue === 'true') {
    q = q.where('d.review_on', '<=', f.today).where('d.status', 'in', ['decided', 'in_progress']);
  } else if (f.reviewDue === 'false') {
    q = q.where((eb) =>
      eb.or([eb('d.review_on', 'is', null), eb('d.review_on', '>', f.today), eb('d.status', 'not in', ['decided', 'in_progress'])]),
    );
  }
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;
    q = q.where((eb) => eb.or([eb('d.title', 'like', like), eb('d.doc_no', 'like', like), eb('d.summary', 'like', like)]));
  }
  return q;
}

/** Adds the presentation columns to a register query. */
export function selectDecisionColumns(q: Base) {
  return q
    .selectAll('d')
    .select([
      'o.code as org_code',
      'o.name as org_name',
      'o.kind as org_kind',
      'o.path as org_path',
      'b.name as body_name',
      'b.name_en as body_name_en',
      'c.name as category_name',
      'c.name_en as category_name_en',
      'c.group_name as category_group',
      'c.group_name_en as category_group_en',
      'b.requires_pre_study as body_requires',
      'c.requires_pre_study as category_requires',
      'pm.title as pm_title',
      'pm.type_code as pm_type_code',
      'pmt.name as pm_type_name',
      'pm.org_id as pm_org_id',
      'pm.meeting_date as pm_date',
      'pm.starts_at as pm_starts_at',
      'pm.status as pm_status',
      'dm.title as dm_title',
      'dm.type_code as dm_type_code',
      'dmt.name as dm_type_name',
      'dm.org_id as dm_org_id',
      'dm.meeting_date as dm_date',
      'dm.starts_at as dm_starts_at',
      'dm.status as dm_status',
      'pa.position as pa_position',
      'pa.title as pa_title',
      'da.position as da_position',
      'da.title as da_title',
      'r.meeting_id as r_meeting_id',
      'r.text as r_text',
      'ou.display_name as owner_name',
      preStudyStatusSql.as('pre_study_status'),
    ]);
}

export type DecisionRow = Awaited<ReturnType<ReturnType<typeof selectDecisionColumns>['executeTakeFirstOrThrow']>> & {
  org_kind: OrgKind;
};

/** The ids of a register query in the list's order (stable: id last). */
export function orderedDecisionIds(q: FilterBase, sort: DecisionListQuery['sort'], order: 'asc' | 'desc') {
  const ids = q.select('d.id');
  switch (sort) {
    case 'title':
      return ids.orderBy('d.title', order).orderBy('d.id', order);
    case 'reviewOn':
      return ids.orderBy('d.review_on', order).orderBy('d.id', order);
    case 'status':
      return ids.orderBy('d.status', order).orderBy('d.id', order);
    case 'body':
      return ids.orderBy('b.sort_order', order).orderBy('d.decided_on', 'desc').orderBy('d.id', 'desc');
    case 'preStudy':
      return ids.orderBy(preStudyRankSql, order).orderBy('d.decided_on', 'desc').orderBy('d.id', 'desc');
    case 'createdAt':
      return ids.orderBy('d.created_at', order).orderBy('d.id', order);
    default:
      return ids.orderBy('d.decided_on', order).orderBy('d.id', order);
  }
}

/** Presentable rows for ids, in the order of the ids. */
export async function decisionsInOrder(db: Kysely<DB>, ids: number[]): Promise<DecisionRow[]> {
  const out: DecisionRow[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const rows = (await selectDecisionColumns(decisionBase(db)).where('d.id', 'in', chunk).execute()) as DecisionRow[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of chunk) {
      const r = byId.get(id);
      if (r) {
        out.push(r);
      }
    }
  }
  return out;
}

/** One item with every presentation column, or undefined. */
export async function findDecision(db: Kysely<DB>, id: number): Promise<DecisionRow | undefined> {
  return (await selectDecisionColumns(decisionBase(db)).where('d.id', '=', id).executeTakeFirst()) as DecisionRow | undefined;
}

export async function findDecisionsByIds(db: Kysely<DB>, ids: number[]): Promise<Array<{ id: number; title: string }>> {
  if (ids.length === 0) {
    return [];
  }
  return db.selectFrom('decisions').select(['id', 'title']).where('id', 'in', ids).execute();
}

export function findDecisionRow(db: Kysely<DB>, id: number) {
  return db.selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertDecision(trx: Kysely<DB>, values: Insertable<DecisionsTable>): Promise<number> {
  const r = await trx.insertInto('decisions').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updateDecision(trx: Kysely<DB>, id: number, patch: Updateable<DecisionsTable>): Promise<void> {
  await trx.updateTable('decisions').set(patch).where('id', '=', id).execute();
}

// ------------------------------------------------------------------------------------------- bodies, categories

export function listBodies(db: Kysely<DB>) {
  return db.selectFrom('decision_bodies').selectAll().orderBy('sort_order').orderBy('code').execute();
}

export function findBody(db: Kysely<DB>, code: string) {
  return db.selectFrom('decision_bodies').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function updateBody(trx: Kysely<DB>, code: string, patch: Updateable<DecisionBodiesTable>): Promise<void> {
  await trx.updateTable('decision_bodies').set(patch).where('code', '=', code).execute();
}

export function listCategories(db: Kysely<DB>) {
  return db.selectFrom('decision_categories').selectAll().orderBy('sort_order').orderBy('code').execute();
}

export function findCategory(db: Kysely<DB>, code: string) {
  return db.selectFrom('decision_categories').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertCategory(trx: Kysely<DB>, values: Insertable<DecisionCategoriesTable>): Promise<void> {
  await trx.insertInto('decision_categories').values(values).execute();
}

export async function updateCategory(trx: Kysely<DB>, code: string, patch: Updateable<DecisionCategoriesTable>): Promise<void> {
  await trx.updateTable('decision_categories').set(patch).where('code', '=', code).execute();
}

// ------------------------------------------------------------------------------------------- meetings (read only)

/** What linking needs to know of a meeting of the meetings module: its type's body and category, date, organisation. */
export function findMeetingFacts(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('meetings as m')
    .innerJoin('meeting_types as mt', 'mt.code', 'm.type_code')
    .innerJoin('orgs as mo', 'mo.id', 'm.org_id')
    .select([
      'm.id',
      'm.org_id',
      'm.title',
      'm.type_code',
      'm.status',
      'm.meeting_date',
      'm.starts_at',
      'mt.name as type_name',
      'mt.body as type_body',
      'mt.category as type_category',
      'mo.path as org_path',
    ])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

export type MeetingFacts = NonNullable<Awaited<ReturnType<typeof findMeetingFacts>>>;

export function findAgendaItem(db: Kysely<DB>, id: number) {
  return db.selectFrom('meeting_agenda_items').select(['id', 'meeting_id', 'position', 'title']).where('id', '=', id).executeTakeFirst();
}

export function findResolution(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('meeting_resolutions')
    .select(['id', 'meeting_id', 'agenda_item_id', 'text', 'decision_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Meeting categories whose meetings take decisions (not study sessions, leadership life meetings or talks). */
export const DECIDING_CATEGORIES = ['party', 'governance'] as const;

/**
 * Meetings of the bodies' types held by the organisations on a path (the organisation and its ancestors), not
 * cancelled, optionally on or before a date and matching a title, newest first, with their agenda items.
 */
export async function meetingOptions(db: Kysely<DB>, f: { orgIds: number[]; body: string; before?: string; q?: string; limit: number }) {
  let q = db
    .selectFrom('meetings as m')
    .innerJoin('meeting_types as mt', 'mt.code', 'm.type_code')
    .innerJoin('orgs as mo', 'mo.id', 'm.org_id')
    .select([
      'm.id',
      'm.org_id',
      'm.title',
      'm.type_code',
      'm.status',
      'm.meeting_date',
      'm.starts_at',
      'mt.name as type_name',
      'mo.name as org_name',
    ])
    .where('m.org_id', 'in', f.orgIds.length > 0 ? f.orgIds : [-1])
    .where('mt.body', '=', f.body as MeetingBody)
    .where('mt.category', 'in', [...DECIDING_CATEGORIES])
    .where('m.status', '!=', 'cancelled');
  if (f.before) {
    q = q.where('m.meeting_date', '<=', f.before);
  }
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, (ch) => `\\${ch}`)}%`;
    q = q.where('m.title', 'like', like);
  }
  const meetings = await q.orderBy('m.starts_at', 'desc').orderBy('m.id', 'desc').limit(f.limit).execute();
  const ids = meetings.map((m) => m.id);
  const items =
    ids.length === 0
      ? []
      : await db
          .selectFrom('meeting_agenda_items')
          .select(['id', 'meeting_id', 'position', 'title'])
          .where('meeting_id', 'in', ids)
          .orderBy('meeting_id')
          .orderBy('position')
          .execute();
  return { meetings, items };
}

// ------------------------------------------------------------------------------------------- stats

/** Items per body and per pre-study status in a filtered register. */
export async function registerCounts(db: Kysely<DB>, f: DecisionListFilter) {
  const base = decisionListQuery(db, f);
  const [byBody, byCheck, reviewDue, overdue] = await Promise.all([
    base
      .select(['d.body_code', 'b.name', 'b.name_en', 'b.sort_order', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['d.body_code', 'b.name', 'b.name_en', 'b.sort_order'])
      .orderBy('b.sort_order')
      .execute(),
    base
      .select([preStudyStatusSql.as('s'), (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(preStudyStatusSql)
      .execute(),
    base
      .where('d.review_on', '<=', f.today)
      .where('d.status', 'in', ['decided', 'in_progress'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
    // Follow-up tasks (task engine, source 'decision') still owed and past their due date.
    base
      .innerJoin('tasks as ft', (j) => j.onRef('ft.source_id', '=', 'd.id').on('ft.source_type', '=', 'decision'))
      .where('ft.status', 'in', [...TASK_OPEN_STATUSES])
      .where('ft.due_on', '<', f.today)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { byBody, byCheck, reviewDue: Number(reviewDue.n), overdueFollowUps: Number(overdue.n) };
}

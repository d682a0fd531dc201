import type { OrgListQuery, PostKind } from '@guantong/shared';
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { type OrgScope, whereInScope } from '../../core/access.js';
import { prefixEnd } from '../../db/portable.js';
import type { DB, OrgsTable } from '../../db/schema.js';
import type { OrgEventKind } from './orgs.tables.js';

export type OrgRow = Omit<OrgsTable, 'id'> & { id: number };

/** Every organisation in the scope, ordered for building a tree. */
export function listOrgsInScope(db: Kysely<DB>, scope: OrgScope) {
  return db
    .selectFrom('orgs')
    .select(['id', 'code', 'name', 'short_name', 'kind', 'status', 'parent_id', 'path', 'depth', 'sort_order'])
    .where((eb) => whereInScope(eb, 'orgs.path', scope))
    .orderBy('depth')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

function listFilters(db: Kysely<DB>, scope: OrgScope, q: Omit<OrgListQuery, 'page' | 'pageSize'>, underPath: string | null) {
  let base = db.selectFrom('orgs').where((eb) => whereInScope(eb, 'orgs.path', scope));
  if (underPath) {
    base = base.where('orgs.path', '>=', underPath).where('orgs.path', '<', prefixEnd(underPath));
  }
  if (q.q) {
    const like = `%${q.q}%`;
    base = base.where((eb) => eb.or([eb('orgs.name', 'like', like), eb('orgs.code', 'like', like), eb('orgs.short_name', 'like', like)]));
  }
  if (q.kind) {
    base = base.where('orgs.kind', '=', q.kind);
  }
  if (q.status) {
    base = base.where('orgs.status', '=', q.status);
  }
  return base;
}

const LIST_COLUMNS = [
  'orgs.id',
  'orgs.code',
  'orgs.name',
  'orgs.short_name',
  'orgs.kind',
  'orgs.status',
  'orgs.parent_id',
  'p.name as parent_name',
  'p.code as parent_code',
  'orgs.business_unit',
  'orgs.depth',
  'orgs.path',
  'orgs.sort_order',
  'orgs.founded_on',
  'orgs.term_start',
  'orgs.term_years',
  'orgs.committee_note',
] as const;

/**
 * One page of organisations in the scope (optionally under one visible path) matching the filters, and the
 * total: the count and the page's ids come from the organisations alone; only the page is joined to parents.
 */
export async function pageOrgs(db: Kysely<DB>, scope: OrgScope, q: OrgListQuery, underPath: string | null) {
  const base = listFilters(db, scope, q, underPath);
  const ids = base
    .select('orgs.id')
    .orderBy(`orgs.${q.sort}`, q.order)
    .orderBy('orgs.id')
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const rows = db
    .selectFrom('orgs')
    .innerJoin(ids.as('pg'), 'pg.id', 'orgs.id')
    .leftJoin('orgs as p', 'p.id', 'orgs.parent_id')
    .select(LIST_COLUMNS)
    .orderBy(`orgs.${q.sort}`, q.order)
    .orderBy('orgs.id');
  const [page, count] = await Promise.all([
    rows.execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: page, total: Number(count.n) };
}

/** Every organisation matching the filters, in tree order (exports). */
export function allOrgs(
  db: Kysely<DB>,
  scope: OrgScope,
  q: Omit<OrgListQuery, 'page' | 'pageSize'>,
  underPath: string | null,
  limit: number,
) {
  return listFilters(db, scope, q, underPath)
    .leftJoin('orgs as p', 'p.id', 'orgs.parent_id')
    .select(LIST_COLUMNS)
    .orderBy('orgs.path')
    .limit(limit)
    .execute();
}

export function findOrgById(db: Kysely<DB>, id: number) {
  return db.selectFrom('orgs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findOrgByCode(db: Kysely<DB>, code: string) {
  return db.selectFrom('orgs').selectAll().where('code', '=', code).executeTakeFirst();
}

export function findOrgsByIds(db: Kysely<DB>, ids: number[]) {
  if (ids.length === 0) {
    return Promise.resolve([] as OrgRow[]);
  }
  return db.selectFrom('orgs').selectAll().where('id', 'in', ids).execute();
}

/** Direct children of an organisation (every status). */
export function listChildren(db: Kysely<DB>, parentId: number) {
  return db.selectFrom('orgs').selectAll().where('parent_id', '=', parentId).orderBy('sort_order').orderBy('id').execute();
}

/** Inserts an organisation under a parent and sets its materialised path; returns the new row. */
export async function insertOrg(
  trx: Kysely<DB>,
  values: Omit<OrgRow, 'id' | 'path' | 'depth'>,
  parent: { path: string; depth: number } | null,
): Promise<OrgRow> {
  const row = await trx
    .insertInto('orgs')
    .values({ ...values, path: '', depth: parent ? parent.depth + 1 : 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${parent?.path ?? '/'}${row.id}/`;
  await trx.updateTable('orgs').set({ path }).where('id', '=', row.id).execute();
  return { ...values, id: row.id, path, depth: parent ? parent.depth + 1 : 0 };
}

export function updateOrg(trx: Kysely<DB>, id: number, patch: Partial<Omit<OrgRow, 'id'>>) {
  return trx.updateTable('orgs').set(patch).where('id', '=', id).execute();
}

/** Rewrites the path prefix and depth of a whole subtree in one statement (the caller holds the transaction). */
export function rewriteSubtree(trx: Kysely<DB>, oldPrefix: string, newPrefix: string, depthDelta: number, now: string) {
  return trx
    .updateTable('orgs')
    .set((eb) => ({
      path: sql<string>`${newPrefix} || substr(${sql.ref('path')}, ${oldPrefix.length + 1})`,
      depth: eb('depth', '+', depthDelta),
      updated_at: now,
    }))
    .where('path', '>=', oldPrefix)
    .where('path', '<', prefixEnd(oldPrefix))
    .execute();
}

/** Limits a query to organisations in the scope and, optionally, under one path. */
export function inScopeUnder(eb: ExpressionBuilder<DB, 'orgs'>, column: string, scope: OrgScope, underPath: string | null) {
  const parts = [whereInScope(eb, column, scope)];
  if (underPath) {
    parts.push(sql`${sql.ref(column)} >= ${underPath}`, sql`${sql.ref(column)} < ${prefixEnd(underPath)}`);
  }
  return eb.and(parts);
}

/**
 * Party members (full + probationary, on the active roster) grouped by branch, group and status, for the
 * branches in the scope (and under a path): one grouped query, whatever the tree size.
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
          .where((e) => inScopeUnder(e, 'orgs.path', scope, underPath)),
      ),
    );
  }
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** People on the active roster in an organisation's subtree (by branch or, for a group, by group), by party status. */
export async function statusCountsUnder(db: Kysely<DB>, org: { id: number; kind: string; path: string }) {
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
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** Posts held today in organisations of the scope (and under a path). `end_on` is exclusive. */
export function postsHeldOn(db: Kysely<DB>, scope: OrgScope, underPath: string | null, today: string) {
  let q = db
    .selectFrom('org_posts')
    .select(['org_posts.org_id', 'org_posts.person_id', 'org_posts.post'])
    .where('org_posts.start_on', '<=', today)
    .where((eb) => eb.or([eb('org_posts.end_on', 'is', null), eb('org_posts.end_on', '>', today)]));
  if (!scope.all || underPath) {
    q = q.where((eb) =>
      eb(
        'org_posts.org_id',
        'in',
        eb
          .selectFrom('orgs')
          .select('orgs.id')
          .where((e) => inScopeUnder(e, 'orgs.path', scope, underPath)),
      ),
    );
  }
  return q.execute();
}

/** Active organisations of the scope (and under a path) with the columns the checks need. */
export function orgsForChecks(db: Kysely<DB>, scope: OrgScope, underPath: string | null) {
  return db
    .selectFrom('orgs')
    .select(['id', 'code', 'name', 'kind', 'path', 'parent_id', 'term_start', 'term_years', 'committee_note'])
    .where('status', '=', 'active')
    .where((eb) => inScopeUnder(eb, 'orgs.path', scope, underPath))
    .execute();
}

/** Posts of one organisation with their holders, current first. */
export function listPostsOf(db: Kysely<DB>, orgId: number) {
  return db
    .selectFrom('org_posts')
    .innerJoin('people', 'people.id', 'org_posts.person_id')
    .select([
      'org_posts.id',
      'org_posts.org_id',
      'org_posts.person_id',
      'org_posts.post',
      'org_posts.start_on',
      'org_posts.end_on',
      'org_posts.note',
      'people.name as person_name',
      'people.employee_no',
    ])
    .where('org_posts.org_id', '=', orgId)
    .orderBy('org_posts.start_on', 'desc')
    .orderBy('org_posts.id')
    .execute();
}

export function findPost(db: Kysely<DB>, orgId: number, postId: number) {
  return db.selectFrom('org_posts').selectAll().where('id', '=', postId).where('org_id', '=', orgId).executeTakeFirst();
}

/** Posts of the same kind in the organisation whose period overlaps [start, end). */
export function overlappingPosts(
  db: Kysely<DB>,
  orgId: number,
  post: PostKind,
  start: string,
  end: string | null,
  exceptId: number | null,
  personId: number | null,
) {
  let q = db
    .selectFrom('org_posts')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('post', '=', post)
    .where((eb) => eb.or([eb('end_on', 'is', null), eb('end_on', '>', start)]));
  if (end) {
    q = q.where('start_on', '<', end);
  }
  if (exceptId !== null) {
    q = q.where('id', '!=', exceptId);
  }
  if (personId !== null) {
    q = q.where('person_id', '=', personId);
  }
  return q.execute();
}

/** Ends every post still held in the given organisations on a date. */
export function endPostsIn(trx: Kysely<DB>, orgIds: number[], on: string, now: string) {
  if (orgIds.length === 0) {
    return Promise.resolve();
  }
  return trx
    .updateTable('org_posts')
    .set({ end_on: on, updated_at: now })
    .where('org_id', 'in', orgIds)
    .where((eb) => eb.or([eb('end_on', 'is', null), eb('end_on', '>', on)]))
    .execute()
    .then(() => undefined);
}

export interface OrgEventValues {
  org_id: number;
  kind: OrgEventKind;
  on_date: string;
  before: object | null;
  after: object | null;
  reason: string | null;
  related_org_id: number | null;
  actor_id: number | null;
  actor_name: string;
  created_at: string;
}

/** Appends entries to organisations' history. */
export async function insertOrgEvents(trx: Kysely<DB>, events: OrgEventValues[]) {
  for (let i = 0; i < events.length; i += 500) {
    await trx
      .insertInto('org_events')
      .values(
        events.slice(i, i + 500).map((e) => ({
          ...e,
          before: e.before ? JSON.stringify(e.before) : null,
          after: e.after ? JSON.stringify(e.after) : null,
        })),
      )
      .execute();
  }
}

/** History of one organisation, newest first, with the other organisation of a merge. */
export function listOrgEvents(db: Kysely<DB>, orgId: number, limit: number, offset: number) {
  return db
    .selectFrom('org_events')
    .leftJoin('orgs as r', 'r.id', 'org_events.related_org_id')
    .select([
      'org_events.id',
      'org_events.kind',
      'org_events.on_date',
      'org_events.before',
      'org_events.after',
      'org_events.reason',
      'org_events.related_org_id',
      'r.code as related_code',
      'r.name as related_name',
      'org_events.actor_name',
      'org_events.created_at',
    ])
    .where('org_events.org_id', '=', orgId)
    .orderBy('org_events.created_at', 'desc')
    .orderBy('org_events.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countOrgEvents(db: Kysely<DB>, orgId: number): Promise<number> {
  const r = await db
    .selectFrom('org_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function listRuleSettings(db: Kysely<DB>) {
  return db.selectFrom('rule_settings').selectAll().execute();
}

import type { OrgKind, Role, TaskListQuery, TaskStatus } from '@guantong/shared';
import { type ExpressionBuilder, type Insertable, type Kysely, type Selectable, type SqlBool, sql, type Updateable } from 'kysely';
import { type OrgScope, whereInScope } from '../../core/access.js';
import { paginate } from '../../core/paging.js';
import { prefixEnd } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import type { RollupSums } from './tasks.rollup.js';
import type { SupervisionNoticesTable, TaskEventsTable, TaskFrameworkNodesTable, TasksTable } from './tasks.tables.js';

export type TaskRow = Selectable<TasksTable>;

/** tasks joined to their orgs and users, ready for {@link selectTaskColumns}. */
export function taskBase(db: Kysely<DB>) {
  return db
    .selectFrom('tasks as t')
    .innerJoin('orgs as o', 'o.id', 't.org_id')
    .innerJoin('orgs as io', 'io.id', 't.issuer_org_id')
    .leftJoin('users as iu', 'iu.id', 't.issuer_user_id')
    .leftJoin('users as ru', 'ru.id', 't.responsible_user_id');
}

export type TaskBaseQuery = ReturnType<typeof taskBase>;

/** The columns every presented task needs: the row plus its organisations' and people's names. */
export function selectTaskColumns(q: TaskBaseQuery) {
  return q
    .selectAll('t')
    .select([
      'o.code as org_code',
      'o.name as org_name',
      'o.kind as org_kind',
      'o.path as org_path',
      'io.code as issuer_org_code',
      'io.name as issuer_org_name',
      'io.kind as issuer_org_kind',
      'io.path as issuer_org_path',
      'iu.display_name as issuer_user_name',
      'ru.display_name as responsible_user_name',
    ]);
}

export type TaskJoinedRow = TaskRow & {
  org_code: string;
  org_name: string;
  org_kind: OrgKind;
  org_path: string;
  issuer_org_code: string;
  issuer_org_name: string;
  issuer_org_kind: OrgKind;
  issuer_org_path: string;
  issuer_user_name: string | null;
  responsible_user_name: string | null;
};

export async function findTaskJoined(db: Kysely<DB>, id: number): Promise<TaskJoinedRow | undefined> {
  return (await selectTaskColumns(taskBase(db)).where('t.id', '=', id).executeTakeFirst()) as TaskJoinedRow | undefined;
}

export async function findTasksJoined(db: Kysely<DB>, ids: number[]): Promise<TaskJoinedRow[]> {
  if (ids.length === 0) {
    return [];
  }
  return (await selectTaskColumns(taskBase(db)).where('t.id', 'in', ids).execute()) as TaskJoinedRow[];
}

/** Locks a task row until the transaction ends (PostgreSQL; SQLite serialises writers already). */
export async function lockTask(db: Kysely<DB>, dialect: 'sqlite' | 'postgres', id: number): Promise<void> {
  if (dialect === 'postgres') {
    await db.selectFrom('tasks').select('id').where('id', '=', id).forUpdate().execute();
  }
}

export function findTaskRow(db: Kysely<DB>, id: number) {
  return db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertTask(db: Kysely<DB>, values: Insertable<TasksTable>): Promise<number> {
  const r = await db.insertInto('tasks').values(values).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

const INSERT_CHUNK = 300;

/** Inserts many tasks in multi-row statements; returns ids in the order given. */
export async function insertTasks(db: Kysely<DB>, rows: Insertable<TasksTable>[]): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    const res = await db.insertInto('tasks').values(chunk).returning('id').execute();
    // Both databases return the ids of a multi-row insert in the order of the VALUES list; sort to be sure
    // (ids are allocated increasingly within one statement).
    ids.push(...res.map((r) => r.id).sort((a, b) => a - b));
  }
  return ids;
}

export function updateTask(db: Kysely<DB>, id: number, patch: Updateable<TasksTable>) {
  return db.updateTable('tasks').set(patch).where('id', '=', id).execute();
}

export async function insertEvents(db: Kysely<DB>, rows: Insertable<TaskEventsTable>[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK * 2) {
    await db
      .insertInto('task_events')
      .values(rows.slice(i, i + INSERT_CHUNK * 2))
      .execute();
  }
}

export function listEvents(db: Kysely<DB>, taskId: number, limit: number) {
  return db.selectFrom('task_events').selectAll().where('task_id', '=', taskId).orderBy('id').limit(limit).execute();
}

/** Links tasks to framework nodes (many rows at once), with the tasks' org, status and due date. */
export async function insertFrameworkLinks(db: Kysely<DB>, rows: Array<Insertable<TaskFrameworkNodesTable>>): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insertInto('task_framework_nodes')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

/** Copies the tasks' current org, status and due date onto their framework links (after any change of those). */
export async function syncLinkFacts(db: Kysely<DB>, taskIds: number[]): Promise<void> {
  for (let i = 0; i < taskIds.length; i += 500) {
    await db
      .updateTable('task_framework_nodes')
      .set((eb) => ({
        org_id: eb.selectFrom('tasks').select('tasks.org_id').whereRef('tasks.id', '=', 'task_framework_nodes.task_id'),
        status: eb.selectFrom('tasks').select('tasks.status').whereRef('tasks.id', '=', 'task_framework_nodes.task_id'),
        due_on: eb.selectFrom('tasks').select('tasks.due_on').whereRef('tasks.id', '=', 'task_framework_nodes.task_id'),
      }))
      .where('task_id', 'in', taskIds.slice(i, i + 500))
      .execute();
  }
}

export function deleteFrameworkLinks(db: Kysely<DB>, taskId: number) {
  return db.deleteFrom('task_framework_nodes').where('task_id', '=', taskId).execute();
}

/** The framework nodes of some tasks, with the node's code and name. */
export function listFrameworkLinks(db: Kysely<DB>, taskIds: number[]) {
  if (taskIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('task_framework_nodes as f')
    .innerJoin('framework_nodes as n', 'n.id', 'f.node_id')
    .select(['f.task_id', 'f.node_id', 'f.lineage_id', 'n.code', 'n.name'])
    .where('f.task_id', 'in', taskIds)
    .orderBy('n.code')
    .execute();
}

export async function replaceParticipants(db: Kysely<DB>, taskId: number, userIds: number[], now: string): Promise<void> {
  await db.deleteFrom('task_participants').where('task_id', '=', taskId).execute();
  if (userIds.length > 0) {
    await db
      .insertInto('task_participants')
      .values(userIds.map((u) => ({ task_id: taskId, user_id: u, created_at: now })))
      .execute();
  }
}

export function listParticipants(db: Kysely<DB>, taskId: number) {
  return db
    .selectFrom('task_participants as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['u.id', 'u.display_name'])
    .where('p.task_id', '=', taskId)
    .orderBy('u.id')
    .execute();
}

export async function isParticipant(db: Kysely<DB>, taskId: number, userId: number | null): Promise<boolean> {
  if (userId === null) {
    return false;
  }
  const r = await db
    .selectFrom('task_participants')
    .select('task_id')
    .where('task_id', '=', taskId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r !== undefined;
}

/** The sums the roll-up needs over a task's children, in one aggregate. */
export async function childSums(db: Kysely<DB>, parentId: number): Promise<RollupSums> {
  const counted = sql<boolean>`status not in ('draft', 'cancelled')`;
  const r = await db
    .selectFrom('tasks')
    .select([
      sql<number>`coalesce(sum(case when ${counted} then 1 else 0 end), 0)`.as('counted'),
      sql<number>`coalesce(sum(case when status = 'cancelled' then 1 else 0 end), 0)`.as('cancelled'),
      sql<number>`coalesce(sum(case when ${counted} then weight else 0 end), 0)`.as('sw'),
      sql<number>`coalesce(sum(case when ${counted} then weight * progress_effective else 0 end), 0)`.as('swp'),
      sql<number>`coalesce(sum(case when ${counted} then weight * verified_effective else 0 end), 0)`.as('swv'),
      sql<number>`coalesce(sum(case when ${counted} then progress_effective else 0 end), 0)`.as('sp'),
      sql<number>`coalesce(sum(case when ${counted} then verified_effective else 0 end), 0)`.as('sv'),
    ])
    .where('parent_id', '=', parentId)
    .executeTakeFirstOrThrow();
  return {
    counted: Number(r.counted),
    cancelled: Number(r.cancelled),
    sw: Number(r.sw),
    swp: Number(r.swp),
    swv: Number(r.swv),
    sp: Number(r.sp),
    sv: Number(r.sv),
  };
}

/** The children of a task (first `limit`), presented-ready. */
export async function listChildrenJoined(db: Kysely<DB>, parentId: number, limit: number): Promise<TaskJoinedRow[]> {
  return (await selectTaskColumns(taskBase(db))
    .where('t.parent_id', '=', parentId)
    .orderBy('o.path')
    .orderBy('t.id')
    .limit(limit)
    .execute()) as TaskJoinedRow[];
}

/** Ids and statuses of every descendant of a task (through parent links, breadth first). */
export async function listDescendants(
  db: Kysely<DB>,
  id: number,
): Promise<Array<{ id: number; status: TaskStatus; parent_id: number | null }>> {
  const out: Array<{ id: number; status: TaskStatus; parent_id: number | null }> = [];
  let frontier = [id];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (let i = 0; i < frontier.length; i += 1000) {
      const rows = await db
        .selectFrom('tasks')
        .select(['id', 'status', 'parent_id'])
        .where('parent_id', 'in', frontier.slice(i, i + 1000))
        .execute();
      out.push(...rows);
      next.push(...rows.map((r) => r.id));
    }
    frontier = next;
  }
  return out;
}

/** Organisations by id, with what recipient checks need. */
export function findOrgs(db: Kysely<DB>, ids: number[]) {
  if (ids.length === 0) {
    return Promise.resolve([]);
  }
  return db.selectFrom('orgs').select(['id', 'code', 'name', 'kind', 'path', 'status', 'parent_id']).where('id', 'in', ids).execute();
}

export function findOrg(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('orgs')
    .select(['id', 'code', 'name', 'kind', 'path', 'status', 'parent_id', 'depth'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Active organisations of a kind in a subtree (the subtree's root included when it matches). */
export function orgsOfKindUnder(db: Kysely<DB>, path: string, kind: OrgKind) {
  return db
    .selectFrom('orgs')
    .select(['id', 'code', 'name', 'kind', 'path', 'status', 'parent_id'])
    .where('path', '>=', path)
    .where('path', '<', prefixEnd(path))
    .where('kind', '=', kind)
    .where('status', '=', 'active')
    .orderBy('path')
    .execute();
}

/**
 * Users holding any of the roles exactly at the organisations (active accounts), as org → user ids
 * ordered by user id.
 */
export async function usersWithRoleAt(db: Kysely<DB>, orgIds: number[], roles: readonly Role[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  const unique = [...new Set(orgIds)];
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await db
      .selectFrom('role_grants as g')
      .innerJoin('users as u', 'u.id', 'g.user_id')
      .select(['g.org_id', 'g.user_id'])
      .where('g.org_id', 'in', unique.slice(i, i + 1000))
      .where('g.role', 'in', [...roles])
      .where('u.status', '=', 'active')
      .orderBy('g.user_id')
      .execute();
    for (const r of rows) {
      const list = out.get(r.org_id) ?? [];
      if (!list.includes(r.user_id)) {
        list.push(r.user_id);
      }
      out.set(r.org_id, list);
    }
  }
  return out;
}

/** Users by id with their status and grant paths (to validate responsible people and participants). */
export async function usersWithGrantPaths(db: Kysely<DB>, ids: number[]) {
  if (ids.length === 0) {
    return [];
  }
  return db
    .selectFrom('users as u')
    .leftJoin('role_grants as g', 'g.user_id', 'u.id')
    .leftJoin('orgs as o', 'o.id', 'g.org_id')
    .select(['u.id', 'u.status', 'u.display_name', 'o.path'])
    .where('u.id', 'in', ids)
    .execute();
}

/** Existing non-cancelled children of a task at the given orgs (duplicate recipients). */
export function existingChildOrgs(db: Kysely<DB>, parentId: number, orgIds: number[]) {
  if (orgIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('tasks')
    .select(['org_id'])
    .where('parent_id', '=', parentId)
    .where('status', '!=', 'cancelled')
    .where('org_id', 'in', orgIds)
    .execute();
}

export function insertNotice(db: Kysely<DB>, values: Insertable<SupervisionNoticesTable>) {
  return db.insertInto('supervision_notices').values(values).returning('id').executeTakeFirstOrThrow();
}

export function findNotice(db: Kysely<DB>, id: number) {
  return db.selectFrom('supervision_notices').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Notices joined with their task, org and people. */
export function noticeBase(db: Kysely<DB>) {
  return db
    .selectFrom('supervision_notices as n')
    .innerJoin('tasks as t', 't.id', 'n.task_id')
    .innerJoin('orgs as o', 'o.id', 't.org_id')
    .leftJoin('users as ub', 'ub.id', 'n.issued_by')
    .leftJoin('users as ua', 'ua.id', 'n.answered_by');
}

export function selectNoticeColumns(q: ReturnType<typeof noticeBase>) {
  return q
    .selectAll('n')
    .select([
      't.title as task_title',
      'o.id as org_id',
      'o.code as org_code',
      'o.name as org_name',
      'o.kind as org_kind',
      'ub.display_name as issued_by_name',
      'ua.display_name as answered_by_name',
    ]);
}

export type NoticeJoinedRow = Selectable<SupervisionNoticesTable> & {
  task_title: string;
  org_id: number;
  org_code: string;
  org_name: string;
  org_kind: OrgKind;
  issued_by_name: string | null;
  answered_by_name: string | null;
};

export async function listNoticesOfTask(db: Kysely<DB>, taskId: number): Promise<NoticeJoinedRow[]> {
  return (await selectNoticeColumns(noticeBase(db)).where('n.task_id', '=', taskId).orderBy('n.id').execute()) as NoticeJoinedRow[];
}

/** A filter: the organisation path in `column` lies in the subtree of `path` (a range, so the path index is used). */
export function pathUnder(column: string, path: string) {
  const col = sql.ref(column);
  return sql<SqlBool>`(${col} >= ${path} and ${col} < ${prefixEnd(path)})`;
}

/**
 * The shared scope filter (`whereInScope`) for queries over aliased tables (`orgs as o`): the helper only
 * combines SQL fragments with `eb.or`, so any expression builder will do.
 */
export function inScope<DBX, TB extends keyof DBX>(eb: ExpressionBuilder<DBX, TB>, pathColumn: string, scope: OrgScope) {
  return whereInScope(eb as unknown as ExpressionBuilder<DB, never>, pathColumn, scope);
}

const SUPERVISABLE: TaskStatus[] = ['issued', 'accepted', 'in_progress', 'reported', 'returned'];

/** A task list's filters with the actor already resolved (scope, operated orgs, org path, framework lineages). */
export interface TaskListFilter extends TaskListQuery {
  userId: number;
  operatedOrgIds: number[];
  scope: OrgScope;
  underPath: string | null;
  /** Lineage ids of the framework node and its descendants; null when not filtering by node. */
  lineages: number[] | null;
}

/**
 * The filtered, unordered list query of a view over `tasks as t` alone (see the service for the views' meaning):
 * organisation filters are `t.org_id in (organisations in the path ranges)`, so counting never joins the
 * presentation tables.
 */
export function taskListQuery(db: Kysely<DB>, f: TaskListFilter) {
  let base = db.selectFrom('tasks as t');
  if (f.view === 'mine') {
    base = base
      .where((eb) =>
        f.operatedOrgIds.length > 0
          ? eb.or([
              eb('t.responsible_user_id', '=', f.userId),
              eb.and([eb('t.responsible_user_id', 'is', null), eb('t.org_id', 'in', f.operatedOrgIds)]),
            ])
          : eb('t.responsible_user_id', '=', f.userId),
      )
      .where('t.status', '!=', 'draft');
  } else if (f.view === 'issued') {
    base = base.where('t.issuer_user_id', '=', f.userId);
  } else {
    if (!f.scope.all) {
      base = base.where('t.org_id', 'in', (eb) =>
        eb
          .selectFrom('orgs as so')
          .select('so.id')
          .where((e) => inScope(e, 'so.path', f.scope)),
      );
    }
    if (f.view === 'board') {
      base = base
        .where((eb) => eb.or([eb('t.supervision_level', 'in', ['yellow', 'red']), eb('t.flagged', '=', 1)]))
        .where('t.status', 'in', SUPERVISABLE);
    }
  }
  if (f.underPath) {
    const path = f.underPath;
    base = base.where('t.org_id', 'in', (eb) =>
      eb
        .selectFrom('orgs as uo')
        .select('uo.id')
        .where(() => pathUnder('uo.path', path)),
    );
  }
  if (f.status?.length) {
    base = base.where('t.status', 'in', f.status);
  }
  if (f.level?.length) {
    base = base.where('t.level', 'in', f.level);
  }
  if (f.supervisionLevel?.length) {
    base = base.where('t.supervision_level', 'in', f.supervisionLevel);
  }
  if (f.flagged) {
    base = base.where('t.flagged', '=', f.flagged === 'true' ? 1 : 0);
  }
  if (f.stale) {
    base = base.where('t.stale_since', f.stale === 'true' ? 'is not' : 'is', null);
  }
  if (f.escalated) {
    base = base.where('t.escalated_at', f.escalated === 'true' ? 'is not' : 'is', null);
  }
  if (f.parentId) {
    base = base.where('t.parent_id', '=', f.parentId);
  }
  if (f.topLevel === 'true') {
    base = base.where('t.parent_id', 'is', null);
  }
  if (f.dueFrom) {
    base = base.where('t.due_on', '>=', f.dueFrom);
  }
  if (f.dueTo) {
    base = base.where('t.due_on', '<=', f.dueTo);
  }
  if (f.q) {
    const like = `%${f.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb('t.title', 'like', eb.val(like)));
  }
  if (f.lineages) {
    const lineages = f.lineages;
    base =
      lineages.length === 0
        ? base.where('t.id', '=', -1)
        : base.where((eb) =>
            eb.exists(
              eb
                .selectFrom('task_framework_nodes as f')
                .select('f.task_id')
                .whereRef('f.task_id', '=', 't.id')
                .where('f.lineage_id', 'in', lineages),
            ),
          );
  }
  return base;
}

type ListBase = ReturnType<typeof taskListQuery>;

/** Sorts a list query's ids (stable: id last). */
export function orderTaskList(base: ListBase, q: Pick<TaskListQuery, 'sort' | 'order'>) {
  const rows = base.select('t.id');
  const dir = q.order;
  switch (q.sort) {
    case 'createdAt':
      return rows.orderBy('t.created_at', dir).orderBy('t.id', dir);
    case 'lastUpdateAt':
      return rows.orderBy('t.last_update_at', dir).orderBy('t.id', dir);
    case 'title':
      return rows.orderBy('t.title', dir).orderBy('t.id', dir);
    case 'progress':
      return rows.orderBy('t.progress_effective', dir).orderBy('t.id', dir);
    case 'status':
      return rows.orderBy('t.status', dir).orderBy('t.id', dir);
    case 'supervision':
      return rows
        .orderBy('t.flagged', dir === 'asc' ? 'desc' : 'asc')
        .orderBy(
          (eb) =>
            eb.case().when('t.supervision_level', '=', 'red').then(2).when('t.supervision_level', '=', 'yellow').then(1).else(0).end(),
          dir === 'asc' ? 'desc' : 'asc',
        )
        .orderBy('t.due_on', 'asc')
        .orderBy('t.id', 'asc');
    default:
      return rows.orderBy('t.due_on', dir).orderBy('t.id', dir);
  }
}

/** Presentable rows for ids, in the order of the ids. */
export async function joinedInOrder(db: Kysely<DB>, ids: number[]): Promise<TaskJoinedRow[]> {
  const byId = new Map((await findTasksJoined(db, ids)).map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is TaskJoinedRow => r !== undefined);
}

/**
 * One page of a task list and the total (the list endpoint's query; also what the benchmark's bare server
 * runs): the page's ids from the filtered, sorted query, the count over the same filter, then the page's rows
 * joined to their organisations and people.
 */
export async function pageTaskList(db: Kysely<DB>, f: TaskListFilter): Promise<{ rows: TaskJoinedRow[]; total: number }> {
  const base = taskListQuery(db, f);
  const { rows, total } = await paginate(orderTaskList(base, f), base, f);
  return {
    rows: await joinedInOrder(
      db,
      rows.map((r) => r.id),
    ),
    total,
  };
}

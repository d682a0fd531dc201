import { type Kysely, sql } from 'kysely';
import type { OrgScope } from '../server/src/core/access.js';
import type { DB } from '../server/src/db/schema.js';
import { pageOrgs } from '../server/src/modules/orgs/orgs.repository.js';
import { pagePeople } from '../server/src/modules/people/people.repository.js';
import { pageTaskList, type TaskListFilter } from '../server/src/modules/tasks/tasks.repository.js';

/**
 * An authenticated, org-scoped list endpoint measured by `npm run bench`, and the bare equivalent:
 * the same repository call (the same Kysely query) with the scope computed once at start-up, no
 * session lookup, no zod parsing or response schema, no presenter.
 */
export interface Scenario {
  name: string;
  description: string;
  /** Path and query string of the real endpoint (the bare server serves the same under /bare/<name>). */
  path: string;
  /** The repository call the endpoint makes, given the query string. */
  bare(db: Kysely<DB>, scope: OrgScope, query: URLSearchParams): Promise<unknown>;
  /** The account to sign in as by default: an org_admin of the 党总支 whose subtree holds the most rows. */
  defaultUser(db: Kysely<DB>): Promise<string>;
}

function pageParams(query: URLSearchParams): { page: number; pageSize: number } {
  return { page: Number(query.get('page') ?? 1), pageSize: Number(query.get('pageSize') ?? 20) };
}

/** The 党总支 with the largest subtree (most organisations), as `oa-<code>`. */
async function largestGeneralBranchAdmin(db: Kysely<DB>): Promise<string> {
  const row = await db
    .selectFrom('orgs as g')
    .innerJoin('orgs as d', (j) => j.on(sql<boolean>`d.path >= g.path and d.path < g.path || '~'`))
    .select(['g.code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('g.kind', '=', 'general_branch')
    .groupBy('g.code')
    .orderBy('n', 'desc')
    .orderBy('g.code')
    .executeTakeFirst();
  if (!row) {
    throw new Error('no 党总支 in the database: run npm run bench:data first');
  }
  return `oa-${row.code}`;
}

/** The 党总支 whose subtree holds the most people on the roster, as `oa-<code>`. */
async function busiestGeneralBranchAdmin(db: Kysely<DB>): Promise<string> {
  const row = await db
    .selectFrom('orgs as g')
    .innerJoin('orgs as o', (j) => j.on(sql<boolean>`o.path >= g.path and o.path < g.path || '~'`))
    .innerJoin('people as p', 'p.org_id', 'o.id')
    .select(['g.code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('g.kind', '=', 'general_branch')
    .where('p.status', '=', 'active')
    .groupBy('g.code')
    .orderBy('n', 'desc')
    .orderBy('g.code')
    .executeTakeFirst();
  if (!row) {
    throw new Error('no people under any 党总支: run npm run bench:data first');
  }
  return `oa-${row.code}`;
}

/** The branch secretary with the most tasks, as `sec-<code>`. */
async function busiestBranchSecretary(db: Kysely<DB>): Promise<string> {
  const row = await db
    .selectFrom('tasks as t')
    .innerJoin('orgs as o', 'o.id', 't.org_id')
    .select(['o.code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('o.kind', '=', 'branch')
    .groupBy('o.code')
    .orderBy('n', 'desc')
    .orderBy('o.code')
    .executeTakeFirst();
  if (!row) {
    throw new Error('no tasks in any branch: run npm run bench:data first');
  }
  return `sec-${row.code}`;
}

/** The 党总支 whose subtree owns the most tasks, as `oa-<code>`. */
async function busiestTaskGeneralBranchAdmin(db: Kysely<DB>): Promise<string> {
  const row = await db
    .selectFrom('orgs as g')
    .innerJoin('orgs as o', (j) => j.on(sql<boolean>`o.path >= g.path and o.path < g.path || '~'`))
    .innerJoin('tasks as t', 't.org_id', 'o.id')
    .select(['g.code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('g.kind', '=', 'general_branch')
    .groupBy('g.code')
    .orderBy('n', 'desc')
    .orderBy('g.code')
    .executeTakeFirst();
  if (!row) {
    throw new Error('no tasks under any 党总支: run npm run bench:data first');
  }
  return `oa-${row.code}`;
}

/** The task-list filter of the bench user: their scope; for `mine`, the secretary granted at the scope's organisation. */
async function taskFilter(db: Kysely<DB>, scope: OrgScope, query: URLSearchParams, view: 'mine' | 'org'): Promise<TaskListFilter> {
  let userId = -1;
  let operatedOrgIds: number[] = [];
  if (view === 'mine') {
    const org = await db
      .selectFrom('orgs')
      .select('id')
      .where('path', '=', scope.prefixes[0] ?? '')
      .executeTakeFirstOrThrow();
    const grant = await db
      .selectFrom('role_grants')
      .select('user_id')
      .where('org_id', '=', org.id)
      .where('role', '=', 'secretary')
      .executeTakeFirstOrThrow();
    userId = grant.user_id;
    operatedOrgIds = [org.id];
  }
  return { ...pageParams(query), view, sort: 'dueOn', order: 'asc', userId, operatedOrgIds, scope, underPath: null, lineages: null };
}

/** Every scenario, lightest first; `npm run bench` takes the last one the application serves unless --scenario says. */
export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'orgs',
    description: 'GET /api/orgs (org-scoped page of organisations with parent name, total count)',
    path: '/api/orgs?page=1&pageSize=20',
    async bare(db, scope, query) {
      const q = { ...pageParams(query), sort: 'code' as const, order: 'asc' as const };
      const { rows, total } = await pageOrgs(db, scope, q, null);
      return { items: rows, total, page: q.page, pageSize: q.pageSize };
    },
    defaultUser: largestGeneralBranchAdmin,
  },
  {
    name: 'people',
    description: 'GET /api/people (org-scoped page of the roster with org, branch and group, total count)',
    path: '/api/people?page=1&pageSize=20',
    async bare(db, scope, query) {
      const q = { ...pageParams(query), status: 'active' as const, sort: 'employeeNo' as const, order: 'asc' as const };
      const { rows, total } = await pagePeople(db, scope, q, null);
      return { items: rows, total, page: q.page, pageSize: q.pageSize };
    },
    defaultUser: busiestGeneralBranchAdmin,
  },
  {
    name: 'tasks-mine',
    description: 'GET /api/tasks?view=mine (a branch secretary’s own tasks, by due date, total count)',
    path: '/api/tasks?view=mine&page=1&pageSize=20',
    async bare(db, scope, query) {
      const f = await taskFilter(db, scope, query, 'mine');
      const { rows, total } = await pageTaskList(db, f);
      return { items: rows, total, page: f.page, pageSize: f.pageSize };
    },
    defaultUser: busiestBranchSecretary,
  },
  {
    name: 'tasks-org',
    description: 'GET /api/tasks?view=org (the org-scoped task list of a 党总支, by due date, total count)',
    path: '/api/tasks?view=org&page=1&pageSize=20',
    async bare(db, scope, query) {
      const f = await taskFilter(db, scope, query, 'org');
      const { rows, total } = await pageTaskList(db, f);
      return { items: rows, total, page: f.page, pageSize: f.pageSize };
    },
    defaultUser: busiestTaskGeneralBranchAdmin,
  },
];

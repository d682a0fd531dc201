import type { CoverageMatrix, CoverageMatrixCell, CoverageMatrixQuery, FrameworkNodeFields, OrgKind } from '@guantong/shared';
import { sql } from 'kysely';
import { type Actor, pathInScope, requireVisibleOrg, SYSTEM_ACTOR, scopeFor } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { prefixEnd } from '../../db/portable.js';
import { listCurrentNodes, listVersionSummaries } from '../framework/framework.service.js';
import { TASK_READ_ROLES } from './tasks.policy.js';
import { todayOf } from './tasks.service.js';

type Cls = 'open' | 'late' | 'verified';
const SAFE_PATH = /^\/(\d+\/)+$/;
const SAFE_DATE = /^\d{4}-\d{2}-\d{2}$/;

function emptyCell(): CoverageMatrixCell {
  return { open: 0, late: 0, verified: 0, total: 0, covered: 0 };
}

/** The actor's top organisation: the shallowest one they hold a readable role at (the root for the system). */
async function defaultOrgId(ctx: AppContext, actor: Actor): Promise<number> {
  const grants = actor.grants.filter((g) => TASK_READ_ROLES.includes(g.role));
  if (actor === SYSTEM_ACTOR || grants.length === 0) {
    const root = await ctx.database.db.selectFrom('orgs').select('id').where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
    if (!root) {
      throw notFound('organisation');
    }
    return root.id;
  }
  const depth = (p: string) => p.split('/').filter(Boolean).length;
  return [...grants].sort((a, b) => depth(a.orgPath) - depth(b.orgPath) || a.orgId - b.orgId)[0].orgId;
}

/**
 * 贯通 at a glance: every node of the framework in force (rows) × the drilled organisation's own level and each
 * child organisation (columns). A cell counts the distinct tasks hanging under the node (or below it) in the
 * column's subtree — open, late (open and past due) and verified — and how many grassroots organisations of the
 * column have any such work. Two grouped queries over the links, whatever the number of tasks: one by column,
 * lineage and class (the column is computed in SQL from path ranges), one of the distinct (organisation, lineage)
 * pairs for the grassroots count. Drafts and cancelled tasks do not count.
 */
export async function coverageMatrix(ctx: AppContext, actor: Actor, q: CoverageMatrixQuery): Promise<CoverageMatrix> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, q.orgId ?? (await defaultOrgId(ctx, actor)), TASK_READ_ROLES);
  const today = todayOf(ctx);
  if (!SAFE_PATH.test(org.path) || !SAFE_DATE.test(today)) {
    throw new Error(`unexpected path or date: ${org.path} ${today}`);
  }
  const [nodes, orgs, versions] = await Promise.all([
    listCurrentNodes(ctx).then((all) => all.filter((n) => n.status === 'active')),
    db
      .selectFrom('orgs')
      .select(['id', 'code', 'name', 'kind', 'path', 'parent_id', 'sort_order'])
      .where('path', '>=', org.path)
      .where('path', '<', prefixEnd(org.path))
      .where('status', '=', 'active')
      .orderBy('path')
      .execute(),
    listVersionSummaries(ctx, actor),
  ]);
  // Columns in the tree's own order (as the organisation pages show it), not by path text.
  const children = orgs
    .filter((o) => o.parent_id === org.id && SAFE_PATH.test(o.path))
    .sort((a, b) => a.sort_order - b.sort_order || a.code.localeCompare(b.code, 'en', { numeric: true }));
  const lineages = [...new Set(nodes.map((n) => n.lineageId))];

  // Column of a path: 0 for the organisation itself, i + 1 for the i-th child's subtree.
  const colCase =
    children.length === 0
      ? sql<number>`0`
      : sql<number>`case ${sql.join(
          children.map((c, i) => sql`when o.path >= ${sql.lit(c.path)} and o.path < ${sql.lit(prefixEnd(c.path))} then ${sql.lit(i + 1)}`),
          sql` `,
        )} else 0 end`;
  const cls = sql<Cls>`case when f.status in ('verified', 'closed') then 'verified' when f.status in ('issued', 'accepted', 'in_progress', 'returned') and f.due_on < ${sql.lit(today)} then 'late' else 'open' end`;
  const linksOfSubtree = () =>
    db
      .selectFrom('task_framework_nodes as f')
      .innerJoin('orgs as o', 'o.id', 'f.org_id')
      .where('f.lineage_id', 'in', lineages.length > 0 ? lineages : [-1])
      .where('f.status', 'not in', ['draft', 'cancelled'])
      .where('o.path', '>=', org.path)
      .where('o.path', '<', prefixEnd(org.path));
  const kindOf = new Map(orgs.map((o) => [o.id, o.kind as OrgKind]));
  const grassrootsInTree = orgs.some((o) => o.kind === q.kind);
  const [counts, pairs] = await Promise.all([
    lineages.length === 0
      ? Promise.resolve([])
      : linksOfSubtree()
          .select([colCase.as('col'), 'f.lineage_id', cls.as('cls'), sql<number | string>`count(*)`.as('n')])
          .groupBy([sql`1`, sql`2`, sql`3`])
          .execute(),
    lineages.length === 0 || !grassrootsInTree
      ? Promise.resolve([])
      : linksOfSubtree().select(['f.org_id', 'f.lineage_id']).distinct().execute(),
  ]);

  // Where each organisation's work counts for grassroots coverage: itself when it is of the kind, else its nearest
  // ancestor of the kind (a group's work covers its branch); orgs above the grassroots level count for nobody.
  const idOfPath = new Map(orgs.map((o) => [o.path, o.id]));
  const grassrootsOf = (orgId: number, path: string): number | null => {
    if (kindOf.get(orgId) === q.kind) {
      return orgId;
    }
    const parts = path.split('/').filter(Boolean);
    for (let i = parts.length - 1; i > 0; i--) {
      const id = idOfPath.get(`/${parts.slice(0, i).join('/')}/`);
      if (id !== undefined && kindOf.get(id) === q.kind) {
        return id;
      }
    }
    return null;
  };
  const pathOf = new Map(orgs.map((o) => [o.id, o.path]));
  const colOfPath = (path: string): number => {
    if (path === org.path) {
      return 0;
    }
    const childId = Number(path.slice(org.path.length).split('/')[0]);
    return children.findIndex((c) => c.id === childId) + 1;
  };

  // Lineage → its own cells; lineage → grassroots orgs (per column) with work under it.
  const cols = children.length + 1;
  const ownCells = new Map<number, CoverageMatrixCell[]>();
  for (const c of counts) {
    const cells = ownCells.get(c.lineage_id) ?? Array.from({ length: cols }, emptyCell);
    const n = Number(c.n);
    const col = Number(c.col);
    cells[col][c.cls] += n;
    cells[col].total += n;
    ownCells.set(c.lineage_id, cells);
  }
  const grassByLineage = new Map<number, Set<number>>();
  for (const p of pairs) {
    const path = pathOf.get(p.org_id);
    const g = path === undefined ? null : grassrootsOf(p.org_id, path);
    if (g !== null) {
      const set = grassByLineage.get(p.lineage_id) ?? new Set<number>();
      set.add(g);
      grassByLineage.set(p.lineage_id, set);
    }
  }

  const byParent = new Map<number | null, FrameworkNodeFields[]>();
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of nodes) {
    const parent = n.parentId !== null && ids.has(n.parentId) ? n.parentId : null;
    byParent.set(parent, [...(byParent.get(parent) ?? []), n]);
  }
  const sorted = (list: FrameworkNodeFields[] | undefined) => [...(list ?? [])].sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
  const rows: CoverageMatrix['rows'] = [];
  // Pre-order walk; each node's cells add its own links and its descendants' (a task hangs under every ancestor).
  const walk = (n: FrameworkNodeFields): { cells: CoverageMatrixCell[]; grass: Set<number> } => {
    const index = rows.length;
    rows.push({
      id: n.id,
      lineageId: n.lineageId,
      parentId: n.parentId,
      code: n.code,
      name: n.name,
      nameEn: n.nameEn,
      kind: n.kind,
      cells: [],
      total: emptyCell(),
    });
    const cells = (ownCells.get(n.lineageId) ?? Array.from({ length: cols }, emptyCell)).map((c) => ({ ...c }));
    const grass = new Set(grassByLineage.get(n.lineageId) ?? []);
    for (const k of sorted(byParent.get(n.id))) {
      const sub = walk(k);
      sub.cells.forEach((c, i) => {
        cells[i].open += c.open;
        cells[i].late += c.late;
        cells[i].verified += c.verified;
        cells[i].total += c.total;
      });
      for (const g of sub.grass) {
        grass.add(g);
      }
    }
    for (const g of grass) {
      const path = pathOf.get(g);
      if (path !== undefined) {
        cells[colOfPath(path)].covered += 1;
      }
    }
    const total = emptyCell();
    for (const c of cells) {
      total.open += c.open;
      total.late += c.late;
      total.verified += c.verified;
      total.total += c.total;
      total.covered += c.covered;
    }
    rows[index].cells = cells;
    rows[index].total = total;
    return { cells, grass };
  };
  for (const root of sorted(byParent.get(null))) {
    walk(root);
  }

  const grassCount = Array.from({ length: cols }, () => 0);
  for (const o of orgs) {
    if (o.kind === q.kind) {
      grassCount[colOfPath(o.path)] += 1;
    }
  }
  const hasChildren = new Set(orgs.map((o) => o.parent_id));
  const scope = scopeFor(actor, TASK_READ_ROLES);
  const ancestorIds = org.path
    .split('/')
    .filter(Boolean)
    .map(Number)
    .filter((id) => id !== org.id);
  const ancestors =
    ancestorIds.length === 0
      ? []
      : (await db.selectFrom('orgs').select(['id', 'code', 'name', 'kind', 'path']).where('id', 'in', ancestorIds).execute())
          .filter((a) => pathInScope(scope, a.path))
          .sort((a, b) => a.path.length - b.path.length)
          .map((a) => ({ id: a.id, code: a.code, name: a.name, kind: a.kind }));
  const ref = (o: { id: number; code: string; name: string; kind: OrgKind }) => ({ id: o.id, code: o.code, name: o.name, kind: o.kind });
  return {
    org: ref(org),
    ancestors,
    year: versions.currentYear,
    asOf: today,
    grassrootsKind: q.kind,
    columns: [
      { org: ref(org), self: true, drillable: false, grassroots: grassCount[0] },
      ...children.map((c, i) => ({ org: ref(c), self: false, drillable: hasChildren.has(c.id), grassroots: grassCount[i + 1] })),
    ],
    rows,
  };
}

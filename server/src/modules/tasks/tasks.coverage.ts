import type { CoverageCounts, CoverageNode, CoverageNodeQuery, CoverageOrg, CoverageRequirement, OrgKind } from '@guantong/shared';
import { type Kysely, sql } from 'kysely';
import { type Actor, requireVisibleOrg, SYSTEM_ACTOR } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { prefixEnd } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import { listVersionSummaries } from '../framework/framework.service.js';
import { currentNodes, type FrameworkNodeLite, nodeWithDescendants } from './tasks.framework.js';
import { TASK_READ_ROLES } from './tasks.policy.js';
import { todayOf } from './tasks.service.js';

type CoverageClass = 'open' | 'late' | 'verified';

function emptyCounts(): CoverageCounts {
  return { open: 0, late: 0, verified: 0, total: 0 };
}

function addCounts(into: CoverageCounts, c: CoverageCounts): void {
  into.open += c.open;
  into.late += c.late;
  into.verified += c.verified;
  into.total += c.total;
}

/** Classifies a linked task for coverage: verified (verified/closed), late (open and past due) or open. */
function classExpr(today: string) {
  // The date is inlined (our own YYYY-MM-DD) so the expression is textually the same in SELECT and GROUP BY on PostgreSQL.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) {
    throw new Error(`bad date ${today}`);
  }
  return sql<CoverageClass>`case when f.status in ('verified', 'closed') then 'verified' when f.status in ('issued', 'accepted', 'in_progress', 'returned') and f.due_on < ${sql.lit(today)} then 'late' else 'open' end`;
}

/** True when the organisation's subtree is the whole tree (the only root): no organisation filter is needed. */
async function isWholeTree(db: Kysely<DB>, org: { parent_id: number | null }): Promise<boolean> {
  if (org.parent_id !== null) {
    return false;
  }
  const roots = await db.selectFrom('orgs').select('id').where('parent_id', 'is', null).limit(2).execute();
  return roots.length === 1;
}

/**
 * One grouped query over the links (which carry each task's org, status and due date): per organisation of the
 * subtree and class, how many distinct tasks hang under the lineages. Drafts and cancelled tasks do not count.
 */
async function countsByOrg(db: Kysely<DB>, lineages: number[], org: { path: string; parent_id: number | null }, today: string) {
  if (lineages.length === 0) {
    return [];
  }
  const cls = classExpr(today);
  let q = db
    .selectFrom('task_framework_nodes as f')
    .select(['f.org_id', cls.as('cls'), sql<number>`count(distinct f.task_id)`.as('n')])
    .where('f.lineage_id', 'in', lineages)
    .where('f.status', 'not in', ['draft', 'cancelled']);
  if (!(await isWholeTree(db, org))) {
    q = q.where('f.org_id', 'in', (eb) =>
      eb.selectFrom('orgs as o').select('o.id').where('o.path', '>=', org.path).where('o.path', '<', prefixEnd(org.path)),
    );
  }
  const rows = await q.groupBy(['f.org_id', cls]).execute();
  return rows.map((r) => ({ orgId: r.org_id, cls: r.cls, n: Number(r.n) }));
}

/** The actor's top organisation: the shallowest one they hold a role at (the root for the system). */
async function topOrgOf(ctx: AppContext, actor: Actor): Promise<number> {
  if (actor === SYSTEM_ACTOR || actor.grants.length === 0) {
    const root = await ctx.database.db.selectFrom('orgs').select('id').where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
    if (!root) {
      throw notFound('organisation');
    }
    return root.id;
  }
  const depth = (p: string) => p.split('/').filter(Boolean).length;
  return [...actor.grants].sort((a, b) => depth(a.orgPath) - depth(b.orgPath) || a.orgId - b.orgId)[0].orgId;
}

/** Every path from the root to `path` (its ancestors and itself). */
function ancestorPaths(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  const out: string[] = [];
  for (let i = 1; i <= parts.length; i++) {
    out.push(`/${parts.slice(0, i).join('/')}/`);
  }
  return out;
}

/**
 * 贯通 for one framework node: rows are the drilled organisation itself (本级) and each of its child organisations,
 * with task counts (open / late / verified) over the row's subtree for the node and everything below it; plus
 * the grassroots organisations (default: branches) in the subtree where nothing hangs under the node.
 */
export async function coverageForNode(ctx: AppContext, actor: Actor, nodeId: number, q: CoverageNodeQuery): Promise<CoverageNode> {
  const db = ctx.database.db;
  const { node, nodes } = await nodeWithDescendants(ctx, nodeId);
  const org = await requireVisibleOrg(db, actor, q.orgId ?? (await topOrgOf(ctx, actor)), TASK_READ_ROLES);
  const today = todayOf(ctx);
  const lineages = [...new Set(nodes.map((n) => n.lineageId))];
  const [counts, orgs] = await Promise.all([
    // The grouped scan over the links runs off the event loop (SQLite: in the read worker).
    countsByOrg(ctx.database.reader, lineages, org, today),
    db
      .selectFrom('orgs')
      .select(['id', 'code', 'name', 'kind', 'path', 'parent_id'])
      .where('path', '>=', org.path)
      .where('path', '<', prefixEnd(org.path))
      .where('status', '=', 'active')
      .orderBy('path')
      .execute(),
  ]);
  const pathOf = new Map(orgs.map((o) => [o.id, o.path]));
  const perPath = new Map<string, CoverageCounts>();
  for (const c of counts) {
    const path = pathOf.get(c.orgId);
    if (path === undefined) {
      continue; // an inactive organisation of the subtree
    }
    const cell = perPath.get(path) ?? emptyCounts();
    cell[c.cls] += c.n;
    cell.total += c.n;
    perPath.set(path, cell);
  }
  const covered = new Set<string>();
  for (const [p, c] of perPath) {
    if (c.total > 0) {
      for (const a of ancestorPaths(p)) {
        covered.add(a);
      }
    }
  }
  const nameOf = new Map(orgs.map((o) => [o.id, o.name]));
  const grassroots = orgs.filter((o) => o.kind === q.kind);
  const children = orgs.filter((o) => o.parent_id === org.id);
  const hasChildren = new Set(orgs.map((o) => o.parent_id));
  // Each path below the drilled organisation belongs to the row of the child whose id is its next segment.
  const childOfPath = (p: string): number | null => (p === org.path ? null : Number(p.slice(org.path.length).split('/')[0]));
  const cells = new Map<number, CoverageCounts>();
  const grassCount = new Map<number, { g: number; u: number }>();
  for (const [p, c] of perPath) {
    const child = childOfPath(p);
    if (child !== null) {
      const cell = cells.get(child) ?? emptyCounts();
      addCounts(cell, c);
      cells.set(child, cell);
    }
  }
  for (const gr of grassroots) {
    const child = childOfPath(gr.path);
    if (child !== null) {
      const gc = grassCount.get(child) ?? { g: 0, u: 0 };
      gc.g += 1;
      gc.u += covered.has(gr.path) ? 0 : 1;
      grassCount.set(child, gc);
    }
  }
  const rowOf = (
    o: { id: number; code: string; name: string; kind: OrgKind; path: string },
    self: boolean,
  ): CoverageNode['rows'][number] => {
    const cell = self ? { ...(perPath.get(o.path) ?? emptyCounts()) } : (cells.get(o.id) ?? emptyCounts());
    const gc = self
      ? { g: o.kind === q.kind ? 1 : 0, u: o.kind === q.kind && !covered.has(o.path) ? 1 : 0 }
      : (grassCount.get(o.id) ?? { g: 0, u: 0 });
    const status = cell.total === 0 ? 'none' : cell.late > 0 ? 'late' : cell.open > 0 ? 'open' : 'verified';
    return {
      org: { id: o.id, code: o.code, name: o.name, kind: o.kind },
      self,
      drillable: !self && hasChildren.has(o.id),
      counts: cell,
      status,
      grassroots: gc.g,
      uncovered: gc.u,
    };
  };
  const rows = [rowOf(org, true), ...children.map((c) => rowOf(c, false))];
  const totals = { ...emptyCounts(), grassroots: grassroots.length, uncovered: 0 };
  for (const c of perPath.values()) {
    addCounts(totals, c);
  }
  const uncovered = grassroots.filter((o) => !covered.has(o.path));
  totals.uncovered = uncovered.length;
  return {
    node: { id: node.id, lineageId: node.lineageId, code: node.code, name: node.name, kind: node.kind },
    org: { id: org.id, code: org.code, name: org.name, kind: org.kind },
    asOf: today,
    rows,
    totals,
    uncoveredKind: q.kind,
    uncoveredOrgs: uncovered.slice(0, q.limit).map((o) => ({
      id: o.id,
      code: o.code,
      name: o.name,
      kind: o.kind,
      parentName: o.parent_id === null ? null : (nameOf.get(o.parent_id) ?? null),
    })),
    uncoveredTruncated: uncovered.length > q.limit,
  };
}

/**
 * 贯通 for one organisation: which nodes of the framework in force have work in its subtree (one grouped query
 * by lineage), as the framework tree with counts; requirements with none are listed as uncovered. An element's or
 * pillar's counts add its own links and its descendants'.
 */
export async function coverageForOrg(ctx: AppContext, actor: Actor, orgId: number): Promise<CoverageOrg> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, orgId, TASK_READ_ROLES);
  const today = todayOf(ctx);
  const nodes = await currentNodes(ctx);
  const lineages = [...new Set(nodes.map((n) => n.lineageId))];
  const cls = classExpr(today);
  // One grouped query over the links of the subtree (a task links each lineage at most once, so count(*) counts
  // tasks); lineages outside the framework in force are dropped below.
  // The grouped scan over the links runs off the event loop (SQLite: in the read worker).
  let q = ctx.database.reader
    .selectFrom('task_framework_nodes as f')
    .select(['f.lineage_id', cls.as('cls'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('f.status', 'not in', ['draft', 'cancelled']);
  if (!(await isWholeTree(db, org))) {
    q = q.where('f.org_id', 'in', (eb) =>
      eb.selectFrom('orgs as o').select('o.id').where('o.path', '>=', org.path).where('o.path', '<', prefixEnd(org.path)),
    );
  }
  const counts = await q.groupBy(['f.lineage_id', cls]).execute();
  const inForce = new Set(lineages);
  const perLineage = new Map<number, CoverageCounts>();
  for (const c of counts) {
    if (!inForce.has(c.lineage_id)) {
      continue;
    }
    const cell = perLineage.get(c.lineage_id) ?? emptyCounts();
    cell[c.cls] += Number(c.n);
    cell.total += Number(c.n);
    perLineage.set(c.lineage_id, cell);
  }
  const byParent = new Map<number | null, FrameworkNodeLite[]>();
  for (const n of nodes) {
    byParent.set(n.parentId, [...(byParent.get(n.parentId) ?? []), n]);
  }
  const build = (n: FrameworkNodeLite): CoverageRequirement => {
    const kids = (byParent.get(n.id) ?? []).sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id).map(build);
    const own = perLineage.get(n.lineageId) ?? emptyCounts();
    const cell = { ...own };
    const reqs = { total: 0, covered: 0 };
    for (const k of kids) {
      addCounts(cell, k.counts);
      if (k.kind === 'requirement') {
        reqs.total += 1;
        reqs.covered += k.covered ? 1 : 0;
      } else {
        reqs.total += k.requirements.total;
        reqs.covered += k.requirements.covered;
      }
    }
    return {
      id: n.id,
      lineageId: n.lineageId,
      code: n.code,
      name: n.name,
      kind: n.kind,
      counts: cell,
      covered: cell.total > 0,
      requirements: reqs,
      children: kids,
    };
  };
  const ids = new Set(nodes.map((n) => n.id));
  const roots = nodes.filter((n) => n.parentId === null || !ids.has(n.parentId)).sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id);
  const tree = roots.map(build);
  const requirements = nodes.filter((n) => n.kind === 'requirement').sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
  const isCovered = (n: FrameworkNodeLite) => (perLineage.get(n.lineageId)?.total ?? 0) > 0;
  const versions = await listVersionSummaries(ctx, actor);
  return {
    org: { id: org.id, code: org.code, name: org.name, kind: org.kind },
    year: versions.currentYear,
    asOf: today,
    nodes: tree,
    covered: requirements.filter(isCovered).map((n) => ({ id: n.id, code: n.code, name: n.name })),
    uncovered: requirements.filter((n) => !isCovered(n)).map((n) => ({ id: n.id, code: n.code, name: n.name })),
  };
}

import type { FrameworkNodeFields } from '@guantong/shared';
import type { AppContext } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { getFrameworkNodeRefs, listCurrentNodes } from '../framework/framework.service.js';

/**
 * The few framework facts tasks need, in one place: a node, the nodes of its year (to find its descendants), and
 * the tree in force. Reads go through the framework service except the nodes of a non-current year, which the
 * service does not list without an actor; that one read stays here.
 */

export interface FrameworkNodeLite {
  id: number;
  parentId: number | null;
  lineageId: number;
  code: string;
  name: string;
  kind: 'element' | 'pillar' | 'requirement';
  status: 'active' | 'retired';
  sortOrder: number;
}

function lite(n: FrameworkNodeFields): FrameworkNodeLite {
  return {
    id: n.id,
    parentId: n.parentId,
    lineageId: n.lineageId,
    code: n.code,
    name: n.name,
    kind: n.kind,
    status: n.status,
    sortOrder: n.sortOrder,
  };
}

/** The nodes of one year's version. */
export async function versionNodes(ctx: AppContext, versionId: number): Promise<FrameworkNodeLite[]> {
  const current = await listCurrentNodes(ctx);
  if (current.length > 0 && current[0].versionId === versionId) {
    return current.map(lite);
  }
  const rows = await ctx.database.db
    .selectFrom('framework_nodes')
    .select(['id', 'parent_id', 'lineage_id', 'code', 'name', 'kind', 'status', 'sort_order'])
    .where('version_id', '=', versionId)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    lineageId: r.lineage_id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    status: r.status,
    sortOrder: r.sort_order,
  }));
}

/** The nodes in force now (current year's version), active only. */
export async function currentNodes(ctx: AppContext): Promise<FrameworkNodeLite[]> {
  return (await listCurrentNodes(ctx)).map(lite).filter((n) => n.status === 'active');
}

/** A node and every node below it in its version; 404 when the node does not exist. */
export async function nodeWithDescendants(
  ctx: AppContext,
  nodeId: number,
): Promise<{ node: FrameworkNodeLite; nodes: FrameworkNodeLite[] }> {
  const [ref] = await getFrameworkNodeRefs(ctx.database.db, [nodeId]);
  if (!ref) {
    throw notFound('framework node');
  }
  const all = await versionNodes(ctx, ref.versionId);
  const node = all.find((n) => n.id === nodeId);
  if (!node) {
    throw notFound('framework node');
  }
  const byParent = new Map<number, FrameworkNodeLite[]>();
  for (const n of all) {
    if (n.parentId !== null) {
      byParent.set(n.parentId, [...(byParent.get(n.parentId) ?? []), n]);
    }
  }
  const out: FrameworkNodeLite[] = [node];
  for (let i = 0; i < out.length; i++) {
    out.push(...(byParent.get(out[i].id) ?? []));
  }
  return { node, nodes: out };
}

/** Lineage ids of a node and its descendants (tasks link by lineage, so earlier years' links count). */
export async function lineagesUnder(ctx: AppContext, nodeId: number): Promise<number[]> {
  try {
    const { nodes } = await nodeWithDescendants(ctx, nodeId);
    return [...new Set(nodes.map((n) => n.lineageId))];
  } catch {
    return [];
  }
}

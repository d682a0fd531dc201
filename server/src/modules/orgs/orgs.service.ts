import type { OrgListItem, OrgListQuery, OrgNode } from '@guantong/shared';
import { type Actor, requireVisibleOrg, scopeFor } from '../../core/access.js';
import type { Page } from '../../core/paging.js';
import type { AppContext } from '../../core/context.js';
import { listOrgsInScope, pageOrgs } from './orgs.repository.js';

/** The organisation forest the actor can see: one root per top of each visible subtree. */
export async function getOrgTree(ctx: AppContext, actor: Actor, options: { includeInactive?: boolean } = {}): Promise<OrgNode[]> {
  const rows = await listOrgsInScope(ctx.database.db, scopeFor(actor));
  const nodes = new Map<number, OrgNode>();
  const roots: OrgNode[] = [];
  for (const r of rows) {
    if (!options.includeInactive && r.status !== 'active') {
      continue;
    }
    const node: OrgNode = { id: r.id, code: r.code, name: r.name, shortName: r.short_name, kind: r.kind, status: r.status, parentId: r.parent_id, children: [] };
    nodes.set(r.id, node);
    const parent = r.parent_id === null ? undefined : nodes.get(r.parent_id);
    if (parent) {
      parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  return roots;
}

/** A page of the organisations the actor can see, filtered and sorted. */
export async function listOrgs(ctx: AppContext, actor: Actor, q: OrgListQuery): Promise<Page<OrgListItem>> {
  const under = q.under ? await requireVisibleOrg(ctx.database.db, actor, q.under) : null;
  const { rows, total } = await pageOrgs(ctx.database.db, scopeFor(actor), q, under?.path ?? null);
  return {
    items: rows.map((r) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      shortName: r.short_name,
      kind: r.kind,
      status: r.status,
      parentId: r.parent_id,
      parentName: r.parent_name,
      businessUnit: r.business_unit,
      depth: r.depth,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

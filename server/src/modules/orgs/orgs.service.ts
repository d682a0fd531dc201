import type { OrgNode } from '@guantong/shared';
import { type Actor, scopeFor } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { listOrgsInScope } from './orgs.repository.js';

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

import type { OrgNode } from '@guantong/shared';

/** Every node of a forest, depth first. */
export function flattenOrgs(nodes: readonly OrgNode[]): OrgNode[] {
  const out: OrgNode[] = [];
  const walk = (list: readonly OrgNode[]) => {
    for (const n of list) {
      out.push(n);
      walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

/**
 * Keeps the nodes that match (and their ancestors, so the match shows where it sits). `match` decides per node;
 * a node that matches keeps its whole subtree only when `keepSubtree` is true.
 */
export function filterOrgs(nodes: readonly OrgNode[], match: (n: OrgNode) => boolean, keepSubtree = false): OrgNode[] {
  const out: OrgNode[] = [];
  for (const n of nodes) {
    if (match(n)) {
      out.push(keepSubtree ? n : { ...n, children: filterOrgs(n.children, match, keepSubtree) });
      continue;
    }
    const children = filterOrgs(n.children, match, keepSubtree);
    if (children.length > 0) {
      out.push({ ...n, children });
    }
  }
  return out;
}

/** A search text matches the code, name or short name (case-insensitive). */
export function orgMatches(n: OrgNode, text: string): boolean {
  const q = text.trim().toLowerCase();
  if (!q) {
    return true;
  }
  return n.code.toLowerCase().includes(q) || n.name.toLowerCase().includes(q) || (n.shortName ?? '').toLowerCase().includes(q);
}

/** The ids from the root down to the node (excluding the node), from a parent index. */
export function ancestorIdsOf(index: ReadonlyMap<number, OrgNode>, id: number): number[] {
  const out: number[] = [];
  let node = index.get(id);
  while (node && node.parentId !== null) {
    out.unshift(node.parentId);
    node = index.get(node.parentId);
  }
  return out;
}

/** The ids of a node and everything below it. */
export function subtreeIds(node: OrgNode): Set<number> {
  return new Set(flattenOrgs([node]).map((n) => n.id));
}

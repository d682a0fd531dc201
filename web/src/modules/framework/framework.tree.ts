import type { FrameworkNode } from '@guantong/shared';

/** Every node of a forest, depth-first. */
export function flattenNodes(nodes: FrameworkNode[]): FrameworkNode[] {
  return nodes.flatMap((n) => [n, ...flattenNodes(n.children)]);
}

/** The nodes matching the text (code, name, English name or wording) with their ancestors, pruned of the rest. */
export function filterNodes(nodes: FrameworkNode[], text: string): FrameworkNode[] {
  const q = text.trim().toLowerCase();
  if (!q) {
    return nodes;
  }
  const matches = (n: FrameworkNode) =>
    n.code.toLowerCase().startsWith(q) ||
    n.name.toLowerCase().includes(q) ||
    n.nameEn.toLowerCase().includes(q) ||
    n.description.toLowerCase().includes(q);
  const walk = (list: FrameworkNode[]): FrameworkNode[] =>
    list.flatMap((n) => {
      if (matches(n)) {
        return [n];
      }
      const children = walk(n.children);
      return children.length > 0 ? [{ ...n, children }] : [];
    });
  return walk(nodes);
}

/** Counts of active nodes per kind. */
export function countKinds(nodes: FrameworkNode[]): { elements: number; pillars: number; requirements: number } {
  const all = flattenNodes(nodes).filter((n) => n.status === 'active');
  return {
    elements: all.filter((n) => n.kind === 'element').length,
    pillars: all.filter((n) => n.kind === 'pillar').length,
    requirements: all.filter((n) => n.kind === 'requirement').length,
  };
}

import type { OrgNode } from '@guantong/shared';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

export const orgKeys = {
  all: ['orgs'] as const,
  tree: (includeInactive: boolean) => ['orgs', 'tree', includeInactive] as const,
};

/** The organisation forest the signed-in user may see (GET /api/orgs/tree), for pickers and navigation. */
export function useOrgTree(options: { includeInactive?: boolean; enabled?: boolean } = {}) {
  const includeInactive = options.includeInactive ?? false;
  return useQuery({
    queryKey: orgKeys.tree(includeInactive),
    queryFn: ({ signal }) => api.get<OrgNode[]>('/api/orgs/tree', includeInactive ? { includeInactive: 'true' } : undefined, { signal }),
    staleTime: 5 * 60_000,
    enabled: options.enabled ?? true,
  });
}

/** Every node of a forest by id (for showing an organisation's name where only its id is known). */
export function indexOrgTree(roots: OrgNode[] | undefined): Map<number, OrgNode> {
  const map = new Map<number, OrgNode>();
  const walk = (nodes: OrgNode[]) => {
    for (const n of nodes) {
      map.set(n.id, n);
      walk(n.children);
    }
  };
  walk(roots ?? []);
  return map;
}

import type {
  OrgCheck,
  OrgCheckRule,
  OrgCreateInput,
  OrgDetail,
  OrgDissolveInput,
  OrgEvent,
  OrgMergeInput,
  OrgMergeResult,
  OrgMoveInput,
  OrgNode,
  OrgPost,
  OrgPostCreateInput,
  OrgPostUpdateInput,
  OrgTermUpdateInput,
  OrgUpdateInput,
  Role,
  RuleSetting,
  RuleSettingUpdateInput,
  TermList,
} from '@guantong/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { api } from '../../api/client';
import { useCurrentUser } from '../auth/auth.api';

export const orgKeys = {
  all: ['orgs'] as const,
  tree: (includeInactive: boolean) => ['orgs', 'tree', includeInactive] as const,
  treeFull: (includeInactive: boolean) => ['orgs', 'tree-full', includeInactive] as const,
  detail: (id: number) => ['orgs', 'detail', id] as const,
  history: (id: number, page: number) => ['orgs', 'history', id, page] as const,
  posts: (id: number, includeEnded: boolean) => ['orgs', 'posts', id, includeEnded] as const,
  checks: (q: ChecksFilter) => ['orgs', 'checks', q] as const,
  terms: (withinDays: number | undefined) => ['orgs', 'terms', withinDays ?? null] as const,
  ruleSettings: () => ['orgs', 'rule-settings'] as const,
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

/** The tree with member counts per node and the check badges (the 组织架构 page). */
export function useOrgTreeWithCounts(includeInactive: boolean) {
  return useQuery({
    queryKey: orgKeys.treeFull(includeInactive),
    queryFn: ({ signal }) =>
      api.get<OrgNode[]>(
        '/api/orgs/tree',
        { counts: 'true', checks: 'true', includeInactive: includeInactive ? 'true' : undefined },
        { signal },
      ),
    placeholderData: keepPreviousData,
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

/** Roles that change organisations, posts, terms and the roster (the server's ORG_WRITE_ROLES / PEOPLE_WRITE_ROLES). */
export const ORG_WRITE_ROLES: readonly Role[] = ['sysadmin', 'org_admin'];

/** True when the user holds a writing role anywhere (shows the create / import buttons). */
export function useMayWriteSomewhere(): boolean {
  const me = useCurrentUser();
  return me.grants.some((g) => ORG_WRITE_ROLES.includes(g.role));
}

/**
 * Whether the user may change a given organisation (or a person held there): a sysadmin/org_admin grant at the
 * organisation or one of its ancestors. The ancestry comes from the visible tree; the server checks again.
 */
export function useMayWriteOrg(): (orgId: number | null | undefined, ancestorIds?: readonly number[]) => boolean {
  const me = useCurrentUser();
  const tree = useOrgTree({ includeInactive: true });
  const index = useMemo(() => indexOrgTree(tree.data), [tree.data]);
  const grantOrgs = useMemo(() => new Set(me.grants.filter((g) => ORG_WRITE_ROLES.includes(g.role)).map((g) => g.orgId)), [me.grants]);
  return useCallback(
    (orgId, ancestorIds) => {
      if (orgId === null || orgId === undefined || grantOrgs.size === 0) {
        return false;
      }
      if (grantOrgs.has(orgId) || ancestorIds?.some((id) => grantOrgs.has(id))) {
        return true;
      }
      let node = index.get(orgId);
      while (node) {
        if (grantOrgs.has(node.id)) {
          return true;
        }
        node = node.parentId === null ? undefined : index.get(node.parentId);
      }
      return false;
    },
    [grantOrgs, index],
  );
}

/** An organisation's page data: fields, ancestors, children with counts, posts, term, checks and recent history. */
export function useOrgDetail(id: number | null) {
  return useQuery({
    queryKey: orgKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get<OrgDetail>(`/api/orgs/${id}`, undefined, { signal }),
    enabled: id !== null,
    retry: false,
  });
}

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** An organisation's whole history, newest first, a page at a time. */
export function useOrgHistory(id: number, page: number, pageSize = 20) {
  return useQuery({
    queryKey: orgKeys.history(id, page),
    queryFn: ({ signal }) => api.get<Page<OrgEvent>>(`/api/orgs/${id}/history`, { page, pageSize }, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** The posts of an organisation (held today, or also the ended ones). */
export function useOrgPosts(id: number, includeEnded: boolean) {
  return useQuery({
    queryKey: orgKeys.posts(id, includeEnded),
    queryFn: ({ signal }) => api.get<OrgPost[]>(`/api/orgs/${id}/posts`, includeEnded ? { includeEnded: 'true' } : undefined, { signal }),
  });
}

export interface ChecksFilter {
  orgId?: number;
  rule?: OrgCheckRule;
  severity?: OrgCheck['severity'];
  includeInfo?: boolean;
}

/** The rule violations in the user's scope (GET /api/orgs/checks). */
export function useOrgChecks(q: ChecksFilter) {
  return useQuery({
    queryKey: orgKeys.checks(q),
    queryFn: ({ signal }) =>
      api.get<OrgCheck[]>(
        '/api/orgs/checks',
        { orgId: q.orgId, rule: q.rule, severity: q.severity, includeInfo: q.includeInfo ? 'true' : undefined },
        { signal },
      ),
    placeholderData: keepPreviousData,
  });
}

/** Committee terms ending within N days (default: the rule setting) and overdue elections. */
export function useOrgTerms(withinDays?: number) {
  return useQuery({
    queryKey: orgKeys.terms(withinDays),
    queryFn: ({ signal }) => api.get<TermList>('/api/orgs/terms', { withinDays }, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** The configurable thresholds of the rule checks. */
export function useRuleSettings() {
  return useQuery({
    queryKey: orgKeys.ruleSettings(),
    queryFn: ({ signal }) => api.get<RuleSetting[]>('/api/orgs/rule-settings', undefined, { signal }),
  });
}

function useOrgMutation<I, O>(fn: (input: I) => Promise<O>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: orgKeys.all });
      // Counts, branches and posts shown on people's pages may change with the tree.
      await qc.invalidateQueries({ queryKey: ['people'] });
    },
  });
}

export function useCreateOrg() {
  return useOrgMutation((input: OrgCreateInput) => api.post<OrgDetail>('/api/orgs', input));
}

export function useUpdateOrg() {
  return useOrgMutation(({ id, ...input }: OrgUpdateInput & { id: number }) => api.patch<OrgDetail>(`/api/orgs/${id}`, input));
}

export function useMoveOrg() {
  return useOrgMutation(({ id, ...input }: OrgMoveInput & { id: number }) => api.post<OrgDetail>(`/api/orgs/${id}/move`, input));
}

export function useMergeOrg() {
  return useOrgMutation(({ id, ...input }: OrgMergeInput & { id: number }) => api.post<OrgMergeResult>(`/api/orgs/${id}/merge`, input));
}

export function useDissolveOrg() {
  return useOrgMutation(({ id, ...input }: OrgDissolveInput & { id: number }) => api.post<OrgDetail>(`/api/orgs/${id}/dissolve`, input));
}

export function useSetOrgTerm() {
  return useOrgMutation(({ id, ...input }: OrgTermUpdateInput & { id: number }) => api.put<OrgDetail>(`/api/orgs/${id}/term`, input));
}

export function useCreateOrgPost() {
  return useOrgMutation(({ orgId, ...input }: OrgPostCreateInput & { orgId: number }) =>
    api.post<OrgPost>(`/api/orgs/${orgId}/posts`, input),
  );
}

export function useUpdateOrgPost() {
  return useOrgMutation(({ orgId, postId, ...input }: OrgPostUpdateInput & { orgId: number; postId: number }) =>
    api.patch<OrgPost>(`/api/orgs/${orgId}/posts/${postId}`, input),
  );
}

export function useDeleteOrgPost() {
  return useOrgMutation(({ orgId, postId }: { orgId: number; postId: number }) =>
    api.delete<{ ok: true }>(`/api/orgs/${orgId}/posts/${postId}`),
  );
}

export function useUpdateRuleSetting() {
  return useOrgMutation(({ key, ...input }: RuleSettingUpdateInput & { key: string }) =>
    api.put<RuleSetting>(`/api/orgs/rule-settings/${encodeURIComponent(key)}`, input),
  );
}

export function useResetRuleSetting() {
  return useOrgMutation((key: string) => api.delete<RuleSetting>(`/api/orgs/rule-settings/${encodeURIComponent(key)}`));
}

import type {
  Decision,
  DecisionBody,
  DecisionCategory,
  DecisionCreateInput,
  DecisionDetail,
  DecisionFollowUpCreateInput,
  DecisionFromResolutionInput,
  DecisionListQuery,
  DecisionMeetingOption,
  DecisionStats,
  DecisionStatsQuery,
  DecisionUpdateInput,
} from '@guantong/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue } from '../../api/client';
import { downloadFile } from '../../api/files';

export const decisionKeys = {
  all: ['decisions'] as const,
  list: (q: DecisionListQuery) => ['decisions', 'list', q] as const,
  stats: (q: DecisionStatsQuery) => ['decisions', 'stats', q] as const,
  detail: (id: number) => ['decisions', 'detail', id] as const,
  bodies: ['decisions', 'bodies'] as const,
  categories: ['decisions', 'categories'] as const,
  meetings: (orgId: number, purpose: string, before: string | undefined) =>
    ['decisions', 'meetings', orgId, purpose, before ?? null] as const,
};

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Drops empty values and joins arrays with commas, as the list endpoint reads them. */
export function toQuery(q: object): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [k, v] of Object.entries(q)) {
    if (Array.isArray(v)) {
      if (v.length > 0) {
        out[k] = v.join(',');
      }
    } else if (v !== undefined && v !== null && v !== '') {
      out[k] = v as QueryValue;
    }
  }
  return out;
}

/** One page of the register (GET /api/decisions). */
export function useDecisionList(q: DecisionListQuery) {
  return useQuery({
    queryKey: decisionKeys.list(q),
    queryFn: ({ signal }) => api.get<Page<Decision>>('/api/decisions', toQuery(q), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** The register's header counts (GET /api/decisions/stats). */
export function useDecisionStats(q: DecisionStatsQuery) {
  return useQuery({
    queryKey: decisionKeys.stats(q),
    queryFn: ({ signal }) => api.get<DecisionStats>('/api/decisions/stats', toQuery(q), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** One decision item with its follow-up tasks. */
export function useDecision(id: number | null) {
  return useQuery({
    queryKey: decisionKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get<DecisionDetail>(`/api/decisions/${id}`, undefined, { signal }),
    enabled: id !== null,
  });
}

/** The 三会一层 bodies (data). */
export function useDecisionBodies() {
  return useQuery({
    queryKey: decisionKeys.bodies,
    queryFn: ({ signal }) => api.get<DecisionBody[]>('/api/decision-bodies', undefined, { signal }),
    staleTime: 5 * 60_000,
  });
}

/** The decision categories (data). */
export function useDecisionCategories() {
  return useQuery({
    queryKey: decisionKeys.categories,
    queryFn: ({ signal }) => api.get<DecisionCategory[]>('/api/decision-categories', undefined, { signal }),
    staleTime: 5 * 60_000,
  });
}

/** Meetings an item can link to: its body's (purpose = body code) or 党委会 for the pre-study (purpose = pre_study). */
export function useMeetingOptions(orgId: number | null, purpose: string | null, before?: string) {
  return useQuery({
    queryKey: decisionKeys.meetings(orgId ?? 0, purpose ?? '', before),
    queryFn: ({ signal }) =>
      api.get<DecisionMeetingOption[]>('/api/decisions/meeting-options', { orgId, purpose, before, limit: 50 }, { signal }),
    enabled: orgId !== null && purpose !== null,
  });
}

function useDecisionMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: decisionKeys.all }),
        qc.invalidateQueries({ queryKey: ['tasks'] }),
        qc.invalidateQueries({ queryKey: ['notifications'] }),
      ]);
    },
  });
}

export function useCreateDecision() {
  return useDecisionMutation((input: DecisionCreateInput) => api.post<DecisionDetail>('/api/decisions', input));
}

export function useUpdateDecision() {
  return useDecisionMutation(({ id, input }: { id: number; input: DecisionUpdateInput }) =>
    api.patch<DecisionDetail>(`/api/decisions/${id}`, input),
  );
}

export function useAddFollowUp() {
  return useDecisionMutation(({ id, input }: { id: number; input: DecisionFollowUpCreateInput }) =>
    api.post<{ decision: DecisionDetail; taskId: number }>(`/api/decisions/${id}/follow-ups`, input),
  );
}

/** A meeting resolution becomes a decision item (POST /api/decisions/from-resolution/:id); the meeting page refreshes. */
export function useDecisionFromResolution() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ resolutionId, input }: { resolutionId: number; input: DecisionFromResolutionInput }) =>
      api.post<DecisionDetail>(`/api/decisions/from-resolution/${resolutionId}`, input),
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: decisionKeys.all }), qc.invalidateQueries({ queryKey: ['meetings'] })]);
    },
  });
}

/** Downloads exactly the register being looked at (same filters and order) as .xlsx. */
export function exportDecisions(q: DecisionListQuery): Promise<string> {
  const { page: _page, pageSize: _size, ...rest } = q;
  return downloadFile('/api/decisions/export.xlsx', toQuery(rest), '决策事项清单.xlsx');
}

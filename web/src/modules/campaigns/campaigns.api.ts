import type {
  Campaign,
  CampaignAdoptInput,
  CampaignAnswer,
  CampaignAnswerCreateInput,
  CampaignAnswerEditInput,
  CampaignAnswerListQuery,
  CampaignAnswerReviewInput,
  CampaignAudiencePerson,
  CampaignCreateInput,
  CampaignListQuery,
  CampaignParticipation,
  CampaignUpdateInput,
  FileRef,
} from '@guantong/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue } from '../../api/client';
import { downloadFile, uploadFile } from '../../api/files';

export const campaignKeys = {
  all: ['campaigns'] as const,
  list: (q: CampaignListQuery) => ['campaigns', 'list', q] as const,
  detail: (id: number) => ['campaigns', 'detail', id] as const,
  answers: (id: number, q: CampaignAnswerListQuery) => ['campaigns', 'answers', id, q] as const,
  participation: (id: number, orgId: number | null) => ['campaigns', 'participation', id, orgId] as const,
  audience: (id: number, q: string) => ['campaigns', 'audience', id, q] as const,
};

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

function toQuery(q: object): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [k, v] of Object.entries(q)) {
    if (v !== undefined && v !== null && v !== '') {
      out[k] = v as QueryValue;
    }
  }
  return out;
}

/** The campaigns the user sees (GET /api/campaigns). */
export function useCampaignList(q: CampaignListQuery) {
  return useQuery({
    queryKey: campaignKeys.list(q),
    queryFn: ({ signal }) => api.get<Page<Campaign>>('/api/campaigns', toQuery(q), { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useCampaign(id: number | null) {
  return useQuery({
    queryKey: campaignKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get<Campaign>(`/api/campaigns/${id}`, undefined, { signal }),
    enabled: id !== null,
  });
}

/** One page of the answers the user may see. */
export function useAnswers(id: number, q: CampaignAnswerListQuery) {
  return useQuery({
    queryKey: campaignKeys.answers(id, q),
    queryFn: ({ signal }) => api.get<Page<CampaignAnswer>>(`/api/campaigns/${id}/answers`, toQuery(q), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Participation per child organisation of the drilled one. */
export function useParticipation(id: number, orgId: number | null) {
  return useQuery({
    queryKey: campaignKeys.participation(id, orgId),
    queryFn: ({ signal }) => api.get<CampaignParticipation>(`/api/campaigns/${id}/participation`, toQuery({ orgId }), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Members the user may record an answer for. */
export function useAudience(id: number, q: string, enabled: boolean) {
  return useQuery({
    queryKey: campaignKeys.audience(id, q),
    queryFn: ({ signal }) => api.get<CampaignAudiencePerson[]>(`/api/campaigns/${id}/audience`, toQuery({ q, limit: 30 }), { signal }),
    enabled,
  });
}

function useCampaignMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([qc.invalidateQueries({ queryKey: campaignKeys.all }), qc.invalidateQueries({ queryKey: ['tasks'] })]);
    },
  });
}

export function useCreateCampaign() {
  return useCampaignMutation((input: CampaignCreateInput) => api.post<Campaign>('/api/campaigns', input));
}

export function useUpdateCampaign() {
  return useCampaignMutation(({ id, input }: { id: number; input: CampaignUpdateInput }) =>
    api.patch<Campaign>(`/api/campaigns/${id}`, input),
  );
}

export function useCampaignStatus() {
  return useCampaignMutation(({ id, action }: { id: number; action: 'publish' | 'close' }) =>
    api.post<Campaign>(`/api/campaigns/${id}/${action}`),
  );
}

export function useSubmitAnswer() {
  return useCampaignMutation(({ id, input }: { id: number; input: CampaignAnswerCreateInput }) =>
    api.post<CampaignAnswer>(`/api/campaigns/${id}/answers`, input),
  );
}

export function useReviewAnswer() {
  return useCampaignMutation(({ id, input }: { id: number; input: CampaignAnswerReviewInput }) =>
    api.patch<CampaignAnswer>(`/api/campaign-answers/${id}`, input),
  );
}

/** The member changes the text of their own answer (while the campaign is open and the answer not adopted). */
export function useEditAnswer() {
  return useCampaignMutation(({ id, input }: { id: number; input: CampaignAnswerEditInput }) =>
    api.put<CampaignAnswer>(`/api/campaign-answers/${id}`, input),
  );
}

/** Downloads the answers being looked at (same filter, tag, search and order) as .xlsx with Chinese headers. */
export function exportAnswers(id: number, q: CampaignAnswerListQuery): Promise<string> {
  const { page: _page, pageSize: _size, ...rest } = q;
  const query: Record<string, QueryValue> = {};
  for (const [k, v] of Object.entries(rest)) {
    if (v !== undefined && v !== null && v !== '') {
      query[k] = v as QueryValue;
    }
  }
  return downloadFile(`/api/campaigns/${id}/answers/export.xlsx`, query, '大讨论回答.xlsx');
}

export function useAdoptAnswer() {
  return useCampaignMutation(({ id, input }: { id: number; input: CampaignAdoptInput }) =>
    api.post<CampaignAnswer>(`/api/campaign-answers/${id}/adopt`, input),
  );
}

/** Attaches a file to an answer (after it was submitted). */
export function uploadAnswerFile(answerId: number, file: File): Promise<FileRef> {
  return uploadFile<FileRef>(`/api/campaign-answers/${answerId}/files`, file);
}

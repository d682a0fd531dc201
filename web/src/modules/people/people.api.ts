import type {
  PartyStatus,
  PersonCreateInput,
  PersonDetail,
  PersonExportQuery,
  PersonGroupUpdateInput,
  PersonListItem,
  PersonListQuery,
  PersonStatusEventInput,
  PersonTransferCreateInput,
  PersonUpdateInput,
} from '@guantong/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue } from '../../api/client';
import { downloadFile } from '../../api/files';

export const peopleKeys = {
  all: ['people'] as const,
  list: (q: PersonListQuery) => ['people', 'list', q] as const,
  detail: (id: number) => ['people', 'detail', id] as const,
  lookup: (q: string, orgId: number | undefined) => ['people', 'lookup', q, orgId ?? null] as const,
};

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The list query as URL parameters (arrays comma-separated, defaults left out). */
export function personQueryParams(q: PersonExportQuery & { page?: number; pageSize?: number }): Record<string, QueryValue> {
  return {
    page: q.page,
    pageSize: q.pageSize,
    q: q.q,
    orgId: q.orgId,
    partyStatus: q.partyStatus && q.partyStatus.length > 0 ? q.partyStatus.join(',') : undefined,
    status: q.status === 'active' ? undefined : q.status,
    gender: q.gender,
    isCadre: q.isCadre,
    isRetired: q.isRetired,
    isMobile: q.isMobile,
    inBranch: q.inBranch,
    businessUnit: q.businessUnit,
    sort: q.sort === 'employeeNo' ? undefined : q.sort,
    order: q.order === 'asc' ? undefined : q.order,
  };
}

/** One page of the roster (GET /api/people), keeping the previous page on screen while the next loads. */
export function usePeople(q: PersonListQuery, options: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: peopleKeys.list(q),
    queryFn: ({ signal }) => api.get<Page<PersonListItem>>('/api/people', personQueryParams(q), { signal }),
    placeholderData: keepPreviousData,
    enabled: options.enabled ?? true,
  });
}

/** People matching a search (name, pinyin initials, employee number), for pickers; optionally within a subtree and of some statuses. */
export function usePeopleLookup(q: string, filter: { orgId?: number; partyStatus?: PartyStatus[] } = {}) {
  const text = q.trim();
  const statuses = filter.partyStatus?.join(',');
  return useQuery({
    queryKey: [...peopleKeys.lookup(text, filter.orgId), statuses ?? null],
    queryFn: ({ signal }) =>
      api.get<Page<PersonListItem>>(
        '/api/people',
        { q: text || undefined, orgId: filter.orgId, partyStatus: statuses, pageSize: 20, sort: 'name' },
        { signal },
      ),
    placeholderData: keepPreviousData,
  });
}

/** A person with memberships, transfers, status events and posts. */
export function usePerson(id: number | null) {
  return useQuery({
    queryKey: peopleKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get<PersonDetail>(`/api/people/${id}`, undefined, { signal }),
    enabled: id !== null,
    retry: false,
  });
}

/** Exports exactly the filtered list (all pages) to .xlsx. */
export function exportPeople(q: PersonExportQuery): Promise<string> {
  return downloadFile('/api/people/export.xlsx', personQueryParams(q), '人员花名册.xlsx');
}

function usePeopleMutation<I>(fn: (input: I) => Promise<PersonDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async (person) => {
      qc.setQueryData(peopleKeys.detail(person.id), person);
      await qc.invalidateQueries({ queryKey: peopleKeys.all });
      // Member counts, checks and posts of organisations follow the roster.
      await qc.invalidateQueries({ queryKey: ['orgs'] });
    },
  });
}

export function useCreatePerson() {
  return usePeopleMutation((input: PersonCreateInput) => api.post<PersonDetail>('/api/people', input));
}

export function useUpdatePerson() {
  return usePeopleMutation(({ id, ...input }: PersonUpdateInput & { id: number }) => api.patch<PersonDetail>(`/api/people/${id}`, input));
}

export function useRecordStatusEvent() {
  return usePeopleMutation(({ id, input }: { id: number; input: PersonStatusEventInput }) =>
    api.post<PersonDetail>(`/api/people/${id}/status-events`, input),
  );
}

export function useTransferPerson() {
  return usePeopleMutation(({ id, ...input }: PersonTransferCreateInput & { id: number }) =>
    api.post<PersonDetail>(`/api/people/${id}/transfers`, input),
  );
}

export function useAssignGroup() {
  return usePeopleMutation(({ id, ...input }: PersonGroupUpdateInput & { id: number }) =>
    api.put<PersonDetail>(`/api/people/${id}/group`, input),
  );
}

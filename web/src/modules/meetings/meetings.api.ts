import type {
  AgendaItemInput,
  CalendarItem,
  Candidate,
  CheckinResult,
  CheckinState,
  ComplianceBranch,
  ComplianceMatrix,
  ComplianceRule,
  ComplianceRuleUpdate,
  LearningPerson,
  LearningStats,
  Makeup,
  MeetingCreateInput,
  MeetingDetail,
  MeetingListItem,
  MeetingListQuery,
  MeetingType,
  MeetingTypeUpsert,
  MeetingUpdateInput,
  PlannedHeld,
  Reflection,
  ReflectionCreateInput,
  ReflectionReviewInput,
  ResolutionTaskInput,
  StudyPlan,
  StudyPlanCreateInput,
  StudyPlanUpdateInput,
} from '@guantong/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue } from '../../api/client';

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

const q = (o: object) => o as Record<string, QueryValue>;

/** The meeting types (data) in display order. */
export function useMeetingTypes() {
  return useQuery({ queryKey: ['meetings', 'types'], queryFn: () => api.get<MeetingType[]>('/api/meeting-types'), staleTime: 5 * 60_000 });
}

/** Adds (`isNew`) or edits a meeting type; the list refreshes. Top operators only (the server checks). */
export function useSaveMeetingType() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ isNew, input }: { isNew: boolean; input: MeetingTypeUpsert }) =>
      isNew ? api.post<MeetingType>('/api/meeting-types', input) : api.put<MeetingType>(`/api/meeting-types/${input.code}`, input),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['meetings', 'types'] });
    },
  });
}

/** One page of meetings (GET /api/meetings). */
export function useMeetings(query: MeetingListQuery) {
  return useQuery({
    queryKey: ['meetings', 'list', query],
    queryFn: ({ signal }) => api.get<Page<MeetingListItem>>('/api/meetings', q(query), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** The calendar between two dates for an organisation's subtree. */
export function useCalendar(orgId: number | undefined, from: string, to: string, typeCode?: string) {
  return useQuery({
    queryKey: ['meetings', 'calendar', orgId, from, to, typeCode],
    queryFn: ({ signal }) =>
      api.get<{ items: CalendarItem[]; truncated: boolean }>('/api/meetings/calendar', { orgId, from, to, typeCode }, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Planned vs held per type for a year. */
export function usePlannedHeld(orgId: number | undefined, year: number) {
  return useQuery({
    queryKey: ['meetings', 'planned-held', orgId, year],
    queryFn: ({ signal }) => api.get<PlannedHeld>('/api/meetings/planned-vs-held', { orgId, year }, { signal }),
  });
}

/** The attendee picker's people for an organisation (and type). */
export function useCandidates(orgId: number | undefined, typeCode: string | undefined) {
  return useQuery({
    queryKey: ['meetings', 'candidates', orgId, typeCode],
    queryFn: ({ signal }) => api.get<Candidate[]>('/api/meetings/candidates', { orgId, typeCode, limit: 2000 }, { signal }),
    enabled: orgId !== undefined,
  });
}

/** One meeting with everything its page shows. */
export function useMeeting(id: number | undefined) {
  return useQuery({
    queryKey: ['meetings', 'detail', id],
    queryFn: ({ signal }) => api.get<MeetingDetail>(`/api/meetings/${id}`, undefined, { signal }),
    enabled: id !== undefined,
  });
}

function useInvalidate() {
  const client = useQueryClient();
  return () => client.invalidateQueries({ queryKey: ['meetings'] });
}

/** Writes on a meeting; each refreshes the meeting queries. */
export function useMeetingMutations() {
  const invalidate = useInvalidate();
  const after = { onSuccess: () => void invalidate() };
  return {
    create: useMutation({ mutationFn: (body: MeetingCreateInput) => api.post<MeetingDetail>('/api/meetings', body), ...after }),
    update: useMutation({
      mutationFn: ({ id, ...body }: MeetingUpdateInput & { id: number }) => api.patch<MeetingDetail>(`/api/meetings/${id}`, body),
      ...after,
    }),
    agenda: useMutation({
      mutationFn: ({ id, items }: { id: number; items: AgendaItemInput[] }) =>
        api.put<MeetingDetail>(`/api/meetings/${id}/agenda`, { items }),
      ...after,
    }),
    attendees: useMutation({
      mutationFn: ({ id, personIds }: { id: number; personIds: number[] }) =>
        api.put<MeetingDetail>(`/api/meetings/${id}/attendees`, { personIds }),
      ...after,
    }),
    attendance: useMutation({
      mutationFn: ({ id, items }: { id: number; items: Array<{ personId: number; status: string; leaveReason?: string | null }> }) =>
        api.post<MeetingDetail>(`/api/meetings/${id}/attendance`, { items }),
      ...after,
    }),
    hold: useMutation({
      mutationFn: ({ id, minutes }: { id: number; minutes?: string }) => api.post<MeetingDetail>(`/api/meetings/${id}/hold`, { minutes }),
      ...after,
    }),
    cancel: useMutation({
      mutationFn: ({ id, reason }: { id: number; reason: string }) => api.post<MeetingDetail>(`/api/meetings/${id}/cancel`, { reason }),
      ...after,
    }),
    remove: useMutation({ mutationFn: (id: number) => api.delete<void>(`/api/meetings/${id}`), ...after }),
    addResolution: useMutation({
      mutationFn: ({ id, text, agendaItemId }: { id: number; text: string; agendaItemId?: number | null }) =>
        api.post<MeetingDetail>(`/api/meetings/${id}/resolutions`, { text, agendaItemId }),
      ...after,
    }),
    removeResolution: useMutation({
      mutationFn: ({ id, rid }: { id: number; rid: number }) => api.delete<MeetingDetail>(`/api/meetings/${id}/resolutions/${rid}`),
      ...after,
    }),
    resolutionTask: useMutation({
      mutationFn: ({ id, rid, ...body }: ResolutionTaskInput & { id: number; rid: number }) =>
        api.post<MeetingDetail>(`/api/meetings/${id}/resolutions/${rid}/task`, body),
      ...after,
    }),
    assignMakeups: useMutation({ mutationFn: (id: number) => api.post<{ assigned: number }>(`/api/meetings/${id}/makeups`, {}), ...after }),
  };
}

/** The check-in screen's state (code, QR, live attendance), refreshed every few seconds while open. */
export function useCheckin(id: number | undefined) {
  return useQuery({
    queryKey: ['meetings', 'checkin', id],
    queryFn: ({ signal }) => api.get<CheckinState>(`/api/meetings/${id}/checkin`, undefined, { signal }),
    enabled: id !== undefined,
    refetchInterval: 5000,
  });
}

/** Opening / closing check-in, and a member checking in with a code. */
export function useCheckinMutations() {
  const invalidate = useInvalidate();
  return {
    open: useMutation({
      mutationFn: (id: number) => api.post<CheckinState>(`/api/meetings/${id}/checkin/open`, { minutes: 120 }),
      onSuccess: () => void invalidate(),
    }),
    close: useMutation({
      mutationFn: (id: number) => api.post<CheckinState>(`/api/meetings/${id}/checkin/close`),
      onSuccess: () => void invalidate(),
    }),
    submit: useMutation({ mutationFn: (code: string) => api.post<CheckinResult>('/api/meetings/checkin', { code }) }),
  };
}

// ---------------------------------------------------------------------------------------------- learning

/** Study plans of a year (org subtree). */
export function useStudyPlans(orgId: number | undefined, year: number) {
  return useQuery({
    queryKey: ['meetings', 'plans', orgId, year],
    queryFn: ({ signal }) => api.get<StudyPlan[]>('/api/learning/plans', { orgId, year }, { signal }),
  });
}

/** Study plan writes. */
export function usePlanMutations() {
  const invalidate = useInvalidate();
  return {
    create: useMutation({
      mutationFn: (body: StudyPlanCreateInput) => api.post<StudyPlan>('/api/learning/plans', body),
      onSuccess: () => void invalidate(),
    }),
    update: useMutation({
      mutationFn: ({ id, ...body }: StudyPlanUpdateInput & { id: number }) => api.patch<StudyPlan>(`/api/learning/plans/${id}`, body),
      onSuccess: () => void invalidate(),
    }),
  };
}

/** Learning statistics of a year. */
export function useLearningStats(orgId: number | undefined, year: number) {
  return useQuery({
    queryKey: ['meetings', 'learning-stats', orgId, year],
    queryFn: ({ signal }) => api.get<LearningStats>('/api/learning/stats', { orgId, year }, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Per-person study hours. */
export function useLearningPeople(query: {
  orgId?: number;
  year: number;
  page: number;
  pageSize: number;
  q?: string;
  sort: string;
  order: string;
}) {
  return useQuery({
    queryKey: ['meetings', 'learning-people', query],
    queryFn: ({ signal }) => api.get<Page<LearningPerson>>('/api/learning/people', q(query), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Reflections (mine or in scope). */
export function useReflections(query: { orgId?: number; status?: string; mine?: 'true'; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['meetings', 'reflections', query],
    queryFn: ({ signal }) => api.get<Page<Reflection>>('/api/learning/reflections', q(query), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Reflection writes. */
export function useReflectionMutations() {
  const invalidate = useInvalidate();
  return {
    submit: useMutation({
      mutationFn: (body: ReflectionCreateInput) => api.post<Reflection>('/api/learning/reflections', body),
      onSuccess: () => void invalidate(),
    }),
    review: useMutation({
      mutationFn: ({ id, ...body }: ReflectionReviewInput & { id: number }) =>
        api.post<Reflection>(`/api/learning/reflections/${id}/review`, body),
      onSuccess: () => void invalidate(),
    }),
  };
}

/** Make-up study in scope. */
export function useMakeups(query: { orgId?: number; status?: 'assigned' | 'done'; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['meetings', 'makeups', query],
    queryFn: ({ signal }) => api.get<Page<Makeup>>('/api/learning/makeups', q(query), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Records a make-up as done. */
export function useCompleteMakeup() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ id, doneOn, note }: { id: number; doneOn: string; note?: string }) =>
      api.post<Makeup>(`/api/learning/makeups/${id}/done`, { doneOn, note }),
    onSuccess: () => void invalidate(),
  });
}

// ---------------------------------------------------------------------------------------------- compliance

/** The compliance matrix. */
export function useComplianceMatrix(query: {
  orgId?: number;
  year: number;
  view: 'children' | 'branches';
  onlyMissing?: 'true';
  page: number;
  pageSize: number;
}) {
  return useQuery({
    queryKey: ['meetings', 'compliance', query],
    queryFn: ({ signal }) => api.get<ComplianceMatrix>('/api/compliance/matrix', q(query), { signal }),
    placeholderData: keepPreviousData,
  });
}

/** One branch's obligations and missing list. */
export function useComplianceBranch(id: number | undefined, year: number) {
  return useQuery({
    queryKey: ['meetings', 'compliance-branch', id, year],
    queryFn: ({ signal }) => api.get<ComplianceBranch>(`/api/compliance/branches/${id}`, { year }, { signal }),
    enabled: id !== undefined,
  });
}

/** The frequencies (rules as data). */
export function useComplianceRules() {
  return useQuery({ queryKey: ['meetings', 'compliance-rules'], queryFn: () => api.get<ComplianceRule[]>('/api/compliance/rules') });
}

/** Changes a frequency. */
export function useUpdateComplianceRule() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: ({ code, ...body }: ComplianceRuleUpdate & { code: string }) =>
      api.put<ComplianceRule>(`/api/compliance/rules/${code}`, body),
    onSuccess: () => void invalidate(),
  });
}

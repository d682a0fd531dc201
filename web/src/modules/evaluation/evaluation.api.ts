import type {
  EvalAdjustment,
  EvalAdjustmentCreateInput,
  EvalCalibrateInput,
  EvalExplanation,
  EvalFormulaCheckResult,
  EvalImportResult,
  EvalInput,
  EvalInputUpsert,
  EvalManualListQuery,
  EvalManualRow,
  EvalManualScoreInput,
  EvalMetricInfo,
  EvalRecords,
  EvalResultsPage,
  EvalResultsQuery,
  EvalRun,
  EvalRunSummary,
  EvalScheme,
  EvalSchemeCreateInput,
  EvalSchemeListItem,
  EvalSchemeListQuery,
  EvalSchemeUpdateInput,
  EvalTargetRef,
  EvalTrend,
  FileRef,
} from '@guantong/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue } from '../../api/client';
import { downloadFile, uploadFile } from '../../api/files';

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Query keys of the evaluation module; writes invalidate the whole module (its data is small and interlinked). */
export const evalKeys = {
  all: ['evaluation'] as const,
  schemes: (q: EvalSchemeListQuery) => ['evaluation', 'schemes', q] as const,
  scheme: (id: number) => ['evaluation', 'scheme', id] as const,
  metrics: (subject: string) => ['evaluation', 'metrics', subject] as const,
  run: (id: number) => ['evaluation', 'run', id] as const,
  summary: (id: number, parentId?: number) => ['evaluation', 'summary', id, parentId ?? null] as const,
  results: (id: number, q: Partial<EvalResultsQuery>) => ['evaluation', 'results', id, q] as const,
  explain: (runId: number, targetId: number) => ['evaluation', 'explain', runId, targetId] as const,
  records: (runId: number, targetId: number, indicatorId: number) => ['evaluation', 'records', runId, targetId, indicatorId] as const,
  trend: (type: string, targetId: number) => ['evaluation', 'trend', type, targetId] as const,
  manual: (schemeId: number, q: Partial<EvalManualListQuery>) => ['evaluation', 'manual', schemeId, q] as const,
  adjustments: (schemeId: number, q: object) => ['evaluation', 'adjustments', schemeId, q] as const,
  inputs: (schemeId: number, indicatorId: number, page: number) => ['evaluation', 'inputs', schemeId, indicatorId, page] as const,
};

function clean(q: object): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [k, v] of Object.entries(q)) {
    if (v !== undefined && v !== null && v !== '') {
      out[k] = v as QueryValue;
    }
  }
  return out;
}

/** Schemes that concern the user. */
export function useSchemes(q: EvalSchemeListQuery) {
  return useQuery({
    queryKey: evalKeys.schemes(q),
    queryFn: () => api.get<Page<EvalSchemeListItem>>('/api/evaluation/schemes', clean(q)),
    placeholderData: keepPreviousData,
  });
}

/** One scheme with its definition, problems and runs. */
export function useScheme(id: number | null) {
  return useQuery({
    queryKey: evalKeys.scheme(id ?? 0),
    queryFn: () => api.get<EvalScheme>(`/api/evaluation/schemes/${id}`),
    enabled: id !== null,
    retry: false,
  });
}

/** The metrics the registry offers for a subject. */
export function useMetrics(subject: 'org' | 'person') {
  return useQuery({
    queryKey: evalKeys.metrics(subject),
    queryFn: () => api.get<EvalMetricInfo[]>('/api/evaluation/metrics', { subject }),
    staleTime: 5 * 60_000,
  });
}

/** A run, polled every second while it is queued or computing. */
export function useRun(id: number | null) {
  return useQuery({
    queryKey: evalKeys.run(id ?? 0),
    queryFn: () => api.get<EvalRun>(`/api/evaluation/runs/${id}`),
    enabled: id !== null,
    retry: false,
    refetchInterval: (q) => (q.state.data && (q.state.data.status === 'queued' || q.state.data.status === 'running') ? 1000 : false),
  });
}

export function useRunSummary(id: number | null, parentId?: number, enabled = true) {
  return useQuery({
    queryKey: evalKeys.summary(id ?? 0, parentId),
    queryFn: () => api.get<EvalRunSummary>(`/api/evaluation/runs/${id}/summary`, clean({ parentId })),
    enabled: id !== null && enabled,
    retry: false,
    placeholderData: keepPreviousData,
  });
}

export function useRunResults(id: number | null, q: Partial<EvalResultsQuery>, enabled = true) {
  return useQuery({
    queryKey: evalKeys.results(id ?? 0, q),
    queryFn: () => api.get<EvalResultsPage>(`/api/evaluation/runs/${id}/results`, clean(q)),
    enabled: id !== null && enabled,
    retry: false,
    placeholderData: keepPreviousData,
  });
}

export function useExplanation(runId: number | null, targetId: number | null) {
  return useQuery({
    queryKey: evalKeys.explain(runId ?? 0, targetId ?? 0),
    queryFn: () => api.get<EvalExplanation>(`/api/evaluation/runs/${runId}/targets/${targetId}`),
    enabled: runId !== null && targetId !== null,
    retry: false,
  });
}

export function useRecords(runId: number, targetId: number, indicatorId: number | null) {
  return useQuery({
    queryKey: evalKeys.records(runId, targetId, indicatorId ?? 0),
    queryFn: () => api.get<EvalRecords>(`/api/evaluation/runs/${runId}/targets/${targetId}/records`, { indicatorId }),
    enabled: indicatorId !== null,
    retry: false,
  });
}

export function useTrend(type: 'org' | 'person', targetId: number | null) {
  return useQuery({
    queryKey: evalKeys.trend(type, targetId ?? 0),
    queryFn: () => api.get<EvalTrend>('/api/evaluation/trend', { type, targetId }),
    enabled: targetId !== null,
    retry: false,
  });
}

/** The scheme's targets matching a search (for pickers). */
export function useTargets(schemeId: number, q: string) {
  return useQuery({
    queryKey: ['evaluation', 'targets', schemeId, q] as const,
    queryFn: () => api.get<EvalTargetRef[]>(`/api/evaluation/schemes/${schemeId}/targets`, clean({ q, limit: 50 })),
    placeholderData: keepPreviousData,
  });
}

export function useManualRows(schemeId: number, q: Partial<EvalManualListQuery>) {
  return useQuery({
    queryKey: evalKeys.manual(schemeId, q),
    queryFn: () => api.get<Page<EvalManualRow>>(`/api/evaluation/schemes/${schemeId}/manual`, clean(q)),
    placeholderData: keepPreviousData,
  });
}

export function useAdjustments(
  schemeId: number,
  q: { page: number; pageSize: number; includeWithdrawn?: 'true' | 'false' },
  enabled = true,
) {
  return useQuery({
    queryKey: evalKeys.adjustments(schemeId, q),
    queryFn: () => api.get<Page<EvalAdjustment>>(`/api/evaluation/schemes/${schemeId}/adjustments`, clean(q)),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useInputs(schemeId: number, indicatorId: number | null, page: number) {
  return useQuery({
    queryKey: evalKeys.inputs(schemeId, indicatorId ?? 0, page),
    queryFn: () => api.get<Page<EvalInput>>(`/api/evaluation/schemes/${schemeId}/inputs`, { indicatorId, page, pageSize: 20 }),
    enabled: indicatorId !== null,
    placeholderData: keepPreviousData,
  });
}

function useEvalMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: evalKeys.all }) });
}

export function useCreateScheme() {
  return useEvalMutation((input: EvalSchemeCreateInput) => api.post<EvalScheme>('/api/evaluation/schemes', input));
}

export function useUpdateScheme() {
  return useEvalMutation(({ id, input }: { id: number; input: EvalSchemeUpdateInput }) =>
    api.put<EvalScheme>(`/api/evaluation/schemes/${id}`, input),
  );
}

export function useDeleteScheme() {
  return useEvalMutation((id: number) => api.delete<{ ok: true }>(`/api/evaluation/schemes/${id}`));
}

export function useStartRun() {
  return useEvalMutation((schemeId: number) => api.post<EvalRun>(`/api/evaluation/schemes/${schemeId}/runs`));
}

export function useRecompute() {
  return useEvalMutation((runId: number) => api.post<EvalRun>(`/api/evaluation/runs/${runId}/recompute`));
}

export function usePublish() {
  return useEvalMutation(({ runId, note }: { runId: number; note?: string }) =>
    api.post<EvalRun>(`/api/evaluation/runs/${runId}/publish`, note ? { note } : {}),
  );
}

export function useCalibrate() {
  return useEvalMutation(({ runId, targetId, input }: { runId: number; targetId: number; input: EvalCalibrateInput }) =>
    api.post<EvalExplanation>(`/api/evaluation/runs/${runId}/targets/${targetId}/calibrate`, input),
  );
}

export function useOpenManual() {
  return useEvalMutation(({ schemeId, indicatorId, targetId }: { schemeId: number; indicatorId: number; targetId: number }) =>
    api.post<EvalManualRow>(`/api/evaluation/schemes/${schemeId}/manual/open`, { indicatorId, targetId }),
  );
}

export function useManualStep() {
  return useEvalMutation(
    ({
      schemeId,
      step,
      input,
    }: {
      schemeId: number;
      step: 'self' | 'review' | 'confirm';
      input: EvalManualScoreInput | { indicatorId: number; targetId: number };
    }) => api.post<EvalManualRow>(`/api/evaluation/schemes/${schemeId}/manual/${step}`, input),
  );
}

export function useCreateAdjustment() {
  return useEvalMutation(({ schemeId, input }: { schemeId: number; input: EvalAdjustmentCreateInput }) =>
    api.post<EvalAdjustment>(`/api/evaluation/schemes/${schemeId}/adjustments`, input),
  );
}

export function useWithdrawAdjustment() {
  return useEvalMutation(({ id, reason }: { id: number; reason: string }) =>
    api.post<EvalAdjustment>(`/api/evaluation/adjustments/${id}/withdraw`, { reason }),
  );
}

export function useUpsertInput() {
  return useEvalMutation(({ schemeId, input }: { schemeId: number; input: EvalInputUpsert }) =>
    api.put<EvalInput>(`/api/evaluation/schemes/${schemeId}/inputs`, input),
  );
}

/** Checks a formula against the registry (the editor calls it as the user types). */
export function checkFormula(formula: string, subject: 'org' | 'person') {
  return api.post<EvalFormulaCheckResult>('/api/evaluation/formula/check', { formula, subject });
}

/** Uploads evidence to a manual score or a bonus / deduction item. */
export function uploadEvidence(kind: 'manual' | 'adjustments', id: number, file: File, onProgress?: (p: number) => void) {
  return uploadFile<FileRef>(`/api/evaluation/${kind}/${id}/files`, file, onProgress);
}

/** Uploads an import sheet of values (dry run first: the answer lists every row error). */
export function uploadInputs(schemeId: number, indicatorId: number, file: File, dryRun: boolean) {
  return uploadFile<EvalImportResult>(
    `/api/evaluation/schemes/${schemeId}/inputs/import?indicatorId=${indicatorId}&dryRun=${dryRun}`,
    file,
  );
}

export function downloadInputTemplate(schemeId: number, indicatorId: number) {
  return downloadFile(`/api/evaluation/schemes/${schemeId}/inputs/template.xlsx`, { indicatorId }, 'template.xlsx');
}

export function exportResults(runId: number, q: Partial<EvalResultsQuery>) {
  return downloadFile(`/api/evaluation/runs/${runId}/export.xlsx`, clean({ ...q, page: undefined, pageSize: undefined }), 'results.xlsx');
}

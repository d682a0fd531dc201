import type {
  CoverageMatrix,
  CoverageNode,
  CoverageOrg,
  FileRef,
  NoticeAnswerInput,
  OrgKind,
  SupervisionNotice,
  TaskAssignee,
  TaskCreateInput,
  TaskDecomposeInput,
  TaskDetail,
  TaskFlagInput,
  TaskImportResult,
  TaskIssueInput,
  TaskIssueResult,
  TaskListItem,
  TaskListQuery,
  TaskNoteInput,
  TaskReportInput,
  TaskSummary,
  TaskSummaryQuery,
  TaskUpdateInput,
} from '@guantong/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, CSRF_HEADER, type QueryValue, toQueryString } from '../../api/client';
import { downloadFile, uploadFile } from '../../api/files';

/** Query keys of the tasks module; every write invalidates tasks, coverage and the inbox (counts move together). */
export const taskKeys = {
  all: ['tasks'] as const,
  list: (q: TaskListQuery) => ['tasks', 'list', q] as const,
  summary: (q: TaskSummaryQuery) => ['tasks', 'summary', q] as const,
  detail: (id: number) => ['tasks', 'detail', id] as const,
  assignees: (orgId: number, q: string) => ['tasks', 'assignees', orgId, q] as const,
  coverage: ['coverage'] as const,
  matrix: (orgId: number | null, kind: OrgKind) => ['coverage', 'matrix', orgId, kind] as const,
  node: (nodeId: number, orgId: number) => ['coverage', 'node', nodeId, orgId] as const,
};

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Drops undefined and joins arrays with commas, as the list endpoints read them. */
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

/** One page of a task view (GET /api/tasks), keeping the previous page on screen while the next loads. */
export function useTaskList(q: TaskListQuery, enabled = true) {
  return useQuery({
    queryKey: taskKeys.list(q),
    queryFn: ({ signal }) => api.get<Page<TaskListItem>>('/api/tasks', toQuery(q), { signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The traffic-light counts of a view (GET /api/tasks/summary). */
export function useTaskSummary(q: TaskSummaryQuery, enabled = true) {
  return useQuery({
    queryKey: taskKeys.summary(q),
    queryFn: ({ signal }) => api.get<TaskSummary>('/api/tasks/summary', toQuery(q), { signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** One task with its timeline, children, files and the actions the user may take. */
export function useTask(id: number | null) {
  return useQuery({
    queryKey: taskKeys.detail(id ?? 0),
    queryFn: ({ signal }) => api.get<TaskDetail>(`/api/tasks/${id}`, undefined, { signal }),
    enabled: id !== null,
    retry: false,
  });
}

/** People who may be named for an organisation's task (searchable). */
export function useAssignees(orgId: number | null, q: string) {
  return useQuery({
    queryKey: taskKeys.assignees(orgId ?? 0, q),
    queryFn: ({ signal }) => api.get<TaskAssignee[]>('/api/tasks/assignees', { orgId, q: q || undefined, limit: 50 }, { signal }),
    enabled: orgId !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
}

/** The framework × organisations coverage matrix for one drilled organisation (the actor's top one by default). */
export function useCoverageMatrix(orgId: number | null, kind: OrgKind) {
  return useQuery({
    queryKey: taskKeys.matrix(orgId, kind),
    queryFn: ({ signal }) => api.get<CoverageMatrix>('/api/coverage/matrix', { orgId: orgId ?? undefined, kind }, { signal }),
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Which requirements of the framework in force have work in one organisation's subtree, and which have none. */
export function useOrgCoverage(orgId: number) {
  return useQuery({
    queryKey: [...taskKeys.coverage, 'org', orgId],
    queryFn: ({ signal }) => api.get<CoverageOrg>(`/api/coverage/orgs/${orgId}`, undefined, { signal }),
    retry: false,
  });
}

/** One requirement's coverage in one organisation's subtree (rows and the organisations with nothing). */
export function useCoverageNode(nodeId: number | null, orgId: number | null, kind: OrgKind) {
  return useQuery({
    queryKey: [...taskKeys.node(nodeId ?? 0, orgId ?? 0), kind],
    queryFn: ({ signal }) => api.get<CoverageNode>(`/api/coverage/nodes/${nodeId}`, { orgId: orgId ?? undefined, kind }, { signal }),
    enabled: nodeId !== null && orgId !== null,
  });
}

function useTaskMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await Promise.all([
        qc.invalidateQueries({ queryKey: taskKeys.all }),
        qc.invalidateQueries({ queryKey: taskKeys.coverage }),
        qc.invalidateQueries({ queryKey: ['notifications'] }),
      ]);
    },
  });
}

export function useCreateTask() {
  return useTaskMutation((input: TaskCreateInput) => api.post<TaskDetail>('/api/tasks', input));
}

export function useUpdateTask() {
  return useTaskMutation(({ id, input }: { id: number; input: TaskUpdateInput }) => api.patch<TaskDetail>(`/api/tasks/${id}`, input));
}

export function useIssueTask() {
  return useTaskMutation(({ id, input }: { id: number; input: TaskIssueInput }) =>
    api.post<TaskIssueResult>(`/api/tasks/${id}/issue`, input),
  );
}

export function useDecomposeTask() {
  return useTaskMutation(({ id, input }: { id: number; input: TaskDecomposeInput }) =>
    api.post<TaskIssueResult>(`/api/tasks/${id}/decompose`, input),
  );
}

/** The closed loop's simple transitions, each a POST with an optional comment or a required reason. */
export type SimpleAction = 'accept' | 'start' | 'verify' | 'close' | 'return' | 'cancel' | 'unflag';

export function useSimpleAction() {
  return useTaskMutation(({ id, action, text }: { id: number; action: SimpleAction; text?: string }) => {
    const needsReason = action === 'return' || action === 'cancel' || action === 'unflag';
    const body = needsReason ? { reason: text ?? '' } : text ? { text } : {};
    return api.post<TaskDetail>(`/api/tasks/${id}/${action}`, body);
  });
}

export function useReportTask() {
  return useTaskMutation(({ id, input, noteOnly }: { id: number; input: TaskReportInput; noteOnly: boolean }) =>
    noteOnly
      ? api.post<TaskDetail>(`/api/tasks/${id}/note`, {
          text: input.text,
          progress: input.progress,
          fileIds: input.fileIds,
        } satisfies TaskNoteInput)
      : api.post<TaskDetail>(`/api/tasks/${id}/report`, input),
  );
}

export function useFlagTask() {
  return useTaskMutation(({ id, input }: { id: number; input: TaskFlagInput }) => api.post<TaskDetail>(`/api/tasks/${id}/flag`, input));
}

export function useAnswerNotice() {
  return useTaskMutation(({ noticeId, input }: { noticeId: number; input: NoticeAnswerInput }) =>
    api.post<SupervisionNotice>(`/api/supervision-notices/${noticeId}/answer`, input),
  );
}

/** Uploads one evidence file to a task; the answer's id goes into the report's fileIds. */
export function uploadTaskFile(taskId: number, file: File, onProgress?: (percent: number) => void): Promise<FileRef> {
  return uploadFile<FileRef>(`/api/tasks/${taskId}/files`, file, onProgress);
}

/** Downloads exactly the list being looked at (same view, filters and order) as .xlsx. */
export function exportTaskList(q: TaskListQuery): Promise<string> {
  const { page: _page, pageSize: _size, ...rest } = q;
  return downloadFile('/api/tasks/export.xlsx', toQuery(rest), '任务清单.xlsx');
}

export function downloadImportTemplate(): Promise<string> {
  return downloadFile('/api/tasks/import/template.xlsx', undefined, '年度任务清单导入模板.xlsx');
}

/** Checks (dryRun) or imports an annual task list into drafts of an organisation; all or nothing. */
export function importTaskList(orgId: number, file: File, dryRun: boolean): Promise<TaskImportResult> {
  return uploadFile<TaskImportResult>(
    `/api/tasks/import${toQueryString({ orgId, mode: 'all_or_nothing', dryRun: dryRun ? 'true' : 'false' })}`,
    file,
  );
}

/** Posts the file again and saves the annotated copy (a 错误信息 column per row) the server answers. */
export async function downloadImportErrorFile(orgId: number, file: File): Promise<void> {
  const body = new FormData();
  body.append('file', file, file.name);
  let response: Response;
  try {
    response = await fetch(`/api/tasks/import/error-file.xlsx${toQueryString({ orgId })}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { ...CSRF_HEADER },
      body,
    });
  } catch (error) {
    throw new ApiError(0, 'NETWORK_ERROR', error instanceof Error ? error.message : 'Network error');
  }
  if (!response.ok) {
    throw new ApiError(response.status, response.status >= 500 ? 'INTERNAL' : 'BAD_REQUEST', response.statusText);
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `${file.name.replace(/\.xlsx$/i, '')}-错误信息.xlsx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

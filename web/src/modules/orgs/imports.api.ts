import type { ImportJob, ImportMode, ImportResult, ImportRow } from '@guantong/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { downloadFile, uploadFile } from '../../api/files';

/** The two Excel imports share one API shape under their base path. */
export type ImportBase = '/api/people' | '/api/orgs';

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const importKeys = {
  job: (base: ImportBase, id: number) => ['imports', base, id] as const,
  rows: (base: ImportBase, id: number, page: number, pageSize: number, onlyErrors: boolean) =>
    ['imports', base, id, 'rows', page, pageSize, onlyErrors] as const,
};

/** Downloads the import template (.xlsx with dropdowns, an example row and an instructions sheet). */
export function downloadTemplate(base: ImportBase): Promise<string> {
  return downloadFile(`${base}/import-template.xlsx`);
}

/** Downloads the uploaded rows with an error column (all rows, or only the rows with errors). */
export function downloadErrorFile(base: ImportBase, jobId: number, rows: 'all' | 'errors'): Promise<string> {
  return downloadFile(`${base}/imports/${jobId}/error-file.xlsx`, { rows });
}

/** Uploads a filled template; the server validates every row and keeps it for preview (nothing is written yet). */
export function useUploadImport(base: ImportBase) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress?: (percent: number) => void }) =>
      uploadFile<ImportJob>(`${base}/imports`, file, onProgress),
    onSuccess: (job) => qc.setQueryData(importKeys.job(base, job.id), job),
  });
}

/** An upload's preview: counts and the first errors (the upload belongs to whoever made it). */
export function useImportJob(base: ImportBase, id: number | null) {
  return useQuery({
    queryKey: importKeys.job(base, id ?? 0),
    queryFn: ({ signal }) => api.get<ImportJob>(`${base}/imports/${id}`, undefined, { signal }),
    enabled: id !== null,
    retry: false,
  });
}

/** A page of the uploaded rows with their errors. */
export function useImportRows(base: ImportBase, id: number | null, page: number, pageSize: number, onlyErrors: boolean) {
  return useQuery({
    queryKey: importKeys.rows(base, id ?? 0, page, pageSize, onlyErrors),
    queryFn: ({ signal }) =>
      api.get<Page<ImportRow>>(`${base}/imports/${id}/rows`, { page, pageSize, onlyErrors: onlyErrors ? 'true' : undefined }, { signal }),
    enabled: id !== null,
    placeholderData: keepPreviousData,
  });
}

/** Imports an upload in one transaction: all rows or nothing, or only the valid rows. */
export function useCommitImport(base: ImportBase) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, mode }: { id: number; mode: ImportMode }) => api.post<ImportResult>(`${base}/imports/${id}/commit`, { mode }),
    onSettled: async (_data, _error, { id }) => {
      await qc.invalidateQueries({ queryKey: ['imports', base, id] });
      await qc.invalidateQueries({ queryKey: ['people'] });
      await qc.invalidateQueries({ queryKey: ['orgs'] });
    },
  });
}

/** Drops an upload that will not be imported. */
export function useDiscardImport(base: ImportBase) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.delete<ImportJob>(`${base}/imports/${id}`),
    onSuccess: (job) => qc.setQueryData(importKeys.job(base, job.id), job),
  });
}

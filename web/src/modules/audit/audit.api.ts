import type { AuditEntry, AuditListQuery } from '@guantong/shared';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api, type QueryValue } from '../../api/client';

export interface AuditChainReport {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
}

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** One page of the audit log (GET /api/audit), newest first unless asked otherwise. */
export function useAuditLog(q: AuditListQuery) {
  return useQuery({
    queryKey: ['audit', 'list', q],
    queryFn: ({ signal }) => api.get<Page<AuditEntry>>('/api/audit', { ...q } as Record<string, QueryValue>, { signal }),
    placeholderData: keepPreviousData,
  });
}

/** Walks the whole chain on the server (GET /api/audit/verify) when the user asks for it. */
export function useVerifyAuditChain() {
  return useMutation({ mutationFn: () => api.get<AuditChainReport>('/api/audit/verify') });
}

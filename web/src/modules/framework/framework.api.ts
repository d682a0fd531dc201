import type {
  FrameworkCopyPlan,
  FrameworkNodeCreateInput,
  FrameworkNodeDetail,
  FrameworkNodeMoveInput,
  FrameworkNodeRetireInput,
  FrameworkNodeUpdateInput,
  FrameworkTree,
  FrameworkVersion,
  FrameworkVersionCreateInput,
  FrameworkVersionList,
  FrameworkVersionStatus,
} from '@guantong/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/** Query keys of the framework module; every write invalidates them all (the tree is small). */
export const frameworkKeys = {
  all: ['framework'] as const,
  versions: () => ['framework', 'versions'] as const,
  tree: (year: number | 'current', includeRetired: boolean) => ['framework', 'tree', year, includeRetired] as const,
  node: (id: number) => ['framework', 'node', id] as const,
  preview: (year: number) => ['framework', 'copy-preview', year] as const,
};

/** Every year's version with counts, the year in force, and whether the user may edit. */
export function useFrameworkVersions() {
  return useQuery({ queryKey: frameworkKeys.versions(), queryFn: () => api.get<FrameworkVersionList>('/api/framework/versions') });
}

/** One year's tree, or the one in force (`current`). */
export function useFrameworkTree(year: number | 'current', includeRetired: boolean) {
  return useQuery({
    queryKey: frameworkKeys.tree(year, includeRetired),
    queryFn: () =>
      api.get<FrameworkTree>(
        year === 'current' ? '/api/framework/current' : `/api/framework/versions/${year}`,
        includeRetired ? { includeRetired: 'true' } : undefined,
      ),
    retry: false,
  });
}

/** A node with its path, years, history and linked work. */
export function useFrameworkNode(id: number | null) {
  return useQuery({
    queryKey: frameworkKeys.node(id ?? 0),
    queryFn: () => api.get<FrameworkNodeDetail>(`/api/framework/nodes/${id}`),
    enabled: id !== null,
    retry: false,
  });
}

/** What copying a year to the next would do (fetched when the dialog opens; nothing is written). */
export function useCopyPreview(year: number, enabled: boolean) {
  return useQuery({
    queryKey: frameworkKeys.preview(year),
    queryFn: () => api.post<FrameworkCopyPlan>(`/api/framework/versions/${year}/copy-preview`),
    enabled,
    staleTime: 0,
    gcTime: 0,
    retry: false,
  });
}

function useFrameworkMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: frameworkKeys.all }),
  });
}

export function useCreateFrameworkVersion() {
  return useFrameworkMutation((input: FrameworkVersionCreateInput) => api.post<FrameworkTree>('/api/framework/versions', input));
}

export function useSetFrameworkVersionStatus() {
  return useFrameworkMutation(({ year, status }: { year: number; status: FrameworkVersionStatus }) =>
    api.patch<FrameworkVersion>(`/api/framework/versions/${year}`, { status }),
  );
}

export function useAddFrameworkNode() {
  return useFrameworkMutation(({ year, input }: { year: number; input: FrameworkNodeCreateInput }) =>
    api.post<FrameworkNodeDetail>(`/api/framework/versions/${year}/nodes`, input),
  );
}

export function useUpdateFrameworkNode() {
  return useFrameworkMutation(({ id, input }: { id: number; input: FrameworkNodeUpdateInput }) =>
    api.patch<FrameworkNodeDetail>(`/api/framework/nodes/${id}`, input),
  );
}

export function useMoveFrameworkNode() {
  return useFrameworkMutation(({ id, input }: { id: number; input: FrameworkNodeMoveInput }) =>
    api.post<FrameworkNodeDetail>(`/api/framework/nodes/${id}/move`, input),
  );
}

export function useRetireFrameworkNode() {
  return useFrameworkMutation(({ id, input }: { id: number; input: FrameworkNodeRetireInput }) =>
    api.post<FrameworkNodeDetail>(`/api/framework/nodes/${id}/retire`, input),
  );
}

export function useRestoreFrameworkNode() {
  return useFrameworkMutation((id: number) => api.post<FrameworkNodeDetail>(`/api/framework/nodes/${id}/restore`));
}

export function useCopyFrameworkVersion() {
  return useFrameworkMutation((year: number) => api.post<FrameworkCopyPlan>(`/api/framework/versions/${year}/copy`));
}

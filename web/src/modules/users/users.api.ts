import type { GrantCreateInput, ResetPasswordInput, User, UserCreateInput, UserListQuery, UserUpdateInput } from '@guantong/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export const userKeys = {
  all: ['users'] as const,
  list: (q: UserListQuery) => ['users', 'list', q] as const,
};

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** One page of users (GET /api/users), keeping the previous page on screen while the next loads. */
export function useUsers(q: UserListQuery) {
  return useQuery({
    queryKey: userKeys.list(q),
    queryFn: ({ signal }) => api.get<Page<User>>('/api/users', { ...q }, { signal }),
    placeholderData: keepPreviousData,
  });
}

function useUserMutation<I>(fn: (input: I) => Promise<User>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }) });
}

export function useCreateUser() {
  return useUserMutation((input: UserCreateInput) => api.post<User>('/api/users', input));
}

export function useUpdateUser() {
  return useUserMutation(({ id, ...input }: UserUpdateInput & { id: number }) => api.patch<User>(`/api/users/${id}`, input));
}

export function useResetPassword() {
  return useUserMutation(({ id, ...input }: ResetPasswordInput & { id: number }) =>
    api.post<User>(`/api/users/${id}/reset-password`, input),
  );
}

export function useAddGrant() {
  return useUserMutation(({ userId, ...input }: GrantCreateInput & { userId: number }) =>
    api.post<User>(`/api/users/${userId}/grants`, input),
  );
}

export function useRemoveGrant() {
  return useUserMutation(({ userId, grantId }: { userId: number; grantId: number }) =>
    api.delete<User>(`/api/users/${userId}/grants/${grantId}`),
  );
}

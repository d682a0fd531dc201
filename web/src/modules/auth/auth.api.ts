import type { ChangePasswordInput, LoginInput, Me } from '@guantong/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client';
import { setSignedOut } from './session';

export const ME_KEY = ['auth', 'me'] as const;

/** The signed-in user (GET /api/auth/me), or null when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: ME_KEY,
    queryFn: async ({ signal }): Promise<Me | null> => {
      try {
        return await api.get<Me>('/api/auth/me', undefined, { signal, allowUnauthenticated: true });
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) {
          return null;
        }
        throw error;
      }
    },
    staleTime: 60_000,
  });
}

/** The signed-in user, for components rendered inside the authenticated layout. */
export function useCurrentUser(): Me {
  const { data } = useMe();
  if (!data) {
    throw new Error('useCurrentUser outside an authenticated page');
  }
  return data;
}

/** Signs in; on success the answer is the user, cached as "me". */
export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => api.post<Me>('/api/auth/login', input, { allowUnauthenticated: true }),
    onSuccess: (me) => {
      setSignedOut(false);
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      qc.setQueryData(ME_KEY, me);
    },
  });
}

/** Signs out and forgets every cached answer. */
export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<{ ok: true }>('/api/auth/logout', undefined, { allowUnauthenticated: true }),
    // Flagged before the request, so a 401 from another call racing the sign-out is not taken for an expiry.
    onMutate: () => setSignedOut(true),
    onSettled: () => {
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      qc.setQueryData(ME_KEY, null);
    },
  });
}

/** Changes one's own password; the server ends every other session and keeps this browser signed in. */
export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ChangePasswordInput) => api.post<{ ok: true }>('/api/auth/password', input),
    onSuccess: () => qc.invalidateQueries({ queryKey: ME_KEY }),
  });
}

import type { Notification, NotificationListQuery, UnreadCount } from '@guantong/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

export const notificationKeys = {
  all: ['notifications'] as const,
  list: (q: NotificationListQuery) => ['notifications', 'list', q] as const,
  unread: ['notifications', 'unread'] as const,
};

interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The bell's number, refreshed every minute while the page is open. */
export function useUnreadCount() {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: ({ signal }) => api.get<UnreadCount>('/api/notifications/unread-count', undefined, { signal }),
    refetchInterval: 60_000,
    staleTime: 30_000,
  });
}

/** One page of my inbox, newest first. */
export function useNotifications(q: NotificationListQuery, enabled = true) {
  return useQuery({
    queryKey: notificationKeys.list(q),
    queryFn: ({ signal }) =>
      api.get<Page<Notification>>('/api/notifications', { page: q.page, pageSize: q.pageSize, unread: q.unread, kind: q.kind }, { signal }),
    placeholderData: keepPreviousData,
    enabled,
  });
}

function useInboxMutation<TVars, TResult>(fn: (vars: TVars) => Promise<TResult>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.all }) });
}

export function useMarkRead() {
  return useInboxMutation((id: number) => api.post<Notification>(`/api/notifications/${id}/read`));
}

export function useMarkAllRead() {
  return useInboxMutation(() => api.post<{ updated: number }>('/api/notifications/read-all'));
}

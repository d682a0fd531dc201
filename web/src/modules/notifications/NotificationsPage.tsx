import { CheckOutlined } from '@ant-design/icons';
import { NOTIFICATION_KINDS, type Notification, type NotificationKind, notificationListQuerySchema } from '@guantong/shared';
import { Alert, App, Button, Card, Empty, Flex, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { SimpleList } from '../../components/SimpleList';
import { parseKnown, useUrlState } from '../../components/useUrlState';
import { formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { NotificationItem } from './NotificationItem';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from './notifications.api';

const KEYS = ['page', 'pageSize', 'unread', 'kind'] as const;

/** 消息通知: my inbox with paging and filters in the URL; opening a message marks it read and goes to its task. */
export function NotificationsPage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const [query, setQuery] = useUrlState((p) => parseKnown(p, KEYS, (input) => notificationListQuerySchema.safeParse(input)));
  const list = useNotifications(query);
  const unread = useUnreadCount();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const count = unread.data?.count ?? 0;

  const openOne = (n: Notification) => {
    if (n.readAt === null) {
      markRead.mutate(n.id);
    }
  };

  return (
    <>
      <PageHeader
        title={t('notifications.title')}
        subtitle={t('notifications.subtitle')}
        extra={
          <Button
            type="primary"
            icon={<CheckOutlined />}
            disabled={count === 0}
            loading={markAll.isPending}
            onClick={() =>
              markAll
                .mutateAsync()
                .then((r) => void message.success(t('notifications.markedAll', { count: r.updated })))
                .catch((error: unknown) => void message.error(errorMessage(error)))
            }
          >
            {t('notifications.markAllRead')}
          </Button>
        }
      />
      <Card>
        <Flex gap={16} wrap align="center" style={{ marginBottom: 12 }}>
          <Flex gap={6} align="center">
            <Switch
              id="inbox-unread"
              size="small"
              checked={query.unread === 'true'}
              onChange={(v) => setQuery({ unread: v ? 'true' : undefined, page: undefined })}
            />
            <label htmlFor="inbox-unread">
              {t('notifications.unreadOnly')} ({formatNumber(count, lang)})
            </label>
          </Flex>
          <Flex gap={6} align="center">
            <label htmlFor="inbox-kind">{t('notifications.kind')}</label>
            <Select<NotificationKind>
              id="inbox-kind"
              allowClear
              placeholder={t('notifications.kindAll')}
              value={query.kind}
              onChange={(v) => setQuery({ kind: v, page: undefined })}
              options={NOTIFICATION_KINDS.map((k) => ({ value: k, label: t(`notifications.kinds.${k}`) }))}
              style={{ width: 160 }}
            />
          </Flex>
        </Flex>
        {list.error ? <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} /> : null}
        <SimpleList
          loading={list.isFetching}
          items={list.data?.items ?? []}
          rowKey={(n) => n.id}
          empty={
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={query.unread === 'true' ? t('notifications.emptyUnread') : t('notifications.empty')}
            />
          }
          pagination={
            (list.data?.total ?? 0) > query.pageSize
              ? {
                  current: query.page,
                  pageSize: query.pageSize,
                  total: list.data?.total ?? 0,
                  onChange: (p) => setQuery({ page: p > 1 ? p : undefined }),
                  showTotal: (total) => t('common.table.total', { total: formatNumber(total, lang) }),
                }
              : false
          }
          renderItem={(n) => (
            <Flex justify="space-between" align="flex-start" gap={12}>
              <NotificationItem n={n} onOpen={openOne} />
              {n.readAt === null ? (
                <Button size="small" type="link" onClick={() => markRead.mutate(n.id)}>
                  {t('notifications.markRead')}
                </Button>
              ) : null}
            </Flex>
          )}
        />
      </Card>
    </>
  );
}

import { BellOutlined } from '@ant-design/icons';
import type { Notification } from '@guantong/shared';
import { App, Badge, Button, Divider, Empty, Flex, Popover, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { SimpleList } from '../../components/SimpleList';
import { NotificationItem } from './NotificationItem';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from './notifications.api';

export const NOTIFICATIONS_PATH = '/notifications';

/** The header's bell: the unread count, and on click the latest messages with "mark all read" and "see all". */
export function NotificationBell() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const recent = useNotifications({ page: 1, pageSize: 6 }, open);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const count = unread.data?.count ?? 0;

  // The title is a link to the task; opening it closes the popover and marks the message read.
  const openOne = (n: Notification) => {
    setOpen(false);
    if (n.readAt === null) {
      markRead.mutate(n.id);
    }
  };

  const content = (
    <div style={{ width: 360, maxWidth: 'calc(100vw - 32px)' }}>
      <SimpleList
        size="small"
        loading={recent.isLoading}
        items={recent.data?.items ?? []}
        rowKey={(n) => n.id}
        empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} />}
        renderItem={(n) => <NotificationItem n={n} onOpen={openOne} compact />}
      />
      <Divider style={{ margin: '8px 0' }} />
      <Flex justify="space-between">
        <Button
          size="small"
          type="text"
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
        <Button
          size="small"
          type="link"
          onClick={() => {
            setOpen(false);
            navigate(NOTIFICATIONS_PATH);
          }}
        >
          {t('notifications.viewAll')}
        </Button>
      </Flex>
    </div>
  );

  return (
    <Popover
      content={content}
      title={<Typography.Text strong>{t('notifications.recent')}</Typography.Text>}
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
    >
      <Button
        type="text"
        aria-label={count > 0 ? t('notifications.bell', { count }) : t('notifications.bellNone')}
        style={{ paddingInline: 8 }}
      >
        <Badge count={count} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}

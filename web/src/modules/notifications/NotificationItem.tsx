import type { DigestSection, Notification, NotificationKind } from '@guantong/shared';
import { Badge, Flex, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../../i18n/format';
import { toLang } from '../../i18n/languages';

/** Kind colours follow the supervision palette: red overdue, gold due soon, purple 督办, green done, blue otherwise. */
const KIND_COLOR: Record<NotificationKind, string> = {
  assigned: 'blue',
  due_soon: 'gold',
  overdue: 'red',
  escalated: 'red',
  stale: 'gold',
  reported: 'geekblue',
  returned: 'orange',
  verified: 'green',
  cancelled: 'default',
  supervision_notice: 'purple',
  notice_answered: 'purple',
  digest: 'cyan',
  meeting_reminder: 'blue',
};

function digestSections(n: Notification): DigestSection[] {
  const sections = n.data?.sections;
  return Array.isArray(sections) ? (sections as DigestSection[]) : [];
}

/** One inbox entry: kind, title (a link to its task; `onOpen` runs on the click), body, digest sections, time; unread ones marked. */
export function NotificationItem({
  n,
  onOpen,
  compact = false,
}: {
  n: Notification;
  onOpen: (n: Notification) => void;
  compact?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const sections = n.kind === 'digest' ? digestSections(n) : [];
  return (
    <Flex gap={10} align="flex-start" style={{ width: '100%' }}>
      <Badge dot={n.readAt === null} offset={[-2, 4]}>
        <Tag color={KIND_COLOR[n.kind]} style={{ marginInlineEnd: 0, minWidth: compact ? 64 : 76, textAlign: 'center' }}>
          {t(`notifications.kinds.${n.kind}`)}
        </Tag>
      </Badge>
      <div style={{ minWidth: 0, flex: 1 }}>
        {n.link ? (
          <Link
            to={n.link}
            onClick={() => onOpen(n)}
            style={{
              display: 'block',
              fontWeight: n.readAt === null ? 600 : 400,
              color: n.readAt === null ? undefined : '#595959',
              ...(compact ? { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } : {}),
            }}
            title={compact ? n.title : undefined}
          >
            {n.title}
          </Link>
        ) : (
          <Typography.Text strong={n.readAt === null} style={{ display: 'block' }}>
            {n.title}
          </Typography.Text>
        )}
        {n.body && !compact ? (
          <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block' }}>
            {n.body}
          </Typography.Text>
        ) : null}
        {sections.length > 0 && !compact ? (
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
            {sections.map((s) => (
              <li key={s.key}>
                <Typography.Text>
                  {s.label} {s.count}
                </Typography.Text>
                ：
                {s.items.slice(0, 3).map((it, i) => (
                  <span key={it.id}>
                    {i > 0 ? '、' : ''}
                    <Link to={it.link}>{it.title}</Link>
                  </span>
                ))}
                {s.count > 3 ? (
                  <Typography.Text type="secondary"> {t('notifications.digestMore', { count: s.count - 3 })}</Typography.Text>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {formatDateTime(n.createdAt, lang)}
        </Typography.Text>
      </div>
    </Flex>
  );
}

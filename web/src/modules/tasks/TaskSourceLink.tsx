import { LinkOutlined } from '@ant-design/icons';
import type { TaskSource } from '@guantong/shared';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { translateIfKnown } from '../../i18n/index';

/** Where a task comes from (a decision item's follow-up, an adopted suggestion, a resolution), linked back to it. */
export function TaskSourceLink({ source }: { source: TaskSource }) {
  const { t } = useTranslation();
  const kind = translateIfKnown(`tasks.source.${source.type}`, t('tasks.source.other'));
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 2 }}>
      <LinkOutlined /> {kind}：<Link to={source.href}>{source.title}</Link>
    </Typography.Text>
  );
}

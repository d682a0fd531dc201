import { RightOutlined } from '@ant-design/icons';
import { Card, Col, Flex, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useCurrentUser } from '../auth/auth.api';
import { LIGHT_HEX } from './TaskBits';
import { useTaskSummary } from './tasks.api';

interface Tile {
  key: string;
  label: string;
  value: number;
  color: string;
  to: string;
}

/** The workbench's to-do: my open, overdue and due-soon tasks, and (for operators) reports waiting for my 验收. */
export function MyTasksCard() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const me = useCurrentUser();
  const operates = me.grants.some((g) => g.role === 'org_admin' || g.role === 'secretary');
  const mine = useTaskSummary({ view: 'mine' });
  const issued = useTaskSummary({ view: 'issued' }, operates);
  if (mine.isError) {
    return null;
  }
  const s = mine.data;
  const tiles: Tile[] = s
    ? [
        {
          key: 'open',
          label: t('home.tasks.open'),
          value: s.open,
          color: LIGHT_HEX.reported,
          to: '/tasks?status=issued,accepted,in_progress,returned',
        },
        { key: 'red', label: t('home.tasks.overdue'), value: s.red, color: LIGHT_HEX.red, to: '/tasks?light=red' },
        { key: 'yellow', label: t('home.tasks.dueSoon'), value: s.yellow, color: LIGHT_HEX.yellow, to: '/tasks?light=yellow' },
        { key: 'flagged', label: t('home.tasks.flagged'), value: s.flagged, color: LIGHT_HEX.flagged, to: '/tasks?light=flagged' },
        ...(operates && issued.data
          ? [
              {
                key: 'verify',
                label: t('home.tasks.toVerify'),
                value: issued.data.reported,
                color: LIGHT_HEX.done,
                to: '/tasks/issued?status=reported',
              },
            ]
          : []),
      ]
    : [];
  return (
    <Card
      title={t('home.tasks.title')}
      extra={
        <Link to="/tasks">
          {t('home.tasks.all')} <RightOutlined />
        </Link>
      }
      style={{ marginBottom: 16 }}
    >
      {!s ? (
        <Skeleton active paragraph={{ rows: 1 }} />
      ) : (
        <Row gutter={[12, 12]}>
          {tiles.map((tile) => (
            <Col key={tile.key} xs={12} sm={8} lg={Math.floor(24 / tiles.length)}>
              <Link to={tile.to} className="gt-shortcut" style={{ display: 'block' }} aria-label={`${tile.label} ${tile.value}`}>
                <Flex vertical>
                  <Typography.Text type="secondary">{tile.label}</Typography.Text>
                  <span style={{ fontSize: 26, fontWeight: 600, color: tile.value > 0 ? tile.color : '#BFBFBF' }}>
                    {formatNumber(tile.value, lang)}
                  </span>
                </Flex>
              </Link>
            </Col>
          ))}
        </Row>
      )}
      {s && s.total === 0 ? (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
          {t('home.tasks.none')}
        </Typography.Text>
      ) : null}
    </Card>
  );
}

import { ArrowUpOutlined } from '@ant-design/icons';
import type { ParticipationRow } from '@guantong/shared';
import { Alert, Breadcrumb, Button, Empty, Flex, Progress, Segmented, Skeleton, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { formatNumber, formatPercent } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useParticipation } from './campaigns.api';
import { ParticipationChart } from './ParticipationChart';

/** Participation per organisation (members vs who answered), as a bar chart or a table, drillable down the tree. */
export function ParticipationPanel({ campaignId }: { campaignId: number }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const [orgId, setOrgId] = useState<number | null>(null);
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const data = useParticipation(campaignId, orgId);
  const rows = data.data?.rows ?? [];
  const labels = useMemo(
    () => ({
      rate: t('campaigns.participation.rate'),
      members: t('campaigns.participation.members'),
      respondents: t('campaigns.participation.respondents'),
    }),
    [t],
  );
  const names = useMemo(() => rows.map((r) => r.org.name), [rows]);
  const members = useMemo(() => rows.map((r) => r.members), [rows]);
  const respondents = useMemo(() => rows.map((r) => r.respondents), [rows]);
  if (data.error) {
    return <Alert type="error" showIcon title={errorMessage(data.error)} />;
  }
  if (!data.data) {
    return <Skeleton active />;
  }
  const p = data.data;
  const drill = (r: ParticipationRow) => {
    if (r.drillable) {
      setOrgId(r.org.id);
    }
  };
  const rate = (r: { rate: number | null }) => (r.rate === null ? t('common.empty') : formatPercent(r.rate, lang));
  const columns = [
    {
      title: t('campaigns.participation.org'),
      key: 'org',
      render: (_: unknown, r: ParticipationRow) =>
        r.drillable ? (
          <Button type="link" style={{ padding: 0 }} onClick={() => drill(r)}>
            {r.org.name}
          </Button>
        ) : (
          r.org.name
        ),
    },
    {
      title: t('campaigns.participation.members'),
      key: 'members',
      align: 'right' as const,
      render: (_: unknown, r: ParticipationRow) => formatNumber(r.members, lang),
    },
    {
      title: t('campaigns.participation.respondents'),
      key: 'respondents',
      align: 'right' as const,
      render: (_: unknown, r: ParticipationRow) => formatNumber(r.respondents, lang),
    },
    {
      title: t('campaigns.participation.rate'),
      key: 'rate',
      width: 200,
      render: (_: unknown, r: ParticipationRow) => (
        <Flex gap={8} align="center">
          <Progress
            percent={r.rate === null ? 0 : Math.round(r.rate * 1000) / 10}
            size="small"
            showInfo={false}
            style={{ width: 100, margin: 0 }}
          />
          <span>{rate(r)}</span>
        </Flex>
      ),
    },
    {
      title: t('campaigns.participation.answers'),
      key: 'answers',
      align: 'right' as const,
      render: (_: unknown, r: ParticipationRow) => formatNumber(r.answers, lang),
    },
  ];
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Flex align="center" gap={8}>
          {orgId !== null ? (
            <Button
              size="small"
              icon={<ArrowUpOutlined />}
              onClick={() => setOrgId(p.ancestors.length > 1 ? (p.ancestors.at(-1)?.id ?? null) : null)}
            >
              {t('campaigns.participation.up')}
            </Button>
          ) : null}
          <Breadcrumb items={[...p.ancestors, p.org].map((o) => ({ title: o.name }))} />
        </Flex>
        <Segmented
          size="small"
          value={view}
          onChange={(v) => setView(v as 'chart' | 'table')}
          options={[
            { value: 'chart', label: t('campaigns.participation.chartView') },
            { value: 'table', label: t('campaigns.participation.tableView') },
          ]}
        />
      </Flex>
      <Typography.Text>
        {t('campaigns.participation.total')}：{t('campaigns.participation.members')} {formatNumber(p.total.members, lang)} ·{' '}
        {t('campaigns.participation.respondents')} {formatNumber(p.total.respondents, lang)} · {t('campaigns.participation.rate')}{' '}
        {rate(p.total)} · {t('campaigns.participation.answers')} {formatNumber(p.total.answers, lang)}
      </Typography.Text>
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('campaigns.participation.empty')} />
      ) : view === 'chart' ? (
        <>
          <ParticipationChart
            names={names}
            members={members}
            respondents={respondents}
            labels={labels}
            ariaLabel={t('campaigns.participation.chartLabel')}
            onPick={(i) => {
              const r = rows[i];
              if (r) {
                drill(r);
              }
            }}
          />
          {rows.some((r) => r.drillable) ? (
            <Typography.Text type="secondary">{t('campaigns.participation.drillHint')}</Typography.Text>
          ) : null}
        </>
      ) : (
        <Table<ParticipationRow> rowKey={(r) => r.org.id} size="small" columns={columns} dataSource={rows} pagination={false} />
      )}
    </Flex>
  );
}

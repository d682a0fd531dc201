import type { TermListItem } from '@guantong/shared';
import { Alert, Button, Card, Empty, Flex, Form, Select, Statistic, Table, type TableProps, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { statusHex } from '../../components/status';
import { useUrlState } from '../../components/useUrlState';
import { formatDate, formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { TermStateTag } from './OrgBits';
import { useMayWriteOrg, useOrgTerms } from './orgs.api';
import { TermModal } from './TermModal';

const WITHIN_OPTIONS = [30, 60, 90, 180, 365] as const;

function parseView(params: URLSearchParams): { within?: number } {
  const raw = Number(params.get('within'));
  return { within: (WITHIN_OPTIONS as readonly number[]).includes(raw) ? raw : undefined };
}

/** 组织保障 → 换届提醒: committee terms ending soon and overdue elections in the user's scope, soonest first. */
export function OrgTermsPage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const [view, setView] = useUrlState(parseView);
  const terms = useOrgTerms(view.within);
  const mayWriteOrg = useMayWriteOrg();
  const [recording, setRecording] = useState<TermListItem | null>(null);
  const items = terms.data?.items ?? [];
  const days = terms.data?.withinDays ?? view.within ?? 90;
  const overdue = useMemo(() => items.filter((i) => i.state === 'overdue').length, [items]);
  const soon = items.length - overdue;
  const anyWritable = items.some((i) => mayWriteOrg(i.orgId));

  const columns: TableProps<TermListItem>['columns'] = [
    {
      title: t('orgs.terms.columns.state'),
      key: 'state',
      width: 100,
      render: (_: unknown, i: TermListItem) => <TermStateTag state={i.state} />,
    },
    {
      title: t('orgs.terms.columns.org'),
      key: 'org',
      width: 230,
      render: (_: unknown, i: TermListItem) => (
        <div>
          <Link to={`/orgs?org=${i.orgId}`}>{i.orgName}</Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {i.orgCode} · {t(`common.orgKinds.${i.kind}`)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: t('orgs.terms.columns.parent'),
      dataIndex: 'parentName',
      key: 'parent',
      width: 130,
      render: (v: string | null) => v ?? t('common.empty'),
    },
    {
      title: t('orgs.terms.columns.termStart'),
      key: 'termStart',
      width: 124,
      render: (_: unknown, i: TermListItem) => formatDate(i.termStart, lang),
    },
    {
      title: t('orgs.terms.columns.termYears'),
      key: 'termYears',
      width: 64,
      render: (_: unknown, i: TermListItem) => t('orgs.terms.years', { count: i.termYears }),
    },
    {
      title: t('orgs.terms.columns.termEnd'),
      key: 'termEnd',
      width: 124,
      render: (_: unknown, i: TermListItem) => formatDate(i.termEnd, lang),
    },
    {
      title: t('orgs.terms.columns.daysLeft'),
      key: 'daysLeft',
      width: 124,
      render: (_: unknown, i: TermListItem) =>
        i.daysLeft > 0 ? (
          <Typography.Text style={{ color: statusHex('dueSoon') }}>
            {t('orgs.detail.termLeft', { days: formatNumber(i.daysLeft, lang) })}
          </Typography.Text>
        ) : (
          <Typography.Text style={{ color: statusHex('overdue') }}>
            {t('orgs.detail.termOverdue', { days: formatNumber(-i.daysLeft, lang) })}
          </Typography.Text>
        ),
    },
    ...(anyWritable
      ? [
          {
            title: t('orgs.terms.columns.actions'),
            key: 'actions',
            width: 96,
            render: (_: unknown, i: TermListItem) =>
              mayWriteOrg(i.orgId) ? (
                <Button type="link" size="small" onClick={() => setRecording(i)}>
                  {t('orgs.actions.term')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader title={t('orgs.terms.title')} subtitle={t('orgs.terms.subtitle')} />
      <Card>
        <Flex justify="space-between" align="flex-end" gap={16} wrap style={{ marginBottom: 16 }}>
          <Form layout="inline" onSubmitCapture={(e) => e.preventDefault()}>
            <Form.Item label={t('orgs.terms.within')} htmlFor="terms-within">
              <Select<number>
                id="terms-within"
                value={days}
                onChange={(v) => setView({ within: v === 90 ? null : v })}
                options={WITHIN_OPTIONS.map((d) => ({ value: d, label: t('orgs.terms.withinDays', { days: d }) }))}
                style={{ width: 160 }}
              />
            </Form.Item>
          </Form>
          <Flex gap={32}>
            <Statistic title={t('orgs.terms.states.overdue')} value={overdue} styles={{ content: { color: statusHex('overdue') } }} />
            <Statistic title={t('orgs.terms.states.ending_soon')} value={soon} styles={{ content: { color: statusHex('dueSoon') } }} />
          </Flex>
        </Flex>
        {terms.data ? (
          <Typography.Paragraph type="secondary">
            {t('orgs.terms.summary', { date: formatDate(terms.data.today, lang), overdue, soon, days })}
          </Typography.Paragraph>
        ) : null}
        {terms.error ? <Alert type="error" showIcon title={errorMessage(terms.error)} style={{ marginBottom: 16 }} /> : null}
        <Table<TermListItem>
          rowKey="orgId"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={terms.isFetching}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('orgs.terms.empty', { days })} /> }}
          pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        />
      </Card>
      {recording ? (
        <TermModal org={{ id: recording.orgId, name: recording.orgName, term: recording }} onClose={() => setRecording(null)} />
      ) : null}
    </>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import type { EvalSchemeListItem } from '@guantong/shared';
import { Alert, Button, Card, Empty, Flex, Input, Select, Table, type TableProps, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { useUrlState } from '../../components/useUrlState';
import { formatDate } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useCurrentUser } from '../auth/auth.api';
import { periodLabel, populationLabel, RunStatusTag } from './EvalBits';
import { useSchemes } from './evaluation.api';

interface ListState {
  q: string;
  year: number | undefined;
  page: number;
}

function parse(p: URLSearchParams): ListState {
  const year = Number(p.get('year'));
  const page = Number(p.get('page'));
  return {
    q: (p.get('q') ?? '').slice(0, 100),
    year: Number.isInteger(year) && year >= 2000 && year <= 2100 ? year : undefined,
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** True when the user may create schemes (组织部 operators and system administrators). */
export function useIsEvalManager(): boolean {
  const me = useCurrentUser();
  return me.grants.some((g) => g.role === 'org_admin' || g.role === 'sysadmin');
}

/** The evaluation schemes that concern the user: period, population, scope, latest run and published result. */
export function SchemeListPage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const navigate = useNavigate();
  const manager = useIsEvalManager();
  const [state, setState] = useUrlState(parse);
  const [search, setSearch] = useState(state.q);
  const list = useSchemes({ q: state.q || undefined, year: state.year, page: state.page, pageSize: 20 });
  useEffect(() => setSearch(state.q), [state.q]);
  const thisYear = new Date().getFullYear();
  const years = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2, thisYear - 3];

  const columns: TableProps<EvalSchemeListItem>['columns'] = [
    {
      title: t('evaluation.list.columns.name'),
      key: 'name',
      render: (_: unknown, r) => (
        <Link to={`/evaluation/${r.id}`} style={{ fontWeight: 500 }}>
          {r.name}
        </Link>
      ),
    },
    {
      title: t('evaluation.list.columns.period'),
      key: 'period',
      render: (_: unknown, r) => (
        <div>
          <div>{periodLabel(t, r.year, r.periodKind, r.periodIndex)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('evaluation.period.range', { from: formatDate(r.periodFrom, lang), to: formatDate(r.periodTo, lang) })}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('evaluation.list.columns.population'),
      key: 'population',
      render: (_: unknown, r) => populationLabel(t, r.population, r.orgKind),
    },
    { title: t('evaluation.list.columns.root'), key: 'root', render: (_: unknown, r) => r.rootOrg.name },
    {
      title: t('evaluation.list.columns.latest'),
      key: 'latest',
      render: (_: unknown, r) => (r.canManage ? <RunStatusTag status={r.latestRun?.status ?? null} /> : null),
    },
    {
      title: t('evaluation.list.columns.published'),
      key: 'published',
      render: (_: unknown, r) => (r.latestPublished ? formatDate(r.latestPublished.publishedAt, lang) : t('evaluation.list.noPublished')),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('evaluation.title')}
        subtitle={t('evaluation.subtitle')}
        extra={
          manager ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/evaluation/new')}>
              {t('evaluation.list.newScheme')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Flex gap={8} wrap style={{ marginBottom: 16 }}>
          <Input.Search
            aria-label={t('evaluation.list.search')}
            placeholder={t('evaluation.list.search')}
            allowClear
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => setState({ q: v.trim() || null, page: null })}
            style={{ maxWidth: 320 }}
          />
          <Select
            aria-label={t('evaluation.list.year')}
            style={{ width: 140 }}
            value={state.year ?? 0}
            onChange={(v: number) => setState({ year: v || null, page: null })}
            options={[{ value: 0, label: t('evaluation.list.allYears') }, ...years.map((y) => ({ value: y, label: String(y) }))]}
          />
        </Flex>
        {list.error ? <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 16 }} /> : null}
        <Table<EvalSchemeListItem>
          rowKey="id"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isLoading}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: <Empty description={manager ? t('evaluation.list.emptyManager') : t('evaluation.list.empty')} /> }}
          pagination={{
            current: state.page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            showSizeChanger: false,
            onChange: (page) => setState({ page: page > 1 ? page : null }),
          }}
          onRow={(r) => ({ onDoubleClick: () => navigate(`/evaluation/${r.id}`) })}
        />
      </Card>
    </>
  );
}

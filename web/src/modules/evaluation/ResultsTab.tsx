import { CalculatorOutlined, DownloadOutlined, ReloadOutlined, SendOutlined } from '@ant-design/icons';
import type { EvalResultRow, EvalRun, EvalScheme } from '@guantong/shared';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Input,
  Progress,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  type TableProps,
  Tag,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { useUrlState } from '../../components/useUrlState';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';
import { type Lang, toLang } from '../../i18n/languages';
import { GradeTag, localName, RunStatusTag, score } from './EvalBits';
import { EvalChart } from './EvalChart';
import { ExplanationDrawer } from './ExplanationDrawer';
import { exportResults, usePublish, useRecompute, useRun, useRunResults, useRunSummary, useStartRun } from './evaluation.api';

interface ResultsState {
  run: number | null;
  target: number | null;
  parentId: number | undefined;
  grade: string | undefined;
  dimension: string | undefined;
  q: string;
  page: number;
}

function int(v: string | null): number | null {
  const n = Number(v);
  return v && Number.isInteger(n) && n > 0 ? n : null;
}

function parse(p: URLSearchParams): ResultsState {
  return {
    run: int(p.get('run')),
    target: int(p.get('target')),
    parentId: int(p.get('parent')) ?? undefined,
    grade: p.get('grade') || undefined,
    dimension: p.get('dim') || undefined,
    q: (p.get('q') ?? '').slice(0, 100),
    page: int(p.get('page')) ?? 1,
  };
}

/** “计算指标项 tasks.on_time_rate” from the run's stage. */
export function stageText(t: TFunction, stage: string | null): string {
  if (!stage) {
    return '';
  }
  if (stage.startsWith('metric ')) {
    return t('evaluation.run.stages.metric', { key: stage.slice(7) });
  }
  const known = ['targets', 'sources', 'scoring', 'saving'] as const;
  return (known as readonly string[]).includes(stage) ? t(`evaluation.run.stages.${stage as (typeof known)[number]}`) : stage;
}

function RunProgress({ run }: { run: EvalRun }) {
  const { t } = useTranslation();
  const percent = run.progressTotal > 0 ? Math.round((run.progressDone / run.progressTotal) * 100) : 0;
  return (
    <Card style={{ marginBottom: 16 }}>
      <Typography.Paragraph>
        {t('evaluation.run.progress', {
          stage: stageText(t, run.stage) || t('evaluation.runStatus.queued'),
          done: run.progressDone,
          total: run.progressTotal || '…',
        })}
      </Typography.Paragraph>
      <Progress percent={percent} status="active" aria-label={t('evaluation.runStatus.running')} />
      <Typography.Text type="secondary">{t('evaluation.run.started')}</Typography.Text>
    </Card>
  );
}

/** The results of one run of a scheme: run controls and progress, summary, grade distribution, ranking table, explanations. */
export function ResultsTab({ scheme }: { scheme: EvalScheme }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message, modal } = App.useApp();
  const [state, setState] = useUrlState(parse);
  const runs = scheme.runs;
  const defaultRun = scheme.canManage ? runs[0] : runs.find((r) => r.status === 'published');
  const runId = state.run ?? defaultRun?.id ?? null;
  const run = useRun(runId);
  const current = run.data ?? runs.find((r) => r.id === runId) ?? null;
  const ready =
    current !== null &&
    (current.status === 'computed' || current.status === 'published' || (current.targetCount > 0 && current.finishedAt !== null));
  const query = {
    parentId: state.parentId,
    grade: state.grade,
    dimension: state.dimension,
    q: state.q || undefined,
    page: state.page,
    pageSize: 20,
  };
  const summary = useRunSummary(runId, state.parentId, ready);
  const results = useRunResults(runId, query, ready);
  const start = useStartRun();
  const recompute = useRecompute();
  const publish = usePublish();
  const [search, setSearch] = useState(state.q);
  const [view, setView] = useState<'table' | 'chart'>('table');
  useEffect(() => setSearch(state.q), [state.q]);

  const dims =
    summary.data?.dimensions ?? scheme.dimensions.map((d) => ({ code: d.code, name: d.name, nameEn: d.nameEn, weight: d.weight }));
  const bandOrder = (summary.data?.gradeBands ?? scheme.gradeBands)
    .slice()
    .sort((a, b) => b.min - a.min)
    .map((b) => b.code);
  const unpublished = runs.find((r) => r.status !== 'published');

  const act = async (fn: () => Promise<EvalRun>, done: string) => {
    try {
      const r = await fn();
      void message.success(done);
      setState({ run: r.id, target: null, page: null });
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  const confirmPublish = () => {
    if (!current) {
      return;
    }
    let note = '';
    modal.confirm({
      title: t('evaluation.run.publishTitle'),
      content: (
        <>
          <Typography.Paragraph>{t('evaluation.run.publishText')}</Typography.Paragraph>
          <Input.TextArea
            aria-label={t('evaluation.run.publishNote')}
            placeholder={t('evaluation.run.publishNote')}
            maxLength={500}
            autoSize={{ minRows: 2, maxRows: 4 }}
            onChange={(e) => {
              note = e.target.value;
            }}
          />
        </>
      ),
      okText: t('evaluation.run.publish'),
      cancelText: t('common.actions.cancel'),
      onOk: () => act(() => publish.mutateAsync({ runId: current.id, note: note.trim() || undefined }), t('evaluation.run.published')),
    });
  };

  const actions = scheme.canManage ? (
    <Space wrap>
      {!unpublished ? (
        <Button
          type={current ? 'default' : 'primary'}
          icon={<CalculatorOutlined />}
          loading={start.isPending}
          disabled={scheme.problems.length > 0}
          onClick={() => void act(() => start.mutateAsync(scheme.id), t('evaluation.run.started'))}
        >
          {t('evaluation.run.start')}
        </Button>
      ) : null}
      {current && (current.status === 'computed' || current.status === 'failed') ? (
        <Button
          icon={<ReloadOutlined />}
          loading={recompute.isPending}
          disabled={scheme.problems.length > 0}
          onClick={() => void act(() => recompute.mutateAsync(current.id), t('evaluation.run.started'))}
        >
          {t('evaluation.run.recompute')}
        </Button>
      ) : null}
      {current?.status === 'computed' ? (
        <Button type="primary" icon={<SendOutlined />} onClick={confirmPublish}>
          {t('evaluation.run.publish')}
        </Button>
      ) : null}
    </Space>
  ) : null;

  const runBar = (
    <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 16 }}>
      <Space wrap>
        {runs.length > 0 ? (
          <Select
            aria-label={t('evaluation.run.pick')}
            style={{ minWidth: 280 }}
            value={runId ?? undefined}
            onChange={(v: number) => setState({ run: v, target: null, page: null })}
            // The polled run replaces its stale copy in the scheme, so the label reads 已计算 once the run is done.
            options={runs
              .map((listed) => (listed.id === current?.id ? current : listed))
              .map((r) => ({
                value: r.id,
                label: t('evaluation.run.label', {
                  id: r.id,
                  status: t(`evaluation.runStatus.${r.status}`),
                  date: formatDate(r.publishedAt ?? r.createdAt, lang),
                }),
              }))}
          />
        ) : null}
        {current ? <RunStatusTag status={current.status} /> : null}
        {current?.asOf ? (
          <Typography.Text type="secondary">{t('evaluation.run.asOf', { date: formatDate(current.asOf, lang) })}</Typography.Text>
        ) : null}
        {current?.durationMs ? (
          <Typography.Text type="secondary">
            {t('evaluation.run.duration', { seconds: formatNumber(current.durationMs / 1000, lang, 1) })}
          </Typography.Text>
        ) : null}
        {current && current.calibrations > 0 ? (
          <Tag color="purple">{t('evaluation.run.calibrations', { count: current.calibrations })}</Tag>
        ) : null}
      </Space>
      {actions}
    </Flex>
  );

  if (!current) {
    return (
      <>
        {runBar}
        <Card>
          <Empty description={scheme.canManage ? t('evaluation.run.noneManager') : t('evaluation.run.notPublished')} />
        </Card>
      </>
    );
  }

  return (
    <>
      {runBar}
      {current.status === 'queued' || current.status === 'running' ? <RunProgress run={current} /> : null}
      {current.status === 'failed' ? (
        <Alert type="error" showIcon title={t('evaluation.run.failed', { error: current.error ?? '' })} style={{ marginBottom: 16 }} />
      ) : null}
      {current.status === 'computed' ? (
        <Alert type="warning" showIcon title={t('evaluation.run.unpublishedNote')} style={{ marginBottom: 16 }} />
      ) : null}
      {current.status === 'published' ? (
        <Alert
          type="success"
          showIcon
          title={`${t('evaluation.run.published')} · ${formatDateTime(current.publishedAt, lang)} · ${current.publishedBy ?? ''}`}
          description={t('evaluation.run.frozen')}
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {ready ? (
        <>
          <SummaryCards lang={lang} bandOrder={bandOrder} summary={summary.data} dims={dims} />
          <Card>
            <Flex gap={8} wrap style={{ marginBottom: 16 }} align="center">
              <Input.Search
                aria-label={t('evaluation.results.search')}
                placeholder={t('evaluation.results.search')}
                allowClear
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                onSearch={(v) => setState({ q: v.trim() || null, page: null })}
                style={{ width: 200 }}
              />
              <Select
                aria-label={t('evaluation.results.parent')}
                style={{ minWidth: 200 }}
                value={state.parentId ?? 0}
                onChange={(v: number) => setState({ parent: v || null, page: null })}
                options={[
                  { value: 0, label: t('evaluation.results.allParents') },
                  ...(summary.data?.parents ?? []).map((p) => ({ value: p.id, label: `${p.name}（${p.count}）` })),
                ]}
              />
              <Select
                aria-label={t('evaluation.results.grade')}
                style={{ width: 140 }}
                value={state.grade ?? ''}
                onChange={(v: string) => setState({ grade: v || null, page: null })}
                options={[
                  { value: '', label: t('evaluation.results.allGrades') },
                  ...(summary.data?.gradeBands ?? []).map((b) => ({ value: b.code, label: localName(lang, b) })),
                ]}
              />
              <Select
                aria-label={t('evaluation.results.rankBy')}
                style={{ width: 180 }}
                value={state.dimension ?? ''}
                onChange={(v: string) => setState({ dim: v || null, page: null })}
                options={[
                  { value: '', label: `${t('evaluation.results.rankBy')}：${t('evaluation.results.byTotal')}` },
                  ...dims.map((d) => ({ value: d.code, label: `${t('evaluation.results.rankBy')}：${localName(lang, d)}` })),
                ]}
              />
              <Segmented
                value={view}
                onChange={(v) => setView(v as 'table' | 'chart')}
                options={[
                  { value: 'table', label: t('evaluation.results.tableView') },
                  { value: 'chart', label: t('evaluation.results.chartView') },
                ]}
              />
              <Button
                icon={<DownloadOutlined />}
                onClick={() =>
                  void exportResults(current.id, query)
                    .then((name) => message.success(t('evaluation.results.exported', { name })))
                    .catch((e: unknown) => message.error(errorMessage(e)))
                }
              >
                {t('evaluation.results.export')}
              </Button>
            </Flex>
            {results.data && !results.data.seesAll ? (
              <Typography.Paragraph type="secondary">{t('evaluation.results.own')}</Typography.Paragraph>
            ) : null}
            {results.error ? <Alert type="error" showIcon title={errorMessage(results.error)} /> : null}
            {view === 'chart' ? (
              <RankingChart rows={results.data?.items ?? []} dimension={state.dimension} />
            ) : (
              <ResultsTable
                rows={results.data?.items ?? []}
                total={results.data?.total ?? 0}
                page={state.page}
                loading={results.isFetching}
                dims={dims}
                lang={lang}
                bandOrder={bandOrder}
                onPage={(page) => setState({ page: page > 1 ? page : null })}
                onOpen={(id) => setState({ target: id })}
              />
            )}
          </Card>
        </>
      ) : null}
      <ExplanationDrawer
        runId={ready ? current.id : null}
        targetId={state.target}
        population={scheme.population}
        canCalibrate={scheme.canManage && current.status === 'computed'}
        onClose={() => setState({ target: null })}
        onOpenTarget={(id) => setState({ target: id })}
      />
    </>
  );
}

function SummaryCards({
  summary,
  dims,
  lang,
  bandOrder,
}: {
  summary: ReturnType<typeof useRunSummary>['data'];
  dims: Array<{ code: string; name: string; nameEn: string; weight: number }>;
  lang: Lang;
  bandOrder: string[];
}) {
  const { t } = useTranslation();
  const distribution = summary?.distribution ?? [];
  const barOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 16, bottom: 28 },
      xAxis: { type: 'category', data: dims.map((d) => localName(lang, d)), axisLabel: { interval: 0, width: 80, overflow: 'break' } },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [{ type: 'bar', barMaxWidth: 36, data: dims.map((d) => summary?.averages.dimensions[d.code] ?? null) }],
    }),
    [dims, lang, summary],
  );
  const pieOption = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      color: ['#389E0D', '#1F5FAF', '#D48806', '#C8161D', '#722ED1', '#08979C'],
      series: [
        {
          type: 'pie',
          radius: ['45%', '72%'],
          label: { formatter: '{b} {c}' },
          data: distribution.map((d) => ({ name: localName(lang, d), value: d.count })),
        },
      ],
    }),
    [distribution, lang],
  );
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
      <Col xs={24} lg={6}>
        <Card style={{ height: '100%' }}>
          <Statistic title={t('evaluation.results.count')} value={summary?.count ?? 0} />
          <Statistic title={t('evaluation.results.average')} value={score(summary?.averages.total, lang)} style={{ marginTop: 12 }} />
          <Statistic title={t('evaluation.results.noDataScores')} value={summary?.noDataScores ?? 0} style={{ marginTop: 12 }} />
        </Card>
      </Col>
      <Col xs={24} lg={9}>
        <Card title={t('evaluation.results.distribution')} size="small" style={{ height: '100%' }}>
          <EvalChart option={pieOption} height={200} ariaLabel={t('evaluation.results.distribution')} />
          <Flex gap={6} wrap justify="center">
            {distribution.map((d) => (
              <span key={d.code}>
                <GradeTag grade={d} order={bandOrder} /> {d.count}
              </span>
            ))}
          </Flex>
        </Card>
      </Col>
      <Col xs={24} lg={9}>
        <Card title={t('evaluation.results.dimensionAverages')} size="small" style={{ height: '100%' }}>
          <EvalChart option={barOption} height={200} ariaLabel={t('evaluation.results.dimensionAverages')} />
          <Flex gap={12} wrap justify="center">
            {dims.map((d) => (
              <Typography.Text key={d.code} type="secondary">
                {localName(lang, d)} {score(summary?.averages.dimensions[d.code], lang)}
              </Typography.Text>
            ))}
          </Flex>
        </Card>
      </Col>
    </Row>
  );
}

function RankingChart({ rows, dimension }: { rows: EvalResultRow[]; dimension?: string }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const sorted = [...rows].reverse();
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 160, right: 24, top: 8, bottom: 24 },
      xAxis: { type: 'value', min: 0 },
      yAxis: {
        type: 'category',
        data: sorted.map((r) => `${r.rank ?? '—'}. ${r.target.name}`),
        axisLabel: { width: 150, overflow: 'truncate' },
      },
      series: [{ type: 'bar', barMaxWidth: 18, data: sorted.map((r) => (dimension ? r.dimensions[dimension] : r.total)) }],
    };
  }, [rows, dimension]);
  if (rows.length === 0) {
    return <Empty description={t('evaluation.results.empty')} />;
  }
  return <EvalChart option={option} height={Math.max(240, rows.length * 26)} ariaLabel={t('evaluation.results.chartView')} />;
}

function ResultsTable({
  rows,
  total,
  page,
  loading,
  dims,
  lang,
  bandOrder,
  onPage,
  onOpen,
}: {
  rows: EvalResultRow[];
  total: number;
  page: number;
  loading: boolean;
  dims: Array<{ code: string; name: string; nameEn: string; weight: number }>;
  lang: Lang;
  bandOrder: string[];
  onPage: (page: number) => void;
  onOpen: (targetId: number) => void;
}) {
  const { t } = useTranslation();
  const columns: TableProps<EvalResultRow>['columns'] = [
    { title: t('evaluation.results.columns.rank'), key: 'rank', width: 70, render: (_: unknown, r) => r.rank ?? '—' },
    {
      title: t('evaluation.results.columns.rankInParent'),
      key: 'rankInParent',
      width: 90,
      render: (_: unknown, r) => (r.rankInParent ? t('evaluation.results.rankOf', { rank: r.rankInParent, count: r.parentCount }) : '—'),
    },
    {
      title: t('evaluation.results.columns.name'),
      key: 'name',
      render: (_: unknown, r) => (
        <Button
          type="link"
          style={{ padding: 0, height: 'auto', textAlign: 'start', whiteSpace: 'normal' }}
          onClick={() => onOpen(r.target.id)}
          aria-label={`${t('evaluation.results.open')} ${r.target.name}`}
        >
          {r.target.name}
        </Button>
      ),
    },
    { title: t('evaluation.results.columns.code'), key: 'code', render: (_: unknown, r) => r.target.code },
    { title: t('evaluation.results.columns.parent'), key: 'parent', render: (_: unknown, r) => r.target.parent?.name ?? '—' },
    {
      title: t('evaluation.results.columns.total'),
      key: 'total',
      align: 'right',
      render: (_: unknown, r) => <strong>{score(r.total, lang)}</strong>,
    },
    {
      title: t('evaluation.results.columns.grade'),
      key: 'grade',
      render: (_: unknown, r) => <GradeTag grade={r.grade} order={bandOrder} />,
    },
    ...dims.map((d) => ({
      title: `${localName(lang, d)}`,
      key: `dim-${d.code}`,
      align: 'right' as const,
      render: (_: unknown, r: EvalResultRow) => score(r.dimensions[d.code], lang),
    })),
    {
      title: t('evaluation.results.columns.noData'),
      key: 'noData',
      align: 'right',
      render: (_: unknown, r) => (r.noDataCount > 0 ? r.noDataCount : ''),
    },
    {
      title: '',
      key: 'flags',
      render: (_: unknown, r) => (r.calibrated ? <Tag color="purple">{t('evaluation.results.calibrated')}</Tag> : null),
    },
  ];
  return (
    <Table<EvalResultRow>
      rowKey={(r) => r.target.id}
      size="middle"
      columns={columns}
      dataSource={rows}
      loading={loading}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty description={t('evaluation.results.empty')} /> }}
      pagination={{ current: page, pageSize: 20, total, showSizeChanger: false, onChange: onPage }}
      onRow={(r) => ({ onDoubleClick: () => onOpen(r.target.id), style: { cursor: 'pointer' } })}
    />
  );
}

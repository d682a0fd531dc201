import { FileSearchOutlined, PaperClipOutlined } from '@ant-design/icons';
import type { EvalExplanation, EvalPopulation, EvalScoreExplanation } from '@guantong/shared';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Empty,
  Flex,
  Grid,
  List,
  Select,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../api/client';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';
import { translateIfKnown } from '../../i18n/index';
import { type Lang, toLang } from '../../i18n/languages';
import { CalibrateModal } from './CalibrateModal';
import { GradeTag, localName, score } from './EvalBits';
import { EvalChart } from './EvalChart';
import { useExplanation, useRecords, useRunResults, useTrend } from './evaluation.api';

export interface ExplanationDrawerProps {
  runId: number | null;
  targetId: number | null;
  population: EvalPopulation;
  canCalibrate: boolean;
  onClose: () => void;
  onOpenTarget: (id: number) => void;
}

/**
 * 得分说明: one target's result explained — total, grade, ranks, the radar of its dimensions against its peers, every
 * indicator's number with its formula, metric values, rule, manual scores, items and calibrations, and the records
 * behind it (links to the tasks); the trend across published periods and a comparison with another target.
 */
export function ExplanationDrawer({ runId, targetId, population, canCalibrate, onClose }: ExplanationDrawerProps) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const screens = Grid.useBreakpoint();
  const open = runId !== null && targetId !== null;
  const ex = useExplanation(runId, targetId);
  const [calibrating, setCalibrating] = useState<EvalScoreExplanation | null>(null);
  const data = ex.data;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={screens.md ? 820 : '100%'}
      title={data ? `${t('evaluation.explain.title')} · ${data.target.name}` : t('evaluation.explain.title')}
      destroyOnHidden
    >
      {ex.isLoading ? <Skeleton active /> : null}
      {ex.error ? <Alert type="error" showIcon title={errorMessage(ex.error)} description={t('evaluation.explain.notFound')} /> : null}
      {data && runId !== null ? (
        <>
          <Header data={data} lang={lang} />
          <Tabs
            items={[
              {
                key: 'detail',
                label: t('evaluation.explain.tabs.detail'),
                children: (
                  <Detail
                    data={data}
                    lang={lang}
                    runId={runId}
                    population={population}
                    canCalibrate={canCalibrate}
                    onCalibrate={setCalibrating}
                  />
                ),
              },
              { key: 'trend', label: t('evaluation.explain.tabs.trend'), children: <Trend data={data} lang={lang} /> },
              { key: 'compare', label: t('evaluation.explain.tabs.compare'), children: <Compare data={data} runId={runId} lang={lang} /> },
            ]}
          />
          <CalibrateModal runId={runId} targetId={data.target.id} score={calibrating} onClose={() => setCalibrating(null)} />
        </>
      ) : null}
    </Drawer>
  );
}

function Header({ data, lang }: { data: EvalExplanation; lang: Lang }) {
  const { t } = useTranslation();
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }} style={{ marginBottom: 8 }}>
      <Descriptions.Item label={t('evaluation.results.columns.code')}>{data.target.code}</Descriptions.Item>
      <Descriptions.Item label={t('evaluation.results.columns.parent')}>{data.target.parent?.name ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('evaluation.explain.asOf')}>{formatDate(data.run.asOf, lang)}</Descriptions.Item>
      <Descriptions.Item label={t('evaluation.explain.total')}>
        <Typography.Text strong style={{ fontSize: 18 }} data-testid="explain-total">
          {score(data.total, lang)}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('evaluation.explain.grade')}>
        <GradeTag grade={data.grade} />
      </Descriptions.Item>
      <Descriptions.Item label={t('evaluation.explain.rank')}>
        {data.rank ? t('evaluation.explain.rankValue', { rank: data.rank, count: data.count }) : '—'}
        {data.rankInParent ? (
          <Typography.Text type="secondary">
            {' '}
            · {t('evaluation.explain.rankInParent')}{' '}
            {t('evaluation.explain.rankValue', { rank: data.rankInParent, count: data.parentCount })}
          </Typography.Text>
        ) : null}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** A radar needs three axes to enclose an area; with one or two dimensions it would be a line or a dot. */
function drawsBars(data: EvalExplanation): boolean {
  return data.dimensions.length < 3;
}

/** The chart's title: bars below three dimensions, else the radar. */
function chartTitle(t: TFunction, data: EvalExplanation): string {
  return drawsBars(data) ? t('evaluation.explain.bars') : t('evaluation.explain.radar');
}

function Radar({ data, lang, population }: { data: EvalExplanation; lang: Lang; population: EvalPopulation }) {
  const { t } = useTranslation();
  const self = population === 'orgs' ? t('evaluation.explain.self') : t('evaluation.explain.selfPerson');
  const option = useMemo(() => {
    const max = Math.max(100, ...data.dimensions.map((d) => d.score ?? 0));
    const own = { name: self, values: data.dimensions.map((d) => d.score ?? 0) };
    const peers = { name: t('evaluation.explain.peers'), values: data.dimensions.map((d) => d.peerAverage ?? 0) };
    const run = { name: t('evaluation.explain.runAverage'), values: data.dimensions.map((d) => d.runAverage ?? 0) };
    const series = [own, peers, run];
    const legend = { bottom: 0, data: series.map((s) => s.name) };
    if (drawsBars(data)) {
      return {
        tooltip: { trigger: 'axis' },
        legend,
        grid: { left: 8, right: 24, top: 8, bottom: 36, containLabel: true },
        xAxis: { type: 'value', max },
        yAxis: { type: 'category', inverse: true, data: data.dimensions.map((d) => localName(lang, d)) },
        series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values, barMaxWidth: 18 })),
      };
    }
    return {
      tooltip: {},
      legend,
      radar: {
        radius: '62%',
        center: ['50%', '46%'],
        indicator: data.dimensions.map((d) => ({ name: localName(lang, d), max })),
      },
      series: [
        {
          type: 'radar',
          data: [
            { name: own.name, value: own.values, areaStyle: { opacity: 0.18 } },
            { name: peers.name, value: peers.values, lineStyle: { type: 'dashed' } },
            { name: run.name, value: run.values, lineStyle: { type: 'dotted' } },
          ],
        },
      ],
    };
  }, [data, lang, self, t]);
  return (
    <Flex gap={16} wrap align="flex-start">
      <div style={{ flex: '1 1 320px', minWidth: 280 }}>
        <EvalChart option={option} height={300} ariaLabel={chartTitle(t, data)} testId="radar-chart" />
      </div>
      <Table
        style={{ flex: '1 1 300px' }}
        size="small"
        pagination={false}
        rowKey="code"
        aria-label={t('evaluation.explain.radarTable')}
        dataSource={data.dimensions}
        columns={[
          { title: t('evaluation.compare.dimension'), key: 'name', render: (_: unknown, d) => localName(lang, d) },
          { title: self, key: 'score', align: 'right', render: (_: unknown, d) => <strong>{score(d.score, lang)}</strong> },
          { title: t('evaluation.explain.peers'), key: 'peers', align: 'right', render: (_: unknown, d) => score(d.peerAverage, lang) },
          { title: t('evaluation.explain.runAverage'), key: 'run', align: 'right', render: (_: unknown, d) => score(d.runAverage, lang) },
        ]}
      />
    </Flex>
  );
}

function Detail({
  data,
  lang,
  runId,
  population,
  canCalibrate,
  onCalibrate,
}: {
  data: EvalExplanation;
  lang: Lang;
  runId: number;
  population: EvalPopulation;
  canCalibrate: boolean;
  onCalibrate: (s: EvalScoreExplanation) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Card size="small" title={chartTitle(t, data)} style={{ marginBottom: 12 }}>
        <Radar data={data} lang={lang} population={population} />
      </Card>
      <Alert type="info" title={t('evaluation.explain.totalRule')} description={data.totalRule} style={{ marginBottom: 12 }} />
      {data.dimensions.map((d) => (
        <Card
          key={d.code}
          size="small"
          style={{ marginBottom: 12 }}
          title={
            <Flex gap={8} align="baseline" wrap>
              <span>{localName(lang, d)}</span>
              <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                {t('evaluation.explain.weight', { weight: d.weight })}
              </Typography.Text>
            </Flex>
          }
          extra={
            <Space>
              <Typography.Text strong>{score(d.score, lang)}</Typography.Text>
              {d.contribution !== null ? (
                <Typography.Text type="secondary">
                  {t('evaluation.explain.contribution', { value: score(d.contribution, lang) })}
                </Typography.Text>
              ) : null}
            </Space>
          }
        >
          {d.available < 100 && d.scores.some((s) => s.status === 'excluded') ? (
            <Typography.Paragraph type="secondary">{t('evaluation.explain.excludedNote', { available: d.available })}</Typography.Paragraph>
          ) : null}
          {d.scores.map((s) => (
            <ScoreBlock
              key={s.scoreId}
              s={s}
              lang={lang}
              runId={runId}
              targetId={data.target.id}
              frozen={data.run.status === 'published'}
              canCalibrate={canCalibrate}
              onCalibrate={onCalibrate}
            />
          ))}
        </Card>
      ))}
    </>
  );
}

function ScoreBlock({
  s,
  lang,
  runId,
  targetId,
  frozen,
  canCalibrate,
  onCalibrate,
}: {
  s: EvalScoreExplanation;
  lang: Lang;
  runId: number;
  targetId: number;
  frozen: boolean;
  canCalibrate: boolean;
  onCalibrate: (s: EvalScoreExplanation) => void;
}) {
  const { t } = useTranslation();
  const [showRecords, setShowRecords] = useState(false);
  const i = s.indicator;
  const adjust = i.method === 'bonus' || i.method === 'deduction';
  return (
    <div style={{ borderTop: '1px solid #f0f0f0', padding: '10px 0' }} data-testid={`score-${i.code}`}>
      <Flex justify="space-between" gap={8} wrap>
        <Space wrap size={6}>
          <Typography.Text strong>
            {i.code} {i.name}
          </Typography.Text>
          <Tag>{t(`evaluation.methods.${i.method}`)}</Tag>
          {s.status !== 'ok' ? <Tag color="orange">{t(`evaluation.scoreStatus.${s.status}`)}</Tag> : null}
          {s.calibrations.length > 0 ? <Tag color="purple">{t('evaluation.results.calibrated')}</Tag> : null}
        </Space>
        <Space>
          <Typography.Text strong>
            {adjust
              ? `${i.method === 'deduction' ? '−' : '+'}${score(s.points ?? 0, lang)}`
              : t('evaluation.explain.points', { points: score(s.points, lang), max: score(i.maxPoints, lang) })}
          </Typography.Text>
          {s.calibrations.length > 0 ? (
            <Typography.Text type="secondary" delete>
              {t('evaluation.explain.computedPoints', { points: score(s.computedPoints, lang) })}
            </Typography.Text>
          ) : null}
          {canCalibrate ? (
            <Button size="small" onClick={() => onCalibrate(s)}>
              {t('evaluation.explain.calibrate')}
            </Button>
          ) : null}
        </Space>
      </Flex>
      {i.description ? (
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0' }}>
          {i.description}
        </Typography.Paragraph>
      ) : null}
      {i.frameworkNode ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('evaluation.explain.framework')}：
          <Link to={`/framework?node=${i.frameworkNode.id}`}>
            {i.frameworkNode.code} {i.frameworkNode.name}
          </Link>
        </Typography.Text>
      ) : null}
      {s.formula ? (
        <div style={{ marginTop: 6 }}>
          <Typography.Text type="secondary">{t('evaluation.explain.formula')}：</Typography.Text>
          <Typography.Text code>{s.formula}</Typography.Text>
          {s.value !== null ? <Typography.Text type="secondary"> = {formatNumber(s.value, lang)}</Typography.Text> : null}
        </div>
      ) : null}
      {s.metrics.length > 0 ? (
        <Table
          style={{ marginTop: 6 }}
          size="small"
          pagination={false}
          rowKey="key"
          dataSource={s.metrics}
          columns={[
            {
              title: t('evaluation.explain.metric'),
              key: 'label',
              render: (_: unknown, m) => (
                <Tooltip title={m.definition}>
                  <span>{lang === 'en' ? m.label.en : m.label.zh}</span>
                  <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                    {m.key}
                  </Typography.Text>
                  {!m.available ? <Tag style={{ marginInlineStart: 6 }}>{t('evaluation.explain.unavailable')}</Tag> : null}
                </Tooltip>
              ),
            },
            {
              title: t('evaluation.explain.metricValue'),
              key: 'value',
              align: 'right',
              render: (_: unknown, m) =>
                m.value === null ? t('evaluation.scoreStatus.no_data') : `${formatNumber(m.value, lang)}${m.unit === 'percent' ? '%' : ''}`,
            },
            {
              title: '',
              key: 'fraction',
              align: 'right',
              render: (_: unknown, m) =>
                m.numerator !== null && m.denominator !== null && m.unit === 'percent'
                  ? t('evaluation.explain.fraction', { numerator: m.numerator, denominator: m.denominator })
                  : '',
            },
          ]}
        />
      ) : null}
      {s.metrics.length > 0 ? (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 0' }}>
          {s.metrics.map((m) => m.definition).join('；')}
        </Typography.Paragraph>
      ) : null}
      <Typography.Paragraph style={{ margin: '6px 0 0' }}>
        <Typography.Text type="secondary">{t('evaluation.explain.rule')}：</Typography.Text>
        {s.rule}
      </Typography.Paragraph>
      {s.manual ? <ManualInfo s={s} lang={lang} /> : null}
      {s.imported ? (
        <Typography.Paragraph style={{ margin: '4px 0 0' }}>
          {t('evaluation.explain.imported', {
            value: formatNumber(s.imported.value, lang),
            by: s.imported.by,
            source: t(`evaluation.explain.sources.${s.imported.source === 'import' ? 'import' : 'entered'}`),
          })}
          {s.imported.note ? ` · ${t('evaluation.explain.importedNote', { note: s.imported.note })}` : ''}
        </Typography.Paragraph>
      ) : null}
      {adjust ? (
        <div style={{ marginTop: 4 }}>
          {s.adjustments.length === 0 ? (
            <Typography.Text type="secondary">{t('evaluation.explain.noItems')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={s.adjustments}
              renderItem={(a) => (
                <List.Item>
                  <span>
                    {t('evaluation.explain.itemLine', { points: formatNumber(a.points, lang), reason: a.reason, by: a.by })}
                    {a.files.map((f) => (
                      <a key={f.id} href={f.url} target="_blank" rel="noreferrer" style={{ marginInlineStart: 8 }}>
                        <PaperClipOutlined /> {f.name}
                      </a>
                    ))}
                  </span>
                </List.Item>
              )}
            />
          )}
          {s.uncapped !== null && s.uncapped > (s.points ?? 0) ? (
            <Typography.Text type="secondary">
              {t('evaluation.explain.uncapped', { sum: formatNumber(s.uncapped, lang), cap: formatNumber(i.maxPoints, lang) })}
            </Typography.Text>
          ) : null}
        </div>
      ) : null}
      {s.calibrations.length > 0 ? (
        <Alert
          type="warning"
          style={{ marginTop: 6 }}
          title={t('evaluation.explain.calibrations')}
          description={s.calibrations.map((c) => (
            <div key={c.id}>
              {t('evaluation.explain.calibrationLine', {
                by: c.by,
                at: formatDateTime(c.at, lang),
                from: c.fromPoints === null ? '—' : formatNumber(c.fromPoints, lang),
                to: formatNumber(c.toPoints, lang),
                reason: c.reason,
              })}
            </div>
          ))}
        />
      ) : null}
      {s.metrics.length > 0 ? (
        <div style={{ marginTop: 6 }}>
          <Button size="small" icon={<FileSearchOutlined />} onClick={() => setShowRecords((v) => !v)}>
            {showRecords ? t('evaluation.explain.hideRecords') : t('evaluation.explain.records')}
          </Button>
          {showRecords ? <Records runId={runId} targetId={targetId} indicatorId={i.id} frozen={frozen} lang={lang} /> : null}
        </div>
      ) : null}
    </div>
  );
}

function ManualInfo({ s, lang }: { s: EvalScoreExplanation; lang: Lang }) {
  const { t } = useTranslation();
  const m = s.manual;
  if (!m) {
    return null;
  }
  return (
    <div style={{ marginTop: 4 }}>
      <Tag>{t(`evaluation.manualStatus.${m.status}`)}</Tag>
      {m.selfPoints !== null ? (
        <div>{t('evaluation.explain.manualSelf', { points: formatNumber(m.selfPoints, lang), comment: m.selfComment ?? '' })}</div>
      ) : null}
      {m.reviewPoints !== null ? (
        <div>
          {t('evaluation.explain.manualReview', {
            points: formatNumber(m.reviewPoints, lang),
            by: m.reviewedBy ?? '',
            comment: m.reviewComment ?? '',
          })}
        </div>
      ) : (
        <Typography.Text type="secondary">{t('evaluation.explain.manualPending')}</Typography.Text>
      )}
      {m.confirmedBy ? <div>{t('evaluation.explain.manualConfirmed', { by: m.confirmedBy })}</div> : null}
      {m.files.map((f) => (
        <a key={f.id} href={f.url} target="_blank" rel="noreferrer" style={{ marginInlineEnd: 8 }}>
          <PaperClipOutlined /> {f.name}
        </a>
      ))}
    </div>
  );
}

function Records({
  runId,
  targetId,
  indicatorId,
  frozen,
  lang,
}: {
  runId: number;
  targetId: number;
  indicatorId: number;
  frozen: boolean;
  lang: Lang;
}) {
  const { t } = useTranslation();
  const records = useRecords(runId, targetId, indicatorId);
  if (records.isLoading) {
    return <Skeleton active paragraph={{ rows: 2 }} />;
  }
  if (records.error || !records.data) {
    return <Alert type="error" title={errorMessage(records.error)} />;
  }
  return (
    <div style={{ marginTop: 6 }} data-testid="score-records">
      {frozen ? <Typography.Paragraph type="secondary">{t('evaluation.explain.recordsFrozen')}</Typography.Paragraph> : null}
      {records.data.groups.map((g) => (
        <div key={g.metricKey}>
          <Typography.Text strong>{lang === 'en' ? g.label.en : g.label.zh}</Typography.Text>
          {g.records.length === 0 ? (
            <Typography.Paragraph type="secondary">{t('evaluation.explain.recordsEmpty')}</Typography.Paragraph>
          ) : (
            <List
              size="small"
              dataSource={g.records}
              renderItem={(r) => (
                <List.Item>
                  <Flex gap={8} wrap align="center" style={{ width: '100%' }}>
                    <Tag color={r.role === 'numerator' ? 'green' : r.role === 'denominator' ? 'red' : 'default'}>
                      {t(`evaluation.explain.roles.${r.role}`)}
                    </Tag>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {translateIfKnown(`evaluation.explain.recordTypes.${r.type}`, r.type)}
                    </Typography.Text>
                    {r.href ? <Link to={r.href}>{r.title}</Link> : <span>{r.title}</span>}
                    <Typography.Text type="secondary" style={{ marginInlineStart: 'auto', fontSize: 12 }}>
                      {formatDate(r.date, lang)}
                    </Typography.Text>
                  </Flex>
                </List.Item>
              )}
            />
          )}
          {g.truncated ? <Typography.Text type="secondary">{t('evaluation.explain.recordsMore')}</Typography.Text> : null}
        </div>
      ))}
    </div>
  );
}

function Trend({ data, lang }: { data: EvalExplanation; lang: Lang }) {
  const { t } = useTranslation();
  const trend = useTrend(data.target.type, data.target.id);
  const points = trend.data?.points ?? [];
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: points.map((p) => p.schemeName) },
      yAxis: { type: 'value', min: 0 },
      series: [
        { name: t('evaluation.trend.total'), type: 'line', data: points.map((p) => p.total), symbolSize: 8, lineStyle: { width: 3 } },
        ...data.dimensions.map((d) => ({ name: localName(lang, d), type: 'line', data: points.map((p) => p.dimensions[d.code] ?? null) })),
      ],
    }),
    [points, data.dimensions, lang, t],
  );
  if (trend.isLoading) {
    return <Skeleton active />;
  }
  if (points.length === 0) {
    return <Empty description={t('evaluation.trend.empty')} />;
  }
  return (
    <>
      <EvalChart option={option} height={280} ariaLabel={t('evaluation.trend.title')} />
      <Table
        size="small"
        pagination={false}
        rowKey="runId"
        aria-label={t('evaluation.trend.table')}
        dataSource={points}
        columns={[
          { title: t('evaluation.list.columns.name'), dataIndex: 'schemeName', key: 'scheme' },
          { title: t('evaluation.explain.total'), key: 'total', align: 'right', render: (_: unknown, p) => score(p.total, lang) },
          { title: t('evaluation.explain.grade'), key: 'grade', render: (_: unknown, p) => <GradeTag grade={p.grade} /> },
          { title: t('evaluation.runs.columns.published'), key: 'at', render: (_: unknown, p) => formatDate(p.publishedAt, lang) },
        ]}
      />
    </>
  );
}

function Compare({ data, runId, lang }: { data: EvalExplanation; runId: number; lang: Lang }) {
  const { t } = useTranslation();
  const [other, setOther] = useState<number | null>(null);
  const candidates = useRunResults(runId, { page: 1, pageSize: 200, order: 'rank' });
  const otherEx = useExplanation(other === null ? null : runId, other);
  const o = otherEx.data;
  const option = useMemo(
    () =>
      o
        ? {
            tooltip: { trigger: 'axis' },
            legend: { bottom: 0 },
            grid: { left: 40, right: 16, top: 16, bottom: 48 },
            xAxis: { type: 'category', data: data.dimensions.map((d) => localName(lang, d)) },
            yAxis: { type: 'value', min: 0 },
            series: [
              { name: data.target.name, type: 'bar', barMaxWidth: 28, data: data.dimensions.map((d) => d.score) },
              {
                name: o.target.name,
                type: 'bar',
                barMaxWidth: 28,
                data: data.dimensions.map((d) => o.dimensions.find((x) => x.code === d.code)?.score ?? null),
              },
            ],
          }
        : {},
    [o, data, lang],
  );
  return (
    <>
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        aria-label={t('evaluation.compare.pick')}
        placeholder={t('evaluation.compare.pick')}
        style={{ width: '100%', marginBottom: 12 }}
        value={other ?? undefined}
        onChange={(v: number) => setOther(v)}
        options={(candidates.data?.items ?? [])
          .filter((r) => r.target.id !== data.target.id)
          .map((r) => ({ value: r.target.id, label: `${r.rank ?? '—'}. ${r.target.name}（${score(r.total, lang)}）` }))}
      />
      {!o ? (
        <Empty description={t('evaluation.compare.empty')} />
      ) : (
        <>
          <EvalChart option={option} height={260} ariaLabel={t('evaluation.compare.chart')} />
          <Table
            size="small"
            pagination={false}
            rowKey="code"
            dataSource={[
              ...data.dimensions.map((d) => ({
                code: d.code,
                name: localName(lang, d),
                a: d.score,
                b: o.dimensions.find((x) => x.code === d.code)?.score ?? null,
              })),
              { code: '__total', name: t('evaluation.explain.total'), a: data.total, b: o.total },
            ]}
            columns={[
              { title: t('evaluation.compare.dimension'), dataIndex: 'name', key: 'name' },
              { title: data.target.name, key: 'a', align: 'right', render: (_: unknown, r) => score(r.a, lang) },
              { title: o.target.name, key: 'b', align: 'right', render: (_: unknown, r) => score(r.b, lang) },
              {
                title: t('evaluation.compare.difference'),
                key: 'd',
                align: 'right',
                render: (_: unknown, r) => (r.a !== null && r.b !== null ? formatNumber(Math.round((r.a - r.b) * 100) / 100, lang) : '—'),
              },
            ]}
          />
        </>
      )}
    </>
  );
}

import { ApartmentOutlined, ArrowUpOutlined } from '@ant-design/icons';
import type { CoverageMatrix, CoverageMatrixCell, OrgKind } from '@guantong/shared';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Empty,
  Flex,
  Input,
  Result,
  Segmented,
  Select,
  Skeleton,
  Switch,
  Table,
  type TableProps,
  Tooltip,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { useUrlState } from '../../components/useUrlState';
import { formatDate, formatNumber, formatPercent } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { type CellTarget, CoverageCellDrawer } from './CoverageCellDrawer';
import { EChart, type EChartOption } from './EChart';
import { useCoverageMatrix } from './tasks.api';

type MatrixRow = CoverageMatrix['rows'][number];
type Column = CoverageMatrix['columns'][number];
interface TreeRow extends MatrixRow {
  key: number;
  children?: TreeRow[];
}
type CellStatus = 'none' | 'late' | 'open' | 'verified';

const KINDS: OrgKind[] = ['branch', 'group', 'general_branch'];

/** Cell colours: the supervision palette (green done, blue open, red late); a blank is where the system does not reach. */
export const CELL_STYLE: Record<CellStatus, { bg: string; border: string; fg: string }> = {
  verified: { bg: '#F6FFED', border: '#B7EB8F', fg: '#237804' },
  open: { bg: '#E6F4FF', border: '#91CAFF', fg: '#0958D9' },
  late: { bg: '#FFF1F0', border: '#FFA39E', fg: '#CF1322' },
  none: { bg: '#FAFAFA', border: '#F0F0F0', fg: '#BFBFBF' },
};

/** A cell's status: late beats open beats verified; nothing at all is `none`. */
export function cellStatus(c: Pick<CoverageMatrixCell, 'total' | 'late' | 'open'>): CellStatus {
  return c.total === 0 ? 'none' : c.late > 0 ? 'late' : c.open > 0 ? 'open' : 'verified';
}

interface ViewState {
  orgId: number | null;
  kind: OrgKind;
  gaps: boolean;
  depth: 'all' | 'pillars';
  q: string;
}

function parseView(p: URLSearchParams): ViewState {
  const org = p.get('orgId');
  const kind = p.get('kind') as OrgKind | null;
  return {
    orgId: org && /^\d{1,9}$/.test(org) ? Number(org) : null,
    kind: kind && KINDS.includes(kind) ? kind : 'branch',
    gaps: p.get('gaps') === '1',
    depth: p.get('depth') === 'pillars' ? 'pillars' : 'all',
    q: p.get('q') ?? '',
  };
}

/** A column has a gap under a row when some grassroots organisation of it has no work (or, without any, no work at all). */
function hasGap(row: MatrixRow, columns: Column[]): boolean {
  return columns.some((c, i) => (c.self ? false : c.grassroots > 0 ? row.cells[i].covered < c.grassroots : row.cells[i].total === 0));
}

function buildTree(rows: MatrixRow[], keep: (r: MatrixRow) => boolean, depth: ViewState['depth']): TreeRow[] {
  const byParent = new Map<number | null, MatrixRow[]>();
  const ids = new Set(rows.map((r) => r.id));
  for (const r of rows) {
    const p = r.parentId !== null && ids.has(r.parentId) ? r.parentId : null;
    byParent.set(p, [...(byParent.get(p) ?? []), r]);
  }
  const walk = (r: MatrixRow): TreeRow | null => {
    const kids =
      depth === 'pillars' && r.kind === 'pillar' ? [] : (byParent.get(r.id) ?? []).map(walk).filter((x): x is TreeRow => x !== null);
    if (kids.length === 0 && !keep(r)) {
      return null;
    }
    return { ...r, key: r.id, ...(kids.length > 0 ? { children: kids } : {}) };
  };
  return (byParent.get(null) ?? []).map(walk).filter((x): x is TreeRow => x !== null);
}

/**
 * 贯通覆盖: the framework in force (rows: elements → pillars → requirements) × the organisation and each organisation
 * below it (columns). Each cell is coloured by its work (late / open / verified / none) and says how many of the
 * column's branches have work under the row; a click opens the tasks and the branches where nothing hangs, a column
 * header drills down. A bar chart ranks the columns by the share of requirements they cover.
 */
export function CoveragePage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const [view, setView] = useUrlState(parseView);
  const matrix = useCoverageMatrix(view.orgId, view.kind);
  const [cell, setCell] = useState<CellTarget | null>(null);
  const [chartMode, setChartMode] = useState<'chart' | 'table'>('chart');
  const [search, setSearch] = useState(view.q);
  const m = matrix.data;
  const kindLabel = t(`tasks.coverage.kinds.${view.kind}`);
  const nodeName = (r: MatrixRow) => (lang === 'en' && r.nameEn ? r.nameEn : r.name);

  const requirementRows = useMemo(() => (m ? m.rows.filter((r) => r.kind === 'requirement') : []), [m]);
  const tree = useMemo(() => {
    if (!m) {
      return [];
    }
    const s = view.q.trim().toLowerCase();
    const keep = (r: MatrixRow) =>
      (!view.gaps || (r.kind === 'requirement' && hasGap(r, m.columns))) &&
      (!s || `${r.code} ${r.name} ${r.nameEn}`.toLowerCase().includes(s));
    return buildTree(m.rows, view.gaps || s ? keep : () => true, view.depth);
  }, [m, view.gaps, view.depth, view.q]);
  const expandedKeys = useMemo(() => {
    const out: number[] = [];
    const walk = (rows: TreeRow[]) => {
      for (const r of rows) {
        if (r.children) {
          out.push(r.id);
          walk(r.children);
        }
      }
    };
    walk(tree);
    return out;
  }, [tree]);

  const rates = useMemo(
    () =>
      m
        ? m.columns.map((c, i) => ({
            column: c,
            covered: requirementRows.filter((r) => r.cells[i].total > 0).length,
            total: requirementRows.length,
          }))
        : [],
    [m, requirementRows],
  );

  const drill = (orgId: number | null) => setView({ orgId, q: undefined });

  const header = (
    <PageHeader
      title={t('tasks.coverage.title')}
      subtitle={t('tasks.coverage.subtitle')}
      extra={
        <Flex gap={8} align="center" wrap>
          <label htmlFor="coverage-kind">{t('tasks.coverage.grassrootsKind')}</label>
          <Select<OrgKind>
            id="coverage-kind"
            value={view.kind}
            onChange={(k) => setView({ kind: k === 'branch' ? undefined : k })}
            options={KINDS.map((k) => ({ value: k, label: t(`tasks.coverage.kinds.${k}`) }))}
            style={{ width: 120 }}
          />
        </Flex>
      }
    />
  );

  if (matrix.isLoading) {
    return (
      <>
        {header}
        <Card>
          <Skeleton active paragraph={{ rows: 12 }} />
        </Card>
      </>
    );
  }
  if (matrix.isError || !m) {
    return (
      <>
        {header}
        <Card>
          <Result
            status="warning"
            title={errorMessage(matrix.error)}
            extra={<Button onClick={() => void matrix.refetch()}>{t('tasks.misc.retry')}</Button>}
          />
        </Card>
      </>
    );
  }

  const renderCell = (c: CoverageMatrixCell, column: Column, row: MatrixRow, index: number) => {
    const status = cellStatus(c);
    const style = CELL_STYLE[status];
    const useRatio = !column.self && column.grassroots > 0;
    const partial = useRatio && c.covered < column.grassroots;
    const label = useRatio
      ? t('tasks.coverage.covered', { covered: c.covered, total: column.grassroots })
      : c.total > 0
        ? formatNumber(c.total, lang)
        : '—';
    return (
      <Tooltip
        title={
          <div>
            <div>{t('tasks.coverage.cellHint', { open: c.open, late: c.late, verified: c.verified })}</div>
            {useRatio ? (
              <div>{t('tasks.coverage.coveredHint', { covered: c.covered, total: column.grassroots, kind: kindLabel })}</div>
            ) : null}
          </div>
        }
      >
        <button
          type="button"
          className="gt-coverage-cell"
          data-status={status}
          aria-label={`${row.code} ${nodeName(row)} · ${column.org.name}: ${label}`}
          onClick={() => setCell({ row, column, cell: c, columnIndex: index })}
          style={{
            width: '100%',
            minWidth: 64,
            height: 34,
            border: `1px solid ${style.border}`,
            borderStyle: status === 'none' ? 'dashed' : 'solid',
            background: style.bg,
            color: style.fg,
            borderRadius: 4,
            cursor: 'pointer',
            font: 'inherit',
            fontSize: 13,
            fontWeight: status === 'none' ? 400 : 600,
            position: 'relative',
            overflow: 'hidden',
          }}
        >
          {label}
          {useRatio && c.covered > 0 ? (
            <span
              aria-hidden
              style={{
                position: 'absolute',
                left: 0,
                bottom: 0,
                height: 3,
                width: `${(100 * c.covered) / column.grassroots}%`,
                background: partial ? '#FAAD14' : style.fg,
              }}
            />
          ) : null}
        </button>
      </Tooltip>
    );
  };

  const columns: TableProps<TreeRow>['columns'] = [
    {
      title: t('tasks.fields.framework'),
      key: 'node',
      fixed: 'left',
      width: lang === 'en' ? 300 : 280,
      render: (_: unknown, r) => (
        <Tooltip title={nodeName(r)} placement="right">
          <span style={{ display: 'inline-flex', gap: 6, maxWidth: 230, alignItems: 'baseline' }}>
            <Typography.Text type="secondary" style={{ flex: 'none' }}>
              {r.code}
            </Typography.Text>
            <Typography.Text ellipsis strong={r.kind !== 'requirement'} style={{ maxWidth: 200 }}>
              {nodeName(r)}
            </Typography.Text>
          </span>
        </Tooltip>
      ),
    },
    ...m.columns.map((c, i) => ({
      key: `c${c.org.id}`,
      width: 96,
      align: 'center' as const,
      title: (
        <Flex vertical align="center" gap={2} style={{ lineHeight: 1.3 }}>
          {c.drillable ? (
            <Tooltip title={t('tasks.coverage.drill')}>
              <Typography.Link onClick={() => drill(c.org.id)} style={{ fontSize: 13 }}>
                {c.org.name}
              </Typography.Link>
            </Tooltip>
          ) : (
            <Tooltip title={c.self ? t('tasks.coverage.selfHint', { org: c.org.name }) : c.org.name}>
              <span style={{ fontSize: 13 }}>{c.self ? t('tasks.coverage.self') : c.org.name}</span>
            </Tooltip>
          )}
          {c.grassroots > 0 && !c.self ? (
            <Typography.Text type="secondary" style={{ fontSize: 11, fontWeight: 400 }}>
              {c.grassroots} {kindLabel}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
      render: (_: unknown, r: TreeRow) => renderCell(r.cells[i], c, r, i),
    })),
  ];

  const rateOption: EChartOption = {
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rates.map((r) => (r.column.self ? t('tasks.coverage.self') : r.column.org.name)),
    },
    series: [
      {
        type: 'bar',
        barMaxWidth: 16,
        data: rates.map((r) => ({
          value: r.total ? Math.round((1000 * r.covered) / r.total) / 10 : 0,
          itemStyle: { color: r.covered === 0 ? '#D9D9D9' : '#1677FF' },
        })),
        label: { show: true, position: 'right', formatter: '{c}%' },
      },
    ],
  };

  const legend = (
    <Flex gap={12} wrap align="center">
      {(['none', 'late', 'open', 'verified'] as CellStatus[]).map((st) => (
        <Flex key={st} gap={6} align="center">
          <span
            aria-hidden
            style={{
              width: 22,
              height: 14,
              borderRadius: 3,
              background: CELL_STYLE[st].bg,
              border: `1px ${st === 'none' ? 'dashed' : 'solid'} ${CELL_STYLE[st].border}`,
            }}
          />
          <Typography.Text style={{ fontSize: 13 }}>{t(`tasks.coverage.${st}`)}</Typography.Text>
        </Flex>
      ))}
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t('tasks.coverage.legendRatio', { kind: kindLabel })}
      </Typography.Text>
    </Flex>
  );

  return (
    <>
      {header}
      <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBlock: 12 } }}>
        <Flex justify="space-between" align="center" gap={12} wrap>
          <Flex gap={8} align="center" wrap>
            <ApartmentOutlined aria-hidden />
            <Breadcrumb
              items={[
                ...m.ancestors.map((a) => ({ key: a.id, title: <Typography.Link onClick={() => drill(a.id)}>{a.name}</Typography.Link> })),
                { key: m.org.id, title: <strong>{m.org.name}</strong> },
              ]}
            />
            {m.ancestors.length > 0 ? (
              <Button size="small" icon={<ArrowUpOutlined />} onClick={() => drill(m.ancestors[m.ancestors.length - 1].id)}>
                {t('tasks.coverage.up')}
              </Button>
            ) : null}
          </Flex>
          <Typography.Text type="secondary">
            {m.year !== null ? `${t('tasks.coverage.year', { year: m.year })} · ` : ''}
            {t('tasks.coverage.asOf', { date: formatDate(m.asOf, lang) })}
          </Typography.Text>
        </Flex>
        <div style={{ marginTop: 10 }}>{legend}</div>
      </Card>
      {m.rows.length === 0 ? (
        <Card>
          <Empty description={t('tasks.coverage.noFramework')} />
        </Card>
      ) : (
        <>
          <Card
            style={{ marginBottom: 16 }}
            styles={{ body: { paddingTop: 12 } }}
            title={
              <Flex gap={12} align="center" wrap style={{ fontWeight: 'normal', paddingBlock: 8 }}>
                <Input.Search
                  allowClear
                  aria-label={t('tasks.coverage.search')}
                  placeholder={t('tasks.coverage.search')}
                  value={search}
                  onChange={(e) => setSearch(e.target.value)}
                  onSearch={(v) => setView({ q: v.trim() || undefined })}
                  style={{ width: 240 }}
                />
                <Flex gap={6} align="center">
                  <Switch id="coverage-gaps" size="small" checked={view.gaps} onChange={(v) => setView({ gaps: v ? '1' : undefined })} />
                  <label htmlFor="coverage-gaps">{t('tasks.coverage.onlyGaps')}</label>
                </Flex>
                <Segmented<'all' | 'pillars'>
                  size="small"
                  value={view.depth}
                  onChange={(v) => setView({ depth: v === 'all' ? undefined : v })}
                  options={[
                    { value: 'all', label: t('tasks.coverage.showAll') },
                    { value: 'pillars', label: t('tasks.coverage.showPillars') },
                  ]}
                />
              </Flex>
            }
            extra={
              <Typography.Text type="secondary">
                {requirementRows.length} {t('tasks.coverage.requirements')}
              </Typography.Text>
            }
          >
            {m.columns.length === 1 ? (
              <Alert type="info" showIcon title={t('tasks.coverage.noChildren')} style={{ marginBottom: 12 }} />
            ) : null}
            <Table<TreeRow>
              rowKey="key"
              size="small"
              columns={columns}
              dataSource={tree}
              pagination={false}
              expandable={{ expandedRowKeys: expandedKeys, showExpandColumn: false }}
              scroll={{ x: 300 + m.columns.length * 96, y: 'calc(100vh - 260px)' }}
              sticky
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> }}
              onRow={(r) => ({ style: r.kind === 'element' ? { background: '#FAFAFA' } : undefined })}
            />
          </Card>
          <Card
            title={t('tasks.coverage.rateChart')}
            extra={
              <Segmented<'chart' | 'table'>
                size="small"
                value={chartMode}
                onChange={setChartMode}
                options={[
                  { value: 'chart', label: t('tasks.coverage.chart') },
                  { value: 'table', label: t('tasks.coverage.table') },
                ]}
              />
            }
            styles={{ body: { paddingTop: 8 } }}
          >
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t('tasks.coverage.rateHint')}
            </Typography.Paragraph>
            {chartMode === 'chart' ? (
              <EChart
                option={rateOption}
                height={Math.max(120, rates.length * 26 + 24)}
                ariaLabel={t('tasks.coverage.rateChart')}
                onClick={(p) => {
                  const c = rates[p.dataIndex]?.column;
                  if (c?.drillable) {
                    drill(c.org.id);
                  }
                }}
              />
            ) : (
              <Table
                size="small"
                rowKey={(r) => r.column.org.id}
                pagination={false}
                dataSource={rates}
                columns={[
                  {
                    title: t('tasks.coverage.column'),
                    key: 'o',
                    render: (_: unknown, r) => (r.column.self ? t('tasks.coverage.self') : r.column.org.name),
                  },
                  {
                    title: t('tasks.coverage.rate'),
                    key: 'r',
                    align: 'right',
                    render: (_: unknown, r) => `${formatPercent(r.total ? r.covered / r.total : 0, lang)}（${r.covered}/${r.total}）`,
                  },
                ]}
              />
            )}
          </Card>
        </>
      )}
      <CoverageCellDrawer target={cell} matrix={m} kind={view.kind} onClose={() => setCell(null)} onDrill={drill} />
    </>
  );
}

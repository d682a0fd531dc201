import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import type { ComplianceCell, ComplianceRow, ComplianceRule, Obligation } from '@guantong/shared';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Checkbox,
  Empty,
  Flex,
  InputNumber,
  List,
  Result,
  Segmented,
  Select,
  Spin,
  Switch,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useNavigate, useParams } from 'react-router';
import { errorMessage, toQueryString } from '../../../api/client';
import { PageHeader } from '../../../components/PageHeader';
import { STATUS_COLORS } from '../../../components/status';
import { useUrlState } from '../../../components/useUrlState';
import { formatDate, formatNumber, formatPercent } from '../../../i18n/format';
import { toLang } from '../../../i18n/languages';
import { useCurrentUser } from '../../auth/auth.api';
import { useComplianceBranch, useComplianceMatrix, useComplianceRules, useUpdateComplianceRule } from '../meetings.api';
import { CELL_BG, CELL_FG, CELL_MARK, InactiveMemberLine, MissingObligationList, ObligationLine } from './ComplianceBits';

/** /compliance: the matrix and a branch's drill-down. */
export function ComplianceModule() {
  return (
    <Routes>
      <Route index element={<ComplianceHome />} />
      <Route path="branches/:id" element={<BranchPage />} />
    </Routes>
  );
}

function Cell({ cell, branch, label }: { cell: ComplianceCell; branch: boolean; label: string }) {
  const { t } = useTranslation();
  const text = !branch && cell.state === 'miss' ? String(cell.missed) : CELL_MARK[cell.state];
  return (
    <Tooltip
      title={`${label} · ${t(`meetings.compliance.legend.${cell.state}`)}${!branch && cell.missed ? ` · ${t('meetings.compliance.cellMissed', { missed: cell.missed })}` : ''}`}
    >
      <div
        data-state={cell.state}
        role="img"
        aria-label={`${label} ${t(`meetings.compliance.legend.${cell.state}`)}`}
        style={{
          background: CELL_BG[cell.state],
          color: CELL_FG[cell.state],
          textAlign: 'center',
          fontWeight: 600,
          borderRadius: 3,
          lineHeight: '26px',
          minWidth: 30,
        }}
      >
        {text}
      </div>
    </Tooltip>
  );
}

function Legend() {
  const { t } = useTranslation();
  return (
    <Flex gap={16} wrap style={{ fontSize: 12 }}>
      {(['ok', 'miss', 'open', 'na'] as const).map((s) => (
        <Flex key={s} gap={6} align="center">
          <span style={{ background: CELL_BG[s], color: CELL_FG[s], width: 22, textAlign: 'center', borderRadius: 3, fontWeight: 600 }}>
            {CELL_MARK[s]}
          </span>
          {t(`meetings.compliance.legend.${s}`)}
        </Flex>
      ))}
    </Flex>
  );
}

function RulesTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const canEdit = me.roles.some((r) => r === 'sysadmin' || r === 'org_admin');
  const rules = useComplianceRules();
  const update = useUpdateComplianceRule();
  const save = (code: string, patch: Parameters<typeof update.mutateAsync>[0]) =>
    update
      .mutateAsync({ ...patch, code })
      .then(() => void message.success(t('meetings.compliance.saved')))
      .catch((e: unknown) => void message.error(errorMessage(e)));
  return (
    <Flex vertical gap={8}>
      <Typography.Paragraph type="secondary">{t('meetings.compliance.rulesHelp')}</Typography.Paragraph>
      <Table<ComplianceRule>
        size="small"
        rowKey="code"
        loading={rules.isLoading}
        pagination={false}
        dataSource={rules.data ?? []}
        scroll={{ x: 900 }}
        columns={[
          { title: t('meetings.compliance.ruleCols.type'), dataIndex: 'meetingTypeName' },
          {
            title: t('meetings.compliance.ruleCols.period'),
            dataIndex: 'period',
            render: (v: ComplianceRule['period'], r) =>
              canEdit ? (
                <Select
                  size="small"
                  value={v}
                  style={{ width: 100 }}
                  aria-label={t('meetings.compliance.ruleCols.period')}
                  options={(['month', 'quarter', 'year'] as const).map((p) => ({ value: p, label: t(`meetings.compliance.periods.${p}`) }))}
                  onChange={(p) => save(r.code, { code: r.code, period: p })}
                />
              ) : (
                t(`meetings.compliance.periods.${v}`)
              ),
          },
          {
            title: t('meetings.compliance.ruleCols.min'),
            dataIndex: 'minCount',
            render: (v: number, r) =>
              canEdit ? (
                <InputNumber
                  size="small"
                  min={1}
                  max={100}
                  defaultValue={v}
                  aria-label={t('meetings.compliance.ruleCols.min')}
                  onBlur={(e) => Number(e.target.value) !== v && save(r.code, { code: r.code, minCount: Number(e.target.value) })}
                />
              ) : (
                v
              ),
          },
          {
            title: t('meetings.compliance.ruleCols.appliesTo'),
            dataIndex: 'appliesTo',
            render: (v: ComplianceRule['appliesTo']) => t(`meetings.compliance.appliesTo.${v}`),
          },
          {
            title: t('meetings.compliance.ruleCols.coverage'),
            dataIndex: 'coverage',
            render: (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`),
          },
          { title: t('meetings.compliance.ruleCols.source'), dataIndex: 'source', ellipsis: true },
          {
            title: t('meetings.compliance.ruleCols.active'),
            dataIndex: 'active',
            render: (v: boolean, r) => (
              <Switch
                size="small"
                checked={v}
                disabled={!canEdit}
                aria-label={t('meetings.compliance.ruleCols.active')}
                onChange={(a) => save(r.code, { code: r.code, active: a })}
              />
            ),
          },
        ]}
      />
    </Flex>
  );
}

function Matrix() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const navigate = useNavigate();
  const [state, setState] = useUrlState((p) => ({
    orgId: Number(p.get('orgId')) || undefined,
    year: Number(p.get('year')) || new Date().getFullYear(),
    view: p.get('view') === 'branches' ? ('branches' as const) : ('children' as const),
    onlyMissing: p.get('onlyMissing') === 'true' ? ('true' as const) : undefined,
    page: Number(p.get('page')) || 1,
  }));
  const query = { orgId: state.orgId, year: state.year, view: state.view, onlyMissing: state.onlyMissing, page: state.page, pageSize: 100 };
  const m = useComplianceMatrix(query);
  const years = Array.from({ length: 4 }, (_, i) => new Date().getFullYear() - i);
  if (m.error) {
    return <Alert type="error" showIcon title={errorMessage(m.error)} />;
  }
  const data = m.data;
  const monthLabel = (i: number) => (lang === 'zh-CN' ? `${i + 1}月` : String(i + 1));
  const open = (row: ComplianceRow) =>
    row.branch ? navigate(`/compliance/branches/${row.org.id}?year=${state.year}`) : setState({ orgId: row.org.id, page: 1 });
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap align="center">
        <span>{t('meetings.year')}</span>
        <Select
          aria-label={t('meetings.year')}
          value={state.year}
          style={{ width: 100 }}
          options={years.map((y) => ({ value: y, label: y }))}
          onChange={(v) => setState({ year: v, page: 1 })}
        />
        <Segmented
          value={state.view}
          onChange={(v) => setState({ view: v === 'branches' ? 'branches' : null, page: 1 })}
          options={[
            { value: 'children', label: t('meetings.compliance.view.children') },
            { value: 'branches', label: t('meetings.compliance.view.branches') },
          ]}
        />
        <Checkbox checked={!!state.onlyMissing} onChange={(e) => setState({ onlyMissing: e.target.checked ? 'true' : null, page: 1 })}>
          {t('meetings.compliance.onlyMissing')}
        </Checkbox>
        <Button
          icon={<DownloadOutlined />}
          href={`/api/compliance/matrix.xlsx${toQueryString({ orgId: state.orgId, year: state.year, view: state.view, onlyMissing: state.onlyMissing })}`}
        >
          {t('meetings.export')}
        </Button>
      </Flex>
      {data ? (
        <Breadcrumb
          items={[...data.ancestors, data.org].map((o, i, all) => ({
            key: o.id,
            title:
              i === all.length - 1 ? (
                <Typography.Text strong>{o.name}</Typography.Text>
              ) : (
                <a
                  href={`?orgId=${o.id}&year=${state.year}`}
                  onClick={(e) => {
                    e.preventDefault();
                    setState({ orgId: o.id, page: 1 });
                  }}
                >
                  {o.name}
                </a>
              ),
          }))}
        />
      ) : null}
      {data ? (
        <Typography.Text data-testid="compliance-totals">
          {t('meetings.compliance.totals', {
            branches: formatNumber(data.totals.branches, lang),
            due: formatNumber(data.totals.due, lang),
            met: formatNumber(data.totals.met, lang),
            rate: formatPercent(data.totals.rate, lang),
          })}
        </Typography.Text>
      ) : null}
      <Legend />
      <Table<ComplianceRow>
        size="small"
        rowKey={(r) => r.org.id}
        loading={m.isLoading || m.isFetching}
        dataSource={data?.rows ?? []}
        locale={{ emptyText: <Empty description={t('meetings.compliance.empty')} /> }}
        scroll={{ x: 1100 }}
        pagination={
          data && data.total > 100
            ? { current: state.page, pageSize: 100, total: data.total, showSizeChanger: false, onChange: (p) => setState({ page: p }) }
            : false
        }
        onRow={(row) => ({ 'data-org': row.org.code }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('meetings.org'),
            key: 'org',
            fixed: 'left',
            width: 230,
            render: (_, r) => (
              <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }} onClick={() => open(r)}>
                {r.org.name}
              </Button>
            ),
          },
          ...Array.from({ length: 12 }, (_, i) => ({
            title: monthLabel(i),
            key: `m${i}`,
            width: 52,
            render: (_: unknown, r: ComplianceRow) => (
              <button
                type="button"
                onClick={() => open(r)}
                style={{ all: 'unset', cursor: 'pointer', display: 'block' }}
                data-month={i + 1}
              >
                <Cell cell={r.months[i] ?? { state: 'na', missed: 0, met: 0 }} branch={r.branch} label={`${r.org.name} ${monthLabel(i)}`} />
              </button>
            ),
          })),
          {
            title: t('meetings.compliance.yearCol'),
            key: 'year',
            width: 80,
            render: (_: unknown, r: ComplianceRow) => (
              <Cell cell={r.year} branch={r.branch} label={`${r.org.name} ${t('meetings.compliance.yearCol')}`} />
            ),
          },
          { title: t('meetings.compliance.branches'), dataIndex: 'branches', width: 70, align: 'right' },
          {
            title: t('meetings.compliance.rate'),
            key: 'rate',
            width: 80,
            align: 'right',
            render: (_: unknown, r: ComplianceRow) => (
              <span style={{ color: r.rate !== null && r.rate < 0.9 ? STATUS_COLORS.overdue.hex : undefined }}>
                {formatPercent(r.rate, lang)}
              </span>
            ),
          },
        ]}
      />
    </Flex>
  );
}

/** The matrix page with the frequency rules. */
function ComplianceHome() {
  const { t } = useTranslation();
  const [state, setState] = useUrlState((p) => ({ tab: p.get('tab') ?? 'matrix' }));
  return (
    <>
      <PageHeader title={t('meetings.compliance.title')} subtitle={t('meetings.compliance.subtitle')} />
      <Card>
        <Tabs
          activeKey={state.tab}
          onChange={(k) => setState({ tab: k === 'matrix' ? null : k })}
          items={[
            { key: 'matrix', label: t('meetings.compliance.matrixTab'), children: <Matrix /> },
            { key: 'rules', label: t('meetings.compliance.rules'), children: <RulesTab /> },
          ]}
        />
      </Card>
    </>
  );
}

/** A branch's year: obligations by rule, what is missing now (with a link to record it), inactive members. */
function BranchPage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { id } = useParams();
  const [state] = useUrlState((p) => ({ year: Number(p.get('year')) || new Date().getFullYear() }));
  const b = useComplianceBranch(Number(id), state.year);
  if (b.isLoading) {
    return <Spin />;
  }
  if (b.error || !b.data) {
    return <Result status="404" title={errorMessage(b.error)} extra={<Link to="/compliance">{t('meetings.compliance.back')}</Link>} />;
  }
  const d = b.data;
  const byRule = new Map<string, Obligation[]>();
  for (const o of d.obligations) {
    const key = `${o.ruleCode}|${o.org.id}`;
    byRule.set(key, [...(byRule.get(key) ?? []), o]);
  }
  return (
    <>
      <Link to={`/compliance?year=${state.year}`}>
        <ArrowLeftOutlined /> {t('meetings.compliance.back')}
      </Link>
      <PageHeader
        title={`${d.org.name} · ${t('meetings.compliance.branchDetail')}`}
        subtitle={[
          d.hasCommittee ? t('meetings.compliance.hasCommittee') : t('meetings.compliance.noCommittee'),
          d.groups.length ? t('meetings.compliance.groups', { names: d.groups.map((g) => g.name).join('、') }) : null,
          d.foundedOn ? t('meetings.compliance.foundedOn', { date: formatDate(d.foundedOn, lang) }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      />
      <Flex vertical gap={16}>
        <Card title={t('meetings.compliance.missingNow')}>
          {d.missingNow.length === 0 ? (
            <Typography.Text type="success">{t('meetings.compliance.noMissing')}</Typography.Text>
          ) : (
            <MissingObligationList items={d.missingNow} />
          )}
        </Card>
        <Card title={t('meetings.compliance.inactive')}>
          {d.inactiveMembers.length === 0 ? (
            <Typography.Text type="secondary">{t('meetings.compliance.noInactive')}</Typography.Text>
          ) : (
            <List
              dataSource={d.inactiveMembers}
              renderItem={(x) => (
                <List.Item>
                  <InactiveMemberLine member={x} />
                </List.Item>
              )}
            />
          )}
        </Card>
        <Card title={t('meetings.compliance.obligations')}>
          <Flex vertical gap={12}>
            {[...byRule.values()].map((list) => {
              const first = list[0];
              if (!first) {
                return null;
              }
              return (
                <div key={`${first.ruleCode}|${first.org.id}`}>
                  <Typography.Text strong>
                    {first.meetingTypeName}
                    {first.org.kind === 'group' ? ` · ${first.org.name}` : ''}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                    {first.source}
                  </Typography.Text>
                  <Flex gap={4} wrap style={{ marginTop: 4 }}>
                    {list.map((o) => (
                      <Tooltip key={o.periodKey} title={<ObligationLine o={o} />}>
                        <Tag color={o.state === 'ok' ? 'green' : o.state === 'miss' ? 'red' : o.state === 'open' ? 'gold' : 'default'}>
                          {o.periodKey.replace(`${state.year}-`, '')} {CELL_MARK[o.state]}
                        </Tag>
                      </Tooltip>
                    ))}
                  </Flex>
                </div>
              );
            })}
          </Flex>
        </Card>
      </Flex>
    </>
  );
}

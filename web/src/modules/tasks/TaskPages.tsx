import type { TaskSummary, TaskSummaryQuery } from '@guantong/shared';
import { Card, Col, Flex, Row, Segmented, Skeleton, Table, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../components/StatusPages';
import { formatNumber, formatPercent } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { EChart, type EChartOption } from './EChart';
import { LIGHT_HEX, type Light } from './TaskBits';
import { TaskDetailRoute } from './TaskDetailPage';
import { TaskListView } from './TaskListView';
import type { LightFilter, ListState } from './taskQuery';
import { useTaskSummary } from './tasks.api';

/** `/tasks`: 我的任务, and every task's own page at `/tasks/:id` (notifications link there). */
export function MyTasksPage() {
  return (
    <Routes>
      <Route index element={<TaskListView view="mine" />} />
      <Route path=":id" element={<TaskDetailRoute />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}

/** `/tasks/org`: 本组织任务. */
export function OrgTasksPage() {
  return <TaskListView view="org" />;
}

/** `/tasks/issued`: 我下达的 (newest first). */
export function IssuedTasksPage() {
  return <TaskListView view="issued" defaultSort={{ sort: 'createdAt', order: 'desc' }} />;
}

/** `/tasks/board`: 督办看板 — the lights over the scope, then the list, the longest overdue first. */
export function SupervisionBoardPage() {
  return (
    <TaskListView
      view="board"
      defaultSort={{ sort: 'dueOn', order: 'asc' }}
      top={(state, setLight) => <BoardLights state={state} setLight={setLight} />}
    />
  );
}

const TILES: Light[] = ['red', 'escalated', 'yellow', 'flagged', 'stale', 'reported', 'green'];

function BoardLights({ state, setLight }: { state: ListState; setLight: (l: LightFilter | null) => void }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const q = state.query;
  const summaryQuery: TaskSummaryQuery = useMemo(
    () => ({
      view: 'org',
      orgId: q.orgId,
      level: q.level,
      frameworkNodeId: q.frameworkNodeId,
      dueFrom: q.dueFrom,
      dueTo: q.dueTo,
      q: q.q,
    }),
    [q.orgId, q.level, q.frameworkNodeId, q.dueFrom, q.dueTo, q.q],
  );
  const summary = useTaskSummary(summaryQuery);
  const board = useTaskSummary({ ...summaryQuery, view: 'board' });
  const [mode, setMode] = useState<'chart' | 'table'>('chart');
  const s = summary.data;

  const countOf = (l: Light, x: TaskSummary): number =>
    ({
      green: x.green,
      yellow: x.yellow,
      red: x.red,
      escalated: x.escalated,
      flagged: x.flagged,
      stale: x.stale,
      reported: x.reported,
      done: x.done,
    })[l];

  const slices: Array<{ light: Light; value: number }> = s
    ? (['red', 'yellow', 'green', 'reported'] as Light[]).map((l) => ({ light: l, value: countOf(l, s) }))
    : [];
  const sliceTotal = slices.reduce((a, b) => a + b.value, 0);
  const option: EChartOption = {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    series: [
      {
        type: 'pie',
        radius: ['52%', '78%'],
        avoidLabelOverlap: true,
        label: { show: true, formatter: '{b}\n{c}', fontSize: 12 },
        data: slices.map((x) => ({ name: t(`tasks.light.${x.light}`), value: x.value, itemStyle: { color: LIGHT_HEX[x.light] } })),
      },
    ],
  };

  return (
    <Card
      title={t('tasks.board.lights')}
      extra={<Typography.Text type="secondary">{t('tasks.board.lightsHint')}</Typography.Text>}
      style={{ marginBottom: 16 }}
    >
      {!s ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={15}>
            <div
              className="gt-light-grid"
              style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 12 }}
            >
              <LightTile
                label={t('tasks.board.all')}
                value={board.data?.total ?? 0}
                color="#262626"
                hint={t('tasks.views.board.subtitle')}
                active={state.light === null}
                onClick={() => setLight(null)}
                lang={lang}
              />
              {TILES.map((l) => (
                <LightTile
                  key={l}
                  label={t(`tasks.light.${l}`)}
                  value={countOf(l, s)}
                  color={LIGHT_HEX[l]}
                  hint={t(`tasks.lightHint.${l}`)}
                  active={state.light === l}
                  onClick={() => setLight(state.light === l ? null : (l as LightFilter))}
                  lang={lang}
                />
              ))}
            </div>
          </Col>
          <Col xs={24} xl={9}>
            <Flex justify="space-between" align="center">
              <Typography.Text strong>{t('tasks.board.chart')}</Typography.Text>
              <Segmented<'chart' | 'table'>
                size="small"
                value={mode}
                onChange={setMode}
                options={[
                  { value: 'chart', label: t('tasks.board.chartChart') },
                  { value: 'table', label: t('tasks.board.chartTable') },
                ]}
              />
            </Flex>
            {mode === 'chart' ? (
              <EChart
                option={option}
                height={200}
                ariaLabel={t('tasks.board.chart')}
                onClick={(p) => {
                  const l = slices[p.dataIndex]?.light;
                  if (l && l !== 'done') {
                    setLight(l as LightFilter);
                  }
                }}
              />
            ) : (
              <Table
                size="small"
                rowKey="light"
                pagination={false}
                style={{ marginTop: 8 }}
                dataSource={slices}
                columns={[
                  { title: t('tasks.columns.light'), key: 'l', render: (_: unknown, x) => t(`tasks.light.${x.light}`) },
                  { title: t('tasks.board.count'), key: 'c', align: 'right', render: (_: unknown, x) => formatNumber(x.value, lang) },
                  {
                    title: t('tasks.board.share'),
                    key: 's',
                    align: 'right',
                    render: (_: unknown, x) => formatPercent(sliceTotal ? x.value / sliceTotal : 0, lang),
                  },
                ]}
              />
            )}
          </Col>
        </Row>
      )}
    </Card>
  );
}

function LightTile({
  label,
  value,
  color,
  hint,
  active,
  onClick,
  lang,
}: {
  label: string;
  value: number;
  color: string;
  hint: string;
  active: boolean;
  onClick: () => void;
  lang: 'zh-CN' | 'en';
}) {
  return (
    <Tooltip title={hint}>
      <button
        type="button"
        onClick={onClick}
        aria-pressed={active}
        style={{
          textAlign: 'start',
          cursor: 'pointer',
          background: active ? '#FFF' : '#FAFAFA',
          border: `1px solid ${active ? color : '#F0F0F0'}`,
          boxShadow: active ? `0 0 0 2px ${color}22` : 'none',
          borderRadius: 8,
          padding: '10px 12px',
          font: 'inherit',
        }}
      >
        <span style={{ display: 'flex', alignItems: 'center', gap: 6, color: '#595959', fontSize: 13 }}>
          <span aria-hidden style={{ width: 10, height: 10, borderRadius: '50%', background: color }} />
          {label}
        </span>
        <span style={{ display: 'block', fontSize: 26, fontWeight: 600, color: value > 0 ? color : '#BFBFBF', lineHeight: 1.4 }}>
          {formatNumber(value, lang)}
        </span>
      </button>
    </Tooltip>
  );
}

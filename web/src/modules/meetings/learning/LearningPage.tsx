import { PlusOutlined } from '@ant-design/icons';
import {
  type LearningPerson,
  type LearningStats,
  type Makeup,
  type Reflection,
  STUDY_MODES,
  type StudyPlan,
  type StudyPlanItemInput,
} from '@guantong/shared';
import {
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Progress,
  Row,
  Segmented,
  Select,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorMessage } from '../../../api/client';
import { OrgTreeSelect } from '../../../components/OrgTreeSelect';
import { PageHeader } from '../../../components/PageHeader';
import { useUrlState } from '../../../components/useUrlState';
import { formatDate, formatNumber, formatPercent } from '../../../i18n/format';
import { type Lang, toLang } from '../../../i18n/languages';
import { useCurrentUser } from '../../auth/auth.api';
import {
  useCompleteMakeup,
  useLearningPeople,
  useLearningStats,
  useMakeups,
  usePlanMutations,
  useReflectionMutations,
  useReflections,
  useStudyPlans,
} from '../meetings.api';
import { StudyChart } from './StudyChart';

const WRITERS = ['org_admin', 'secretary'];

function StatsTab({ stats, lang }: { stats: LearningStats | undefined; lang: Lang }) {
  const { t } = useTranslation();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  const modeOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      grid: { left: 40, right: 16, top: 24, bottom: 48 },
      xAxis: {
        type: 'category',
        data: (stats?.byMode ?? []).map((b) => t(`meetings.studyModes.${b.mode}`)),
        axisLabel: { interval: 0, fontSize: 11 },
      },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: t('meetings.learning.sessions'),
          type: 'bar',
          data: (stats?.byMode ?? []).map((b) => b.sessions),
          itemStyle: { color: '#C8161D' },
          barMaxWidth: 40,
        },
      ],
    }),
    [stats, t],
  );
  const monthOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 48, right: 48, top: 24, bottom: 48 },
      xAxis: { type: 'category', data: (stats?.byMonth ?? []).map((b) => b.month.slice(5)) },
      yAxis: [
        { type: 'value', name: t('meetings.learning.sessions'), minInterval: 1 },
        { type: 'value', name: t('meetings.learning.personHours') },
      ],
      series: [
        {
          name: t('meetings.learning.sessions'),
          type: 'bar',
          data: (stats?.byMonth ?? []).map((b) => b.sessions),
          itemStyle: { color: '#d4380d' },
          barMaxWidth: 28,
        },
        {
          name: t('meetings.learning.personHours'),
          type: 'line',
          yAxisIndex: 1,
          data: (stats?.byMonth ?? []).map((b) => b.personHours),
          itemStyle: { color: '#1677FF' },
        },
      ],
    }),
    [stats, t],
  );
  if (!stats) {
    return null;
  }
  return (
    <Flex vertical gap={16}>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={4}>
          <Statistic title={t('meetings.learning.members')} value={formatNumber(stats.members, lang)} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('meetings.learning.sessions')} value={formatNumber(stats.sessions, lang)} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={t('meetings.learning.hoursPerMember')}
            value={stats.hoursPerMember === null ? '—' : formatNumber(stats.hoursPerMember, lang, 1)}
          />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('meetings.learning.attendanceRate')} value={formatPercent(stats.attendanceRate, lang)} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={t('meetings.learning.reflectionsCount')}
            value={formatNumber(stats.reflections.submitted + stats.reflections.approved, lang)}
          />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={t('meetings.learning.tabs.makeups')}
            value={`${stats.makeups.done} / ${stats.makeups.done + stats.makeups.assigned}`}
          />
        </Col>
      </Row>
      {stats.sessions === 0 ? <Empty description={t('meetings.learning.noData')} /> : null}
      <Flex justify="flex-end">
        <Segmented
          value={view}
          onChange={(v) => setView(v as 'chart' | 'table')}
          options={[
            { value: 'chart', label: t('meetings.learning.chartView') },
            { value: 'table', label: t('meetings.learning.chartTable') },
          ]}
        />
      </Flex>
      {view === 'chart' ? (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Card size="small" title={t('meetings.learning.byMode')}>
              <StudyChart option={modeOption} height={260} ariaLabel={t('meetings.learning.byMode')} />
            </Card>
          </Col>
          <Col xs={24} lg={14}>
            <Card size="small" title={t('meetings.learning.byMonth')}>
              <StudyChart option={monthOption} height={260} ariaLabel={t('meetings.learning.byMonth')} />
            </Card>
          </Col>
        </Row>
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Table
              size="small"
              rowKey="mode"
              pagination={false}
              dataSource={stats.byMode}
              columns={[
                { title: t('meetings.learning.mode'), dataIndex: 'mode', render: (m: string) => t(`meetings.studyModes.${m as 'expert'}`) },
                { title: t('meetings.learning.sessions'), dataIndex: 'sessions', align: 'right' },
                { title: t('meetings.learning.hours'), dataIndex: 'hours', align: 'right' },
              ]}
            />
          </Col>
          <Col xs={24} lg={14}>
            <Table
              size="small"
              rowKey="month"
              pagination={false}
              dataSource={stats.byMonth}
              columns={[
                { title: t('meetings.learning.plannedMonth'), dataIndex: 'month' },
                { title: t('meetings.learning.sessions'), dataIndex: 'sessions', align: 'right' },
                { title: t('meetings.learning.personHours'), dataIndex: 'personHours', align: 'right' },
              ]}
            />
          </Col>
        </Row>
      )}
      {stats.children.length > 0 ? (
        <Card size="small" title={t('meetings.learning.children')}>
          <Table
            size="small"
            rowKey={(r) => r.org.id}
            pagination={false}
            dataSource={stats.children}
            scroll={{ x: 700 }}
            columns={[
              { title: t('meetings.org'), key: 'org', render: (_, r) => r.org.name },
              { title: t('meetings.learning.members'), dataIndex: 'members', align: 'right' },
              { title: t('meetings.learning.sessions'), dataIndex: 'sessions', align: 'right' },
              {
                title: t('meetings.learning.personHours'),
                dataIndex: 'personHours',
                align: 'right',
                render: (v: number) => formatNumber(v, lang, 1),
              },
              {
                title: t('meetings.learning.hoursPerMember'),
                dataIndex: 'hoursPerMember',
                align: 'right',
                render: (v: number | null) => (v === null ? '—' : formatNumber(v, lang, 1)),
              },
              {
                title: t('meetings.learning.attendanceRate'),
                dataIndex: 'attendanceRate',
                align: 'right',
                render: (v: number | null) => formatPercent(v, lang),
              },
              { title: t('meetings.learning.reflectionsCount'), dataIndex: 'reflections', align: 'right' },
            ]}
          />
        </Card>
      ) : null}
    </Flex>
  );
}

function PlanModal({ open, orgId, year, onClose }: { open: boolean; orgId: number | undefined; year: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const m = usePlanMutations();
  const [form] = Form.useForm<{ orgId?: number; title: string; targetHours?: number; items: StudyPlanItemInput[] }>();
  return (
    <Modal
      open={open}
      width={760}
      title={t('meetings.learning.newPlan')}
      onCancel={onClose}
      confirmLoading={m.create.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ orgId, title: `${year}年理论学习计划`, items: [{ topic: '', materials: '', plannedMonth: `${year}-01` }] }}
        onFinish={(v) =>
          m.create
            .mutateAsync({
              orgId: v.orgId ?? 0,
              year,
              title: v.title,
              description: '',
              targetHours: v.targetHours ?? null,
              items: (v.items ?? []).filter((i) => i.topic?.trim()).map((i) => ({ ...i, materials: i.materials ?? '' })),
            })
            .then(() => {
              onClose();
              void message.success(t('meetings.form.saved'));
            })
            .catch((e: unknown) => void message.error(errorMessage(e)))
        }
      >
        <Form.Item name="orgId" label={t('meetings.org')} rules={[{ required: true, message: t('meetings.form.required') }]}>
          <OrgTreeSelect aria-label={t('meetings.org')} />
        </Form.Item>
        <Flex gap={16}>
          <Form.Item
            name="title"
            label={t('meetings.learning.planTitle')}
            rules={[{ required: true, message: t('meetings.form.required') }]}
            style={{ flex: 1 }}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="targetHours" label={t('meetings.learning.planTargetHours')}>
            <InputNumber min={0} max={1000} />
          </Form.Item>
        </Flex>
        <Typography.Text strong>{t('meetings.learning.planItems')}</Typography.Text>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <Flex vertical gap={8} style={{ marginTop: 8 }}>
              {fields.map((f) => (
                <Flex key={f.key} gap={8} wrap align="flex-start">
                  <Form.Item name={[f.name, 'topic']} style={{ flex: '2 1 220px', margin: 0 }}>
                    <Input placeholder={t('meetings.learning.topic')} aria-label={t('meetings.learning.topic')} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'mode']} style={{ width: 150, margin: 0 }}>
                    <Select
                      allowClear
                      placeholder={t('meetings.learning.mode')}
                      options={STUDY_MODES.map((mo) => ({ value: mo, label: t(`meetings.studyModes.${mo}`) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'plannedMonth']} style={{ width: 110, margin: 0 }}>
                    <Select
                      aria-label={t('meetings.learning.plannedMonth')}
                      options={Array.from({ length: 12 }, (_, i) => ({
                        value: `${year}-${String(i + 1).padStart(2, '0')}`,
                        label: `${year}-${String(i + 1).padStart(2, '0')}`,
                      }))}
                    />
                  </Form.Item>
                  <Button onClick={() => remove(f.name)} danger>
                    {t('meetings.form.remove')}
                  </Button>
                </Flex>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ topic: '', materials: '' })}>
                {t('meetings.form.addItem')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function PlansTab({ plans, lang }: { plans: StudyPlan[]; lang: Lang }) {
  const { t } = useTranslation();
  if (plans.length === 0) {
    return <Empty description={t('meetings.learning.noPlans')} />;
  }
  return (
    <Flex vertical gap={16}>
      {plans.map((p) => (
        <Card
          key={p.id}
          size="small"
          title={`${p.org.name} · ${p.title}`}
          extra={
            <Progress type="circle" size={40} percent={p.progress.items ? Math.round((p.progress.done / p.progress.items) * 100) : 0} />
          }
        >
          <Typography.Paragraph type="secondary">{t('meetings.learning.progress', p.progress)}</Typography.Paragraph>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={p.items}
            columns={[
              { title: '#', dataIndex: 'position', width: 40 },
              { title: t('meetings.learning.topic'), dataIndex: 'topic' },
              {
                title: t('meetings.learning.mode'),
                dataIndex: 'mode',
                render: (m: string | null) => (m ? t(`meetings.studyModes.${m as 'expert'}`) : '—'),
              },
              { title: t('meetings.learning.plannedMonth'), dataIndex: 'plannedMonth', render: (v: string | null) => v ?? '—' },
              {
                title: '',
                key: 'done',
                render: (_, i) =>
                  i.done ? (
                    <Tag color="green">{t('meetings.learning.itemSessions', { n: i.sessions })}</Tag>
                  ) : (
                    <Tag>{t('meetings.learning.notYet')}</Tag>
                  ),
              },
            ]}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatDate(p.updatedAt, lang)}
          </Typography.Text>
        </Card>
      ))}
    </Flex>
  );
}

function PeopleTab({ orgId, year, lang }: { orgId: number | undefined; year: number; lang: Lang }) {
  const { t } = useTranslation();
  const [page, setPage] = useState({ page: 1, pageSize: 20, sort: 'hours', order: 'desc', q: '' });
  const data = useLearningPeople({ orgId, year, ...page, q: page.q || undefined });
  return (
    <Flex vertical gap={8}>
      <Input.Search
        style={{ width: 240 }}
        allowClear
        placeholder={t('meetings.learning.person')}
        onSearch={(v) => setPage({ ...page, q: v, page: 1 })}
      />
      <Table<LearningPerson>
        size="small"
        rowKey={(r) => r.person.id}
        loading={data.isLoading}
        dataSource={data.data?.items ?? []}
        pagination={{ current: page.page, pageSize: page.pageSize, total: data.data?.total ?? 0 }}
        onChange={(p, _f, s) => {
          const sorter = Array.isArray(s) ? s[0] : s;
          setPage({
            ...page,
            page: p.current ?? 1,
            pageSize: p.pageSize ?? 20,
            sort: sorter?.order ? String(sorter.columnKey) : 'hours',
            order: sorter?.order === 'ascend' ? 'asc' : 'desc',
          });
        }}
        columns={[
          {
            title: t('meetings.learning.person'),
            key: 'name',
            sorter: true,
            render: (_, r) => `${r.person.name}（${r.person.employeeNo}）`,
          },
          { title: t('meetings.learning.branch'), dataIndex: 'orgName' },
          { title: t('meetings.learning.expected'), dataIndex: 'sessionsExpected', align: 'right' },
          { title: t('meetings.learning.present'), dataIndex: 'sessionsPresent', align: 'right' },
          { title: t('meetings.learning.makeupsDone'), dataIndex: 'makeupsDone', align: 'right' },
          {
            title: t('meetings.learning.hours'),
            key: 'hours',
            dataIndex: 'hours',
            align: 'right',
            sorter: true,
            render: (v: number) => formatNumber(v, lang, 1),
          },
          { title: t('meetings.learning.reflectionsCount'), key: 'reflections', dataIndex: 'reflections', align: 'right', sorter: true },
        ]}
      />
    </Flex>
  );
}

function ReflectionsTab({ orgId, lang }: { orgId: number | undefined; lang: Lang }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [mine, setMine] = useState(false);
  const [page, setPage] = useState(1);
  const [writing, setWriting] = useState(false);
  const [form] = Form.useForm<{ title: string; body: string }>();
  const list = useReflections({ orgId: mine ? undefined : orgId, mine: mine ? 'true' : undefined, page, pageSize: 10 });
  const mut = useReflectionMutations();
  const review = (r: Reflection, decision: 'approved' | 'returned') => {
    let comment = '';
    modal.confirm({
      title: decision === 'approved' ? t('meetings.learning.approve') : t('meetings.learning.return'),
      content: (
        <Input.TextArea
          aria-label={t('meetings.learning.reviewComment')}
          placeholder={t('meetings.learning.reviewComment')}
          onChange={(e) => (comment = e.target.value)}
        />
      ),
      onOk: () =>
        mut.review.mutateAsync({ id: r.id, decision, comment: comment || null }).catch((e: unknown) => void message.error(errorMessage(e))),
    });
  };
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} justify="space-between" wrap>
        <Segmented
          value={mine ? 'mine' : 'all'}
          onChange={(v) => setMine(v === 'mine')}
          options={[
            { value: 'all', label: t('meetings.orgPlaceholder') },
            { value: 'mine', label: t('meetings.learning.mine') },
          ]}
        />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setWriting(true)}>
          {t('meetings.learning.newReflection')}
        </Button>
      </Flex>
      <Table<Reflection>
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('meetings.learning.noReflections') }}
        pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage }}
        expandable={{
          expandedRowRender: (r) => <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{r.body}</Typography.Paragraph>,
        }}
        columns={[
          { title: t('meetings.learning.reflectionTitle'), dataIndex: 'title' },
          { title: t('meetings.learning.person'), key: 'person', render: (_, r) => r.person.name },
          { title: t('meetings.org'), key: 'org', render: (_, r) => r.org.name },
          { title: t('meetings.columns.date'), dataIndex: 'submittedOn', render: (v: string) => formatDate(v, lang) },
          {
            title: t('meetings.columns.status'),
            dataIndex: 'status',
            render: (s: Reflection['status'], r) => (
              <Flex vertical>
                <Tag color={s === 'approved' ? 'green' : s === 'returned' ? 'red' : 'blue'}>
                  {t(`meetings.learning.reflectionStatus.${s}`)}
                </Tag>
                {r.reviewComment ? <Typography.Text type="secondary">{r.reviewComment}</Typography.Text> : null}
              </Flex>
            ),
          },
          {
            title: '',
            key: 'act',
            render: (_, r) =>
              r.canReview ? (
                <Flex gap={4}>
                  <Button size="small" onClick={() => review(r, 'approved')}>
                    {t('meetings.learning.approve')}
                  </Button>
                  <Button size="small" danger onClick={() => review(r, 'returned')}>
                    {t('meetings.learning.return')}
                  </Button>
                </Flex>
              ) : null,
          },
        ]}
      />
      <Modal
        open={writing}
        title={t('meetings.learning.newReflection')}
        onCancel={() => setWriting(false)}
        onOk={() => form.submit()}
        confirmLoading={mut.submit.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(v) =>
            mut.submit
              .mutateAsync({ title: v.title, body: v.body })
              .then(() => {
                setWriting(false);
                void message.success(t('meetings.learning.submitted'));
              })
              .catch((e: unknown) => void message.error(errorMessage(e)))
          }
        >
          <Form.Item
            name="title"
            label={t('meetings.learning.reflectionTitle')}
            rules={[{ required: true, message: t('meetings.form.required') }]}
          >
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item
            name="body"
            label={t('meetings.learning.reflectionBody')}
            extra={t('meetings.learning.reflectionBodyHelp')}
            rules={[{ required: true, min: 20, message: t('meetings.learning.reflectionBodyHelp') }]}
          >
            <Input.TextArea rows={8} maxLength={20000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

function MakeupsTab({ orgId, lang }: { orgId: number | undefined; lang: Lang }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [status, setStatus] = useState<'assigned' | 'done'>('assigned');
  const [page, setPage] = useState(1);
  const list = useMakeups({ orgId, status, page, pageSize: 20 });
  const done = useCompleteMakeup();
  const complete = (mk: Makeup) => {
    let on = dayjs();
    modal.confirm({
      title: t('meetings.learning.markDone'),
      content: <DatePicker aria-label={t('meetings.learning.doneOn')} defaultValue={on} onChange={(d) => (on = d ?? dayjs())} />,
      onOk: () =>
        done.mutateAsync({ id: mk.id, doneOn: on.format('YYYY-MM-DD') }).catch((e: unknown) => void message.error(errorMessage(e))),
    });
  };
  return (
    <Flex vertical gap={12}>
      <Segmented
        value={status}
        onChange={(v) => setStatus(v as 'assigned' | 'done')}
        options={(['assigned', 'done'] as const).map((s) => ({ value: s, label: t(`meetings.learning.makeupStatus.${s}`) }))}
      />
      <Table<Makeup>
        size="small"
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: t('meetings.learning.noMakeups') }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('meetings.learning.person'), key: 'p', render: (_, r) => r.person.name },
          {
            title: t('meetings.columns.title'),
            key: 'm',
            render: (_, r) => <Link to={`/meetings/${r.meeting.id}`}>{r.meeting.title}</Link>,
          },
          { title: t('meetings.org'), key: 'o', render: (_, r) => r.meeting.orgName },
          { title: t('meetings.columns.date'), key: 'd', render: (_, r) => formatDate(r.meeting.meetingDate, lang) },
          { title: t('meetings.learning.doneOn'), dataIndex: 'doneOn', render: (v: string | null) => formatDate(v, lang) },
          {
            title: '',
            key: 'a',
            render: (_, r) =>
              r.status === 'assigned' ? (
                <Button size="small" onClick={() => complete(r)}>
                  {t('meetings.learning.markDone')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Flex>
  );
}

/** 理论学习（五学）: statistics with charts, study plans, hours per person, reflections, make-up study. */
export function LearningPage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const me = useCurrentUser();
  const canWrite = me.roles.some((r) => WRITERS.includes(r));
  const [state, setState] = useUrlState((p) => ({
    tab: p.get('tab') ?? 'stats',
    orgId: Number(p.get('orgId')) || undefined,
    year: Number(p.get('year')) || new Date().getFullYear(),
  }));
  const stats = useLearningStats(state.orgId, state.year);
  const plans = useStudyPlans(state.orgId, state.year);
  const [planOpen, setPlanOpen] = useState(false);
  const years = Array.from({ length: 4 }, (_, i) => new Date().getFullYear() - i);
  return (
    <>
      <PageHeader
        title={t('meetings.learning.title')}
        subtitle={t('meetings.learning.subtitle')}
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setPlanOpen(true)}>
              {t('meetings.learning.newPlan')}
            </Button>
          ) : null
        }
      />
      <Card>
        <Flex gap={8} wrap align="center" style={{ marginBottom: 8 }}>
          <span>{t('meetings.org')}</span>
          <div style={{ width: 320, maxWidth: '100%' }}>
            <OrgTreeSelect
              aria-label={t('meetings.org')}
              value={state.orgId}
              allowClear
              placeholder={t('meetings.orgPlaceholder')}
              onChange={(v) => setState({ orgId: v ?? null })}
            />
          </div>
          <span>{t('meetings.year')}</span>
          <Select
            aria-label={t('meetings.year')}
            value={state.year}
            style={{ width: 100 }}
            options={years.map((y) => ({ value: y, label: y }))}
            onChange={(v) => setState({ year: v })}
          />
        </Flex>
        <Tabs
          activeKey={state.tab}
          onChange={(k) => setState({ tab: k })}
          items={[
            { key: 'stats', label: t('meetings.learning.tabs.stats'), children: <StatsTab stats={stats.data} lang={lang} /> },
            { key: 'plans', label: t('meetings.learning.tabs.plans'), children: <PlansTab plans={plans.data ?? []} lang={lang} /> },
            {
              key: 'people',
              label: t('meetings.learning.tabs.people'),
              children: <PeopleTab orgId={state.orgId} year={state.year} lang={lang} />,
            },
            {
              key: 'reflections',
              label: t('meetings.learning.tabs.reflections'),
              children: <ReflectionsTab orgId={state.orgId} lang={lang} />,
            },
            { key: 'makeups', label: t('meetings.learning.tabs.makeups'), children: <MakeupsTab orgId={state.orgId} lang={lang} /> },
          ]}
        />
      </Card>
      <PlanModal open={planOpen} orgId={state.orgId} year={state.year} onClose={() => setPlanOpen(false)} />
    </>
  );
}

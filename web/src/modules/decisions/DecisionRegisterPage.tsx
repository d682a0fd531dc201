import { DownloadOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import {
  DECISION_STATUSES,
  type Decision,
  type DecisionListQuery,
  decisionListQuerySchema,
  PRE_STUDY_FILTERS,
  type PreStudyStatus,
} from '@guantong/shared';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  Progress,
  Row,
  Segmented,
  Select,
  Statistic,
  Table,
  type TableProps,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { STATUS_COLORS } from '../../components/status';
import { parseKnown, useUrlState } from '../../components/useUrlState';
import { formatDate, formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useCurrentUser } from '../auth/auth.api';
import { bodyName, categoryName, DecisionStatusTag, PreStudyFlag } from './DecisionBits';
import { DecisionFormModal } from './DecisionFormModal';
import { exportDecisions, useDecisionBodies, useDecisionCategories, useDecisionList, useDecisionStats } from './decisions.api';

const QUERY_KEYS = ['page', 'pageSize', 'year', 'body', 'category', 'status', 'preStudy', 'reviewDue', 'q', 'sort', 'order'] as const;
const WRITE_ROLES = ['sysadmin', 'org_admin', 'secretary'];

function parseQuery(params: URLSearchParams): DecisionListQuery {
  return parseKnown(params, QUERY_KEYS, (input) => decisionListQuerySchema.safeParse(input));
}

interface FilterValues {
  category?: string;
  status?: string;
  preStudy?: string;
  q?: string;
  reviewDue?: boolean;
}

/** The current year on the enterprise's calendar (Beijing). */
function beijingYear(): number {
  return Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Shanghai' }).format(new Date()));
}

/** `/governance/decisions`: the 三会一层 register — per year and body, the pre-study check as a flag, follow-up roll-up, export. */
export function DecisionRegisterPage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const me = useCurrentUser();
  const [query, setQuery] = useUrlState(parseQuery);
  const list = useDecisionList(query);
  const stats = useDecisionStats({ year: query.year });
  const bodies = useDecisionBodies();
  const categories = useDecisionCategories();
  const [form] = Form.useForm<FilterValues>();
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const canWrite = me.roles.some((r) => WRITE_ROLES.includes(r));
  const filtered = Boolean(
    query.category?.length || query.status?.length || query.preStudy || query.q || query.reviewDue || query.body?.length,
  );

  useEffect(() => {
    form.setFieldsValue({
      category: query.category?.[0],
      status: query.status?.[0],
      preStudy: query.preStudy,
      q: query.q,
      reviewDue: query.reviewDue === 'true',
    });
  }, [form, query.category, query.status, query.preStudy, query.q, query.reviewDue]);

  const year = beijingYear();
  const years = useMemo(() => Array.from({ length: 6 }, (_, i) => year + 1 - i), [year]);

  const onSearch = (v: FilterValues) => {
    setQuery({
      category: v.category,
      status: v.status,
      preStudy: v.preStudy,
      q: v.q?.trim(),
      reviewDue: v.reviewDue ? 'true' : undefined,
      page: undefined,
    });
  };
  const onReset = () => {
    form.resetFields();
    setQuery({
      category: undefined,
      status: undefined,
      preStudy: undefined,
      q: undefined,
      reviewDue: undefined,
      body: undefined,
      page: undefined,
    });
  };
  const onExport = async () => {
    setExporting(true);
    try {
      const name = await exportDecisions(query);
      void message.success(t('decisions.actions.exported', { name }));
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setExporting(false);
    }
  };

  const sortOrder = (key: DecisionListQuery['sort']) => (query.sort === key ? (query.order === 'asc' ? 'ascend' : 'descend') : null);
  const columns: TableProps<Decision>['columns'] = [
    {
      title: t('decisions.columns.decidedOn'),
      key: 'decidedOn',
      width: lang === 'zh-CN' ? 128 : 110,
      sorter: true,
      sortOrder: sortOrder('decidedOn'),
      render: (_, d) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(d.decidedOn, lang)}</span>,
    },
    {
      title: t('decisions.columns.body'),
      key: 'body',
      width: 150,
      sorter: true,
      sortOrder: sortOrder('body'),
      render: (_, d) => bodyName(d.body, lang),
    },
    {
      title: t('decisions.columns.title'),
      key: 'title',
      sorter: true,
      sortOrder: sortOrder('title'),
      render: (_, d) => (
        <Flex vertical gap={2}>
          <Link to={`/governance/decisions/${d.id}`}>{d.title}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {categoryName(d.category, lang, false)}
            {d.docNo ? ` · ${d.docNo}` : ''}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('decisions.columns.preStudy'),
      key: 'preStudy',
      width: 190,
      sorter: true,
      sortOrder: sortOrder('preStudy'),
      render: (_, d) => (
        <Flex vertical gap={2} align="flex-start">
          <PreStudyFlag decision={d} />
          {d.preStudy.meeting ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('decisions.preStudy.studiedOn', { date: formatDate(d.preStudy.meeting.date, lang) })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('decisions.columns.followUp'),
      key: 'followUp',
      width: 170,
      render: (_, d) =>
        d.followUp.total === 0 ? (
          <Typography.Text type="secondary">{t('decisions.followUpNone')}</Typography.Text>
        ) : (
          <Flex vertical gap={0}>
            <Progress percent={d.followUp.progress} size="small" status={d.followUp.overdue > 0 ? 'exception' : undefined} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('decisions.followUpSummary', { verified: d.followUp.verified, total: d.followUp.total })}
              {d.followUp.overdue > 0 ? (
                <span style={{ color: STATUS_COLORS.overdue.hex }}> · {t('decisions.followUpOverdue', { n: d.followUp.overdue })}</span>
              ) : null}
            </Typography.Text>
          </Flex>
        ),
    },
    {
      title: t('decisions.columns.reviewOn'),
      key: 'reviewOn',
      width: lang === 'zh-CN' ? 128 : 110,
      sorter: true,
      sortOrder: sortOrder('reviewOn'),
      render: (_, d) =>
        d.reviewOn ? (
          <span style={{ whiteSpace: 'nowrap', color: d.reviewDue ? STATUS_COLORS.dueSoon.hex : undefined }}>
            {formatDate(d.reviewOn, lang)}
          </span>
        ) : (
          t('common.empty')
        ),
    },
    {
      title: t('decisions.columns.status'),
      key: 'status',
      width: 110,
      sorter: true,
      sortOrder: sortOrder('status'),
      render: (_, d) => <DecisionStatusTag status={d.status} />,
    },
  ];

  const onTableChange: TableProps<Decision>['onChange'] = (pagination, _f, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const key = (s?.columnKey as DecisionListQuery['sort'] | undefined) ?? 'decidedOn';
      setQuery({
        sort: s?.order ? (key === 'decidedOn' ? undefined : key) : undefined,
        order: s?.order === 'ascend' ? 'asc' : undefined,
        page: undefined,
      });
      return;
    }
    setQuery({
      page: pagination.current && pagination.current > 1 ? pagination.current : undefined,
      pageSize: pagination.pageSize && pagination.pageSize !== 20 ? pagination.pageSize : undefined,
    });
  };

  const s = stats.data;
  const statCard = (title: string, value: number | undefined, color: string | undefined, onClick?: () => void) => (
    <Card
      size="small"
      hoverable={Boolean(onClick)}
      onClick={onClick}
      onKeyDown={(e) => {
        if (onClick && (e.key === 'Enter' || e.key === ' ')) {
          e.preventDefault();
          onClick();
        }
      }}
      tabIndex={onClick ? 0 : undefined}
      role={onClick ? 'button' : undefined}
      aria-label={onClick ? `${title} ${value ?? ''} · ${t('decisions.stats.showOnly')}` : undefined}
    >
      <Statistic
        title={title}
        value={value ?? '—'}
        styles={{ content: { color } }}
        formatter={(v) => (typeof v === 'number' ? formatNumber(v, lang) : v)}
      />
    </Card>
  );

  const bodyOptions = [
    { value: '', label: t('decisions.filters.bodyAll') },
    ...(bodies.data ?? [])
      // Bodies this enterprise records items for (or the one chosen): 股东会 / 监事会 stay out of the way when unused.
      .filter((b) => b.active && ((s?.byBody.find((x) => x.code === b.code)?.n ?? 0) > 0 || query.body?.includes(b.code)))
      .map((b) => ({ value: b.code, label: `${bodyName(b, lang)} ${s?.byBody.find((x) => x.code === b.code)?.n ?? 0}` })),
  ];

  return (
    <>
      <PageHeader
        title={t('decisions.title')}
        subtitle={t('decisions.subtitle')}
        extra={
          <>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void onExport()}>
              {t('decisions.actions.export')}
            </Button>
            {canWrite ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('decisions.actions.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={8} xl={5}>
          {statCard(t('decisions.stats.total'), s?.total, undefined)}
        </Col>
        <Col xs={12} md={8} xl={5}>
          {statCard(t('decisions.stats.violations'), s?.violations, s?.violations ? STATUS_COLORS.overdue.hex : undefined, () =>
            setQuery({ preStudy: 'violation', page: undefined }),
          )}
        </Col>
        <Col xs={12} md={8} xl={5}>
          {statCard(t('decisions.stats.warnings'), s?.warnings, s?.warnings ? STATUS_COLORS.dueSoon.hex : undefined, () =>
            setQuery({ preStudy: 'same_day_unverified', page: undefined }),
          )}
        </Col>
        <Col xs={12} md={8} xl={4}>
          {statCard(t('decisions.stats.reviewDue'), s?.reviewDue, s?.reviewDue ? STATUS_COLORS.dueSoon.hex : undefined, () =>
            setQuery({ reviewDue: 'true', page: undefined }),
          )}
        </Col>
        <Col xs={12} md={8} xl={5}>
          {statCard(
            t('decisions.stats.overdueFollowUps'),
            s?.overdueFollowUps,
            s?.overdueFollowUps ? STATUS_COLORS.overdue.hex : undefined,
          )}
        </Col>
      </Row>
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Flex gap={12} wrap align="center" style={{ marginBottom: 12 }}>
          <Select
            aria-label={t('decisions.filters.year')}
            value={query.year ?? 0}
            style={{ width: 130 }}
            onChange={(v: number) => setQuery({ year: v || undefined, page: undefined })}
            options={[
              { value: 0, label: t('decisions.filters.yearAll') },
              ...years.map((y) => ({ value: y, label: t('decisions.filters.yearValue', { year: y }) })),
            ]}
          />
          <Segmented
            aria-label={t('decisions.filters.body')}
            value={query.body?.length === 1 ? query.body[0] : ''}
            onChange={(v) => setQuery({ body: (v as string) || undefined, page: undefined })}
            options={bodyOptions}
          />
        </Flex>
        <Form<FilterValues> form={form} layout="inline" onFinish={onSearch} style={{ rowGap: 12, marginBottom: 16 }}>
          <Form.Item name="q" label={t('decisions.filters.q')}>
            <Input allowClear placeholder={t('decisions.filters.qPlaceholder')} style={{ width: 220 }} maxLength={100} />
          </Form.Item>
          <Form.Item name="category" label={t('decisions.filters.category')}>
            <Select
              allowClear
              placeholder={t('decisions.filters.categoryAll')}
              style={{ width: 170 }}
              popupMatchSelectWidth={false}
              options={(categories.data ?? []).map((c) => ({ value: c.code, label: categoryName(c, lang) }))}
            />
          </Form.Item>
          <Form.Item name="preStudy" label={t('decisions.filters.preStudy')}>
            <Select
              allowClear
              placeholder={t('decisions.filters.preStudyAll')}
              style={{ width: 160 }}
              popupMatchSelectWidth={false}
              options={PRE_STUDY_FILTERS.map((f) => ({
                value: f,
                label:
                  f === 'violation' || f === 'problem'
                    ? t(`decisions.preStudy.filter.${f}`)
                    : t(`decisions.preStudy.status.${f as PreStudyStatus}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="status" label={t('decisions.filters.status')}>
            <Select
              allowClear
              placeholder={t('decisions.filters.statusAll')}
              style={{ width: 120 }}
              options={DECISION_STATUSES.map((st) => ({ value: st, label: t(`decisions.status.${st}`) }))}
            />
          </Form.Item>
          <Form.Item name="reviewDue" valuePropName="checked">
            <Checkbox>{t('decisions.filters.reviewDue')}</Checkbox>
          </Form.Item>
          <Form.Item>
            <Flex gap={8}>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                {t('common.actions.search')}
              </Button>
              <Button onClick={onReset} disabled={!filtered}>
                {t('common.actions.reset')}
              </Button>
            </Flex>
          </Form.Item>
        </Form>
        {list.error ? <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 16 }} /> : null}
        <Table<Decision>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items}
          loading={list.isFetching}
          onChange={onTableChange}
          scroll={{ x: 1080 }}
          showSorterTooltip={false}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('decisions.emptyFiltered') : t('decisions.empty')} />
            ),
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('common.table.total', { total: formatNumber(total, lang) }),
          }}
        />
      </Card>
      <DecisionFormModal open={creating} onClose={() => setCreating(false)} onDone={(id) => navigate(`/governance/decisions/${id}`)} />
    </>
  );
}

import { DownloadOutlined, FilterOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  TASK_LEVELS,
  TASK_STATUSES,
  type TaskLevel,
  type TaskListItem,
  type TaskListQuery,
  type TaskStatus,
  type TaskView,
} from '@guantong/shared';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  Select,
  Switch,
  Table,
  type TableProps,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { PageHeader } from '../../components/PageHeader';
import { SimpleList } from '../../components/SimpleList';
import { useUrlState } from '../../components/useUrlState';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useCurrentUser } from '../auth/auth.api';
import { FrameworkNodeSelect } from './FrameworkNodeSelect';
import { ImportTasksModal } from './ImportTasksModal';
import { DueHint, ProgressPair, TaskLights, TaskStatusTag, todayInBeijing } from './TaskBits';
import { TaskFormModal } from './TaskFormModal';
import { TaskSourceLink } from './TaskSourceLink';
import { apiQueryOf, isFiltered, LIGHT_FILTERS, type LightFilter, type ListState, parseListState } from './taskQuery';
import { exportTaskList, useTaskList } from './tasks.api';

export interface TaskListViewProps {
  view: TaskView;
  /** Default sort of the page (e.g. the board: due date ascending, so the longest overdue come first). */
  defaultSort?: Pick<TaskListQuery, 'sort' | 'order'>;
  /** Shown between the header and the table (the board's lights). */
  top?: (state: ListState, setLight: (light: LightFilter | null) => void) => ReactNode;
}

type SortField = TaskListQuery['sort'];

/** True when the user operates some organisation (may draft, import and issue tasks). */
export function useCanDraft(): boolean {
  const me = useCurrentUser();
  return me.grants.some((g) => g.role === 'org_admin' || g.role === 'secretary');
}

/**
 * One task view (我的任务 / 本组织任务 / 我下达的 / 督办看板): filters above the table, server-side paging and
 * sorting kept in the URL, export of exactly what is shown, and (for operators) new task and import.
 */
export function TaskListView({ view, defaultSort, top }: TaskListViewProps) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const en = lang === 'en';
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const canDraft = useCanDraft();
  const [state, setQuery] = useUrlState((p) => parseListState(p, view, defaultSort));
  const query = state.query;
  const apiQuery = useMemo(() => apiQueryOf(state), [state]);
  const list = useTaskList(apiQuery);
  const [search, setSearch] = useState(query.q ?? '');
  const [moreOpen, setMoreOpen] = useState(Boolean(query.level?.length || query.frameworkNodeId || query.dueFrom || query.dueTo));
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const filtered = isFiltered(state);
  const today = todayInBeijing();

  useEffect(() => {
    setSearch(query.q ?? '');
  }, [query.q]);

  const sortOrderOf = (field: SortField) => (query.sort === field ? (query.order === 'asc' ? 'ascend' : 'descend') : null);
  const setLight = (light: LightFilter | null) => setQuery({ light, page: undefined });
  const openTask = (id: number) => navigate(`/tasks/${id}`, { state: { from: `${location.pathname}${location.search}` } });

  const columns: TableProps<TaskListItem>['columns'] = [
    {
      title: t('tasks.columns.title'),
      key: 'title',
      sorter: true,
      sortOrder: sortOrderOf('title'),
      render: (_: unknown, r) => (
        <div style={{ minWidth: 220 }}>
          <Link to={`/tasks/${r.id}`} state={{ from: `${location.pathname}${location.search}` }} style={{ fontWeight: 500 }}>
            {r.title}
          </Link>
          <div style={{ marginTop: 4 }}>
            <Tag variant="filled" style={{ fontSize: 12 }}>
              {t(`tasks.level.${r.level}`)}
            </Tag>
            {r.frameworkNodes.slice(0, 2).map((n) => (
              <Tooltip key={n.id} title={n.name}>
                <Tag variant="outlined" style={{ fontSize: 12 }}>
                  {n.code}
                </Tag>
              </Tooltip>
            ))}
            {r.childCount > 0 ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('tasks.misc.count', { count: r.childCount })}
              </Typography.Text>
            ) : null}
          </div>
          {r.source ? <TaskSourceLink source={r.source} /> : null}
        </div>
      ),
    },
    {
      title: t('tasks.columns.org'),
      key: 'org',
      width: en ? 190 : 200,
      render: (_: unknown, r) => (
        <div>
          <div>{r.org.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.responsibleUser?.displayName ?? t('tasks.misc.none')}
            {view === 'mine' ? ` · ${t('tasks.columns.issuerOrg')}：${r.issuerOrg.name}` : ''}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('tasks.columns.dueOn'),
      key: 'dueOn',
      dataIndex: 'dueOn',
      sorter: true,
      sortOrder: sortOrderOf('dueOn'),
      width: en ? 120 : 132,
      render: (v: string, r) => (
        <div>
          {formatDate(v, lang)}
          {r.status !== 'verified' && r.status !== 'closed' && r.status !== 'cancelled' ? <DueHint dueOn={v} today={today} /> : null}
        </div>
      ),
    },
    {
      title: t('tasks.columns.status'),
      key: 'status',
      sorter: true,
      sortOrder: sortOrderOf('status'),
      width: 96,
      render: (_: unknown, r) => <TaskStatusTag status={r.status} />,
    },
    {
      title: t('tasks.columns.progressPair'),
      key: 'progress',
      sorter: true,
      sortOrder: sortOrderOf('progress'),
      width: 170,
      render: (_: unknown, r) => <ProgressPair compact progress={r.rollup.progress} verified={r.rollup.verifiedCompletion} />,
    },
    {
      title: t('tasks.columns.light'),
      key: 'supervision',
      sorter: true,
      sortOrder: sortOrderOf('supervision'),
      width: en ? 150 : 140,
      render: (_: unknown, r) => <TaskLights task={r} />,
    },
    {
      title: t('tasks.columns.lastUpdateAt'),
      key: 'lastUpdateAt',
      dataIndex: 'lastUpdateAt',
      sorter: true,
      sortOrder: sortOrderOf('lastUpdateAt'),
      width: 150,
      responsive: ['xxl'],
      render: (v: string | null) => formatDateTime(v, lang),
    },
  ];

  const onTableChange: TableProps<TaskListItem>['onChange'] = (pagination, _filters, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      const field = typeof s?.columnKey === 'string' ? s.columnKey : undefined;
      setQuery({
        sort: s?.order ? field : undefined,
        order: s?.order ? (s.order === 'ascend' ? 'asc' : 'desc') : undefined,
        page: undefined,
      });
      return;
    }
    setQuery({
      page: pagination.current && pagination.current > 1 ? pagination.current : undefined,
      pageSize: pagination.pageSize && pagination.pageSize !== 20 ? pagination.pageSize : undefined,
    });
  };

  const resetFilters = () => {
    setSearch('');
    setQuery({
      q: undefined,
      status: undefined,
      level: undefined,
      orgId: undefined,
      frameworkNodeId: undefined,
      dueFrom: undefined,
      dueTo: undefined,
      topLevel: undefined,
      parentId: undefined,
      light: undefined,
      page: undefined,
    });
  };

  const doExport = () => {
    setExporting(true);
    exportTaskList(apiQuery)
      .then((name) => void message.success(t('tasks.actions.exported', { name })))
      .catch((error: unknown) => void message.error(errorMessage(error)))
      .finally(() => setExporting(false));
  };

  const viewTexts = {
    mine: { title: t('tasks.views.mine.title'), subtitle: t('tasks.views.mine.subtitle'), empty: t('tasks.views.mine.empty') },
    org: { title: t('tasks.views.org.title'), subtitle: t('tasks.views.org.subtitle'), empty: t('tasks.views.org.empty') },
    issued: { title: t('tasks.views.issued.title'), subtitle: t('tasks.views.issued.subtitle'), empty: t('tasks.views.issued.empty') },
    board: { title: t('tasks.views.board.title'), subtitle: t('tasks.views.board.subtitle'), empty: t('tasks.views.board.empty') },
  }[view];

  const total = list.data?.total ?? 0;
  const items = list.data?.items ?? [];
  const emptyText = filtered ? t('tasks.emptyFiltered') : viewTexts.empty;
  const showDraftActions = canDraft && (view === 'issued' || view === 'org');

  return (
    <>
      <PageHeader
        title={viewTexts.title}
        subtitle={viewTexts.subtitle}
        extra={
          <Flex gap={8} wrap>
            {showDraftActions ? (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                {t('tasks.actions.import')}
              </Button>
            ) : null}
            <Button icon={<DownloadOutlined />} onClick={doExport} loading={exporting} disabled={total === 0}>
              {exporting ? t('tasks.actions.exporting') : t('tasks.actions.export')}
            </Button>
            {showDraftActions ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('tasks.actions.create')}
              </Button>
            ) : null}
          </Flex>
        }
      />
      {top ? top(state, setLight) : null}
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Form layout="inline" style={{ rowGap: 12, marginBottom: 16 }} onSubmitCapture={(e) => e.preventDefault()}>
          <Form.Item label={t('tasks.filters.q')} htmlFor={`tasks-${view}-q`}>
            <Input.Search
              id={`tasks-${view}-q`}
              allowClear
              value={search}
              placeholder={t('tasks.filters.qPlaceholder')}
              onChange={(e) => setSearch(e.target.value)}
              onSearch={(v) => setQuery({ q: v.trim() || undefined, page: undefined })}
              enterButton={t('common.actions.search')}
              style={{ width: isMobile ? '100%' : 260 }}
              maxLength={100}
            />
          </Form.Item>
          {!isMobile || moreOpen ? (
            <>
              <Form.Item label={t('tasks.filters.status')} htmlFor={`tasks-${view}-status`}>
                <Select<TaskStatus[]>
                  id={`tasks-${view}-status`}
                  mode="multiple"
                  allowClear
                  maxTagCount="responsive"
                  placeholder={t('tasks.filters.statusAll')}
                  value={query.status ?? []}
                  onChange={(v) => setQuery({ status: v.length ? v.join(',') : undefined, page: undefined })}
                  options={TASK_STATUSES.map((s) => ({ value: s, label: t(`tasks.status.${s}`) }))}
                  style={{ width: 220 }}
                />
              </Form.Item>
              <Form.Item label={t('tasks.filters.light')} htmlFor={`tasks-${view}-light`}>
                <Select<LightFilter>
                  id={`tasks-${view}-light`}
                  allowClear
                  placeholder={t('tasks.filters.lightAll')}
                  value={state.light ?? undefined}
                  onChange={(v) => setLight(v ?? null)}
                  options={LIGHT_FILTERS.map((l) => ({ value: l, label: t(`tasks.light.${l}`) }))}
                  style={{ width: 140 }}
                />
              </Form.Item>
              <Form.Item label={t('tasks.filters.org')} htmlFor={`tasks-${view}-org`} style={{ minWidth: 260 }}>
                <OrgTreeSelect
                  id={`tasks-${view}-org`}
                  allowClear
                  placeholder={t('tasks.filters.orgPlaceholder')}
                  value={query.orgId ?? null}
                  onChange={(v) => setQuery({ orgId: v, page: undefined })}
                />
              </Form.Item>
            </>
          ) : null}
          {moreOpen ? (
            <>
              <Form.Item label={t('tasks.filters.level')} htmlFor={`tasks-${view}-level`}>
                <Select<TaskLevel[]>
                  id={`tasks-${view}-level`}
                  mode="multiple"
                  allowClear
                  maxTagCount="responsive"
                  placeholder={t('tasks.filters.levelAll')}
                  value={query.level ?? []}
                  onChange={(v) => setQuery({ level: v.length ? v.join(',') : undefined, page: undefined })}
                  options={TASK_LEVELS.map((l) => ({ value: l, label: t(`tasks.level.${l}`) }))}
                  style={{ width: 200 }}
                />
              </Form.Item>
              <Form.Item label={t('tasks.filters.node')} htmlFor={`tasks-${view}-node`} style={{ minWidth: 280 }}>
                <FrameworkNodeSelect
                  id={`tasks-${view}-node`}
                  allowClear
                  placeholder={t('tasks.filters.nodePlaceholder')}
                  value={query.frameworkNodeId ?? null}
                  onChange={(v) => setQuery({ frameworkNodeId: typeof v === 'number' ? v : undefined, page: undefined })}
                />
              </Form.Item>
              <Form.Item label={t('tasks.filters.due')}>
                <DatePicker.RangePicker
                  allowEmpty={[true, true]}
                  aria-label={t('tasks.filters.due')}
                  placeholder={[t('tasks.filters.dueFrom'), t('tasks.filters.dueTo')]}
                  value={[query.dueFrom ? dayjs(query.dueFrom) : null, query.dueTo ? dayjs(query.dueTo) : null]}
                  onChange={(v) =>
                    setQuery({
                      dueFrom: v?.[0] ? v[0].format('YYYY-MM-DD') : undefined,
                      dueTo: v?.[1] ? v[1].format('YYYY-MM-DD') : undefined,
                      page: undefined,
                    })
                  }
                />
              </Form.Item>
              {view === 'org' || view === 'issued' ? (
                <Form.Item>
                  <Flex gap={6} align="center">
                    <Switch
                      id={`tasks-${view}-top`}
                      size="small"
                      checked={query.topLevel === 'true'}
                      onChange={(v) => setQuery({ topLevel: v ? 'true' : undefined, page: undefined })}
                    />
                    <label htmlFor={`tasks-${view}-top`}>{t('tasks.filters.topLevel')}</label>
                  </Flex>
                </Form.Item>
              ) : null}
            </>
          ) : null}
          <Form.Item>
            <Flex gap={8}>
              <Button icon={<FilterOutlined />} onClick={() => setMoreOpen((v) => !v)}>
                {moreOpen ? t('tasks.filters.less') : t('tasks.filters.more')}
              </Button>
              <Button onClick={resetFilters} disabled={!filtered}>
                {t('tasks.filters.reset')}
              </Button>
            </Flex>
          </Form.Item>
        </Form>
        {list.error ? <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 16 }} /> : null}
        {isMobile ? (
          <SimpleList<TaskListItem>
            loading={list.isFetching}
            items={items}
            rowKey={(r) => r.id}
            empty={<Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />}
            pagination={
              total > (query.pageSize ?? 20)
                ? {
                    current: query.page,
                    pageSize: query.pageSize,
                    total,
                    onChange: (p) => setQuery({ page: p > 1 ? p : undefined }),
                  }
                : false
            }
            renderItem={(r) => (
              <div>
                <Flex justify="space-between" gap={8} align="flex-start">
                  <Link to={`/tasks/${r.id}`} state={{ from: `${location.pathname}${location.search}` }} style={{ fontWeight: 500 }}>
                    {r.title}
                  </Link>
                  <TaskStatusTag status={r.status} />
                </Flex>
                <Typography.Text type="secondary" style={{ fontSize: 13, display: 'block', margin: '4px 0' }}>
                  {r.org.name} · {t('tasks.columns.dueOn')} {formatDate(r.dueOn, lang)}
                </Typography.Text>
                {r.source ? <TaskSourceLink source={r.source} /> : null}
                <Flex justify="space-between" align="center" gap={8} wrap>
                  <TaskLights task={r} compact />
                  <ProgressPair compact progress={r.rollup.progress} verified={r.rollup.verifiedCompletion} width={150} />
                </Flex>
              </div>
            )}
          />
        ) : (
          <Table<TaskListItem>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={items}
            loading={list.isFetching}
            onChange={onTableChange}
            scroll={{ x: 1060 }}
            showSorterTooltip={false}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} /> }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total,
              showSizeChanger: true,
              pageSizeOptions: [10, 20, 50, 100],
              showTotal: (n) => t('common.table.total', { total: formatNumber(n, lang) }),
            }}
          />
        )}
      </Card>
      {creating ? (
        <TaskFormModal
          open
          onClose={() => setCreating(false)}
          onDone={(id) => {
            setCreating(false);
            openTask(id);
          }}
        />
      ) : null}
      {importing ? (
        <ImportTasksModal
          onClose={() => setImporting(false)}
          onImported={() => {
            setImporting(false);
            if (view !== 'issued') {
              navigate('/tasks/issued?status=draft');
            } else {
              setQuery({ status: 'draft', page: undefined });
            }
          }}
        />
      ) : null}
    </>
  );
}

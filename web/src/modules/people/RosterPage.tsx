import { DownloadOutlined, PlusOutlined, SettingOutlined, UploadOutlined } from '@ant-design/icons';
import { PARTY_STATUSES, type PartyStatus, type PersonListItem, type PersonListQuery, personListQuerySchema } from '@guantong/shared';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Dropdown,
  Empty,
  Flex,
  Form,
  Input,
  Select,
  Table,
  type TableProps,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { PageHeader } from '../../components/PageHeader';
import { parseKnown, useUrlState } from '../../components/useUrlState';
import { formatDate, formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useMayWriteSomewhere } from '../orgs/orgs.api';
import { PartyStatusTag, PersonFlags } from './PersonBits';
import { PersonFormModal } from './PersonFormModal';
import { exportPeople, usePeople } from './people.api';

export const PEOPLE_PATH = '/people';

const QUERY_KEYS = [
  'page',
  'pageSize',
  'q',
  'orgId',
  'partyStatus',
  'status',
  'gender',
  'isCadre',
  'isRetired',
  'isMobile',
  'inBranch',
  'businessUnit',
  'sort',
  'order',
] as const;
const FLAG_KEYS = ['isCadre', 'isRetired', 'isMobile'] as const;
type FlagKey = (typeof FLAG_KEYS)[number];

/** Columns the user may hide (name stays); remembered in this browser. */
const OPTIONAL_COLUMNS = [
  'employeeNo',
  'gender',
  'birthDate',
  'partyStatus',
  'joinedPartyOn',
  'org',
  'businessUnit',
  'jobTitle',
  'phone',
  'flags',
] as const;
type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];
const DEFAULT_HIDDEN: readonly OptionalColumn[] = ['businessUnit', 'jobTitle'];
const COLUMNS_KEY = 'guantong.people.hiddenColumns';

function readHidden(): OptionalColumn[] {
  try {
    const raw = window.localStorage.getItem(COLUMNS_KEY);
    if (raw) {
      const list = JSON.parse(raw) as unknown;
      if (Array.isArray(list)) {
        return list.filter((c): c is OptionalColumn => (OPTIONAL_COLUMNS as readonly string[]).includes(String(c)));
      }
    }
  } catch {
    // Defaults.
  }
  return [...DEFAULT_HIDDEN];
}

function parseQuery(params: URLSearchParams): PersonListQuery {
  return parseKnown(params, QUERY_KEYS, (input) => personListQuerySchema.safeParse(input));
}

/** 组织保障 → 党员名册: the roster with search, filters, sorting and paging in the URL, export and create. */
export function RosterPage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const en = lang === 'en';
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [query, setQuery] = useUrlState(parseQuery);
  const people = usePeople(query);
  const mayWrite = useMayWriteSomewhere();
  const [search, setSearch] = useState(query.q ?? '');
  const [creating, setCreating] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [hidden, setHidden] = useState<OptionalColumn[]>(readHidden);
  const flags = FLAG_KEYS.filter((k) => query[k] === 'true');
  const filtered = Boolean(
    query.q ||
      query.orgId ||
      (query.partyStatus?.length ?? 0) > 0 ||
      flags.length > 0 ||
      query.status !== 'active' ||
      query.gender ||
      query.inBranch ||
      query.businessUnit,
  );

  useEffect(() => {
    setSearch(query.q ?? '');
  }, [query.q]);

  const toggleColumn = (c: OptionalColumn, show: boolean) => {
    const next = show ? hidden.filter((h) => h !== c) : [...hidden, c];
    setHidden(next);
    try {
      window.localStorage.setItem(COLUMNS_KEY, JSON.stringify(next));
    } catch {
      // Not remembered: fine.
    }
  };

  const sortOrderOf = (field: PersonListQuery['sort']) => (query.sort === field ? (query.order === 'asc' ? 'ascend' : 'descend') : null);

  const allColumns: Array<NonNullable<TableProps<PersonListItem>['columns']>[number] & { key: string }> = [
    {
      title: t('people.columns.name'),
      key: 'name',
      fixed: 'left',
      width: 96,
      sorter: true,
      sortOrder: sortOrderOf('name'),
      render: (_: unknown, p: PersonListItem) => <Link to={`${PEOPLE_PATH}/${p.id}`}>{p.name}</Link>,
    },
    {
      title: t('people.columns.employeeNo'),
      dataIndex: 'employeeNo',
      key: 'employeeNo',
      width: 112,
      sorter: true,
      sortOrder: sortOrderOf('employeeNo'),
    },
    {
      title: t('people.columns.gender'),
      key: 'gender',
      width: en ? 76 : 60,
      render: (_: unknown, p: PersonListItem) => t(`people.gender.${p.gender}`),
    },
    {
      title: t('people.columns.birthDate'),
      key: 'birthDate',
      width: en ? 116 : 124,
      sorter: true,
      sortOrder: sortOrderOf('birthDate'),
      render: (_: unknown, p: PersonListItem) => formatDate(p.birthDate, lang),
    },
    {
      title: t('people.columns.partyStatus'),
      key: 'partyStatus',
      width: en ? 150 : 116,
      sorter: true,
      sortOrder: sortOrderOf('partyStatus'),
      render: (_: unknown, p: PersonListItem) => <PartyStatusTag status={p.partyStatus} />,
    },
    {
      title: t('people.columns.joinedPartyOn'),
      key: 'joinedPartyOn',
      width: en ? 116 : 124,
      sorter: true,
      sortOrder: sortOrderOf('joinedPartyOn'),
      render: (_: unknown, p: PersonListItem) => formatDate(p.joinedPartyOn, lang),
    },
    {
      title: t('people.columns.org'),
      key: 'org',
      width: 220,
      sorter: true,
      sortOrder: sortOrderOf('org'),
      ellipsis: true,
      render: (_: unknown, p: PersonListItem) => {
        const text = [p.branch?.name ?? p.org.name, p.group?.name].filter(Boolean).join(' / ');
        return <Tooltip title={text}>{text}</Tooltip>;
      },
    },
    { title: t('people.columns.businessUnit'), dataIndex: 'businessUnit', key: 'businessUnit', width: 110, ellipsis: true },
    { title: t('people.columns.jobTitle'), dataIndex: 'jobTitle', key: 'jobTitle', width: 120, ellipsis: true },
    {
      title: t('people.columns.phone'),
      key: 'phone',
      width: 130,
      render: (_: unknown, p: PersonListItem) =>
        p.phone === null ? (
          <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>
        ) : p.phoneMasked ? (
          <Tooltip title={t('people.phoneMasked')}>
            <span>{p.phone}</span>
          </Tooltip>
        ) : (
          p.phone
        ),
    },
    { title: t('people.columns.flags'), key: 'flags', width: 140, render: (_: unknown, p: PersonListItem) => <PersonFlags person={p} /> },
  ];
  const columns = allColumns.filter((c) => !(hidden as string[]).includes(c.key));

  const onTableChange: TableProps<PersonListItem>['onChange'] = (pagination, _filters, sorter, extra) => {
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
      orgId: undefined,
      partyStatus: undefined,
      status: undefined,
      gender: undefined,
      isCadre: undefined,
      isRetired: undefined,
      isMobile: undefined,
      inBranch: undefined,
      businessUnit: undefined,
      page: undefined,
    });
  };

  const doExport = () => {
    setExporting(true);
    const { page: _p, pageSize: _s, ...rest } = query;
    exportPeople(rest)
      .then((name) => void message.success(t('people.exported', { name })))
      .catch((error: unknown) => void message.error(errorMessage(error)))
      .finally(() => setExporting(false));
  };

  const columnMenu = (
    <Card size="small" styles={{ body: { padding: 12 } }} style={{ boxShadow: '0 6px 16px rgba(0,0,0,0.12)' }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('people.columnsHint')}
      </Typography.Text>
      <Flex vertical gap={4} style={{ marginTop: 8 }}>
        {OPTIONAL_COLUMNS.map((c) => (
          <Checkbox key={c} checked={!hidden.includes(c)} onChange={(e) => toggleColumn(c, e.target.checked)}>
            {t(`people.columns.${c}`)}
          </Checkbox>
        ))}
      </Flex>
    </Card>
  );

  return (
    <>
      <PageHeader
        title={t('people.title')}
        subtitle={t('people.subtitle')}
        extra={
          <>
            <Button icon={<DownloadOutlined />} loading={exporting} onClick={doExport}>
              {t('people.actions.export')}
            </Button>
            {mayWrite ? (
              <>
                <Button icon={<UploadOutlined />} onClick={() => navigate(`${PEOPLE_PATH}/import`)}>
                  {t('people.actions.import')}
                </Button>
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                  {t('people.actions.create')}
                </Button>
              </>
            ) : null}
          </>
        }
      />
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Form layout="inline" style={{ rowGap: 12, marginBottom: 16 }} onSubmitCapture={(e) => e.preventDefault()}>
          <Form.Item label={t('people.filters.q')} htmlFor="people-q">
            <Input.Search
              id="people-q"
              allowClear
              value={search}
              placeholder={t('people.filters.qPlaceholder')}
              onChange={(e) => setSearch(e.target.value)}
              onSearch={(v) => setQuery({ q: v.trim() || undefined, page: undefined })}
              enterButton={t('common.actions.search')}
              style={{ width: 320 }}
              maxLength={64}
            />
          </Form.Item>
          <Form.Item label={t('people.filters.org')} htmlFor="people-org">
            <div style={{ width: 260 }}>
              <OrgTreeSelect
                id="people-org"
                allowClear
                value={query.orgId}
                placeholder={t('people.filters.orgPlaceholder')}
                onChange={(v) => setQuery({ orgId: v, page: undefined })}
              />
            </div>
          </Form.Item>
          <Form.Item label={t('people.filters.partyStatus')} htmlFor="people-status">
            <Select<PartyStatus[]>
              id="people-status"
              mode="multiple"
              allowClear
              maxTagCount="responsive"
              placeholder={t('people.filters.partyStatusAll')}
              value={query.partyStatus ?? []}
              onChange={(v) => setQuery({ partyStatus: v.length > 0 ? v.join(',') : undefined, page: undefined })}
              options={PARTY_STATUSES.map((s) => ({ value: s, label: t(`people.partyStatus.${s}`) }))}
              style={{ width: 220 }}
            />
          </Form.Item>
          <Form.Item label={t('people.filters.flags')}>
            <Checkbox.Group<FlagKey>
              value={flags}
              onChange={(v) =>
                setQuery({ ...Object.fromEntries(FLAG_KEYS.map((k) => [k, v.includes(k) ? 'true' : undefined])), page: undefined })
              }
              options={FLAG_KEYS.map((k) => ({ value: k, label: t(`people.flags.${k}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('people.filters.status')} htmlFor="people-roster">
            <Select<PersonListQuery['status']>
              id="people-roster"
              value={query.status}
              onChange={(v) => setQuery({ status: v === 'active' ? undefined : v, page: undefined })}
              options={(['active', 'left', 'all'] as const).map((s) => ({ value: s, label: t(`people.rosterStatus.${s}`) }))}
              style={{ width: en ? 150 : 110 }}
            />
          </Form.Item>
          <Form.Item>
            <Flex gap={8}>
              <Button onClick={resetFilters} disabled={!filtered}>
                {t('common.actions.reset')}
              </Button>
              <Dropdown popupRender={() => columnMenu} trigger={['click']}>
                <Button icon={<SettingOutlined />}>{t('people.actions.columns')}</Button>
              </Dropdown>
            </Flex>
          </Form.Item>
        </Form>
        {people.error ? <Alert type="error" showIcon title={errorMessage(people.error)} style={{ marginBottom: 16 }} /> : null}
        <Table<PersonListItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={people.data?.items}
          loading={people.isFetching}
          onChange={onTableChange}
          scroll={{ x: 'max-content' }}
          showSorterTooltip={false}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={filtered ? t('people.emptyFiltered') : mayWrite ? t('people.empty') : t('people.emptyReader')}
              />
            ),
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: people.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('common.table.total', { total: formatNumber(total, lang) }),
          }}
        />
      </Card>
      {creating ? (
        <PersonFormModal defaultOrgId={query.orgId} onClose={() => setCreating(false)} onDone={(id) => navigate(`${PEOPLE_PATH}/${id}`)} />
      ) : null}
    </>
  );
}

import { PlusOutlined } from '@ant-design/icons';
import { ROLES, type Role, USER_STATUSES, type User, type UserListQuery, userListQuerySchema } from '@guantong/shared';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Input,
  Popconfirm,
  Select,
  Table,
  type TableProps,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { RoleTag } from '../../components/RoleTag';
import { parseKnown, useUrlState } from '../../components/useUrlState';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useCurrentUser } from '../auth/auth.api';
import { CreateUserModal } from './CreateUserModal';
import { GrantsDrawer } from './GrantsDrawer';
import { ResetPasswordModal } from './ResetPasswordModal';
import { useUpdateUser, useUsers } from './users.api';

const QUERY_KEYS = ['page', 'pageSize', 'q', 'status', 'role', 'sort', 'order'] as const;
type SortField = UserListQuery['sort'];
const MAX_GRANT_TAGS = 3;

function parseQuery(params: URLSearchParams): UserListQuery {
  return parseKnown(params, QUERY_KEYS, (input) => userListQuerySchema.safeParse(input));
}

function isLocked(user: User): boolean {
  return user.lockedUntil !== null && new Date(user.lockedUntil) > new Date();
}

/** 系统管理 → 用户与授权 (sysadmin): users with server-side paging, sorting and filters kept in the URL. */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const en = lang === 'en';
  const me = useCurrentUser();
  const { message } = App.useApp();
  const [query, setQuery] = useUrlState(parseQuery);
  const users = useUsers(query);
  const update = useUpdateUser();
  const [creating, setCreating] = useState(false);
  const [grantsFor, setGrantsFor] = useState<User | null>(null);
  const [resetFor, setResetFor] = useState<User | null>(null);
  const [search, setSearch] = useState(query.q ?? '');
  const filtered = Boolean(query.q || query.status || query.role);

  // The search box follows the URL (back button, shared links).
  useEffect(() => {
    setSearch(query.q ?? '');
  }, [query.q]);

  const sortOrderOf = (field: SortField) => (query.sort === field ? (query.order === 'asc' ? 'ascend' : 'descend') : null);

  const setStatus = (user: User, status: User['status']) =>
    update
      .mutateAsync({ id: user.id, status })
      .then(() => {
        void message.success(t(status === 'disabled' ? 'users.disabled' : 'users.enabled', { name: user.displayName }));
      })
      .catch((error: unknown) => {
        void message.error(errorMessage(error));
      });

  const columns: TableProps<User>['columns'] = [
    {
      title: t('users.columns.username'),
      dataIndex: 'username',
      key: 'username',
      sorter: true,
      sortOrder: sortOrderOf('username'),
      width: en ? 110 : 124,
    },
    {
      title: t('users.columns.displayName'),
      dataIndex: 'displayName',
      key: 'displayName',
      sorter: true,
      sortOrder: sortOrderOf('displayName'),
      width: en ? 120 : 140,
    },
    {
      title: t('users.columns.status'),
      key: 'status',
      width: en ? 72 : 80,
      render: (_: unknown, u: User) => {
        if (u.status === 'disabled') {
          return <Tag>{t('common.userStatus.disabled')}</Tag>;
        }
        if (isLocked(u)) {
          return (
            <Tooltip title={t('users.lockedUntil', { time: formatDateTime(u.lockedUntil, lang) })}>
              <Tag color="gold">{t('common.userStatus.locked')}</Tag>
            </Tooltip>
          );
        }
        return <Tag color="green">{t('common.userStatus.active')}</Tag>;
      },
    },
    {
      title: t('users.columns.grants'),
      key: 'grants',
      render: (_: unknown, u: User) => {
        if (u.grants.length === 0) {
          return <Typography.Text type="secondary">{t('users.noGrants')}</Typography.Text>;
        }
        const shown = u.grants.slice(0, MAX_GRANT_TAGS);
        const rest = u.grants.length - shown.length;
        return (
          <div>
            {shown.map((g) => (
              <RoleTag key={g.id} role={g.role} suffix={g.orgName} />
            ))}
            {rest > 0 ? (
              <Button type="link" size="small" onClick={() => setGrantsFor(u)}>
                +{rest}
              </Button>
            ) : null}
          </div>
        );
      },
    },
    {
      title: t('users.columns.lastLoginAt'),
      dataIndex: 'lastLoginAt',
      key: 'lastLoginAt',
      sorter: true,
      sortOrder: sortOrderOf('lastLoginAt'),
      width: en ? 136 : 160,
      render: (v: string | null) => (v ? formatDateTime(v, lang) : <Typography.Text type="secondary">{t('users.never')}</Typography.Text>),
    },
    {
      title: t('users.columns.createdAt'),
      dataIndex: 'createdAt',
      key: 'createdAt',
      sorter: true,
      sortOrder: sortOrderOf('createdAt'),
      width: en ? 100 : 124,
      render: (v: string) => <Tooltip title={formatDateTime(v, lang)}>{formatDate(v, lang)}</Tooltip>,
    },
    {
      title: t('users.columns.actions'),
      key: 'actions',
      fixed: 'right',
      width: en ? 264 : 184,
      render: (_: unknown, u: User) => (
        <Flex gap={0} wrap={false}>
          <Button type="link" size="small" onClick={() => setGrantsFor(u)}>
            {t('users.actions.grants')}
          </Button>
          {u.id === me.id ? (
            <Tooltip title={t('users.cannotDisableSelf')}>
              <Button type="link" size="small" disabled>
                {t('users.actions.disable')}
              </Button>
            </Tooltip>
          ) : u.status === 'active' ? (
            <Popconfirm
              title={t('users.confirmDisable', { name: u.displayName })}
              description={t('users.confirmDisableText')}
              okText={t('users.actions.disable')}
              cancelText={t('common.actions.cancel')}
              okButtonProps={{ danger: true }}
              onConfirm={() => setStatus(u, 'disabled')}
            >
              <Button type="link" size="small" danger>
                {t('users.actions.disable')}
              </Button>
            </Popconfirm>
          ) : (
            <Popconfirm
              title={t('users.confirmEnable', { name: u.displayName })}
              okText={t('users.actions.enable')}
              cancelText={t('common.actions.cancel')}
              onConfirm={() => setStatus(u, 'active')}
            >
              <Button type="link" size="small">
                {t('users.actions.enable')}
              </Button>
            </Popconfirm>
          )}
          <Button type="link" size="small" onClick={() => setResetFor(u)}>
            {t('users.actions.resetPassword')}
          </Button>
        </Flex>
      ),
    },
  ];

  const onTableChange: TableProps<User>['onChange'] = (pagination, _filters, sorter, extra) => {
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
    setQuery({ q: undefined, status: undefined, role: undefined, page: undefined });
  };

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('users.create')}
          </Button>
        }
      />
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Form layout="inline" style={{ rowGap: 12, marginBottom: 16 }} onSubmitCapture={(e) => e.preventDefault()}>
          <Form.Item label={t('users.filters.q')} htmlFor="users-q">
            <Input.Search
              id="users-q"
              allowClear
              value={search}
              placeholder={t('users.filters.qPlaceholder')}
              onChange={(e) => setSearch(e.target.value)}
              onSearch={(v) => setQuery({ q: v.trim() || undefined, page: undefined })}
              enterButton={t('common.actions.search')}
              style={{ width: 300 }}
              maxLength={64}
            />
          </Form.Item>
          <Form.Item label={t('users.filters.status')} htmlFor="users-status">
            <Select<User['status']>
              id="users-status"
              allowClear
              placeholder={t('users.filters.statusAll')}
              value={query.status}
              onChange={(v) => setQuery({ status: v, page: undefined })}
              options={USER_STATUSES.map((s) => ({ value: s, label: t(`common.userStatus.${s}`) }))}
              style={{ width: 140 }}
            />
          </Form.Item>
          <Form.Item label={t('users.filters.role')} htmlFor="users-role">
            <Select<Role>
              id="users-role"
              allowClear
              placeholder={t('users.filters.roleAll')}
              value={query.role}
              onChange={(v) => setQuery({ role: v, page: undefined })}
              options={ROLES.map((r) => ({ value: r, label: t(`common.roles.${r}`) }))}
              style={{ width: 200 }}
            />
          </Form.Item>
          <Form.Item>
            <Button onClick={resetFilters} disabled={!filtered}>
              {t('common.actions.reset')}
            </Button>
          </Form.Item>
        </Form>
        {users.error ? <Alert type="error" showIcon title={errorMessage(users.error)} style={{ marginBottom: 16 }} /> : null}
        <Table<User>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={users.data?.items}
          loading={users.isFetching}
          onChange={onTableChange}
          scroll={{ x: 1000 }}
          showSorterTooltip={false}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filtered ? t('users.emptyFiltered') : t('users.empty')} />,
          }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: users.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('common.table.total', { total: formatNumber(total, lang) }),
          }}
        />
      </Card>
      {creating ? <CreateUserModal open onClose={() => setCreating(false)} /> : null}
      {grantsFor ? <GrantsDrawer user={grantsFor} onClose={() => setGrantsFor(null)} /> : null}
      {resetFor ? <ResetPasswordModal user={resetFor} onClose={() => setResetFor(null)} /> : null}
    </>
  );
}

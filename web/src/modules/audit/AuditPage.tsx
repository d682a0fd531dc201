import { SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { type AuditEntry, type AuditListQuery, auditListQuerySchema } from '@guantong/shared';
import { Alert, Button, Card, DatePicker, Empty, Flex, Form, Input, Select, Table, type TableProps, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { parseKnown, useUrlState } from '../../components/useUrlState';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { translateIfKnown } from '../../i18n/index';
import { type Lang, toLang } from '../../i18n/languages';
import { indexOrgTree, useOrgTree } from '../orgs/orgs.api';
import { useAuditLog, useVerifyAuditChain } from './audit.api';
import { auditI18n } from './audit.i18n';

const QUERY_KEYS = ['page', 'pageSize', 'actor', 'entityType', 'entityId', 'action', 'from', 'to', 'order'] as const;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

const KNOWN_ENTITY_TYPES = Object.keys(auditI18n['zh-CN'].audit.entityTypes);
const KNOWN_ACTIONS = Object.entries(auditI18n['zh-CN'].audit.actions).flatMap(([group, actions]) =>
  Object.keys(actions).map((name) => `${group}.${name}`),
);

interface FilterValues {
  actor?: string;
  entityType?: string;
  entityId?: string;
  action?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

function parseQuery(params: URLSearchParams): AuditListQuery {
  return parseKnown(params, QUERY_KEYS, (input) => auditListQuerySchema.safeParse(input));
}

/** The URL keeps plain local dates; the API gets the instants that bound those local days. */
function toApiQuery(q: AuditListQuery): AuditListQuery {
  return {
    ...q,
    from: q.from && DATE_RE.test(q.from) ? dayjs(q.from).startOf('day').toISOString() : q.from,
    to: q.to && DATE_RE.test(q.to) ? dayjs(q.to).add(1, 'day').startOf('day').toISOString() : q.to,
  };
}

function actionLabel(action: string): string {
  return translateIfKnown(`audit.actions.${action}`, action);
}

function entityLabel(type: string): string {
  return translateIfKnown(`audit.entityTypes.${type}`, type);
}

/** A before/after value as a person reads it (roles and statuses translated, org ids named, secrets hidden). */
function useValueFormatter(lang: Lang) {
  const { t } = useTranslation();
  const orgTree = useOrgTree();
  const orgs = useMemo(() => indexOrgTree(orgTree.data), [orgTree.data]);
  return (field: string, value: unknown): React.ReactNode => {
    if (value === null || value === undefined || value === '') {
      return <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>;
    }
    if (value === '[redacted]') {
      return <Typography.Text type="secondary">{t('audit.redacted')}</Typography.Text>;
    }
    if (typeof value === 'boolean' || (field.startsWith('must_') && (value === 0 || value === 1))) {
      return value ? t('common.yes') : t('common.no');
    }
    if (field === 'role' && typeof value === 'string') {
      return translateIfKnown(`common.roles.${value}`, value);
    }
    if (field === 'status' && typeof value === 'string') {
      return translateIfKnown(`common.userStatus.${value}`, value);
    }
    if (field === 'org_id' && typeof value === 'number') {
      const org = orgs.get(value);
      return org ? `${org.name} · ${org.code}` : `#${value}`;
    }
    if (typeof value === 'string' && ISO_TIME_RE.test(value)) {
      return formatDateTime(value, lang, true);
    }
    if (typeof value === 'object') {
      return <code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(value)}</code>;
    }
    return String(value);
  };
}

function ChangesTable({ entry, lang }: { entry: AuditEntry; lang: Lang }) {
  const { t } = useTranslation();
  const format = useValueFormatter(lang);
  if (entry.changes.length === 0) {
    return <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>;
  }
  return (
    <div style={{ maxWidth: 960 }}>
      <table className="gt-change-table">
        <thead>
          <tr>
            <th scope="col">{t('audit.changeTable.field')}</th>
            <th scope="col">{t('audit.changeTable.before')}</th>
            <th scope="col" aria-hidden />
            <th scope="col">{t('audit.changeTable.after')}</th>
          </tr>
        </thead>
        <tbody>
          {entry.changes.map((c) => (
            <tr key={c.field}>
              <th scope="row">
                <Tooltip title={c.field}>{translateIfKnown(`audit.fields.${c.field}`, c.field)}</Tooltip>
              </th>
              <td className="gt-change-before">{format(c.field, c.before)}</td>
              <td aria-hidden className="gt-change-arrow">
                →
              </td>
              <td className="gt-change-after">{format(c.field, c.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entry.requestId ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('audit.requestId')}: {entry.requestId}
        </Typography.Text>
      ) : null}
    </div>
  );
}

/** 系统管理 → 审计日志 (sysadmin, 纪委): filtered, paged entries with field-level before → after, and a chain check. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const [query, setQuery] = useUrlState(parseQuery);
  const log = useAuditLog(useMemo(() => toApiQuery(query), [query]));
  const verify = useVerifyAuditChain();
  const [form] = Form.useForm<FilterValues>();
  const filtered = Boolean(query.actor || query.entityType || query.entityId || query.action || query.from || query.to);

  useEffect(() => {
    form.setFieldsValue({
      actor: query.actor,
      entityType: query.entityType,
      entityId: query.entityId,
      action: query.action,
      range: query.from || query.to ? [query.from ? dayjs(query.from) : null, query.to ? dayjs(query.to) : null] : null,
    });
  }, [form, query.actor, query.entityType, query.entityId, query.action, query.from, query.to]);

  const onSearch = (v: FilterValues) => {
    setQuery({
      actor: v.actor?.trim(),
      entityType: v.entityType,
      entityId: v.entityId?.trim(),
      action: v.action,
      from: v.range?.[0]?.format('YYYY-MM-DD'),
      to: v.range?.[1]?.format('YYYY-MM-DD'),
      page: undefined,
    });
  };

  const onReset = () => {
    form.resetFields();
    setQuery({
      actor: undefined,
      entityType: undefined,
      entityId: undefined,
      action: undefined,
      from: undefined,
      to: undefined,
      page: undefined,
    });
  };

  const columns: TableProps<AuditEntry>['columns'] = [
    { title: t('audit.columns.seq'), dataIndex: 'seq', key: 'seq', width: 72 },
    {
      title: t('audit.columns.at'),
      dataIndex: 'at',
      key: 'at',
      width: lang === 'zh-CN' ? 212 : 184,
      sorter: true,
      sortOrder: query.order === 'asc' ? 'ascend' : 'descend',
      sortDirections: ['descend', 'ascend', 'descend'],
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v, lang, true)}</span>,
    },
    {
      title: t('audit.columns.actor'),
      dataIndex: 'actorName',
      key: 'actor',
      width: 112,
      render: (v: string, e: AuditEntry) => (e.actorId === null && v === 'system' ? t('audit.systemActor') : v),
    },
    {
      title: t('audit.columns.action'),
      dataIndex: 'action',
      key: 'action',
      width: lang === 'zh-CN' ? 140 : 180,
      render: (v: string) => <Tooltip title={v}>{actionLabel(v)}</Tooltip>,
    },
    {
      title: t('audit.columns.entity'),
      key: 'entity',
      width: 140,
      render: (_: unknown, e: AuditEntry) => (
        <span>
          {entityLabel(e.entityType)}
          <Typography.Text type="secondary"> #{e.entityId}</Typography.Text>
        </span>
      ),
    },
    {
      title: t('audit.columns.changes'),
      key: 'changes',
      render: (_: unknown, e: AuditEntry) =>
        e.changes.length === 0 ? (
          <Typography.Text type="secondary">{t('audit.noChanges')}</Typography.Text>
        ) : (
          <Typography.Text ellipsis={{ tooltip: true }} style={{ maxWidth: 320 }}>
            {t('audit.changesSummary', {
              n: e.changes.length,
              fields: e.changes
                .slice(0, 4)
                .map((c) => translateIfKnown(`audit.fields.${c.field}`, c.field))
                .join(t('audit.listSeparator')),
            })}
            {e.changes.length > 4 ? '…' : ''}
          </Typography.Text>
        ),
    },
    { title: t('audit.columns.ip'), dataIndex: 'ip', key: 'ip', width: 124, render: (v: string | null) => v ?? t('common.empty') },
  ];

  const onTableChange: TableProps<AuditEntry>['onChange'] = (pagination, _f, sorter, extra) => {
    if (extra.action === 'sort') {
      const s = Array.isArray(sorter) ? sorter[0] : sorter;
      setQuery({ order: s?.order === 'ascend' ? 'asc' : undefined, page: undefined });
      return;
    }
    setQuery({
      page: pagination.current && pagination.current > 1 ? pagination.current : undefined,
      pageSize: pagination.pageSize && pagination.pageSize !== 20 ? pagination.pageSize : undefined,
    });
  };

  const report = verify.data;

  return (
    <>
      <PageHeader
        title={t('audit.title')}
        subtitle={t('audit.subtitle')}
        extra={
          <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()}>
            {verify.isPending ? t('audit.verify.running') : t('audit.verify.button')}
          </Button>
        }
      />
      {report ? (
        <Alert
          role="status"
          type={report.ok ? 'success' : 'error'}
          showIcon
          closable={{ onClose: () => verify.reset() }}
          title={report.ok ? t('audit.verify.okTitle') : t('audit.verify.brokenTitle')}
          description={
            report.ok
              ? t('audit.verify.okText', { n: formatNumber(report.checked, lang) })
              : t('audit.verify.brokenText', {
                  seq: report.firstBroken?.seq ?? '?',
                  reason: report.firstBroken?.reason ?? '',
                  n: formatNumber(report.checked, lang),
                })
          }
          style={{ marginBottom: 16 }}
        />
      ) : null}
      {verify.error ? <Alert type="error" showIcon title={errorMessage(verify.error)} style={{ marginBottom: 16 }} /> : null}
      <Card styles={{ body: { paddingBottom: 8 } }}>
        <Form<FilterValues> form={form} layout="inline" onFinish={onSearch} style={{ rowGap: 12, marginBottom: 16 }}>
          <Form.Item name="actor" label={t('audit.filters.actor')}>
            <Input allowClear placeholder={t('audit.filters.actorPlaceholder')} style={{ width: 160 }} maxLength={64} />
          </Form.Item>
          <Form.Item name="action" label={t('audit.filters.action')}>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('audit.filters.actionPlaceholder')}
              style={{ width: 180 }}
              popupMatchSelectWidth={false}
              options={KNOWN_ACTIONS.map((a) => ({ value: a, label: actionLabel(a) }))}
            />
          </Form.Item>
          <Form.Item name="entityType" label={t('audit.filters.entityType')}>
            <Select
              allowClear
              placeholder={t('audit.filters.entityTypePlaceholder')}
              style={{ width: 140 }}
              popupMatchSelectWidth={false}
              options={KNOWN_ENTITY_TYPES.map((e) => ({ value: e, label: entityLabel(e) }))}
            />
          </Form.Item>
          <Form.Item name="entityId" label={t('audit.filters.entityId')}>
            <Input allowClear placeholder={t('audit.filters.entityIdPlaceholder')} style={{ width: 110 }} maxLength={64} />
          </Form.Item>
          <Form.Item name="range" label={t('audit.filters.range')}>
            <DatePicker.RangePicker
              allowEmpty={[true, true]}
              placeholder={[t('audit.filters.rangeStart'), t('audit.filters.rangeEnd')]}
              format={lang === 'zh-CN' ? 'YYYY年M月D日' : 'YYYY-MM-DD'}
              style={{ width: lang === 'zh-CN' ? 300 : 260 }}
            />
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
        {log.error ? <Alert type="error" showIcon title={errorMessage(log.error)} style={{ marginBottom: 16 }} /> : null}
        <Table<AuditEntry>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={log.data?.items}
          loading={log.isFetching}
          onChange={onTableChange}
          scroll={{ x: 1000 }}
          showSorterTooltip={false}
          expandable={{ expandedRowRender: (entry) => <ChangesTable entry={entry} lang={lang} />, rowExpandable: () => true }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('audit.empty')} /> }}
          pagination={{
            current: query.page,
            pageSize: query.pageSize,
            total: log.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [10, 20, 50, 100],
            showTotal: (total) => t('common.table.total', { total: formatNumber(total, lang) }),
          }}
        />
      </Card>
    </>
  );
}

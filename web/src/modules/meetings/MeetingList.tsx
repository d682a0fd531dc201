import { DownloadOutlined } from '@ant-design/icons';
import { type MeetingListItem, type MeetingListQuery, meetingListQuerySchema } from '@guantong/shared';
import { Button, Checkbox, DatePicker, Flex, Input, Select, Table, type TableProps, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { toQueryString } from '../../api/client';
import { statusTagColor } from '../../components/status';
import { parseKnown, useUrlState } from '../../components/useUrlState';
import { formatDate, formatPercent } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useMeetings, useMeetingTypes } from './meetings.api';

const KEYS = ['page', 'pageSize', 'typeCode', 'status', 'overdue', 'firstTopicMissing', 'from', 'to', 'q', 'sort', 'order'] as const;

/** The status tag of a meeting (a planned meeting whose date has passed shows as not recorded, in red). */
export function MeetingStatusTag({ item }: { item: Pick<MeetingListItem, 'status' | 'overdue'> }) {
  const { t } = useTranslation();
  if (item.overdue) {
    return <Tag color={statusTagColor('overdue')}>{t('meetings.status.overdue')}</Tag>;
  }
  const tone = item.status === 'held' ? 'done' : item.status === 'planned' ? 'inProgress' : 'neutral';
  return <Tag color={statusTagColor(tone)}>{t(`meetings.status.${item.status}`)}</Tag>;
}

/** The meeting register: filters, sorting and paging in the URL, export of exactly the filtered list. */
export function MeetingList({ orgId }: { orgId: number | undefined }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const types = useMeetingTypes();
  const [query, setQuery] = useUrlState((p) => parseKnown(p, KEYS, (input) => meetingListQuerySchema.safeParse(input)) as MeetingListQuery);
  const full: MeetingListQuery = { ...query, orgId };
  const list = useMeetings(full);
  const [search, setSearch] = useState(query.q ?? '');
  useEffect(() => setSearch(query.q ?? ''), [query.q]);

  const columns: TableProps<MeetingListItem>['columns'] = [
    {
      title: t('meetings.columns.date'),
      dataIndex: 'startsAt',
      key: 'startsAt',
      width: 170,
      sorter: true,
      sortOrder: query.sort === 'startsAt' ? (query.order === 'asc' ? 'ascend' : 'descend') : null,
      render: (_: string, m) => `${formatDate(m.meetingDate, lang)} ${dayjs(m.startsAt).format('HH:mm')}`,
    },
    { title: t('meetings.columns.org'), key: 'org', render: (_, m) => m.org.name, ellipsis: true },
    { title: t('meetings.columns.type'), dataIndex: 'typeName', key: 'type', width: 150 },
    {
      title: t('meetings.columns.title'),
      dataIndex: 'title',
      key: 'title',
      sorter: true,
      sortOrder: query.sort === 'title' ? (query.order === 'asc' ? 'ascend' : 'descend') : null,
      render: (v: string, m) => <Link to={`/meetings/${m.id}`}>{v}</Link>,
    },
    { title: t('meetings.columns.status'), key: 'status', width: 110, render: (_, m) => <MeetingStatusTag item={m} /> },
    {
      title: t('meetings.columns.firstTopic'),
      key: 'firstTopic',
      width: 100,
      render: (_, m) =>
        m.firstTopicRequired ? (
          m.hasFirstTopic ? (
            <Tag color="green">{t('meetings.firstTopicYes')}</Tag>
          ) : (
            <Tag color="red">{t('meetings.firstTopicNo')}</Tag>
          )
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
    {
      title: t('meetings.columns.attendance'),
      key: 'attendance',
      width: 150,
      render: (_, m) =>
        m.attendance.expected === 0
          ? '—'
          : `${m.attendance.present} / ${m.attendance.expected}${m.status === 'held' ? ` · ${formatPercent(m.attendance.rate, lang)}` : ''}`,
    },
  ];
  const filtered = Boolean(query.typeCode || query.status || query.overdue || query.firstTopicMissing || query.from || query.q);
  return (
    <Flex vertical gap={12}>
      <Flex gap={8} wrap align="center">
        <Input.Search
          aria-label={t('meetings.filters.search')}
          placeholder={t('meetings.filters.search')}
          allowClear
          style={{ width: 240 }}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(v) => setQuery({ q: v || null, page: 1 })}
        />
        <Select
          aria-label={t('meetings.filters.type')}
          placeholder={t('meetings.filters.type')}
          allowClear
          style={{ width: 180 }}
          value={query.typeCode}
          options={(types.data ?? []).map((ty) => ({ value: ty.code, label: lang === 'zh-CN' ? ty.name : ty.nameEn }))}
          onChange={(v) => setQuery({ typeCode: v ?? null, page: 1 })}
        />
        <Select
          aria-label={t('meetings.filters.status')}
          placeholder={t('meetings.filters.status')}
          allowClear
          style={{ width: 120 }}
          value={query.status}
          options={(['planned', 'held', 'cancelled'] as const).map((s) => ({ value: s, label: t(`meetings.status.${s}`) }))}
          onChange={(v) => setQuery({ status: v ?? null, page: 1 })}
        />
        <DatePicker.RangePicker
          aria-label={t('meetings.filters.range')}
          value={query.from && query.to ? [dayjs(query.from), dayjs(query.to)] : null}
          onChange={(r) => setQuery({ from: r?.[0]?.format('YYYY-MM-DD') ?? null, to: r?.[1]?.format('YYYY-MM-DD') ?? null, page: 1 })}
        />
        <Checkbox
          checked={query.firstTopicMissing === 'true'}
          onChange={(e) => setQuery({ firstTopicMissing: e.target.checked ? 'true' : null, page: 1 })}
        >
          {t('meetings.filters.firstTopicMissing')}
        </Checkbox>
        <Checkbox checked={query.overdue === 'true'} onChange={(e) => setQuery({ overdue: e.target.checked ? 'true' : null, page: 1 })}>
          {t('meetings.filters.overdue')}
        </Checkbox>
        {filtered ? (
          <Button
            onClick={() =>
              setQuery({ typeCode: null, status: null, overdue: null, firstTopicMissing: null, from: null, to: null, q: null, page: 1 })
            }
          >
            {t('meetings.reset')}
          </Button>
        ) : null}
        <Button
          icon={<DownloadOutlined />}
          href={`/api/meetings/export.xlsx${toQueryString({ ...full, page: undefined, pageSize: undefined } as Record<string, string | number | undefined>)}`}
        >
          {t('meetings.export')}
        </Button>
      </Flex>
      <Table<MeetingListItem>
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('meetings.emptyList') }}
        pagination={{ current: query.page, pageSize: query.pageSize, total: list.data?.total ?? 0, showSizeChanger: true }}
        onChange={(p, _f, sorter) => {
          const s = Array.isArray(sorter) ? sorter[0] : sorter;
          const field = s?.order ? (s.columnKey === 'title' ? 'title' : 'startsAt') : null;
          setQuery({
            page: p.current ?? 1,
            pageSize: p.pageSize ?? 20,
            sort: field,
            order: s?.order ? (s.order === 'ascend' ? 'asc' : 'desc') : null,
          });
        }}
      />
    </Flex>
  );
}

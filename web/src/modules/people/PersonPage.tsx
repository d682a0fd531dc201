import { ArrowLeftOutlined, EditOutlined, HistoryOutlined, SwapOutlined } from '@ant-design/icons';
import type { Membership, PersonDetail, PersonEvent, PersonTransfer } from '@guantong/shared';
import { Alert, Button, Card, Col, Descriptions, Empty, Flex, Result, Row, Skeleton, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { formatDate, formatDateTime } from '../../i18n/format';
import { translateIfKnown } from '../../i18n/index';
import { toLang } from '../../i18n/languages';
import { ageOf } from '../orgs/dates';
import { OrgKindIcon } from '../orgs/OrgBits';
import { useMayWriteOrg } from '../orgs/orgs.api';
import { PartyStatusTag, PersonFlags } from './PersonBits';
import { PersonFormModal } from './PersonFormModal';
import { usePerson } from './people.api';
import { PEOPLE_PATH } from './RosterPage';
import { StatusEventModal } from './StatusEventModal';
import { TransferModal } from './TransferModal';

type Dialog = 'edit' | 'status' | 'transfer';

function OrgLink({ org }: { org: { id: number; name: string; kind: Membership['org']['kind'] } }) {
  return (
    <Flex gap={6} align="center" component="span" style={{ display: 'inline-flex' }}>
      <OrgKindIcon kind={org.kind} />
      <Link to={`/orgs?org=${org.id}`}>{org.name}</Link>
    </Flex>
  );
}

/** A person's page: their data, current organisation, every membership, transfer and status change, and the actions. */
export function PersonPage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const navigate = useNavigate();
  const params = useParams();
  const id = params.id && /^\d{1,9}$/.test(params.id) && Number(params.id) > 0 ? Number(params.id) : null;
  const person = usePerson(id);
  const mayWriteOrg = useMayWriteOrg();
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const back = (
    <Button icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate(PEOPLE_PATH))}>
      {t('people.actions.back')}
    </Button>
  );

  if (person.isLoading) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 12 }} />
      </Card>
    );
  }
  if (person.isError || !person.data) {
    return (
      <Card>
        <Result status="warning" title={t('people.detail.loadFailed', { message: errorMessage(person.error) })} extra={back} />
      </Card>
    );
  }
  const p: PersonDetail = person.data;
  const canWrite = mayWriteOrg(p.org.id);
  const date = (v: string | null) => formatDate(v, lang);

  const membershipColumns = [
    { title: t('people.memberships.columns.org'), key: 'org', render: (_: unknown, m: Membership) => <OrgLink org={m.org} /> },
    { title: t('people.memberships.columns.from'), key: 'from', width: 130, render: (_: unknown, m: Membership) => date(m.fromOn) },
    {
      title: t('people.memberships.columns.to'),
      key: 'to',
      width: 130,
      render: (_: unknown, m: Membership) => (m.toOn ? date(m.toOn) : <Tag color="green">{t('people.memberships.current')}</Tag>),
    },
    {
      title: t('people.memberships.columns.start'),
      key: 'start',
      width: 130,
      render: (_: unknown, m: Membership) => translateIfKnown(`people.memberships.startKinds.${m.startKind}`, m.startKind),
    },
    {
      title: t('people.memberships.columns.end'),
      key: 'end',
      width: 130,
      render: (_: unknown, m: Membership) =>
        m.endKind ? translateIfKnown(`people.memberships.endKinds.${m.endKind}`, m.endKind) : t('common.empty'),
    },
    {
      title: t('people.memberships.columns.reason'),
      dataIndex: 'reason',
      key: 'reason',
      render: (v: string | null) => v ?? t('common.empty'),
    },
  ];

  const transferColumns = [
    { title: t('people.transfers.columns.on'), key: 'on', width: 130, render: (_: unknown, x: PersonTransfer) => date(x.transferOn) },
    {
      title: t('people.transfers.columns.kind'),
      key: 'kind',
      width: 120,
      render: (_: unknown, x: PersonTransfer) => <Tag>{t(`people.transfers.kinds.${x.kind}`)}</Tag>,
    },
    {
      title: t('people.transfers.columns.from'),
      key: 'from',
      render: (_: unknown, x: PersonTransfer) =>
        x.fromOrg ? (
          <OrgLink org={x.fromOrg} />
        ) : x.externalOrg && x.kind === 'in' ? (
          t('people.transfers.external', { name: x.externalOrg })
        ) : (
          t('common.empty')
        ),
    },
    {
      title: t('people.transfers.columns.to'),
      key: 'to',
      render: (_: unknown, x: PersonTransfer) =>
        x.toOrg ? (
          <OrgLink org={x.toOrg} />
        ) : x.externalOrg && x.kind === 'out' ? (
          t('people.transfers.external', { name: x.externalOrg })
        ) : (
          t('common.empty')
        ),
    },
    { title: t('people.transfers.columns.reason'), dataIndex: 'reason', key: 'reason' },
    {
      title: t('people.transfers.columns.by'),
      key: 'by',
      width: 170,
      render: (_: unknown, x: PersonTransfer) => (
        <div>
          {x.createdBy}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(x.createdAt, lang)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
  ];

  const valueLabel = (e: PersonEvent, v: string | null) => {
    if (v === null) {
      return t('common.empty');
    }
    return e.kind === 'roster' ? translateIfKnown(`people.rosterStatus.${v}`, v) : translateIfKnown(`people.partyStatus.${v}`, v);
  };
  const eventColumns = [
    { title: t('people.events.columns.on'), key: 'on', width: 130, render: (_: unknown, e: PersonEvent) => date(e.onDate) },
    {
      title: t('people.events.columns.kind'),
      key: 'kind',
      width: 130,
      render: (_: unknown, e: PersonEvent) => t(`people.events.kinds.${e.kind}`),
    },
    {
      title: t('people.events.columns.change'),
      key: 'change',
      width: 220,
      render: (_: unknown, e: PersonEvent) =>
        e.fromValue === null ? valueLabel(e, e.toValue) : `${valueLabel(e, e.fromValue)} → ${valueLabel(e, e.toValue)}`,
    },
    { title: t('people.events.columns.reason'), dataIndex: 'reason', key: 'reason', render: (v: string | null) => v ?? t('common.empty') },
    {
      title: t('people.events.columns.by'),
      key: 'by',
      width: 170,
      render: (_: unknown, e: PersonEvent) => (
        <div>
          {e.createdBy}
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(e.createdAt, lang)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
  ];

  type Post = PersonDetail['posts'][number];
  const postColumns = [
    { title: t('people.posts.columns.org'), key: 'org', render: (_: unknown, x: Post) => <OrgLink org={x.org} /> },
    {
      title: t('people.posts.columns.post'),
      key: 'post',
      width: 140,
      render: (_: unknown, x: Post) => translateIfKnown(`orgs.posts.kinds.${x.post}`, x.post),
    },
    { title: t('people.posts.columns.start'), key: 'start', width: 130, render: (_: unknown, x: Post) => date(x.startOn) },
    {
      title: t('people.posts.columns.end'),
      key: 'end',
      width: 130,
      render: (_: unknown, x: Post) => (x.active ? <Tag color="green">{t('people.posts.active')}</Tag> : date(x.endOn)),
    },
  ];

  const empty = (text: string) => ({ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} /> });
  const inactivity = p.inactivity;

  return (
    <>
      <Flex justify="space-between" align="flex-start" gap={16} wrap style={{ marginBottom: 16 }}>
        <div style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Typography.Title level={3} style={{ margin: 0, fontSize: 20 }}>
            {p.name}
            <Typography.Text type="secondary" style={{ fontSize: 14, fontWeight: 'normal', marginInlineStart: 12 }}>
              {p.employeeNo}
            </Typography.Text>
          </Typography.Title>
          <Flex gap={4} wrap style={{ marginTop: 8 }}>
            <PartyStatusTag status={p.partyStatus} />
            {p.status === 'left' ? <Tag>{t('people.rosterStatus.left')}</Tag> : null}
            <PersonFlags person={p} />
          </Flex>
        </div>
        <Flex gap={8} wrap>
          {back}
          {canWrite && p.status === 'active' ? (
            <>
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                {t('people.actions.edit')}
              </Button>
              <Button icon={<HistoryOutlined />} onClick={() => setDialog('status')}>
                {t('people.actions.statusEvent')}
              </Button>
              {p.partyStatus !== 'non_member' ? (
                <Button type="primary" icon={<SwapOutlined />} onClick={() => setDialog('transfer')}>
                  {t('people.actions.transfer')}
                </Button>
              ) : null}
            </>
          ) : null}
          {canWrite && p.status === 'left' ? (
            <Button icon={<HistoryOutlined />} onClick={() => setDialog('status')}>
              {t('people.actions.statusEvent')}
            </Button>
          ) : null}
        </Flex>
      </Flex>
      {p.status === 'left' && p.leftOn ? (
        <Alert type="info" showIcon title={t('people.detail.leftOn', { date: date(p.leftOn) })} style={{ marginBottom: 16 }} />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={15}>
          <Card title={t('people.detail.basics')} size="small">
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              items={[
                { key: 'gender', label: t('people.fields.gender'), children: t(`people.gender.${p.gender}`) },
                { key: 'ethnicity', label: t('people.fields.ethnicity'), children: p.ethnicity ?? t('common.empty') },
                {
                  key: 'birth',
                  label: t('people.fields.birthDate'),
                  children: `${date(p.birthDate)} · ${t('people.age', { age: ageOf(p.birthDate) })}`,
                },
                { key: 'education', label: t('people.fields.education'), children: p.education ?? t('common.empty') },
                { key: 'jobTitle', label: t('people.fields.jobTitle'), children: p.jobTitle ?? t('common.empty') },
                { key: 'businessUnit', label: t('people.fields.businessUnit'), children: p.businessUnit ?? t('common.empty') },
                {
                  key: 'phone',
                  label: t('people.fields.phone'),
                  children: p.phone ? (
                    <span title={p.phoneMasked ? t('people.phoneMasked') : undefined}>{p.phone}</span>
                  ) : (
                    t('common.empty')
                  ),
                },
                { key: 'created', label: t('people.fields.note'), children: p.note ?? t('common.empty') },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t('people.detail.orgNow')} size="small">
            <Descriptions
              size="small"
              column={1}
              items={[
                {
                  key: 'branch',
                  label: t('people.detail.branch'),
                  children: p.branch ? <OrgLink org={p.branch} /> : t('people.detail.noBranch'),
                },
                ...(p.branch
                  ? [
                      {
                        key: 'group',
                        label: t('people.detail.group'),
                        children: p.group ? <OrgLink org={p.group} /> : t('people.detail.noGroup'),
                      },
                    ]
                  : []),
                ...(!p.branch ? [{ key: 'org', label: t('people.detail.org'), children: <OrgLink org={p.org} /> }] : []),
                { key: 'joined', label: t('people.fields.joinedPartyOn'), children: date(p.joinedPartyOn) },
                ...(p.partyStatus === 'probationary'
                  ? [{ key: 'probation', label: t('people.fields.probationStart'), children: date(p.probationStart) }]
                  : []),
                ...(p.fullMemberOn ? [{ key: 'full', label: t('people.fields.fullMemberOn'), children: date(p.fullMemberOn) }] : []),
                {
                  key: 'inactivity',
                  label: t('people.detail.inactivity.title'),
                  children:
                    inactivity.state === 'no_data' ? (
                      <Typography.Text type="secondary">{t('people.detail.inactivity.no_data')}</Typography.Text>
                    ) : inactivity.state === 'ok' ? (
                      <Tag color="green">{t('people.detail.inactivity.ok')}</Tag>
                    ) : (
                      <Typography.Text type={inactivity.state === 'lapsed' ? 'danger' : 'warning'}>
                        {t(`people.detail.inactivity.${inactivity.state}`, { months: inactivity.months ?? 0 })}
                      </Typography.Text>
                    ),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      {!canWrite ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('people.detail.readOnly')}
        </Typography.Paragraph>
      ) : null}
      <Card style={{ marginTop: 16 }} styles={{ body: { paddingTop: 4 } }}>
        <Tabs
          items={[
            {
              key: 'memberships',
              label: t('people.detail.tabs.memberships'),
              children: (
                <Table<Membership>
                  size="small"
                  rowKey="id"
                  dataSource={p.memberships}
                  columns={membershipColumns}
                  pagination={false}
                  scroll={{ x: 860 }}
                  locale={empty(t('people.memberships.empty'))}
                />
              ),
            },
            {
              key: 'transfers',
              label: t('people.detail.tabs.transfers'),
              children: (
                <Table<PersonTransfer>
                  size="small"
                  rowKey="id"
                  dataSource={p.transfers}
                  columns={transferColumns}
                  pagination={false}
                  scroll={{ x: 900 }}
                  locale={empty(t('people.transfers.empty'))}
                />
              ),
            },
            {
              key: 'events',
              label: t('people.detail.tabs.events'),
              children: (
                <Table<PersonEvent>
                  size="small"
                  rowKey="id"
                  dataSource={p.events}
                  columns={eventColumns}
                  pagination={false}
                  scroll={{ x: 800 }}
                  locale={empty(t('people.events.empty'))}
                />
              ),
            },
            {
              key: 'posts',
              label: t('people.detail.tabs.posts'),
              children: (
                <Table<Post>
                  size="small"
                  rowKey="id"
                  dataSource={p.posts}
                  columns={postColumns}
                  pagination={false}
                  locale={empty(t('people.posts.empty'))}
                />
              ),
            },
          ]}
        />
      </Card>
      {dialog === 'edit' ? <PersonFormModal person={p} onClose={() => setDialog(null)} onDone={() => undefined} /> : null}
      {dialog === 'status' ? <StatusEventModal person={p} onClose={() => setDialog(null)} /> : null}
      {dialog === 'transfer' ? <TransferModal person={p} onClose={() => setDialog(null)} /> : null}
    </>
  );
}

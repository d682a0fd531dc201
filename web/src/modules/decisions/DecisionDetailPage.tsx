import { ArrowLeftOutlined, EditOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons';
import type { DecisionDetail, DecisionFollowUpTask } from '@guantong/shared';
import { Button, Card, Col, Descriptions, Empty, Flex, Progress, Result, Row, Skeleton, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { STATUS_COLORS } from '../../components/status';
import { formatDate, formatDateTime } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { TaskStatusTag } from '../tasks/TaskBits';
import { bodyName, categoryName, DecisionStatusTag, PreStudyBanner, PreStudyFlag } from './DecisionBits';
import { DecisionFormModal } from './DecisionFormModal';
import { useDecision } from './decisions.api';
import { FollowUpModal } from './FollowUpModal';

/** `/governance/decisions/:id`. */
export function DecisionDetailRoute() {
  const { id } = useParams();
  return <DecisionDetailPage id={id && /^\d{1,9}$/.test(id) ? Number(id) : null} />;
}

function DecisionDetailPage({ id }: { id: number | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const detail = useDecision(id);
  const [dialog, setDialog] = useState<null | 'edit' | 'preStudy' | 'followUp'>(null);
  const back = (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      onClick={() => navigate('/governance/decisions')}
      style={{ paddingInline: 0, marginBottom: 8 }}
    >
      {t('decisions.actions.back')}
    </Button>
  );
  if (id === null || detail.isError) {
    return (
      <>
        {back}
        <Result status="404" title={t('decisions.detail.notFound')} subTitle={detail.error ? errorMessage(detail.error) : undefined} />
      </>
    );
  }
  if (!detail.data) {
    return (
      <>
        {back}
        <Skeleton active paragraph={{ rows: 8 }} />
      </>
    );
  }
  const d = detail.data;
  return (
    <>
      {back}
      <PageHeader
        title={d.title}
        subtitle={
          <Flex gap={8} wrap align="center">
            <DecisionStatusTag status={d.status} />
            <PreStudyFlag decision={d} />
            {d.docNo ? <Typography.Text type="secondary">{d.docNo}</Typography.Text> : null}
          </Flex>
        }
        extra={
          d.canEdit ? (
            <>
              <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
                {t('decisions.actions.edit')}
              </Button>
              {d.canAddFollowUp ? (
                <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('followUp')}>
                  {t('decisions.actions.addFollowUp')}
                </Button>
              ) : null}
            </>
          ) : null
        }
      />
      <Flex vertical gap={16}>
        {d.preStudy.required ? (
          <PreStudyBanner
            decision={d}
            action={
              d.canEdit && d.preStudy.severity !== 'ok' ? (
                <Button size="small" icon={<LinkOutlined />} onClick={() => setDialog('preStudy')}>
                  {t('decisions.actions.linkPreStudy')}
                </Button>
              ) : undefined
            }
          />
        ) : null}
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <InfoCard d={d} />
          </Col>
          <Col xs={24} xl={10}>
            <PreStudyCard d={d} />
          </Col>
        </Row>
        <FollowUpCard d={d} onAdd={d.canAddFollowUp ? () => setDialog('followUp') : undefined} />
      </Flex>
      <DecisionFormModal
        open={dialog === 'edit' || dialog === 'preStudy'}
        decision={d}
        focusPreStudy={dialog === 'preStudy'}
        onClose={() => setDialog(null)}
        onDone={() => setDialog(null)}
      />
      <FollowUpModal open={dialog === 'followUp'} decision={d} onClose={() => setDialog(null)} />
    </>
  );
}

function InfoCard({ d }: { d: DecisionDetail }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const empty = <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>;
  return (
    <Card title={t('decisions.detail.info')} size="small">
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label={t('decisions.detail.org')}>{d.org.name}</Descriptions.Item>
        <Descriptions.Item label={t('decisions.detail.body')}>{bodyName(d.body, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('decisions.detail.category')}>{categoryName(d.category, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('decisions.detail.decidedOn')}>{formatDate(d.decidedOn, lang)}</Descriptions.Item>
        <Descriptions.Item label={t('decisions.detail.meeting')}>
          {d.meeting ? (
            <span>
              <Link to={`/meetings/${d.meeting.id}`}>{d.meeting.title}</Link>（{formatDateTime(d.meeting.startsAt, lang)}）
            </span>
          ) : (
            <Typography.Text type="secondary">{t('decisions.detail.noMeeting')}</Typography.Text>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('decisions.detail.agendaItem')}>
          {d.agendaItem ? `${d.agendaItem.position}. ${d.agendaItem.title}` : empty}
        </Descriptions.Item>
        <Descriptions.Item label={t('decisions.detail.owner')}>{d.ownerUser?.displayName ?? empty}</Descriptions.Item>
        <Descriptions.Item label={t('decisions.detail.ownerDepartment')}>{d.ownerDepartment ?? empty}</Descriptions.Item>
        <Descriptions.Item label={t('decisions.detail.reviewOn')}>
          {d.reviewOn ? (
            <Flex gap={6} align="center">
              {formatDate(d.reviewOn, lang)}
              {d.reviewDue ? <Tag color={STATUS_COLORS.dueSoon.tag}>{t('decisions.detail.reviewDue')}</Tag> : null}
            </Flex>
          ) : (
            empty
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('decisions.detail.status')}>
          <DecisionStatusTag status={d.status} />
        </Descriptions.Item>
        {d.resolution ? (
          <Descriptions.Item label={t('decisions.detail.resolution')} span={2}>
            <span style={{ whiteSpace: 'pre-wrap' }}>{d.resolution.text}</span>{' '}
            <Link to={`/meetings/${d.resolution.meetingId}#resolution-${d.resolution.id}`}>{t('decisions.detail.viewResolution')}</Link>
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label={t('decisions.detail.summary')} span={2}>
          {d.summary ? <span style={{ whiteSpace: 'pre-wrap' }}>{d.summary}</span> : empty}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function PreStudyCard({ d }: { d: DecisionDetail }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const m = d.preStudy.meeting;
  const none = <Typography.Text type="secondary">{t('decisions.detail.preStudyNone')}</Typography.Text>;
  return (
    <Card title={t('decisions.detail.preStudyCard')} size="small" extra={<PreStudyFlag decision={d} />}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('decisions.detail.preStudyMeeting')}>
          {m ? (
            <span>
              <Link to={`/meetings/${m.id}`}>{m.title}</Link>
              <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
                {formatDateTime(m.startsAt, lang)} ·{' '}
                {t(`decisions.preStudy.meetingStatus.${m.status as 'held'}`, { defaultValue: m.status })}
              </Typography.Text>
            </span>
          ) : (
            none
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('decisions.detail.preStudyAgenda')}>
          {d.preStudy.agendaItem ? `${d.preStudy.agendaItem.position}. ${d.preStudy.agendaItem.title}` : none}
        </Descriptions.Item>
        <Descriptions.Item label={t('decisions.detail.preStudyNote')}>{d.preStudy.note ?? none}</Descriptions.Item>
        <Descriptions.Item label={t('decisions.detail.decidedOn')}>
          {d.meeting ? formatDateTime(d.meeting.startsAt, lang) : formatDate(d.decidedOn, lang)}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

function FollowUpCard({ d, onAdd }: { d: DecisionDetail; onAdd?: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const r = d.followUp;
  const columns = [
    {
      title: t('decisions.detail.taskColumns.title'),
      key: 'title',
      render: (_: unknown, task: DecisionFollowUpTask) => (
        <Link to={`/tasks/${task.id}`} state={{ from: `/governance/decisions/${d.id}` }}>
          {task.title}
        </Link>
      ),
    },
    { title: t('decisions.detail.taskColumns.org'), key: 'org', render: (_: unknown, task: DecisionFollowUpTask) => task.org.name },
    {
      title: t('decisions.detail.taskColumns.responsible'),
      key: 'responsible',
      render: (_: unknown, task: DecisionFollowUpTask) => task.responsibleUser?.displayName ?? t('common.empty'),
    },
    {
      title: t('decisions.detail.taskColumns.dueOn'),
      key: 'dueOn',
      render: (_: unknown, task: DecisionFollowUpTask) => (
        <Flex vertical>
          <span>{formatDate(task.dueOn, lang)}</span>
          {task.overdueDays > 0 ? (
            <Typography.Text style={{ color: STATUS_COLORS.overdue.hex, fontSize: 12 }}>
              {t('decisions.detail.overdueDays', { n: task.overdueDays })}
            </Typography.Text>
          ) : null}
        </Flex>
      ),
    },
    {
      title: t('decisions.detail.taskColumns.status'),
      key: 'status',
      render: (_: unknown, task: DecisionFollowUpTask) => <TaskStatusTag status={task.status} />,
    },
    {
      title: t('decisions.detail.taskColumns.progress'),
      key: 'progress',
      width: 160,
      render: (_: unknown, task: DecisionFollowUpTask) => (
        <Progress percent={task.progress} size="small" status={task.overdueDays > 0 ? 'exception' : undefined} />
      ),
    },
  ];
  return (
    <Card
      title={t('decisions.detail.followUpCard')}
      size="small"
      extra={
        onAdd ? (
          <Button size="small" icon={<PlusOutlined />} onClick={onAdd}>
            {t('decisions.actions.addFollowUp')}
          </Button>
        ) : null
      }
    >
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col xs={12} md={4}>
          <Statistic title={t('decisions.detail.rollup.total')} value={r.total} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic title={t('decisions.detail.rollup.open')} value={r.open} />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={t('decisions.detail.rollup.verified')}
            value={r.verified}
            styles={{ content: { color: STATUS_COLORS.done.hex } }}
          />
        </Col>
        <Col xs={12} md={4}>
          <Statistic
            title={t('decisions.detail.rollup.overdue')}
            value={r.overdue}
            styles={{ content: { color: r.overdue > 0 ? STATUS_COLORS.overdue.hex : undefined } }}
          />
        </Col>
        <Col xs={24} md={8}>
          <Typography.Text type="secondary">{t('decisions.detail.rollup.progress')}</Typography.Text>
          <Progress percent={r.progress} size="small" />
          <Typography.Text type="secondary">{t('decisions.detail.rollup.verifiedCompletion')}</Typography.Text>
          <Progress percent={r.verifiedCompletion} size="small" strokeColor={STATUS_COLORS.done.hex} />
        </Col>
      </Row>
      <Table<DecisionFollowUpTask>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={d.followUpTasks}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('decisions.detail.followUpEmpty')} /> }}
      />
    </Card>
  );
}

import { ArrowLeftOutlined, CheckCircleOutlined, EditOutlined, QrcodeOutlined, UploadOutlined } from '@ant-design/icons';
import type { AttendanceStatusValue, Attendee, MeetingDetail, Resolution } from '@guantong/shared';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Result,
  Segmented,
  Select,
  Spin,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { CSRF_HEADER, errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useCurrentUser } from '../auth/auth.api';
import { MeetingStatusTag } from './MeetingList';
import { useMeeting, useMeetingMutations } from './meetings.api';
import { DECISION_WRITERS, meetingDecides, ResolutionDecisionModal } from './ResolutionDecisionModal';

function Attendance({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const m = useMeetingMutations();
  const [leaveFor, setLeaveFor] = useState<Attendee | null>(null);
  const [reason, setReason] = useState('');
  const mark = (a: Attendee, status: AttendanceStatusValue, leaveReason?: string) =>
    m.attendance
      .mutateAsync({ id: meeting.id, items: [{ personId: a.person.id, status, leaveReason: leaveReason ?? null }] })
      .catch((e: unknown) => {
        void message.error(errorMessage(e));
      });
  const s = meeting.attendance;
  return (
    <Card
      title={t('meetings.detail.attendance')}
      extra={
        meeting.can.record && meeting.status !== 'cancelled' ? (
          <Link to={`/meetings/${meeting.id}/checkin`}>
            <Button icon={<QrcodeOutlined />}>{t('meetings.detail.checkinScreen')}</Button>
          </Link>
        ) : null
      }
    >
      <Typography.Paragraph>{t('meetings.detail.summary', { ...s })}</Typography.Paragraph>
      <Table<Attendee>
        rowKey={(a) => a.person.id}
        size="small"
        pagination={meeting.attendees.length > 50 ? { pageSize: 50 } : false}
        dataSource={meeting.attendees}
        scroll={{ x: 640 }}
        columns={[
          {
            title: t('meetings.learning.person'),
            key: 'name',
            render: (_, a) => (
              <Flex gap={6} align="center" wrap>
                <span>{a.person.name}</span>
                {a.posts.map((p) => (
                  <Tag key={p}>{p}</Tag>
                ))}
                {!a.expected ? <Tag color="purple">{t('meetings.detail.guest')}</Tag> : null}
              </Flex>
            ),
          },
          {
            title: t('meetings.columns.status'),
            key: 'status',
            width: 260,
            render: (_, a) =>
              meeting.can.record ? (
                <Segmented<AttendanceStatusValue | 'pending'>
                  size="small"
                  value={a.status}
                  aria-label={`${a.person.name} ${t('meetings.columns.status')}`}
                  options={[
                    { value: 'present', label: t('meetings.detail.markPresent') },
                    { value: 'leave', label: t('meetings.detail.markLeave') },
                    { value: 'absent', label: t('meetings.detail.markAbsent') },
                  ]}
                  onChange={(v) => {
                    if (v === 'leave') {
                      setReason(a.leaveReason ?? '');
                      setLeaveFor(a);
                    } else if (v !== 'pending') {
                      void mark(a, v);
                    }
                  }}
                />
              ) : (
                <Tag>
                  {a.status === 'pending'
                    ? '—'
                    : t(`meetings.detail.mark${a.status === 'present' ? 'Present' : a.status === 'leave' ? 'Leave' : 'Absent'}`)}
                </Tag>
              ),
          },
          {
            title: '',
            key: 'note',
            render: (_, a) => (
              <Flex gap={6} wrap>
                {a.status === 'leave' && a.leaveReason ? <Typography.Text type="secondary">{a.leaveReason}</Typography.Text> : null}
                {a.checkinMethod === 'code' ? <Tag color="blue">{t('meetings.detail.checkedInByCode')}</Tag> : null}
                {a.makeup ? (
                  <Tag color={a.makeup.status === 'done' ? 'green' : 'gold'}>
                    {a.makeup.status === 'done' ? t('meetings.detail.makeupDone') : t('meetings.detail.makeup')}
                  </Tag>
                ) : null}
              </Flex>
            ),
          },
        ]}
      />
      <Modal
        open={leaveFor !== null}
        title={t('meetings.detail.leaveReason')}
        onCancel={() => setLeaveFor(null)}
        okButtonProps={{ disabled: !reason.trim() }}
        onOk={async () => {
          if (leaveFor) {
            await mark(leaveFor, 'leave', reason.trim());
          }
          setLeaveFor(null);
        }}
      >
        <Input
          aria-label={t('meetings.detail.leaveReason')}
          placeholder={t('meetings.detail.leaveReasonPrompt')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          maxLength={300}
          autoFocus
        />
      </Modal>
    </Card>
  );
}

function Resolutions({ meeting }: { meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const m = useMeetingMutations();
  const [form] = Form.useForm<{ text: string; agendaItemId?: number }>();
  const [taskFor, setTaskFor] = useState<number | null>(null);
  const [taskForm] = Form.useForm<{ title: string; dueOn: dayjs.Dayjs }>();
  const [decisionFor, setDecisionFor] = useState<Resolution | null>(null);
  const me = useCurrentUser();
  const canEdit = meeting.can.edit;
  const canDecide = canEdit && meetingDecides(meeting) && me.roles.some((r) => DECISION_WRITERS.includes(r));
  return (
    <Card title={t('meetings.detail.resolutions')}>
      <List
        dataSource={meeting.resolutions}
        locale={{ emptyText: t('meetings.detail.noResolutions') }}
        renderItem={(r) => (
          <List.Item
            id={`resolution-${r.id}`}
            data-resolution={r.id}
            actions={[
              r.decision ? (
                <Link key="decision" to={`/governance/decisions/${r.decision.id}`}>
                  {t('meetings.detail.openDecision')}：{r.decision.title}
                </Link>
              ) : canDecide ? (
                <Button key="toDecision" size="small" onClick={() => setDecisionFor(r)}>
                  {t('meetings.toDecision.button')}
                </Button>
              ) : null,
              r.task ? (
                <Link key="task" to={`/tasks/${r.task.id}`}>
                  {t('meetings.detail.openTask')}：{r.task.title}
                </Link>
              ) : canEdit ? (
                <Button
                  key="toTask"
                  size="small"
                  onClick={() => {
                    taskForm.setFieldsValue({ title: r.text.slice(0, 120), dueOn: dayjs().add(30, 'day') });
                    setTaskFor(r.id);
                  }}
                >
                  {t('meetings.detail.toTask')}
                </Button>
              ) : null,
            ].filter((a) => a !== null)}
          >
            <List.Item.Meta
              title={`${r.position}. ${r.text}`}
              description={r.agendaItemId ? meeting.agenda.find((a) => a.id === r.agendaItemId)?.title : undefined}
            />
          </List.Item>
        )}
      />
      {canEdit ? (
        <Form
          form={form}
          layout="inline"
          style={{ marginTop: 12, rowGap: 8 }}
          onFinish={(v) =>
            m.addResolution
              .mutateAsync({ id: meeting.id, text: v.text, agendaItemId: v.agendaItemId ?? null })
              .then(() => form.resetFields())
              .catch((e: unknown) => void message.error(errorMessage(e)))
          }
        >
          <Form.Item name="text" rules={[{ required: true, message: t('meetings.form.required') }]} style={{ flex: '1 1 320px' }}>
            <Input.TextArea
              aria-label={t('meetings.detail.resolutionText')}
              placeholder={t('meetings.detail.resolutionText')}
              autoSize={{ minRows: 1, maxRows: 4 }}
            />
          </Form.Item>
          <Form.Item name="agendaItemId">
            <Select
              aria-label={t('meetings.detail.agendaItem')}
              allowClear
              placeholder={t('meetings.detail.agendaItem')}
              style={{ width: 220 }}
              options={meeting.agenda.map((a) => ({ value: a.id, label: `${a.position}. ${a.title}` }))}
            />
          </Form.Item>
          <Button htmlType="submit" loading={m.addResolution.isPending}>
            {t('meetings.detail.addResolution')}
          </Button>
        </Form>
      ) : null}
      <ResolutionDecisionModal meeting={meeting} resolution={decisionFor} onClose={() => setDecisionFor(null)} />
      <Modal
        open={taskFor !== null}
        title={t('meetings.detail.toTask')}
        onCancel={() => setTaskFor(null)}
        confirmLoading={m.resolutionTask.isPending}
        onOk={() => taskForm.submit()}
      >
        <Form
          form={taskForm}
          layout="vertical"
          onFinish={(v) =>
            m.resolutionTask
              .mutateAsync({
                id: meeting.id,
                rid: taskFor ?? 0,
                title: v.title,
                dueOn: v.dueOn.format('YYYY-MM-DD'),
                level: 'action',
                responsibilityKind: 'principal',
              })
              .then(() => {
                setTaskFor(null);
                void message.success(t('meetings.detail.taskCreated'));
              })
              .catch((e: unknown) => void message.error(errorMessage(e)))
          }
        >
          <Form.Item name="title" label={t('meetings.detail.taskTitle')} rules={[{ required: true, message: t('meetings.form.required') }]}>
            <Input maxLength={300} />
          </Form.Item>
          <Form.Item name="dueOn" label={t('meetings.detail.taskDue')} rules={[{ required: true, message: t('meetings.form.required') }]}>
            <DatePicker />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

/** One meeting: facts, warnings (第一议题), agenda, attendance marking, minutes, resolutions → tasks, attachments. */
export function MeetingDetailPage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const { id } = useParams();
  const meetingId = Number(id);
  const q = useMeeting(Number.isFinite(meetingId) ? meetingId : undefined);
  const m = useMeetingMutations();
  const [minutes, setMinutes] = useState('');
  useEffect(() => setMinutes(q.data?.minutes ?? ''), [q.data?.minutes]);
  if (q.isLoading) {
    return <Spin />;
  }
  if (q.error || !q.data) {
    return <Result status="404" title={errorMessage(q.error)} extra={<Link to="/meetings">{t('meetings.detail.back')}</Link>} />;
  }
  const d = q.data;
  const fail = (e: unknown) => void message.error(errorMessage(e));
  const cancel = () => {
    let reason = '';
    modal.confirm({
      title: t('meetings.detail.cancel'),
      content: (
        <Input
          aria-label={t('meetings.detail.cancelReason')}
          placeholder={t('meetings.detail.cancelReason')}
          onChange={(e) => (reason = e.target.value)}
        />
      ),
      onOk: () => (reason.trim() ? m.cancel.mutateAsync({ id: d.id, reason: reason.trim() }).catch(fail) : Promise.reject()),
    });
  };
  return (
    <>
      <Link to="/meetings">
        <ArrowLeftOutlined /> {t('meetings.detail.back')}
      </Link>
      <PageHeader
        title={
          <Flex gap={8} align="center" wrap>
            {d.title}
            <MeetingStatusTag item={d} />
          </Flex>
        }
        subtitle={`${d.org.name} · ${lang === 'zh-CN' ? d.type.name : d.type.nameEn} · ${formatDateTime(d.startsAt, lang)}`}
        extra={
          <Flex gap={8} wrap>
            {d.can.edit ? (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/meetings/${d.id}/edit`)}>
                {t('meetings.detail.edit')}
              </Button>
            ) : null}
            {d.can.edit && d.status === 'planned' ? (
              <Popconfirm title={t('meetings.detail.holdConfirm')} onConfirm={() => m.hold.mutateAsync({ id: d.id, minutes }).catch(fail)}>
                <Button type="primary" icon={<CheckCircleOutlined />} disabled={dayjs(d.meetingDate).isAfter(dayjs(), 'day')}>
                  {t('meetings.detail.hold')}
                </Button>
              </Popconfirm>
            ) : null}
            {d.can.edit && d.status === 'planned' ? <Button onClick={cancel}>{t('meetings.detail.cancel')}</Button> : null}
            {d.can.edit && d.status !== 'held' ? (
              <Popconfirm
                title={t('meetings.detail.deleteConfirm')}
                onConfirm={() =>
                  m.remove
                    .mutateAsync(d.id)
                    .then(() => navigate('/meetings'))
                    .catch(fail)
                }
              >
                <Button danger>{t('meetings.detail.delete')}</Button>
              </Popconfirm>
            ) : null}
          </Flex>
        }
      />
      <Flex vertical gap={16}>
        {d.cancelReason ? <Alert type="info" showIcon title={t('meetings.detail.cancelledBecause', { reason: d.cancelReason })} /> : null}
        {d.warnings.length > 0 ? (
          <Alert
            type="warning"
            showIcon
            title={t('meetings.detail.warnings')}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {d.warnings.map((w) => (
                  <li key={w.code}>
                    {lang === 'zh-CN' ? w.message : t(`meetings.warnings.${w.code}` as 'meetings.warnings.first_topic_missing')}
                  </li>
                ))}
              </ul>
            }
          />
        ) : null}
        <Card title={t('meetings.detail.info')}>
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
            <Descriptions.Item label={t('meetings.detail.when')}>
              {formatDateTime(d.startsAt, lang)}
              {d.endsAt ? ` – ${dayjs(d.endsAt).format('HH:mm')}` : ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('meetings.detail.where')}>
              {d.online ? `${t('meetings.detail.online')} ` : ''}
              {d.place || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('meetings.detail.chair')}>{d.chair?.name ?? '—'}</Descriptions.Item>
            {d.counterpart ? (
              <Descriptions.Item label={t('meetings.detail.counterpart')}>{d.counterpart.name}</Descriptions.Item>
            ) : (
              <Descriptions.Item label={t('meetings.detail.recorder')}>{d.recorder?.name ?? '—'}</Descriptions.Item>
            )}
            {d.study ? (
              <Descriptions.Item label={t('meetings.detail.study')}>
                {t(`meetings.studyModes.${d.study.mode}`)} · {d.study.topic} · {t('meetings.detail.studyHours', { hours: d.study.hours })}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {d.study && d.status === 'held' && d.can.record && d.attendance.absent + d.attendance.leave > 0 ? (
            <Button
              size="small"
              onClick={() =>
                m.assignMakeups
                  .mutateAsync(d.id)
                  .then((r) => void message.success(t('meetings.detail.makeupsAssigned', { n: r.assigned })))
                  .catch(fail)
              }
            >
              {t('meetings.detail.assignMakeups')}
            </Button>
          ) : null}
        </Card>
        <Card title={t('meetings.detail.agenda')}>
          {d.agenda.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('meetings.detail.noAgenda')} />
          ) : (
            <ol style={{ margin: 0, paddingInlineStart: 20 }}>
              {d.agenda.map((a) => (
                <li key={a.id} style={{ marginBottom: 4 }}>
                  {a.isFirstTopic ? <Tag color="red">{t('meetings.form.isFirstTopic')}</Tag> : null}
                  {a.title}
                  {a.presenter ? <Typography.Text type="secondary">（{a.presenter}）</Typography.Text> : null}
                </li>
              ))}
            </ol>
          )}
        </Card>
        {d.type.isTalk ? null : <Attendance meeting={d} />}
        <Card title={t('meetings.detail.minutes')}>
          <Input.TextArea
            aria-label={t('meetings.detail.minutes')}
            rows={5}
            value={minutes}
            readOnly={!d.can.edit}
            placeholder={t('meetings.detail.minutesPlaceholder')}
            onChange={(e) => setMinutes(e.target.value)}
          />
          {d.can.edit ? (
            <Button
              style={{ marginTop: 8 }}
              disabled={minutes === d.minutes}
              loading={m.update.isPending}
              onClick={() =>
                m.update
                  .mutateAsync({ id: d.id, minutes })
                  .then(() => void message.success(t('meetings.form.saved')))
                  .catch(fail)
              }
            >
              {t('meetings.detail.saveMinutes')}
            </Button>
          ) : null}
        </Card>
        <Resolutions meeting={d} />
        <Card
          title={t('meetings.detail.files')}
          extra={
            d.can.record ? (
              <Upload
                action={`/api/meetings/${d.id}/files`}
                headers={CSRF_HEADER}
                withCredentials
                showUploadList={false}
                onChange={(info) => {
                  if (info.file.status === 'done') {
                    void q.refetch();
                  } else if (info.file.status === 'error') {
                    void message.error(
                      (info.file.response as { error?: { message?: string } } | undefined)?.error?.message ?? 'upload failed',
                    );
                  }
                }}
              >
                <Button icon={<UploadOutlined />}>{t('meetings.detail.upload')}</Button>
              </Upload>
            ) : null
          }
        >
          {d.files.length === 0 ? (
            <Typography.Text type="secondary">{t('meetings.detail.noFiles')}</Typography.Text>
          ) : (
            <Flex gap={12} wrap>
              {d.files.map((f) =>
                f.kind === 'image' ? (
                  <a key={f.id} href={f.url} target="_blank" rel="noreferrer">
                    <img src={f.url} alt={f.name} style={{ height: 96, borderRadius: 4, border: '1px solid #f0f0f0' }} />
                  </a>
                ) : (
                  <a key={f.id} href={f.url}>
                    {f.name}
                  </a>
                ),
              )}
            </Flex>
          )}
        </Card>
      </Flex>
    </>
  );
}

import {
  ArrowLeftOutlined,
  CheckOutlined,
  DownOutlined,
  EditOutlined,
  FlagOutlined,
  ForkOutlined,
  FormOutlined,
  RollbackOutlined,
  SendOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { type SupervisionNotice, TASK_STATUSES, type Task, type TaskAction, type TaskDetail, type TaskStatus } from '@guantong/shared';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Dropdown,
  Empty,
  Flex,
  type MenuProps,
  Result,
  Row,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { formatDate, formatDateTime, formatNumber, formatPercent } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { DecomposeModal } from './DecomposeModal';
import { IssueDownModal } from './IssueDownModal';
import { AnswerNoticeModal, FlagModal, ReportModal, SimpleActionModal } from './TaskActionDialogs';
import { DueHint, ProgressPair, rollupRuleText, TaskLights, TaskStatusTag, todayInBeijing } from './TaskBits';
import { TaskFormModal } from './TaskFormModal';
import { TaskSourceLink } from './TaskSourceLink';
import { FileList, TaskTimeline } from './TaskTimeline';
import type { SimpleAction } from './tasks.api';
import { useTask } from './tasks.api';

type Dialog =
  | { kind: 'edit' }
  | { kind: 'issue' }
  | { kind: 'decompose' }
  | { kind: 'report'; noteOnly: boolean }
  | { kind: 'simple'; action: SimpleAction }
  | { kind: 'flag' }
  | { kind: 'answer'; notice: SupervisionNotice };

/** The order buttons appear in; the first allowed of PRIMARY is the page's one primary action. */
const PRIMARY: TaskAction[] = ['issue', 'issue_down', 'accept', 'verify', 'report', 'answer_notice', 'start', 'close'];

/** `/tasks/:id`: one task with its fields, progress apart from verified completion, children, timeline and actions. */
export function TaskDetailRoute() {
  const { id } = useParams();
  const taskId = id && /^\d{1,9}$/.test(id) ? Number(id) : null;
  return <TaskDetailPage taskId={taskId} />;
}

function TaskDetailPage({ taskId }: { taskId: number | null }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const detail = useTask(taskId);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const from = (location.state as { from?: string } | null)?.from ?? '/tasks';
  const back = (
    <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(from)} style={{ paddingInline: 0, marginBottom: 8 }}>
      {t('tasks.actions.back')}
    </Button>
  );

  if (taskId === null || detail.isError) {
    return (
      <>
        {back}
        <Card>
          <Result status="404" title={detail.error ? errorMessage(detail.error) : t('tasks.detail.notFound')} />
        </Card>
      </>
    );
  }
  if (detail.isLoading || !detail.data) {
    return (
      <>
        {back}
        <Card>
          <Skeleton active paragraph={{ rows: 12 }} />
        </Card>
      </>
    );
  }
  const task = detail.data;
  const close = () => setDialog(null);

  return (
    <>
      {back}
      <TaskView task={task} onDialog={setDialog} from={from} />
      {dialog?.kind === 'edit' ? <TaskFormModal open task={task} onClose={close} onDone={close} /> : null}
      {dialog?.kind === 'issue' ? <IssueDownModal task={task} onClose={close} onDone={close} /> : null}
      {dialog?.kind === 'decompose' ? <DecomposeModal task={task} onClose={close} onDone={close} /> : null}
      {dialog?.kind === 'report' ? <ReportModal task={task} noteOnly={dialog.noteOnly} onClose={close} onDone={close} /> : null}
      {dialog?.kind === 'simple' ? <SimpleActionModal task={task} action={dialog.action} onClose={close} onDone={close} /> : null}
      {dialog?.kind === 'flag' ? <FlagModal task={task} onClose={close} onDone={close} /> : null}
      {dialog?.kind === 'answer' ? <AnswerNoticeModal task={task} notice={dialog.notice} onClose={close} onDone={close} /> : null}
    </>
  );
}

function TaskView({ task, onDialog, from }: { task: TaskDetail; onDialog: (d: Dialog) => void; from: string }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const today = todayInBeijing();
  const allowed = new Set(task.allowedActions);
  const openNotice = task.notices.find((n) => n.status === 'open');

  const buttonOf = (action: TaskAction): { key: string; icon: ReactNode; label: string; danger?: boolean; run: () => void } | null => {
    switch (action) {
      case 'issue':
      case 'issue_down':
        return { key: 'issue', icon: <SendOutlined />, label: t('tasks.actions.issue'), run: () => onDialog({ kind: 'issue' }) };
      case 'accept':
        return {
          key: 'accept',
          icon: <CheckOutlined />,
          label: t('tasks.actions.accept'),
          run: () => onDialog({ kind: 'simple', action: 'accept' }),
        };
      case 'start':
        return {
          key: 'start',
          icon: <FormOutlined />,
          label: t('tasks.actions.start'),
          run: () => onDialog({ kind: 'simple', action: 'start' }),
        };
      case 'report':
        return {
          key: 'report',
          icon: <FormOutlined />,
          label: t('tasks.actions.report'),
          run: () => onDialog({ kind: 'report', noteOnly: false }),
        };
      case 'note':
        return {
          key: 'note',
          icon: <FormOutlined />,
          label: t('tasks.actions.note'),
          run: () => onDialog({ kind: 'report', noteOnly: true }),
        };
      case 'verify':
        return {
          key: 'verify',
          icon: <CheckOutlined />,
          label: t('tasks.actions.verify'),
          run: () => onDialog({ kind: 'simple', action: 'verify' }),
        };
      case 'return':
        return {
          key: 'return',
          icon: <RollbackOutlined />,
          label: t('tasks.actions.return'),
          danger: true,
          run: () => onDialog({ kind: 'simple', action: 'return' }),
        };
      case 'close':
        return {
          key: 'close',
          icon: <CheckOutlined />,
          label: t('tasks.actions.close'),
          run: () => onDialog({ kind: 'simple', action: 'close' }),
        };
      case 'decompose':
        return {
          key: 'decompose',
          icon: <ForkOutlined />,
          label: t('tasks.actions.decompose'),
          run: () => onDialog({ kind: 'decompose' }),
        };
      case 'edit':
        return { key: 'edit', icon: <EditOutlined />, label: t('tasks.actions.edit'), run: () => onDialog({ kind: 'edit' }) };
      case 'flag':
        return { key: 'flag', icon: <FlagOutlined />, label: t('tasks.actions.flag'), run: () => onDialog({ kind: 'flag' }) };
      case 'unflag':
        return {
          key: 'unflag',
          icon: <FlagOutlined />,
          label: t('tasks.actions.unflag'),
          run: () => onDialog({ kind: 'simple', action: 'unflag' }),
        };
      case 'answer_notice':
        return openNotice
          ? {
              key: 'answer',
              icon: <FlagOutlined />,
              label: t('tasks.actions.answer'),
              run: () => onDialog({ kind: 'answer', notice: openNotice }),
            }
          : null;
      case 'cancel':
        return {
          key: 'cancel',
          icon: <StopOutlined />,
          label: t('tasks.actions.cancel'),
          danger: true,
          run: () => onDialog({ kind: 'simple', action: 'cancel' }),
        };
    }
  };

  // A task with sub-tasks takes its numbers from them: reporting on it stays available, but not as the main action.
  const coordinating = task.childCount > 0;
  const primary = PRIMARY.find((a) => allowed.has(a) && !(coordinating && a === 'report'));
  const order: TaskAction[] = [
    'issue',
    'issue_down',
    'accept',
    'verify',
    'return',
    'report',
    'note',
    'start',
    'decompose',
    'answer_notice',
    'close',
    'flag',
    'unflag',
    'edit',
    'cancel',
  ];
  const seen = new Set<string>();
  const buttons = order
    .filter((a) => allowed.has(a))
    .map(buttonOf)
    .filter((b): b is NonNullable<typeof b> => b !== null && !seen.has(b.key) && Boolean(seen.add(b.key)));
  const primaryKey = primary ? buttonOf(primary)?.key : undefined;
  const inline = buttons
    .filter((b) => b.key !== 'cancel' && b.key !== 'edit' && b.key !== 'unflag')
    .filter((b) => !(coordinating && (b.key === 'report' || b.key === 'note')))
    .slice(0, 4);
  const overflow = buttons.filter((b) => !inline.includes(b));
  const overflowMenu: MenuProps = {
    items: overflow.map((b) => ({ key: b.key, icon: b.icon, label: b.label, danger: b.danger })),
    onClick: ({ key }) => overflow.find((b) => b.key === key)?.run(),
  };

  const hint =
    task.status === 'draft' && (allowed.has('issue') || allowed.has('issue_down'))
      ? t('tasks.detail.draftHint')
      : task.status === 'reported' && allowed.has('verify')
        ? t('tasks.detail.reportedHint')
        : task.status === 'returned' && allowed.has('report')
          ? t('tasks.detail.returnedHint')
          : task.status === 'issued' && allowed.has('accept')
            ? t('tasks.detail.issuedHint')
            : null;
  const lastReturn = task.status === 'returned' ? [...task.timeline].reverse().find((e) => e.kind === 'returned') : undefined;

  const fields = [
    { key: 'level', label: t('tasks.fields.level'), children: t(`tasks.level.${task.level}`) },
    {
      key: 'org',
      label: t('tasks.fields.org'),
      children: (
        <span>
          {task.org.name}
          <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
            {t(`common.orgKinds.${task.org.kind}`)}
          </Typography.Text>
        </span>
      ),
    },
    {
      key: 'responsible',
      label: t('tasks.fields.responsible'),
      children: task.responsibleUser?.displayName ?? <Typography.Text type="secondary">{t('tasks.detail.nobody')}</Typography.Text>,
    },
    {
      key: 'kind',
      label: t('tasks.fields.responsibilityKind'),
      children: (
        <Tooltip title={t(`tasks.responsibilityHint.${task.responsibilityKind}`)}>
          <Tag>{t(`tasks.responsibility.${task.responsibilityKind}`)}</Tag>
        </Tooltip>
      ),
    },
    {
      key: 'issuer',
      label: t('tasks.fields.issuer'),
      children: [task.issuerOrg.name, task.issuerUser?.displayName].filter(Boolean).join(' · '),
    },
    { key: 'priority', label: t('tasks.fields.priority'), children: t(`tasks.priority.${task.priority}`) },
    {
      key: 'dates',
      label: t('tasks.fields.dates'),
      children: (
        <span>
          {task.startOn ? `${formatDate(task.startOn, lang)} – ` : ''}
          {formatDate(task.dueOn, lang)}
          {task.status !== 'verified' && task.status !== 'closed' && task.status !== 'cancelled' ? (
            <DueHint dueOn={task.dueOn} today={today} />
          ) : null}
        </span>
      ),
    },
    {
      key: 'target',
      label: t('tasks.fields.target'),
      children:
        task.target.value === null ? (
          t('tasks.misc.none')
        ) : (
          <span>
            {formatNumber(task.target.value, lang)} {task.target.unit ?? ''}
            <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
              {t('tasks.fields.targetActual')}：
              {task.target.actual === null ? t('tasks.misc.none') : formatNumber(task.target.actual, lang)}
              {task.target.actual !== null ? ` ${task.target.unit ?? ''}` : ''}
            </Typography.Text>
          </span>
        ),
    },
    {
      key: 'participants',
      label: t('tasks.fields.participants'),
      children: task.participants.length ? task.participants.map((p) => p.displayName).join('、') : t('tasks.misc.none'),
    },
    { key: 'weight', label: t('tasks.fields.weight'), children: formatNumber(task.weight, lang) },
    ...(task.source ? [{ key: 'source', label: t('tasks.source.label'), span: 2, children: <TaskSourceLink source={task.source} /> }] : []),
    {
      key: 'framework',
      label: t('tasks.fields.framework'),
      span: 2,
      children:
        task.frameworkNodes.length === 0 ? (
          <Typography.Text type="secondary">{t('tasks.detail.noFramework')}</Typography.Text>
        ) : (
          <Flex vertical gap={2}>
            {task.frameworkNodes.map((n) => (
              <Link key={n.id} to={`/framework?node=${n.id}`}>
                <Typography.Text type="secondary" style={{ marginInlineEnd: 6 }}>
                  {n.code}
                </Typography.Text>
                {n.name}
              </Link>
            ))}
          </Flex>
        ),
    },
    ...(task.description
      ? [
          {
            key: 'description',
            label: t('tasks.fields.description'),
            span: 2,
            children: <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{task.description}</Typography.Paragraph>,
          },
        ]
      : []),
  ];

  return (
    <Flex vertical gap={16}>
      {task.ancestors.length > 0 ? (
        <Breadcrumb
          items={task.ancestors.map((a) => ({
            key: a.id,
            title: (
              <Link to={`/tasks/${a.id}`} state={{ from }}>
                {a.title}
              </Link>
            ),
          }))}
        />
      ) : null}
      <Card>
        <Flex justify="space-between" align="flex-start" gap={16} wrap>
          <div style={{ minWidth: 0, flex: '1 1 360px' }}>
            <Typography.Title level={3} style={{ margin: 0, fontSize: 20 }}>
              {task.title}
            </Typography.Title>
            <Flex gap={8} wrap align="center" style={{ marginTop: 8 }}>
              <TaskStatusTag status={task.status} />
              <Tag variant="filled">{t(`tasks.level.${task.level}`)}</Tag>
              {task.recurrencePeriod ? <Tag>{t('tasks.detail.recurringOf', { period: task.recurrencePeriod })}</Tag> : null}
              <TaskLights task={task} compact />
            </Flex>
          </div>
          <Space wrap>
            {inline.map((b) => (
              <Button key={b.key} type={b.key === primaryKey ? 'primary' : 'default'} danger={b.danger} icon={b.icon} onClick={b.run}>
                {b.label}
              </Button>
            ))}
            {overflow.length > 0 ? (
              <Dropdown menu={overflowMenu} trigger={['click']}>
                <Button>
                  {t('tasks.actions.more')} <DownOutlined />
                </Button>
              </Dropdown>
            ) : null}
          </Space>
        </Flex>
        {hint ? <Alert type="info" showIcon title={hint} style={{ marginTop: 16 }} /> : null}
        {lastReturn?.text ? (
          <Alert
            type="warning"
            showIcon
            style={{ marginTop: 12 }}
            title={`${t('tasks.event.returned')} · ${lastReturn.actor.name} · ${formatDateTime(lastReturn.at, lang)}`}
            description={lastReturn.text}
          />
        ) : null}
        {buttons.length === 0 ? (
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
            {t('tasks.detail.noActions')}
          </Typography.Paragraph>
        ) : null}
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card style={{ height: '100%' }}>
            <Descriptions column={{ xs: 1, md: 2 }} size="small" items={fields} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('tasks.columns.progress')} style={{ height: '100%' }}>
            <Flex vertical gap={12}>
              <Flex gap={24} wrap>
                <div>
                  <Typography.Text type="secondary">{t('tasks.progress.reported')}</Typography.Text>
                  <div style={{ fontSize: 28, fontWeight: 600, color: '#1677FF' }}>{formatPercent(task.rollup.progress / 100, lang)}</div>
                </div>
                <div>
                  <Typography.Text type="secondary">{t('tasks.progress.verified')}</Typography.Text>
                  <div style={{ fontSize: 28, fontWeight: 600, color: '#389E0D' }}>
                    {formatPercent(task.rollup.verifiedCompletion / 100, lang)}
                  </div>
                </div>
              </Flex>
              <div style={{ background: '#FAFAFA', borderRadius: 6, padding: '8px 12px' }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('tasks.progress.rule')}
                </Typography.Text>
                <Typography.Paragraph style={{ margin: 0, fontSize: 13 }}>{rollupRuleText(t, task.rollup)}</Typography.Paragraph>
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('tasks.progress.apart')}
              </Typography.Text>
            </Flex>
          </Card>
        </Col>
      </Row>
      {task.children.length > 0 || allowed.has('decompose') ? <ChildrenCard task={task} from={from} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('tasks.detail.timeline')}>
            <TaskTimeline events={task.timeline} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            {task.notices.length > 0 ? (
              <Card title={t('tasks.detail.notices')}>
                <Flex vertical gap={12}>
                  {task.notices.map((n) => (
                    <NoticeItem key={n.id} notice={n} />
                  ))}
                </Flex>
              </Card>
            ) : null}
            <Card title={t('tasks.detail.files', { count: task.files.length })}>
              {task.files.length === 0 ? (
                <Typography.Text type="secondary">{t('tasks.detail.noFiles')}</Typography.Text>
              ) : (
                <FileList files={task.files} />
              )}
            </Card>
          </Flex>
        </Col>
      </Row>
    </Flex>
  );
}

function NoticeItem({ notice }: { notice: SupervisionNotice }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  return (
    <div style={{ borderInlineStart: '3px solid #722ED1', paddingInlineStart: 10 }}>
      <Flex gap={8} wrap align="center">
        <Tag color={notice.status === 'open' ? 'purple' : notice.status === 'answered' ? 'green' : 'default'}>
          {t(`tasks.detail.notice.${notice.status}`)}
        </Tag>
        {notice.late ? <Tag color="red">{t('tasks.detail.notice.late')}</Tag> : null}
      </Flex>
      <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block', marginTop: 4 }}>
        {t('tasks.detail.notice.issued', {
          name: notice.issuedBy?.displayName ?? t('tasks.misc.system'),
          time: formatDateTime(notice.issuedAt, lang),
        })}
        {' · '}
        {t('tasks.detail.notice.due', { date: formatDate(notice.answerDueOn, lang) })}
      </Typography.Text>
      <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>{notice.text}</Typography.Paragraph>
      {notice.answerText ? (
        <div style={{ background: '#F9F0FF', borderRadius: 4, padding: '6px 8px' }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('tasks.detail.notice.answered', {
              name: notice.answeredBy?.displayName ?? '',
              time: formatDateTime(notice.answeredAt, lang),
            })}
          </Typography.Text>
          <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{notice.answerText}</Typography.Paragraph>
          {notice.attachments.length > 0 ? <FileList files={notice.attachments} /> : null}
        </div>
      ) : null}
    </div>
  );
}

function ChildrenCard({ task, from }: { task: TaskDetail; from: string }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const counts = new Map<TaskStatus, number>();
  for (const c of task.children) {
    counts.set(c.status, (counts.get(c.status) ?? 0) + 1);
  }
  const summary = TASK_STATUSES.filter((st) => counts.has(st)).map((st) => [st, counts.get(st) ?? 0] as const);
  const overdue = task.children.filter((c) => c.supervisionLevel === 'red').length;
  return (
    <Card
      title={t('tasks.detail.children', { count: task.childCount })}
      extra={
        task.children.length > 0 ? (
          <Flex gap={4} wrap justify="flex-end">
            {summary.map(([status, n]) => (
              <Tag key={status} variant="filled" style={{ marginInlineEnd: 0 }}>
                {t(`tasks.status.${status}`)} {n}
              </Tag>
            ))}
            {overdue > 0 ? (
              <Tag color="red" style={{ marginInlineEnd: 0 }}>
                {t('tasks.light.red')} {overdue}
              </Tag>
            ) : null}
          </Flex>
        ) : null
      }
    >
      {task.children.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.detail.noChildren')} />
      ) : (
        <>
          <Table<Task>
            rowKey="id"
            size="small"
            dataSource={task.children}
            pagination={task.children.length > 10 ? { pageSize: 10, size: 'small', showSizeChanger: false } : false}
            scroll={{ x: 760 }}
            columns={[
              {
                title: t('tasks.columns.org'),
                key: 'org',
                render: (_: unknown, c) => (
                  <div>
                    <Link to={`/tasks/${c.id}`} state={{ from }}>
                      {c.org.name}
                    </Link>
                    {c.title !== task.title ? (
                      <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                        {c.title}
                      </Typography.Text>
                    ) : null}
                  </div>
                ),
              },
              {
                title: t('tasks.columns.responsible'),
                key: 'responsible',
                width: 110,
                render: (_: unknown, c) => c.responsibleUser?.displayName ?? t('tasks.misc.none'),
              },
              {
                title: t('tasks.columns.status'),
                key: 'status',
                width: 96,
                render: (_: unknown, c) => <TaskStatusTag status={c.status} />,
              },
              {
                title: t('tasks.columns.dueOn'),
                key: 'due',
                width: 124,
                render: (_: unknown, c) => formatDate(c.dueOn, lang),
              },
              {
                title: t('tasks.columns.progressPair'),
                key: 'progress',
                width: 160,
                render: (_: unknown, c) => (
                  <ProgressPair compact progress={c.rollup.progress} verified={c.rollup.verifiedCompletion} width={140} />
                ),
              },
              { title: t('tasks.columns.light'), key: 'light', width: 140, render: (_: unknown, c) => <TaskLights task={c} /> },
            ]}
          />
          {task.childrenTruncated ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('tasks.detail.childrenTruncated')}
            </Typography.Text>
          ) : null}
        </>
      )}
    </Card>
  );
}

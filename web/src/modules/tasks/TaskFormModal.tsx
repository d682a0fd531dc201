import {
  RECURRENCES,
  RESPONSIBILITY_KINDS,
  type Recurrence,
  type ResponsibilityKind,
  TASK_LEVELS,
  TASK_PRIORITIES,
  type TaskDetail,
  type TaskLevel,
  type TaskPriority,
} from '@guantong/shared';
import { App, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { errorDetails, errorMessage } from '../../api/client';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { useFormInit } from '../../components/useFormInit';
import { useCurrentUser } from '../auth/auth.api';
import { AssigneeSelect } from './AssigneeSelect';
import { FrameworkNodeSelect } from './FrameworkNodeSelect';
import { useCreateTask, useUpdateTask } from './tasks.api';

interface FormValues {
  level: TaskLevel;
  title: string;
  description?: string;
  orgId?: number;
  responsibleUserId?: number;
  responsibilityKind: ResponsibilityKind;
  priority: TaskPriority;
  startOn?: Dayjs | null;
  dueOn?: Dayjs | null;
  targetValue?: number | null;
  targetUnit?: string;
  weight: number;
  frameworkNodeIds?: number[];
  participantUserIds?: number[];
  recurrence: Recurrence;
}

const FIELDS = [
  'level',
  'title',
  'description',
  'orgId',
  'responsibleUserId',
  'responsibilityKind',
  'priority',
  'startOn',
  'dueOn',
  'targetValue',
  'targetUnit',
  'weight',
  'frameworkNodeIds',
  'participantUserIds',
  'recurrence',
] as const;

export interface TaskFormModalProps {
  open: boolean;
  /** The task to edit; a new draft when absent. */
  task?: TaskDetail;
  onClose: () => void;
  onDone: (id: number) => void;
}

/** New draft or edit: every field of a task, keyboard-friendly, with the server's field errors next to the fields. */
export function TaskFormModal({ open, task, onClose, onDone }: TaskFormModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateTask();
  const update = useUpdateTask();
  const orgId = Form.useWatch('orgId', form) ?? task?.org.id ?? null;
  const defaultOrg = useMemo(() => me.grants.find((g) => g.role === 'org_admin' || g.role === 'secretary')?.orgId, [me.grants]);
  const editing = task !== undefined;

  useFormInit(open, task?.id ?? null, () => {
    form.resetFields();
    if (task) {
      form.setFieldsValue({
        level: task.level,
        title: task.title,
        description: task.description,
        responsibleUserId: task.responsibleUser?.id,
        responsibilityKind: task.responsibilityKind,
        priority: task.priority,
        startOn: task.startOn ? dayjs(task.startOn) : null,
        dueOn: dayjs(task.dueOn),
        targetValue: task.target.value,
        targetUnit: task.target.unit ?? '',
        weight: task.weight,
        frameworkNodeIds: task.frameworkNodes.map((n) => n.id),
        participantUserIds: task.participants.map((p) => p.id),
        recurrence: task.recurrence,
      });
    } else {
      form.setFieldsValue({
        level: 'annual_target',
        orgId: defaultOrg,
        responsibilityKind: 'principal',
        priority: 'normal',
        weight: 1,
        recurrence: 'none',
        dueOn: dayjs().endOf('year'),
      });
    }
  });

  const showServerError = (error: unknown) => {
    const details = errorDetails(error).filter((d) => (FIELDS as readonly string[]).includes(d.path));
    if (details.length > 0) {
      form.setFields(details.map((d) => ({ name: d.path as (typeof FIELDS)[number], errors: [d.message] })));
    }
    void message.error(errorMessage(error));
  };

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v?.dueOn) {
      return;
    }
    const fields = {
      level: v.level,
      title: v.title.trim(),
      description: (v.description ?? '').trim(),
      responsibleUserId: v.responsibleUserId ?? null,
      responsibilityKind: v.responsibilityKind,
      priority: v.priority,
      startOn: v.startOn ? v.startOn.format('YYYY-MM-DD') : null,
      dueOn: v.dueOn.format('YYYY-MM-DD'),
      targetValue: v.targetValue ?? null,
      targetUnit: v.targetUnit?.trim() || null,
      weight: v.weight,
      frameworkNodeIds: v.frameworkNodeIds ?? [],
      participantUserIds: v.participantUserIds ?? [],
    };
    try {
      if (task) {
        const saved = await update.mutateAsync({
          id: task.id,
          input: { ...fields, ...(task.status === 'draft' ? { recurrence: v.recurrence } : {}) },
        });
        void message.success(t('tasks.form.saved'));
        onDone(saved.id);
      } else {
        if (!v.orgId) {
          return;
        }
        const created = await create.mutateAsync({ ...fields, orgId: v.orgId, recurrence: v.recurrence });
        void message.success(t('tasks.form.created', { title: created.title }));
        onDone(created.id);
      }
    } catch (error) {
      showServerError(error);
    }
  };

  const required = (field: string) => ({ required: true, message: t('tasks.form.required', { field }) });

  return (
    <Modal
      open={open}
      title={editing ? t('tasks.form.editTitle') : t('tasks.form.createTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={create.isPending || update.isPending}
      width={780}
      destroyOnHidden
      styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflowY: 'auto', paddingInlineEnd: 8 } }}
    >
      <Form form={form} layout="vertical" requiredMark onFinish={() => void submit()}>
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item name="title" label={t('tasks.fields.title')} rules={[{ ...required(t('tasks.fields.title')), whitespace: true }]}>
              <Input maxLength={300} autoFocus />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="level" label={t('tasks.fields.level')} rules={[required(t('tasks.fields.level'))]}>
              <Select options={TASK_LEVELS.map((l) => ({ value: l, label: t(`tasks.level.${l}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('tasks.fields.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} showCount />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            {editing ? (
              <Form.Item label={t('tasks.fields.org')}>
                <Typography.Text>{task.org.name}</Typography.Text>
              </Form.Item>
            ) : (
              <Form.Item
                name="orgId"
                label={t('tasks.fields.org')}
                extra={t('tasks.form.orgHelp')}
                rules={[required(t('tasks.fields.org'))]}
              >
                <OrgTreeSelect aria-label={t('tasks.fields.org')} onChange={() => form.setFieldsValue({ responsibleUserId: undefined })} />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="responsibleUserId" label={t('tasks.fields.responsible')} extra={t('tasks.form.responsibleHelp')}>
              <AssigneeSelect
                orgId={orgId}
                known={task?.responsibleUser ? [task.responsibleUser] : []}
                aria-label={t('tasks.fields.responsible')}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="responsibilityKind" label={t('tasks.fields.responsibilityKind')}>
          <Radio.Group
            optionType="button"
            options={RESPONSIBILITY_KINDS.map((k) => ({
              value: k,
              label: <span title={t(`tasks.responsibilityHint.${k}`)}>{t(`tasks.responsibility.${k}`)}</span>,
            }))}
          />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name="startOn" label={t('tasks.fields.startOn')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item
              name="dueOn"
              label={t('tasks.fields.dueOn')}
              dependencies={['startOn']}
              rules={[
                required(t('tasks.fields.dueOn')),
                ({ getFieldValue }) => ({
                  validator: (_rule, value: Dayjs | null) => {
                    const start = getFieldValue('startOn') as Dayjs | null;
                    return start && value?.isBefore(start, 'day')
                      ? Promise.reject(new Error(t('tasks.form.dueBeforeStart')))
                      : Promise.resolve();
                  },
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="priority" label={t('tasks.fields.priority')}>
              <Radio.Group optionType="button" options={TASK_PRIORITIES.map((p) => ({ value: p, label: t(`tasks.priority.${p}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={12} md={6}>
            <Form.Item name="targetValue" label={t('tasks.fields.targetValue')}>
              <InputNumber style={{ width: '100%' }} placeholder={t('tasks.form.targetPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="targetUnit" label={t('tasks.fields.targetUnit')}>
              <Input maxLength={20} placeholder={t('tasks.form.unitPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="weight" label={t('tasks.fields.weight')} tooltip={t('tasks.form.weightHelp')}>
              <InputNumber min={0} max={1000} step={0.5} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="recurrence" label={t('tasks.fields.recurrence')} tooltip={t('tasks.form.recurrenceHelp')}>
              <Select
                disabled={editing && task.status !== 'draft'}
                options={RECURRENCES.map((r) => ({ value: r, label: t(`tasks.recurrence.${r}`) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="frameworkNodeIds" label={t('tasks.fields.framework')} extra={t('tasks.form.frameworkHelp')}>
          <FrameworkNodeSelect multiple aria-label={t('tasks.fields.framework')} />
        </Form.Item>
        <Form.Item name="participantUserIds" label={t('tasks.fields.participants')}>
          <AssigneeSelect multiple orgId={orgId} known={task?.participants ?? []} aria-label={t('tasks.fields.participants')} />
        </Form.Item>
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { TaskDecomposeItem, TaskDetail } from '@guantong/shared';
import { Alert, App, Button, Col, DatePicker, Divider, Flex, Form, Input, InputNumber, Modal, Row, Skeleton, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { AssigneeSelect } from './AssigneeSelect';
import { OrgPicker, useOrgsBelow } from './OrgPicker';
import { useDecomposeTask } from './tasks.api';

interface PersonItem {
  responsibleUserId?: number;
  title?: string;
  dueOn?: Dayjs | null;
  weight?: number;
}

export interface DecomposeModalProps {
  task: TaskDetail;
  onClose: () => void;
  onDone: () => void;
}

/** 分解: the executor splits the task among organisations below (e.g. party groups) and/or people of its organisation. */
export function DecomposeModal({ task, onClose, onDone }: DecomposeModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const decompose = useDecomposeTask();
  const below = useOrgsBelow(task.org.id);
  const [orgIds, setOrgIds] = useState<number[]>([]);
  const [form] = Form.useForm<{ people: PersonItem[] }>();
  const people = Form.useWatch('people', form) ?? [];
  const count = orgIds.length + people.length;

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    if (count === 0) {
      void message.warning(t('tasks.decompose.nothing'));
      return;
    }
    const items: TaskDecomposeItem[] = (v.people ?? []).map((p) => ({
      responsibleUserId: p.responsibleUserId,
      ...(p.title?.trim() ? { title: p.title.trim() } : {}),
      ...(p.dueOn ? { dueOn: p.dueOn.format('YYYY-MM-DD') } : {}),
      weight: p.weight ?? 1,
    }));
    try {
      const r = await decompose.mutateAsync({
        id: task.id,
        input: { items, ...(orgIds.length > 0 ? { recipients: { orgIds } } : {}) },
      });
      void message.success(t('tasks.decompose.done', { count: r.created }));
      onDone();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open
      title={`${t('tasks.decompose.title')} · ${task.title}`}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('tasks.decompose.submit')}
      okButtonProps={{ disabled: count === 0 }}
      cancelText={t('common.actions.cancel')}
      confirmLoading={decompose.isPending}
      width={820}
      destroyOnHidden
      styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflowY: 'auto', paddingInlineEnd: 8 } }}
    >
      <Typography.Paragraph type="secondary">{t('tasks.decompose.help')}</Typography.Paragraph>
      <Divider titlePlacement="start" plain>
        {t('tasks.decompose.toOrgs')}
      </Divider>
      {below.loading ? (
        <Skeleton active />
      ) : below.root ? (
        <OrgPicker root={below.root} value={orgIds} onChange={setOrgIds} defaultKind="group" />
      ) : null}
      <Divider titlePlacement="start" plain>
        {t('tasks.decompose.toPeople')}
      </Divider>
      <Form form={form} layout="vertical" initialValues={{ people: [] }}>
        <Form.List name="people">
          {(fields, { add, remove }) => (
            <Flex vertical gap={4}>
              {fields.map((field) => (
                <Row key={field.key} gutter={8} align="top">
                  <Col xs={24} md={7}>
                    <Form.Item
                      name={[field.name, 'responsibleUserId']}
                      label={t('tasks.decompose.person')}
                      rules={[{ required: true, message: t('tasks.decompose.personRequired') }]}
                    >
                      <AssigneeSelect orgId={task.org.id} aria-label={t('tasks.decompose.person')} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={8}>
                    <Form.Item name={[field.name, 'title']} label={t('tasks.decompose.itemTitle')}>
                      <Input maxLength={300} placeholder={task.title} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={4}>
                    <Form.Item name={[field.name, 'dueOn']} label={t('tasks.decompose.dueOn')}>
                      <DatePicker style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={8} md={3}>
                    <Form.Item name={[field.name, 'weight']} label={t('tasks.decompose.weight')} initialValue={1}>
                      <InputNumber min={0} max={1000} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                  <Col xs={4} md={2}>
                    <Form.Item label=" ">
                      <Button
                        type="text"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('tasks.decompose.remove')}
                        onClick={() => remove(field.name)}
                      />
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ weight: 1 })} style={{ alignSelf: 'flex-start' }}>
                {t('tasks.decompose.addPerson')}
              </Button>
            </Flex>
          )}
        </Form.List>
      </Form>
      <Alert
        style={{ marginTop: 16 }}
        type={count > 0 ? 'info' : 'warning'}
        showIcon
        title={count > 0 ? <strong>{t('tasks.decompose.willCreate', { count })}</strong> : t('tasks.decompose.nothing')}
      />
    </Modal>
  );
}

import type { FrameworkNodeFields } from '@guantong/shared';
import { Alert, App, Form, Input, Modal, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { useRetireFrameworkNode } from './framework.api';

export interface RetireNodeModalProps {
  node: FrameworkNodeFields | null;
  year: number;
  /** How many active nodes sit under it (retired with it). */
  descendants: number;
  onClose: () => void;
  onDone: (id: number) => void;
}

/** Confirms retiring a node (and everything under it), with an optional reason kept in the history. */
export function RetireNodeModal({ node, year, descendants, onClose, onDone }: RetireNodeModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason?: string }>();
  const retire = useRetireFrameworkNode();

  useEffect(() => {
    if (node) {
      form.resetFields();
    }
  }, [node, form]);

  const submit = async () => {
    if (!node) {
      return;
    }
    const values = await form.validateFields().catch(() => null);
    if (!values) {
      return;
    }
    const { reason } = values;
    try {
      const done = await retire.mutateAsync({ id: node.id, input: reason?.trim() ? { reason: reason.trim() } : {} });
      void message.success(t('framework.retire.done'));
      onDone(done.node.id);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open={node !== null}
      title={node ? t('framework.retire.title', { code: node.code, name: node.name }) : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('framework.retire.ok')}
      okButtonProps={{ danger: true }}
      cancelText={t('framework.actions.cancel')}
      confirmLoading={retire.isPending}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('framework.retire.content', { year })}</Typography.Paragraph>
      {descendants > 0 ? (
        <Alert type="warning" showIcon title={t('framework.retire.childrenWarn', { count: descendants })} style={{ marginBottom: 16 }} />
      ) : null}
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('framework.fields.reason')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { childKindOf, type FrameworkNodeFields, type FrameworkNodeKind } from '@guantong/shared';
import { App, Form, Input, InputNumber, Modal, Switch, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorDetails, errorMessage } from '../../api/client';
import { useAddFrameworkNode, useUpdateFrameworkNode } from './framework.api';

interface FormValues {
  code?: string;
  name: string;
  nameEn?: string;
  description?: string;
  evidence?: string;
  weight: number;
  assessable: boolean;
}

const FIELDS = ['code', 'name', 'nameEn', 'description', 'evidence', 'weight', 'assessable'] as const;
const CODE_PATTERN = /^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$/;

export type NodeFormTarget =
  | { mode: 'create'; year: number; parent: Pick<FrameworkNodeFields, 'id' | 'code' | 'name' | 'kind'> | null }
  | { mode: 'edit'; node: FrameworkNodeFields };

export interface NodeFormModalProps {
  target: NodeFormTarget | null;
  onClose: () => void;
  /** Called with the id of the node created or saved. */
  onDone: (id: number) => void;
}

/** Adds a node (its kind follows the parent) or edits one; server field errors are shown next to the fields. */
export function NodeFormModal({ target, onClose, onDone }: NodeFormModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const add = useAddFrameworkNode();
  const update = useUpdateFrameworkNode();
  const pending = add.isPending || update.isPending;
  const kind: FrameworkNodeKind | null =
    target === null ? null : target.mode === 'edit' ? target.node.kind : childKindOf(target.parent?.kind ?? null);

  useEffect(() => {
    if (!target) {
      return;
    }
    form.resetFields();
    if (target.mode === 'edit') {
      const n = target.node;
      form.setFieldsValue({
        code: n.code,
        name: n.name,
        nameEn: n.nameEn,
        description: n.description,
        evidence: n.evidence,
        weight: n.weight,
        assessable: n.assessable,
      });
    } else {
      form.setFieldsValue({ weight: 1, assessable: kind === 'requirement' });
    }
  }, [target, form, kind]);

  const showServerError = (error: unknown) => {
    const details = errorDetails(error).filter((d) => (FIELDS as readonly string[]).includes(d.path));
    if (details.length > 0 && error instanceof ApiError && error.code === 'CONFLICT') {
      form.setFields(details.map((d) => ({ name: d.path as (typeof FIELDS)[number], errors: [t('framework.errors.codeTaken')] })));
      return;
    }
    if (details.length > 0) {
      form.setFields(details.map((d) => ({ name: d.path as (typeof FIELDS)[number], errors: [d.message] })));
      return;
    }
    void message.error(errorMessage(error));
  };

  const submit = async () => {
    if (!target) {
      return;
    }
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    const fields = {
      name: v.name.trim(),
      nameEn: (v.nameEn ?? '').trim(),
      description: (v.description ?? '').trim(),
      evidence: (v.evidence ?? '').trim(),
      weight: v.weight,
      assessable: v.assessable,
    };
    const code = v.code?.trim() || undefined;
    try {
      if (target.mode === 'create') {
        const created = await add.mutateAsync({
          year: target.year,
          input: { parentId: target.parent?.id ?? null, ...fields, ...(code ? { code } : {}) },
        });
        void message.success(t('framework.form.created', { code: created.node.code, name: created.node.name }));
        onDone(created.node.id);
      } else {
        const saved = await update.mutateAsync({ id: target.node.id, input: { ...fields, ...(code ? { code } : {}) } });
        void message.success(t('framework.form.saved'));
        onDone(saved.node.id);
      }
    } catch (error) {
      showServerError(error);
    }
  };

  const kindLabel = kind ? t(`framework.kind.${kind}`) : '';
  const title =
    target === null
      ? ''
      : target.mode === 'create'
        ? t('framework.form.addTitle', { kind: kindLabel })
        : t('framework.form.editTitle', { code: target.node.code, name: target.node.name });

  return (
    <Modal
      open={target !== null}
      title={title}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('framework.actions.save')}
      cancelText={t('framework.actions.cancel')}
      confirmLoading={pending}
      width={720}
      destroyOnHidden
    >
      {target?.mode === 'create' && target.parent ? (
        <Typography.Paragraph type="secondary">
          {t('framework.form.addUnder', { parent: `${target.parent.code} ${target.parent.name}` })}
        </Typography.Paragraph>
      ) : null}
      <Form form={form} layout="vertical">
        <Form.Item
          name="code"
          label={t('framework.fields.code')}
          extra={target?.mode === 'create' ? t('framework.form.codeHelp') : undefined}
          rules={[
            { required: target?.mode === 'edit', message: t('framework.form.required', { field: t('framework.fields.code') }) },
            { pattern: CODE_PATTERN, message: t('framework.form.codeFormat') },
            { max: 32 },
          ]}
        >
          <Input maxLength={32} style={{ maxWidth: 200 }} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('framework.fields.name')}
          rules={[{ required: true, whitespace: true, message: t('framework.form.required', { field: t('framework.fields.name') }) }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('framework.fields.nameEn')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="description" label={t('framework.fields.description')}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} showCount />
        </Form.Item>
        <Form.Item name="evidence" label={t('framework.fields.evidence')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
        <Form.Item name="weight" label={t('framework.fields.weight')} rules={[{ required: true }]}>
          <InputNumber min={0} max={1000} step={0.5} />
        </Form.Item>
        <Form.Item name="assessable" label={t('framework.fields.assessable')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}

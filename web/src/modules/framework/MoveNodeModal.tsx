import { childKindOf, type FrameworkNode, type FrameworkNodeFields } from '@guantong/shared';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import { useFormInit } from '../../components/useFormInit';
import { useMoveFrameworkNode } from './framework.api';
import { flattenNodes } from './framework.tree';

const TOP = 0;

interface FormValues {
  parentId: number;
  position: number;
  code?: string;
}

export interface MoveNodeModalProps {
  node: FrameworkNodeFields | null;
  /** The whole tree of the node's year (active nodes). */
  tree: FrameworkNode[];
  onClose: () => void;
  onDone: (id: number) => void;
}

/**
 * Moves a node to another parent of the same year, or to another place among its siblings. Only parents of the
 * right kind are offered (element at the top, pillar under an element, requirement under a pillar).
 */
export function MoveNodeModal({ node, tree, onClose, onDone }: MoveNodeModalProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const move = useMoveFrameworkNode();
  const all = useMemo(() => flattenNodes(tree).filter((n) => n.status === 'active'), [tree]);
  const parentId = Form.useWatch('parentId', form);

  const parents = useMemo(() => {
    if (!node) {
      return [];
    }
    if (node.kind === 'element') {
      return [{ value: TOP, label: t('framework.move.top') }];
    }
    return all.filter((p) => childKindOf(p.kind) === node.kind).map((p) => ({ value: p.id, label: `${p.code} ${p.name}` }));
  }, [all, node, t]);

  const siblings = useMemo(() => {
    if (!node || parentId === undefined) {
      return [];
    }
    const list = parentId === TOP ? tree : (all.find((p) => p.id === parentId)?.children ?? []);
    return list.filter((s) => s.status === 'active' && s.id !== node.id);
  }, [all, tree, node, parentId]);

  useFormInit(node !== null, node?.id, () => {
    if (!node) {
      return;
    }
    form.resetFields();
    const parent = node.parentId ?? TOP;
    const list = (node.parentId === null ? tree : (all.find((p) => p.id === node.parentId)?.children ?? [])).filter(
      (s) => s.status === 'active',
    );
    const index = Math.max(
      0,
      list.findIndex((s) => s.id === node.id),
    );
    form.setFieldsValue({ parentId: parent, position: index });
  });

  const positions = [
    { value: 0, label: t('framework.move.first') },
    ...siblings.map((s, i) => ({ value: i + 1, label: t('framework.move.after', { code: s.code, name: s.name }) })),
  ];

  const submit = async () => {
    if (!node) {
      return;
    }
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    const code = v.code?.trim() || undefined;
    try {
      const moved = await move.mutateAsync({
        id: node.id,
        input: { parentId: v.parentId === TOP ? null : v.parentId, position: v.position, ...(code ? { code } : {}) },
      });
      void message.success(t('framework.move.moved'));
      onDone(moved.node.id);
    } catch (error) {
      if (error instanceof ApiError && (error.details as { rule?: string } | undefined)?.rule === 'cycle') {
        void message.error(t('framework.errors.cycle'));
      } else if (error instanceof ApiError && error.code === 'CONFLICT') {
        form.setFields([{ name: 'code', errors: [t('framework.errors.codeTaken')] }]);
      } else if (error instanceof ApiError && error.status === 400) {
        void message.error(t('framework.errors.kindRule'));
      } else {
        void message.error(errorMessage(error));
      }
    }
  };

  return (
    <Modal
      open={node !== null}
      title={node ? t('framework.move.title', { code: node.code, name: node.name }) : ''}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('framework.actions.save')}
      cancelText={t('framework.actions.cancel')}
      confirmLoading={move.isPending}
      destroyOnHidden
      width={640}
    >
      <Alert type="info" showIcon title={t('framework.move.kindRule')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical">
        <Form.Item name="parentId" label={t('framework.fields.parent')} rules={[{ required: true }]}>
          <Select
            options={parents}
            showSearch={{ optionFilterProp: 'label' }}
            onChange={() => form.setFieldValue('position', 0)}
            disabled={node?.kind === 'element'}
          />
        </Form.Item>
        <Form.Item name="position" label={t('framework.fields.position')} rules={[{ required: true }]}>
          <Select options={positions} />
        </Form.Item>
        <Form.Item
          name="code"
          label={t('framework.fields.code')}
          extra={t('framework.move.codeHelp')}
          rules={[{ pattern: /^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$/, message: t('framework.form.codeFormat') }]}
        >
          <Input maxLength={32} style={{ maxWidth: 200 }} placeholder={node?.code} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

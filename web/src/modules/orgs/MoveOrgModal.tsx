import { ORG_PARENT_KINDS, type OrgDetail, type OrgKind, type OrgNode } from '@guantong/shared';
import { Alert, App, DatePicker, Form, Input, Modal, TreeSelect, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { isFuture, toIso } from './dates';
import { OrgKindIcon } from './OrgBits';
import { indexOrgTree, useMoveOrg, useOrgTree } from './orgs.api';
import { subtreeIds } from './orgs.tree';

interface PickerOption {
  value: number;
  title: ReactNode;
  searchText: string;
  disabled: boolean;
  children: PickerOption[];
}

/**
 * The organisation tree as picker options where only some nodes may be chosen (the others are greyed, so the
 * structure stays readable); searchable by code, name or short name.
 */
export function orgPickerOptions(nodes: OrgNode[], allowed: (n: OrgNode) => boolean, kindLabel: (k: OrgKind) => string): PickerOption[] {
  return nodes.map((n) => ({
    value: n.id,
    title: (
      <span>
        <OrgKindIcon kind={n.kind} /> {n.name}
        <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
          {n.code} · {kindLabel(n.kind)}
        </Typography.Text>
      </span>
    ),
    searchText: `${n.code} ${n.name} ${n.shortName ?? ''}`.toLowerCase(),
    disabled: !allowed(n),
    children: orgPickerOptions(n.children, allowed, kindLabel),
  }));
}

/** Shared props of a tree picker built from orgPickerOptions. */
export const ORG_PICKER_PROPS = {
  showSearch: {
    filterTreeNode: (input: string, node: unknown) => (node as PickerOption).searchText.includes(input.trim().toLowerCase()),
  },
  treeNodeLabelProp: 'title',
  popupMatchSelectWidth: false,
  listHeight: 360,
  style: { width: '100%' },
} as const;

interface FormValues {
  parentId: number;
  on: Dayjs;
  reason?: string;
}

/** Moves an organisation under another parent (a dialog with the tree; kinds and cycles are checked here and on the server). */
export function MoveOrgModal({ org, onClose }: { org: OrgDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const tree = useOrgTree();
  const move = useMoveOrg();
  const kindLabel = (k: OrgKind) => t(`common.orgKinds.${k}`);
  const parents = ORG_PARENT_KINDS[org.kind];

  const options = useMemo(() => {
    const index = indexOrgTree(tree.data);
    const self = index.get(org.id);
    const own = self ? subtreeIds(self) : new Set([org.id]);
    return orgPickerOptions(
      tree.data ?? [],
      (n) => parents.includes(n.kind) && !own.has(n.id) && n.id !== org.parentId,
      (k) => t(`common.orgKinds.${k}`),
    );
  }, [tree.data, org.id, org.parentId, parents, t]);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      const moved = await move.mutateAsync({
        id: org.id,
        parentId: v.parentId,
        on: toIso(v.on),
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
      });
      void message.success(t('orgs.move.done', { name: moved.name, parent: moved.parentName ?? '' }));
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open
      title={t('orgs.move.title', { name: org.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={move.isPending}
      destroyOnHidden
      width={640}
    >
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('orgs.move.hint', { kind: kindLabel(org.kind), parents: parents.map(kindLabel).join(t('orgs.listSeparator')) })}
      />
      <Form form={form} layout="vertical" initialValues={{ on: dayjs() }}>
        <Form.Item label={t('orgs.fields.parent')}>
          <Typography.Text>{org.parentName ?? t('common.empty')}</Typography.Text>
        </Form.Item>
        <Form.Item name="parentId" label={t('orgs.move.parent')} rules={[{ required: true, message: t('orgs.move.parentRequired') }]}>
          <TreeSelect<number>
            {...ORG_PICKER_PROPS}
            treeData={options}
            loading={tree.isLoading}
            placeholder={t('orgs.move.parentPlaceholder')}
            treeDefaultExpandedKeys={(tree.data ?? []).map((n) => n.id)}
          />
        </Form.Item>
        <Form.Item name="on" label={t('orgs.move.on')} rules={[{ required: true }]}>
          <DatePicker style={{ width: 200 }} disabledDate={isFuture} />
        </Form.Item>
        <Form.Item name="reason" label={t('orgs.fields.reason')}>
          <Input maxLength={500} placeholder={t('orgs.form.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

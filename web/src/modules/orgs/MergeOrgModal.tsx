import type { OrgDetail } from '@guantong/shared';
import { Alert, App, DatePicker, Form, Input, Modal, TreeSelect } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { isFuture, toIso } from './dates';
import { ORG_PICKER_PROPS, orgPickerOptions } from './MoveOrgModal';
import { useMergeOrg, useOrgTree } from './orgs.api';

interface FormValues {
  targetId: number;
  on: Dayjs;
  reason: string;
}

/** Merges a branch into another branch after an explicit confirmation: its people move, it is marked merged, history stays. */
export function MergeOrgModal({ org, onClose, onDone }: { org: OrgDetail; onClose: () => void; onDone: (targetId: number) => void }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const tree = useOrgTree();
  const merge = useMergeOrg();
  const options = useMemo(
    () =>
      orgPickerOptions(
        tree.data ?? [],
        (n) => n.kind === 'branch' && n.id !== org.id,
        (k) => t(`common.orgKinds.${k}`),
      ),
    [tree.data, org.id, t],
  );

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      const result = await merge.mutateAsync({ id: org.id, targetId: v.targetId, on: toIso(v.on) ?? '', reason: v.reason.trim() });
      void message.success(t('orgs.merge.done', { count: result.movedPeople, target: result.target.name }));
      onClose();
      onDone(result.target.id);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open
      title={t('orgs.merge.title', { name: org.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('orgs.merge.confirm')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.actions.cancel')}
      confirmLoading={merge.isPending}
      destroyOnHidden
      width={640}
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title={t('orgs.merge.explain', { name: org.name, members: formatNumber(org.counts.members, lang) })}
      />
      <Form form={form} layout="vertical" initialValues={{ on: dayjs() }}>
        <Form.Item name="targetId" label={t('orgs.merge.target')} rules={[{ required: true, message: t('orgs.merge.targetRequired') }]}>
          <TreeSelect<number>
            {...ORG_PICKER_PROPS}
            treeData={options}
            loading={tree.isLoading}
            placeholder={t('orgs.merge.targetPlaceholder')}
            treeDefaultExpandedKeys={org.parentId !== null ? [org.parentId, ...(tree.data ?? []).map((n) => n.id)] : undefined}
          />
        </Form.Item>
        <Form.Item name="on" label={t('orgs.merge.on')} rules={[{ required: true }]}>
          <DatePicker style={{ width: 200 }} disabledDate={isFuture} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('orgs.merge.reason')}
          rules={[{ required: true, whitespace: true, message: t('orgs.merge.reasonRequired') }]}
        >
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

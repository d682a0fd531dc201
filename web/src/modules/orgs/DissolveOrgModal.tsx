import type { OrgDetail } from '@guantong/shared';
import { Alert, App, DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { isFuture, toIso } from './dates';
import { useDissolveOrg } from './orgs.api';

/** Dissolves an empty organisation after confirmation (never deleted; its history stays). */
export function DissolveOrgModal({ org, onClose }: { org: OrgDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ on: Dayjs; reason: string }>();
  const dissolve = useDissolveOrg();
  const children = org.children.filter((c) => c.status === 'active').length;
  const people = org.counts.members + org.counts.activists + org.counts.candidates + org.counts.applicants;
  // A party group's members simply leave the group; other organisations must be empty first.
  const blocked = children > 0 || (org.kind !== 'group' && people > 0);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      await dissolve.mutateAsync({ id: org.id, on: toIso(v.on) ?? '', reason: v.reason.trim() });
      void message.success(t('orgs.dissolve.done', { name: org.name }));
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open
      title={t('orgs.dissolve.title', { name: org.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('orgs.dissolve.confirm')}
      okButtonProps={{ danger: true, disabled: blocked }}
      cancelText={t('common.actions.cancel')}
      confirmLoading={dissolve.isPending}
      destroyOnHidden
    >
      <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('orgs.dissolve.explain')} />
      {blocked ? (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('orgs.dissolve.notEmpty', { children, people })} />
      ) : null}
      <Form form={form} layout="vertical" initialValues={{ on: dayjs() }} disabled={blocked}>
        <Form.Item name="on" label={t('orgs.dissolve.on')} rules={[{ required: true }]}>
          <DatePicker style={{ width: 200 }} disabledDate={isFuture} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('orgs.dissolve.reason')}
          rules={[{ required: true, whitespace: true, message: t('orgs.dissolve.reasonRequired') }]}
        >
          <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

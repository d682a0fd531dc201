import type { OrgTerm } from '@guantong/shared';
import { Alert, App, DatePicker, Form, Input, InputNumber, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { toIso } from './dates';
import { useSetOrgTerm } from './orgs.api';

/** Records a committee election (换届): the new term's start and length; the end and the reminder follow from it. */
export function TermModal({ org, onClose }: { org: { id: number; name: string; term: OrgTerm | null }; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ termStart: Dayjs; termYears?: number | null; reason?: string }>();
  const setTerm = useSetOrgTerm();

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      await setTerm.mutateAsync({
        id: org.id,
        termStart: toIso(v.termStart) ?? null,
        termYears: v.termYears ?? null,
        ...(v.reason?.trim() ? { reason: v.reason.trim() } : {}),
      });
      void message.success(t('orgs.termForm.done'));
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open
      title={t('orgs.termForm.title', { name: org.name })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={setTerm.isPending}
      destroyOnHidden
    >
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('orgs.termForm.hint')} />
      <Form form={form} layout="vertical" initialValues={{ termStart: dayjs(), termYears: org.term?.termYears ?? null }}>
        <Form.Item
          name="termStart"
          label={t('orgs.termForm.start')}
          rules={[{ required: true, message: t('orgs.termForm.startRequired') }]}
        >
          <DatePicker style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="termYears" label={t('orgs.termForm.years')} extra={t('orgs.termForm.yearsHint')}>
          <InputNumber min={1} max={10} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="reason" label={t('orgs.termForm.reason')}>
          <Input maxLength={500} placeholder={t('orgs.termForm.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

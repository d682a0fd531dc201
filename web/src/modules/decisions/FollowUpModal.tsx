import type { DecisionDetail } from '@guantong/shared';
import { App, Form, Modal, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { useFormInit } from '../../components/useFormInit';
import { FollowUpTaskFields, type FollowUpTaskValues, followUpTaskInput, showFollowUpTaskErrors } from '../tasks/FollowUpTaskFields';
import { useAddFollowUp } from './decisions.api';

/** 决策事项跟踪督办: a follow-up task for the decision, created and issued through the task engine. */
export function FollowUpModal({ open, decision, onClose }: { open: boolean; decision: DecisionDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FollowUpTaskValues>();
  const add = useAddFollowUp();

  useFormInit(open, decision.id, () => {
    form.resetFields();
    form.setFieldsValue({
      title: '',
      orgId: decision.org.id,
      issue: true,
      dueOn: decision.reviewOn ? dayjs(decision.reviewOn) : dayjs().add(1, 'month'),
      description: decision.summary,
    });
  });

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    const input = v ? followUpTaskInput(v) : null;
    if (!input) {
      return;
    }
    try {
      await add.mutateAsync({ id: decision.id, input });
      void message.success(input.issue ? t('decisions.followUp.created') : t('decisions.followUp.createdDraft'));
      onClose();
    } catch (error) {
      showFollowUpTaskErrors(form, error);
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open={open}
      title={t('decisions.followUp.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={add.isPending}
      width={680}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('decisions.followUp.intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark onFinish={() => void submit()}>
        <FollowUpTaskFields issueLabel={t('decisions.followUp.issue')} titlePlaceholder={t('decisions.followUp.taskTitlePlaceholder')} />
      </Form>
    </Modal>
  );
}

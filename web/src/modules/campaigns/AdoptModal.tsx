import type { CampaignAnswer } from '@guantong/shared';
import { App, Form, Modal, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { useFormInit } from '../../components/useFormInit';
import { FollowUpTaskFields, type FollowUpTaskValues, followUpTaskInput, showFollowUpTaskErrors } from '../tasks/FollowUpTaskFields';
import { useAdoptAnswer } from './campaigns.api';

/** 采纳: turns an answer into a task through the task engine (issued to the organisation that carries it out). */
export function AdoptModal({ answer, onClose }: { answer: CampaignAnswer | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FollowUpTaskValues>();
  const adopt = useAdoptAnswer();

  useFormInit(answer !== null, answer?.id, () => {
    if (!answer) {
      return;
    }
    form.resetFields();
    const text = answer.text.replace(/\s+/g, ' ').trim();
    form.setFieldsValue({
      title: text.length > 40 ? `${text.slice(0, 40)}…` : text,
      orgId: answer.org.id,
      dueOn: dayjs().add(3, 'month'),
      description: answer.text,
      issue: true,
    });
  });

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    const input = v ? followUpTaskInput(v) : null;
    if (!answer || !input) {
      return;
    }
    try {
      await adopt.mutateAsync({ id: answer.id, input });
      void message.success(t('campaigns.adopt.done'));
      onClose();
    } catch (error) {
      showFollowUpTaskErrors(form, error);
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open={answer !== null}
      title={t('campaigns.adopt.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('campaigns.actions.adopt')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={adopt.isPending}
      width={680}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('campaigns.adopt.intro')}</Typography.Paragraph>
      {answer ? (
        <Typography.Paragraph style={{ background: '#fafafa', padding: 12, borderRadius: 6 }}>
          <Typography.Text strong>{t('campaigns.adopt.answer')}：</Typography.Text>
          {answer.text}
        </Typography.Paragraph>
      ) : null}
      <Form form={form} layout="vertical" requiredMark onFinish={() => void submit()}>
        <FollowUpTaskFields issueLabel={t('campaigns.adopt.issue')} />
      </Form>
    </Modal>
  );
}

import type { DecisionDetail } from '@guantong/shared';
import { App, Checkbox, Col, DatePicker, Form, Input, Modal, Row, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorDetails, errorMessage } from '../../api/client';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { useFormInit } from '../../components/useFormInit';
import { toLang } from '../../i18n/languages';
import { AssigneeSelect } from '../tasks/AssigneeSelect';
import { useAddFollowUp } from './decisions.api';

interface FormValues {
  title: string;
  orgId?: number;
  responsibleUserId?: number | null;
  dueOn?: Dayjs | null;
  description?: string;
  issue: boolean;
}

const FIELDS = ['title', 'orgId', 'responsibleUserId', 'dueOn', 'description'] as const;

/** 决策事项跟踪督办: a follow-up task for the decision, created and issued through the task engine. */
export function FollowUpModal({ open, decision, onClose }: { open: boolean; decision: DecisionDetail; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const add = useAddFollowUp();
  const orgId = Form.useWatch('orgId', form) ?? null;

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
    if (!v?.dueOn || !v.orgId) {
      return;
    }
    try {
      await add.mutateAsync({
        id: decision.id,
        input: {
          title: v.title.trim(),
          orgId: v.orgId,
          responsibleUserId: v.responsibleUserId ?? null,
          dueOn: v.dueOn.format('YYYY-MM-DD'),
          description: (v.description ?? '').trim(),
          level: 'action',
          priority: 'normal',
          issue: v.issue,
        },
      });
      void message.success(v.issue ? t('decisions.followUp.created') : t('decisions.followUp.createdDraft'));
      onClose();
    } catch (error) {
      const details = errorDetails(error).filter((d) => (FIELDS as readonly string[]).includes(d.path));
      if (details.length > 0) {
        form.setFields(details.map((d) => ({ name: d.path as (typeof FIELDS)[number], errors: [d.message] })));
      }
      void message.error(errorMessage(error));
    }
  };

  const required = { required: true, message: t('decisions.followUp.required') };
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
        <Form.Item name="title" label={t('decisions.followUp.taskTitle')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={300} autoFocus placeholder={t('decisions.followUp.taskTitlePlaceholder')} />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="orgId" label={t('decisions.followUp.org')} rules={[required]}>
              <OrgTreeSelect aria-label={t('decisions.followUp.org')} onChange={() => form.setFieldsValue({ responsibleUserId: null })} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="responsibleUserId" label={t('decisions.followUp.responsible')}>
              <AssigneeSelect
                orgId={orgId}
                placeholder={t('decisions.followUp.responsiblePlaceholder')}
                aria-label={t('decisions.followUp.responsible')}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="dueOn" label={t('decisions.followUp.dueOn')} rules={[required]}>
              <DatePicker format={lang === 'zh-CN' ? 'YYYY年M月D日' : 'YYYY-MM-DD'} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="issue" valuePropName="checked" label=" ">
              <Checkbox>{t('decisions.followUp.issue')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('decisions.followUp.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import type { CampaignAnswer } from '@guantong/shared';
import { App, Checkbox, Col, DatePicker, Form, Input, Modal, Row, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorDetails, errorMessage } from '../../api/client';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { useFormInit } from '../../components/useFormInit';
import { toLang } from '../../i18n/languages';
import { AssigneeSelect } from '../tasks/AssigneeSelect';
import { useAdoptAnswer } from './campaigns.api';

interface FormValues {
  title: string;
  orgId?: number;
  responsibleUserId?: number | null;
  dueOn?: Dayjs | null;
  description?: string;
  issue: boolean;
}

const FIELDS = ['title', 'orgId', 'responsibleUserId', 'dueOn', 'description'] as const;

/** 采纳: turns an answer into a task through the task engine (issued to the organisation that carries it out). */
export function AdoptModal({ answer, onClose }: { answer: CampaignAnswer | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const adopt = useAdoptAnswer();
  const orgId = Form.useWatch('orgId', form) ?? null;

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
    if (!answer || !v?.dueOn || !v.orgId) {
      return;
    }
    try {
      await adopt.mutateAsync({
        id: answer.id,
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
      void message.success(t('campaigns.adopt.done'));
      onClose();
    } catch (error) {
      const details = errorDetails(error).filter((d) => (FIELDS as readonly string[]).includes(d.path));
      if (details.length > 0) {
        form.setFields(details.map((d) => ({ name: d.path as (typeof FIELDS)[number], errors: [d.message] })));
      }
      void message.error(errorMessage(error));
    }
  };

  const required = { required: true, message: t('campaigns.adopt.required') };
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
        <Form.Item name="title" label={t('campaigns.adopt.taskTitle')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={300} autoFocus />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="orgId" label={t('campaigns.adopt.org')} rules={[required]}>
              <OrgTreeSelect aria-label={t('campaigns.adopt.org')} onChange={() => form.setFieldsValue({ responsibleUserId: null })} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="responsibleUserId" label={t('campaigns.adopt.responsible')}>
              <AssigneeSelect
                orgId={orgId}
                placeholder={t('campaigns.adopt.responsiblePlaceholder')}
                aria-label={t('campaigns.adopt.responsible')}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="dueOn" label={t('campaigns.adopt.dueOn')} rules={[required]}>
              <DatePicker format={lang === 'zh-CN' ? 'YYYY年M月D日' : 'YYYY-MM-DD'} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="issue" valuePropName="checked" label=" ">
              <Checkbox>{t('campaigns.adopt.issue')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('campaigns.adopt.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

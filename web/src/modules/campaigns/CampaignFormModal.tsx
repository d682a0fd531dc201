import type { Campaign } from '@guantong/shared';
import { App, Checkbox, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { errorDetails, errorMessage } from '../../api/client';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { useFormInit } from '../../components/useFormInit';
import { toLang } from '../../i18n/languages';
import { useCurrentUser } from '../auth/auth.api';
import { useCreateCampaign, useUpdateCampaign } from './campaigns.api';

interface FormValues {
  orgId?: number;
  title: string;
  question: string;
  description?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
  tags?: string[];
  publish: boolean;
}

const FIELDS = ['orgId', 'title', 'question', 'description', 'tags'] as const;

/** Starts or edits a discussion campaign: audience, question, period and the tags answers are sorted by. */
export function CampaignFormModal({
  open,
  campaign,
  onClose,
  onDone,
}: {
  open: boolean;
  campaign?: Campaign;
  onClose: () => void;
  onDone: (id: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const me = useCurrentUser();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateCampaign();
  const update = useUpdateCampaign();
  const defaultOrg = useMemo(
    () => me.grants.find((g) => g.role === 'org_admin' || g.role === 'secretary' || g.role === 'sysadmin')?.orgId,
    [me.grants],
  );

  useFormInit(open, campaign?.id ?? null, () => {
    form.resetFields();
    if (campaign) {
      form.setFieldsValue({
        title: campaign.title,
        question: campaign.question,
        description: campaign.description,
        period: [dayjs(campaign.startsOn), dayjs(campaign.endsOn)],
        tags: campaign.tags,
      });
    } else {
      form.setFieldsValue({ orgId: defaultOrg, period: [dayjs(), dayjs().add(1, 'month')], tags: [], publish: true });
    }
  });

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    const from = v?.period?.[0];
    const to = v?.period?.[1];
    if (!v || !from || !to) {
      return;
    }
    const fields = {
      title: v.title.trim(),
      question: v.question.trim(),
      description: (v.description ?? '').trim(),
      startsOn: from.format('YYYY-MM-DD'),
      endsOn: to.format('YYYY-MM-DD'),
      tags: v.tags ?? [],
    };
    try {
      if (campaign) {
        const saved = await update.mutateAsync({ id: campaign.id, input: fields });
        void message.success(t('campaigns.form.saved'));
        onDone(saved.id);
      } else if (v.orgId) {
        const created = await create.mutateAsync({ ...fields, orgId: v.orgId, publish: v.publish });
        void message.success(t('campaigns.form.created'));
        onDone(created.id);
      }
    } catch (error) {
      const details = errorDetails(error);
      const fieldErrors = details.filter((d) => (FIELDS as readonly string[]).includes(d.path));
      if (fieldErrors.length > 0) {
        form.setFields(fieldErrors.map((d) => ({ name: d.path as (typeof FIELDS)[number], errors: [d.message] })));
      }
      if (details.some((d) => d.path === 'startsOn' || d.path === 'endsOn')) {
        form.setFields([
          { name: 'period', errors: details.filter((d) => d.path === 'startsOn' || d.path === 'endsOn').map((d) => d.message) },
        ]);
      }
      void message.error(errorMessage(error));
    }
  };

  const required = { required: true, message: t('campaigns.form.required') };
  return (
    <Modal
      open={open}
      title={campaign ? t('campaigns.form.editTitle') : t('campaigns.form.createTitle')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={create.isPending || update.isPending}
      width={720}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark onFinish={() => void submit()}>
        {campaign ? (
          <Form.Item label={t('campaigns.form.org')}>
            <Typography.Text>{campaign.org.name}</Typography.Text>
          </Form.Item>
        ) : (
          <Form.Item name="orgId" label={t('campaigns.form.org')} rules={[required]} extra={t('campaigns.form.orgHelp')}>
            <OrgTreeSelect aria-label={t('campaigns.form.org')} />
          </Form.Item>
        )}
        <Form.Item name="title" label={t('campaigns.form.title')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={200} autoFocus placeholder={t('campaigns.form.titlePlaceholder')} />
        </Form.Item>
        <Form.Item name="question" label={t('campaigns.form.question')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={500} placeholder={t('campaigns.form.questionPlaceholder')} />
        </Form.Item>
        <Form.Item name="description" label={t('campaigns.form.description')}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} placeholder={t('campaigns.form.descriptionPlaceholder')} />
        </Form.Item>
        <Form.Item name="period" label={t('campaigns.form.period')} rules={[required]}>
          <DatePicker.RangePicker
            format={lang === 'zh-CN' ? 'YYYY年M月D日' : 'YYYY-MM-DD'}
            placeholder={[t('campaigns.form.periodStart'), t('campaigns.form.periodEnd')]}
            style={{ width: '100%' }}
          />
        </Form.Item>
        <Form.Item name="tags" label={t('campaigns.form.tags')} extra={t('campaigns.form.tagsHelp')}>
          <Select
            mode="tags"
            tokenSeparators={[',', '，', '、']}
            maxCount={30}
            open={false}
            suffixIcon={null}
            aria-label={t('campaigns.form.tags')}
          />
        </Form.Item>
        {campaign ? null : (
          <Form.Item name="publish" valuePropName="checked">
            <Checkbox>{t('campaigns.form.publish')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

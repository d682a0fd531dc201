import { PaperClipOutlined, SendOutlined } from '@ant-design/icons';
import type { Campaign } from '@guantong/shared';
import { App, Button, Card, Flex, Form, Input, Select, Spin, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { useCurrentUser } from '../auth/auth.api';
import { uploadAnswerFile, useAudience, useSubmitAnswer } from './campaigns.api';

const RECORDER_ROLES = ['org_admin', 'secretary'];

interface FormValues {
  personId?: number;
  text: string;
}

/** The answer box: a member answers for themselves; a secretary may pick a member of their branch and record theirs. */
export function AnswerForm({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useCurrentUser();
  const [form] = Form.useForm<FormValues>();
  const submit = useSubmitAnswer();
  const recorder = me.roles.some((r) => RECORDER_ROLES.includes(r));
  const [search, setSearch] = useState('');
  const [debounced, setDebounced] = useState('');
  const [file, setFile] = useState<File | null>(null);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(search.trim()), 250);
    return () => window.clearTimeout(timer);
  }, [search]);
  const audience = useAudience(campaign.id, debounced, recorder);

  const onFinish = async (v: FormValues) => {
    try {
      const answer = await submit.mutateAsync({
        id: campaign.id,
        input: { text: v.text.trim(), ...(v.personId ? { personId: v.personId } : {}) },
      });
      if (file) {
        try {
          await uploadAnswerFile(answer.id, file);
        } catch (error) {
          void message.warning(t('campaigns.answer.attachFailed', { error: errorMessage(error) }));
        }
      }
      void message.success(t('campaigns.answer.submitted'));
      form.resetFields();
      setFile(null);
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Card size="small" title={t('campaigns.answer.formTitle')}>
      <Form<FormValues> form={form} layout="vertical" onFinish={(v) => void onFinish(v)}>
        {recorder ? (
          <Form.Item name="personId" label={t('campaigns.answer.person')} extra={t('campaigns.answer.personHint')}>
            <Select
              allowClear
              showSearch={{ filterOption: false, onSearch: setSearch }}
              placeholder={t('campaigns.answer.personPlaceholder')}
              notFoundContent={audience.isFetching ? <Spin size="small" /> : undefined}
              aria-label={t('campaigns.answer.person')}
              options={(audience.data ?? []).map((p) => ({
                value: p.id,
                label: (
                  <Flex justify="space-between" gap={8}>
                    <span>
                      {p.name}
                      <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                        {p.employeeNo} · {p.org.name}
                      </Typography.Text>
                    </span>
                    {p.answered ? <Tag color="green">{t('campaigns.answer.answered')}</Tag> : null}
                  </Flex>
                ),
              }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="text"
          label={t('campaigns.answer.text')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('campaigns.answer.required') }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={5000}
            showCount
            placeholder={t('campaigns.answer.textPlaceholder')}
          />
        </Form.Item>
        <Form.Item label={t('campaigns.answer.attachment')} extra={t('campaigns.answer.attachHint')}>
          <Upload
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: 'answer-file', name: file.name, status: 'done' }] : []}
            accept="image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx"
          >
            <Button icon={<PaperClipOutlined />}>{t('campaigns.answer.choose')}</Button>
          </Upload>
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<SendOutlined />} loading={submit.isPending}>
          {t('campaigns.actions.submit')}
        </Button>
      </Form>
    </Card>
  );
}

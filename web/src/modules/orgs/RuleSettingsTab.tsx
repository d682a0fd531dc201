import type { RuleSetting } from '@guantong/shared';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Modal, Popconfirm, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { useCurrentUser } from '../auth/auth.api';
import { useOrgTree, useResetRuleSetting, useRuleSettings, useUpdateRuleSetting } from './orgs.api';

/** The thresholds of the rule checks (data with RULES.md defaults); sysadmin or the top committee's org_admin may change them. */
export function RuleSettingsTab() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const me = useCurrentUser();
  const tree = useOrgTree();
  const settings = useRuleSettings();
  const reset = useResetRuleSetting();
  const [editing, setEditing] = useState<RuleSetting | null>(null);
  const roots = useMemo(() => new Set((tree.data ?? []).filter((n) => n.parentId === null).map((n) => n.id)), [tree.data]);
  const canEdit = me.grants.some((g) => g.role === 'sysadmin' || (g.role === 'org_admin' && roots.has(g.orgId)));

  const doReset = (s: RuleSetting) =>
    reset
      .mutateAsync(s.key)
      .then(() => void message.success(t('orgs.settings.resetDone')))
      .catch((error: unknown) => void message.error(errorMessage(error)));

  return (
    <>
      <Alert type="info" showIcon style={{ marginBottom: 16 }} title={canEdit ? t('orgs.settings.intro') : t('orgs.settings.readOnly')} />
      {settings.error ? <Alert type="error" showIcon title={errorMessage(settings.error)} style={{ marginBottom: 16 }} /> : null}
      <Table<RuleSetting>
        rowKey="key"
        size="middle"
        loading={settings.isFetching}
        dataSource={settings.data}
        pagination={false}
        scroll={{ x: 900 }}
        columns={[
          { title: t('orgs.settings.columns.label'), dataIndex: 'label', key: 'label' },
          {
            title: t('orgs.settings.columns.value'),
            key: 'value',
            width: 130,
            render: (_: unknown, s: RuleSetting) => (
              <Flex gap={6} align="center">
                <Typography.Text strong>
                  {formatNumber(s.value, lang)} {s.unit}
                </Typography.Text>
                {s.isDefault ? null : <Tag color="gold">{t('orgs.settings.changed')}</Tag>}
              </Flex>
            ),
          },
          {
            title: t('orgs.settings.columns.defaultValue'),
            key: 'default',
            width: 90,
            render: (_: unknown, s: RuleSetting) => `${formatNumber(s.defaultValue, lang)} ${s.unit}`,
          },
          {
            title: t('orgs.settings.columns.source'),
            key: 'source',
            width: 260,
            render: (_: unknown, s: RuleSetting) => (
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {s.source}
              </Typography.Text>
            ),
          },
          {
            title: t('orgs.settings.columns.updated'),
            key: 'updated',
            width: 170,
            render: (_: unknown, s: RuleSetting) =>
              s.updatedAt ? t('orgs.settings.by', { name: s.updatedBy ?? '', time: formatDateTime(s.updatedAt, lang) }) : t('common.empty'),
          },
          ...(canEdit
            ? [
                {
                  title: t('orgs.settings.columns.actions'),
                  key: 'actions',
                  width: lang === 'en' ? 180 : 140,
                  render: (_: unknown, s: RuleSetting) => (
                    <Flex gap={0}>
                      <Button type="link" size="small" onClick={() => setEditing(s)}>
                        {t('common.actions.edit')}
                      </Button>
                      {s.isDefault ? null : (
                        <Popconfirm
                          title={t('orgs.settings.confirmReset', { value: formatNumber(s.defaultValue, lang), unit: s.unit })}
                          okText={t('orgs.settings.reset')}
                          cancelText={t('common.actions.cancel')}
                          onConfirm={() => doReset(s)}
                        >
                          <Button type="link" size="small">
                            {t('orgs.settings.reset')}
                          </Button>
                        </Popconfirm>
                      )}
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? <RuleSettingModal setting={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}

function RuleSettingModal({ setting, onClose }: { setting: RuleSetting; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ value: number; source?: string }>();
  const update = useUpdateRuleSetting();

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      return;
    }
    try {
      await update.mutateAsync({ key: setting.key, value: v.value, ...(v.source?.trim() ? { source: v.source.trim() } : {}) });
      void message.success(t('orgs.settings.saved'));
      onClose();
    } catch (error) {
      void message.error(errorMessage(error));
    }
  };

  return (
    <Modal
      open
      title={t('orgs.settings.editTitle', { label: setting.label })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.actions.save')}
      cancelText={t('common.actions.cancel')}
      confirmLoading={update.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ value: setting.value, source: setting.source }}>
        <Form.Item
          name="value"
          label={t('orgs.settings.value', { unit: setting.unit })}
          rules={[{ required: true, message: t('orgs.settings.valueRequired') }]}
        >
          <InputNumber min={0} max={100000} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="source" label={t('orgs.settings.source')} extra={t('orgs.settings.sourceHint')}>
          <Input.TextArea maxLength={300} autoSize={{ minRows: 2, maxRows: 4 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

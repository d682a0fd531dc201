import { ArrowLeftOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { MEETING_BODIES, MEETING_CATEGORIES, type MeetingType, type MeetingTypeUpsert, ORG_KINDS } from '@guantong/shared';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Modal, Select, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { errorDetails, errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { toLang } from '../../i18n/languages';
import { useCurrentUser } from '../auth/auth.api';
import { indexOrgTree, useOrgTree } from '../orgs/orgs.api';
import { useMeetingTypes, useSaveMeetingType } from './meetings.api';

/**
 * True when the user changes meeting types (the server's managesMeetingTypes): a system administrator, or a
 * 组织部 operator granted at a top organisation (no parent). The server checks again.
 */
export function useManagesMeetingTypes(): boolean {
  const me = useCurrentUser();
  const mayBe = me.grants.some((g) => g.role === 'sysadmin' || g.role === 'org_admin');
  const tree = useOrgTree({ enabled: mayBe });
  const index = useMemo(() => indexOrgTree(tree.data), [tree.data]);
  return me.grants.some((g) => g.role === 'sysadmin' || (g.role === 'org_admin' && index.get(g.orgId)?.parentId === null));
}

type FormValues = Omit<MeetingTypeUpsert, 'body'> & { body: MeetingTypeUpsert['body'] | undefined };

const NEW_TYPE: Partial<FormValues> = {
  category: 'party',
  firstTopic: false,
  orgLife: false,
  isStudy: false,
  orgKinds: ['branch'],
  defaultMinutes: 90,
  sortOrder: 500,
  active: true,
};

function TypeModal({ editing, onClose }: { editing: MeetingType | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const save = useSaveMeetingType();
  const isNew = editing === 'new';
  const initial: Partial<FormValues> =
    editing === null || editing === 'new'
      ? NEW_TYPE
      : {
          code: editing.code,
          name: editing.name,
          nameEn: editing.nameEn,
          category: editing.category,
          body: editing.body ?? undefined,
          firstTopic: editing.firstTopic,
          orgLife: editing.orgLife,
          isStudy: editing.isStudy,
          orgKinds: editing.orgKinds,
          defaultMinutes: editing.defaultMinutes,
          sortOrder: editing.sortOrder,
          active: editing.active,
        };
  const required = { required: true, message: t('meetings.form.required') };
  return (
    <Modal
      open={editing !== null}
      title={isNew ? t('meetings.types.add') : t('meetings.types.edit')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      okText={t('common.actions.save')}
      destroyOnHidden
      width={640}
    >
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) =>
          save
            .mutateAsync({ isNew, input: { ...v, body: v.body ?? null } })
            .then(() => {
              void message.success(t('meetings.types.form.saved'));
              onClose();
            })
            .catch((e: unknown) => {
              const fields = errorDetails(e)
                .map((d) => ({ name: d.path.replace(/^body\./, '').split('.')[0] ?? '', errors: [d.message] }))
                .filter((f) => f.name in initial || f.name === 'code' || f.name === 'name' || f.name === 'nameEn');
              if (fields.length > 0) {
                form.setFields(fields as Parameters<typeof form.setFields>[0]);
              }
              void message.error(errorMessage(e));
            })
        }
      >
        <Flex gap={16} wrap>
          <Form.Item
            name="code"
            label={t('meetings.types.form.code')}
            extra={isNew ? t('meetings.types.form.codeHelp') : undefined}
            rules={[required, { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('meetings.types.form.codeInvalid') }]}
            style={{ flex: '1 1 200px' }}
          >
            <Input disabled={!isNew} maxLength={40} />
          </Form.Item>
          <Form.Item name="sortOrder" label={t('meetings.types.form.sortOrder')} rules={[required]} style={{ width: 120 }}>
            <InputNumber min={0} max={100000} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item name="name" label={t('meetings.types.form.name')} rules={[required]} style={{ flex: '1 1 200px' }}>
            <Input maxLength={64} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('meetings.types.form.nameEn')} rules={[required]} style={{ flex: '1 1 240px' }}>
            <Input maxLength={100} />
          </Form.Item>
        </Flex>
        <Flex gap={16} wrap>
          <Form.Item name="category" label={t('meetings.types.form.category')} rules={[required]} style={{ flex: '1 1 200px' }}>
            <Select
              aria-label={t('meetings.types.form.category')}
              options={MEETING_CATEGORIES.map((c) => ({ value: c, label: t(`meetings.categories.${c}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="body"
            label={t('meetings.types.form.body')}
            extra={t('meetings.types.form.bodyHelp')}
            style={{ flex: '1 1 240px' }}
          >
            <Select
              aria-label={t('meetings.types.form.body')}
              allowClear
              placeholder={t('meetings.types.form.bodyNone')}
              options={MEETING_BODIES.map((b) => ({ value: b, label: t(`meetings.bodies.${b}`) }))}
            />
          </Form.Item>
        </Flex>
        <Form.Item name="orgKinds" label={t('meetings.types.form.orgKinds')} rules={[required]}>
          <Checkbox.Group options={ORG_KINDS.map((k) => ({ value: k, label: t(`meetings.types.orgKinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="defaultMinutes" label={t('meetings.types.form.defaultMinutes')} rules={[required]}>
          <InputNumber min={5} max={1440} step={15} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="firstTopic" valuePropName="checked" extra={t('meetings.types.form.firstTopicHelp')} style={{ marginBottom: 8 }}>
          <Checkbox>{t('meetings.types.form.firstTopic')}</Checkbox>
        </Form.Item>
        <Flex vertical gap={8}>
          <Form.Item name="orgLife" valuePropName="checked" noStyle>
            <Checkbox>{t('meetings.types.form.orgLife')}</Checkbox>
          </Form.Item>
          <Form.Item name="isStudy" valuePropName="checked" noStyle>
            <Checkbox>{t('meetings.types.form.isStudy')}</Checkbox>
          </Form.Item>
          <Form.Item name="active" valuePropName="checked" noStyle>
            <Checkbox>{t('meetings.types.form.active')}</Checkbox>
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

/** /meetings/types: the meeting types (data) in display order; top operators add and edit them. */
export function MeetingTypesPage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const types = useMeetingTypes();
  const manages = useManagesMeetingTypes();
  const [editing, setEditing] = useState<MeetingType | 'new' | null>(null);
  return (
    <>
      <Link to="/meetings">
        <ArrowLeftOutlined /> {t('meetings.types.back')}
      </Link>
      <PageHeader
        title={t('meetings.types.title')}
        subtitle={t('meetings.types.subtitle')}
        extra={
          manages ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('meetings.types.add')}
            </Button>
          ) : null
        }
      />
      {manages ? null : <Alert type="info" showIcon title={t('meetings.types.onlyTop')} style={{ marginBottom: 12 }} />}
      <Card>
        <Table<MeetingType>
          rowKey="code"
          size="middle"
          loading={types.isLoading}
          pagination={false}
          scroll={{ x: 1280 }}
          dataSource={types.data ?? []}
          columns={[
            { title: t('meetings.types.columns.order'), dataIndex: 'sortOrder', width: 70, align: 'right' },
            {
              title: t('meetings.types.columns.name'),
              key: 'name',
              width: 230,
              render: (_, ty) => (
                <Flex vertical>
                  <Typography.Text strong={ty.active} type={ty.active ? undefined : 'secondary'}>
                    {lang === 'zh-CN' ? ty.name : ty.nameEn}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {lang === 'zh-CN' ? ty.nameEn : ty.name}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              title: t('meetings.types.columns.code'),
              dataIndex: 'code',
              width: 170,
              render: (v: string) => (
                <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                  {v}
                </Typography.Text>
              ),
            },
            {
              title: t('meetings.types.columns.category'),
              dataIndex: 'category',
              render: (v: MeetingType['category']) => t(`meetings.categories.${v}`),
            },
            {
              title: t('meetings.types.columns.body'),
              dataIndex: 'body',
              render: (v: MeetingType['body']) => (v ? t(`meetings.bodies.${v}`) : '—'),
            },
            {
              title: t('meetings.types.columns.flags'),
              key: 'flags',
              render: (_, ty) => (
                <Flex gap={4} wrap>
                  {ty.firstTopic ? <Tag color="red">{t('meetings.types.flags.firstTopic')}</Tag> : null}
                  {ty.orgLife ? <Tag color="blue">{t('meetings.types.flags.orgLife')}</Tag> : null}
                  {ty.isStudy ? <Tag color="green">{t('meetings.types.flags.isStudy')}</Tag> : null}
                  {ty.isTalk ? <Tag>{t('meetings.types.flags.isTalk')}</Tag> : null}
                </Flex>
              ),
            },
            {
              title: t('meetings.types.columns.orgKinds'),
              dataIndex: 'orgKinds',
              render: (v: MeetingType['orgKinds']) => v.map((k) => t(`meetings.types.orgKinds.${k}`)).join(lang === 'zh-CN' ? '、' : ', '),
            },
            {
              title: t('meetings.types.columns.minutes'),
              dataIndex: 'defaultMinutes',
              align: 'right',
              render: (v: number) => t('meetings.types.minutesValue', { n: v }),
            },
            {
              title: t('meetings.types.columns.active'),
              dataIndex: 'active',
              render: (v: boolean) =>
                v ? <Tag color="green">{t('meetings.types.active')}</Tag> : <Tag>{t('meetings.types.retired')}</Tag>,
            },
            ...(manages
              ? [
                  {
                    title: t('meetings.types.columns.actions'),
                    key: 'actions',
                    width: 90,
                    render: (_: unknown, ty: MeetingType) => (
                      <Button
                        size="small"
                        icon={<EditOutlined />}
                        aria-label={`${t('meetings.types.edit')} ${ty.name}`}
                        onClick={() => setEditing(ty)}
                      >
                        {t('meetings.detail.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <TypeModal editing={editing} onClose={() => setEditing(null)} />
    </>
  );
}

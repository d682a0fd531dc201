import { ApartmentOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Role, User } from '@guantong/shared';
import { Alert, App, Button, Divider, Drawer, Empty, Flex, Form, Grid, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { RoleSelect } from '../../components/RoleSelect';
import { RoleTag } from '../../components/RoleTag';
import { useAddGrant, useRemoveGrant } from './users.api';

interface Values {
  orgId?: number;
  role?: Role;
}

/** 管理授权: the user's role grants, each removable after confirmation, and a form to add one. */
export function GrantsDrawer({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const [current, setCurrent] = useState<User>(user);
  const addGrant = useAddGrant();
  const removeGrant = useRemoveGrant();

  const onAdd = (values: Values) => {
    if (!values.orgId || !values.role) {
      return;
    }
    addGrant.mutate(
      { userId: current.id, orgId: values.orgId, role: values.role },
      {
        onSuccess: (updated) => {
          setCurrent(updated);
          form.resetFields();
          void message.success(t('users.grants.added'));
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'CONFLICT') {
            form.setFields([{ name: 'role', errors: [t('users.grants.duplicate')] }]);
          }
        },
      },
    );
  };

  const addError = addGrant.error instanceof ApiError && addGrant.error.code === 'CONFLICT' ? null : addGrant.error;

  return (
    <Drawer open onClose={onClose} title={t('users.grants.title', { name: current.displayName })} size={screens.md ? 560 : '100%'}>
      <Typography.Title level={3} style={{ fontSize: 15, marginTop: 0 }}>
        {t('users.grants.current')}
      </Typography.Title>
      {removeGrant.error ? <Alert type="error" showIcon title={errorMessage(removeGrant.error)} style={{ marginBottom: 12 }} /> : null}
      {current.grants.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('users.grants.none')} />
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('users.grants.current')}>
          {current.grants.map((g) => (
            <li key={g.id} style={{ padding: '8px 0', borderBottom: '1px solid #F0F0F0' }}>
              <Flex align="center" gap={8} wrap>
                <RoleTag role={g.role} />
                <ApartmentOutlined aria-hidden style={{ color: '#8C8C8C' }} />
                <Typography.Text style={{ flex: '1 1 200px' }}>{g.orgName}</Typography.Text>
                <Tag variant="filled">{t(`common.orgKinds.${g.orgKind}`)}</Tag>
                <Popconfirm
                  title={t('users.grants.confirmRemove', { org: g.orgName, role: t(`common.roles.${g.role}`) })}
                  description={t('users.grants.confirmRemoveText')}
                  okText={t('common.actions.remove')}
                  cancelText={t('common.actions.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() =>
                    removeGrant.mutateAsync({ userId: current.id, grantId: g.id }).then((updated) => {
                      setCurrent(updated);
                      void message.success(t('users.grants.removed'));
                    })
                  }
                >
                  <Button size="small" danger type="text" icon={<DeleteOutlined />}>
                    {t('common.actions.remove')}
                  </Button>
                </Popconfirm>
              </Flex>
            </li>
          ))}
        </ul>
      )}
      <Divider />
      <Typography.Title level={3} style={{ fontSize: 15, marginTop: 0 }}>
        {t('users.grants.addTitle')}
      </Typography.Title>
      {addError ? <Alert type="error" showIcon title={errorMessage(addError)} style={{ marginBottom: 12 }} /> : null}
      <Form<Values> form={form} layout="vertical" onFinish={onAdd}>
        <Form.Item name="orgId" label={t('users.form.org')} rules={[{ required: true, message: t('users.form.orgRequired') }]}>
          <OrgTreeSelect placeholder={t('users.form.orgRequired')} />
        </Form.Item>
        <Form.Item name="role" label={t('users.form.role')} rules={[{ required: true, message: t('users.form.roleRequired') }]}>
          <RoleSelect placeholder={t('users.form.roleRequired')} />
        </Form.Item>
        <Button type="primary" htmlType="submit" icon={<PlusOutlined />} loading={addGrant.isPending}>
          {t('users.grants.add')}
        </Button>
      </Form>
    </Drawer>
  );
}

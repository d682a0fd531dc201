import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { Role } from '@guantong/shared';
import { Alert, App, Button, Flex, Form, Input, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorDetails, errorMessage } from '../../api/client';
import { OrgTreeSelect } from '../../components/OrgTreeSelect';
import { RoleSelect } from '../../components/RoleSelect';
import { generatePassword, passwordProblem } from '../auth/passwordRules';
import { useCreateUser } from './users.api';

interface Values {
  username: string;
  displayName: string;
  password: string;
  grants: Array<{ orgId?: number; role?: Role }>;
}

const USERNAME_RE = /^[a-zA-Z0-9._-]{2,64}$/;
const FIELDS = ['username', 'displayName', 'password'] as const;

/** 新建用户: account, initial password (changed at first sign-in) and any number of role grants. Mount it only while open. */
export function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();

  const onFinish = (values: Values) => {
    create.mutate(
      {
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        password: values.password,
        grants: (values.grants ?? []).flatMap((g) => (g.orgId && g.role ? [{ orgId: g.orgId, role: g.role }] : [])),
      },
      {
        onSuccess: (user) => {
          void message.success(t('users.form.created', { name: user.displayName }));
          form.resetFields();
          onClose();
        },
        onError: (error) => {
          if (!(error instanceof ApiError)) {
            return;
          }
          if (error.code === 'CONFLICT') {
            form.setFields([{ name: 'username', errors: [t('users.form.usernameTaken')] }]);
          } else if (error.code === 'WEAK_PASSWORD') {
            form.setFields([{ name: 'password', errors: [errorMessage(error)] }]);
          } else if (error.code === 'VALIDATION_FAILED') {
            for (const d of errorDetails(error)) {
              const field = FIELDS.find((f) => f === d.path.replace(/^body\.?/, '').split('.')[0]);
              if (field) {
                form.setFields([{ name: field, errors: [t('common.errors.VALIDATION_FAILED')] }]);
              }
            }
          }
        },
      },
    );
  };

  const fieldError = create.error instanceof ApiError && ['CONFLICT', 'WEAK_PASSWORD', 'VALIDATION_FAILED'].includes(create.error.code);

  return (
    <Modal
      open={open}
      title={t('users.form.title')}
      onCancel={() => {
        create.reset();
        onClose();
      }}
      okText={t('users.form.submit')}
      cancelText={t('common.actions.cancel')}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      mask={{ closable: false }}
      width={720}
    >
      {create.error && !fieldError ? (
        <Alert type="error" showIcon role="alert" title={errorMessage(create.error)} style={{ marginBottom: 16 }} />
      ) : null}
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} initialValues={{ grants: [{}] }} requiredMark>
        <Flex gap={16} wrap>
          <Form.Item
            name="username"
            label={t('users.form.username')}
            extra={t('users.form.usernameHelp')}
            style={{ flex: '1 1 260px' }}
            rules={[
              { required: true, whitespace: true, message: t('users.form.usernameRequired') },
              { pattern: USERNAME_RE, message: t('users.form.usernameInvalid') },
            ]}
          >
            <Input autoComplete="off" maxLength={64} />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('users.form.displayName')}
            style={{ flex: '1 1 260px' }}
            rules={[
              { required: true, whitespace: true, message: t('users.form.displayNameRequired') },
              { max: 64, message: t('users.form.displayNameTooLong') },
            ]}
          >
            <Input autoComplete="off" maxLength={64} />
          </Form.Item>
        </Flex>
        <Form.Item label={t('users.form.password')} required extra={t('users.form.passwordHelp')} style={{ marginBottom: 16 }}>
          <Space.Compact style={{ width: '100%', maxWidth: 420 }}>
            <Form.Item
              name="password"
              noStyle
              dependencies={['username']}
              rules={[
                { required: true, message: t('users.form.passwordRequired') },
                ({ getFieldValue }) => ({
                  validator: async (_r, value: string | undefined) => {
                    const problem = value ? passwordProblem(value, getFieldValue('username') ?? '') : null;
                    if (problem) {
                      throw new Error(t(`auth.password.${problem}`));
                    }
                  },
                }),
              ]}
            >
              <Input.Password id="create-user-password" autoComplete="new-password" aria-label={t('users.form.password')} maxLength={256} />
            </Form.Item>
            <Button
              onClick={() => {
                form.setFieldValue('password', generatePassword());
                void form.validateFields(['password']);
              }}
            >
              {t('common.actions.generate')}
            </Button>
          </Space.Compact>
        </Form.Item>
        <Typography.Text strong>{t('users.form.grants')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ margin: '2px 0 8px', fontSize: 13 }}>
          {t('users.form.grantsHelp')}
        </Typography.Paragraph>
        <Form.List name="grants">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, index) => (
                <Flex key={field.key} gap={8} align="flex-start" wrap>
                  <Form.Item
                    name={[field.name, 'orgId']}
                    label={t('users.form.org')}
                    style={{ flex: '2 1 300px', marginBottom: 12 }}
                    rules={[{ required: true, message: t('users.form.orgRequired') }]}
                  >
                    <OrgTreeSelect placeholder={t('users.form.orgRequired')} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'role']}
                    label={t('users.form.role')}
                    style={{ flex: '1 1 160px', marginBottom: 12 }}
                    rules={[{ required: true, message: t('users.form.roleRequired') }]}
                  >
                    <RoleSelect placeholder={t('users.form.roleRequired')} />
                  </Form.Item>
                  <Form.Item label=" " colon={false} style={{ marginBottom: 12 }}>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={`${t('users.form.removeGrant')} ${index + 1}`}
                      title={t('users.form.removeGrant')}
                      onClick={() => remove(field.name)}
                    />
                  </Form.Item>
                </Flex>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {t('users.form.addGrant')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

import type { User } from '@guantong/shared';
import { Alert, App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import { generatePassword, passwordProblem } from '../auth/passwordRules';
import { useResetPassword } from './users.api';

/** 重置密码 with confirmation: ends the user's sessions, lifts a lock, and forces a change at the next sign-in. */
export function ResetPasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ newPassword: string }>();
  const reset = useResetPassword();

  const onFinish = ({ newPassword }: { newPassword: string }) => {
    reset.mutate(
      { id: user.id, newPassword },
      {
        onSuccess: () => {
          void message.success(t('users.reset.done', { name: user.displayName }));
          onClose();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'WEAK_PASSWORD') {
            form.setFields([{ name: 'newPassword', errors: [errorMessage(error)] }]);
          }
        },
      },
    );
  };

  return (
    <Modal
      open
      title={t('users.reset.title', { name: user.displayName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('users.reset.submit')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.actions.cancel')}
      confirmLoading={reset.isPending}
      mask={{ closable: false }}
    >
      <Alert type="warning" showIcon title={t('users.reset.text')} style={{ marginBottom: 16 }} />
      {reset.error && !(reset.error instanceof ApiError && reset.error.code === 'WEAK_PASSWORD') ? (
        <Alert type="error" showIcon title={errorMessage(reset.error)} style={{ marginBottom: 16 }} />
      ) : null}
      <Form form={form} layout="vertical" onFinish={onFinish} initialValues={{ newPassword: generatePassword() }}>
        <Form.Item label={t('users.reset.password')} required extra={t('auth.password.rule')}>
          <Space.Compact style={{ width: '100%' }}>
            <Form.Item
              name="newPassword"
              noStyle
              rules={[
                { required: true, message: t('auth.password.nextRequired') },
                {
                  validator: async (_r, value: string | undefined) => {
                    const problem = value ? passwordProblem(value, user.username) : null;
                    if (problem) {
                      throw new Error(t(`auth.password.${problem}`));
                    }
                  },
                },
              ]}
            >
              <Input aria-label={t('users.reset.password')} autoComplete="off" maxLength={256} style={{ fontFamily: 'monospace' }} />
            </Form.Item>
            <Button onClick={() => form.setFieldValue('newPassword', generatePassword())}>{t('common.actions.generate')}</Button>
          </Space.Compact>
        </Form.Item>
      </Form>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t('users.form.passwordHelp')}
      </Typography.Text>
    </Modal>
  );
}

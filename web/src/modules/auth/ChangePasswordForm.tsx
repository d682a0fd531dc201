import { Alert, App, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError, errorMessage } from '../../api/client';
import { useChangePassword } from './auth.api';
import { passwordProblem } from './passwordRules';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Current password, new password twice; the password rule is checked next to the field before the server sees it. */
export function ChangePasswordForm({ username, onDone }: { username: string; onDone?: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();

  const onFinish = (values: Values) => {
    change.mutate(
      { currentPassword: values.currentPassword, newPassword: values.newPassword },
      {
        onSuccess: () => {
          form.resetFields();
          void message.success(t('auth.password.success'));
          onDone?.();
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS') {
            form.setFields([{ name: 'currentPassword', errors: [t('auth.password.currentWrong')] }]);
          } else if (error instanceof ApiError && error.code === 'WEAK_PASSWORD') {
            form.setFields([{ name: 'newPassword', errors: [errorMessage(error)] }]);
          }
        },
      },
    );
  };

  const generalError =
    change.error instanceof ApiError && ['INVALID_CREDENTIALS', 'WEAK_PASSWORD'].includes(change.error.code) ? null : change.error;

  return (
    <Form<Values> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} style={{ maxWidth: 420 }}>
      {generalError ? <Alert type="error" showIcon role="alert" title={errorMessage(generalError)} style={{ marginBottom: 16 }} /> : null}
      <Form.Item
        name="currentPassword"
        label={t('auth.password.current')}
        rules={[{ required: true, message: t('auth.password.currentRequired') }]}
      >
        <Input.Password autoComplete="current-password" maxLength={256} />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('auth.password.next')}
        extra={t('auth.password.rule')}
        dependencies={['currentPassword']}
        rules={[
          { required: true, message: t('auth.password.nextRequired') },
          ({ getFieldValue }) => ({
            validator: async (_rule, value: string | undefined) => {
              if (!value) {
                return;
              }
              const problem = passwordProblem(value, username);
              if (problem) {
                throw new Error(t(`auth.password.${problem}`));
              }
              if (value === getFieldValue('currentPassword')) {
                throw new Error(t('auth.password.sameAsCurrent'));
              }
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={256} />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('auth.password.confirm')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('auth.password.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: async (_rule, value: string | undefined) => {
              if (value && value !== getFieldValue('newPassword')) {
                throw new Error(t('auth.password.mismatch'));
              }
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={256} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={change.isPending}>
        {t('auth.password.submit')}
      </Button>
    </Form>
  );
}

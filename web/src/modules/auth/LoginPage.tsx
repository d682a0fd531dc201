import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../../api/client';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { BRAND_RED } from '../../components/theme';
import { useLogin, useMe } from './auth.api';
import { consumeSessionExpired, isSignedOut } from './session';

interface LoginValues {
  username: string;
  password: string;
}

/** Only same-site paths are followed after sign-in. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** 登录: Chinese by default, with a language switch, clear messages for wrong passwords and locked accounts. */
export function LoginPage() {
  const { t, i18n } = useTranslation();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const me = useMe();
  const login = useLogin();
  const [expired] = useState(consumeSessionExpired);
  const [signedOut] = useState(isSignedOut);
  const next = safeNext(params.get('next'));

  if (me.data) {
    return <Navigate to={next} replace />;
  }

  const onFinish = (values: LoginValues) => {
    login.mutate(values, { onSuccess: () => navigate(next, { replace: true }) });
  };

  return (
    <Flex vertical style={{ minHeight: '100vh', background: 'linear-gradient(180deg, #FBF4F4 0%, #F4F5F7 45%)' }}>
      <Flex justify="flex-end" style={{ padding: '16px 24px' }}>
        <LanguageSwitch size="small" />
      </Flex>
      <Flex flex={1} align="center" justify="center" style={{ padding: '0 16px 48px' }}>
        <main style={{ width: '100%', maxWidth: 400 }}>
          <div style={{ textAlign: 'center', marginBottom: 24 }}>
            <Typography.Title
              level={1}
              style={{ color: BRAND_RED, margin: 0, fontSize: 34, letterSpacing: i18n.language === 'en' ? 0 : 4 }}
            >
              {t('common.appName')}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ fontSize: 15 }}>
              {t('common.appTagline')}
            </Typography.Text>
          </div>
          <Card variant="borderless" style={{ boxShadow: '0 6px 24px rgba(0,0,0,0.06)' }}>
            <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0, marginBottom: 4 }}>
              {t('auth.login.title')}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t('auth.login.welcome')}</Typography.Paragraph>
            {expired && !login.error ? (
              <Alert type="info" showIcon title={t('auth.login.sessionExpired')} style={{ marginBottom: 16 }} />
            ) : null}
            {signedOut && !expired && !login.error ? (
              <Alert type="success" showIcon title={t('auth.loggedOut')} style={{ marginBottom: 16 }} />
            ) : null}
            {login.error ? (
              <Alert type="error" showIcon role="alert" title={errorMessage(login.error)} style={{ marginBottom: 16 }} />
            ) : null}
            <Form<LoginValues> layout="vertical" requiredMark={false} onFinish={onFinish} autoComplete="on" size="large">
              <Form.Item
                name="username"
                label={t('auth.login.username')}
                rules={[{ required: true, whitespace: true, message: t('auth.login.usernameRequired') }]}
              >
                <Input
                  prefix={<UserOutlined />}
                  placeholder={t('auth.login.usernamePlaceholder')}
                  autoComplete="username"
                  autoFocus
                  maxLength={64}
                />
              </Form.Item>
              <Form.Item
                name="password"
                label={t('auth.login.password')}
                rules={[{ required: true, message: t('auth.login.passwordRequired') }]}
              >
                <Input.Password
                  prefix={<LockOutlined />}
                  placeholder={t('auth.login.passwordPlaceholder')}
                  autoComplete="current-password"
                  maxLength={256}
                />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={login.isPending}>
                {t('auth.login.submit')}
              </Button>
            </Form>
            <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 13 }}>
              {t('auth.login.forgot')}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ marginTop: 4, marginBottom: 0, fontSize: 13 }}>
              {t('auth.login.demoHint')}
            </Typography.Paragraph>
          </Card>
          <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginTop: 24, fontSize: 12 }}>
            {t('auth.login.footer')}
          </Typography.Paragraph>
        </main>
      </Flex>
    </Flex>
  );
}

import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { BRAND_RED } from '../../components/theme';
import { useCurrentUser, useLogout } from './auth.api';
import { ChangePasswordForm } from './ChangePasswordForm';

/** Shown instead of everything else while the account must change its password (first sign-in, after a reset). */
export function ForcedPasswordChange() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const logout = useLogout();
  return (
    <Flex vertical style={{ minHeight: '100vh', background: 'linear-gradient(180deg, #FBF4F4 0%, #F4F5F7 45%)' }}>
      <Flex justify="space-between" align="center" style={{ padding: '16px 24px' }}>
        <Typography.Text strong style={{ color: BRAND_RED, fontSize: 18 }}>
          {t('common.appName')}
        </Typography.Text>
        <Flex gap={12} align="center">
          <LanguageSwitch size="small" />
          <Button size="small" onClick={() => logout.mutate()} loading={logout.isPending}>
            {t('common.actions.logout')}
          </Button>
        </Flex>
      </Flex>
      <Flex flex={1} justify="center" style={{ padding: '16px 16px 48px' }}>
        <main style={{ width: '100%', maxWidth: 480 }}>
          <Card variant="borderless" style={{ boxShadow: '0 6px 24px rgba(0,0,0,0.06)' }}>
            <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
              {t('auth.password.forcedTitle')}
            </Typography.Title>
            <Alert type="info" showIcon title={t('auth.password.forcedText')} style={{ marginBottom: 16 }} />
            <Typography.Paragraph type="secondary">
              {t('auth.password.signedInAs', { name: me.displayName, username: me.username })}
            </Typography.Paragraph>
            <ChangePasswordForm username={me.username} />
          </Card>
        </main>
      </Flex>
    </Flex>
  );
}

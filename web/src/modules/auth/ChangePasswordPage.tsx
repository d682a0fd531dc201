import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from './auth.api';
import { ChangePasswordForm } from './ChangePasswordForm';

/** 修改密码 inside the layout (user menu → change password). */
export function ChangePasswordPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  return (
    <>
      <PageHeader
        title={t('auth.password.title')}
        subtitle={t('auth.password.signedInAs', { name: me.displayName, username: me.username })}
      />
      <Card>
        <ChangePasswordForm username={me.username} />
      </Card>
    </>
  );
}

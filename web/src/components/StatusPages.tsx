import { FileSearchOutlined, LockOutlined, WarningOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useRouteError } from 'react-router';

/** 404 inside the layout: a wrong link or a feature not yet available. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Result
      icon={<FileSearchOutlined style={{ color: '#8C8C8C' }} />}
      title={t('common.pages.notFoundTitle')}
      subTitle={t('common.pages.notFoundText')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.actions.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** The user's roles do not open this page. */
export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Result
      icon={<LockOutlined style={{ color: '#8C8C8C' }} />}
      title={t('common.pages.forbiddenTitle')}
      subTitle={t('common.pages.forbiddenText')}
      extra={
        <Link to="/">
          <Button type="primary">{t('common.actions.backHome')}</Button>
        </Link>
      }
    />
  );
}

/** A page crashed or its code failed to load (e.g. after a deployment): offer a reload. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  const error = useRouteError();
  console.error(error);
  return (
    <Result
      icon={<WarningOutlined style={{ color: '#D48806' }} />}
      title={t('common.pages.errorTitle')}
      subTitle={t('common.pages.errorText')}
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          {t('common.actions.retry')}
        </Button>
      }
    />
  );
}

import { App as AntApp, ConfigProvider, Flex, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, RouterProvider, useLocation } from 'react-router';
import { errorMessage } from './api/client';
import { ForbiddenPage, NotFoundPage, RouteErrorPage } from './components/StatusPages';
import { useAppTheme } from './components/theme';
import { toLang } from './i18n/languages';
import { AppLayout } from './layouts/AppLayout';
import { useMe } from './modules/auth/auth.api';
import { ChangePasswordPage } from './modules/auth/ChangePasswordPage';
import { ForcedPasswordChange } from './modules/auth/ForcedPasswordChange';
import { LoginPage } from './modules/auth/LoginPage';
import { isSignedOut } from './modules/auth/session';
import { HomePage } from './modules/home/HomePage';
import { canOpen, MODULE_REGISTRY, type ModuleEntry } from './modules/registry';

function FullPageSpin() {
  const { t } = useTranslation();
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" description={t('common.layout.loading')} />
    </Flex>
  );
}

/** Signed in → the layout (or the forced password change); otherwise → the login page, coming back here after. */
function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) {
    return <FullPageSpin />;
  }
  if (me.isError) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh', padding: 24 }}>
        <RouteErrorMessage message={errorMessage(me.error)} />
      </Flex>
    );
  }
  if (!me.data) {
    // After a deliberate sign-out the next person starts at the workbench; after an expiry, they come back here.
    const here = `${location.pathname}${location.search}`;
    return <Navigate to={here === '/' || isSignedOut() ? '/login' : `/login?next=${encodeURIComponent(here)}`} replace />;
  }
  if (me.data.mustChangePassword) {
    return <ForcedPasswordChange />;
  }
  return <AppLayout />;
}

function RouteErrorMessage({ message }: { message: string }) {
  return <div role="alert">{message}</div>;
}

/** A registry page, behind its role check. */
function ModuleRoute({ entry }: { entry: ModuleEntry }) {
  const me = useMe();
  if (!me.data || !canOpen(entry, me.data.roles)) {
    return <ForbiddenPage />;
  }
  const Page = entry.page;
  return <Page />;
}

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <RouteErrorPage /> },
  {
    path: '/',
    element: <RequireAuth />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'account/password', element: <ChangePasswordPage /> },
      ...MODULE_REGISTRY.map((entry) => ({ path: `${entry.path.replace(/^\//, '')}/*`, element: <ModuleRoute entry={entry} /> })),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

/** Theme, antd and dayjs locale following the UI language, and the routes. */
export function App() {
  const { i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const theme = useAppTheme();
  return (
    <ConfigProvider theme={theme} locale={lang === 'zh-CN' ? zhCN : enUS} button={{ autoInsertSpace: false }}>
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

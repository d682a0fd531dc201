import {
  AimOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  BuildOutlined,
  BulbOutlined,
  ClusterOutlined,
  DownOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  MenuOutlined,
  SettingOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Breadcrumb, Button, Drawer, Dropdown, Flex, Grid, Layout, Menu, type MenuProps, Spin, Typography } from 'antd';
import { type ReactNode, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { BRAND_RED } from '../components/theme';
import { toLang } from '../i18n/languages';
import { useCurrentUser, useLogout } from '../modules/auth/auth.api';
import { NotificationBell } from '../modules/notifications/NotificationBell';
import { entriesFor, MENU_GROUPS, type MenuGroup, type ModuleEntry } from '../modules/registry';

const GROUP_ICONS: Record<MenuGroup, ReactNode> = {
  spirit: <BulbOutlined />,
  mission: <AimOutlined />,
  organisation: <ApartmentOutlined />,
  governance: <ClusterOutlined />,
  foundation: <BuildOutlined />,
  evaluation: <BarChartOutlined />,
  system: <SettingOutlined />,
};

const COLLAPSED_KEY = 'guantong.menuCollapsed';
const HEADER_HEIGHT = 56;

/** The registry entry the path belongs to (its own page or a sub-route of it; the longest path wins, e.g. /tasks/org over /tasks). */
export function entryForPath(entries: ModuleEntry[], pathname: string): ModuleEntry | undefined {
  return entries
    .filter((e) => pathname === e.path || pathname.startsWith(`${e.path}/`))
    .reduce<ModuleEntry | undefined>((best, e) => (best && best.path.length >= e.path.length ? best : e), undefined);
}

function readCollapsed(): boolean {
  try {
    return window.localStorage.getItem(COLLAPSED_KEY) === '1';
  } catch {
    return false;
  }
}

/**
 * The signed-in frame: header (enterprise name, user, language, user menu), the side menu grouped by the six
 * elements plus 系统管理 (a drawer at phone width), the breadcrumb and the page.
 */
export function AppLayout() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const me = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const [collapsed, setCollapsed] = useState(readCollapsed);
  const [drawerOpen, setDrawerOpen] = useState(false);

  const entries = useMemo(() => entriesFor(me.roles), [me.roles]);
  const current = entryForPath(entries, location.pathname);
  const isHome = location.pathname === '/';
  const isPassword = location.pathname === '/account/password';

  useEffect(() => {
    const page = isHome ? t('common.layout.home') : current ? t(current.labelKey) : isPassword ? t('common.actions.changePassword') : null;
    document.title = page ? `${page} · ${t('common.appName')}` : t('common.appFullName');
  }, [isHome, isPassword, current, t]);

  // Close the drawer after navigating on a phone.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every path change by design
  useEffect(() => {
    setDrawerOpen(false);
  }, [location.pathname]);

  const menuItems: MenuProps['items'] = [
    { key: '/', icon: <HomeOutlined />, label: <Link to="/">{t('common.layout.home')}</Link> },
    ...MENU_GROUPS.flatMap((group) => {
      const inGroup = entries.filter((e) => e.element === group);
      if (inGroup.length === 0) {
        return [];
      }
      return [
        {
          key: `group:${group}`,
          icon: GROUP_ICONS[group],
          label: t(`common.elements.${group}`),
          children: inGroup.map((e) => ({ key: e.path, icon: e.icon, label: <Link to={e.path}>{t(e.labelKey)}</Link> })),
        },
      ];
    }),
  ];
  const selectedKey = current?.path ?? (isHome ? '/' : '');
  const defaultOpen = MENU_GROUPS.filter((g) => entries.some((e) => e.element === g)).map((g) => `group:${g}`);

  const menu = (
    <nav aria-label={t('common.layout.mainMenu')}>
      <Menu
        mode="inline"
        items={menuItems}
        selectedKeys={[selectedKey]}
        defaultOpenKeys={defaultOpen}
        inlineCollapsed={isMobile ? false : collapsed}
        style={{ borderInlineEnd: 'none' }}
      />
    </nav>
  );

  const toggleCollapsed = (next: boolean) => {
    setCollapsed(next);
    try {
      window.localStorage.setItem(COLLAPSED_KEY, next ? '1' : '0');
    } catch {
      // Not remembered: fine.
    }
  };

  // Signing out clears the user; the route guard then shows the login page.
  const onLogout = () => logout.mutate();

  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <KeyOutlined />, label: t('common.actions.changePassword') },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: t('common.actions.logout') },
    ],
    onClick: ({ key }) => {
      if (key === 'password') {
        navigate('/account/password');
      } else if (key === 'logout') {
        onLogout();
      }
    },
  };

  const crumbs = [
    { key: 'home', title: isHome ? t('common.layout.home') : <Link to="/">{t('common.layout.home')}</Link> },
    ...(current
      ? [
          { key: 'group', title: t(`common.elements.${current.element}`) },
          { key: 'page', title: t(current.labelKey) },
        ]
      : []),
    ...(isPassword ? [{ key: 'password', title: t('common.actions.changePassword') }] : []),
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a href="#main-content" className="gt-skip-link">
        {t('common.layout.skipToContent')}
      </a>
      <Layout.Header
        style={{
          position: 'sticky',
          top: 0,
          zIndex: 100,
          height: HEADER_HEIGHT,
          lineHeight: `${HEADER_HEIGHT}px`,
          borderBottom: '1px solid #EBEDF0',
          borderTop: `3px solid ${BRAND_RED}`,
          display: 'flex',
          alignItems: 'center',
          gap: 12,
        }}
      >
        {isMobile ? (
          <Button type="text" icon={<MenuOutlined />} aria-label={t('common.layout.openMenu')} onClick={() => setDrawerOpen(true)} />
        ) : null}
        <Link to="/" style={{ display: 'flex', alignItems: 'center', gap: 12, minWidth: 0, flex: '1 1 auto', color: 'inherit' }}>
          <span style={{ color: BRAND_RED, fontWeight: 700, fontSize: 20, letterSpacing: lang === 'zh-CN' ? 2 : 0, flex: 'none' }}>
            {t('common.appName')}
          </span>
          {me.enterpriseName ? (
            <>
              <span aria-hidden style={{ width: 1, height: 18, background: '#D9D9D9', flex: 'none' }} />
              <Typography.Text ellipsis style={{ fontSize: 15, color: '#262626', minWidth: 0 }} title={me.enterpriseName}>
                {me.enterpriseName}
              </Typography.Text>
            </>
          ) : null}
        </Link>
        <Flex align="center" gap={12} style={{ flex: 'none' }}>
          {isMobile ? null : <LanguageSwitch size="small" />}
          <NotificationBell />
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <Button type="text" aria-label={t('common.layout.userMenu')} style={{ paddingInline: 8 }}>
              <UserOutlined />
              {isMobile ? null : <span style={{ maxWidth: 180, overflow: 'hidden', textOverflow: 'ellipsis' }}>{me.displayName}</span>}
              <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        </Flex>
      </Layout.Header>
      <Layout>
        {isMobile ? (
          <Drawer
            placement="left"
            open={drawerOpen}
            onClose={() => setDrawerOpen(false)}
            size={280}
            title={t('common.appName')}
            styles={{ body: { padding: 0 } }}
            extra={<LanguageSwitch size="small" />}
          >
            {menu}
          </Drawer>
        ) : (
          <Layout.Sider
            theme="light"
            // English labels are longer; the menu stays readable without truncation at 1366 px.
            width={lang === 'en' ? 264 : 224}
            collapsedWidth={64}
            collapsible
            collapsed={collapsed}
            onCollapse={toggleCollapsed}
            style={{
              position: 'sticky',
              top: HEADER_HEIGHT,
              height: `calc(100vh - ${HEADER_HEIGHT}px)`,
              overflow: 'auto',
              borderInlineEnd: '1px solid #EBEDF0',
            }}
          >
            {menu}
          </Layout.Sider>
        )}
        <Layout.Content id="main-content" tabIndex={-1} style={{ padding: isMobile ? 12 : '16px 24px 32px', minWidth: 0, outline: 'none' }}>
          <Breadcrumb items={crumbs} style={{ marginBottom: 12 }} />
          <Suspense
            fallback={
              <Flex justify="center" style={{ padding: 48 }}>
                <Spin description={t('common.layout.loading')} />
              </Flex>
            }
          >
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

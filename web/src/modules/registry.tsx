import {
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  BellOutlined,
  BulbOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  ContactsOutlined,
  DashboardOutlined,
  HeatMapOutlined,
  IdcardOutlined,
  PartitionOutlined,
  ReadOutlined,
  ScheduleOutlined,
  SendOutlined,
  SolutionOutlined,
  TableOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { Role } from '@guantong/shared';
import type { ParseKeys } from 'i18next';
import { type ComponentType, type LazyExoticComponent, lazy, type ReactNode } from 'react';

/** The six elements of the framework (要素) and 系统管理, in menu order. */
export const MENU_GROUPS = ['spirit', 'mission', 'organisation', 'governance', 'foundation', 'evaluation', 'system'] as const;
export type MenuGroup = (typeof MENU_GROUPS)[number];

export interface ModuleEntry {
  /** Unique, stable; also the menu key. */
  key: string;
  /** Which of the six elements (or 系统管理) the entry sits under. */
  element: MenuGroup;
  /** Route path, absolute (e.g. /system/users); sub-routes of the page live under `${path}/*`. */
  path: string;
  /** i18n key of the menu label and the breadcrumb. */
  labelKey: ParseKeys;
  icon: ReactNode;
  /** Roles (at any organisation) that see the entry; everyone signed in when absent. */
  roles?: readonly Role[];
  page: LazyExoticComponent<ComponentType>;
}

/**
 * Every built page of the product. A module adds one entry here; the layout derives the menu, the routes and
 * the breadcrumb from it, and hides an element whose entries the user may not see (no placeholder pages).
 */
export const MODULE_REGISTRY: readonly ModuleEntry[] = [
  {
    key: 'orgs',
    element: 'organisation',
    path: '/orgs',
    labelKey: 'orgs.menu',
    icon: <ApartmentOutlined />,
    page: lazy(() => import('./orgs/OrgsPage').then((m) => ({ default: m.OrgsModule }))),
  },
  {
    key: 'people',
    element: 'organisation',
    path: '/people',
    labelKey: 'people.menu',
    icon: <IdcardOutlined />,
    roles: ['sysadmin', 'org_admin', 'secretary', 'discipline', 'leader'],
    page: lazy(() => import('./people/PeoplePage').then((m) => ({ default: m.PeopleModule }))),
  },
  {
    key: 'org-checks',
    element: 'organisation',
    path: '/org-checks',
    labelKey: 'orgs.checksMenu',
    icon: <AlertOutlined />,
    page: lazy(() => import('./orgs/OrgChecksPage').then((m) => ({ default: m.OrgChecksPage }))),
  },
  {
    key: 'org-terms',
    element: 'organisation',
    path: '/org-terms',
    labelKey: 'orgs.termsMenu',
    icon: <CalendarOutlined />,
    page: lazy(() => import('./orgs/OrgTermsPage').then((m) => ({ default: m.OrgTermsPage }))),
  },
  {
    key: 'tasks-mine',
    element: 'organisation',
    path: '/tasks',
    labelKey: 'tasks.menu.mine',
    icon: <CarryOutOutlined />,
    page: lazy(() => import('./tasks/TaskPages').then((m) => ({ default: m.MyTasksPage }))),
  },
  {
    key: 'tasks-org',
    element: 'organisation',
    path: '/tasks/org',
    labelKey: 'tasks.menu.org',
    icon: <ScheduleOutlined />,
    roles: ['sysadmin', 'org_admin', 'secretary', 'discipline', 'leader'],
    page: lazy(() => import('./tasks/TaskPages').then((m) => ({ default: m.OrgTasksPage }))),
  },
  {
    key: 'tasks-issued',
    element: 'organisation',
    path: '/tasks/issued',
    labelKey: 'tasks.menu.issued',
    icon: <SendOutlined />,
    roles: ['org_admin', 'secretary'],
    page: lazy(() => import('./tasks/TaskPages').then((m) => ({ default: m.IssuedTasksPage }))),
  },
  {
    key: 'tasks-board',
    element: 'organisation',
    path: '/tasks/board',
    labelKey: 'tasks.menu.board',
    icon: <DashboardOutlined />,
    roles: ['org_admin', 'secretary', 'discipline', 'leader'],
    page: lazy(() => import('./tasks/TaskPages').then((m) => ({ default: m.SupervisionBoardPage }))),
  },
  {
    key: 'notifications',
    element: 'organisation',
    path: '/notifications',
    labelKey: 'notifications.menu',
    icon: <BellOutlined />,
    page: lazy(() => import('./notifications/NotificationsPage').then((m) => ({ default: m.NotificationsPage }))),
  },
  {
    key: 'learning',
    element: 'spirit',
    path: '/learning',
    labelKey: 'meetings.learning.menu',
    icon: <ReadOutlined />,
    page: lazy(() => import('./meetings/learning/LearningPage').then((m) => ({ default: m.LearningPage }))),
  },
  {
    key: 'meetings',
    element: 'organisation',
    path: '/meetings',
    labelKey: 'meetings.menu',
    icon: <ContactsOutlined />,
    page: lazy(() => import('./meetings/MeetingsPage').then((m) => ({ default: m.MeetingsModule }))),
  },
  {
    key: 'compliance',
    element: 'foundation',
    path: '/compliance',
    labelKey: 'meetings.compliance.menu',
    icon: <TableOutlined />,
    page: lazy(() => import('./meetings/compliance/CompliancePage').then((m) => ({ default: m.ComplianceModule }))),
  },
  {
    key: 'campaigns',
    element: 'mission',
    path: '/mission/campaigns',
    labelKey: 'campaigns.menu',
    icon: <BulbOutlined />,
    page: lazy(() => import('./campaigns/CampaignsPage').then((m) => ({ default: m.CampaignsPage }))),
  },
  {
    key: 'decisions',
    element: 'governance',
    path: '/governance/decisions',
    labelKey: 'decisions.menu',
    icon: <SolutionOutlined />,
    roles: ['sysadmin', 'org_admin', 'leader', 'discipline', 'secretary'],
    page: lazy(() => import('./decisions/DecisionsPage').then((m) => ({ default: m.DecisionsPage }))),
  },
  {
    key: 'users',
    element: 'system',
    path: '/system/users',
    labelKey: 'users.menu',
    icon: <TeamOutlined />,
    roles: ['sysadmin'],
    page: lazy(() => import('./users/UsersPage').then((m) => ({ default: m.UsersPage }))),
  },
  {
    key: 'audit',
    element: 'system',
    path: '/system/audit',
    labelKey: 'audit.menu',
    icon: <AuditOutlined />,
    roles: ['sysadmin', 'discipline'],
    page: lazy(() => import('./audit/AuditPage').then((m) => ({ default: m.AuditPage }))),
  },
  {
    key: 'framework',
    element: 'foundation',
    path: '/framework',
    labelKey: 'framework.menu',
    icon: <PartitionOutlined />,
    page: lazy(() => import('./framework/FrameworkPage').then((m) => ({ default: m.FrameworkPage }))),
  },
  {
    key: 'coverage',
    element: 'foundation',
    path: '/coverage',
    labelKey: 'tasks.menu.coverage',
    icon: <HeatMapOutlined />,
    roles: ['sysadmin', 'org_admin', 'secretary', 'discipline', 'leader'],
    page: lazy(() => import('./tasks/CoveragePage').then((m) => ({ default: m.CoveragePage }))),
  },
  {
    key: 'evaluation',
    element: 'evaluation',
    path: '/evaluation',
    labelKey: 'evaluation.menu',
    icon: <BarChartOutlined />,
    page: lazy(() => import('./evaluation/EvaluationPage').then((m) => ({ default: m.EvaluationPage }))),
  },
  {
    key: 'framework-admin',
    element: 'system',
    path: '/system/framework',
    labelKey: 'framework.menuAdmin',
    icon: <PartitionOutlined />,
    roles: ['sysadmin', 'org_admin'],
    page: lazy(() => import('./framework/FrameworkPage').then((m) => ({ default: m.FrameworkAdminPage }))),
  },
];

/** True when a user holding these roles may open the entry. */
export function canOpen(entry: ModuleEntry, roles: readonly Role[]): boolean {
  return !entry.roles || entry.roles.some((r) => roles.includes(r));
}

/** The entries a user may open, in registry order. */
export function entriesFor(roles: readonly Role[]): ModuleEntry[] {
  return MODULE_REGISTRY.filter((e) => canOpen(e, roles));
}

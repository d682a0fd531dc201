import { AuditOutlined, PartitionOutlined, TeamOutlined } from '@ant-design/icons';
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

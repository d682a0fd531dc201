import { defineMessages } from '../../i18n/define';

export const homeI18n = defineMessages(
  'home',
  {
    title: '工作台',
    greeting: '{{name}}，您好',
    today: '今天是 {{date}}',
    grantsTitle: '我的角色与组织',
    grantsHint: '角色授予在某个组织，覆盖该组织及其全部下级组织。',
    noGrants: '您的账号尚未被授予任何角色，因此暂时看不到业务功能。请联系系统管理员在「系统管理 → 用户与授权」中为您授权。',
    columns: { role: '角色', org: '组织', kind: '组织类型', scope: '可见范围' },
    scopeSubtree: '本组织及全部下级',
    shortcutsTitle: '常用功能',
    noShortcuts: '当前角色暂无可用的业务功能。各业务模块上线后将显示在这里。',
    accountTitle: '账号',
    username: '用户名',
    enterprise: '所属单位',
  },
  {
    title: 'Workbench',
    greeting: 'Hello, {{name}}',
    today: 'Today is {{date}}',
    grantsTitle: 'My roles and organisations',
    grantsHint: 'A role is granted at an organisation and covers it and every organisation below it.',
    noGrants:
      'Your account holds no role yet, so no work areas are available. Ask the system administrator to grant you one under System administration → Users and grants.',
    columns: { role: 'Role', org: 'Organisation', kind: 'Kind', scope: 'Scope' },
    scopeSubtree: 'This organisation and everything below it',
    shortcutsTitle: 'Shortcuts',
    noShortcuts: 'No work areas are available to your roles yet. They will appear here as modules are introduced.',
    accountTitle: 'Account',
    username: 'Username',
    enterprise: 'Enterprise',
  },
);

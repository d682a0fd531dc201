import {
  BranchesOutlined,
  CalendarOutlined,
  DeleteOutlined,
  DownOutlined,
  EditOutlined,
  MergeCellsOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import type { OrgDetail, Role } from '@guantong/shared';
import { Alert, Badge, Breadcrumb, Button, Card, Dropdown, Flex, type MenuProps, Result, Skeleton, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/client';
import { useCurrentUser } from '../auth/auth.api';
import { OrgCoverageTab } from '../tasks/OrgCoverageTab';
import { DissolveOrgModal } from './DissolveOrgModal';
import { MergeOrgModal } from './MergeOrgModal';
import { MoveOrgModal } from './MoveOrgModal';
import { OrgKindIcon, OrgKindTag, OrgStatusTag } from './OrgBits';
import { OrgChecksList } from './OrgChecksList';
import { OrgFormModal } from './OrgFormModal';
import { OrgHistoryTab } from './OrgHistoryTab';
import { OrgMembersTab } from './OrgMembersTab';
import { OrgOverviewTab } from './OrgOverviewTab';
import { OrgPostsTab } from './OrgPostsTab';
import { indexOrgTree, useMayWriteOrg, useOrgDetail, useOrgTree } from './orgs.api';
import { TermModal } from './TermModal';

export const ORG_TABS = ['overview', 'posts', 'members', 'checks', 'coverage', 'history'] as const;
export type OrgTab = (typeof ORG_TABS)[number];

/** Roles that may read the roster (the server's PEOPLE_READ_ROLES). */
const ROSTER_ROLES: readonly Role[] = ['sysadmin', 'org_admin', 'secretary', 'discipline', 'leader'];

type Dialog = 'create' | 'edit' | 'move' | 'merge' | 'dissolve' | 'term';

export interface OrgDetailPanelProps {
  orgId: number;
  tab: OrgTab;
  onTab: (tab: OrgTab) => void;
  onSelect: (id: number, tab?: OrgTab) => void;
}

/** The right-hand side of the 组织架构 page: one organisation with its actions and tabs. */
export function OrgDetailPanel({ orgId, tab, onTab, onSelect }: OrgDetailPanelProps) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const detail = useOrgDetail(orgId);
  const mayWriteOrg = useMayWriteOrg();
  const tree = useOrgTree({ includeInactive: true });
  const index = useMemo(() => indexOrgTree(tree.data), [tree.data]);
  const visible = (id: number) => index.has(id);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  if (detail.isLoading) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  }
  if (detail.isError || !detail.data) {
    return (
      <Card>
        <Result
          status="warning"
          title={t('orgs.detail.loadFailed', { message: errorMessage(detail.error) })}
          extra={<Button onClick={() => void detail.refetch()}>{t('common.actions.retry')}</Button>}
        />
      </Card>
    );
  }
  const d: OrgDetail = detail.data;
  const active = d.status === 'active';
  const canWrite =
    active &&
    mayWriteOrg(
      d.id,
      d.ancestors.map((a) => a.id),
    );
  const mayReadRoster = me.roles.some((r) => ROSTER_ROLES.includes(r));
  const isTop = d.parentId === null;

  const more: MenuProps['items'] = [
    ...(!isTop ? [{ key: 'move', icon: <BranchesOutlined />, label: t('orgs.actions.move') }] : []),
    ...(d.kind === 'branch' ? [{ key: 'merge', icon: <MergeCellsOutlined />, label: t('orgs.actions.merge') }] : []),
    ...(!isTop
      ? [{ type: 'divider' as const }, { key: 'dissolve', icon: <DeleteOutlined />, danger: true, label: t('orgs.actions.dissolve') }]
      : []),
  ];

  const actions = canWrite ? (
    <Flex gap={8} wrap>
      {d.kind !== 'group' ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog('create')}>
          {t('orgs.actions.createChild')}
        </Button>
      ) : null}
      <Button icon={<EditOutlined />} onClick={() => setDialog('edit')}>
        {t('orgs.actions.edit')}
      </Button>
      {d.kind !== 'group' ? (
        <Button icon={<CalendarOutlined />} onClick={() => setDialog('term')}>
          {t('orgs.actions.term')}
        </Button>
      ) : null}
      {more.length > 0 ? (
        <Dropdown menu={{ items: more, onClick: ({ key }) => setDialog(key as Dialog) }} trigger={['click']}>
          <Button>
            {t('orgs.actions.more')} <DownOutlined />
          </Button>
        </Dropdown>
      ) : null}
    </Flex>
  ) : null;

  const errors = d.checks.filter((c) => c.severity !== 'info').length;
  const tabItems = [
    { key: 'overview', label: t('orgs.detail.tabs.overview'), children: <OrgOverviewTab org={d} visible={visible} onSelect={onSelect} /> },
    {
      key: 'posts',
      label: t('orgs.detail.tabs.posts'),
      children: <OrgPostsTab org={d} canWrite={canWrite} />,
    },
    ...(mayReadRoster ? [{ key: 'members', label: t('orgs.detail.tabs.members'), children: <OrgMembersTab org={d} /> }] : []),
    {
      key: 'checks',
      label: (
        <Flex gap={6} align="center">
          {t('orgs.detail.tabs.checks')}
          {errors > 0 ? <Badge count={errors} size="small" color="#D48806" /> : null}
        </Flex>
      ),
      children: <OrgChecksList checks={d.checks} />,
    },
    { key: 'coverage', label: t('orgs.detail.tabs.coverage'), children: tab === 'coverage' ? <OrgCoverageTab orgId={d.id} /> : null },
    { key: 'history', label: t('orgs.detail.tabs.history'), children: <OrgHistoryTab org={d} onSelect={onSelect} /> },
  ];
  const activeTab = tabItems.some((i) => i.key === tab) ? tab : 'overview';

  return (
    <Card>
      {d.ancestors.length > 0 ? (
        <Breadcrumb
          style={{ marginBottom: 8 }}
          items={d.ancestors.map((a) => ({
            key: a.id,
            title: visible(a.id) ? (
              <Typography.Link onClick={() => onSelect(a.id)} style={{ fontSize: 13 }}>
                {a.name}
              </Typography.Link>
            ) : (
              <span style={{ fontSize: 13 }}>{a.name}</span>
            ),
          }))}
        />
      ) : null}
      <Flex justify="space-between" align="flex-start" gap={12} wrap style={{ marginBottom: 8 }}>
        <div style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            <Flex gap={8} align="center" wrap component="span">
              <OrgKindIcon kind={d.kind} />
              <span>{d.name}</span>
            </Flex>
          </Typography.Title>
          <Flex gap={4} wrap style={{ marginTop: 6 }}>
            <OrgKindTag kind={d.kind} />
            <Tag>{d.code}</Tag>
            <OrgStatusTag status={d.status} />
            {d.businessUnit ? <Tag variant="filled">{d.businessUnit}</Tag> : null}
          </Flex>
        </div>
        {actions}
      </Flex>
      {!active ? (
        <Alert type="warning" showIcon title={t(`orgs.detail.inactive.${d.status === 'merged' ? 'merged' : 'dissolved'}`)} />
      ) : null}
      <Tabs activeKey={activeTab} onChange={(key) => onTab(key as OrgTab)} items={tabItems} />
      {dialog === 'create' ? <OrgFormModal mode="create" parent={d} onClose={() => setDialog(null)} onDone={(id) => onSelect(id)} /> : null}
      {dialog === 'edit' ? <OrgFormModal mode="edit" org={d} onClose={() => setDialog(null)} onDone={() => setDialog(null)} /> : null}
      {dialog === 'move' ? <MoveOrgModal org={d} onClose={() => setDialog(null)} /> : null}
      {dialog === 'merge' ? <MergeOrgModal org={d} onClose={() => setDialog(null)} onDone={(id) => onSelect(id)} /> : null}
      {dialog === 'dissolve' ? <DissolveOrgModal org={d} onClose={() => setDialog(null)} /> : null}
      {dialog === 'term' ? <TermModal org={{ id: d.id, name: d.name, term: d.term }} onClose={() => setDialog(null)} /> : null}
    </Card>
  );
}

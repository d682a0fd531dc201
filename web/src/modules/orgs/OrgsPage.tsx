import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { OrgNode } from '@guantong/shared';
import {
  Alert,
  App,
  Badge,
  Button,
  Card,
  Checkbox,
  Col,
  Empty,
  Flex,
  Input,
  Row,
  Skeleton,
  Tooltip,
  Tree,
  type TreeDataNode,
  Typography,
} from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useNavigate } from 'react-router';
import { errorMessage } from '../../api/client';
import { downloadFile } from '../../api/files';
import { PageHeader } from '../../components/PageHeader';
import { useUrlState } from '../../components/useUrlState';
import { formatNumber } from '../../i18n/format';
import { toLang } from '../../i18n/languages';
import { ImportWizard } from './ImportWizard';
import { OrgKindIcon, OrgStatusTag } from './OrgBits';
import { ORG_TABS, OrgDetailPanel, type OrgTab } from './OrgDetailPanel';
import { indexOrgTree, useMayWriteSomewhere, useOrgTreeWithCounts } from './orgs.api';
import { ancestorIdsOf, filterOrgs, flattenOrgs, orgMatches } from './orgs.tree';

export const ORGS_PATH = '/orgs';

interface ViewState {
  org: number | null;
  tab: OrgTab;
  issues: boolean;
  inactive: boolean;
}

function parseView(params: URLSearchParams): ViewState {
  const raw = params.get('org');
  const org = raw && /^\d{1,9}$/.test(raw) && Number(raw) > 0 ? Number(raw) : null;
  const tab = params.get('tab');
  return {
    org,
    tab: (ORG_TABS as readonly string[]).includes(tab ?? '') ? (tab as OrgTab) : 'overview',
    issues: params.get('issues') === '1',
    inactive: params.get('inactive') === '1',
  };
}

/** 组织保障 → 组织架构: the tree page, and the organisation import under /orgs/import. */
export function OrgsModule() {
  const { t } = useTranslation();
  return (
    <Routes>
      <Route index element={<OrgStructurePage />} />
      <Route path="import" element={<ImportWizard base="/api/orgs" title={t('orgs.import.orgsTitle')} backTo={ORGS_PATH} />} />
    </Routes>
  );
}

function OrgTreeTitle({ n }: { n: OrgNode }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const members = n.counts?.members ?? 0;
  const issues = n.checkCount ?? 0;
  return (
    <span
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: 6,
        maxWidth: '100%',
        ...(n.status !== 'active' ? { color: 'rgba(0,0,0,0.45)' } : {}),
      }}
    >
      <OrgKindIcon kind={n.kind} />
      <span title={`${n.code} ${n.name}`} style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 }}>
        {n.shortName && n.kind !== 'committee' ? n.shortName : n.name}
      </span>
      <OrgStatusTag status={n.status} />
      {n.counts ? (
        <Tooltip title={t('orgs.tree.membersTitle', { members, full: n.counts.full, probationary: n.counts.probationary })}>
          <Typography.Text type="secondary" style={{ fontSize: 12, flex: 'none' }}>
            {t('orgs.tree.members', { n: formatNumber(members, lang) })}
          </Typography.Text>
        </Tooltip>
      ) : null}
      {issues > 0 ? (
        <Tooltip title={t('orgs.tree.badge', { count: issues })}>
          <Badge count={issues} size="small" color="#D48806" aria-label={t('orgs.tree.badge', { count: issues })} />
        </Tooltip>
      ) : null}
    </span>
  );
}

function toTreeData(nodes: OrgNode[]): TreeDataNode[] {
  return nodes.map((n) => ({ key: n.id, title: <OrgTreeTitle n={n} />, children: toTreeData(n.children) }));
}

function OrgStructurePage() {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [view, setView] = useUrlState(parseView);
  const tree = useOrgTreeWithCounts(view.inactive);
  const mayWrite = useMayWriteSomewhere();
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<number[] | null>(null);
  const [exporting, setExporting] = useState(false);

  const roots = tree.data ?? [];
  const index = useMemo(() => indexOrgTree(roots), [roots]);
  const all = useMemo(() => flattenOrgs(roots), [roots]);
  const filtered = useMemo(() => {
    let list = roots;
    if (view.issues) {
      list = filterOrgs(list, (n) => (n.checkCount ?? 0) > 0);
    }
    if (search.trim()) {
      list = filterOrgs(list, (n) => orgMatches(n, search));
    }
    return list;
  }, [roots, view.issues, search]);
  const treeData = useMemo(() => toTreeData(filtered), [filtered]);

  // Open the selected organisation's ancestors (a shared link, a click in the detail panel).
  useEffect(() => {
    if (view.org === null || index.size === 0) {
      return;
    }
    const path = ancestorIdsOf(index, view.org);
    setExpanded((prev) => {
      const base = prev ?? roots.map((r) => r.id);
      const missing = path.filter((id) => !base.includes(id));
      return missing.length === 0 && prev !== null ? prev : [...base, ...missing];
    });
  }, [view.org, index, roots]);

  const searching = search.trim() !== '' || view.issues;
  const expandedKeys = searching ? flattenOrgs(filtered).map((n) => n.id) : (expanded ?? roots.map((r) => r.id));

  const summary = useMemo(() => {
    const members = roots.reduce((sum, r) => sum + (r.counts?.members ?? 0), 0);
    return {
      orgs: formatNumber(all.filter((n) => n.status === 'active').length, lang),
      members: formatNumber(members, lang),
      issues: formatNumber(all.filter((n) => (n.checkCount ?? 0) > 0).length, lang),
    };
  }, [roots, all, lang]);

  const doExport = () => {
    setExporting(true);
    downloadFile('/api/orgs/export.xlsx', { status: view.inactive ? undefined : 'active' }, '党组织.xlsx')
      .then((name) => void message.success(t('orgs.exported', { name })))
      .catch((error: unknown) => void message.error(errorMessage(error)))
      .finally(() => setExporting(false));
  };

  const header = (
    <PageHeader
      title={t('orgs.title')}
      subtitle={t('orgs.subtitle')}
      extra={
        <>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={doExport}>
            {t('orgs.actions.export')}
          </Button>
          {mayWrite ? (
            <Button icon={<UploadOutlined />} onClick={() => navigate(`${ORGS_PATH}/import`)}>
              {t('orgs.actions.import')}
            </Button>
          ) : null}
        </>
      }
    />
  );

  return (
    <>
      {header}
      {tree.error ? <Alert type="error" showIcon title={errorMessage(tree.error)} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9} xxl={7}>
          <Card
            title={
              <Flex vertical>
                <span>{t('orgs.menu')}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                  {t('orgs.tree.summary', summary)}
                </Typography.Text>
              </Flex>
            }
            styles={{ body: { paddingTop: 12 } }}
          >
            <Input.Search
              allowClear
              placeholder={t('orgs.tree.search')}
              aria-label={t('orgs.tree.search')}
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              style={{ marginBottom: 8 }}
            />
            <Flex gap={12} wrap style={{ marginBottom: 8 }}>
              <Checkbox checked={view.issues} onChange={(e) => setView({ issues: e.target.checked ? '1' : null }, { replace: true })}>
                {t('orgs.tree.onlyIssues')}
              </Checkbox>
              <Checkbox checked={view.inactive} onChange={(e) => setView({ inactive: e.target.checked ? '1' : null }, { replace: true })}>
                {t('orgs.tree.includeInactive')}
              </Checkbox>
            </Flex>
            {tree.isLoading ? (
              <Skeleton active paragraph={{ rows: 12 }} />
            ) : treeData.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={searching ? t('orgs.tree.noMatch') : t('orgs.tree.empty')} />
            ) : (
              <Tree
                blockNode
                showLine
                height={Math.max(320, window.innerHeight - 330)}
                treeData={treeData}
                expandedKeys={expandedKeys}
                onExpand={(keys) => {
                  if (!searching) {
                    setExpanded(keys.map(Number));
                  }
                }}
                selectedKeys={view.org !== null ? [view.org] : []}
                onSelect={(keys) => {
                  const key = keys[0];
                  if (key !== undefined) {
                    setView({ org: Number(key) });
                  }
                }}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15} xxl={17}>
          {view.org !== null ? (
            <OrgDetailPanel
              orgId={view.org}
              tab={view.tab}
              onTab={(tab) => setView({ tab: tab === 'overview' ? null : tab }, { replace: true })}
              onSelect={(id, tab) => setView({ org: id, tab: tab && tab !== 'overview' ? tab : null })}
            />
          ) : (
            <Card>
              <Empty description={t('orgs.tree.selectHint')} />
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}

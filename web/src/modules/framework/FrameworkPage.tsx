import { CopyOutlined, DownOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import type { FrameworkNode, FrameworkNodeFields, FrameworkVersionStatus } from '@guantong/shared';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Dropdown,
  Empty,
  Flex,
  Input,
  type MenuProps,
  Result,
  Row,
  Select,
  Skeleton,
  Switch,
  Tag,
  Tree,
  type TreeDataNode,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { ApiError, errorMessage } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { useUrlState } from '../../components/useUrlState';
import { toLang } from '../../i18n/languages';
import { CopyYearModal } from './CopyYearModal';
import { FrameworkNodePanel } from './FrameworkNodePanel';
import { useCreateFrameworkVersion, useFrameworkTree, useFrameworkVersions, useSetFrameworkVersionStatus } from './framework.api';
import { countKinds, filterNodes, flattenNodes } from './framework.tree';
import { MoveNodeModal } from './MoveNodeModal';
import { NodeFormModal, type NodeFormTarget } from './NodeFormModal';
import { RetireNodeModal } from './RetireNodeModal';

export const FRAMEWORK_PATH = '/framework';
export const FRAMEWORK_ADMIN_PATH = '/system/framework';

interface ViewState {
  year: number | null;
  node: number | null;
  retired: boolean;
}

function positiveInt(value: string | null): number | null {
  if (!value || !/^\d{1,9}$/.test(value)) {
    return null;
  }
  const n = Number(value);
  return n > 0 ? n : null;
}

function parseView(params: URLSearchParams): ViewState {
  const year = positiveInt(params.get('year'));
  return {
    year: year !== null && year >= 2000 && year <= 2100 ? year : null,
    node: positiveInt(params.get('node')),
    retired: params.get('retired') === '1',
  };
}

/** 党建工作体系 for everyone: the year's tree and each node's wording, years, history and linked work (read-only). */
export function FrameworkPage() {
  return <FrameworkView mode="read" />;
}

/** 系统管理 → 体系维护: the same page with the editing tools (top committee's org_admin or sysadmin). */
export function FrameworkAdminPage() {
  return <FrameworkView mode="admin" />;
}

function FrameworkView({ mode }: { mode: 'read' | 'admin' }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [view, setView] = useUrlState(parseView);
  const versions = useFrameworkVersions();
  const tree = useFrameworkTree(view.year ?? 'current', view.retired);
  const createVersion = useCreateFrameworkVersion();
  const setStatus = useSetFrameworkVersionStatus();
  // The search and the expanded nodes belong to one year's tree: another year (e.g. the one just copied) starts
  // unfiltered, with its elements open.
  const [searchOf, setSearchOf] = useState<{ year: number | null; text: string }>({ year: null, text: '' });
  const [expandedOf, setExpandedOf] = useState<{ year: number | null; keys: number[] } | null>(null);
  const [formTarget, setFormTarget] = useState<NodeFormTarget | null>(null);
  const [moving, setMoving] = useState<FrameworkNodeFields | null>(null);
  const [retiring, setRetiring] = useState<FrameworkNodeFields | null>(null);
  const [copyYear, setCopyYear] = useState<number | null>(null);

  const data = tree.data;
  const canEdit = data?.canEdit ?? versions.data?.canEdit ?? false;
  const year = data?.year ?? null;
  const status = data?.version.status ?? null;
  const editable = mode === 'admin' && canEdit && status !== null && status !== 'archived';
  const nodes = data?.nodes ?? [];
  const search = searchOf.year === year ? searchOf.text : '';
  const filtered = useMemo(() => filterNodes(nodes, search), [nodes, search]);
  const activeTree = useMemo(() => filterNodes(nodes, '').filter((n) => n.status === 'active'), [nodes]);
  const counts = useMemo(() => countKinds(nodes), [nodes]);

  const defaultExpanded = useMemo(() => nodes.map((n) => n.id), [nodes]);
  const searchExpanded = useMemo(() => flattenNodes(filtered).map((n) => n.id), [filtered]);
  const expanded = expandedOf !== null && expandedOf.year === year ? expandedOf.keys : null;
  const expandedKeys = search.trim() ? searchExpanded : (expanded ?? defaultExpanded);

  const lang = toLang(i18n.language);
  const treeData = useMemo(
    () => toTreeData(filtered, t('framework.nodeStatus.retired'), (n) => (lang === 'en' && n.nameEn ? n.nameEn : n.name)),
    [filtered, t, lang],
  );

  const select = (id: number, toYear?: number) => setView({ node: id, ...(toYear !== undefined ? { year: toYear } : {}) });

  const descendantsOf = (id: number) => {
    const found = flattenNodes(nodes).find((n) => n.id === id);
    return found ? flattenNodes(found.children).filter((c) => c.status === 'active').length : 0;
  };

  const changeStatus = (next: FrameworkVersionStatus) => {
    if (year === null) {
      return;
    }
    setStatus
      .mutateAsync({ year, status: next })
      .then(() => void message.success(t('framework.statusChanged', { year, status: t(`framework.versionStatus.${next}`) })))
      .catch((error: unknown) => void message.error(errorMessage(error)));
  };

  const statusMenu: MenuProps = {
    items: [
      ...(status !== 'active' ? [{ key: 'active', label: t('framework.actions.activate') }] : []),
      ...(status !== 'archived' ? [{ key: 'archived', label: t('framework.actions.archive') }] : []),
      ...(status !== 'draft' ? [{ key: 'draft', label: t('framework.actions.reopen') }] : []),
    ],
    onClick: ({ key }) => changeStatus(key as FrameworkVersionStatus),
  };

  const yearOptions = (versions.data?.items ?? []).map((v) => ({
    value: v.year,
    label: [
      t('framework.yearOption', { year: v.year }),
      t(`framework.versionStatus.${v.status}`),
      ...(v.year === versions.data?.currentYear ? [t('framework.inForce')] : []),
    ].join(' · '),
  }));

  const headerExtra = (
    <Flex gap={8} wrap align="center">
      <Select
        aria-label={t('framework.year')}
        style={{ minWidth: 180 }}
        value={year ?? undefined}
        placeholder={t('framework.year')}
        options={yearOptions}
        loading={versions.isLoading}
        onChange={(v: number) => setView({ year: v, node: null })}
      />
      <Flex gap={6} align="center">
        <Switch id="framework-include-retired" size="small" checked={view.retired} onChange={(v) => setView({ retired: v ? '1' : null })} />
        <label htmlFor="framework-include-retired">{t('framework.includeRetired')}</label>
      </Flex>
      {mode === 'read' && canEdit ? (
        <Button icon={<SettingOutlined />} onClick={() => navigate(`${FRAMEWORK_ADMIN_PATH}${location.search}`)}>
          {t('framework.actions.maintain')}
        </Button>
      ) : null}
      {mode === 'admin' && canEdit && year !== null ? (
        <>
          <Dropdown menu={statusMenu} trigger={['click']}>
            <Button loading={setStatus.isPending}>
              {t('framework.actions.setStatus')} <DownOutlined />
            </Button>
          </Dropdown>
          {editable ? (
            <Button icon={<PlusOutlined />} onClick={() => setFormTarget({ mode: 'create', year, parent: null })}>
              {t('framework.actions.addElement')}
            </Button>
          ) : null}
          <Button type="primary" icon={<CopyOutlined />} onClick={() => setCopyYear(year)}>
            {t('framework.actions.copy')}
          </Button>
        </>
      ) : null}
    </Flex>
  );

  const header = (
    <PageHeader
      title={mode === 'admin' ? t('framework.menuAdmin') : t('framework.title')}
      subtitle={t('framework.subtitle')}
      extra={headerExtra}
    />
  );

  if (tree.isLoading) {
    return (
      <>
        {header}
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      </>
    );
  }

  if (tree.isError) {
    const missing = tree.error instanceof ApiError && tree.error.status === 404;
    const missingYear =
      (tree.error instanceof ApiError ? (tree.error.details as { year?: number } | undefined)?.year : undefined) ?? view.year;
    if (missing && view.year === null) {
      const seedYear = missingYear ?? new Date().getFullYear();
      const create = (from: 'seed' | 'empty') =>
        createVersion
          .mutateAsync({ year: seedYear, from, status: 'active' })
          .catch((error: unknown) => void message.error(errorMessage(error)));
      return (
        <>
          {header}
          <Card>
            <Result
              status="info"
              title={t('framework.none.title')}
              subTitle={canEdit ? t('framework.none.description', { year: seedYear }) : t('framework.none.readerHint')}
              extra={
                canEdit ? (
                  <Flex gap={8} justify="center" wrap>
                    <Button type="primary" loading={createVersion.isPending} onClick={() => void create('seed')}>
                      {t('framework.none.seed')}
                    </Button>
                    <Button loading={createVersion.isPending} onClick={() => void create('empty')}>
                      {t('framework.none.empty')}
                    </Button>
                  </Flex>
                ) : null
              }
            />
          </Card>
        </>
      );
    }
    return (
      <>
        {header}
        <Card>
          <Result
            status="warning"
            title={t('framework.loadFailed', { message: errorMessage(tree.error) })}
            extra={<Button onClick={() => void tree.refetch()}>{t('framework.retry')}</Button>}
          />
        </Card>
      </>
    );
  }

  return (
    <>
      {header}
      {mode === 'admin' && !canEdit ? (
        <Alert type="info" showIcon title={t('framework.readOnlyNote')} style={{ marginBottom: 16 }} />
      ) : null}
      {status === 'draft' ? <Alert type="info" showIcon title={t('framework.draftNote')} style={{ marginBottom: 16 }} /> : null}
      {status === 'archived' ? <Alert type="warning" showIcon title={t('framework.archivedNote')} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9} xxl={8}>
          <Card
            title={
              <Flex vertical>
                <span>{year !== null ? t('framework.yearOption', { year }) : ''}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                  {t('framework.counts', counts)}
                </Typography.Text>
              </Flex>
            }
            styles={{ body: { paddingTop: 12 } }}
          >
            <Input.Search
              allowClear
              placeholder={t('framework.searchPlaceholder')}
              aria-label={t('framework.searchPlaceholder')}
              value={search}
              onChange={(e) => setSearchOf({ year, text: e.target.value })}
              style={{ marginBottom: 12 }}
            />
            {treeData.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={search.trim() ? t('framework.noMatch') : t('framework.emptyTree')} />
            ) : (
              <div style={{ maxHeight: 'calc(100vh - 300px)', minHeight: 240, overflow: 'auto' }}>
                <Tree
                  blockNode
                  showLine
                  treeData={treeData}
                  expandedKeys={expandedKeys}
                  onExpand={(keys) => setExpandedOf({ year, keys: keys.map(Number) })}
                  selectedKeys={view.node !== null ? [view.node] : []}
                  onSelect={(keys) => {
                    const key = keys[0];
                    if (key !== undefined) {
                      select(Number(key));
                    }
                  }}
                />
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15} xxl={16}>
          {view.node !== null ? (
            <FrameworkNodePanel
              nodeId={view.node}
              editable={editable}
              onSelect={select}
              onAddChild={(n) => year !== null && setFormTarget({ mode: 'create', year, parent: n })}
              onEdit={(n) => setFormTarget({ mode: 'edit', node: n })}
              onMove={setMoving}
              onRetire={setRetiring}
            />
          ) : (
            <Card>
              <Empty description={t('framework.selectHint')} />
            </Card>
          )}
        </Col>
      </Row>
      <NodeFormModal
        target={formTarget}
        onClose={() => setFormTarget(null)}
        onDone={(id) => {
          setFormTarget(null);
          select(id);
        }}
      />
      <MoveNodeModal
        node={moving}
        tree={activeTree}
        onClose={() => setMoving(null)}
        onDone={(id) => {
          setMoving(null);
          select(id);
        }}
      />
      <RetireNodeModal
        node={retiring}
        year={year ?? 0}
        descendants={retiring ? descendantsOf(retiring.id) : 0}
        onClose={() => setRetiring(null)}
        onDone={() => setRetiring(null)}
      />
      <CopyYearModal
        year={copyYear}
        onClose={() => setCopyYear(null)}
        onOpenYear={(target) => {
          setCopyYear(null);
          setView({ year: target, node: null });
        }}
      />
    </>
  );
}

/** The antd tree of the nodes; in English the English name is shown when there is one (the Chinese one otherwise). */
function toTreeData(nodes: FrameworkNode[], retiredLabel: string, label: (n: FrameworkNode) => string): TreeDataNode[] {
  return nodes.map((n) => ({
    key: n.id,
    title: (
      <span style={n.status === 'retired' ? { color: 'rgba(0,0,0,0.45)' } : undefined}>
        <Typography.Text type="secondary" style={{ marginInlineEnd: 6 }}>
          {n.code}
        </Typography.Text>
        {n.kind === 'element' ? <strong>{label(n)}</strong> : label(n)}
        {n.status === 'retired' ? (
          <Tag style={{ marginInlineStart: 6 }} variant="filled">
            {retiredLabel}
          </Tag>
        ) : null}
      </span>
    ),
    children: toTreeData(n.children, retiredLabel, label),
  }));
}

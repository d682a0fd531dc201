import { PlusOutlined } from '@ant-design/icons';
import { ORG_KINDS, type OrgKind, type OrgNode } from '@guantong/shared';
import { Button, Empty, Flex, Input, Select, Tree, type TreeDataNode, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgTree } from '../orgs/orgs.api';

/** The active organisations strictly below `rootId` in the visible tree (the ones a task can be issued down to). */
export function useOrgsBelow(rootId: number): { root: OrgNode | null; loading: boolean } {
  const tree = useOrgTree();
  const root = useMemo(() => {
    const find = (nodes: OrgNode[]): OrgNode | null => {
      for (const n of nodes) {
        if (n.id === rootId) {
          return n;
        }
        const found = find(n.children);
        if (found) {
          return found;
        }
      }
      return null;
    };
    return find(tree.data ?? []);
  }, [tree.data, rootId]);
  return { root, loading: tree.isLoading };
}

/** Every active organisation of a kind in a node's subtree (the node itself excluded). */
export function orgsOfKindUnder(node: OrgNode, kind: OrgKind): OrgNode[] {
  const out: OrgNode[] = [];
  const walk = (nodes: OrgNode[]) => {
    for (const n of nodes) {
      if (n.status === 'active' && n.kind === kind) {
        out.push(n);
      }
      walk(n.children);
    }
  };
  walk(node.children);
  return out;
}

function flatten(nodes: OrgNode[], out: OrgNode[] = []): OrgNode[] {
  for (const n of nodes) {
    out.push(n);
    flatten(n.children, out);
  }
  return out;
}

function toTreeData(nodes: OrgNode[], kindLabel: (k: OrgKind) => string, keep: Set<number> | null): TreeDataNode[] {
  return nodes
    .filter((n) => n.status === 'active' && (keep === null || keep.has(n.id)))
    .map((n) => ({
      key: n.id,
      title: (
        <span>
          {n.name}
          <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
            {n.code} · {kindLabel(n.kind)}
          </Typography.Text>
        </span>
      ),
      children: toTreeData(n.children, kindLabel, keep),
    }));
}

export interface OrgPickerProps {
  /** The organisation whose subtree is offered (itself excluded). */
  root: OrgNode;
  value: number[];
  onChange: (ids: number[]) => void;
  /** The kind the quick pick proposes first (branches by default). */
  defaultKind?: OrgKind;
}

/**
 * Chooses a set of organisations below `root`: a quick pick ("every 党支部 under 熔铸厂党总支"), then ticks in the
 * tree (each organisation on its own, so a 总支 and its branches can be chosen independently), searchable.
 */
export function OrgPicker({ root, value, onChange, defaultKind = 'branch' }: OrgPickerProps) {
  const { t } = useTranslation();
  const [underId, setUnderId] = useState<number>(root.id);
  const [kind, setKind] = useState<OrgKind>(defaultKind);
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<number[]>(() => root.children.map((c) => c.id));
  const all = useMemo(() => flatten(root.children), [root]);
  const keep = useMemo(() => {
    const s = search.trim().toLowerCase();
    if (!s) {
      return null;
    }
    const ids = new Set<number>();
    const walk = (n: OrgNode, trail: number[]): void => {
      const match = `${n.code} ${n.name} ${n.shortName ?? ''}`.toLowerCase().includes(s);
      if (match) {
        for (const id of [...trail, n.id]) {
          ids.add(id);
        }
      }
      for (const c of n.children) {
        walk(c, [...trail, n.id]);
      }
    };
    for (const c of root.children) {
      walk(c, []);
    }
    return ids;
  }, [root, search]);
  const treeData = useMemo(() => toTreeData(root.children, (k) => t(`common.orgKinds.${k}`), keep), [root, keep, t]);
  const underNode = underId === root.id ? root : (all.find((n) => n.id === underId) ?? root);
  const quickMatches = orgsOfKindUnder(underNode, kind);
  const kindsBelow = useMemo(() => ORG_KINDS.filter((k) => all.some((n) => n.kind === k)), [all]);
  const underOptions = [root, ...all.filter((n) => n.children.length > 0 && n.status === 'active')].map((n) => ({
    value: n.id,
    title: n.name,
    label: n.name,
  }));

  const addQuick = () => {
    const next = new Set(value);
    for (const n of quickMatches) {
      next.add(n.id);
    }
    onChange([...next]);
  };

  if (all.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('tasks.decompose.noSubOrgs')} />;
  }

  return (
    <Flex vertical gap={12}>
      <Flex gap={8} align="center" wrap>
        <Typography.Text strong>{t('tasks.issue.quick')}</Typography.Text>
        <Typography.Text>{t('tasks.issue.quickUnder')}</Typography.Text>
        <TreeSelect
          aria-label={t('tasks.issue.quickUnder')}
          value={underId}
          onChange={(v: number) => setUnderId(v)}
          treeData={underOptions}
          treeNodeFilterProp="title"
          showSearch
          popupMatchSelectWidth={false}
          style={{ minWidth: 200 }}
        />
        <Typography.Text>{t('tasks.issue.quickKind')}</Typography.Text>
        <Select<OrgKind>
          aria-label={t('tasks.issue.quickKind')}
          value={kind}
          onChange={setKind}
          options={kindsBelow.map((k) => ({ value: k, label: t(`common.orgKinds.${k}`) }))}
          style={{ width: 120 }}
        />
        <Button icon={<PlusOutlined />} onClick={addQuick} disabled={quickMatches.length === 0}>
          {t('tasks.issue.quickAdd')} ({quickMatches.length})
        </Button>
      </Flex>
      <div style={{ border: '1px solid #F0F0F0', borderRadius: 6, padding: 8 }}>
        <Flex justify="space-between" align="center" gap={8} style={{ marginBottom: 8 }} wrap>
          <Input.Search
            allowClear
            placeholder={t('tasks.issue.pickPlaceholder')}
            aria-label={t('tasks.issue.pick')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ maxWidth: 320 }}
          />
          <Flex gap={8} align="center">
            <Typography.Text>{t('tasks.issue.selected', { count: value.length })}</Typography.Text>
            <Button size="small" onClick={() => onChange([])} disabled={value.length === 0}>
              {t('tasks.issue.clear')}
            </Button>
          </Flex>
        </Flex>
        <div style={{ maxHeight: 280, overflow: 'auto' }}>
          <Tree
            checkable
            checkStrictly
            selectable={false}
            blockNode
            expandedKeys={keep ? [...keep] : expanded}
            onExpand={(keys) => setExpanded(keys.map(Number))}
            treeData={treeData}
            checkedKeys={{ checked: value, halfChecked: [] }}
            onCheck={(keys) => {
              const checked = Array.isArray(keys) ? keys : keys.checked;
              onChange(checked.map(Number));
            }}
          />
        </div>
      </div>
    </Flex>
  );
}

import type { OrgNode } from '@guantong/shared';
import { TreeSelect, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgTree } from '../modules/orgs/orgs.api';

interface OrgOption {
  value: number;
  title: React.ReactNode;
  searchText: string;
  children: OrgOption[];
}

function toOptions(nodes: OrgNode[], kindLabel: (kind: OrgNode['kind']) => string): OrgOption[] {
  return nodes.map((n) => ({
    value: n.id,
    title: (
      <span>
        {n.name}
        <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: 12 }}>
          {n.code} · {kindLabel(n.kind)}
        </Typography.Text>
      </span>
    ),
    searchText: `${n.code} ${n.name} ${n.shortName ?? ''}`.toLowerCase(),
    children: toOptions(n.children, kindLabel),
  }));
}

export interface OrgTreeSelectProps {
  id?: string;
  value?: number | null;
  onChange?: (value: number | undefined) => void;
  placeholder?: string;
  disabled?: boolean;
  allowClear?: boolean;
  status?: 'error' | 'warning';
  'aria-label'?: string;
}

/**
 * Picks one organisation from the tree the user may see (GET /api/orgs/tree); searchable by code, name
 * or short name, e.g. "B001" or "熔铸".
 */
export function OrgTreeSelect({ value, onChange, placeholder, ...rest }: OrgTreeSelectProps) {
  const { t } = useTranslation();
  const tree = useOrgTree();
  const treeData = useMemo(() => toOptions(tree.data ?? [], (k) => t(`common.orgKinds.${k}`)), [tree.data, t]);
  // The top levels open by default so the structure is visible without typing.
  const expanded = useMemo(() => (tree.data ?? []).map((n) => n.id), [tree.data]);
  return (
    <TreeSelect<number, OrgOption>
      {...rest}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={treeData}
      loading={tree.isLoading}
      placeholder={placeholder}
      showSearch={{
        filterTreeNode: (input, node) => (node as unknown as OrgOption).searchText.includes(input.trim().toLowerCase()),
      }}
      treeDefaultExpandedKeys={expanded}
      treeNodeLabelProp="title"
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxWidth: 560 } } }}
      listHeight={360}
      style={{ width: '100%' }}
    />
  );
}

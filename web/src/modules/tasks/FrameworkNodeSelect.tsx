import type { FrameworkNode } from '@guantong/shared';
import { TreeSelect, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { toLang } from '../../i18n/languages';
import { useFrameworkTree } from '../framework/framework.api';

interface NodeOption {
  value: number;
  title: React.ReactNode;
  searchText: string;
  children: NodeOption[];
}

function toOptions(nodes: FrameworkNode[], label: (n: FrameworkNode) => string): NodeOption[] {
  return nodes
    .filter((n) => n.status === 'active')
    .map((n) => ({
      value: n.id,
      title: (
        <span>
          <Typography.Text type="secondary" style={{ marginInlineEnd: 6 }}>
            {n.code}
          </Typography.Text>
          {label(n)}
        </span>
      ),
      searchText: `${n.code} ${n.name} ${n.nameEn}`.toLowerCase(),
      children: toOptions(n.children, label),
    }));
}

export interface FrameworkNodeSelectProps {
  id?: string;
  value?: number | number[] | null;
  onChange?: (value: number | number[] | undefined) => void;
  multiple?: boolean;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'aria-label'?: string;
}

/** Picks node(s) of the framework in force, searchable by code or wording (e.g. "3.1.2" or "闭环"). */
export function FrameworkNodeSelect({ value, onChange, multiple = false, style, ...rest }: FrameworkNodeSelectProps) {
  const { i18n } = useTranslation();
  const lang = toLang(i18n.language);
  const tree = useFrameworkTree('current', false);
  const treeData = useMemo(
    () => toOptions(tree.data?.nodes ?? [], (n) => (lang === 'en' && n.nameEn ? n.nameEn : n.name)),
    [tree.data, lang],
  );
  return (
    <TreeSelect<number | number[], NodeOption>
      {...rest}
      multiple={multiple}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      treeData={treeData}
      loading={tree.isLoading}
      showSearch={{ filterTreeNode: (input, node) => (node as unknown as NodeOption).searchText.includes(input.trim().toLowerCase()) }}
      treeNodeLabelProp="title"
      popupMatchSelectWidth={false}
      styles={{ popup: { root: { maxWidth: 620 } } }}
      listHeight={360}
      style={{ width: '100%', ...style }}
    />
  );
}

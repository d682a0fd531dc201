import { Pagination, type PaginationProps, Spin } from 'antd';
import type { ReactNode } from 'react';

export interface SimpleListProps<T> {
  items: readonly T[];
  rowKey: (item: T) => string | number;
  renderItem: (item: T) => ReactNode;
  /** Shown when there are no items (and nothing is loading). */
  empty: ReactNode;
  loading?: boolean;
  pagination?: PaginationProps | false;
  /** Row padding; 'small' for popovers and drawers. */
  size?: 'small' | 'default';
}

/** A plain list with dividers, an empty state, a loading veil and optional paging (antd's List is deprecated). */
export function SimpleList<T>({
  items,
  rowKey,
  renderItem,
  empty,
  loading = false,
  pagination = false,
  size = 'default',
}: SimpleListProps<T>) {
  const pad = size === 'small' ? '8px 0' : '12px 0';
  return (
    <Spin spinning={loading}>
      {items.length === 0 && !loading ? (
        empty
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((item, i) => (
            <li key={rowKey(item)} style={{ padding: pad, borderTop: i === 0 ? 'none' : '1px solid #F0F0F0' }}>
              {renderItem(item)}
            </li>
          ))}
        </ul>
      )}
      {pagination ? <Pagination size="small" align="end" style={{ marginTop: 12 }} {...pagination} /> : null}
    </Spin>
  );
}

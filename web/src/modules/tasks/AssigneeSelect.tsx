import type { TaskAssignee } from '@guantong/shared';
import { Select, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAssignees } from './tasks.api';

export interface AssigneeSelectProps {
  id?: string;
  orgId: number | null;
  value?: number | number[] | null;
  onChange?: (value: number | number[] | undefined) => void;
  multiple?: boolean;
  placeholder?: string;
  /** Names of people already chosen (e.g. the task's current responsible), shown before the search answers. */
  known?: Array<{ id: number; displayName: string }>;
  'aria-label'?: string;
  status?: 'error' | 'warning';
}

function useDebounced(value: string, ms: number): string {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setV(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return v;
}

/** Picks people who hold a role in the organisation's subtree (the only ones the server accepts), searchable by name. */
export function AssigneeSelect({ orgId, value, onChange, multiple = false, placeholder, known = [], ...rest }: AssigneeSelectProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim(), 250);
  const people = useAssignees(orgId, q);
  const [seen, setSeen] = useState<Map<number, TaskAssignee>>(new Map());
  useEffect(() => {
    if (people.data) {
      setSeen((prev) => {
        const next = new Map(prev);
        for (const p of people.data) {
          next.set(p.id, p);
        }
        return next;
      });
    }
  }, [people.data]);
  const options = useMemo(() => {
    const list = people.data ?? [];
    const selected = (Array.isArray(value) ? value : value ? [value] : []).filter((id) => !list.some((p) => p.id === id));
    const extra = selected.map((id) => {
      const p = seen.get(id);
      return { value: id, label: p?.displayName ?? known.find((k) => k.id === id)?.displayName ?? `#${id}`, hint: '' };
    });
    return [
      ...extra,
      ...list.map((p) => ({
        value: p.id,
        label: p.displayName,
        hint: p.grants.map((g) => `${g.orgName}·${t(`common.roles.${g.role}`)}`).join('，'),
      })),
    ];
  }, [people.data, value, seen, known, t]);
  return (
    <Select<number | number[]>
      {...rest}
      mode={multiple ? 'multiple' : undefined}
      allowClear
      showSearch={{ filterOption: false, onSearch: setSearch }}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      onOpenChange={(open) => {
        if (!open) {
          setSearch('');
        }
      }}
      disabled={orgId === null}
      placeholder={orgId === null ? t('tasks.form.pickOrgFirst') : (placeholder ?? t('tasks.form.searchPerson'))}
      notFoundContent={people.isFetching ? <Spin size="small" /> : t('tasks.form.noPerson')}
      options={options}
      optionRender={(o) => (
        <span>
          {o.label}
          {o.data.hint ? (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              {o.data.hint}
            </Typography.Text>
          ) : null}
        </span>
      )}
      style={{ width: '100%' }}
    />
  );
}

import type { PartyStatus, PersonListItem } from '@guantong/shared';
import { Select, Spin, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePeopleLookup } from './people.api';

export interface PersonSelectProps {
  id?: string;
  value?: number;
  onChange?: (value: number | undefined, person?: PersonListItem) => void;
  /** Only people in this organisation's subtree. */
  orgId?: number;
  partyStatus?: PartyStatus[];
  placeholder?: string;
  status?: 'error' | 'warning';
}

/** Picks a person from the roster by name, pinyin initials or employee number (searched on the server as you type). */
export function PersonSelect({ id, value, onChange, orgId, partyStatus, placeholder, status }: PersonSelectProps) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [debounced, setDebounced] = useState('');
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(text), 250);
    return () => window.clearTimeout(timer);
  }, [text]);
  const people = usePeopleLookup(debounced, { orgId, partyStatus });
  const items = people.data?.items ?? [];
  const options = useMemo(
    () =>
      items.map((p) => ({
        value: p.id,
        label: (
          <span>
            {p.name}
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
              {p.employeeNo} · {t(`people.partyStatus.${p.partyStatus}`)} · {p.branch?.name ?? p.org.name}
            </Typography.Text>
          </span>
        ),
        person: p,
      })),
    [items, t],
  );
  return (
    <Select<number, (typeof options)[number]>
      id={id}
      showSearch={{ filterOption: false, onSearch: setText }}
      value={value}
      onChange={(v, option) => onChange?.(v, Array.isArray(option) ? undefined : option?.person)}
      options={options}
      placeholder={placeholder}
      status={status}
      allowClear
      notFoundContent={people.isFetching ? <Spin size="small" /> : t('orgs.posts.noPeople')}
      style={{ width: '100%' }}
    />
  );
}

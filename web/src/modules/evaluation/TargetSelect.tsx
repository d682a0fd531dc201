import { Select } from 'antd';
import { useState } from 'react';
import { useTargets } from './evaluation.api';

export interface TargetSelectProps {
  schemeId: number;
  id?: string;
  value?: number;
  onChange?: (value: number | undefined) => void;
  placeholder?: string;
  'aria-label'?: string;
}

/** Picks one of a scheme's targets (an organisation of its kind, or a cadre), searched by code or name on the server. */
export function TargetSelect({ schemeId, value, onChange, placeholder, ...rest }: TargetSelectProps) {
  const [q, setQ] = useState('');
  const targets = useTargets(schemeId, q);
  return (
    <Select<number>
      {...rest}
      showSearch={{ filterOption: false, onSearch: (v) => setQ(v.trim()) }}
      value={value}
      onChange={(v) => onChange?.(v)}
      placeholder={placeholder}
      loading={targets.isFetching}
      style={{ width: '100%' }}
      options={(targets.data ?? []).map((x) => ({ value: x.id, label: `${x.name}（${x.code}）${x.parent ? ` · ${x.parent.name}` : ''}` }))}
    />
  );
}

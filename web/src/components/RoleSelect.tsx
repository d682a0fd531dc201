import { ROLES, type Role } from '@guantong/shared';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';

export interface RoleSelectProps {
  id?: string;
  value?: Role | null;
  onChange?: (value: Role | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
  'aria-label'?: string;
}

/** One of the six roles, by its name in the user's language. */
export function RoleSelect({ value, onChange, ...rest }: RoleSelectProps) {
  const { t } = useTranslation();
  return (
    <Select<Role>
      {...rest}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? undefined)}
      options={ROLES.map((r) => ({ value: r, label: t(`common.roles.${r}`) }))}
    />
  );
}

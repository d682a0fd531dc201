import type { Role } from '@guantong/shared';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';

// Roles are told apart by a calm colour; red stays reserved for the brand and for "overdue".
const ROLE_COLORS: Record<Role, string> = {
  sysadmin: 'geekblue',
  org_admin: 'cyan',
  discipline: 'magenta',
  secretary: 'blue',
  member: 'default',
  leader: 'orange',
};

/** A role's name in the user's language, with what it may do on hover. */
export function RoleTag({ role, suffix }: { role: Role; suffix?: string }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`common.roleHints.${role}`)}>
      <Tag color={ROLE_COLORS[role]} style={{ marginInlineEnd: 4, marginBottom: 4, whiteSpace: 'normal' }}>
        {t(`common.roles.${role}`)}
        {suffix ? ` · ${suffix}` : ''}
      </Tag>
    </Tooltip>
  );
}

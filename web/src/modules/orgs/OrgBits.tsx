import { BankOutlined, ClusterOutlined, TeamOutlined, UsergroupAddOutlined } from '@ant-design/icons';
import type { CheckSeverity, OrgKind, OrgStatus, TermState } from '@guantong/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { type StatusTone, statusHex, statusTagColor } from '../../components/status';

const KIND_COLORS: Record<OrgKind, string> = {
  committee: '#A8071A',
  general_branch: '#1F5FAF',
  branch: '#389E0D',
  group: '#8C8C8C',
};

/** The icon of an organisation kind (党委 / 党总支 / 党支部 / 党小组), coloured so the levels read at a glance. */
export function OrgKindIcon({ kind }: { kind: OrgKind }) {
  const style = { color: KIND_COLORS[kind] };
  switch (kind) {
    case 'committee':
      return <BankOutlined style={style} aria-hidden />;
    case 'general_branch':
      return <ClusterOutlined style={style} aria-hidden />;
    case 'branch':
      return <TeamOutlined style={style} aria-hidden />;
    default:
      return <UsergroupAddOutlined style={style} aria-hidden />;
  }
}

/** The tone of a rule-check severity: error red, warning gold, info blue. */
export function severityTone(severity: CheckSeverity): StatusTone {
  return severity === 'error' ? 'overdue' : severity === 'warning' ? 'dueSoon' : 'inProgress';
}

/** The solid colour of a severity (badges). */
export function severityHex(severity: CheckSeverity): string {
  return statusHex(severityTone(severity));
}

/** A rule-check severity as a tag. */
export function SeverityTag({ severity }: { severity: CheckSeverity }) {
  const { t } = useTranslation();
  return <Tag color={statusTagColor(severityTone(severity))}>{t(`orgs.checks.severities.${severity}`)}</Tag>;
}

/** A committee term's state as a tag: gold ending soon, red overdue, green in term. */
export function TermStateTag({ state }: { state: TermState }) {
  const { t } = useTranslation();
  const tone: StatusTone = state === 'overdue' ? 'overdue' : state === 'ending_soon' ? 'dueSoon' : 'done';
  return <Tag color={statusTagColor(tone)}>{t(`orgs.terms.states.${state}`)}</Tag>;
}

/** An organisation's kind as a neutral tag. */
export function OrgKindTag({ kind }: { kind: OrgKind }) {
  const { t } = useTranslation();
  return <Tag variant="filled">{t(`common.orgKinds.${kind}`)}</Tag>;
}

/** A merged or dissolved organisation's status (nothing for an active one). */
export function OrgStatusTag({ status }: { status: OrgStatus }) {
  const { t } = useTranslation();
  if (status === 'active') {
    return null;
  }
  return <Tag>{t(`orgs.status.${status}`)}</Tag>;
}

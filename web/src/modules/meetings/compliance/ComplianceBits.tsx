import type { CellState, ComplianceBranch, Obligation } from '@guantong/shared';
import { Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { STATUS_COLORS } from '../../../components/status';
import { formatDate } from '../../../i18n/format';
import { toLang } from '../../../i18n/languages';

/** Cell colours and marks of the compliance matrix: held (✓), missed (✗), still open (…), not applicable (—). */
export const CELL_BG: Record<CellState, string> = { ok: '#d9f7be', miss: '#ffccc7', open: '#fff1b8', na: '#fafafa' };
export const CELL_FG: Record<CellState, string> = {
  ok: STATUS_COLORS.done.hex,
  miss: STATUS_COLORS.overdue.hex,
  open: STATUS_COLORS.dueSoon.hex,
  na: '#bfbfbf',
};
export const CELL_MARK: Record<CellState, string> = { ok: '✓', miss: '✗', open: '…', na: '—' };

/** One obligation of a period: its mark, meeting type, period, held/required (or coverage) and the meetings held. */
export function ObligationLine({ o }: { o: Obligation }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  return (
    <Flex gap={8} wrap align="center">
      <span
        style={{ background: CELL_BG[o.state], color: CELL_FG[o.state], width: 22, textAlign: 'center', borderRadius: 3, fontWeight: 600 }}
      >
        {CELL_MARK[o.state]}
      </span>
      <Typography.Text strong>{o.meetingTypeName}</Typography.Text>
      <Typography.Text>{o.periodKey}</Typography.Text>
      {o.org.kind === 'group' ? <Tag>{o.org.name}</Tag> : null}
      <Typography.Text type="secondary">
        {o.members !== null
          ? t('meetings.compliance.coverage', { covered: o.covered ?? 0, members: o.members })
          : t('meetings.compliance.held', { held: o.held, required: o.required })}
      </Typography.Text>
      {o.meetings.map((mt) => (
        <Link key={mt.id} to={`/meetings/${mt.id}`}>
          {formatDate(mt.meetingDate, lang)}
        </Link>
      ))}
    </Flex>
  );
}

/** A member without organisational life for 4+ months: name, how long, when last attended. */
export function InactiveMemberLine({ member: x }: { member: ComplianceBranch['inactiveMembers'][number] }) {
  const { t, i18n } = useTranslation();
  const lang = toLang(i18n.language);
  return (
    <Flex gap={8} wrap>
      <Typography.Text strong>{x.person.name}</Typography.Text>
      <Tag color={x.state === 'lapsed' ? 'red' : 'gold'}>
        {x.state === 'lapsed' ? t('meetings.compliance.lapsed') : t('meetings.compliance.approaching')}
      </Tag>
      <span>{t('meetings.compliance.months', { n: x.months })}</span>
      <Typography.Text type="secondary">
        {x.lastAttendedOn
          ? t('meetings.compliance.lastAttended', { date: formatDate(x.lastAttendedOn, lang) })
          : t('meetings.compliance.never')}
      </Typography.Text>
    </Flex>
  );
}

/** What a branch still owes this period, each with a link to record the meeting (type and organisation filled in). */
export function MissingObligationList({ items, size }: { items: Obligation[]; size?: 'small' }) {
  const { t } = useTranslation();
  return (
    <List
      size={size}
      dataSource={items}
      rowKey={(o) => `${o.ruleCode}|${o.org.id}|${o.periodKey}`}
      renderItem={(o) => (
        <List.Item
          actions={[
            <Link key="record" to={`/meetings/new?orgId=${o.org.id}&type=${o.meetingTypeCode}`}>
              {t('meetings.compliance.recordNow')}
            </Link>,
          ]}
        >
          <ObligationLine o={o} />
        </List.Item>
      )}
    />
  );
}

import type { PartyStatus } from '@guantong/shared';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

// Party statuses are not supervision levels: calm colours that never read as "overdue" or "due soon".
const STATUS_COLORS: Record<PartyStatus, string | undefined> = {
  full: 'blue',
  probationary: 'cyan',
  candidate: 'geekblue',
  activist: 'lime',
  applicant: undefined,
  non_member: undefined,
};

/** A party status (党员、预备党员 …) as a tag. */
export function PartyStatusTag({ status }: { status: PartyStatus }) {
  const { t } = useTranslation();
  return <Tag color={STATUS_COLORS[status]}>{t(`people.partyStatus.${status}`)}</Tag>;
}

/** The flags of a person (干部 / 离退休 / 流动党员) as small tags; nothing when none is set. */
export function PersonFlags({ person }: { person: { isCadre: boolean; isRetired: boolean; isMobile: boolean } }) {
  const { t } = useTranslation();
  return (
    <>
      {person.isCadre ? <Tag variant="filled">{t('people.flags.isCadre')}</Tag> : null}
      {person.isRetired ? <Tag variant="filled">{t('people.flags.isRetired')}</Tag> : null}
      {person.isMobile ? <Tag variant="filled">{t('people.flags.isMobile')}</Tag> : null}
    </>
  );
}

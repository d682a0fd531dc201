import type { PartyStatus } from '@guantong/shared';
import { addYearsIso } from '../orgs/orgs.rules.js';

/** The date facts of a person that must agree with each other and with the regulations. */
export interface PersonFacts {
  birthDate: string;
  partyStatus: PartyStatus;
  joinedPartyOn: string | null;
  fullMemberOn: string | null;
}

/** One problem with a person's facts: the field, a stable code and the message in Chinese. */
export interface FactIssue {
  field: 'birthDate' | 'joinedPartyOn' | 'fullMemberOn';
  code: string;
  message: string;
}

const MEMBER: readonly PartyStatus[] = ['full', 'probationary'];
const CULTIVATED: readonly PartyStatus[] = ['activist', 'candidate', 'applicant'];

/**
 * Checks a person's dates: born in the past (16 to 120 years old); party members have a joining date on or
 * after their 18th birthday (《中国共产党发展党员工作细则》: at least 18 years old) and not in the future;
 * full members became full at least one year after joining (probation lasts one year); probationary members
 * have no full-member date; people not (yet) in the Party have neither date.
 */
export function checkPersonFacts(f: PersonFacts, today: string): FactIssue[] {
  const out: FactIssue[] = [];
  if (f.birthDate > today) {
    out.push({ field: 'birthDate', code: 'future_date', message: '出生日期不能晚于今天' });
    return out;
  }
  if (addYearsIso(f.birthDate, 16) > today) {
    out.push({ field: 'birthDate', code: 'too_young', message: '出生日期有误：不满16周岁' });
  }
  if (addYearsIso(f.birthDate, 120) < today) {
    out.push({ field: 'birthDate', code: 'invalid_date', message: '出生日期有误：超过120周岁' });
  }
  if (MEMBER.includes(f.partyStatus)) {
    if (!f.joinedPartyOn) {
      out.push({ field: 'joinedPartyOn', code: 'required', message: '党员和预备党员必须填写入党日期' });
    } else {
      if (f.joinedPartyOn > today) {
        out.push({ field: 'joinedPartyOn', code: 'future_date', message: '入党日期不能晚于今天' });
      }
      if (f.joinedPartyOn < addYearsIso(f.birthDate, 18)) {
        out.push({ field: 'joinedPartyOn', code: 'under_18', message: '入党日期早于年满18周岁之日（入党须年满18周岁）' });
      }
    }
  }
  if (f.partyStatus === 'full') {
    if (!f.fullMemberOn) {
      out.push({ field: 'fullMemberOn', code: 'required', message: '正式党员必须填写转正日期' });
    } else {
      if (f.fullMemberOn > today) {
        out.push({ field: 'fullMemberOn', code: 'future_date', message: '转正日期不能晚于今天' });
      }
      if (f.joinedPartyOn && f.fullMemberOn < addYearsIso(f.joinedPartyOn, 1)) {
        out.push({ field: 'fullMemberOn', code: 'probation_too_short', message: '转正日期应在入党满一年（预备期）之后' });
      }
    }
  }
  if (f.partyStatus === 'probationary' && f.fullMemberOn) {
    out.push({ field: 'fullMemberOn', code: 'not_allowed', message: '预备党员不应填写转正日期' });
  }
  if (CULTIVATED.includes(f.partyStatus)) {
    if (f.joinedPartyOn) {
      out.push({ field: 'joinedPartyOn', code: 'not_allowed', message: '尚未入党的人员不应填写入党日期' });
    }
    if (f.fullMemberOn) {
      out.push({ field: 'fullMemberOn', code: 'not_allowed', message: '尚未入党的人员不应填写转正日期' });
    }
  }
  return out;
}

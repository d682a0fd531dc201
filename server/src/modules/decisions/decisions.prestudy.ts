import { PRE_STUDY_RULE, type PreStudySeverity, type PreStudyStatus } from '@guantong/shared';

/**
 * The pre-study rule of RULES.md ("State-owned enterprises"): a 重大经营管理事项 decided by the board or management
 * must first be studied and discussed by the party committee (前置研究讨论). The register shows, for each such item,
 * the 党委会 meeting that studied it before the decision. Decided here:
 * - an earlier calendar day is in order;
 * - a later calendar day is a violation (`late`);
 * - the same day is in order only when both meetings are on record and the 党委会 started earlier; the same day
 *   with the 党委会 starting at or after the decision meeting is `late`; the same day without the decision's
 *   meeting on record cannot be ordered and is a warning (`same_day_unverified`) until the meeting is linked;
 * - no 党委会 linked (or only a cancelled one) is a violation (`missing`).
 * The status itself is computed in SQL (decisions.repository.ts `preStudyStatusSql`) so lists filter and sort by it.
 */
export const PRE_STUDY_SEVERITY: Record<PreStudyStatus, PreStudySeverity> = {
  not_required: 'none',
  ok: 'ok',
  missing: 'violation',
  late: 'violation',
  same_day_unverified: 'warning',
};

const RULE_TEXT = '重大经营管理事项须经党委会前置研究讨论后，再由董事会或经理层作出决定';

/** The sentence shown with the check, naming the rule and what is wrong (or right). */
export function preStudyMessage(
  status: PreStudyStatus,
  facts: { bodyName: string; preStudyDate: string | null; decidedOn: string },
): string {
  switch (status) {
    case 'not_required':
      return '该事项不属于须由董事会或经理层决策的重大经营管理事项，无需前置研究。';
    case 'ok':
      return facts.preStudyDate === facts.decidedOn
        ? `党委会已于同日（${facts.decidedOn}）在${facts.bodyName}会议之前研究讨论，符合前置研究要求。`
        : `党委会已于 ${facts.preStudyDate} 前置研究讨论，早于${facts.bodyName}决策（${facts.decidedOn}），符合要求。`;
    case 'missing':
      return `违反前置研究规定：未关联党委会前置研究讨论记录。${RULE_TEXT}。`;
    case 'late':
      return facts.preStudyDate === facts.decidedOn
        ? `违反前置研究规定：党委会与${facts.bodyName}同日召开，但党委会并未在${facts.bodyName}之前开始。${RULE_TEXT}。`
        : `违反前置研究规定：党委会研究日期（${facts.preStudyDate}）晚于${facts.bodyName}决策日期（${facts.decidedOn}）。${RULE_TEXT}。`;
    case 'same_day_unverified':
      return `党委会与${facts.bodyName}决策同日（${facts.decidedOn}），但未关联${facts.bodyName}会议记录，无法确认党委会在先。请关联决策会议以核实先后顺序。`;
  }
}

/** The regulation every pre-study flag cites. */
export const PRE_STUDY_SOURCE = PRE_STUDY_RULE.source;

import type { CheckSeverity, OrgCheck, OrgCheckRule, OrgKind, OrgTerm, PostKind } from '@guantong/shared';
import { COMMITTEE_POST_KINDS } from '@guantong/shared';

/**
 * The organisation rules of RULES.md as data: every threshold has a default from the regulations and may be
 * changed by an operator (rule_settings). The checks themselves are pure functions of live counts, so they
 * are computed in bulk for the whole tree and unit-tested at their boundaries.
 */

const BRANCH_RULES = '《中国共产党支部工作条例（试行）》';
const CONSTITUTION = '《中国共产党章程》';

export interface RuleDefinition {
  key: string;
  label: string;
  unit: string;
  defaultValue: number;
  source: string;
}

/** Every setting with its RULES.md default. */
export const RULE_DEFINITIONS: readonly RuleDefinition[] = [
  {
    key: 'branch.min_full_members',
    label: '成立党支部的最少正式党员数（不足时应成立联合党支部）',
    unit: '人',
    defaultValue: 3,
    source: `${BRANCH_RULES}第四条、第五条`,
  },
  {
    key: 'branch.committee_min_full_members',
    label: '应设立支部委员会的正式党员数',
    unit: '人',
    defaultValue: 7,
    source: `${BRANCH_RULES}第六章（党支部委员会和党支部书记）`,
  },
  {
    key: 'branch.committee_min_size',
    label: '支部委员会最少委员数',
    unit: '人',
    defaultValue: 3,
    source: `${BRANCH_RULES}第六章（党支部委员会和党支部书记）`,
  },
  {
    key: 'branch.committee_normal_max_size',
    label: '支部委员会一般最多委员数（超过须有说明）',
    unit: '人',
    defaultValue: 5,
    source: `${BRANCH_RULES}第六章（党支部委员会和党支部书记）`,
  },
  {
    key: 'branch.committee_max_size',
    label: '支部委员会委员数上限',
    unit: '人',
    defaultValue: 7,
    source: `${BRANCH_RULES}第六章（党支部委员会和党支部书记）`,
  },
  {
    key: 'branch.max_members',
    label: '党支部党员人数上限（超过时考虑成立党总支）',
    unit: '人',
    defaultValue: 50,
    source: `${BRANCH_RULES}第四条`,
  },
  {
    key: 'branch.groups_required_members',
    label: '应划分党小组的党员人数',
    unit: '人',
    defaultValue: 30,
    source: `${BRANCH_RULES}第十三条`,
  },
  {
    key: 'general_branch.committee_possible_members',
    label: '可设立基层党委的党员人数（提示）',
    unit: '人',
    defaultValue: 100,
    source: `${CONSTITUTION}第三十条`,
  },
  {
    key: 'term.default_years',
    label: '委员会每届任期（未单独填写时）',
    unit: '年',
    defaultValue: 3,
    source: `${BRANCH_RULES}第六章；${CONSTITUTION}第三十一条`,
  },
  {
    key: 'term.warn_days',
    label: '任期届满前提醒换届的天数',
    unit: '天',
    defaultValue: 90,
    source: `${BRANCH_RULES}第六章；${CONSTITUTION}第三十一条`,
  },
  {
    key: 'member.inactivity_warn_months',
    label: '连续未参加组织生活、未交党费或未做党分配工作的提醒月数',
    unit: '月',
    defaultValue: 4,
    source: `${CONSTITUTION}第九条`,
  },
  {
    key: 'member.inactivity_lapse_months',
    label: '视为自行脱党的连续月数',
    unit: '月',
    defaultValue: 6,
    source: `${CONSTITUTION}第九条`,
  },
];

export type RuleKey =
  | 'branch.min_full_members'
  | 'branch.committee_min_full_members'
  | 'branch.committee_min_size'
  | 'branch.committee_normal_max_size'
  | 'branch.committee_max_size'
  | 'branch.max_members'
  | 'branch.groups_required_members'
  | 'general_branch.committee_possible_members'
  | 'term.default_years'
  | 'term.warn_days'
  | 'member.inactivity_warn_months'
  | 'member.inactivity_lapse_months';

/** Effective values and sources of every rule setting. */
export interface RuleValues {
  value(key: RuleKey): number;
  source(key: RuleKey): string;
}

/** Merges the stored overrides with the defaults. */
export function ruleValues(rows: ReadonlyArray<{ key: string; value: number; source: string | null }>): RuleValues {
  const stored = new Map(rows.map((r) => [r.key, r]));
  const def = new Map(RULE_DEFINITIONS.map((d) => [d.key, d]));
  return {
    value: (key) => stored.get(key)?.value ?? def.get(key)?.defaultValue ?? 0,
    source: (key) => stored.get(key)?.source ?? def.get(key)?.source ?? '',
  };
}

// ---------------------------------------------------------------------------------------------------------
// Dates (YYYY-MM-DD, whole days, UTC)
// ---------------------------------------------------------------------------------------------------------

function toDay(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / 86400000);
}

/** Adds whole years; 29 February becomes 28 February in a common year. */
export function addYearsIso(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const ty = y + years;
  const last = new Date(Date.UTC(ty, m, 0)).getUTCDate();
  return `${String(ty).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** Days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return toDay(b) - toDay(a);
}

/** The current term of an organisation with a term start: its end and where it stands today. */
export function termOf(termStart: string | null, termYears: number | null, today: string, rules: RuleValues): OrgTerm | null {
  if (!termStart) {
    return null;
  }
  const years = termYears ?? rules.value('term.default_years');
  const termEnd = addYearsIso(termStart, years);
  const daysLeft = daysBetween(today, termEnd);
  const state = daysLeft <= 0 ? 'overdue' : daysLeft <= rules.value('term.warn_days') ? 'ending_soon' : 'ok';
  return { termStart, termYears: years, termEnd, daysLeft, state };
}

// ---------------------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------------------

export interface CheckOrg {
  id: number;
  code: string;
  name: string;
  kind: OrgKind;
  path: string;
  term_start: string | null;
  term_years: number | null;
  committee_note: string | null;
}

/** Live facts of one branch (or any org for posts): members by status, groups, current post holders. */
export interface OrgFacts {
  full: number;
  probationary: number;
  groups: number;
  /** Distinct people holding a committee seat (书记、副书记、委员 …) today. */
  committeeSeats: number;
  hasSecretary: boolean;
  /** A seat other than secretary/deputy (组织委员、委员 …) is held: the branch has a committee. */
  hasCommitteeOnlySeat: boolean;
}

export const EMPTY_FACTS: OrgFacts = {
  full: 0,
  probationary: 0,
  groups: 0,
  committeeSeats: 0,
  hasSecretary: false,
  hasCommitteeOnlySeat: false,
};

/** Folds today's post rows into per-organisation seat facts. */
export function seatFacts(
  posts: ReadonlyArray<{ org_id: number; person_id: number; post: PostKind }>,
): Map<number, Pick<OrgFacts, 'committeeSeats' | 'hasSecretary' | 'hasCommitteeOnlySeat'>> {
  const seats = new Map<number, Set<number>>();
  const out = new Map<number, Pick<OrgFacts, 'committeeSeats' | 'hasSecretary' | 'hasCommitteeOnlySeat'>>();
  for (const p of posts) {
    if (!COMMITTEE_POST_KINDS.includes(p.post)) {
      continue;
    }
    const set = seats.get(p.org_id) ?? new Set<number>();
    set.add(p.person_id);
    seats.set(p.org_id, set);
    const f = out.get(p.org_id) ?? { committeeSeats: 0, hasSecretary: false, hasCommitteeOnlySeat: false };
    if (p.post === 'secretary') {
      f.hasSecretary = true;
    } else if (p.post !== 'deputy_secretary') {
      f.hasCommitteeOnlySeat = true;
    }
    f.committeeSeats = set.size;
    out.set(p.org_id, f);
  }
  return out;
}

function check(org: CheckOrg, rule: OrgCheckRule, severity: CheckSeverity, message: string, source: string): OrgCheck {
  return { orgId: org.id, orgCode: org.code, rule, severity, message, source };
}

/**
 * The rule checks of one organisation from its facts. A branch "has a committee" when a committee term is
 * recorded or a seat other than secretary/deputy is held; members = full + probationary.
 */
export function checkOrg(org: CheckOrg, facts: OrgFacts, rules: RuleValues, today: string, subtreeMembers = 0): OrgCheck[] {
  const out: OrgCheck[] = [];
  const members = facts.full + facts.probationary;
  if (org.kind === 'branch') {
    const minFull = rules.value('branch.min_full_members');
    if (facts.full < minFull) {
      out.push(
        check(
          org,
          'branch.min_full_members',
          'warning',
          `党支部有${facts.full}名正式党员，少于${minFull}名，应按地域相邻、行业相近的原则与邻近单位成立联合党支部`,
          rules.source('branch.min_full_members'),
        ),
      );
    }
    const hasCommittee = org.term_start !== null || facts.hasCommitteeOnlySeat;
    const needFull = rules.value('branch.committee_min_full_members');
    if (!hasCommittee && facts.full >= needFull) {
      out.push(
        check(
          org,
          'branch.committee_required',
          'warning',
          `党支部有${facts.full}名正式党员（${needFull}名以上），未设立支部委员会`,
          rules.source('branch.committee_min_full_members'),
        ),
      );
    }
    if (hasCommittee) {
      const size = facts.committeeSeats;
      const min = rules.value('branch.committee_min_size');
      const normalMax = rules.value('branch.committee_normal_max_size');
      const max = rules.value('branch.committee_max_size');
      const source = rules.source('branch.committee_max_size');
      if (size < min) {
        out.push(check(org, 'branch.committee_size', 'error', `支部委员会现有${size}名委员，少于${min}名`, source));
      } else if (size > max) {
        out.push(check(org, 'branch.committee_size', 'error', `支部委员会现有${size}名委员，超过${max}名`, source));
      } else if (size > normalMax && !org.committee_note?.trim()) {
        out.push(
          check(
            org,
            'branch.committee_size',
            'warning',
            `支部委员会现有${size}名委员，超过${normalMax}名且未记录说明（经批准的理由）`,
            source,
          ),
        );
      }
    }
    const maxMembers = rules.value('branch.max_members');
    if (members > maxMembers) {
      out.push(
        check(
          org,
          'branch.max_members',
          'warning',
          `党支部有${members}名党员，超过${maxMembers}名，应考虑成立党总支或分设党支部`,
          rules.source('branch.max_members'),
        ),
      );
    }
    const groupsAt = rules.value('branch.groups_required_members');
    if (members >= groupsAt && facts.groups === 0) {
      out.push(
        check(
          org,
          'branch.groups_required',
          'warning',
          `党支部有${members}名党员（${groupsAt}名以上），未划分党小组`,
          rules.source('branch.groups_required_members'),
        ),
      );
    }
    if (!facts.hasSecretary) {
      out.push(check(org, 'branch.no_secretary', 'error', '党支部书记空缺（无在任书记）', rules.source('branch.committee_max_size')));
    }
  }
  if (org.kind === 'general_branch') {
    const threshold = rules.value('general_branch.committee_possible_members');
    if (subtreeMembers > threshold) {
      out.push(
        check(
          org,
          'general_branch.committee_possible',
          'info',
          `党总支所属党员${subtreeMembers}名，超过${threshold}名，经批准可设立党的基层委员会`,
          rules.source('general_branch.committee_possible_members'),
        ),
      );
    }
  }
  if (org.kind !== 'group') {
    const term = termOf(org.term_start, org.term_years, today, rules);
    const source = org.kind === 'branch' ? rules.source('term.warn_days') : `${CONSTITUTION}第三十一条`;
    if (term?.state === 'overdue') {
      out.push(check(org, 'term.overdue', 'error', `委员会任期已于${term.termEnd}届满（逾期${-term.daysLeft}天），应按期换届选举`, source));
    } else if (term?.state === 'ending_soon') {
      out.push(
        check(org, 'term.ending_soon', 'warning', `委员会任期将于${term.termEnd}届满（还有${term.daysLeft}天），应做好换届准备`, source),
      );
    }
  }
  return out;
}

const SEVERITY_ORDER: Record<CheckSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Orders checks by severity, then organisation code, then rule. */
export function sortChecks(checks: OrgCheck[]): OrgCheck[] {
  return checks.sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.orgCode.localeCompare(b.orgCode) || a.rule.localeCompare(b.rule),
  );
}

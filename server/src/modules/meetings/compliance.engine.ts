import type { CellState } from '@guantong/shared';

/**
 * The compliance arithmetic (基层党建标准化), pure and allocation-light so that 5,000 organisations × 12 months
 * evaluate in milliseconds. An obligation is (organisation, rule, period). Rules (支部工作条例 defaults, editable):
 * - `branch`: every 党支部; `branch_with_committee`: only branches with a 支部委员会; `group`: every 党小组;
 *   `branch_talk_coverage`: share of a branch's members who had a 谈心谈话 in the year.
 * - A period is owed only when the organisation existed on its first day (a branch founded mid-quarter owes from the
 *   next full quarter; `foundedOn` null = always existed).
 * - State: met when held ≥ required (also early, inside a running period); missed when the period ended unmet;
 *   open while it runs unmet; na when not owed or not yet started.
 */

export type Period = 'month' | 'quarter' | 'year';

export interface EngineRule {
  code: string;
  typeCode: string;
  period: Period;
  min: number;
  appliesTo: 'branch' | 'branch_with_committee' | 'group' | 'branch_talk_coverage';
  coverage: number | null;
}

export interface EngineOrg {
  id: number;
  kind: 'committee' | 'general_branch' | 'branch' | 'group';
  foundedOn: string | null;
  hasCommittee: boolean;
}

/** Held meetings per organisation → type → month (index 0..11). */
export type HeldCounts = Map<number, Map<string, Uint16Array>>;

/** Members and members covered by a talk in the year, per branch. */
export type TalkCoverage = Map<number, { members: number; covered: number }>;

export interface PeriodSpan {
  key: string;
  start: string;
  end: string;
  /** First and last month index (0..11) of the period. */
  from: number;
  to: number;
}

/** The periods of a year for a rule's frequency. */
export function periodsOf(period: Period, year: number): PeriodSpan[] {
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = (m: number) => new Date(Date.UTC(year, m + 1, 0)).getUTCDate();
  if (period === 'month') {
    return Array.from({ length: 12 }, (_, m) => ({
      key: `${year}-${pad(m + 1)}`,
      start: `${year}-${pad(m + 1)}-01`,
      end: `${year}-${pad(m + 1)}-${pad(lastDay(m))}`,
      from: m,
      to: m,
    }));
  }
  if (period === 'quarter') {
    return Array.from({ length: 4 }, (_, q) => ({
      key: `${year}-Q${q + 1}`,
      start: `${year}-${pad(q * 3 + 1)}-01`,
      end: `${year}-${pad(q * 3 + 3)}-${pad(lastDay(q * 3 + 2))}`,
      from: q * 3,
      to: q * 3 + 2,
    }));
  }
  return [{ key: String(year), start: `${year}-01-01`, end: `${year}-12-31`, from: 0, to: 11 }];
}

/** State codes, ordered so the worst wins when combining: na < ok < open < miss. */
export const NA = 0;
export const OK = 1;
export const OPEN = 2;
export const MISS = 3;
const STATE_NAMES: readonly CellState[] = ['na', 'ok', 'open', 'miss'];

/** The name of a state code. */
export function stateName(code: number): CellState {
  return STATE_NAMES[code] ?? 'na';
}

/** True when the rule binds this organisation. */
export function ruleApplies(rule: EngineRule, org: EngineOrg): boolean {
  switch (rule.appliesTo) {
    case 'branch':
    case 'branch_talk_coverage':
      return org.kind === 'branch';
    case 'branch_with_committee':
      return org.kind === 'branch' && org.hasCommittee;
    case 'group':
      return org.kind === 'group';
  }
}

export interface Obligation {
  rule: EngineRule;
  period: PeriodSpan;
  held: number;
  state: number;
  covered: number | null;
  members: number | null;
}

/** What one organisation's year looks like: month cells, the year cell, and obligations met / due so far. */
export interface OrgYear {
  months: Uint8Array;
  year: number;
  met: number;
  due: number;
}

/**
 * Evaluates one organisation for a year as of a day. Month rules fill their month's cell, quarter rules the
 * quarter's last month, year rules the year cell. `visit` (optional) receives every obligation (drill-down,
 * metrics); `inRange` narrows which obligations count toward met / due (metrics over a period).
 */
export function evaluateOrg(
  org: EngineOrg,
  rules: readonly EngineRule[],
  periods: ReadonlyMap<Period, PeriodSpan[]>,
  held: HeldCounts,
  talk: TalkCoverage,
  asOf: string,
  visit?: (o: Obligation) => void,
  inRange?: (p: PeriodSpan) => boolean,
): OrgYear {
  const months = new Uint8Array(12);
  let yearCell = NA;
  let met = 0;
  let due = 0;
  const byType = held.get(org.id);
  for (const rule of rules) {
    if (!ruleApplies(rule, org)) {
      continue;
    }
    const counts = byType?.get(rule.typeCode);
    for (const p of periods.get(rule.period) ?? []) {
      let state: number;
      let n = 0;
      let covered: number | null = null;
      let members: number | null = null;
      if (org.foundedOn !== null && org.foundedOn > p.start) {
        state = NA;
      } else if (rule.appliesTo === 'branch_talk_coverage') {
        const t = talk.get(org.id);
        members = t?.members ?? 0;
        covered = t?.covered ?? 0;
        n = covered;
        if (members === 0) {
          state = NA;
        } else if (covered / members >= (rule.coverage ?? 1) - 1e-9) {
          state = OK;
        } else {
          state = p.end < asOf ? MISS : p.start > asOf ? NA : OPEN;
        }
      } else {
        if (counts) {
          for (let m = p.from; m <= p.to; m++) {
            n += counts[m] ?? 0;
          }
        }
        state = n >= rule.min ? OK : p.end < asOf ? MISS : p.start > asOf ? NA : OPEN;
      }
      if (rule.period === 'year') {
        yearCell = Math.max(yearCell, state);
      } else {
        const idx = p.to;
        months[idx] = Math.max(months[idx] ?? NA, state);
      }
      if ((state === OK || state === MISS) && (!inRange || inRange(p))) {
        due += 1;
        if (state === OK) {
          met += 1;
        }
      }
      visit?.({ rule, period: p, held: n, state, covered, members });
    }
  }
  return { months, year: yearCell, met, due };
}

/** Folds a group's year into its branch's (the branch row shows its groups' 党小组会 too). */
export function foldInto(into: OrgYear, from: OrgYear): void {
  for (let m = 0; m < 12; m++) {
    into.months[m] = Math.max(into.months[m] ?? NA, from.months[m] ?? NA);
  }
  into.year = Math.max(into.year, from.year);
  into.met += from.met;
  into.due += from.due;
}

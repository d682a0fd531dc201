import type { Inactivity } from '@guantong/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { RuleValues } from '../orgs/orgs.rules.js';

/**
 * The 6-month rule (《中国共产党章程》第九条, 自行脱党): a member who for 6 consecutive months takes no part in
 * organisational life, pays no dues or does no assigned work. The facts come from other modules (meetings
 * attendance, dues payments, assigned work); until one of them registers a source, every member is 'no_data'.
 * Never invent values here.
 */
export interface InactivityFacts {
  /** Whole months since the person's last organisational life (meeting attended), null when unknown. */
  monthsWithoutOrgLife?: number | null;
  /** Whole months since the last dues payment, null when unknown. */
  monthsWithoutDues?: number | null;
  /** Whole months since the last assigned work was done, null when unknown. */
  monthsWithoutWork?: number | null;
}

/** A module that knows some of the facts, for a batch of people on a day. */
export type InactivitySource = (db: Kysely<DB>, personIds: readonly number[], today: string) => Promise<Map<number, InactivityFacts>>;

const sources = new Map<string, InactivitySource>();

/** Called once by the meetings / dues modules at registration to feed the 6-month rule. */
export function registerInactivitySource(name: string, source: InactivitySource): void {
  sources.set(name, source);
}

const NO_DATA: Inactivity = { state: 'no_data', months: null, detail: null };

/**
 * The rule's state per person: the longest known gap (org life, dues or work) against the warning (default 4)
 * and lapse (default 6) months; 'no_data' when no source knows anything about the person.
 */
export async function inactivityOf(
  db: Kysely<DB>,
  personIds: readonly number[],
  today: string,
  rules: RuleValues,
): Promise<Map<number, Inactivity>> {
  const out = new Map<number, Inactivity>(personIds.map((id) => [id, NO_DATA]));
  if (sources.size === 0 || personIds.length === 0) {
    return out;
  }
  const merged = new Map<number, InactivityFacts>();
  for (const source of sources.values()) {
    for (const [id, facts] of await source(db, personIds, today)) {
      merged.set(id, { ...merged.get(id), ...facts });
    }
  }
  const warn = rules.value('member.inactivity_warn_months');
  const lapse = rules.value('member.inactivity_lapse_months');
  for (const [id, f] of merged) {
    const gaps: Array<[string, number]> = [];
    if (typeof f.monthsWithoutOrgLife === 'number') {
      gaps.push(['未参加组织生活', f.monthsWithoutOrgLife]);
    }
    if (typeof f.monthsWithoutDues === 'number') {
      gaps.push(['未交纳党费', f.monthsWithoutDues]);
    }
    if (typeof f.monthsWithoutWork === 'number') {
      gaps.push(['未做党分配的工作', f.monthsWithoutWork]);
    }
    if (gaps.length === 0) {
      continue;
    }
    const [what, months] = gaps.reduce((a, b) => (b[1] > a[1] ? b : a));
    const state = months >= lapse ? 'lapsed' : months >= warn ? 'approaching' : 'ok';
    out.set(id, { state, months, detail: state === 'ok' ? null : `连续${months}个月${what}` });
  }
  return out;
}

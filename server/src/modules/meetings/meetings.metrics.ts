import type { MetricValue } from '@guantong/shared';
import { MEMBER_STATUSES } from '@guantong/shared';
import { type Kysely, sql } from 'kysely';
import { type MetricComputeArgs, type MetricRecord, registerMetric } from '../../core/metrics.js';
import type { DB } from '../../db/schema.js';
import { evaluateOrg, MISS, type Obligation, OK, type PeriodSpan } from './compliance.engine.js';
import { loadComplianceData } from './compliance.service.js';

/**
 * The meeting and learning metrics of the evaluation registry (指标库). Each computes for every subject in a few
 * grouped queries: facts are summed per organisation (or person), then added to every ancestor by splitting the
 * materialised path, so a 5,000-organisation run costs O(organisations × depth), not one query per subject.
 */

const rate = (n: number, d: number, definition: string): MetricValue => ({
  value: d === 0 ? null : Math.round((n / d) * 1000) / 10,
  numerator: n,
  denominator: d,
  definition,
});

async function chunks<T>(ids: readonly number[], fn: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 900) {
    out.push(...(await fn(ids.slice(i, i + 900))));
  }
  return out;
}

/** Adds per-org facts to every ancestor on the path (the org itself included) that is a subject. */
function rollUp<T>(
  rows: Iterable<{ path: string; value: T }>,
  subjects: Set<number>,
  add: (into: T | undefined, v: T) => T,
): Map<number, T> {
  const out = new Map<number, T>();
  for (const r of rows) {
    for (const part of r.path.split('/')) {
      if (!part) {
        continue;
      }
      const id = Number(part);
      if (subjects.has(id)) {
        out.set(id, add(out.get(id), r.value));
      }
    }
  }
  return out;
}

const addPair = (a: [number, number] | undefined, b: [number, number]): [number, number] => [(a?.[0] ?? 0) + b[0], (a?.[1] ?? 0) + b[1]];

/**
 * Separate subtrees loaded one by one at most; beyond this their common ancestor's subtree is loaded once. Tests set
 * it to 0 to cover the common-ancestor path on a small tree.
 */
export const meetingMetricTuning = { maxSeparateRoots: 8 };

/**
 * The subtrees to load for the subject organisations: the smallest set covering them, or — when that is more than a
 * few (a scheme over every branch has 1,330 disjoint subtrees at group scale) — their nearest common ancestor, whose
 * data is loaded in one pass (the visit keeps to the subjects).
 */
async function subjectRoots(db: Kysely<DB>, ids: readonly number[]): Promise<Array<{ id: number; path: string }>> {
  const rows = await chunks(ids, (c) => db.selectFrom('orgs').select(['id', 'path']).where('id', 'in', c).execute());
  const roots: Array<{ id: number; path: string }> = [];
  for (const r of rows.sort((a, b) => a.path.localeCompare(b.path))) {
    if (!roots.some((q) => r.path.startsWith(q.path))) {
      roots.push(r);
    }
  }
  if (roots.length <= meetingMetricTuning.maxSeparateRoots) {
    return roots;
  }
  // Paths are '/<id>/<id>/…/': the common ancestor is the longest common run of leading segments.
  const split = roots.map((r) => r.path.split('/').filter(Boolean));
  const common: string[] = [];
  for (let i = 0; split.every((p) => p[i] !== undefined && p[i] === split[0]?.[i]); i++) {
    common.push(split[0]?.[i] as string);
  }
  if (common.length === 0) {
    return roots;
  }
  return [{ id: Number(common[common.length - 1]), path: `/${common.join('/')}/` }];
}

function yearsOf(from: string, to: string): number[] {
  const out: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    out.push(y);
  }
  return out;
}

/** Visits every obligation of the subjects' subtrees whose period lies inside [from, to] and was decided by asOf. */
async function visitObligations(
  args: Pick<MetricComputeArgs, 'db' | 'period' | 'asOf'>,
  roots: Array<{ path: string }>,
  visit: (org: { id: number; path: string; name: string }, o: Obligation) => void,
): Promise<void> {
  const inRange = (p: PeriodSpan) => p.start >= args.period.from && p.end <= args.period.to;
  for (const root of roots) {
    for (const year of yearsOf(args.period.from, args.period.to)) {
      const data = await loadComplianceData(args.db, root, year, args.asOf);
      for (const o of data.orgs) {
        if (o.kind !== 'branch' && o.kind !== 'group') {
          continue;
        }
        evaluateOrg(o, data.rules, data.periods, data.held, data.talk, args.asOf, (ob) => {
          if ((ob.state === OK || ob.state === MISS) && inRange(ob.period)) {
            visit(o, ob);
          }
        });
      }
    }
  }
}

const COMPLIANCE_DEF =
  '基层组织应开展的组织生活（党员大会、支委会、党小组会、党课、主题党日、组织生活会、民主评议党员、谈心谈话覆盖）中按期完成的项数 ÷ 期内已到期的应开展项数（按《支部工作条例》频次）';
const ATTENDANCE_DEF = '期内已召开的组织生活会议（计入组织生活的会议类型）中，应到人员实到人次 ÷ 应到人次';
const HOURS_DEF = '期内学习（五学）会议实到人员学时之和与完成补学学时之和 ÷ 组织内党员人数（学时取整计入分子）';
const REFLECTION_DEF = '期内提交且未被退回的学习心得篇数';

/** Registers the meetings / learning metrics (organisation and person subjects). */
export function registerMeetingMetrics(): void {
  registerMetric({
    key: 'meetings.compliance_rate',
    module: 'meetings',
    subject: 'org',
    unit: 'percent',
    label: { zh: '组织生活按期开展率', en: 'Organisational life on schedule' },
    definition: COMPLIANCE_DEF,
    async compute(args) {
      const subjects = new Set(args.subjectIds);
      const roots = await subjectRoots(args.db, args.subjectIds);
      const facts: Array<{ path: string; value: [number, number] }> = [];
      await visitObligations(args, roots, (o, ob) => facts.push({ path: o.path, value: [ob.state === OK ? 1 : 0, 1] }));
      const sums = rollUp(facts, subjects, addPair);
      return new Map(args.subjectIds.map((id) => [id, rate(sums.get(id)?.[0] ?? 0, sums.get(id)?.[1] ?? 0, COMPLIANCE_DEF)]));
    },
    async records(args) {
      const roots = await subjectRoots(args.db, [args.subjectId]);
      const out: MetricRecord[] = [];
      await visitObligations(args, roots, (o, ob) => {
        if (out.length < args.limit) {
          out.push({
            type: 'compliance_obligation',
            id: o.id,
            title: `${o.name} ${ob.rule.typeCode} ${ob.period.key}（${ob.held}/${ob.rule.min}）`,
            date: ob.period.end,
            role: ob.state === OK ? 'numerator' : 'denominator',
            href: `/compliance/branches/${o.id}?year=${ob.period.start.slice(0, 4)}`,
          });
        }
      });
      return out;
    },
  });

  registerMetric({
    key: 'meetings.attendance_rate',
    module: 'meetings',
    subject: 'org',
    unit: 'percent',
    label: { zh: '组织生活出席率', en: 'Organisational life attendance' },
    definition: ATTENDANCE_DEF,
    async compute(args) {
      const rows = await args.db
        .selectFrom('meeting_attendees as a')
        .innerJoin('orgs as o', 'o.id', 'a.org_id')
        .select([
          'o.path',
          sql<number>`sum(case when a.status = 'present' then 1 else 0 end)`.as('present'),
          sql<number>`count(*)`.as('expected'),
        ])
        .where('a.meeting_status', '=', 'held')
        .where('a.org_life', '=', 1)
        .where('a.expected', '=', 1)
        .where('a.meeting_date', '>=', args.period.from)
        .where('a.meeting_date', '<=', args.period.to)
        .groupBy('o.path')
        .execute();
      const sums = rollUp(
        rows.map((r) => ({ path: r.path, value: [Number(r.present ?? 0), Number(r.expected)] as [number, number] })),
        new Set(args.subjectIds),
        addPair,
      );
      return new Map(args.subjectIds.map((id) => [id, rate(sums.get(id)?.[0] ?? 0, sums.get(id)?.[1] ?? 0, ATTENDANCE_DEF)]));
    },
    async records(args) {
      const org = await args.db.selectFrom('orgs').select('path').where('id', '=', args.subjectId).executeTakeFirst();
      if (!org) {
        return [];
      }
      const rows = await args.db
        .selectFrom('meetings as m')
        .innerJoin('orgs as o', 'o.id', 'm.org_id')
        .innerJoin('meeting_types as t', 't.code', 'm.type_code')
        .select(['m.id', 'm.title', 'm.meeting_date'])
        .where('m.status', '=', 'held')
        .where('t.org_life', '=', 1)
        .where('m.meeting_date', '>=', args.period.from)
        .where('m.meeting_date', '<=', args.period.to)
        .where('o.path', '>=', org.path)
        .where('o.path', '<', `${org.path}~`)
        .orderBy('m.meeting_date')
        .limit(args.limit)
        .execute();
      return rows.map((r) => ({
        type: 'meeting',
        id: r.id,
        title: r.title,
        date: r.meeting_date,
        role: 'count' as const,
        href: `/meetings/${r.id}`,
      }));
    },
  });

  registerMetric({
    key: 'meetings.attendance_rate_person',
    module: 'meetings',
    subject: 'person',
    unit: 'percent',
    label: { zh: '个人组织生活出席率', en: 'Personal organisational life attendance' },
    definition: ATTENDANCE_DEF,
    async compute(args) {
      const rows = await chunks(args.subjectIds, (c) =>
        args.db
          .selectFrom('meeting_attendees')
          .select([
            'person_id',
            sql<number>`sum(case when status = 'present' then 1 else 0 end)`.as('present'),
            sql<number>`count(*)`.as('expected'),
          ])
          .where('person_id', 'in', c)
          .where('meeting_status', '=', 'held')
          .where('org_life', '=', 1)
          .where('expected', '=', 1)
          .where('meeting_date', '>=', args.period.from)
          .where('meeting_date', '<=', args.period.to)
          .groupBy('person_id')
          .execute(),
      );
      const by = new Map(rows.map((r) => [r.person_id, r]));
      return new Map(
        args.subjectIds.map((id) => [id, rate(Number(by.get(id)?.present ?? 0), Number(by.get(id)?.expected ?? 0), ATTENDANCE_DEF)]),
      );
    },
  });

  const hoursByOrg = async (db: Kysely<DB>, from: string, to: string) => {
    const present = await db
      .selectFrom('meeting_attendees as a')
      .innerJoin('study_records as s', 's.meeting_id', 'a.meeting_id')
      .innerJoin('orgs as o', 'o.id', 'a.org_id')
      .select(['o.path', sql<number>`sum(s.hours)`.as('h')])
      .where('a.status', '=', 'present')
      .where('a.meeting_status', '=', 'held')
      .where('a.meeting_date', '>=', from)
      .where('a.meeting_date', '<=', to)
      .groupBy('o.path')
      .execute();
    const makeup = await db
      .selectFrom('study_makeups as mk')
      .innerJoin('meetings as m', 'm.id', 'mk.meeting_id')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .leftJoin('study_records as s', 's.meeting_id', 'm.id')
      .select(['o.path', sql<number>`sum(coalesce(mk.hours, s.hours))`.as('h')])
      .where('mk.status', '=', 'done')
      .where('mk.done_on', '>=', from)
      .where('mk.done_on', '<=', to)
      .groupBy('o.path')
      .execute();
    return [...present, ...makeup].map((r) => ({ path: r.path, h: Number(r.h ?? 0) }));
  };

  registerMetric({
    key: 'learning.study_hours_per_member',
    module: 'learning',
    subject: 'org',
    unit: 'hours',
    label: { zh: '党员人均学习学时', en: 'Study hours per member' },
    definition: HOURS_DEF,
    async compute(args) {
      const subjects = new Set(args.subjectIds);
      const hours = rollUp(
        (await hoursByOrg(args.db, args.period.from, args.period.to)).map((r) => ({ path: r.path, value: r.h })),
        subjects,
        (a, b) => (a ?? 0) + b,
      );
      const members = await args.db
        .selectFrom('people as p')
        .innerJoin('orgs as b', 'b.id', 'p.branch_id')
        .select(['b.path', sql<number>`count(*)`.as('n')])
        .where('p.status', '=', 'active')
        .where('p.party_status', 'in', [...MEMBER_STATUSES])
        .groupBy('b.path')
        .execute();
      const counts = rollUp(
        members.map((m) => ({ path: m.path, value: Number(m.n) })),
        subjects,
        (a, b) => (a ?? 0) + b,
      );
      return new Map(
        args.subjectIds.map((id) => {
          const h = hours.get(id) ?? 0;
          const n = counts.get(id) ?? 0;
          return [
            id,
            { value: n === 0 ? null : Math.round((h / n) * 10) / 10, numerator: Math.round(h), denominator: n, definition: HOURS_DEF },
          ];
        }),
      );
    },
    async records(args) {
      const org = await args.db.selectFrom('orgs').select('path').where('id', '=', args.subjectId).executeTakeFirst();
      if (!org) {
        return [];
      }
      const rows = await args.db
        .selectFrom('study_records as s')
        .innerJoin('meetings as m', 'm.id', 's.meeting_id')
        .innerJoin('orgs as o', 'o.id', 'm.org_id')
        .select(['m.id', 'm.title', 'm.meeting_date', 's.hours'])
        .where('m.status', '=', 'held')
        .where('m.meeting_date', '>=', args.period.from)
        .where('m.meeting_date', '<=', args.period.to)
        .where('o.path', '>=', org.path)
        .where('o.path', '<', `${org.path}~`)
        .orderBy('m.meeting_date')
        .limit(args.limit)
        .execute();
      return rows.map((r) => ({
        type: 'meeting',
        id: r.id,
        title: `${r.title}（${Number(r.hours)} 学时）`,
        date: r.meeting_date,
        role: 'numerator' as const,
        href: `/meetings/${r.id}`,
      }));
    },
  });

  registerMetric({
    key: 'learning.study_hours_person',
    module: 'learning',
    subject: 'person',
    unit: 'hours',
    label: { zh: '个人学习学时', en: 'Personal study hours' },
    definition: '期内实到的学习（五学）会议学时之和与完成补学学时之和',
    async compute(args) {
      const present = await chunks(args.subjectIds, (c) =>
        args.db
          .selectFrom('meeting_attendees as a')
          .innerJoin('study_records as s', 's.meeting_id', 'a.meeting_id')
          .select(['a.person_id', sql<number>`sum(s.hours)`.as('h')])
          .where('a.person_id', 'in', c)
          .where('a.status', '=', 'present')
          .where('a.meeting_status', '=', 'held')
          .where('a.meeting_date', '>=', args.period.from)
          .where('a.meeting_date', '<=', args.period.to)
          .groupBy('a.person_id')
          .execute(),
      );
      const makeup = await chunks(args.subjectIds, (c) =>
        args.db
          .selectFrom('study_makeups as mk')
          .leftJoin('study_records as s', 's.meeting_id', 'mk.meeting_id')
          .select(['mk.person_id', sql<number>`sum(coalesce(mk.hours, s.hours))`.as('h')])
          .where('mk.person_id', 'in', c)
          .where('mk.status', '=', 'done')
          .where('mk.done_on', '>=', args.period.from)
          .where('mk.done_on', '<=', args.period.to)
          .groupBy('mk.person_id')
          .execute(),
      );
      const h = new Map<number, number>();
      for (const r of [...present, ...makeup]) {
        h.set(r.person_id, (h.get(r.person_id) ?? 0) + Number(r.h ?? 0));
      }
      return new Map(
        args.subjectIds.map((id) => {
          const v = Math.round((h.get(id) ?? 0) * 10) / 10;
          return [id, { value: v, numerator: Math.round(v), denominator: 1, definition: '期内实到的学习会议学时与补学学时之和' }];
        }),
      );
    },
  });

  registerMetric({
    key: 'learning.reflections',
    module: 'learning',
    subject: 'org',
    unit: 'count',
    label: { zh: '学习心得篇数', en: 'Study reflections' },
    definition: REFLECTION_DEF,
    async compute(args) {
      const rows = await args.db
        .selectFrom('study_reflections as r')
        .innerJoin('orgs as o', 'o.id', 'r.org_id')
        .select(['o.path', sql<number>`count(*)`.as('n')])
        .where('r.status', '<>', 'returned')
        .where('r.submitted_on', '>=', args.period.from)
        .where('r.submitted_on', '<=', args.period.to)
        .groupBy('o.path')
        .execute();
      const sums = rollUp(
        rows.map((r) => ({ path: r.path, value: Number(r.n) })),
        new Set(args.subjectIds),
        (a, b) => (a ?? 0) + b,
      );
      return new Map(
        args.subjectIds.map((id) => [
          id,
          { value: sums.get(id) ?? 0, numerator: sums.get(id) ?? 0, denominator: 1, definition: REFLECTION_DEF },
        ]),
      );
    },
    async records(args) {
      const org = await args.db.selectFrom('orgs').select('path').where('id', '=', args.subjectId).executeTakeFirst();
      if (!org) {
        return [];
      }
      const rows = await args.db
        .selectFrom('study_reflections as r')
        .innerJoin('orgs as o', 'o.id', 'r.org_id')
        .innerJoin('people as p', 'p.id', 'r.person_id')
        .select(['r.id', 'r.title', 'r.submitted_on', 'p.name'])
        .where('r.status', '<>', 'returned')
        .where('r.submitted_on', '>=', args.period.from)
        .where('r.submitted_on', '<=', args.period.to)
        .where('o.path', '>=', org.path)
        .where('o.path', '<', `${org.path}~`)
        .orderBy('r.submitted_on')
        .limit(args.limit)
        .execute();
      return rows.map((r) => ({
        type: 'study_reflection',
        id: r.id,
        title: `${r.name}：${r.title}`,
        date: r.submitted_on,
        role: 'count' as const,
        href: `/learning/reflections?id=${r.id}`,
      }));
    },
  });

  registerMetric({
    key: 'learning.reflections_person',
    module: 'learning',
    subject: 'person',
    unit: 'count',
    label: { zh: '个人学习心得篇数', en: 'Personal study reflections' },
    definition: REFLECTION_DEF,
    async compute(args) {
      const rows = await chunks(args.subjectIds, (c) =>
        args.db
          .selectFrom('study_reflections')
          .select(['person_id', sql<number>`count(*)`.as('n')])
          .where('person_id', 'in', c)
          .where('status', '<>', 'returned')
          .where('submitted_on', '>=', args.period.from)
          .where('submitted_on', '<=', args.period.to)
          .groupBy('person_id')
          .execute(),
      );
      const by = new Map(rows.map((r) => [r.person_id, Number(r.n)]));
      return new Map(
        args.subjectIds.map((id) => [
          id,
          { value: by.get(id) ?? 0, numerator: by.get(id) ?? 0, denominator: 1, definition: REFLECTION_DEF },
        ]),
      );
    },
  });
}

import type {
  ComplianceBranch,
  ComplianceCell,
  ComplianceMatrix,
  ComplianceMatrixQuery,
  ComplianceRow,
  ComplianceRule,
  ComplianceRuleUpdate,
  Obligation as ObligationOut,
} from '@guantong/shared';
import { COMMITTEE_POST_KINDS, MEMBER_STATUSES, type PostKind } from '@guantong/shared';
import { type Kysely, sql } from 'kysely';
import { type Actor, requireRole, requireVisibleOrg, scopeFor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { prefixEnd } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import { loadRules } from '../orgs/orgs.service.js';
import {
  type EngineOrg,
  type EngineRule,
  evaluateOrg,
  foldInto,
  type HeldCounts,
  MISS,
  NA,
  type Obligation,
  OK,
  type OrgYear,
  type Period,
  type PeriodSpan,
  periodsOf,
  stateName,
  type TalkCoverage,
} from './compliance.engine.js';
import { meetingToday } from './meetings.access.js';
import { orgLifeGaps } from './meetings.inactivity.js';
import { canReadPath, MEETING_READ_ROLES, MEETING_SETTINGS_ROLES } from './meetings.policy.js';

/** An organisation of the evaluated subtree. */
export interface ComplianceOrg extends EngineOrg {
  code: string;
  name: string;
  path: string;
  parentId: number | null;
  depth: number;
}

/** Everything the engine needs for a subtree and a year, read in a handful of batched queries. */
export interface ComplianceData {
  orgs: ComplianceOrg[];
  byId: Map<number, ComplianceOrg>;
  rules: EngineRule[];
  ruleRows: ComplianceRule[];
  periods: Map<Period, PeriodSpan[]>;
  held: HeldCounts;
  talk: TalkCoverage;
}

/** The compliance rules (frequencies) as data. */
export async function loadComplianceRules(db: Kysely<DB>): Promise<ComplianceRule[]> {
  const rows = await db
    .selectFrom('compliance_rules as r')
    .innerJoin('meeting_types as t', 't.code', 'r.meeting_type_code')
    .selectAll('r')
    .select('t.name as type_name')
    .orderBy('r.sort_order')
    .execute();
  return rows.map((r) => ({
    code: r.code,
    meetingTypeCode: r.meeting_type_code,
    meetingTypeName: r.type_name,
    period: r.period,
    minCount: r.min_count,
    appliesTo: r.applies_to,
    coverage: r.coverage === null ? null : Number(r.coverage),
    source: r.source,
    active: r.active === 1,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  }));
}

/** Changes a frequency (an operator follows a revised regulation); audited field by field. */
export async function updateComplianceRule(
  ctx: AppContext,
  actor: Actor,
  code: string,
  input: ComplianceRuleUpdate,
): Promise<ComplianceRule> {
  requireRole(actor, MEETING_SETTINGS_ROLES);
  const db = ctx.database.db;
  const before = await db.selectFrom('compliance_rules').selectAll().where('code', '=', code).executeTakeFirst();
  if (!before) {
    throw notFound('compliance rule');
  }
  const patch = {
    ...(input.period !== undefined ? { period: input.period } : {}),
    ...(input.minCount !== undefined ? { min_count: input.minCount } : {}),
    ...(input.coverage !== undefined ? { coverage: input.coverage } : {}),
    ...(input.source !== undefined ? { source: input.source } : {}),
    ...(input.active !== undefined ? { active: input.active ? 1 : 0 } : {}),
    updated_by: actor.username,
    updated_at: ctx.clock().toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('compliance_rules').set(patch).where('code', '=', code).execute();
    await audit(
      trx,
      actor,
      { action: 'compliance_rule.updated', entityType: 'compliance_rule', entityId: code, before, after: { ...before, ...patch } },
      ctx.clock,
    );
  });
  const out = (await loadComplianceRules(db)).find((r) => r.code === code);
  if (!out) {
    throw notFound('compliance rule');
  }
  return out;
}

const COMMITTEE_ONLY_POSTS = (COMMITTEE_POST_KINDS as PostKind[]).filter((p) => p !== 'secretary' && p !== 'deputy_secretary');
/** Above this many organisations, a whole-year scan filtered in memory beats per-organisation lookups. */
const SCAN_THRESHOLD = 400;

async function inChunks<T>(ids: number[], fn: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 900) {
    out.push(...(await fn(ids.slice(i, i + 900))));
  }
  return out;
}

/**
 * Reads a subtree's organisations (active branches and groups with their founding date and whether a branch has a
 * committee), the rules, the held meetings per org / type / month of the year, and talk coverage per branch.
 */
export async function loadComplianceData(db: Kysely<DB>, root: { path: string }, year: number, asOf: string): Promise<ComplianceData> {
  const ruleRows = await loadComplianceRules(db);
  const rules: EngineRule[] = ruleRows
    .filter((r) => r.active)
    .map((r) => ({
      code: r.code,
      typeCode: r.meetingTypeCode,
      period: r.period,
      min: r.minCount,
      appliesTo: r.appliesTo,
      coverage: r.coverage,
    }));
  const orgRows = await db
    .selectFrom('orgs')
    .select(['id', 'code', 'name', 'kind', 'path', 'parent_id', 'depth', 'founded_on', 'term_start'])
    .where('path', '>=', root.path)
    .where('path', '<', prefixEnd(root.path))
    .where('status', '=', 'active')
    .orderBy('path')
    .execute();
  const committeeRows = await db
    .selectFrom('org_posts as p')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .select('p.org_id')
    .distinct()
    .where('o.path', '>=', root.path)
    .where('o.path', '<', prefixEnd(root.path))
    .where('o.kind', '=', 'branch')
    .where('p.post', 'in', COMMITTEE_ONLY_POSTS)
    .where('p.start_on', '<=', asOf)
    .where((eb) => eb.or([eb('p.end_on', 'is', null), eb('p.end_on', '>', asOf)]))
    .execute();
  const withSeats = new Set(committeeRows.map((r) => r.org_id));
  const orgs: ComplianceOrg[] = orgRows.map((o) => ({
    id: o.id,
    code: o.code,
    name: o.name,
    kind: o.kind,
    path: o.path,
    parentId: o.parent_id,
    depth: o.depth,
    foundedOn: o.founded_on,
    hasCommittee: o.kind === 'branch' && (o.term_start !== null || withSeats.has(o.id)),
  }));
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const typeCodes = [...new Set(rules.filter((r) => r.appliesTo !== 'branch_talk_coverage').map((r) => r.typeCode))];
  const held: HeldCounts = new Map();
  const grassroots = orgs.filter((o) => o.kind === 'branch' || o.kind === 'group').map((o) => o.id);
  if (typeCodes.length > 0 && grassroots.length > 0) {
    // One row per organisation and type with the 12 monthly counts (a pivot keeps the aggregate small).
    const monthSums = Array.from({ length: 12 }, (_, m) => {
      const mm = String(m + 1).padStart(2, '0');
      return sql<number>`sum(case when meeting_date >= ${`${year}-${mm}-01`} and meeting_date <= ${`${year}-${mm}-31`} then 1 else 0 end)`.as(
        `m${m + 1}`,
      );
    });
    const base = () =>
      db
        .selectFrom('meetings')
        .select(['org_id', 'type_code', ...monthSums])
        .where('status', '=', 'held')
        .where('meeting_date', '>=', `${year}-01-01`)
        .where('meeting_date', '<=', `${year}-12-31`)
        .where('type_code', 'in', typeCodes);
    let rows: Array<Record<string, number | string | null> & { org_id: number; type_code: string }>;
    if (grassroots.length > SCAN_THRESHOLD) {
      rows = (await base().groupBy(['org_id', 'type_code']).execute()) as typeof rows;
    } else {
      // A few organisations: read their year by (org_id, meeting_date) only — the one index that fits — and count here.
      const wanted = new Set(typeCodes);
      const raw = await inChunks(grassroots, (chunk) =>
        db
          .selectFrom('meetings')
          .select(['org_id', 'type_code', 'status', 'meeting_date'])
          .where('org_id', 'in', chunk)
          .where('meeting_date', '>=', `${year}-01-01`)
          .where('meeting_date', '<=', `${year}-12-31`)
          .execute(),
      );
      const acc = new Map<string, Record<string, number | string | null> & { org_id: number; type_code: string }>();
      for (const r of raw) {
        if (r.status !== 'held' || !wanted.has(r.type_code)) {
          continue;
        }
        const key = `${r.org_id}|${r.type_code}`;
        const row = acc.get(key) ?? { org_id: r.org_id, type_code: r.type_code };
        const m = `m${Number(r.meeting_date.slice(5, 7))}`;
        row[m] = Number(row[m] ?? 0) + 1;
        acc.set(key, row);
      }
      rows = [...acc.values()];
    }
    for (const r of rows) {
      if (!byId.has(r.org_id)) {
        continue;
      }
      let types = held.get(r.org_id);
      if (!types) {
        types = new Map();
        held.set(r.org_id, types);
      }
      const months = new Uint16Array(12);
      const rec = r;
      for (let m = 0; m < 12; m++) {
        months[m] = Number(rec[`m${m + 1}`] ?? 0);
      }
      types.set(r.type_code, months);
    }
  }
  const talk: TalkCoverage = new Map();
  const talkRules = rules.filter((r) => r.appliesTo === 'branch_talk_coverage');
  if (talkRules.length > 0) {
    const branchIds = orgs.filter((o) => o.kind === 'branch').map((o) => o.id);
    const talkTypes = [...new Set(talkRules.map((r) => r.typeCode))];
    // Members per branch, and how many of them took part in a held talk of the year (any organisation's talk).
    const countQuery = (covered: boolean) => {
      let q = db
        .selectFrom('people as p')
        .select(['p.branch_id', sql<number>`count(*)`.as('n')])
        .where('p.status', '=', 'active')
        .where('p.party_status', 'in', [...MEMBER_STATUSES]);
      if (covered) {
        // A talk is recorded with both people (chair and counterpart, required when it is created): either side counts.
        const talks = (side: 'chair_person_id' | 'counterpart_person_id') =>
          db
            .selectFrom('meetings')
            .select(side)
            .where('type_code', 'in', talkTypes)
            .where('status', '=', 'held')
            .where('meeting_date', '>=', `${year}-01-01`)
            .where('meeting_date', '<=', `${year}-12-31`)
            .where(side, 'is not', null);
        q = q.where((eb) =>
          eb.or([eb('p.id', 'in', talks('chair_person_id') as never), eb('p.id', 'in', talks('counterpart_person_id') as never)]),
        );
      }
      return q;
    };
    const run = (covered: boolean) =>
      branchIds.length > SCAN_THRESHOLD
        ? countQuery(covered).where('p.branch_id', 'is not', null).groupBy('p.branch_id').execute()
        : inChunks(branchIds, (chunk) => countQuery(covered).where('p.branch_id', 'in', chunk).groupBy('p.branch_id').execute());
    const [members, covered] = await Promise.all([run(false), run(true)]);
    for (const r of members) {
      if (r.branch_id !== null && byId.has(r.branch_id)) {
        talk.set(r.branch_id, { members: Number(r.n), covered: 0 });
      }
    }
    for (const r of covered) {
      const t = r.branch_id === null ? undefined : talk.get(r.branch_id);
      if (t) {
        t.covered = Number(r.n);
      }
    }
  }
  const periods = new Map<Period, PeriodSpan[]>([
    ['month', periodsOf('month', year)],
    ['quarter', periodsOf('quarter', year)],
    ['year', periodsOf('year', year)],
  ]);
  return { orgs, byId, rules, ruleRows, periods, held, talk };
}

/**
 * Evaluates every branch of the data (each with its groups folded in): branch id → its year. Groups whose branch
 * is outside the data (a group as root) are returned under their own id.
 */
export function evaluateBranches(data: ComplianceData, asOf: string): Map<number, OrgYear> {
  const out = new Map<number, OrgYear>();
  for (const o of data.orgs) {
    if (o.kind === 'branch') {
      out.set(o.id, evaluateOrg(o, data.rules, data.periods, data.held, data.talk, asOf));
    }
  }
  for (const o of data.orgs) {
    if (o.kind !== 'group') {
      continue;
    }
    const y = evaluateOrg(o, data.rules, data.periods, data.held, data.talk, asOf);
    const branch = o.parentId === null ? undefined : out.get(o.parentId);
    if (branch) {
      foldInto(branch, y);
    } else {
      out.set(o.id, y);
    }
  }
  return out;
}

function cellOf(states: number[]): ComplianceCell {
  let missed = 0;
  let met = 0;
  let worst = NA;
  for (const s of states) {
    if (s === MISS) {
      missed += 1;
    } else if (s === OK) {
      met += 1;
    }
    worst = Math.max(worst, s);
  }
  return { state: stateName(worst), missed, met };
}

function rowOf(org: ComplianceOrg, years: OrgYear[], isBranch: boolean, drillable: boolean): ComplianceRow {
  const months: ComplianceCell[] = [];
  for (let m = 0; m < 12; m++) {
    months.push(cellOf(years.map((y) => y.months[m] ?? NA)));
  }
  const met = years.reduce((s, y) => s + y.met, 0);
  const due = years.reduce((s, y) => s + y.due, 0);
  return {
    org: { id: org.id, code: org.code, name: org.name, kind: org.kind },
    branch: isBranch,
    drillable,
    branches: years.length,
    months,
    year: cellOf(years.map((y) => y.year)),
    met,
    due,
    rate: due === 0 ? null : Math.round((met / due) * 1000) / 1000,
  };
}

function hasMiss(row: ComplianceRow): boolean {
  return row.year.state === 'miss' || row.months.some((c) => c.state === 'miss');
}

/**
 * The compliance matrix of a subtree for a year: one row per child organisation aggregated over its branches
 * (drill into it), or one row per branch (`view=branches`, paged). Cells are red where a period ended unmet.
 */
export async function complianceMatrix(ctx: AppContext, actor: Actor, q: ComplianceMatrixQuery): Promise<ComplianceMatrix> {
  const t0 = performance.now();
  const db = ctx.database.db;
  const scope = scopeFor(actor, MEETING_READ_ROLES);
  let rootId = q.orgId;
  if (!rootId) {
    if (scope.all) {
      const top = await db.selectFrom('orgs').select('id').where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
      rootId = top?.id;
    } else {
      const path = scope.prefixes[0];
      const top = path ? await db.selectFrom('orgs').select('id').where('path', '=', path).executeTakeFirst() : undefined;
      rootId = top?.id;
    }
  }
  if (!rootId) {
    throw notFound('organisation');
  }
  const root = await requireVisibleOrg(db, actor, rootId, MEETING_READ_ROLES);
  const asOf = meetingToday(ctx);
  // The grouped scans run off the event loop (SQLite: in the read worker).
  const data = await loadComplianceData(ctx.database.reader, root, q.year, asOf);
  const years = evaluateBranches(data, asOf);
  const ancestorIds = root.path
    .split('/')
    .filter(Boolean)
    .map(Number)
    .filter((id) => id !== root.id);
  const ancestors =
    ancestorIds.length === 0
      ? []
      : (
          await db
            .selectFrom('orgs')
            .select(['id', 'code', 'name', 'kind', 'path'])
            .where('id', 'in', ancestorIds)
            .orderBy('depth')
            .execute()
        )
          .filter((a) => canReadPath(actor, a.path))
          .map((a) => ({ id: a.id, code: a.code, name: a.name, kind: a.kind }));
  let rows: ComplianceRow[] = [];
  if (q.view === 'branches' || root.kind === 'branch' || root.kind === 'group') {
    for (const o of data.orgs) {
      const y = years.get(o.id);
      if (y) {
        rows.push(rowOf(o, [y], true, false));
      }
    }
  } else {
    const children = data.orgs.filter((o) => o.parentId === root.id && o.kind !== 'group');
    for (const child of children) {
      const inside: OrgYear[] = [];
      for (const o of data.orgs) {
        if (o.path.startsWith(child.path)) {
          const y = years.get(o.id);
          if (y) {
            inside.push(y);
          }
        }
      }
      rows.push(rowOf(child, inside, child.kind === 'branch', child.kind !== 'branch'));
    }
  }
  if (q.onlyMissing === 'true') {
    rows = rows.filter(hasMiss);
  }
  const all = [...years.values()];
  const met = all.reduce((s, y) => s + y.met, 0);
  const due = all.reduce((s, y) => s + y.due, 0);
  const total = rows.length;
  const paged = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  return {
    org: { id: root.id, code: root.code, name: root.name, kind: root.kind },
    ancestors,
    year: q.year,
    asOf,
    view: q.view,
    rows: paged,
    total,
    totals: { branches: all.length, met, due, rate: due === 0 ? null : Math.round((met / due) * 1000) / 1000 },
    rules: data.ruleRows,
    computeMs: Math.round((performance.now() - t0) * 10) / 10,
  };
}

/**
 * A branch's obligations for the year (its own and its groups'), the meetings behind each, what is missing now
 * (or in the month asked), and its members with no organisational life for 4+ months.
 */
export async function complianceBranch(
  ctx: AppContext,
  actor: Actor,
  orgId: number,
  year: number,
  month?: number,
): Promise<ComplianceBranch> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, orgId, MEETING_READ_ROLES);
  if (org.kind !== 'branch' && org.kind !== 'group') {
    throw notFound('branch');
  }
  const asOf = meetingToday(ctx);
  const data = await loadComplianceData(ctx.database.reader, org, year, asOf);
  const self = data.byId.get(org.id);
  const groups = data.orgs.filter((o) => o.kind === 'group' && o.parentId === org.id);
  const meetings = await db
    .selectFrom('meetings')
    .select(['id', 'org_id', 'type_code', 'title', 'meeting_date', 'status'])
    .where('org_id', 'in', [org.id, ...groups.map((g) => g.id)])
    .where('meeting_date', '>=', `${year}-01-01`)
    .where('meeting_date', '<=', `${year}-12-31`)
    .orderBy('meeting_date')
    .execute()
    .then((rows) => rows.filter((r) => r.status === 'held'));
  const obligations: ObligationOut[] = [];
  const ruleSource = new Map(data.ruleRows.map((r) => [r.code, r]));
  const collect = (o: (typeof data.orgs)[number]) => (ob: Obligation) => {
    const rr = ruleSource.get(ob.rule.code);
    obligations.push({
      ruleCode: ob.rule.code,
      meetingTypeCode: ob.rule.typeCode,
      meetingTypeName: rr?.meetingTypeName ?? ob.rule.typeCode,
      org: { id: o.id, code: o.code, name: o.name, kind: o.kind },
      period: ob.rule.period,
      periodKey: ob.period.key,
      periodStart: ob.period.start,
      periodEnd: ob.period.end,
      required: ob.rule.min,
      held: ob.held,
      covered: ob.covered,
      members: ob.members,
      state: stateName(ob.state),
      source: rr?.source ?? '',
      meetings:
        ob.rule.appliesTo === 'branch_talk_coverage'
          ? []
          : meetings
              .filter(
                (m) =>
                  m.org_id === o.id &&
                  m.type_code === ob.rule.typeCode &&
                  m.meeting_date >= ob.period.start &&
                  m.meeting_date <= ob.period.end,
              )
              .map((m) => ({ id: m.id, title: m.title, meetingDate: m.meeting_date })),
    });
  };
  for (const o of [self, ...groups]) {
    if (o) {
      evaluateOrg(o, data.rules, data.periods, data.held, data.talk, asOf, collect(o));
    }
  }
  const focus = month ? `${year}-${String(month).padStart(2, '0')}-15` : asOf;
  const missingNow = obligations.filter(
    (o) => (o.state === 'miss' || o.state === 'open') && o.periodStart <= focus && o.periodEnd >= focus,
  );
  // Members of the branch (and its groups) with no org life for 4+ months.
  const members = await db
    .selectFrom('people')
    .select(['id', 'name', 'employee_no'])
    .where('status', '=', 'active')
    .where('party_status', 'in', [...MEMBER_STATUSES])
    .where(org.kind === 'group' ? 'group_id' : 'branch_id', '=', org.id)
    .execute();
  const rules = await loadRules(db);
  const warn = rules.value('member.inactivity_warn_months');
  const lapse = rules.value('member.inactivity_lapse_months');
  const gaps = await orgLifeGaps(
    db,
    members.map((m) => m.id),
    asOf,
  );
  const inactiveMembers = members
    .map((m) => ({ m, g: gaps.get(m.id) }))
    .filter((x) => x.g && x.g.months !== null && x.g.months >= warn)
    .map((x) => ({
      person: { id: x.m.id, name: x.m.name, employeeNo: x.m.employee_no },
      months: x.g?.months ?? 0,
      lastAttendedOn: x.g?.lastAttendedOn ?? null,
      state: (x.g?.months ?? 0) >= lapse ? ('lapsed' as const) : ('approaching' as const),
    }))
    .sort((a, b) => b.months - a.months);
  return {
    org: { id: org.id, code: org.code, name: org.name, kind: org.kind },
    year,
    asOf,
    hasCommittee: self?.hasCommittee ?? false,
    foundedOn: org.founded_on,
    groups: groups.map((g) => ({ id: g.id, code: g.code, name: g.name, kind: g.kind })),
    obligations,
    missingNow,
    inactiveMembers,
  };
}

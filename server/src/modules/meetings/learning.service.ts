import type {
  LearningPeopleQuery,
  LearningPerson,
  LearningStats,
  Makeup,
  MakeupDoneInput,
  Reflection,
  ReflectionCreateInput,
  ReflectionListQuery,
  ReflectionReviewInput,
  StudyModeValue,
  StudyPlan,
  StudyPlanCreateInput,
  StudyPlanItemInput,
  StudyPlanUpdateInput,
} from '@guantong/shared';
import { MEMBER_STATUSES, STUDY_MODES } from '@guantong/shared';
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { type Actor, requireVisibleOrg, scopeFor, whereInScope } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, forbidden, invalidState, notFound } from '../../core/errors.js';
import type { Page } from '../../core/paging.js';
import { paginate } from '../../core/paging.js';
import { prefixEnd } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import { loadVisibleMeeting, meetingToday, personOfActor, requireRecord } from './meetings.access.js';
import { canReadPath, canWritePath, MEETING_READ_ROLES, MEETING_WRITE_ROLES } from './meetings.policy.js';

const round1 = (n: number) => Math.round(n * 10) / 10;
const round3 = (n: number) => Math.round(n * 1000) / 1000;

async function rootOrg(ctx: AppContext, actor: Actor, orgId: number | undefined) {
  const db = ctx.database.db;
  if (orgId) {
    return requireVisibleOrg(db, actor, orgId, MEETING_READ_ROLES);
  }
  const scope = scopeFor(actor, MEETING_READ_ROLES);
  const top = scope.all
    ? await db.selectFrom('orgs').select('id').where('parent_id', 'is', null).orderBy('id').executeTakeFirst()
    : scope.prefixes[0]
      ? await db.selectFrom('orgs').select('id').where('path', '=', scope.prefixes[0]).executeTakeFirst()
      : undefined;
  if (!top) {
    throw notFound('organisation');
  }
  return requireVisibleOrg(db, actor, top.id, MEETING_READ_ROLES);
}

// ------------------------------------------------------------------------------------------------ study plans

async function presentPlans(db: Kysely<DB>, planIds: number[]): Promise<StudyPlan[]> {
  if (planIds.length === 0) {
    return [];
  }
  const plans = await db
    .selectFrom('study_plans as p')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .selectAll('p')
    .select(['o.code as org_code', 'o.name as org_name', 'o.kind as org_kind'])
    .where('p.id', 'in', planIds)
    .orderBy('p.year', 'desc')
    .orderBy('o.path')
    .execute();
  const items = await db.selectFrom('study_plan_items').selectAll().where('plan_id', 'in', planIds).orderBy('position').execute();
  const itemIds = items.map((i) => i.id);
  const sessions =
    itemIds.length === 0
      ? []
      : await db
          .selectFrom('study_records as s')
          .innerJoin('meetings as m', 'm.id', 's.meeting_id')
          .select(['s.plan_item_id', sql<number>`count(*)`.as('n')])
          .where('s.plan_item_id', 'in', itemIds)
          .where('m.status', '=', 'held')
          .groupBy('s.plan_item_id')
          .execute();
  const sessionsBy = new Map(sessions.map((s) => [s.plan_item_id, Number(s.n)]));
  return plans.map((p) => {
    const mine = items
      .filter((i) => i.plan_id === p.id)
      .map((i) => ({
        id: i.id,
        position: i.position,
        topic: i.topic,
        materials: i.materials,
        mode: i.mode,
        plannedMonth: i.planned_month,
        plannedHours: i.planned_hours === null ? null : Number(i.planned_hours),
        sessions: sessionsBy.get(i.id) ?? 0,
        done: (sessionsBy.get(i.id) ?? 0) > 0,
      }));
    return {
      id: p.id,
      org: { id: p.org_id, code: p.org_code, name: p.org_name, kind: p.org_kind },
      year: p.year,
      title: p.title,
      description: p.description,
      targetHours: p.target_hours === null ? null : Number(p.target_hours),
      status: p.status,
      items: mine,
      progress: { items: mine.length, done: mine.filter((i) => i.done).length },
      createdAt: p.created_at,
      updatedAt: p.updated_at,
    };
  });
}

/** Study plans of a year in an organisation's subtree (or the actor's scope). */
export async function listStudyPlans(ctx: AppContext, actor: Actor, q: { orgId?: number; year?: number }): Promise<StudyPlan[]> {
  const db = ctx.database.db;
  let query = db.selectFrom('study_plans as p').innerJoin('orgs as o', 'o.id', 'p.org_id').select('p.id');
  if (q.orgId) {
    const org = await requireVisibleOrg(db, actor, q.orgId, MEETING_READ_ROLES);
    query = query.where('o.path', '>=', org.path).where('o.path', '<', prefixEnd(org.path));
  } else {
    query = query.where((eb) => whereInScope(eb as unknown as ExpressionBuilder<DB, never>, 'o.path', scopeFor(actor, MEETING_READ_ROLES)));
  }
  if (q.year) {
    query = query.where('p.year', '=', q.year);
  }
  const ids = await query.orderBy('p.year', 'desc').orderBy('o.path').limit(500).execute();
  return presentPlans(
    db,
    ids.map((r) => r.id),
  );
}

async function loadPlan(ctx: AppContext, actor: Actor, id: number, write: boolean) {
  const db = ctx.database.db;
  const row = await db
    .selectFrom('study_plans as p')
    .innerJoin('orgs as o', 'o.id', 'p.org_id')
    .selectAll('p')
    .select('o.path')
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!row || !canReadPath(actor, row.path)) {
    throw notFound('study plan');
  }
  if (write && !canWritePath(actor, row.path)) {
    throw forbidden('Only the organisation’s secretary or administrators may change its study plan.');
  }
  return row;
}

/** One study plan with its topics and how many sessions covered each. */
export async function getStudyPlan(ctx: AppContext, actor: Actor, id: number): Promise<StudyPlan> {
  await loadPlan(ctx, actor, id, false);
  const [plan] = await presentPlans(ctx.database.db, [id]);
  if (!plan) {
    throw notFound('study plan');
  }
  return plan;
}

function assertItemsInYear(items: StudyPlanItemInput[], year: number): void {
  items.forEach((it, i) => {
    if (it.plannedMonth && !it.plannedMonth.startsWith(`${year}-`)) {
      throw new AppError('VALIDATION_FAILED', 400, 'A planned month lies outside the plan’s year.', [
        { path: `items.${i}.plannedMonth`, message: `must be in ${year}` },
      ]);
    }
  });
}

/** Creates a year's study plan (topics, materials, schedule) for an organisation the actor operates; audited. */
export async function createStudyPlan(ctx: AppContext, actor: Actor, input: StudyPlanCreateInput): Promise<StudyPlan> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, input.orgId, MEETING_WRITE_ROLES);
  assertItemsInYear(input.items, input.year);
  const now = ctx.clock().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const values = {
      org_id: org.id,
      year: input.year,
      title: input.title,
      description: input.description,
      target_hours: input.targetHours ?? null,
      status: 'active' as const,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    const row = await trx.insertInto('study_plans').values(values).returning('id').executeTakeFirstOrThrow();
    if (input.items.length > 0) {
      await trx
        .insertInto('study_plan_items')
        .values(input.items.map((it, i) => itemRow(row.id, i + 1, it, now)))
        .execute();
    }
    await audit(
      trx,
      actor,
      { action: 'study_plan.created', entityType: 'study_plan', entityId: row.id, after: { ...values, items: input.items } },
      ctx.clock,
    );
    return row.id;
  });
  return getStudyPlan(ctx, actor, id);
}

function itemRow(planId: number, position: number, it: StudyPlanItemInput, now: string) {
  return {
    plan_id: planId,
    position,
    topic: it.topic,
    materials: it.materials,
    mode: it.mode ?? null,
    planned_month: it.plannedMonth ?? null,
    planned_hours: it.plannedHours ?? null,
    created_at: now,
    updated_at: now,
  };
}

/** Edits a plan; `items` replaces the topic list (items keeping their id stay linked to their sessions). Audited. */
export async function updateStudyPlan(ctx: AppContext, actor: Actor, id: number, input: StudyPlanUpdateInput): Promise<StudyPlan> {
  const db = ctx.database.db;
  const plan = await loadPlan(ctx, actor, id, true);
  const now = ctx.clock().toISOString();
  if (input.items) {
    assertItemsInYear(input.items, plan.year);
  }
  await db.transaction().execute(async (trx) => {
    const patch = {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.targetHours !== undefined ? { target_hours: input.targetHours ?? null } : {}),
      updated_at: now,
    };
    await trx.updateTable('study_plans').set(patch).where('id', '=', id).execute();
    if (input.items) {
      const existing = await trx.selectFrom('study_plan_items').select('id').where('plan_id', '=', id).execute();
      const keep = new Set(input.items.map((i) => i.id).filter((x): x is number => x !== undefined));
      for (const k of keep) {
        if (!existing.some((e) => e.id === k)) {
          throw new AppError('VALIDATION_FAILED', 400, 'An item does not belong to this plan.', [
            { path: 'items', message: `item ${k} is not in this plan` },
          ]);
        }
      }
      const drop = existing.filter((e) => !keep.has(e.id)).map((e) => e.id);
      if (drop.length > 0) {
        await trx.updateTable('study_records').set({ plan_item_id: null }).where('plan_item_id', 'in', drop).execute();
        await trx.updateTable('study_reflections').set({ plan_item_id: null }).where('plan_item_id', 'in', drop).execute();
        await trx.deleteFrom('study_plan_items').where('id', 'in', drop).execute();
      }
      for (const [i, it] of input.items.entries()) {
        const row = itemRow(id, i + 1, it, now);
        if (it.id) {
          const { created_at: _c, plan_id: _p, ...upd } = row;
          await trx.updateTable('study_plan_items').set(upd).where('id', '=', it.id).execute();
        } else {
          await trx.insertInto('study_plan_items').values(row).execute();
        }
      }
    }
    await audit(
      trx,
      actor,
      {
        action: 'study_plan.updated',
        entityType: 'study_plan',
        entityId: id,
        before: { title: plan.title },
        after: { ...patch, items: input.items },
      },
      ctx.clock,
    );
  });
  return getStudyPlan(ctx, actor, id);
}

// ------------------------------------------------------------------------------------------------ statistics

interface Acc {
  members: number;
  sessions: number;
  personHours: number;
  expected: number;
  presentExpected: number;
  reflections: number;
}
const emptyAcc = (): Acc => ({ members: 0, sessions: 0, personHours: 0, expected: 0, presentExpected: 0, reflections: 0 });

/**
 * Learning statistics of an organisation's subtree for a year: sessions by mode and month, person-hours (present
 * attendees × session hours, plus completed make-up study), hours per member, attendance rate at study sessions,
 * reflections and make-ups; and the same per child organisation.
 */
export async function learningStats(ctx: AppContext, actor: Actor, orgId: number | undefined, year: number): Promise<LearningStats> {
  const db = ctx.database.db;
  const root = await rootOrg(ctx, actor, orgId);
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const inRoot = { lo: root.path, hi: prefixEnd(root.path) };
  const children = await db
    .selectFrom('orgs')
    .select(['id', 'code', 'name', 'kind', 'path'])
    .where('parent_id', '=', root.id)
    .where('status', '=', 'active')
    .where('kind', '<>', 'group')
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
  const childOf = (path: string) => children.find((c) => path.startsWith(c.path));
  const total = emptyAcc();
  const perChild = new Map<number, Acc>(children.map((c) => [c.id, emptyAcc()]));
  const add = (path: string, f: (a: Acc) => void) => {
    f(total);
    const c = childOf(path);
    const acc = c ? perChild.get(c.id) : undefined;
    if (acc) {
      f(acc);
    }
  };
  const sessions = await db
    .selectFrom('study_records as s')
    .innerJoin('meetings as m', 'm.id', 's.meeting_id')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select([
      'm.id',
      'o.path',
      's.mode',
      's.hours',
      'm.meeting_date',
      sql<number>`(select count(*) from meeting_attendees a where a.meeting_id = m.id and a.expected = 1)`.as('expected'),
      sql<number>`(select count(*) from meeting_attendees a where a.meeting_id = m.id and a.expected = 1 and a.status = 'present')`.as(
        'present_expected',
      ),
      sql<number>`(select count(*) from meeting_attendees a where a.meeting_id = m.id and a.status = 'present')`.as('present'),
    ])
    .where('m.status', '=', 'held')
    .where('m.meeting_date', '>=', from)
    .where('m.meeting_date', '<=', to)
    .where('o.path', '>=', inRoot.lo)
    .where('o.path', '<', inRoot.hi)
    .execute();
  const byMode = new Map<StudyModeValue, { sessions: number; hours: number }>(STUDY_MODES.map((m) => [m, { sessions: 0, hours: 0 }]));
  const byMonth = new Map<string, { sessions: number; personHours: number }>();
  for (let m = 1; m <= 12; m++) {
    byMonth.set(`${year}-${String(m).padStart(2, '0')}`, { sessions: 0, personHours: 0 });
  }
  let hours = 0;
  for (const s of sessions) {
    const h = Number(s.hours);
    const ph = h * Number(s.present);
    hours += h;
    const bm = byMode.get(s.mode);
    if (bm) {
      bm.sessions += 1;
      bm.hours += h;
    }
    const mm = byMonth.get(s.meeting_date.slice(0, 7));
    if (mm) {
      mm.sessions += 1;
      mm.personHours += ph;
    }
    add(s.path, (a) => {
      a.sessions += 1;
      a.personHours += ph;
      a.expected += Number(s.expected);
      a.presentExpected += Number(s.present_expected);
    });
  }
  const makeups = await db
    .selectFrom('study_makeups as mk')
    .innerJoin('meetings as m', 'm.id', 'mk.meeting_id')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .leftJoin('study_records as s', 's.meeting_id', 'm.id')
    .select(['o.path', 'mk.status', 'mk.hours', 's.hours as session_hours', 'mk.done_on'])
    .where('m.meeting_date', '>=', from)
    .where('m.meeting_date', '<=', to)
    .where('o.path', '>=', inRoot.lo)
    .where('o.path', '<', inRoot.hi)
    .execute();
  let assigned = 0;
  let done = 0;
  for (const mk of makeups) {
    if (mk.status === 'done') {
      done += 1;
      const h = Number(mk.hours ?? mk.session_hours ?? 0);
      add(mk.path, (a) => {
        a.personHours += h;
      });
      const mm = mk.done_on ? byMonth.get(mk.done_on.slice(0, 7)) : undefined;
      if (mm) {
        mm.personHours += h;
      }
    } else {
      assigned += 1;
    }
  }
  const members = await db
    .selectFrom('people as p')
    .innerJoin('orgs as b', 'b.id', 'p.branch_id')
    .select(['b.path', sql<number>`count(*)`.as('n')])
    .where('p.status', '=', 'active')
    .where('p.party_status', 'in', [...MEMBER_STATUSES])
    .where('b.path', '>=', inRoot.lo)
    .where('b.path', '<', inRoot.hi)
    .groupBy('b.path')
    .execute();
  for (const m of members) {
    add(m.path, (a) => {
      a.members += Number(m.n);
    });
  }
  const reflections = await db
    .selectFrom('study_reflections as r')
    .innerJoin('orgs as o', 'o.id', 'r.org_id')
    .select(['o.path', 'r.status', sql<number>`count(*)`.as('n')])
    .where('r.submitted_on', '>=', from)
    .where('r.submitted_on', '<=', to)
    .where('o.path', '>=', inRoot.lo)
    .where('o.path', '<', inRoot.hi)
    .groupBy(['o.path', 'r.status'])
    .execute();
  const refl = { submitted: 0, approved: 0, returned: 0 };
  for (const r of reflections) {
    refl[r.status] += Number(r.n);
    if (r.status !== 'returned') {
      add(r.path, (a) => {
        a.reflections += Number(r.n);
      });
    }
  }
  const perMember = (a: Acc) => (a.members === 0 ? null : round1(a.personHours / a.members));
  const rate = (a: Acc) => (a.expected === 0 ? null : round3(a.presentExpected / a.expected));
  return {
    org: { id: root.id, code: root.code, name: root.name, kind: root.kind },
    year,
    members: total.members,
    sessions: total.sessions,
    hours: round1(hours),
    hoursPerMember: perMember(total),
    attendanceRate: rate(total),
    reflections: refl,
    makeups: { assigned, done },
    byMode: [...byMode].map(([mode, v]) => ({ mode, sessions: v.sessions, hours: round1(v.hours) })),
    byMonth: [...byMonth].map(([month, v]) => ({ month, sessions: v.sessions, personHours: round1(v.personHours) })),
    children: children.map((c) => {
      const a = perChild.get(c.id) ?? emptyAcc();
      return {
        org: { id: c.id, code: c.code, name: c.name, kind: c.kind },
        members: a.members,
        sessions: a.sessions,
        personHours: round1(a.personHours),
        hoursPerMember: perMember(a),
        attendanceRate: rate(a),
        reflections: a.reflections,
      };
    }),
  };
}

/** Per-person study hours for a year (members of an organisation's subtree), searchable and sortable. */
export async function learningPeople(ctx: AppContext, actor: Actor, q: LearningPeopleQuery): Promise<Page<LearningPerson>> {
  const db = ctx.database.db;
  const root = await rootOrg(ctx, actor, q.orgId);
  const from = `${q.year}-01-01`;
  const to = `${q.year}-12-31`;
  let people = db
    .selectFrom('people as p')
    .innerJoin('orgs as b', 'b.id', 'p.branch_id')
    .where('p.status', '=', 'active')
    .where('p.party_status', 'in', [...MEMBER_STATUSES])
    .where('b.path', '>=', root.path)
    .where('b.path', '<', prefixEnd(root.path));
  if (q.q) {
    const like = `%${q.q}%`;
    people = people.where((eb) => eb.or([eb('p.name', 'like', like), eb('p.employee_no', 'like', like)]));
  }
  const hoursExpr = sql<number>`coalesce((select sum(s.hours) from meeting_attendees a join study_records s on s.meeting_id = a.meeting_id
      where a.person_id = p.id and a.status = 'present' and a.meeting_status = 'held' and a.meeting_date >= ${from} and a.meeting_date <= ${to}), 0)
    + coalesce((select sum(coalesce(mk.hours, s2.hours)) from study_makeups mk join meetings m2 on m2.id = mk.meeting_id
      left join study_records s2 on s2.meeting_id = mk.meeting_id
      where mk.person_id = p.id and mk.status = 'done' and m2.meeting_date >= ${from} and m2.meeting_date <= ${to}), 0)`;
  const reflExpr = sql<number>`(select count(*) from study_reflections r where r.person_id = p.id and r.status <> 'returned'
      and r.submitted_on >= ${from} and r.submitted_on <= ${to})`;
  const rowsQuery = people
    .select([
      'p.id',
      'p.name',
      'p.employee_no',
      'b.name as branch_name',
      hoursExpr.as('hours'),
      reflExpr.as('reflections'),
      sql<number>`(select count(*) from meeting_attendees a join study_records s on s.meeting_id = a.meeting_id
        where a.person_id = p.id and a.expected = 1 and a.meeting_status = 'held' and a.meeting_date >= ${from} and a.meeting_date <= ${to})`.as(
        'expected',
      ),
      sql<number>`(select count(*) from meeting_attendees a join study_records s on s.meeting_id = a.meeting_id
        where a.person_id = p.id and a.status = 'present' and a.meeting_status = 'held' and a.meeting_date >= ${from} and a.meeting_date <= ${to})`.as(
        'present',
      ),
      sql<number>`(select count(*) from study_makeups mk join meetings m3 on m3.id = mk.meeting_id where mk.person_id = p.id and mk.status = 'done'
        and m3.meeting_date >= ${from} and m3.meeting_date <= ${to})`.as('makeups_done'),
      sql<number>`(select count(*) from study_makeups mk join meetings m4 on m4.id = mk.meeting_id where mk.person_id = p.id and mk.status = 'assigned'
        and m4.meeting_date >= ${from} and m4.meeting_date <= ${to})`.as('makeups_open'),
    ])
    .orderBy(q.sort === 'name' ? sql`p.name` : q.sort === 'reflections' ? sql`reflections` : sql`hours`, q.order)
    .orderBy('p.employee_no');
  const { rows, total } = await paginate(rowsQuery, people, q);
  return {
    items: rows.map((r) => ({
      person: { id: r.id, name: r.name, employeeNo: r.employee_no },
      orgName: r.branch_name,
      sessionsExpected: Number(r.expected),
      sessionsPresent: Number(r.present),
      makeupsDone: Number(r.makeups_done),
      makeupsOpen: Number(r.makeups_open),
      hours: round1(Number(r.hours)),
      reflections: Number(r.reflections),
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// ------------------------------------------------------------------------------------------------ reflections

function reflectionsBase(db: Kysely<DB>) {
  return db
    .selectFrom('study_reflections as r')
    .innerJoin('people as p', 'p.id', 'r.person_id')
    .innerJoin('orgs as o', 'o.id', 'r.org_id')
    .leftJoin('meetings as m', 'm.id', 'r.meeting_id');
}

const REFLECTION_COLUMNS = [
  'r.id',
  'r.person_id',
  'r.org_id',
  'r.title',
  'r.body',
  'r.status',
  'r.review_comment',
  'r.reviewed_at',
  'r.submitted_on',
  'r.meeting_id',
  'p.name as person_name',
  'p.employee_no',
  'o.code as org_code',
  'o.name as org_name',
  'o.kind as org_kind',
  'o.path as org_path',
  'm.title as meeting_title',
  'm.meeting_date',
] as const;

type ReflectionRow = {
  id: number;
  person_id: number;
  org_id: number;
  title: string;
  body: string;
  status: 'submitted' | 'approved' | 'returned';
  review_comment: string | null;
  reviewed_at: string | null;
  submitted_on: string;
  meeting_id: number | null;
  person_name: string;
  employee_no: string;
  org_code: string;
  org_name: string;
  org_kind: 'committee' | 'general_branch' | 'branch' | 'group';
  org_path: string;
  meeting_title: string | null;
  meeting_date: string | null;
};

function presentReflection(actor: Actor, r: ReflectionRow): Reflection {
  return {
    id: r.id,
    person: { id: r.person_id, name: r.person_name, employeeNo: r.employee_no },
    org: { id: r.org_id, code: r.org_code, name: r.org_name, kind: r.org_kind },
    meeting: r.meeting_id === null ? null : { id: r.meeting_id, title: r.meeting_title ?? '', meetingDate: r.meeting_date ?? '' },
    title: r.title,
    body: r.body,
    status: r.status,
    reviewComment: r.review_comment,
    reviewedAt: r.reviewed_at,
    submittedOn: r.submitted_on,
    canReview: r.status === 'submitted' && canWritePath(actor, r.org_path),
  };
}

async function loadReflection(ctx: AppContext, actor: Actor, id: number, myPerson: number | null): Promise<ReflectionRow> {
  const r = (await reflectionsBase(ctx.database.db).select(REFLECTION_COLUMNS).where('r.id', '=', id).executeTakeFirst()) as
    | ReflectionRow
    | undefined;
  if (!r || !(canReadPath(actor, r.org_path) || (myPerson !== null && r.person_id === myPerson))) {
    throw notFound('reflection');
  }
  return r;
}

/** A member submits a reflection (心得) on a study session or topic; it goes to their branch for review. */
export async function submitReflection(ctx: AppContext, actor: Actor, input: ReflectionCreateInput): Promise<Reflection> {
  const db = ctx.database.db;
  const personId = await personOfActor(db, actor);
  if (personId === null) {
    throw forbidden('Your account is not linked to a person on the roster.');
  }
  const person = await db.selectFrom('people').select(['id', 'org_id', 'branch_id']).where('id', '=', personId).executeTakeFirstOrThrow();
  if (input.meetingId) {
    const attended = await db
      .selectFrom('meeting_attendees')
      .select('meeting_id')
      .where('meeting_id', '=', input.meetingId)
      .where('person_id', '=', personId)
      .executeTakeFirst();
    const visible = await db
      .selectFrom('meetings as m')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .select('o.path')
      .where('m.id', '=', input.meetingId)
      .executeTakeFirst();
    if (!visible || (!attended && !canReadPath(actor, visible.path))) {
      throw new AppError('VALIDATION_FAILED', 400, 'The meeting is not one you can write about.', [
        { path: 'meetingId', message: 'unknown meeting' },
      ]);
    }
  }
  const now = ctx.clock().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const values = {
      person_id: personId,
      org_id: person.branch_id ?? person.org_id,
      meeting_id: input.meetingId ?? null,
      plan_item_id: input.planItemId ?? null,
      title: input.title,
      body: input.body,
      status: 'submitted' as const,
      review_comment: null,
      reviewed_by: null,
      reviewed_at: null,
      submitted_on: meetingToday(ctx),
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    const row = await trx.insertInto('study_reflections').values(values).returning('id').executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'reflection.submitted', entityType: 'study_reflection', entityId: row.id, after: values }, ctx.clock);
    return row.id;
  });
  return presentReflection(actor, await loadReflection(ctx, actor, id, personId));
}

/** The author edits a returned reflection and submits it again. */
export async function resubmitReflection(ctx: AppContext, actor: Actor, id: number, input: ReflectionCreateInput): Promise<Reflection> {
  const db = ctx.database.db;
  const personId = await personOfActor(db, actor);
  const r = await loadReflection(ctx, actor, id, personId);
  if (r.person_id !== personId) {
    throw forbidden('Only the author may change a reflection.');
  }
  if (r.status !== 'returned') {
    throw invalidState('Only a returned reflection can be submitted again.');
  }
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    const patch = { title: input.title, body: input.body, status: 'submitted' as const, submitted_on: meetingToday(ctx), updated_at: now };
    await trx.updateTable('study_reflections').set(patch).where('id', '=', id).execute();
    await audit(
      trx,
      actor,
      {
        action: 'reflection.resubmitted',
        entityType: 'study_reflection',
        entityId: id,
        before: { title: r.title, status: r.status },
        after: patch,
      },
      ctx.clock,
    );
  });
  return presentReflection(actor, await loadReflection(ctx, actor, id, personId));
}

/** The branch reviews a submitted reflection: approve, or return it with a comment. */
export async function reviewReflection(ctx: AppContext, actor: Actor, id: number, input: ReflectionReviewInput): Promise<Reflection> {
  const db = ctx.database.db;
  const r = await loadReflection(ctx, actor, id, null);
  if (!canWritePath(actor, r.org_path)) {
    throw forbidden('Only the branch’s secretary or administrators review reflections.');
  }
  if (r.status !== 'submitted') {
    throw invalidState('The reflection is not waiting for review.');
  }
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    const patch = {
      status: input.decision,
      review_comment: input.comment ?? null,
      reviewed_by: actor.userId,
      reviewed_at: now,
      updated_at: now,
    };
    await trx.updateTable('study_reflections').set(patch).where('id', '=', id).execute();
    await audit(
      trx,
      actor,
      { action: 'reflection.reviewed', entityType: 'study_reflection', entityId: id, before: { status: r.status }, after: patch },
      ctx.clock,
    );
  });
  return presentReflection(actor, await loadReflection(ctx, actor, id, null));
}

/** Reflections in the actor's scope (or only the actor's own), newest first. */
export async function listReflections(ctx: AppContext, actor: Actor, q: ReflectionListQuery): Promise<Page<Reflection>> {
  const db = ctx.database.db;
  let base = reflectionsBase(db);
  if (q.mine === 'true') {
    const personId = await personOfActor(db, actor);
    base = base.where('r.person_id', '=', personId ?? -1);
  } else {
    base = base.where((eb) => whereInScope(eb as unknown as ExpressionBuilder<DB, never>, 'o.path', scopeFor(actor, MEETING_READ_ROLES)));
    if (q.orgId) {
      const org = await requireVisibleOrg(db, actor, q.orgId, MEETING_READ_ROLES);
      base = base.where('o.path', '>=', org.path).where('o.path', '<', prefixEnd(org.path));
    }
  }
  if (q.status) {
    base = base.where('r.status', '=', q.status);
  }
  if (q.year) {
    base = base.where('r.submitted_on', '>=', `${q.year}-01-01`).where('r.submitted_on', '<=', `${q.year}-12-31`);
  }
  if (q.q) {
    const like = `%${q.q}%`;
    base = base.where((eb) => eb.or([eb('r.title', 'like', like), eb('p.name', 'like', like)]));
  }
  const { rows, total } = await paginate(
    base.select(REFLECTION_COLUMNS).orderBy('r.submitted_on', 'desc').orderBy('r.id', 'desc'),
    base,
    q,
  );
  return { items: (rows as ReflectionRow[]).map((r) => presentReflection(actor, r)), total, page: q.page, pageSize: q.pageSize };
}

// ------------------------------------------------------------------------------------------------ make-up study

/** Assigns make-up study (补学) to the absent / on-leave attendees of a held study session; idempotent per person. */
export async function assignMakeups(
  ctx: AppContext,
  actor: Actor,
  meetingId: number,
  input: { personIds?: number[]; dueOn?: string | null },
): Promise<{ assigned: number }> {
  const db = ctx.database.db;
  const meeting = await loadVisibleMeeting(ctx, actor, meetingId);
  await requireRecord(ctx, actor, meeting);
  if (meeting.status !== 'held') {
    throw invalidState('Make-up study is assigned after the session was held.');
  }
  const absent = await db
    .selectFrom('meeting_attendees')
    .select('person_id')
    .where('meeting_id', '=', meetingId)
    .where('expected', '=', 1)
    .where('status', 'in', ['absent', 'leave'])
    .execute();
  const eligible = new Set(absent.map((a) => a.person_id));
  const wanted = input.personIds ?? [...eligible];
  for (const p of wanted) {
    if (!eligible.has(p)) {
      throw new AppError('VALIDATION_FAILED', 400, 'Make-up study is for expected attendees who were absent or on leave.', [
        { path: 'personIds', message: `person ${p} was not absent` },
      ]);
    }
  }
  const existing = new Set(
    (await db.selectFrom('study_makeups').select('person_id').where('meeting_id', '=', meetingId).execute()).map((r) => r.person_id),
  );
  const fresh = wanted.filter((p) => !existing.has(p));
  const now = ctx.clock().toISOString();
  if (fresh.length > 0) {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('study_makeups')
        .values(
          fresh.map((p) => ({
            meeting_id: meetingId,
            person_id: p,
            status: 'assigned' as const,
            due_on: input.dueOn ?? null,
            done_on: null,
            hours: null,
            note: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      await audit(
        trx,
        actor,
        { action: 'makeup.assigned', entityType: 'meeting', entityId: meetingId, note: { person_ids: fresh, due_on: input.dueOn ?? null } },
        ctx.clock,
      );
    });
  }
  return { assigned: fresh.length };
}

function makeupsBase(db: Kysely<DB>) {
  return db
    .selectFrom('study_makeups as mk')
    .innerJoin('meetings as m', 'm.id', 'mk.meeting_id')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .innerJoin('people as p', 'p.id', 'mk.person_id');
}
const MAKEUP_COLUMNS = [
  'mk.id',
  'mk.person_id',
  'mk.status',
  'mk.due_on',
  'mk.done_on',
  'mk.hours',
  'mk.note',
  'm.id as meeting_id',
  'm.title',
  'm.meeting_date',
  'o.name as org_name',
  'o.path as org_path',
  'p.name as person_name',
  'p.employee_no',
] as const;

function presentMakeup(r: {
  id: number;
  person_id: number;
  status: 'assigned' | 'done';
  due_on: string | null;
  done_on: string | null;
  hours: number | null;
  note: string | null;
  meeting_id: number;
  title: string;
  meeting_date: string;
  org_name: string;
  person_name: string;
  employee_no: string;
}): Makeup {
  return {
    id: r.id,
    person: { id: r.person_id, name: r.person_name, employeeNo: r.employee_no },
    meeting: { id: r.meeting_id, title: r.title, meetingDate: r.meeting_date, orgName: r.org_name },
    status: r.status,
    dueOn: r.due_on,
    doneOn: r.done_on,
    hours: r.hours === null ? null : Number(r.hours),
    note: r.note,
  };
}

/** Records a make-up as done (by the organisation's operators or the person); its hours count from then on. */
export async function completeMakeup(ctx: AppContext, actor: Actor, id: number, input: MakeupDoneInput): Promise<Makeup> {
  const db = ctx.database.db;
  const row = await makeupsBase(db).select(MAKEUP_COLUMNS).where('mk.id', '=', id).executeTakeFirst();
  const myPerson = await personOfActor(db, actor);
  if (!row || !(canReadPath(actor, row.org_path) || row.person_id === myPerson)) {
    throw notFound('make-up study');
  }
  if (!canWritePath(actor, row.org_path) && row.person_id !== myPerson) {
    throw forbidden('Only the organisation’s operators or the person may record the make-up.');
  }
  if (row.status === 'done') {
    throw invalidState('The make-up study is already recorded.');
  }
  if (input.doneOn < row.meeting_date || input.doneOn > meetingToday(ctx)) {
    throw new AppError('VALIDATION_FAILED', 400, 'The date must be between the session and today.', [
      { path: 'doneOn', message: 'out of range' },
    ]);
  }
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    const patch = { status: 'done' as const, done_on: input.doneOn, hours: input.hours ?? null, note: input.note ?? null, updated_at: now };
    await trx.updateTable('study_makeups').set(patch).where('id', '=', id).execute();
    await audit(
      trx,
      actor,
      { action: 'makeup.done', entityType: 'study_makeup', entityId: id, before: { status: row.status }, after: patch },
      ctx.clock,
    );
  });
  const out = await makeupsBase(db).select(MAKEUP_COLUMNS).where('mk.id', '=', id).executeTakeFirstOrThrow();
  return presentMakeup(out);
}

/** Make-up study in the actor's scope, open first. */
export async function listMakeups(
  ctx: AppContext,
  actor: Actor,
  q: { orgId?: number; status?: 'assigned' | 'done'; page: number; pageSize: number },
): Promise<Page<Makeup>> {
  const db = ctx.database.db;
  let base = makeupsBase(db).where((eb) =>
    whereInScope(eb as unknown as ExpressionBuilder<DB, never>, 'o.path', scopeFor(actor, MEETING_READ_ROLES)),
  );
  if (q.orgId) {
    const org = await requireVisibleOrg(db, actor, q.orgId, MEETING_READ_ROLES);
    base = base.where('o.path', '>=', org.path).where('o.path', '<', prefixEnd(org.path));
  }
  if (q.status) {
    base = base.where('mk.status', '=', q.status);
  }
  const { rows, total } = await paginate(
    base.select(MAKEUP_COLUMNS).orderBy('mk.status').orderBy('m.meeting_date', 'desc').orderBy('mk.id'),
    base,
    q,
  );
  return { items: rows.map(presentMakeup), total, page: q.page, pageSize: q.pageSize };
}

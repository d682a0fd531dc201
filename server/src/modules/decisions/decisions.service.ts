import type {
  Decision,
  DecisionBody,
  DecisionBodyUpdateInput,
  DecisionCategory,
  DecisionCategoryUpdateInput,
  DecisionCategoryUpsertInput,
  DecisionCreateInput,
  DecisionDetail,
  DecisionFollowUpCreateInput,
  DecisionFromResolutionInput,
  DecisionListQuery,
  DecisionMeetingOption,
  DecisionMeetingOptionsQuery,
  DecisionStats,
  DecisionStatsQuery,
  DecisionUpdateInput,
} from '@guantong/shared';
import type { Insertable, Kysely } from 'kysely';
import { type Actor, pathInScope, requireVisibleOrg, SYSTEM_ACTOR, scopeFor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, conflict, forbidden, invalidState, notFound } from '../../core/errors.js';
import { type Page, paginate } from '../../core/paging.js';
import type { DB } from '../../db/schema.js';
import { listCurrentNodes } from '../framework/framework.service.js';
import { createTask, issueTask, todayOf } from '../tasks/tasks.service.js';
import { sourceRollups, tasksOfSource } from '../tasks/tasks.sources.js';
import { canWriteAt, DECISION_READ_ROLES, DECISION_SETTINGS_ROLES, DECISION_WRITE_ROLES, mayCreateTasks } from './decisions.policy.js';
import { presentBody, presentCategory, presentDecision } from './decisions.presenter.js';
import {
  DECIDING_CATEGORIES,
  type DecisionListFilter,
  type DecisionRow,
  decisionListQuery,
  decisionsInOrder,
  findAgendaItem,
  findBody,
  findCategory,
  findDecision,
  findDecisionRow,
  findMeetingFacts,
  findResolution,
  insertCategory,
  insertDecision,
  listBodies,
  listCategories,
  type MeetingFacts,
  meetingOptions,
  orderedDecisionIds,
  registerCounts,
  updateBody,
  updateCategory,
  updateDecision,
} from './decisions.repository.js';
import type { DecisionsTable } from './decisions.tables.js';

/** The source type under which follow-up tasks are linked to decision items (task engine). */
export const DECISION_SOURCE = 'decision';
/** The framework requirement follow-up tasks hang on: 决策事项跟踪督办 (when the version in force has it). */
export const DECISION_FRAMEWORK_CODE = '2.1.2';

type Detail = { path: string; message: string };

function validation(message: string, details: Detail[]): AppError {
  return new AppError('VALIDATION_FAILED', 400, message, details);
}

function isRealDate(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

function orgIdsOnPath(path: string): number[] {
  return path
    .split('/')
    .filter(Boolean)
    .map((s) => Number(s));
}

// ---------------------------------------------------------------------------------------------- reads

async function rollupsFor(ctx: AppContext, ids: number[]) {
  return sourceRollups(ctx.database.db, DECISION_SOURCE, ids, todayOf(ctx));
}

async function listFilter(
  ctx: AppContext,
  actor: Actor,
  q: Omit<DecisionListQuery, 'page' | 'pageSize' | 'sort' | 'order'>,
): Promise<DecisionListFilter> {
  const underPath = q.orgId ? (await requireVisibleOrg(ctx.database.db, actor, q.orgId, DECISION_READ_ROLES)).path : null;
  return { ...q, scope: scopeFor(actor, DECISION_READ_ROLES), underPath, today: todayOf(ctx) };
}

/** Presents rows with their follow-up roll-ups. */
export async function presentDecisionRows(ctx: AppContext, rows: DecisionRow[]): Promise<Decision[]> {
  const rollups = await rollupsFor(
    ctx,
    rows.map((r) => r.id),
  );
  const today = todayOf(ctx);
  return rows.map((r) => presentDecision(r, rollups.get(r.id), today));
}

/** One page of the register in the actor's scope, filtered and sorted. */
export async function listDecisions(ctx: AppContext, actor: Actor, q: DecisionListQuery): Promise<Page<Decision>> {
  const db = ctx.database.db;
  const base = decisionListQuery(db, await listFilter(ctx, actor, q));
  const { rows, total } = await paginate(orderedDecisionIds(base, q.sort, q.order), base, q);
  const page = await decisionsInOrder(
    db,
    rows.map((r) => r.id),
  );
  return { items: await presentDecisionRows(ctx, page), total, page: q.page, pageSize: q.pageSize };
}

/** Every row of a filtered register, sorted (the export), refusing more than `max`. */
export async function allDecisions(ctx: AppContext, actor: Actor, q: DecisionListQuery, max: number): Promise<Decision[]> {
  const db = ctx.database.db;
  const base = decisionListQuery(db, await listFilter(ctx, actor, q));
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(count.n) > max) {
    throw new AppError('EXPORT_TOO_LARGE', 400, `The register has more than ${max} items here; narrow the filters.`, {
      rows: Number(count.n),
      max,
    });
  }
  const ids = (await orderedDecisionIds(base, q.sort, q.order).execute()).map((r) => r.id);
  return presentDecisionRows(ctx, await decisionsInOrder(db, ids));
}

/** Loads an item the actor may read (404 otherwise, the same as a missing one). */
async function loadVisible(ctx: AppContext, actor: Actor, id: number): Promise<DecisionRow> {
  const row = await findDecision(ctx.database.db, id);
  if (!row || !pathInScope(scopeFor(actor, DECISION_READ_ROLES), row.org_path)) {
    throw notFound('decision item');
  }
  return row;
}

/** An item with its follow-up tasks and what the actor may do. */
export async function getDecisionDetail(ctx: AppContext, actor: Actor, id: number): Promise<DecisionDetail> {
  const row = await loadVisible(ctx, actor, id);
  const [decision] = await presentDecisionRows(ctx, [row]);
  const tasks = await tasksOfSource(ctx, DECISION_SOURCE, id);
  const writable = canWriteAt(actor, row.org_path);
  return {
    ...decision,
    followUpTasks: tasks.map((t) => ({
      id: t.id,
      title: t.title,
      org: t.org,
      responsibleUser: t.responsibleUser,
      status: t.status,
      dueOn: t.dueOn,
      progress: t.rollup.progress,
      verifiedCompletion: t.rollup.verifiedCompletion,
      supervisionLevel: t.supervisionLevel,
      overdueDays: t.overdueDays,
      flagged: t.flagged,
    })),
    canEdit: writable,
    canAddFollowUp: writable && mayCreateTasks(actor) && row.status !== 'cancelled' && row.status !== 'completed',
  };
}

/** Counts for the register's header: per body, pre-study violations and warnings, reviews due, late follow-ups. */
export async function decisionStats(ctx: AppContext, actor: Actor, q: DecisionStatsQuery): Promise<DecisionStats> {
  const db = ctx.database.db;
  const f = await listFilter(ctx, actor, q);
  const counts = await registerCounts(db, f);
  const check = new Map(counts.byCheck.map((r) => [r.s, Number(r.n)]));
  const total = counts.byBody.reduce((s, r) => s + Number(r.n), 0);
  return {
    year: q.year ?? null,
    total,
    byBody: counts.byBody.map((r) => ({ code: r.body_code, name: r.name, nameEn: r.name_en, n: Number(r.n) })),
    preStudyRequired: total - (check.get('not_required') ?? 0),
    violations: (check.get('missing') ?? 0) + (check.get('late') ?? 0),
    warnings: check.get('same_day_unverified') ?? 0,
    reviewDue: counts.reviewDue,
    overdueFollowUps: counts.overdueFollowUps,
  };
}

// ---------------------------------------------------------------------------------------------- validation

interface LinkState {
  orgPath: string;
  bodyCode: string;
  decidedOn: string;
  meetingId: number | null;
  agendaItemId: number | null;
  preStudyMeetingId: number | null;
  preStudyAgendaItemId: number | null;
  ownerUserId: number | null;
  reviewOn: string | null;
}

/** A meeting linked to an item must be visible, held by the item's organisation or one above, of the right body. */
async function checkMeeting(db: Kysely<DB>, actor: Actor, id: number, orgPath: string, body: string, path: string): Promise<MeetingFacts> {
  const m = await findMeetingFacts(db, id);
  const visible = m && (actor === SYSTEM_ACTOR || pathInScope(scopeFor(actor, DECISION_READ_ROLES), m.org_path));
  if (!m || !visible) {
    throw validation('The meeting does not exist.', [{ path, message: 'no such meeting' }]);
  }
  if (!orgPath.startsWith(m.org_path)) {
    throw validation('The meeting was held by another organisation.', [{ path, message: 'not held by this organisation or one above it' }]);
  }
  if (m.type_body !== body || !(DECIDING_CATEGORIES as readonly string[]).includes(m.type_category)) {
    throw validation(
      body === 'party_committee'
        ? 'The pre-study must be a party committee meeting (党委会).'
        : 'The meeting is not a meeting of this body.',
      [{ path, message: `a ${m.type_name} is not a meeting of this body` }],
    );
  }
  if (m.status === 'cancelled') {
    throw validation('The meeting was cancelled.', [{ path, message: 'cancelled' }]);
  }
  return m;
}

async function checkAgendaItem(db: Kysely<DB>, itemId: number, meetingId: number | null, path: string): Promise<void> {
  const item = await findAgendaItem(db, itemId);
  if (!item || meetingId === null || item.meeting_id !== meetingId) {
    throw validation('The agenda item is not an item of the linked meeting.', [{ path, message: 'not an item of the meeting' }]);
  }
}

/** Checks every link and date of an item; returns the decision date (a linked meeting's date wins). */
async function checkLinks(db: Kysely<DB>, actor: Actor, s: LinkState, preStudyBody: string): Promise<string> {
  const details: Detail[] = [];
  if (!isRealDate(s.decidedOn)) {
    details.push({ path: 'decidedOn', message: 'not a calendar date' });
  }
  if (s.reviewOn && !isRealDate(s.reviewOn)) {
    details.push({ path: 'reviewOn', message: 'not a calendar date' });
  }
  if (details.length > 0) {
    throw validation('The dates are not valid.', details);
  }
  let decidedOn = s.decidedOn;
  if (s.meetingId !== null) {
    const m = await checkMeeting(db, actor, s.meetingId, s.orgPath, s.bodyCode, 'meetingId');
    decidedOn = m.meeting_date;
  }
  if (s.agendaItemId !== null) {
    await checkAgendaItem(db, s.agendaItemId, s.meetingId, 'agendaItemId');
  }
  if (s.preStudyMeetingId !== null) {
    if (s.bodyCode === preStudyBody) {
      throw validation('A party committee decision is not pre-studied by itself.', [
        { path: 'preStudyMeetingId', message: 'only for decisions of other bodies' },
      ]);
    }
    await checkMeeting(db, actor, s.preStudyMeetingId, s.orgPath, preStudyBody, 'preStudyMeetingId');
  }
  if (s.preStudyAgendaItemId !== null) {
    await checkAgendaItem(db, s.preStudyAgendaItemId, s.preStudyMeetingId, 'preStudyAgendaItemId');
  }
  if (s.reviewOn && s.reviewOn < decidedOn) {
    throw validation('The review date is before the decision.', [{ path: 'reviewOn', message: 'before the decision date' }]);
  }
  if (s.ownerUserId !== null) {
    const u = await db
      .selectFrom('users')
      .innerJoin('role_grants as g', 'g.user_id', 'users.id')
      .innerJoin('orgs as go', 'go.id', 'g.org_id')
      .select(['users.id', 'users.status', 'go.path'])
      .where('users.id', '=', s.ownerUserId)
      .execute();
    // The owner works in the organisation's subtree, or above it (a leader of the committee owning a branch's item).
    const ok = u.some((r) => r.status === 'active' && (r.path.startsWith(s.orgPath) || s.orgPath.startsWith(r.path)));
    if (!ok) {
      throw validation('The owner must be an active user of this organisation.', [
        { path: 'ownerUserId', message: 'not a user of this organisation' },
      ]);
    }
  }
  return decidedOn;
}

async function preStudyBodyCode(db: Kysely<DB>): Promise<string> {
  const bodies = await listBodies(db);
  return bodies.find((b) => b.is_pre_study_body === 1)?.code ?? 'party_committee';
}

async function checkBodyAndCategory(db: Kysely<DB>, bodyCode: string, categoryCode: string, changed: { body: boolean; category: boolean }) {
  const [body, category] = await Promise.all([findBody(db, bodyCode), findCategory(db, categoryCode)]);
  const details: Detail[] = [];
  if (!body || (changed.body && body.active !== 1)) {
    details.push({ path: 'bodyCode', message: 'unknown or retired body' });
  }
  if (!category || (changed.category && category.active !== 1)) {
    details.push({ path: 'categoryCode', message: 'unknown or retired category' });
  }
  if (details.length > 0) {
    throw validation('The body or category is not valid.', details);
  }
}

// ---------------------------------------------------------------------------------------------- writes

/** Records a decision item in an organisation's register (the actor must write there); audited. */
export async function createDecision(
  ctx: AppContext,
  actor: Actor,
  input: DecisionCreateInput,
  extra: { resolutionId?: number } = {},
): Promise<DecisionDetail> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, input.orgId, DECISION_WRITE_ROLES);
  if (org.status !== 'active') {
    throw invalidState('The organisation is not active.');
  }
  await checkBodyAndCategory(db, input.bodyCode, input.categoryCode, { body: true, category: true });
  const decidedOn = await checkLinks(
    db,
    actor,
    {
      orgPath: org.path,
      bodyCode: input.bodyCode,
      decidedOn: input.decidedOn,
      meetingId: input.meetingId ?? null,
      agendaItemId: input.agendaItemId ?? null,
      preStudyMeetingId: input.preStudyMeetingId ?? null,
      preStudyAgendaItemId: input.preStudyAgendaItemId ?? null,
      ownerUserId: input.ownerUserId ?? null,
      reviewOn: input.reviewOn ?? null,
    },
    await preStudyBodyCode(db),
  );
  const now = ctx.clock().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    if (extra.resolutionId !== undefined) {
      // Claim the resolution first, so two concurrent requests cannot both turn it into an item.
      const claimed = await trx
        .updateTable('meeting_resolutions')
        .set({ decision_id: -1 })
        .where('id', '=', extra.resolutionId)
        .where('decision_id', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) {
        throw conflict('This resolution is already a decision item.');
      }
    }
    const values: Insertable<DecisionsTable> = {
      org_id: org.id,
      title: input.title,
      doc_no: input.docNo ?? null,
      body_code: input.bodyCode,
      category_code: input.categoryCode,
      decided_on: decidedOn,
      meeting_id: input.meetingId ?? null,
      agenda_item_id: input.agendaItemId ?? null,
      resolution_id: extra.resolutionId ?? null,
      summary: input.summary,
      owner_user_id: input.ownerUserId ?? null,
      owner_department: input.ownerDepartment ?? null,
      review_on: input.reviewOn ?? null,
      status: input.status,
      pre_study_meeting_id: input.preStudyMeetingId ?? null,
      pre_study_agenda_item_id: input.preStudyAgendaItemId ?? null,
      pre_study_note: input.preStudyNote ?? null,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    const newId = await insertDecision(trx, values);
    if (extra.resolutionId !== undefined) {
      await trx
        .updateTable('meeting_resolutions')
        .set({ decision_id: newId, updated_at: now })
        .where('id', '=', extra.resolutionId)
        .execute();
    }
    await audit(trx, actor, { action: 'decision.created', entityType: 'decision', entityId: newId, after: values }, ctx.clock);
    return newId;
  });
  return getDecisionDetail(ctx, actor, id);
}

const EDITABLE: Array<[keyof DecisionUpdateInput, keyof DecisionsTable]> = [
  ['title', 'title'],
  ['docNo', 'doc_no'],
  ['bodyCode', 'body_code'],
  ['categoryCode', 'category_code'],
  ['decidedOn', 'decided_on'],
  ['meetingId', 'meeting_id'],
  ['agendaItemId', 'agenda_item_id'],
  ['summary', 'summary'],
  ['ownerUserId', 'owner_user_id'],
  ['ownerDepartment', 'owner_department'],
  ['reviewOn', 'review_on'],
  ['status', 'status'],
  ['preStudyMeetingId', 'pre_study_meeting_id'],
  ['preStudyAgendaItemId', 'pre_study_agenda_item_id'],
  ['preStudyNote', 'pre_study_note'],
];

/** Edits an item (e.g. links the 党委会 that studied it); links are re-checked; audited field by field. */
export async function updateDecisionFields(ctx: AppContext, actor: Actor, id: number, input: DecisionUpdateInput): Promise<DecisionDetail> {
  const db = ctx.database.db;
  const row = await loadVisible(ctx, actor, id);
  if (!canWriteAt(actor, row.org_path)) {
    throw forbidden('Only the organisation’s operators may edit its register.');
  }
  const merged = { ...row } as Record<string, unknown>;
  for (const [k, col] of EDITABLE) {
    if (input[k] !== undefined) {
      merged[col] = input[k];
    }
  }
  // Unlinking a meeting unlinks its agenda item too.
  if (input.meetingId === null && input.agendaItemId === undefined) {
    merged.agenda_item_id = null;
  }
  if (input.preStudyMeetingId === null && input.preStudyAgendaItemId === undefined) {
    merged.pre_study_agenda_item_id = null;
  }
  if (input.meetingId !== undefined && input.meetingId !== row.meeting_id && input.agendaItemId === undefined) {
    merged.agenda_item_id = null;
  }
  if (
    input.preStudyMeetingId !== undefined &&
    input.preStudyMeetingId !== row.pre_study_meeting_id &&
    input.preStudyAgendaItemId === undefined
  ) {
    merged.pre_study_agenda_item_id = null;
  }
  await checkBodyAndCategory(db, merged.body_code as string, merged.category_code as string, {
    body: merged.body_code !== row.body_code,
    category: merged.category_code !== row.category_code,
  });
  const decidedOn = await checkLinks(
    db,
    actor,
    {
      orgPath: row.org_path,
      bodyCode: merged.body_code as string,
      decidedOn: merged.decided_on as string,
      meetingId: merged.meeting_id as number | null,
      agendaItemId: merged.agenda_item_id as number | null,
      preStudyMeetingId: merged.pre_study_meeting_id as number | null,
      preStudyAgendaItemId: merged.pre_study_agenda_item_id as number | null,
      ownerUserId: merged.owner_user_id as number | null,
      reviewOn: merged.review_on as string | null,
    },
    await preStudyBodyCode(db),
  );
  merged.decided_on = decidedOn;
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    const fresh = await findDecisionRow(trx, id);
    if (!fresh) {
      throw notFound('decision item');
    }
    const patch: Record<string, unknown> = {};
    const before: Record<string, unknown> = {};
    for (const [, col] of EDITABLE) {
      if (merged[col] !== fresh[col]) {
        patch[col] = merged[col];
        before[col] = fresh[col];
      }
    }
    if (Object.keys(patch).length === 0) {
      return;
    }
    await updateDecision(trx, id, { ...patch, updated_at: now });
    await audit(trx, actor, { action: 'decision.updated', entityType: 'decision', entityId: id, before, after: patch }, ctx.clock);
  });
  return getDecisionDetail(ctx, actor, id);
}

/**
 * A meeting resolution becomes a decision item, linked both ways (the item's `resolution_id`, the resolution's
 * `decision_id`): organisation, meeting, agenda item, date and body come from the meeting. For the meetings module.
 */
export async function createDecisionFromResolution(
  ctx: AppContext,
  actor: Actor,
  resolutionId: number,
  input: DecisionFromResolutionInput,
): Promise<DecisionDetail> {
  const db = ctx.database.db;
  const resolution = await findResolution(db, resolutionId);
  const meeting = resolution ? await findMeetingFacts(db, resolution.meeting_id) : undefined;
  if (!resolution || !meeting || !pathInScope(scopeFor(actor, DECISION_READ_ROLES), meeting.org_path)) {
    throw notFound('resolution');
  }
  if (resolution.decision_id !== null) {
    throw conflict('This resolution is already a decision item.', { decisionId: resolution.decision_id });
  }
  if (!meeting.type_body || !(DECIDING_CATEGORIES as readonly string[]).includes(meeting.type_category)) {
    throw invalidState('Only resolutions of 三会一层 meetings (党委会, 董事会, 经理层, 职代会) become decision items.');
  }
  const text = resolution.text.trim();
  return createDecision(
    ctx,
    actor,
    {
      orgId: meeting.org_id,
      title: input.title ?? (text.length > 60 ? `${text.slice(0, 60)}…` : text),
      docNo: input.docNo,
      bodyCode: meeting.type_body,
      categoryCode: input.categoryCode,
      decidedOn: meeting.meeting_date,
      meetingId: meeting.id,
      agendaItemId: resolution.agenda_item_id,
      summary: input.summary ?? text,
      ownerUserId: input.ownerUserId,
      ownerDepartment: input.ownerDepartment,
      reviewOn: input.reviewOn,
      status: 'decided',
      preStudyMeetingId: input.preStudyMeetingId,
      preStudyAgendaItemId: input.preStudyAgendaItemId,
      preStudyNote: input.preStudyNote,
    },
    { resolutionId },
  );
}

/** The decision items made from resolutions (for the meetings module's resolution list), by resolution id. */
export async function decisionsOfResolutions(db: Kysely<DB>, resolutionIds: number[]): Promise<Map<number, { id: number; title: string }>> {
  const out = new Map<number, { id: number; title: string }>();
  if (resolutionIds.length === 0) {
    return out;
  }
  const rows = await db
    .selectFrom('decisions')
    .select(['id', 'title', 'resolution_id'])
    .where('resolution_id', 'in', resolutionIds)
    .execute();
  for (const r of rows) {
    if (r.resolution_id !== null) {
      out.set(r.resolution_id, { id: r.id, title: r.title });
    }
  }
  return out;
}

/**
 * 决策事项跟踪督办: creates a follow-up task through the task engine (a top task of the executing organisation; the
 * engine checks that the actor operates it), linked to the item, on the 决策事项跟踪督办 requirement, and issues it
 * unless asked not to. A 已决策 item becomes 落实中.
 */
export async function addFollowUp(
  ctx: AppContext,
  actor: Actor,
  id: number,
  input: DecisionFollowUpCreateInput,
): Promise<{ decision: DecisionDetail; taskId: number }> {
  const row = await loadVisible(ctx, actor, id);
  if (!canWriteAt(actor, row.org_path)) {
    throw forbidden('Only the organisation’s operators may add follow-up tasks.');
  }
  if (row.status === 'cancelled' || row.status === 'completed') {
    throw invalidState(`A ${row.status} decision item takes no new follow-up tasks.`);
  }
  const node = (await listCurrentNodes(ctx)).find((n) => n.code === DECISION_FRAMEWORK_CODE && n.status === 'active');
  const task = await createTask(
    ctx,
    actor,
    {
      level: input.level,
      title: input.title,
      description: input.description || `决策事项：${row.title}`,
      orgId: input.orgId,
      responsibleUserId: input.responsibleUserId ?? null,
      responsibilityKind: 'principal',
      priority: input.priority,
      dueOn: input.dueOn,
      weight: 1,
      frameworkNodeIds: node ? [node.id] : [],
      participantUserIds: [],
      recurrence: 'none',
    },
    { source: { type: DECISION_SOURCE, id } },
  );
  if (input.issue) {
    await issueTask(ctx, actor, task.id, { text: `决策事项跟踪督办：${row.title}` });
  }
  const now = ctx.clock().toISOString();
  await ctx.database.db.transaction().execute(async (trx) => {
    const fresh = await findDecisionRow(trx, id);
    const patch = fresh?.status === 'decided' ? { status: 'in_progress' as const } : {};
    if (Object.keys(patch).length > 0) {
      await updateDecision(trx, id, { ...patch, updated_at: now });
    }
    await audit(
      trx,
      actor,
      {
        action: 'decision.follow_up_created',
        entityType: 'decision',
        entityId: id,
        before: fresh && 'status' in patch ? { status: fresh.status } : null,
        after: patch,
        note: { task_id: task.id, issued: input.issue },
      },
      ctx.clock,
    );
  });
  return { decision: await getDecisionDetail(ctx, actor, id), taskId: task.id };
}

/** Meetings an item of an organisation can link to (its body's, or 党委会 for the pre-study), newest first. */
export async function listMeetingOptions(ctx: AppContext, actor: Actor, q: DecisionMeetingOptionsQuery): Promise<DecisionMeetingOption[]> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, q.orgId, DECISION_READ_ROLES);
  const body = q.purpose === 'pre_study' ? await preStudyBodyCode(db) : q.purpose;
  const scope = scopeFor(actor, DECISION_READ_ROLES);
  const visibleAncestors = (await db.selectFrom('orgs').select(['id', 'path']).where('id', 'in', orgIdsOnPath(org.path)).execute())
    .filter((o) => actor === SYSTEM_ACTOR || pathInScope(scope, o.path))
    .map((o) => o.id);
  const { meetings, items } = await meetingOptions(db, { orgIds: visibleAncestors, body, before: q.before, q: q.q, limit: q.limit });
  return meetings.map((m) => ({
    id: m.id,
    title: m.title,
    typeCode: m.type_code,
    typeName: m.type_name,
    orgId: m.org_id,
    orgName: m.org_name,
    date: m.meeting_date,
    startsAt: m.starts_at,
    status: m.status,
    agendaItems: items.filter((i) => i.meeting_id === m.id).map((i) => ({ id: i.id, position: i.position, title: i.title })),
  }));
}

// ---------------------------------------------------------------------------------------------- bodies and categories

/** The 三会一层 bodies (data). */
export async function getBodies(ctx: AppContext): Promise<DecisionBody[]> {
  return (await listBodies(ctx.database.db)).map(presentBody);
}

/** The decision categories (data). */
export async function getCategories(ctx: AppContext): Promise<DecisionCategory[]> {
  return (await listCategories(ctx.database.db)).map(presentCategory);
}

function requireSettingsActor(actor: Actor): void {
  // Bodies and categories are enterprise-wide data: only operators whose scope holds a root organisation change them.
  if (actor === SYSTEM_ACTOR) {
    return;
  }
  const ok = actor.grants.some((g) => DECISION_SETTINGS_ROLES.includes(g.role) && g.orgPath.split('/').filter(Boolean).length === 1);
  if (!ok) {
    throw forbidden('Only the enterprise’s operators maintain bodies and categories.');
  }
}

/** Adds a category (audited). */
export async function createCategory(ctx: AppContext, actor: Actor, input: DecisionCategoryUpsertInput): Promise<DecisionCategory> {
  requireSettingsActor(actor);
  const db = ctx.database.db;
  if (await findCategory(db, input.code)) {
    throw conflict('A category with this code exists.', { code: input.code });
  }
  const now = ctx.clock().toISOString();
  const values = {
    code: input.code,
    name: input.name,
    name_en: input.nameEn,
    group_name: input.groupName ?? null,
    group_name_en: input.groupNameEn ?? null,
    requires_pre_study: input.requiresPreStudy ? 1 : 0,
    sort_order: input.sortOrder,
    active: input.active ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await insertCategory(trx, values);
    await audit(
      trx,
      actor,
      { action: 'decision_category.created', entityType: 'decision_category', entityId: input.code, after: values },
      ctx.clock,
    );
  });
  const created = await findCategory(db, input.code);
  if (!created) {
    throw notFound('category');
  }
  return presentCategory(created);
}

/** Changes a category (audited); existing items keep it, and their check follows the new flag. */
export async function changeCategory(
  ctx: AppContext,
  actor: Actor,
  code: string,
  input: DecisionCategoryUpdateInput,
): Promise<DecisionCategory> {
  requireSettingsActor(actor);
  const db = ctx.database.db;
  const row = await findCategory(db, code);
  if (!row) {
    throw notFound('category');
  }
  const patch: Record<string, unknown> = {};
  const map: Array<[keyof DecisionCategoryUpdateInput, string, (v: unknown) => unknown]> = [
    ['name', 'name', (v) => v],
    ['nameEn', 'name_en', (v) => v],
    ['groupName', 'group_name', (v) => v],
    ['groupNameEn', 'group_name_en', (v) => v],
    ['requiresPreStudy', 'requires_pre_study', (v) => (v ? 1 : 0)],
    ['sortOrder', 'sort_order', (v) => v],
    ['active', 'active', (v) => (v ? 1 : 0)],
  ];
  const before: Record<string, unknown> = {};
  for (const [k, col, conv] of map) {
    if (input[k] !== undefined) {
      const v = conv(input[k]);
      if (v !== (row as Record<string, unknown>)[col]) {
        patch[col] = v;
        before[col] = (row as Record<string, unknown>)[col];
      }
    }
  }
  if (Object.keys(patch).length > 0) {
    const now = ctx.clock().toISOString();
    await db.transaction().execute(async (trx) => {
      await updateCategory(trx, code, { ...patch, updated_at: now });
      await audit(
        trx,
        actor,
        { action: 'decision_category.updated', entityType: 'decision_category', entityId: code, before, after: patch },
        ctx.clock,
      );
    });
  }
  const fresh = await findCategory(db, code);
  if (!fresh) {
    throw notFound('category');
  }
  return presentCategory(fresh);
}

/** Changes a body (audited): names, order, use, and whether its 重大经营管理事项 need pre-study. */
export async function changeBody(ctx: AppContext, actor: Actor, code: string, input: DecisionBodyUpdateInput): Promise<DecisionBody> {
  requireSettingsActor(actor);
  const db = ctx.database.db;
  const row = await findBody(db, code);
  if (!row) {
    throw notFound('body');
  }
  const patch: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  const map: Array<[keyof DecisionBodyUpdateInput, string, (v: unknown) => unknown]> = [
    ['name', 'name', (v) => v],
    ['nameEn', 'name_en', (v) => v],
    ['requiresPreStudy', 'requires_pre_study', (v) => (v ? 1 : 0)],
    ['sortOrder', 'sort_order', (v) => v],
    ['active', 'active', (v) => (v ? 1 : 0)],
  ];
  for (const [k, col, conv] of map) {
    if (input[k] !== undefined) {
      const v = conv(input[k]);
      if (v !== (row as Record<string, unknown>)[col]) {
        patch[col] = v;
        before[col] = (row as Record<string, unknown>)[col];
      }
    }
  }
  if (row.is_pre_study_body === 1 && patch.requires_pre_study === 1) {
    throw invalidState('The party committee does the pre-study; it cannot require one itself.');
  }
  if (Object.keys(patch).length > 0) {
    const now = ctx.clock().toISOString();
    await db.transaction().execute(async (trx) => {
      await updateBody(trx, code, { ...patch, updated_at: now });
      await audit(
        trx,
        actor,
        { action: 'decision_body.updated', entityType: 'decision_body', entityId: code, before, after: patch },
        ctx.clock,
      );
    });
  }
  const fresh = await findBody(db, code);
  if (!fresh) {
    throw notFound('body');
  }
  return presentBody(fresh);
}

/** Names and links of decision items for the task engine (the board shows "from decision X"). */
export async function decisionSourceNames(db: Kysely<DB>, ids: number[]): Promise<Map<number, { title: string; href: string }>> {
  const rows = ids.length === 0 ? [] : await db.selectFrom('decisions').select(['id', 'title']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { title: r.title, href: `/governance/decisions/${r.id}` }]));
}

import type {
  Campaign,
  CampaignAdoptInput,
  CampaignAnswer,
  CampaignAnswerCreateInput,
  CampaignAnswerEditInput,
  CampaignAnswerListQuery,
  CampaignAnswerReviewInput,
  CampaignAudiencePerson,
  CampaignAudienceQuery,
  CampaignCreateInput,
  CampaignListQuery,
  CampaignUpdateInput,
  FileRef,
} from '@guantong/shared';
import type { Kysely } from 'kysely';
import { type Actor, ALL_ROLES, pathInScope, requireVisibleOrg, SYSTEM_ACTOR, scopeFor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, conflict, forbidden, invalidState, notFound } from '../../core/errors.js';
import { type Page, paginate } from '../../core/paging.js';
import type { DB } from '../../db/schema.js';
import { filesOfOwners, saveUpload } from '../files/files.service.js';
import { listCurrentNodes } from '../framework/framework.service.js';
import { createTask, issueTask, todayOf } from '../tasks/tasks.service.js';
import {
  ANSWER_READER_ROLES,
  ORGANISER_ROLES,
  organises,
  RECORDER_ROLES,
  reachingPaths,
  readsAll,
  seesCampaign,
} from './campaigns.policy.js';
import { phaseOf, presentAnswer, presentCampaign } from './campaigns.presenter.js';
import {
  type AnswerRow,
  type AnswerVisibility,
  answerCounts,
  answerListQuery,
  audienceSearch,
  type CampaignRow,
  campaignListQuery,
  findAnswer,
  findCampaign,
  insertAnswer,
  insertCampaign,
  orderCampaigns,
  personOfUser,
  personWithBranch,
  selectAnswerColumns,
  selectCampaignColumns,
  updateAnswer,
  updateCampaign,
} from './campaigns.repository.js';

/** The source type of tasks made from adopted answers (task engine). */
export const ANSWER_SOURCE = 'campaign_answer';
/** The owner type of answer attachments (files module). */
export const ANSWER_FILE_OWNER = 'campaign_answer';
/** The framework requirement adopted answers hang on: 学习研讨与大讨论 (when the version in force has it). */
export const CAMPAIGN_FRAMEWORK_CODE = '1.1.7';

function isRealDate(date: string): boolean {
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}

function assertPeriod(startsOn: string, endsOn: string): void {
  const details: Array<{ path: string; message: string }> = [];
  if (!isRealDate(startsOn)) {
    details.push({ path: 'startsOn', message: 'not a calendar date' });
  }
  if (!isRealDate(endsOn)) {
    details.push({ path: 'endsOn', message: 'not a calendar date' });
  }
  if (details.length === 0 && endsOn < startsOn) {
    details.push({ path: 'endsOn', message: 'before the start' });
  }
  if (details.length > 0) {
    throw new AppError('VALIDATION_FAILED', 400, 'The period is not valid.', details);
  }
}

function cleanTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter((t) => t.length > 0))];
}

/** True when the actor may record answers in the campaign: a member of its audience, or an operator in or above it. */
function mayRecord(actor: Actor, orgPath: string): boolean {
  return actor.grants.some((g) => RECORDER_ROLES.includes(g.role) && (g.orgPath.startsWith(orgPath) || orgPath.startsWith(g.orgPath)));
}

async function selfPerson(db: Kysely<DB>, actor: Actor) {
  return actor.userId === null ? undefined : personOfUser(db, actor.userId);
}

function canAnswerNow(actor: Actor, r: CampaignRow, today: string, person: Awaited<ReturnType<typeof selfPerson>>): boolean {
  if (phaseOf(r, today) !== 'open') {
    return false;
  }
  const selfInAudience = person?.status === 'active' && person.branch_path !== null && person.branch_path.startsWith(r.org_path);
  return selfInAudience || mayRecord(actor, r.org_path);
}

// ---------------------------------------------------------------------------------------------- campaigns

/** Loads a campaign the actor may see (drafts: organisers only); 404 otherwise. */
async function loadVisible(ctx: AppContext, actor: Actor, id: number): Promise<CampaignRow> {
  const r = await findCampaign(ctx.database.db, id);
  if (!r) {
    throw notFound('campaign');
  }
  const visible = r.status === 'draft' ? organises(actor, r.org_path) : seesCampaign(actor, r.org_path);
  if (!visible) {
    throw notFound('campaign');
  }
  return r;
}

async function presentRows(ctx: AppContext, actor: Actor, rows: CampaignRow[]): Promise<Campaign[]> {
  const counts = await answerCounts(
    ctx.database.db,
    rows.map((r) => r.id),
  );
  const today = todayOf(ctx);
  const person = await selfPerson(ctx.database.db, actor);
  return rows.map((r) =>
    presentCampaign(r, counts.get(r.id), today, { organise: organises(actor, r.org_path), answer: canAnswerNow(actor, r, today, person) }),
  );
}

/** The campaigns the actor sees (held in their scope or addressed to them), filtered and paged. */
export async function listCampaigns(ctx: AppContext, actor: Actor, q: CampaignListQuery): Promise<Page<Campaign>> {
  const all = actor === SYSTEM_ACTOR;
  const base = campaignListQuery(ctx.database.db, {
    ...q,
    readScope: all ? { all: true, prefixes: [] } : scopeFor(actor, ALL_ROLES),
    organiserScope: all ? { all: true, prefixes: [] } : scopeFor(actor, ORGANISER_ROLES),
    reaching: reachingPaths(actor),
    today: todayOf(ctx),
  });
  const { rows, total } = await paginate(orderCampaigns(selectCampaignColumns(base), q.sort, q.order), base, q);
  return { items: await presentRows(ctx, actor, rows as CampaignRow[]), total, page: q.page, pageSize: q.pageSize };
}

/** One campaign. */
export async function getCampaign(ctx: AppContext, actor: Actor, id: number): Promise<Campaign> {
  const [c] = await presentRows(ctx, actor, [await loadVisible(ctx, actor, id)]);
  return c;
}

/** Creates a campaign for an organisation's subtree (the actor organises there); published at once when asked. */
export async function createCampaign(ctx: AppContext, actor: Actor, input: CampaignCreateInput): Promise<Campaign> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, input.orgId, ORGANISER_ROLES);
  if (org.status !== 'active') {
    throw invalidState('The organisation is not active.');
  }
  assertPeriod(input.startsOn, input.endsOn);
  const now = ctx.clock().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const values = {
      org_id: org.id,
      title: input.title,
      question: input.question,
      description: input.description,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      status: input.publish ? ('published' as const) : ('draft' as const),
      tags: JSON.stringify(cleanTags(input.tags)),
      published_at: input.publish ? now : null,
      closed_at: null,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    const newId = await insertCampaign(trx, values);
    await audit(trx, actor, { action: 'campaign.created', entityType: 'campaign', entityId: newId, after: values }, ctx.clock);
    return newId;
  });
  return getCampaign(ctx, actor, id);
}

async function loadOrganised(ctx: AppContext, actor: Actor, id: number): Promise<CampaignRow> {
  const r = await loadVisible(ctx, actor, id);
  if (!organises(actor, r.org_path)) {
    throw forbidden('Only the organisers of this campaign may do this.');
  }
  return r;
}

/** Edits a campaign that has not ended (organisers); audited field by field. */
export async function updateCampaignFields(ctx: AppContext, actor: Actor, id: number, input: CampaignUpdateInput): Promise<Campaign> {
  const r = await loadOrganised(ctx, actor, id);
  if (r.status === 'closed') {
    throw invalidState('A closed campaign cannot be changed.');
  }
  const startsOn = input.startsOn ?? r.starts_on;
  const endsOn = input.endsOn ?? r.ends_on;
  assertPeriod(startsOn, endsOn);
  const next: Record<string, unknown> = {
    title: input.title ?? r.title,
    question: input.question ?? r.question,
    description: input.description ?? r.description,
    starts_on: startsOn,
    ends_on: endsOn,
    tags: input.tags ? JSON.stringify(cleanTags(input.tags)) : r.tags,
  };
  const patch: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(next)) {
    if (v !== (r as Record<string, unknown>)[k]) {
      patch[k] = v;
      before[k] = (r as Record<string, unknown>)[k];
    }
  }
  if (Object.keys(patch).length > 0) {
    await ctx.database.db.transaction().execute(async (trx) => {
      await updateCampaign(trx, id, { ...patch, updated_at: ctx.clock().toISOString() });
      await audit(trx, actor, { action: 'campaign.updated', entityType: 'campaign', entityId: id, before, after: patch }, ctx.clock);
    });
  }
  return getCampaign(ctx, actor, id);
}

/** 发布 (draft → published) or 结束 (published → closed), by the organisers. */
export async function setCampaignStatus(ctx: AppContext, actor: Actor, id: number, action: 'publish' | 'close'): Promise<Campaign> {
  const r = await loadOrganised(ctx, actor, id);
  const from = action === 'publish' ? 'draft' : 'published';
  if (r.status !== from) {
    throw invalidState(action === 'publish' ? 'Only a draft can be published.' : 'Only a published campaign can be closed.');
  }
  const now = ctx.clock().toISOString();
  const patch = action === 'publish' ? { status: 'published' as const, published_at: now } : { status: 'closed' as const, closed_at: now };
  await ctx.database.db.transaction().execute(async (trx) => {
    await updateCampaign(trx, id, { ...patch, updated_at: now });
    await audit(
      trx,
      actor,
      { action: `campaign.${action}`, entityType: 'campaign', entityId: id, before: { status: r.status }, after: { status: patch.status } },
      ctx.clock,
    );
  });
  return getCampaign(ctx, actor, id);
}

// ---------------------------------------------------------------------------------------------- answers

async function answerVisibility(ctx: AppContext, actor: Actor, r: CampaignRow): Promise<AnswerVisibility> {
  const person = await selfPerson(ctx.database.db, actor);
  return {
    all: readsAll(actor, r.org_path),
    scope: actor === SYSTEM_ACTOR ? { all: true, prefixes: [] } : scopeFor(actor, ANSWER_READER_ROLES),
    userId: actor.userId ?? -1,
    personId: person?.id ?? null,
  };
}

function answerVisibleTo(v: AnswerVisibility, a: AnswerRow): boolean {
  return v.all || pathInScope(v.scope, a.org_path) || a.submitted_by === v.userId || (v.personId !== null && a.person_id === v.personId);
}

async function presentAnswers(ctx: AppContext, actor: Actor, rows: AnswerRow[], c: CampaignRow): Promise<CampaignAnswer[]> {
  const files = await filesOfOwners(
    ctx.database.db,
    ANSWER_FILE_OWNER,
    rows.map((a) => a.id),
  );
  const phase = phaseOf(c, todayOf(ctx));
  const open = phase !== 'ended';
  const person = await selfPerson(ctx.database.db, actor);
  return rows.map((a) =>
    presentAnswer(a, files.get(a.id) ?? [], {
      attach: open && (a.submitted_by === actor.userId || organises(actor, c.org_path)),
      edit: phase === 'open' && a.task_id === null && ownsAnswer(actor, person?.id ?? null, a),
    }),
  );
}

/** The answer is the actor's own: they submitted it, or it was recorded for the person their account is linked to. */
function ownsAnswer(actor: Actor, personId: number | null, a: AnswerRow): boolean {
  return (actor.userId !== null && a.submitted_by === actor.userId) || (personId !== null && a.person_id === personId);
}

/**
 * Every answer of a campaign the actor may see, with the list's filters and order (no paging), for the .xlsx
 * export; at most `limit` rows (the count is returned so the caller can refuse a larger export).
 */
export async function answersForExport(
  ctx: AppContext,
  actor: Actor,
  id: number,
  q: Omit<CampaignAnswerListQuery, 'page' | 'pageSize'>,
  limit: number,
): Promise<{ campaign: CampaignRow; rows: AnswerRow[]; total: number; files: Map<number, FileRef[]> }> {
  const db = ctx.database.db;
  const c = await loadVisible(ctx, actor, id);
  let underPath: string | null = null;
  if (q.orgId) {
    const org = await db.selectFrom('orgs').select('path').where('id', '=', q.orgId).executeTakeFirst();
    if (!org?.path.startsWith(c.org_path)) {
      throw notFound('organisation');
    }
    underPath = org.path;
  }
  const base = answerListQuery(db, id, await answerVisibility(ctx, actor, c), q, underPath);
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const total = Number(count.n);
  if (total > limit) {
    return { campaign: c, rows: [], total, files: new Map() };
  }
  const rows = (await selectAnswerColumns(base).orderBy('a.id', q.order).execute()) as AnswerRow[];
  const files = await filesOfOwners(
    db,
    ANSWER_FILE_OWNER,
    rows.map((a) => a.id),
  );
  return { campaign: c, rows, total, files };
}

/** One page of a campaign's answers the actor may see (organisers: all; secretaries: their organisation's; members: their own). */
export async function listAnswers(ctx: AppContext, actor: Actor, id: number, q: CampaignAnswerListQuery): Promise<Page<CampaignAnswer>> {
  const db = ctx.database.db;
  const c = await loadVisible(ctx, actor, id);
  let underPath: string | null = null;
  if (q.orgId) {
    const org = await db.selectFrom('orgs').select('path').where('id', '=', q.orgId).executeTakeFirst();
    if (!org?.path.startsWith(c.org_path)) {
      throw notFound('organisation');
    }
    underPath = org.path;
  }
  const base = answerListQuery(db, id, await answerVisibility(ctx, actor, c), q, underPath);
  const rows = selectAnswerColumns(base).orderBy('a.id', q.order);
  const { rows: page, total } = await paginate(rows, base, q);
  return { items: await presentAnswers(ctx, actor, page as AnswerRow[], c), total, page: q.page, pageSize: q.pageSize };
}

/** Loads an answer the actor may see, with its campaign; 404 otherwise. */
async function loadAnswer(ctx: AppContext, actor: Actor, answerId: number): Promise<{ a: AnswerRow; c: CampaignRow }> {
  const a = await findAnswer(ctx.database.db, answerId);
  if (!a) {
    throw notFound('answer');
  }
  const c = await loadVisible(ctx, actor, a.campaign_id).catch(() => {
    throw notFound('answer');
  });
  if (!answerVisibleTo(await answerVisibility(ctx, actor, c), a)) {
    throw notFound('answer');
  }
  return { a, c };
}

/** True when the actor may see the answer (its attachments follow this). */
export async function canSeeAnswer(ctx: AppContext, actor: Actor, answerId: number): Promise<boolean> {
  try {
    await loadAnswer(ctx, actor, answerId);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.status === 404) {
      return false;
    }
    throw err;
  }
}

/**
 * Submits an answer while the campaign is open: the member's own (their account is linked to a person in the
 * audience), or one a secretary / operator records for a member of the audience inside their scope.
 */
export async function submitAnswer(ctx: AppContext, actor: Actor, id: number, input: CampaignAnswerCreateInput): Promise<CampaignAnswer> {
  const db = ctx.database.db;
  const c = await loadVisible(ctx, actor, id);
  if (phaseOf(c, todayOf(ctx)) !== 'open') {
    throw invalidState('The campaign is not open for answers.');
  }
  let person: Awaited<ReturnType<typeof personWithBranch>>;
  if (input.personId !== undefined) {
    person = await personWithBranch(db, input.personId);
    const recorderScope = actor === SYSTEM_ACTOR ? { all: true, prefixes: [] } : scopeFor(actor, RECORDER_ROLES);
    const ok =
      person?.status === 'active' &&
      person.branch_path !== null &&
      person.branch_path.startsWith(c.org_path) &&
      pathInScope(recorderScope, person.branch_path);
    if (!ok) {
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        'You can record answers only for active members of this campaign’s audience in your organisation.',
        [{ path: 'personId', message: 'not a member you may record for' }],
      );
    }
  } else {
    person = await selfPerson(db, actor);
    const ok = person?.status === 'active' && person.branch_path !== null && person.branch_path.startsWith(c.org_path);
    if (!ok) {
      throw new AppError(
        'VALIDATION_FAILED',
        400,
        'Your account is not linked to a member of this campaign’s audience; choose the member you record for.',
        [{ path: 'personId', message: 'required' }],
      );
    }
  }
  if (!person || person.branch_id === null) {
    throw notFound('person');
  }
  const now = ctx.clock().toISOString();
  const answerId = await db.transaction().execute(async (trx) => {
    const values = {
      campaign_id: id,
      person_id: person.id,
      org_id: person.branch_id as number,
      submitted_by: actor.userId,
      text: input.text,
      tags: '[]',
      shortlisted: 0,
      shortlisted_at: null,
      task_id: null,
      adopted_at: null,
      adopted_by: null,
      created_at: now,
      updated_at: now,
    };
    const newId = await insertAnswer(trx, values);
    await audit(
      trx,
      actor,
      { action: 'campaign_answer.created', entityType: 'campaign_answer', entityId: newId, after: values },
      ctx.clock,
    );
    return newId;
  });
  const a = await findAnswer(db, answerId);
  if (!a) {
    throw notFound('answer');
  }
  const [presented] = await presentAnswers(ctx, actor, [a], c);
  return presented;
}

/**
 * A member edits the text of their own answer (submitted by them or recorded for them) while the campaign is open
 * and the answer has not been adopted (the task keeps the adopted wording); audited with the old and new text.
 */
export async function editOwnAnswer(
  ctx: AppContext,
  actor: Actor,
  answerId: number,
  input: CampaignAnswerEditInput,
): Promise<CampaignAnswer> {
  const db = ctx.database.db;
  const { a, c } = await loadAnswer(ctx, actor, answerId);
  const person = await selfPerson(db, actor);
  if (!ownsAnswer(actor, person?.id ?? null, a)) {
    throw forbidden('Only the member who answered (or who recorded the answer) may change it.');
  }
  if (phaseOf(c, todayOf(ctx)) !== 'open') {
    throw invalidState('The campaign is not open; answers can no longer be changed.');
  }
  if (a.task_id !== null) {
    throw invalidState('An adopted answer can no longer be changed.');
  }
  if (input.text !== a.text) {
    const now = ctx.clock().toISOString();
    await db.transaction().execute(async (trx) => {
      await updateAnswer(trx, answerId, { text: input.text, updated_at: now });
      await audit(
        trx,
        actor,
        {
          action: 'campaign_answer.edited',
          entityType: 'campaign_answer',
          entityId: answerId,
          before: { text: a.text },
          after: { text: input.text },
        },
        ctx.clock,
      );
    });
  }
  const fresh = await findAnswer(db, answerId);
  if (!fresh) {
    throw notFound('answer');
  }
  const [presented] = await presentAnswers(ctx, actor, [fresh], c);
  return presented;
}

/** Organisers tag an answer and put it on (or off) the shortlist; audited. */
export async function reviewAnswer(
  ctx: AppContext,
  actor: Actor,
  answerId: number,
  input: CampaignAnswerReviewInput,
): Promise<CampaignAnswer> {
  const { a, c } = await loadAnswer(ctx, actor, answerId);
  if (!organises(actor, c.org_path)) {
    throw forbidden('Only the organisers tag and shortlist answers.');
  }
  const now = ctx.clock().toISOString();
  const patch: Record<string, unknown> = {};
  const before: Record<string, unknown> = {};
  if (input.tags !== undefined) {
    const tags = JSON.stringify(cleanTags(input.tags));
    if (tags !== a.tags) {
      patch.tags = tags;
      before.tags = a.tags;
    }
  }
  if (input.shortlisted !== undefined && (input.shortlisted ? 1 : 0) !== a.shortlisted) {
    if (!input.shortlisted && a.task_id !== null) {
      throw invalidState('An adopted answer stays on the shortlist.');
    }
    patch.shortlisted = input.shortlisted ? 1 : 0;
    patch.shortlisted_at = input.shortlisted ? now : null;
    before.shortlisted = a.shortlisted;
  }
  if (Object.keys(patch).length > 0) {
    await ctx.database.db.transaction().execute(async (trx) => {
      await updateAnswer(trx, answerId, { ...patch, updated_at: now });
      await audit(
        trx,
        actor,
        { action: 'campaign_answer.reviewed', entityType: 'campaign_answer', entityId: answerId, before, after: patch },
        ctx.clock,
      );
    });
  }
  const fresh = await findAnswer(ctx.database.db, answerId);
  if (!fresh) {
    throw notFound('answer');
  }
  const [presented] = await presentAnswers(ctx, actor, [fresh], c);
  return presented;
}

/**
 * 采纳: an organiser turns an answer into a task through the task engine (a top task of the executing
 * organisation, linked to the answer both ways, on the 学习研讨与大讨论 requirement), issued unless asked not to.
 * The answer is claimed first, so it is adopted once.
 */
export async function adoptAnswer(ctx: AppContext, actor: Actor, answerId: number, input: CampaignAdoptInput): Promise<CampaignAnswer> {
  const db = ctx.database.db;
  const { a, c } = await loadAnswer(ctx, actor, answerId);
  if (!organises(actor, c.org_path)) {
    throw forbidden('Only the organisers adopt answers.');
  }
  if (c.status === 'draft') {
    throw invalidState('The campaign is a draft.');
  }
  const now = ctx.clock().toISOString();
  const claimed = await db
    .updateTable('campaign_answers')
    .set({ adopted_at: now, adopted_by: actor.userId })
    .where('id', '=', answerId)
    .where('task_id', 'is', null)
    .where('adopted_at', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) {
    throw conflict('This answer has already been adopted.');
  }
  let taskId: number;
  try {
    const node = (await listCurrentNodes(ctx)).find((n) => n.code === CAMPAIGN_FRAMEWORK_CODE && n.status === 'active');
    const task = await createTask(
      ctx,
      actor,
      {
        level: input.level,
        title: input.title,
        description: input.description || `来自大讨论“${c.question}”的建议：${a.text}`,
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
      { source: { type: ANSWER_SOURCE, id: answerId } },
    );
    taskId = task.id;
  } catch (err) {
    await db
      .updateTable('campaign_answers')
      .set({ adopted_at: null, adopted_by: null })
      .where('id', '=', answerId)
      .where('task_id', 'is', null)
      .execute();
    throw err;
  }
  await db.transaction().execute(async (trx) => {
    const patch = { task_id: taskId, shortlisted: 1, shortlisted_at: a.shortlisted_at ?? now, updated_at: now };
    await updateAnswer(trx, answerId, patch);
    await audit(
      trx,
      actor,
      {
        action: 'campaign_answer.adopted',
        entityType: 'campaign_answer',
        entityId: answerId,
        before: { task_id: null, shortlisted: a.shortlisted },
        after: { task_id: taskId, shortlisted: 1 },
        note: { issued: input.issue },
      },
      ctx.clock,
    );
  });
  if (input.issue) {
    await issueTask(ctx, actor, taskId, { text: `大讨论采纳：${c.title}` });
  }
  const fresh = await findAnswer(db, answerId);
  if (!fresh) {
    throw notFound('answer');
  }
  const [presented] = await presentAnswers(ctx, actor, [fresh], c);
  return presented;
}

/** Attaches a file to an answer (its submitter or an organiser, until the campaign ends). */
export async function uploadAnswerFile(
  ctx: AppContext,
  actor: Actor,
  answerId: number,
  file: { name: string; data: Buffer },
): Promise<FileRef> {
  const { a, c } = await loadAnswer(ctx, actor, answerId);
  if (a.submitted_by !== actor.userId && !organises(actor, c.org_path)) {
    throw forbidden('Only the submitter or the organisers may attach files to this answer.');
  }
  if (phaseOf(c, todayOf(ctx)) === 'ended') {
    throw invalidState('The campaign has ended.');
  }
  return saveUpload(ctx, actor, { ownerType: ANSWER_FILE_OWNER, ownerId: answerId, name: file.name, data: file.data });
}

/** Members the actor may record an answer for (audience ∩ the actor's operated scope), with whether they answered. */
export async function searchAudience(
  ctx: AppContext,
  actor: Actor,
  id: number,
  q: CampaignAudienceQuery,
): Promise<CampaignAudiencePerson[]> {
  const c = await loadVisible(ctx, actor, id);
  const scope = actor === SYSTEM_ACTOR ? { all: true, prefixes: [] } : scopeFor(actor, RECORDER_ROLES);
  if (!scope.all && scope.prefixes.length === 0) {
    return [];
  }
  const rows = await audienceSearch(ctx.database.db, { campaignId: id, underPath: c.org_path, scope, q: q.q, limit: q.limit });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    employeeNo: r.employee_no,
    org: { id: r.org_id, code: r.org_code, name: r.org_name, kind: r.org_kind },
    answered: Boolean(r.answered),
  }));
}

/** Names and links of adopted answers for the task engine ("from the discussion X"). */
export async function answerSourceNames(db: Kysely<DB>, ids: number[]): Promise<Map<number, { title: string; href: string }>> {
  if (ids.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('campaign_answers as a')
    .innerJoin('campaigns as c', 'c.id', 'a.campaign_id')
    .leftJoin('people as p', 'p.id', 'a.person_id')
    .select(['a.id', 'a.campaign_id', 'c.title', 'p.name'])
    .where('a.id', 'in', ids)
    .execute();
  return new Map(
    rows.map((r) => [r.id, { title: `${r.title}（${r.name ?? '—'}的建议）`, href: `/mission/campaigns/${r.campaign_id}?answer=${r.id}` }]),
  );
}

import type {
  EvalAdjustment,
  EvalAdjustmentCreateInput,
  EvalManualKey,
  EvalManualListQuery,
  EvalManualRow,
  EvalManualScoreInput,
  EvalTargetRef,
  FileRef,
} from '@guantong/shared';
import type { Kysely } from 'kysely';
import { type Actor, SYSTEM_ACTOR } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { badRequest, forbidden, invalidState, notFound } from '../../core/errors.js';
import type { Page } from '../../core/paging.js';
import type { DB } from '../../db/schema.js';
import { filesOfOwners, requireOwnedFiles, saveUpload } from '../files/files.service.js';
import { ADJUSTMENT_FILE_OWNER, MANUAL_FILE_OWNER } from './evaluation.engine.js';
import { canManage, operatesAbove, operatesExactly, seesPath } from './evaluation.policy.js';
import {
  type AdjustmentRow,
  findAdjustment,
  findManual,
  findManualByKey,
  findScheme,
  type IndicatorRow,
  listAdjustmentsOfScheme,
  listIndicators,
  listManualOfScheme,
  type ManualRow,
  type SchemeRow,
} from './evaluation.repository.js';
import { loadManagedScheme, loadScheme } from './evaluation.schemes.js';
import { findTarget, resolveTargets, type Target } from './evaluation.targets.js';

/** The person record linked to the actor's account, if any. */
export async function actorPerson(db: Kysely<DB>, actor: Actor): Promise<number | null> {
  if (actor.userId === null) {
    return null;
  }
  const u = await db.selectFrom('users').select('person_id').where('id', '=', actor.userId).executeTakeFirst();
  return u?.person_id ?? null;
}

interface Abilities {
  canSelf: boolean;
  canReview: boolean;
  canConfirm: boolean;
}

/** What the actor may do on one manual score now (the workflow: self-assessment → review by the level above → confirmation). */
export function manualAbilities(
  actor: Actor,
  me: number | null,
  manager: boolean,
  ind: Pick<IndicatorRow, 'self_assessment'>,
  target: Target,
  status: ManualRow['status'],
): Abilities {
  const self = ind.self_assessment === 1;
  const isSelf = target.type === 'org' ? operatesExactly(actor, target.id) : me === target.id;
  const above =
    target.type === 'org' ? operatesAbove(actor, target.path, false) : operatesAbove(actor, target.path, true) && me !== target.id;
  return {
    canSelf: self && isSelf && (status === 'pending' || status === 'self_submitted'),
    canReview:
      (manager || above) &&
      !(target.type === 'person' && me === target.id) &&
      (self ? status === 'self_submitted' || status === 'reviewed' : status === 'pending' || status === 'reviewed'),
    canConfirm: manager && status === 'reviewed',
  };
}

function presentFiles(files: FileRef[]) {
  return files.map((f) => ({ id: f.id, name: f.name, size: f.size, url: f.url }));
}

function presentManual(
  schemeId: number,
  ind: IndicatorRow,
  target: Target,
  row: ManualRow | undefined,
  files: FileRef[],
  abilities: Abilities,
): EvalManualRow {
  return {
    id: row?.id ?? null,
    schemeId,
    indicator: { id: ind.id, code: ind.code, name: ind.name, maxPoints: ind.max_points, selfAssessment: ind.self_assessment === 1 },
    target: { type: target.type, id: target.id, code: target.code, name: target.name, parent: target.parent },
    status: row?.status ?? 'pending',
    selfPoints: row?.self_points ?? null,
    selfComment: row?.self_comment ?? null,
    selfBy: row?.self_by_name ?? null,
    selfAt: row?.self_at ?? null,
    reviewPoints: row?.review_points ?? null,
    reviewComment: row?.review_comment ?? null,
    reviewBy: row?.review_by_name ?? null,
    reviewAt: row?.review_at ?? null,
    confirmedBy: row?.confirmed_by_name ?? null,
    confirmedAt: row?.confirmed_at ?? null,
    files: presentFiles(files),
    ...abilities,
  };
}

/**
 * The manual scores of a scheme the actor can see or act on: every target × manual indicator (a row exists once
 * someone opened or scored it). Managers see all; an organisation sees its own rows; the level above those below it.
 */
export async function listManual(ctx: AppContext, actor: Actor, schemeId: number, q: EvalManualListQuery): Promise<Page<EvalManualRow>> {
  const db = ctx.database.db;
  const { scheme, manager } = await loadScheme(ctx, actor, schemeId);
  const inds = (await listIndicators(db, schemeId)).filter((i) => i.method === 'manual' && (!q.indicatorId || i.id === q.indicatorId));
  const targets = await resolveTargets(db, scheme);
  const me = await actorPerson(db, actor);
  const rows = new Map((await listManualOfScheme(db, schemeId)).map((r) => [`${r.indicator_id}:${r.target_id}`, r]));
  const text = q.q?.toLowerCase();
  const out: Array<{ ind: IndicatorRow; target: Target; row: ManualRow | undefined; abilities: Abilities }> = [];
  for (const target of targets) {
    if (text && !target.code.toLowerCase().includes(text) && !target.name.toLowerCase().includes(text)) {
      continue;
    }
    const visible = manager || seesPath(actor, target.path) || (target.type === 'person' && me === target.id);
    for (const ind of inds) {
      const row = rows.get(`${ind.id}:${target.id}`);
      const status = row?.status ?? 'pending';
      const abilities = manualAbilities(actor, me, manager, ind, target, status);
      const acts = abilities.canSelf || abilities.canReview || abilities.canConfirm;
      if ((!visible && !acts) || (q.status && status !== q.status) || (q.mine === 'true' && !acts)) {
        continue;
      }
      out.push({ ind, target, row, abilities });
    }
  }
  const page = out.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  const files = await filesOfOwners(
    db,
    MANUAL_FILE_OWNER,
    page.flatMap((x) => (x.row ? [x.row.id] : [])),
  );
  return {
    items: page.map((x) => presentManual(schemeId, x.ind, x.target, x.row, x.row ? (files.get(x.row.id) ?? []) : [], x.abilities)),
    total: out.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function loadManualContext(ctx: AppContext, actor: Actor, schemeId: number, key: EvalManualKey) {
  const db = ctx.database.db;
  const { scheme, manager } = await loadScheme(ctx, actor, schemeId);
  const ind = (await listIndicators(db, schemeId)).find((i) => i.id === key.indicatorId && i.method === 'manual');
  if (!ind) {
    throw notFound('manual indicator');
  }
  const target = await findTarget(db, scheme, key.targetId);
  if (!target) {
    throw notFound('evaluation target');
  }
  const me = await actorPerson(db, actor);
  const row = await findManualByKey(db, ind.id, target.id);
  const abilities = manualAbilities(actor, me, manager, ind, target, row?.status ?? 'pending');
  const visible = manager || seesPath(actor, target.path) || me === target.id || abilities.canSelf || abilities.canReview;
  if (!visible) {
    throw notFound('evaluation target');
  }
  return { scheme, manager, ind, target, row, abilities, me };
}

async function ensureRow(trx: Kysely<DB>, schemeId: number, ind: IndicatorRow, targetId: number, now: string): Promise<ManualRow> {
  const existing = await findManualByKey(trx, ind.id, targetId);
  if (existing) {
    return existing;
  }
  await trx
    .insertInto('eval_manual_scores')
    .values({
      scheme_id: schemeId,
      indicator_id: ind.id,
      target_id: targetId,
      status: 'pending',
      created_at: now,
      updated_at: now,
    } as never)
    .onConflict((oc) => oc.columns(['indicator_id', 'target_id']).doNothing())
    .execute();
  return (await findManualByKey(trx, ind.id, targetId)) as ManualRow;
}

async function present(ctx: AppContext, actor: Actor, schemeId: number, key: EvalManualKey): Promise<EvalManualRow> {
  const c = await loadManualContext(ctx, actor, schemeId, key);
  const files = c.row ? ((await filesOfOwners(ctx.database.db, MANUAL_FILE_OWNER, [c.row.id])).get(c.row.id) ?? []) : [];
  return presentManual(schemeId, c.ind, c.target, c.row, files, c.abilities);
}

/** Opens (creates when needed) the manual score of one target so that evidence can be attached to it. */
export async function openManual(ctx: AppContext, actor: Actor, schemeId: number, key: EvalManualKey): Promise<EvalManualRow> {
  const c = await loadManualContext(ctx, actor, schemeId, key);
  if (!c.abilities.canSelf && !c.abilities.canReview && !c.manager) {
    throw forbidden('You do not score this indicator for this target.');
  }
  if (!c.row) {
    await ensureRow(ctx.database.db, schemeId, c.ind, c.target.id, ctx.clock().toISOString());
  }
  return present(ctx, actor, schemeId, key);
}

/** Attaches an evidence file to a manual score the actor scores. */
export async function uploadManualFile(
  ctx: AppContext,
  actor: Actor,
  manualId: number,
  file: { name: string; data: Buffer },
): Promise<FileRef> {
  const row = await findManual(ctx.database.db, manualId);
  if (!row) {
    throw notFound('manual score');
  }
  const c = await loadManualContext(ctx, actor, row.scheme_id, { indicatorId: row.indicator_id, targetId: row.target_id });
  if (!c.abilities.canSelf && !c.abilities.canReview) {
    throw forbidden('You cannot add evidence to this score now.');
  }
  return saveUpload(ctx, actor, { ownerType: MANUAL_FILE_OWNER, ownerId: manualId, name: file.name, data: file.data });
}

/** Whether the actor may download a manual score's evidence (they may see its target). */
export async function canSeeManual(ctx: AppContext, actor: Actor, manualId: number): Promise<boolean> {
  const row = await findManual(ctx.database.db, manualId);
  if (!row) {
    return false;
  }
  try {
    await loadManualContext(ctx, actor, row.scheme_id, { indicatorId: row.indicator_id, targetId: row.target_id });
    return true;
  } catch {
    return false;
  }
}

/**
 * One step of the manual workflow: `self` (the evaluated org or cadre scores itself), `review` (the level above
 * scores, with a comment; without self-assessment it scores first), `confirm` (the scheme's managers lock it).
 */
export async function manualStep(
  ctx: AppContext,
  actor: Actor,
  schemeId: number,
  step: 'self' | 'review' | 'confirm',
  key: EvalManualKey,
  input?: EvalManualScoreInput,
): Promise<EvalManualRow> {
  const db = ctx.database.db;
  const c = await loadManualContext(ctx, actor, schemeId, key);
  const allowed = step === 'self' ? c.abilities.canSelf : step === 'review' ? c.abilities.canReview : c.abilities.canConfirm;
  if (!allowed) {
    const status = c.row?.status ?? 'pending';
    if (status === 'confirmed') {
      throw invalidState('This score is confirmed and can no longer change.');
    }
    if (step === 'review' && c.ind.self_assessment === 1 && status === 'pending') {
      throw invalidState('The organisation has not submitted its self-assessment yet.');
    }
    if (step === 'confirm' && status !== 'reviewed') {
      throw invalidState('Only a reviewed score can be confirmed.');
    }
    throw forbidden('You cannot take this step on this score.');
  }
  if (input && input.points > c.ind.max_points) {
    throw badRequest(`Points must lie between 0 and ${c.ind.max_points}.`, [{ path: 'points', message: `0–${c.ind.max_points}` }]);
  }
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    const row = await ensureRow(trx, schemeId, c.ind, c.target.id, now);
    if (input?.fileIds.length) {
      await requireOwnedFiles(trx, MANUAL_FILE_OWNER, row.id, input.fileIds);
    }
    const patch =
      step === 'self'
        ? {
            status: 'self_submitted' as const,
            self_points: input?.points ?? null,
            self_comment: input?.comment ?? null,
            self_by: actor.userId,
            self_by_name: actor.displayName,
            self_at: now,
          }
        : step === 'review'
          ? {
              status: 'reviewed' as const,
              review_points: input?.points ?? null,
              review_comment: input?.comment ?? null,
              review_by: actor.userId,
              review_by_name: actor.displayName,
              review_at: now,
            }
          : { status: 'confirmed' as const, confirmed_by_name: actor.displayName, confirmed_at: now };
    await trx
      .updateTable('eval_manual_scores')
      .set({ ...patch, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    await audit(
      trx,
      actor,
      {
        action: `evaluation.manual.${step}`,
        entityType: 'eval_manual_score',
        entityId: row.id,
        before: { status: row.status, self_points: row.self_points, review_points: row.review_points },
        after: {
          status: patch.status,
          self_points: 'self_points' in patch ? patch.self_points : row.self_points,
          review_points: 'review_points' in patch ? patch.review_points : row.review_points,
        },
        note: { target: `${c.target.code} ${c.target.name}`, indicator: c.ind.name, ...(input ? { comment: input.comment } : {}) },
      },
      ctx.clock,
    );
  });
  return present(ctx, actor, schemeId, key);
}

/** The scheme's targets now, searched by code or name, limited to those the actor may see (pickers). */
export async function listTargets(
  ctx: AppContext,
  actor: Actor,
  schemeId: number,
  q: { q?: string; limit: number },
): Promise<EvalTargetRef[]> {
  const db = ctx.database.db;
  const { scheme, manager } = await loadScheme(ctx, actor, schemeId);
  const me = await actorPerson(db, actor);
  const text = q.q?.toLowerCase();
  return (await resolveTargets(db, scheme))
    .filter((x) => manager || seesPath(actor, x.path) || (x.type === 'person' && x.id === me))
    .filter((x) => !text || x.code.toLowerCase().includes(text) || x.name.toLowerCase().includes(text))
    .slice(0, q.limit)
    .map((x) => ({ type: x.type, id: x.id, code: x.code, name: x.name, parent: x.parent }));
}

// ---------------------------------------------------------------------------------------------------------
// Bonus / deduction items
// ---------------------------------------------------------------------------------------------------------

function presentAdjustment(r: AdjustmentRow, ind: IndicatorRow, target: Target | undefined, files: FileRef[]): EvalAdjustment {
  return {
    id: r.id,
    schemeId: r.scheme_id,
    indicatorId: r.indicator_id,
    indicatorName: ind.name,
    method: ind.method === 'deduction' ? 'deduction' : 'bonus',
    target: target
      ? { type: target.type, id: target.id, code: target.code, name: target.name, parent: target.parent }
      : { type: 'org', id: r.target_id, code: String(r.target_id), name: '—', parent: null },
    points: r.points,
    reason: r.reason,
    status: r.status,
    withdrawReason: r.withdraw_reason,
    files: presentFiles(files),
    createdBy: r.created_by_name,
    createdAt: r.created_at,
  };
}

/** The bonus / deduction items of a scheme on the targets the actor sees. */
export async function listAdjustments(
  ctx: AppContext,
  actor: Actor,
  schemeId: number,
  q: { page: number; pageSize: number; indicatorId?: number; includeWithdrawn?: 'true' | 'false' },
): Promise<Page<EvalAdjustment>> {
  const db = ctx.database.db;
  const { scheme, manager } = await loadScheme(ctx, actor, schemeId);
  const inds = new Map((await listIndicators(db, schemeId)).map((i) => [i.id, i]));
  const rows = (await listAdjustmentsOfScheme(db, schemeId, q.includeWithdrawn === 'true')).filter(
    (r) => !q.indicatorId || r.indicator_id === q.indicatorId,
  );
  const targets = new Map((await resolveTargets(db, scheme, [...new Set(rows.map((r) => r.target_id))])).map((t) => [t.id, t]));
  const visible = rows.filter((r) => {
    const t = targets.get(r.target_id);
    return manager || (t !== undefined && seesPath(actor, t.path));
  });
  const page = visible.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  const files = await filesOfOwners(
    db,
    ADJUSTMENT_FILE_OWNER,
    page.map((r) => r.id),
  );
  return {
    items: page.map((r) => presentAdjustment(r, inds.get(r.indicator_id) as IndicatorRow, targets.get(r.target_id), files.get(r.id) ?? [])),
    total: visible.length,
    page: q.page,
    pageSize: q.pageSize,
  };
}

async function oneAdjustment(ctx: AppContext, id: number): Promise<EvalAdjustment> {
  const db = ctx.database.db;
  const r = (await findAdjustment(db, id)) as AdjustmentRow;
  const scheme = (await findScheme(db, r.scheme_id)) as SchemeRow;
  const ind = (await listIndicators(db, r.scheme_id)).find((i) => i.id === r.indicator_id) as IndicatorRow;
  const target = await findTarget(db, scheme, r.target_id);
  const files = (await filesOfOwners(db, ADJUSTMENT_FILE_OWNER, [id])).get(id) ?? [];
  return presentAdjustment(r, ind, target, files);
}

/** Records a bonus (加分) or deduction (扣分) item on a target; one item may not exceed the indicator's cap. */
export async function createAdjustment(
  ctx: AppContext,
  actor: Actor,
  schemeId: number,
  input: EvalAdjustmentCreateInput,
): Promise<EvalAdjustment> {
  const db = ctx.database.db;
  const scheme = await loadManagedScheme(ctx, actor, schemeId);
  const ind = (await listIndicators(db, schemeId)).find(
    (i) => i.id === input.indicatorId && (i.method === 'bonus' || i.method === 'deduction'),
  );
  if (!ind) {
    throw notFound('bonus or deduction indicator');
  }
  const target = await findTarget(db, scheme, input.targetId);
  if (!target) {
    throw notFound('evaluation target');
  }
  if (input.points > ind.max_points) {
    throw badRequest(`One item may not exceed the cap of ${ind.max_points} points.`, [{ path: 'points', message: `≤ ${ind.max_points}` }]);
  }
  const now = ctx.clock().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('eval_adjustments')
      .values({
        scheme_id: schemeId,
        indicator_id: ind.id,
        target_id: target.id,
        points: input.points,
        reason: input.reason,
        status: 'active',
        withdraw_reason: null,
        created_by: actor.userId,
        created_by_name: actor.displayName,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(
      trx,
      actor,
      {
        action: `evaluation.${ind.method}.created`,
        entityType: 'eval_adjustment',
        entityId: row.id,
        after: { points: input.points, reason: input.reason, target: `${target.code} ${target.name}`, indicator: ind.name },
      },
      ctx.clock,
    );
    return row.id;
  });
  return oneAdjustment(ctx, id);
}

async function managedAdjustment(ctx: AppContext, actor: Actor, id: number): Promise<AdjustmentRow> {
  const row = await findAdjustment(ctx.database.db, id);
  if (!row) {
    throw notFound('item');
  }
  await loadManagedScheme(ctx, actor, row.scheme_id);
  return row;
}

/** Withdraws an item (kept, marked withdrawn, with the reason; later runs leave it out). */
export async function withdrawAdjustment(ctx: AppContext, actor: Actor, id: number, reason: string): Promise<EvalAdjustment> {
  const row = await managedAdjustment(ctx, actor, id);
  if (row.status === 'withdrawn') {
    throw invalidState('The item is already withdrawn.');
  }
  await ctx.database.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('eval_adjustments')
      .set({ status: 'withdrawn', withdraw_reason: reason, updated_at: ctx.clock().toISOString() })
      .where('id', '=', id)
      .execute();
    await audit(
      trx,
      actor,
      {
        action: 'evaluation.adjustment.withdrawn',
        entityType: 'eval_adjustment',
        entityId: id,
        before: { status: 'active' },
        after: { status: 'withdrawn' },
        note: { reason },
      },
      ctx.clock,
    );
  });
  return oneAdjustment(ctx, id);
}

/** Attaches an evidence file to an item. */
export async function uploadAdjustmentFile(
  ctx: AppContext,
  actor: Actor,
  id: number,
  file: { name: string; data: Buffer },
): Promise<FileRef> {
  await managedAdjustment(ctx, actor, id);
  return saveUpload(ctx, actor, { ownerType: ADJUSTMENT_FILE_OWNER, ownerId: id, name: file.name, data: file.data });
}

/** Whether the actor may download an item's evidence (managers, and those who see its target). */
export async function canSeeAdjustment(ctx: AppContext, actor: Actor, id: number): Promise<boolean> {
  const db = ctx.database.db;
  const row = await findAdjustment(db, id);
  const scheme = row ? await findScheme(db, row.scheme_id) : undefined;
  if (!row || !scheme) {
    return false;
  }
  if (actor === SYSTEM_ACTOR || canManage(actor, scheme.root_path)) {
    return true;
  }
  const target = await findTarget(db, scheme, row.target_id);
  return target !== undefined && seesPath(actor, target.path);
}

import type { EvalCalibrateInput, EvalRun } from '@guantong/shared';
import type { Actor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, badRequest, invalidState, notFound } from '../../core/errors.js';
import { chinaToday } from '../orgs/orgs.service.js';
import type { SchemeDefinition } from './evaluation.definition.js';
import { kickRun, totalsOf } from './evaluation.engine.js';
import { presentRun } from './evaluation.presenter.js';
import { calibrationCounts, findRun, findScheme, insertRun, type RunRow, type SchemeRow, updateRun } from './evaluation.repository.js';
import { currentProblems, loadManagedScheme, loadScheme } from './evaluation.schemes.js';

/** The day a run measures at: today, or the period's last day once it has ended. */
function asOfFor(ctx: AppContext, scheme: SchemeRow): string {
  const today = chinaToday(ctx);
  // Dates as YYYY-MM-DD text compare in calendar order.
  if (today < scheme.period_to) {
    return today;
  }
  return scheme.period_to;
}

async function presentOne(ctx: AppContext, run: RunRow): Promise<EvalRun> {
  const counts = await calibrationCounts(ctx.database.db, [run.id]);
  return presentRun(run, counts.get(run.id) ?? 0);
}

/**
 * Loads a run the actor may see with its scheme: managers see every run of their schemes; everyone else only
 * published runs of schemes that concern them (404 otherwise, the same as a missing run).
 */
export async function loadRun(ctx: AppContext, actor: Actor, id: number): Promise<{ run: RunRow; scheme: SchemeRow; manager: boolean }> {
  const run = await findRun(ctx.database.db, id);
  if (!run) {
    throw notFound('evaluation run');
  }
  const { scheme, manager } = await loadScheme(ctx, actor, run.scheme_id).catch(() => {
    throw notFound('evaluation run');
  });
  if (!manager && run.status !== 'published') {
    throw notFound('evaluation run');
  }
  return { run, scheme, manager };
}

/** The run's frozen definition (present once the run has started computing). */
export function definitionOf(run: RunRow): SchemeDefinition {
  if (!run.definition) {
    throw invalidState('The run has not been computed yet.');
  }
  return JSON.parse(run.definition) as SchemeDefinition;
}

/**
 * Queues a new run of a scheme and starts computing it in the background. Refused while the scheme has problems
 * (weights not summing to 100 …) or while an unpublished run exists (recompute that one, or publish it first).
 */
export async function startRun(ctx: AppContext, actor: Actor, schemeId: number): Promise<EvalRun> {
  const db = ctx.database.db;
  const scheme = await loadManagedScheme(ctx, actor, schemeId);
  const problems = await currentProblems(db, scheme);
  if (problems.length > 0) {
    throw new AppError('INVALID_STATE', 409, 'The scheme cannot run yet; fix its problems first.', problems);
  }
  const open = await db
    .selectFrom('eval_runs')
    .select(['id', 'status'])
    .where('scheme_id', '=', schemeId)
    .where('status', '!=', 'published')
    .executeTakeFirst();
  if (open) {
    throw invalidState('This scheme already has a run that is not published; recompute it or publish it first.', { runId: open.id });
  }
  const now = ctx.clock().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const row = await insertRun(trx, {
      scheme_id: schemeId,
      status: 'queued',
      as_of: asOfFor(ctx, scheme),
      created_by: actor.userId,
      created_by_name: actor.displayName,
      created_at: now,
      stage: null,
      definition: null,
      started_at: null,
      finished_at: null,
      heartbeat_at: null,
      duration_ms: null,
      error: null,
      published_at: null,
      published_by_name: null,
    });
    await audit(
      trx,
      actor,
      { action: 'evaluation.run.started', entityType: 'eval_run', entityId: row.id, note: { schemeId, scheme: scheme.name } },
      ctx.clock,
    );
    return row.id;
  });
  kickRun(ctx, id);
  return presentOne(ctx, (await findRun(db, id)) as RunRow);
}

/** Computes an unpublished run again from the current data and definition (calibrations are kept and re-applied). */
export async function recomputeRun(ctx: AppContext, actor: Actor, runId: number): Promise<EvalRun> {
  const db = ctx.database.db;
  const { run, scheme, manager } = await loadRun(ctx, actor, runId);
  if (!manager) {
    throw notFound('evaluation run');
  }
  if (run.status === 'published') {
    throw invalidState('A published run is frozen; start a new run instead.');
  }
  if (run.status === 'queued' || run.status === 'running') {
    throw invalidState('The run is being computed; wait for it to finish.');
  }
  const problems = await currentProblems(db, scheme);
  if (problems.length > 0) {
    throw new AppError('INVALID_STATE', 409, 'The scheme cannot run yet; fix its problems first.', problems);
  }
  await db.transaction().execute(async (trx) => {
    await updateRun(trx, runId, { status: 'queued', progress_done: 0, as_of: asOfFor(ctx, scheme), error: null });
    await audit(trx, actor, { action: 'evaluation.run.recomputed', entityType: 'eval_run', entityId: runId }, ctx.clock);
  });
  kickRun(ctx, runId);
  return presentOne(ctx, (await findRun(db, runId)) as RunRow);
}

/** A run's status and progress (polled by the page while it computes). */
export async function getRun(ctx: AppContext, actor: Actor, runId: number): Promise<EvalRun> {
  const { run } = await loadRun(ctx, actor, runId);
  return presentOne(ctx, run);
}

/** Publishes a computed run: its scores become a frozen snapshot that later data never changes. */
export async function publishRun(ctx: AppContext, actor: Actor, runId: number, note?: string): Promise<EvalRun> {
  const db = ctx.database.db;
  const { run, manager } = await loadRun(ctx, actor, runId);
  if (!manager) {
    throw notFound('evaluation run');
  }
  if (run.status !== 'computed') {
    throw invalidState(run.status === 'published' ? 'The run is already published.' : 'Only a computed run can be published.');
  }
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('eval_runs')
      .set({ status: 'published', published_at: now, published_by_name: actor.displayName })
      .where('id', '=', runId)
      .where('status', '=', 'computed')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      throw invalidState('The run changed meanwhile; reload it.');
    }
    await audit(
      trx,
      actor,
      {
        action: 'evaluation.run.published',
        entityType: 'eval_run',
        entityId: runId,
        before: { status: 'computed' },
        after: { status: 'published' },
        ...(note ? { note: { note } } : {}),
      },
      ctx.clock,
    );
  });
  return presentOne(ctx, (await findRun(db, runId)) as RunRow);
}

/**
 * Calibrates one score of an unpublished, computed run (校准): sets its points with a required reason, recorded and
 * audited, shown in the explanation; the target's dimensions, total and grade follow. Recomputing keeps it.
 */
export async function calibrateScore(ctx: AppContext, actor: Actor, runId: number, targetId: number, input: EvalCalibrateInput) {
  const db = ctx.database.db;
  const { run, manager } = await loadRun(ctx, actor, runId);
  if (!manager) {
    throw notFound('evaluation run');
  }
  if (run.status !== 'computed') {
    throw invalidState(
      run.status === 'published' ? 'A published run is frozen; it cannot be calibrated.' : 'Only a computed run can be calibrated.',
    );
  }
  const def = definitionOf(run);
  const indicator = def.indicators.find((i) => i.id === input.indicatorId);
  if (!indicator) {
    throw notFound('indicator');
  }
  if (input.points < 0 || input.points > indicator.maxPoints) {
    throw badRequest(`Points must lie between 0 and ${indicator.maxPoints}.`, [{ path: 'points', message: `0–${indicator.maxPoints}` }]);
  }
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    const score = await trx
      .selectFrom('eval_scores')
      .selectAll()
      .where('run_id', '=', runId)
      .where('target_id', '=', targetId)
      .where('indicator_id', '=', input.indicatorId)
      .executeTakeFirst();
    const result = await trx
      .selectFrom('eval_results')
      .selectAll()
      .where('run_id', '=', runId)
      .where('target_id', '=', targetId)
      .executeTakeFirst();
    if (!score || !result) {
      throw notFound('score');
    }
    await trx
      .insertInto('eval_calibrations')
      .values({
        run_id: runId,
        target_id: targetId,
        indicator_id: input.indicatorId,
        from_points: score.points,
        to_points: input.points,
        reason: input.reason,
        created_by: actor.userId,
        created_by_name: actor.displayName,
        created_at: now,
      })
      .execute();
    await trx.updateTable('eval_scores').set({ points: input.points }).where('id', '=', score.id).execute();
    const scores = await trx
      .selectFrom('eval_scores')
      .select(['indicator_id', 'points'])
      .where('run_id', '=', runId)
      .where('target_id', '=', targetId)
      .execute();
    const totals = totalsOf(
      def,
      scores.map((s) => ({ indicatorId: s.indicator_id, points: s.points })),
    );
    await trx
      .updateTable('eval_results')
      .set({ total: totals.total, grade_code: totals.grade?.code ?? null, dims: JSON.stringify(totals.dims), calibrated: 1 })
      .where('id', '=', result.id)
      .execute();
    await audit(
      trx,
      actor,
      {
        action: 'evaluation.score.calibrated',
        entityType: 'eval_score',
        entityId: score.id,
        before: { points: score.points, total: result.total },
        after: { points: input.points, total: totals.total },
        note: {
          reason: input.reason,
          runId,
          target: `${result.target_code} ${result.target_name}`,
          indicator: `${indicator.code} ${indicator.name}`,
        },
      },
      ctx.clock,
    );
  });
}

/** The scheme row of a run (for services that already checked access to the run). */
export async function schemeOfRun(ctx: AppContext, run: RunRow): Promise<SchemeRow> {
  const s = await findScheme(ctx.database.db, run.scheme_id);
  if (!s) {
    throw notFound('evaluation scheme');
  }
  return s;
}

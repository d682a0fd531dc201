import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB } from '../../db/schema.js';
import type {
  EvalAdjustmentsTable,
  EvalCalibrationsTable,
  EvalDimensionsTable,
  EvalIndicatorsTable,
  EvalInputsTable,
  EvalManualScoresTable,
  EvalResultsTable,
  EvalRunsTable,
  EvalSchemesTable,
  EvalScoresTable,
} from './evaluation.tables.js';

export type SchemeRow = Selectable<EvalSchemesTable> & { root_code: string; root_name: string; root_path: string; root_depth: number };
export type DimensionRow = Selectable<EvalDimensionsTable>;
export type IndicatorRow = Selectable<EvalIndicatorsTable>;
export type RunRow = Selectable<EvalRunsTable>;
export type ResultRow = Selectable<EvalResultsTable>;
export type ScoreRow = Selectable<EvalScoresTable>;
export type CalibrationRow = Selectable<EvalCalibrationsTable>;
export type ManualRow = Selectable<EvalManualScoresTable>;
export type AdjustmentRow = Selectable<EvalAdjustmentsTable>;
export type InputRow = Selectable<EvalInputsTable>;

function schemeQuery(db: Kysely<DB>) {
  return db
    .selectFrom('eval_schemes as s')
    .innerJoin('orgs as r', 'r.id', 's.root_org_id')
    .selectAll('s')
    .select(['r.code as root_code', 'r.name as root_name', 'r.path as root_path', 'r.depth as root_depth']);
}

/** One scheme with its root organisation. */
export function findScheme(db: Kysely<DB>, id: number): Promise<SchemeRow | undefined> {
  return schemeQuery(db).where('s.id', '=', id).executeTakeFirst();
}

/** Schemes (newest period first), filtered; the caller scopes the rows. */
export function listSchemeRows(db: Kysely<DB>, q: { year?: number; population?: string; q?: string }): Promise<SchemeRow[]> {
  let query = schemeQuery(db);
  if (q.year) {
    query = query.where('s.year', '=', q.year);
  }
  if (q.population) {
    query = query.where('s.population', '=', q.population as 'orgs' | 'cadres');
  }
  if (q.q) {
    query = query.where('s.name', 'like', `%${q.q}%`);
  }
  return query.orderBy('s.period_from', 'desc').orderBy('s.id', 'desc').execute();
}

export function insertScheme(db: Kysely<DB>, values: Insertable<EvalSchemesTable>) {
  return db.insertInto('eval_schemes').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateScheme(db: Kysely<DB>, id: number, patch: Updateable<EvalSchemesTable>) {
  return db.updateTable('eval_schemes').set(patch).where('id', '=', id).execute();
}

export function listDimensions(db: Kysely<DB>, schemeId: number): Promise<DimensionRow[]> {
  return db.selectFrom('eval_dimensions').selectAll().where('scheme_id', '=', schemeId).orderBy('sort_order').orderBy('id').execute();
}

export function listIndicators(db: Kysely<DB>, schemeId: number): Promise<IndicatorRow[]> {
  return db.selectFrom('eval_indicators').selectAll().where('scheme_id', '=', schemeId).orderBy('sort_order').orderBy('id').execute();
}

/** Dimension and indicator counts per scheme. */
export async function countParts(db: Kysely<DB>, schemeIds: number[]): Promise<Map<number, { dims: number; inds: number }>> {
  const out = new Map<number, { dims: number; inds: number }>();
  if (schemeIds.length === 0) {
    return out;
  }
  const dims = await db
    .selectFrom('eval_dimensions')
    .select(['scheme_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('scheme_id', 'in', schemeIds)
    .groupBy('scheme_id')
    .execute();
  const inds = await db
    .selectFrom('eval_indicators')
    .select(['scheme_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('scheme_id', 'in', schemeIds)
    .groupBy('scheme_id')
    .execute();
  for (const id of schemeIds) {
    out.set(id, {
      dims: Number(dims.find((d) => d.scheme_id === id)?.n ?? 0),
      inds: Number(inds.find((d) => d.scheme_id === id)?.n ?? 0),
    });
  }
  return out;
}

export function findRun(db: Kysely<DB>, id: number): Promise<RunRow | undefined> {
  return db.selectFrom('eval_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listRunsOfSchemes(db: Kysely<DB>, schemeIds: number[]): Promise<RunRow[]> {
  if (schemeIds.length === 0) {
    return Promise.resolve([]);
  }
  return db.selectFrom('eval_runs').selectAll().where('scheme_id', 'in', schemeIds).orderBy('scheme_id').orderBy('id', 'desc').execute();
}

export function insertRun(db: Kysely<DB>, values: Insertable<EvalRunsTable>) {
  return db.insertInto('eval_runs').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateRun(db: Kysely<DB>, id: number, patch: Updateable<EvalRunsTable>) {
  return db.updateTable('eval_runs').set(patch).where('id', '=', id).executeTakeFirst();
}

/** Calibration counts per run. */
export async function calibrationCounts(db: Kysely<DB>, runIds: number[]): Promise<Map<number, number>> {
  if (runIds.length === 0) {
    return new Map();
  }
  const rows = await db
    .selectFrom('eval_calibrations')
    .select(['run_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('run_id', 'in', runIds)
    .groupBy('run_id')
    .execute();
  return new Map(rows.map((r) => [r.run_id, Number(r.n)]));
}

/** Every result of a run (a run holds at most a few thousand targets). */
export function listResults(db: Kysely<DB>, runId: number): Promise<ResultRow[]> {
  return db.selectFrom('eval_results').selectAll().where('run_id', '=', runId).execute();
}

export function findResult(db: Kysely<DB>, runId: number, targetId: number): Promise<ResultRow | undefined> {
  return db.selectFrom('eval_results').selectAll().where('run_id', '=', runId).where('target_id', '=', targetId).executeTakeFirst();
}

export function listScoresOfTarget(db: Kysely<DB>, runId: number, targetId: number): Promise<ScoreRow[]> {
  return db.selectFrom('eval_scores').selectAll().where('run_id', '=', runId).where('target_id', '=', targetId).execute();
}

export function listCalibrations(db: Kysely<DB>, runId: number, targetId?: number): Promise<CalibrationRow[]> {
  let q = db.selectFrom('eval_calibrations').selectAll().where('run_id', '=', runId);
  if (targetId !== undefined) {
    q = q.where('target_id', '=', targetId);
  }
  return q.orderBy('id').execute();
}

export function listManualOfScheme(db: Kysely<DB>, schemeId: number): Promise<ManualRow[]> {
  return db.selectFrom('eval_manual_scores').selectAll().where('scheme_id', '=', schemeId).execute();
}

export function findManual(db: Kysely<DB>, id: number): Promise<ManualRow | undefined> {
  return db.selectFrom('eval_manual_scores').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findManualByKey(db: Kysely<DB>, indicatorId: number, targetId: number): Promise<ManualRow | undefined> {
  return db
    .selectFrom('eval_manual_scores')
    .selectAll()
    .where('indicator_id', '=', indicatorId)
    .where('target_id', '=', targetId)
    .executeTakeFirst();
}

export function listAdjustmentsOfScheme(db: Kysely<DB>, schemeId: number, includeWithdrawn: boolean): Promise<AdjustmentRow[]> {
  let q = db.selectFrom('eval_adjustments').selectAll().where('scheme_id', '=', schemeId);
  if (!includeWithdrawn) {
    q = q.where('status', '=', 'active');
  }
  return q.orderBy('id', 'desc').execute();
}

export function findAdjustment(db: Kysely<DB>, id: number): Promise<AdjustmentRow | undefined> {
  return db.selectFrom('eval_adjustments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listInputsOfScheme(db: Kysely<DB>, schemeId: number, indicatorId?: number): Promise<InputRow[]> {
  let q = db.selectFrom('eval_inputs').selectAll().where('scheme_id', '=', schemeId);
  if (indicatorId !== undefined) {
    q = q.where('indicator_id', '=', indicatorId);
  }
  return q.orderBy('target_id').execute();
}

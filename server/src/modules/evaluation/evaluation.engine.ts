import type { EvalGradeBand, EvalManualStatus, EvalMapping, EvalScoreStatus, MetricValue } from '@guantong/shared';
import type { Insertable, Kysely } from 'kysely';
import { SYSTEM_ACTOR } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { getMetric } from '../../core/metrics.js';
import { insertMany } from '../../db/bulk-insert.js';
import type { DB } from '../../db/schema.js';
import { getFrameworkNodeRefs } from '../framework/framework.service.js';
import { type DefinitionIndicator, isRegular, type SchemeDefinition } from './evaluation.definition.js';
import { checkFormula, evaluateFormula, type FormulaNode, parseFormula } from './evaluation.formula.js';
import {
  type DimensionRow,
  findScheme,
  type IndicatorRow,
  listAdjustmentsOfScheme,
  listCalibrations,
  listDimensions,
  listIndicators,
  listInputsOfScheme,
  listManualOfScheme,
  type SchemeRow,
  updateRun,
} from './evaluation.repository.js';
import { cappedSum, dimensionScore, gradeFor, scoreValue, weightedTotal } from './evaluation.scoring.js';
import type { EvalResultsTable, EvalScoresTable } from './evaluation.tables.js';
import { resolveTargets, type Target } from './evaluation.targets.js';

/** Owner types of evidence files (files module): a manual score, a bonus / deduction item. */
export const MANUAL_FILE_OWNER = 'eval_manual';
export const ADJUSTMENT_FILE_OWNER = 'eval_adjustment';

/** The inputs stored with each score (JSON), enough to explain it after publication without reading live data. */
export interface ScoreInputs {
  /** Metric values: key → [value, numerator, denominator]. */
  m?: Record<string, [number | null, number | null, number | null]>;
  manual?: {
    status: EvalManualStatus;
    selfPoints: number | null;
    selfComment: string | null;
    reviewPoints: number | null;
    reviewComment: string | null;
    reviewedBy: string | null;
    confirmedBy: string | null;
    files: number[];
  };
  imported?: { value: number; note: string | null; source: string; by: string; at: string };
  items?: Array<{ id: number; points: number; reason: string; by: string; at: string; files: number[] }>;
  uncapped?: number;
}

export interface ScoreCalc {
  indicatorId: number;
  status: EvalScoreStatus;
  value: number | null;
  computedPoints: number | null;
  points: number | null;
  inputs: ScoreInputs;
}

export interface TargetTotals {
  dims: Record<string, number | null>;
  /** Per dimension: full points of the indicators not left out, and points earned. */
  parts: Record<string, { available: number; earned: number }>;
  total: number | null;
  grade: EvalGradeBand | null;
}

/** Parses the mapping column (JSON) of an indicator. */
export function parseMapping(text: string | null): EvalMapping | null {
  return text ? (JSON.parse(text) as EvalMapping) : null;
}

/** The definition of a scheme as it stands now (the run freezes it). */
export async function loadDefinition(db: Kysely<DB>, scheme: SchemeRow): Promise<SchemeDefinition> {
  const [dims, inds] = await Promise.all([listDimensions(db, scheme.id), listIndicators(db, scheme.id)]);
  return buildDefinition(db, scheme, dims, inds);
}

/** Assembles a definition from the rows (framework node names and metric meanings looked up once). */
export async function buildDefinition(
  db: Kysely<DB>,
  scheme: SchemeRow,
  dims: DimensionRow[],
  inds: IndicatorRow[],
): Promise<SchemeDefinition> {
  const nodeIds = inds.map((i) => i.framework_node_id).filter((id): id is number => id !== null);
  const nodes = new Map((await getFrameworkNodeRefs(db, nodeIds)).map((n) => [n.id, n]));
  const dimCode = new Map(dims.map((d) => [d.id, d.code]));
  const metrics: SchemeDefinition['metrics'] = {};
  const indicators: DefinitionIndicator[] = inds.map((i) => {
    const refs = i.method === 'computed' && i.formula ? safeRefs(i.formula) : [];
    for (const key of refs) {
      const m = getMetric(key);
      if (m) {
        metrics[key] = { module: m.module, unit: m.unit, label: m.label, definition: m.definition };
      }
    }
    const node = i.framework_node_id !== null ? nodes.get(i.framework_node_id) : undefined;
    return {
      id: i.id,
      dimensionId: i.dimension_id,
      dimensionCode: dimCode.get(i.dimension_id) ?? '',
      code: i.code,
      name: i.name,
      description: i.description,
      method: i.method,
      maxPoints: i.max_points,
      formula: i.formula,
      metrics: refs,
      mapping: parseMapping(i.mapping),
      noData: i.no_data,
      frameworkNode: node ? { id: node.id, code: node.code, name: node.name } : null,
      selfAssessment: i.self_assessment === 1,
      sortOrder: i.sort_order,
    };
  });
  return {
    schemeId: scheme.id,
    name: scheme.name,
    population: scheme.population,
    orgKind: scheme.org_kind,
    rootOrgId: scheme.root_org_id,
    periodFrom: scheme.period_from,
    periodTo: scheme.period_to,
    visibility: scheme.visibility,
    gradeBands: JSON.parse(scheme.grade_bands) as EvalGradeBand[],
    dimensions: dims.map((d) => ({ id: d.id, code: d.code, name: d.name, nameEn: d.name_en, weight: d.weight, sortOrder: d.sort_order })),
    indicators,
    metrics,
  };
}

/** The metric keys of a stored formula (none when it no longer parses: the indicator then scores as no data). */
function safeRefs(formula: string): string[] {
  const checked = checkFormula(formula);
  return checked.ok ? checked.metrics : [];
}

const key = (indicatorId: number, targetId: number) => `${indicatorId}:${targetId}`;

/** Everything a run scores from, besides the metrics: manual scores, imported values, items, calibrations. */
export interface ScoreSources {
  metricValues: Map<string, Map<number, MetricValue>>;
  manual: Map<string, NonNullable<ScoreInputs['manual']>>;
  imported: Map<string, NonNullable<ScoreInputs['imported']>>;
  items: Map<string, NonNullable<ScoreInputs['items']>>;
  /** The latest calibrated points per indicator and target. */
  calibrations: Map<string, number>;
}

/** Scores one target on every indicator (pure: everything comes from the definition and the sources). */
export function scoreTarget(
  def: SchemeDefinition,
  target: Target,
  src: ScoreSources,
  formulas: Map<number, FormulaNode | null>,
): ScoreCalc[] {
  return def.indicators.map((ind): ScoreCalc => {
    const k = key(ind.id, target.id);
    let value: number | null = null;
    let status: EvalScoreStatus;
    let computed: number | null;
    const inputs: ScoreInputs = {};
    if (ind.method === 'bonus' || ind.method === 'deduction') {
      const items = src.items.get(k) ?? [];
      const sum = cappedSum(
        items.map((i) => i.points),
        ind.maxPoints,
      );
      inputs.items = items;
      inputs.uncapped = sum.uncapped;
      value = sum.uncapped;
      status = 'ok';
      computed = sum.points;
    } else {
      if (ind.method === 'computed') {
        const values = new Map<string, number | null>();
        const m: NonNullable<ScoreInputs['m']> = {};
        for (const mk of ind.metrics) {
          const mv = src.metricValues.get(mk)?.get(target.id);
          values.set(mk, mv?.value ?? null);
          m[mk] = [mv?.value ?? null, mv?.numerator ?? null, mv?.denominator ?? null];
        }
        inputs.m = m;
        const ast = formulas.get(ind.id);
        value = ast ? evaluateFormula(ast, values) : null;
      } else if (ind.method === 'manual') {
        const manual = src.manual.get(k);
        if (manual) {
          inputs.manual = manual;
          value = manual.status === 'reviewed' || manual.status === 'confirmed' ? manual.reviewPoints : null;
        }
      } else {
        const imported = src.imported.get(k);
        if (imported) {
          inputs.imported = imported;
          value = imported.value;
        }
      }
      const outcome = scoreValue(value, ind.method, ind.mapping, ind.maxPoints, ind.noData);
      status = outcome.status;
      computed = outcome.points;
    }
    const calibrated = src.calibrations.get(k);
    return {
      indicatorId: ind.id,
      status,
      value,
      computedPoints: computed,
      points: calibrated !== undefined ? calibrated : computed,
      inputs,
    };
  });
}

/** Dimension scores, total and grade from a target's scores (also used after a calibration). */
export function totalsOf(def: SchemeDefinition, scores: ReadonlyArray<{ indicatorId: number; points: number | null }>): TargetTotals {
  const byInd = new Map(scores.map((s) => [s.indicatorId, s.points]));
  const dims: Record<string, number | null> = {};
  const parts: Record<string, { available: number; earned: number }> = {};
  const weighted: Array<{ weight: number; score: number | null }> = [];
  for (const d of def.dimensions) {
    const own = def.indicators.filter((i) => i.dimensionId === d.id);
    const regular = own.filter((i) => isRegular(i.method)).map((i) => ({ maxPoints: i.maxPoints, points: byInd.get(i.id) ?? null }));
    const bonus = own.filter((i) => i.method === 'bonus').reduce((s, i) => s + (byInd.get(i.id) ?? 0), 0);
    const deduction = own.filter((i) => i.method === 'deduction').reduce((s, i) => s + (byInd.get(i.id) ?? 0), 0);
    const out = dimensionScore({ regular, bonus, deduction });
    dims[d.code] = out.score;
    parts[d.code] = { available: out.available, earned: out.earned };
    weighted.push({ weight: d.weight, score: out.score });
  }
  const total = weightedTotal(weighted);
  return { dims, parts, total, grade: gradeFor(total, def.gradeBands) };
}

/** Formulas parsed once per run (a formula that no longer parses scores as no data). */
export function parseFormulas(def: SchemeDefinition): Map<number, FormulaNode | null> {
  const out = new Map<number, FormulaNode | null>();
  for (const ind of def.indicators) {
    if (ind.method === 'computed' && ind.formula) {
      try {
        out.set(ind.id, parseFormula(ind.formula));
      } catch {
        out.set(ind.id, null);
      }
    }
  }
  return out;
}

async function fileIdsOf(db: Kysely<DB>, ownerType: string, ownerIds: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  for (let i = 0; i < ownerIds.length; i += 1000) {
    const rows = await db
      .selectFrom('files')
      .select(['id', 'owner_id'])
      .where('owner_type', '=', ownerType)
      .where('owner_id', 'in', ownerIds.slice(i, i + 1000))
      .orderBy('id')
      .execute();
    for (const r of rows) {
      const list = out.get(r.owner_id) ?? [];
      list.push(r.id);
      out.set(r.owner_id, list);
    }
  }
  return out;
}

/** Loads manual scores, imported values, bonus / deduction items (with their evidence ids) and the run's calibrations. */
export async function loadSources(db: Kysely<DB>, schemeId: number, runId: number): Promise<Omit<ScoreSources, 'metricValues'>> {
  const [manualRows, inputRows, itemRows, calibrationRows] = await Promise.all([
    listManualOfScheme(db, schemeId),
    listInputsOfScheme(db, schemeId),
    listAdjustmentsOfScheme(db, schemeId, false),
    listCalibrations(db, runId),
  ]);
  const [manualFiles, itemFiles] = await Promise.all([
    fileIdsOf(
      db,
      MANUAL_FILE_OWNER,
      manualRows.map((r) => r.id),
    ),
    fileIdsOf(
      db,
      ADJUSTMENT_FILE_OWNER,
      itemRows.map((r) => r.id),
    ),
  ]);
  const manual = new Map<string, NonNullable<ScoreInputs['manual']>>();
  for (const r of manualRows) {
    manual.set(key(r.indicator_id, r.target_id), {
      status: r.status,
      selfPoints: r.self_points,
      selfComment: r.self_comment,
      reviewPoints: r.review_points,
      reviewComment: r.review_comment,
      reviewedBy: r.review_by_name,
      confirmedBy: r.confirmed_by_name,
      files: manualFiles.get(r.id) ?? [],
    });
  }
  const imported = new Map<string, NonNullable<ScoreInputs['imported']>>();
  for (const r of inputRows) {
    imported.set(key(r.indicator_id, r.target_id), {
      value: r.value,
      note: r.note,
      source: r.source,
      by: r.updated_by_name,
      at: r.updated_at,
    });
  }
  const items = new Map<string, NonNullable<ScoreInputs['items']>>();
  for (const r of [...itemRows].sort((a, b) => a.id - b.id)) {
    const k = key(r.indicator_id, r.target_id);
    const list = items.get(k) ?? [];
    list.push({ id: r.id, points: r.points, reason: r.reason, by: r.created_by_name, at: r.created_at, files: itemFiles.get(r.id) ?? [] });
    items.set(k, list);
  }
  const calibrations = new Map<string, number>();
  for (const c of calibrationRows) {
    calibrations.set(key(c.indicator_id, c.target_id), c.to_points);
  }
  return { manual, imported, items, calibrations };
}

/** Rows written per statement batch when a run saves (the event loop gets a turn between batches). */
const SAVE_CHUNK = 2000;

/** Gives the event loop a turn (timers, other requests) between the steps of a long computation. */
export function yieldLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Milliseconds per stage of the latest computation of each run in this process (benchmarks and diagnostics). */
export const runTimings = new Map<number, Record<string, number>>();

/** Runs in progress in this process (a run is never computed twice at once here; the claim guards across processes). */
const active = new Set<number>();
/** Test hook: the promise of the latest background computation per run. */
export const runPromises = new Map<number, Promise<void>>();

/** Starts computing a run in the background (the request that queued it returns at once). */
export function kickRun(ctx: AppContext, runId: number): void {
  if (active.has(runId)) {
    return;
  }
  active.add(runId);
  const p = processRun(ctx, runId)
    .catch(() => undefined)
    .finally(() => active.delete(runId));
  runPromises.set(runId, p);
}

/** A running run whose heartbeat is older than this is taken over (its process died). */
export const STALE_MS = 120_000;

/**
 * Computes a queued run: claims it (so two processes never compute it at once), freezes the scheme's definition,
 * computes every metric for every target in batches, scores, and replaces the run's scores and results in one
 * transaction. Progress is written to the run as it goes; a failure is recorded on the run.
 */
export async function processRun(ctx: AppContext, runId: number): Promise<void> {
  const db = ctx.database.db;
  const now = () => ctx.clock().toISOString();
  const stale = new Date(ctx.clock().getTime() - STALE_MS).toISOString();
  const claimed = await db
    .updateTable('eval_runs')
    .set({ status: 'running', started_at: now(), heartbeat_at: now(), progress_done: 0, stage: 'targets', error: null })
    .where('id', '=', runId)
    .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('heartbeat_at', '<', stale)])]))
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) {
    return;
  }
  const started = performance.now();
  try {
    const run = await db.selectFrom('eval_runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow();
    const scheme = await findScheme(db, run.scheme_id);
    if (!scheme) {
      throw new Error('the scheme no longer exists');
    }
    const def = await loadDefinition(db, scheme);
    const targets = await resolveTargets(db, scheme);
    const metricKeys = [...new Set(def.indicators.flatMap((i) => (i.method === 'computed' ? i.metrics : [])))];
    const total = metricKeys.length + 3;
    let done = 0;
    const timings: Record<string, number> = {};
    runTimings.set(runId, timings);
    let stageName = 'targets';
    let stageStart = performance.now();
    const progress = async (stage: string | null) => {
      timings[stageName] = Math.round(performance.now() - stageStart);
      stageName = stage ?? 'done';
      stageStart = performance.now();
      await updateRun(db, runId, { progress_done: done, progress_total: total, stage, heartbeat_at: now() });
      // Let other requests in between the stages (on SQLite every query holds the event loop while it runs).
      await yieldLoop();
    };
    await updateRun(db, runId, { definition: JSON.stringify(def), target_count: targets.length, progress_total: total });
    const period = { from: def.periodFrom, to: def.periodTo };
    // One array for every metric of this batch: metrics of one module share their scans through it.
    const subjectIds: readonly number[] = targets.map((t) => t.id);
    const metricValues = new Map<string, Map<number, MetricValue>>();
    for (const mk of metricKeys) {
      await progress(`metric ${mk}`);
      const metric = getMetric(mk);
      metricValues.set(mk, metric ? await metric.compute({ db, subjectIds, period, asOf: run.as_of }) : new Map());
      done += 1;
    }
    await progress('sources');
    const sources: ScoreSources = { metricValues, ...(await loadSources(db, scheme.id, runId)) };
    done += 1;
    await progress('scoring');
    const formulas = parseFormulas(def);
    let scored = 0;
    const resultRows: Array<Insertable<EvalResultsTable>> = [];
    const scoreRows: Array<Insertable<EvalScoresTable>> = [];
    for (const target of targets) {
      scored += 1;
      if (scored % 500 === 0) {
        await yieldLoop();
      }
      const scores = scoreTarget(def, target, sources, formulas);
      const totals = totalsOf(def, scores);
      const calibrated = scores.some((s) => sources.calibrations.has(key(s.indicatorId, target.id)));
      resultRows.push({
        run_id: runId,
        target_type: target.type,
        target_id: target.id,
        target_code: target.code,
        target_name: target.name,
        target_path: target.path,
        parent_id: target.parent?.id ?? null,
        parent_code: target.parent?.code ?? null,
        parent_name: target.parent?.name ?? null,
        total: totals.total,
        grade_code: totals.grade?.code ?? null,
        dims: JSON.stringify(totals.dims),
        no_data_count: scores.filter((s) => s.status !== 'ok').length,
        calibrated: calibrated ? 1 : 0,
      });
      for (const s of scores) {
        scoreRows.push({
          run_id: runId,
          target_id: target.id,
          indicator_id: s.indicatorId,
          status: s.status,
          value: s.value,
          computed_points: s.computedPoints,
          points: s.points,
          inputs: JSON.stringify(s.inputs),
        });
      }
    }
    done += 1;
    await progress('saving');
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('eval_scores').where('run_id', '=', runId).execute();
      await trx.deleteFrom('eval_results').where('run_id', '=', runId).execute();
      for (let i = 0; i < resultRows.length; i += SAVE_CHUNK) {
        await insertMany(trx, ctx.database.dialect, 'eval_results', resultRows.slice(i, i + SAVE_CHUNK), {
          intColumns: ['run_id', 'target_id', 'parent_id', 'no_data_count', 'calibrated'],
          floatColumns: ['total'],
        });
        await yieldLoop();
      }
      for (let i = 0; i < scoreRows.length; i += SAVE_CHUNK) {
        await insertMany(trx, ctx.database.dialect, 'eval_scores', scoreRows.slice(i, i + SAVE_CHUNK), {
          intColumns: ['run_id', 'target_id', 'indicator_id'],
          floatColumns: ['value', 'computed_points', 'points'],
        });
        await yieldLoop();
      }
      timings.saving = Math.round(performance.now() - stageStart);
      const durationMs = Math.round(performance.now() - started);
      await trx
        .updateTable('eval_runs')
        .set({
          status: 'computed',
          finished_at: now(),
          heartbeat_at: now(),
          duration_ms: durationMs,
          progress_done: total,
          stage: null,
          target_count: targets.length,
        })
        .where('id', '=', runId)
        .execute();
      await audit(
        trx,
        SYSTEM_ACTOR,
        {
          action: 'evaluation.run.computed',
          entityType: 'eval_run',
          entityId: runId,
          note: { scheme: scheme.name, targets: targets.length, scores: scoreRows.length, durationMs },
        },
        ctx.clock,
      );
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await updateRun(db, runId, {
      status: 'failed',
      error: message.slice(0, 1000),
      finished_at: now(),
      duration_ms: Math.round(performance.now() - started),
      stage: null,
    });
  }
}

/** Picks up runs that were queued without a process to compute them, or whose process died (interval job). */
export async function resumeRuns(ctx: AppContext): Promise<string> {
  const db = ctx.database.db;
  const stale = new Date(ctx.clock().getTime() - STALE_MS).toISOString();
  const rows = await db
    .selectFrom('eval_runs')
    .select('id')
    .where((eb) => eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('heartbeat_at', '<', stale)])]))
    .orderBy('id')
    .limit(5)
    .execute();
  for (const r of rows) {
    if (!active.has(r.id)) {
      active.add(r.id);
      try {
        await processRun(ctx, r.id);
      } finally {
        active.delete(r.id);
      }
    }
  }
  return `${rows.length} evaluation runs picked up`;
}

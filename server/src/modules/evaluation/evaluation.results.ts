import type {
  EvalExplanation,
  EvalGrade,
  EvalRecords,
  EvalResultRow,
  EvalResultsPage,
  EvalResultsQuery,
  EvalRunSummary,
  EvalScoreExplanation,
  EvalTrend,
  FileRef,
} from '@guantong/shared';
import { type Actor, pathInScope, SYSTEM_ACTOR, scopeFor } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { type ExcelSheetSpec, writeSheet } from '../../core/excel.js';
import { getMetric } from '../../core/metrics.js';
import { filesByIds } from '../files/files.service.js';
import { canSeeTaskById } from '../tasks/tasks.service.js';
import { type DefinitionIndicator, isRegular, type SchemeDefinition } from './evaluation.definition.js';
import type { ScoreInputs } from './evaluation.engine.js';
import { canManage, EVAL_SCOPE_ROLES, seesPath } from './evaluation.policy.js';
import { presentIndicatorBrief, presentRun, presentTarget } from './evaluation.presenter.js';
import {
  calibrationCounts,
  listCalibrations,
  listResults,
  listScoresOfTarget,
  type ResultRow,
  type RunRow,
  type SchemeRow,
} from './evaluation.repository.js';
import { definitionOf, loadRun } from './evaluation.runs.js';
import { competitionRanks, describeMapping, describeNoData, round2 } from './evaluation.scoring.js';

interface Visible {
  all: ResultRow[];
  list: ResultRow[];
  detail: Set<number>;
  seesAll: boolean;
  manager: boolean;
}

/** The person record linked to the actor's account (a cadre sees their own composite). */
async function personOf(ctx: AppContext, actor: Actor): Promise<number | null> {
  if (actor.userId === null) {
    return null;
  }
  const u = await ctx.database.db.selectFrom('users').select('person_id').where('id', '=', actor.userId).executeTakeFirst();
  return u?.person_id ?? null;
}

/**
 * Which results of a run the actor sees. Managers: all. Others (published runs only): the targets in their subtree
 * (a cadre: also themselves) in full; when the scheme makes results public within the parent, also the list rows
 * (totals, dimensions, grades, ranks) of the other targets of the same parents — never their explanations.
 */
async function visibleResults(
  ctx: AppContext,
  actor: Actor,
  run: RunRow,
  scheme: SchemeRow,
  def: SchemeDefinition,
  manager: boolean,
): Promise<Visible> {
  const all = await cachedResults(ctx, run);
  if (manager || actor === SYSTEM_ACTOR) {
    return { all, list: all, detail: new Set(all.map((r) => r.target_id)), seesAll: true, manager };
  }
  const me = scheme.population === 'cadres' ? await personOf(ctx, actor) : null;
  const scope = scopeFor(actor, EVAL_SCOPE_ROLES);
  const own = all.filter((r) => pathInScope(scope, r.target_path) || (r.target_type === 'person' && r.target_id === me));
  const detail = new Set(own.map((r) => r.target_id));
  let list = own;
  // The visibility frozen with the run decides, not the scheme's current setting.
  if (def.visibility === 'parent') {
    const parents = new Set(own.map((r) => r.parent_id));
    list = all.filter((r) => detail.has(r.target_id) || parents.has(r.parent_id));
  }
  return { all, list, detail, seesAll: seesPath(actor, scheme.root_path), manager };
}

const parsedDims = new WeakMap<ResultRow, Record<string, number | null>>();

/** A result's dimension scores (parsed once per row object). */
function dimsOf(r: ResultRow): Record<string, number | null> {
  let d = parsedDims.get(r);
  if (!d) {
    d = JSON.parse(r.dims) as Record<string, number | null>;
    parsedDims.set(r, d);
  }
  return d;
}

/**
 * The rows of a run, kept in memory for the few runs looked at most recently: a published run never changes, and an
 * unpublished one is cached under its computation time and calibration count, so a recompute or calibration misses.
 */
const resultsCaches = new WeakMap<object, Map<string, ResultRow[]>>();

/** Forgets the cached rows of a database's runs (benchmarks measure the uncached path with it). */
export function clearResultsCache(db: object): void {
  resultsCaches.delete(db);
}

async function cachedResults(ctx: AppContext, run: RunRow): Promise<ResultRow[]> {
  const db = ctx.database.db;
  let resultsCache = resultsCaches.get(db);
  if (!resultsCache) {
    resultsCache = new Map();
    resultsCaches.set(db, resultsCache);
  }
  const calibrations = run.status === 'published' ? 0 : ((await calibrationCounts(db, [run.id])).get(run.id) ?? 0);
  const key = `${run.id}:${run.status}:${run.finished_at}:${calibrations}`;
  const hit = resultsCache.get(key);
  if (hit) {
    resultsCache.delete(key);
    resultsCache.set(key, hit);
    return hit;
  }
  const rows = await listResults(db, run.id);
  for (const k of resultsCache.keys()) {
    if (k.startsWith(`${run.id}:`)) {
      resultsCache.delete(k);
    }
  }
  resultsCache.set(key, rows);
  while (resultsCache.size > 8) {
    const oldest = resultsCache.keys().next().value;
    if (oldest === undefined) {
      break;
    }
    resultsCache.delete(oldest);
  }
  return rows;
}

interface Ranked {
  rank: Map<number, number | null>;
  rankInParent: Map<number, number | null>;
  parentCount: Map<number | null, number>;
}

/** Competition ranks over the whole run and within each parent, by the total or one dimension. */
function rankAll(all: ResultRow[], dimension?: string): Ranked {
  const value = (r: ResultRow) => (dimension ? (dimsOf(r)[dimension] ?? null) : r.total);
  const values = all.map(value);
  const overall = competitionRanks(values);
  const rank = new Map(all.map((r, i) => [r.target_id, overall[i] ?? null]));
  const byParent = new Map<number | null, number[]>();
  all.forEach((r, i) => {
    const list = byParent.get(r.parent_id) ?? [];
    list.push(i);
    byParent.set(r.parent_id, list);
  });
  const rankInParent = new Map<number, number | null>();
  const parentCount = new Map<number | null, number>();
  for (const [parent, idx] of byParent) {
    const ranks = competitionRanks(idx.map((i) => values[i] ?? null));
    idx.forEach((i, k) => {
      rankInParent.set((all[i] as ResultRow).target_id, ranks[k] ?? null);
    });
    parentCount.set(parent, idx.length);
  }
  return { rank, rankInParent, parentCount };
}

function gradeOf(def: SchemeDefinition, code: string | null): EvalGrade | null {
  const b = code ? def.gradeBands.find((g) => g.code === code) : undefined;
  return b ? { code: b.code, name: b.name, nameEn: b.nameEn } : null;
}

function toRow(def: SchemeDefinition, r: ResultRow, ranked: Ranked): EvalResultRow {
  return {
    target: presentTarget(r),
    total: r.total,
    grade: gradeOf(def, r.grade_code),
    dimensions: dimsOf(r),
    rank: ranked.rank.get(r.target_id) ?? null,
    rankInParent: ranked.rankInParent.get(r.target_id) ?? null,
    parentCount: ranked.parentCount.get(r.parent_id) ?? 0,
    noDataCount: r.no_data_count,
    calibrated: r.calibrated === 1,
  };
}

async function loadComputed(ctx: AppContext, actor: Actor, runId: number) {
  const { run, scheme, manager } = await loadRun(ctx, actor, runId);
  // A run being recomputed still shows its previous results; before its first computation there are none (409).
  const def = definitionOf(run);
  const visible = await visibleResults(ctx, actor, run, scheme, def, manager);
  return { run, scheme, manager, def, visible };
}

function filterRows(rows: ResultRow[], q: Pick<EvalResultsQuery, 'parentId' | 'q' | 'grade'>): ResultRow[] {
  const text = q.q?.toLowerCase();
  return rows.filter(
    (r) =>
      (q.parentId === undefined || r.parent_id === q.parentId) &&
      (q.grade === undefined || r.grade_code === q.grade) &&
      (!text || r.target_code.toLowerCase().includes(text) || r.target_name.toLowerCase().includes(text)),
  );
}

/** Orders rows by rank (ties by code; unranked last) or by code. */
function ordered(rows: ResultRow[], ranked: Ranked, order: 'rank' | 'code'): ResultRow[] {
  const byCode = (a: ResultRow, b: ResultRow) => a.target_code.localeCompare(b.target_code);
  if (order === 'code') {
    return [...rows].sort(byCode);
  }
  return [...rows].sort((a, b) => {
    const ra = ranked.rank.get(a.target_id) ?? Number.MAX_SAFE_INTEGER;
    const rb = ranked.rank.get(b.target_id) ?? Number.MAX_SAFE_INTEGER;
    return ra - rb || byCode(a, b);
  });
}

/** A page of results with ranks (overall and within the parent), filtered and ordered. */
export async function listRunResults(ctx: AppContext, actor: Actor, runId: number, q: EvalResultsQuery): Promise<EvalResultsPage> {
  const { def, visible } = await loadComputed(ctx, actor, runId);
  const dimension = q.dimension && def.dimensions.some((d) => d.code === q.dimension) ? q.dimension : undefined;
  const ranked = rankAll(visible.all, dimension);
  const rows = ordered(filterRows(visible.list, q), ranked, q.order);
  const page = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  return {
    items: page.map((r) => toRow(def, r, ranked)),
    total: rows.length,
    page: q.page,
    pageSize: q.pageSize,
    seesAll: visible.seesAll,
  };
}

function mean(values: Array<number | null>): number | null {
  const xs = values.filter((v): v is number => v !== null);
  return xs.length === 0 ? null : round2(xs.reduce((s, v) => s + v, 0) / xs.length);
}

/** The run's overview over the targets the actor sees: averages, grade distribution, parents to filter by. */
export async function runSummary(ctx: AppContext, actor: Actor, runId: number, parentId?: number): Promise<EvalRunSummary> {
  const { run, scheme, def, visible, manager } = await loadComputed(ctx, actor, runId);
  const counts = await calibrationCounts(ctx.database.db, [run.id]);
  const rows = filterRows(visible.list, { parentId });
  const dims: Record<string, number | null> = {};
  for (const d of def.dimensions) {
    dims[d.code] = mean(rows.map((r) => dimsOf(r)[d.code] ?? null));
  }
  const parents = new Map<number, { id: number; code: string; name: string; count: number }>();
  for (const r of visible.list) {
    if (r.parent_id !== null) {
      const p = parents.get(r.parent_id) ?? { id: r.parent_id, code: r.parent_code ?? '', name: r.parent_name ?? '', count: 0 };
      p.count += 1;
      parents.set(r.parent_id, p);
    }
  }
  return {
    run: presentRun(run, counts.get(run.id) ?? 0),
    scheme: {
      id: scheme.id,
      name: def.name,
      population: def.population,
      periodFrom: def.periodFrom,
      periodTo: def.periodTo,
      visibility: def.visibility,
    },
    dimensions: def.dimensions.map((d) => ({ code: d.code, name: d.name, nameEn: d.nameEn, weight: d.weight })),
    gradeBands: def.gradeBands,
    count: rows.length,
    averages: { total: mean(rows.map((r) => r.total)), dimensions: dims },
    distribution: [...def.gradeBands]
      .sort((a, b) => b.min - a.min)
      .map((b) => ({ code: b.code, name: b.name, nameEn: b.nameEn, count: rows.filter((r) => r.grade_code === b.code).length })),
    noDataScores: rows.reduce((s, r) => s + r.no_data_count, 0),
    parents: [...parents.values()].sort((a, b) => a.code.localeCompare(b.code)),
    canManage: manager,
    seesAll: visible.seesAll,
  };
}

/** How the total is formed, in Chinese (shown above every explanation). */
function totalRule(def: SchemeDefinition): string {
  const weights = def.dimensions.map((d) => `${d.name}${d.weight}%`).join('、');
  const bands = [...def.gradeBands]
    .sort((a, b) => b.min - a.min)
    .map((b) => `${b.name} ≥ ${b.min}`)
    .join('，');
  return `总分 = 各维度得分 × 权重之和（${weights}）；维度得分 = 指标得分之和（无数据的指标按各自规则计：0分、满分或不计入——不计入时按有数据指标折算满分）+ 加分 − 扣分（各项有上限），不低于0；某维度完全无数据时，总分按其余维度的权重折算。等级：${bands}。`;
}

function fileList(ids: number[], files: Map<number, FileRef>) {
  return ids.flatMap((id) => {
    const f = files.get(id);
    return f ? [{ id: f.id, name: f.name, size: f.size, url: f.url }] : [];
  });
}

function scoreRule(ind: DefinitionIndicator, status: string, calibrated: boolean): string {
  const parts = [describeMapping(ind.method, ind.mapping, ind.maxPoints)];
  if (isRegular(ind.method)) {
    parts.push(describeNoData(ind.noData, ind.maxPoints));
  }
  if (status === 'no_data') {
    parts.push('本项无数据，已按上述规则计分');
  } else if (status === 'excluded') {
    parts.push('本项无数据，不计入本维度');
  }
  if (calibrated) {
    parts.push('得分经过校准，见校准记录');
  }
  return `${parts.join('；')}。`;
}

/**
 * The explanation of one target's result: every indicator's number, formula, the metric values it read (as frozen),
 * manual scores, items, imported values and calibrations; ranks and the peers' averages for the radar.
 */
export async function explainResult(ctx: AppContext, actor: Actor, runId: number, targetId: number): Promise<EvalExplanation> {
  const db = ctx.database.db;
  const { run, scheme, def, visible } = await loadComputed(ctx, actor, runId);
  const result = visible.all.find((r) => r.target_id === targetId);
  if (!result || !visible.detail.has(targetId)) {
    throw notFoundErr();
  }
  const [scores, calibrations, counts] = await Promise.all([
    listScoresOfTarget(db, runId, targetId),
    listCalibrations(db, runId, targetId),
    calibrationCounts(db, [runId]),
  ]);
  const ranked = rankAll(visible.all);
  const peers = visible.all.filter((r) => r.parent_id === result.parent_id && r.target_id !== targetId);
  const byInd = new Map(scores.map((s) => [s.indicator_id, s]));
  const inputsOf = new Map(scores.map((s) => [s.indicator_id, JSON.parse(s.inputs) as ScoreInputs]));
  const fileIds = [...inputsOf.values()].flatMap((i) => [...(i.manual?.files ?? []), ...(i.items ?? []).flatMap((x) => x.files)]);
  const files = fileIds.length > 0 ? await filesByIds(db, fileIds) : new Map<number, FileRef>();
  const dims = dimsOf(result);
  return {
    run: presentRun(run, counts.get(runId) ?? 0),
    scheme: { id: scheme.id, name: def.name, periodFrom: def.periodFrom, periodTo: def.periodTo, population: def.population },
    target: presentTarget(result),
    total: result.total,
    grade: gradeOf(def, result.grade_code),
    rank: ranked.rank.get(targetId) ?? null,
    rankInParent: ranked.rankInParent.get(targetId) ?? null,
    count: visible.all.length,
    parentCount: ranked.parentCount.get(result.parent_id) ?? 0,
    totalRule: totalRule(def),
    dimensions: def.dimensions.map((d) => {
      const inds = def.indicators.filter((i) => i.dimensionId === d.id);
      const regular = inds.filter((i) => isRegular(i.method));
      const counted = regular.filter((i) => byInd.get(i.id)?.points !== null && byInd.get(i.id) !== undefined);
      const score = dims[d.code] ?? null;
      return {
        code: d.code,
        name: d.name,
        nameEn: d.nameEn,
        weight: d.weight,
        score,
        contribution: score === null ? null : round2((score * d.weight) / 100),
        peerAverage: mean(peers.map((p) => dimsOf(p)[d.code] ?? null)),
        runAverage: mean(visible.all.map((p) => dimsOf(p)[d.code] ?? null)),
        available: round2(counted.reduce((s, i) => s + i.maxPoints, 0)),
        earned: round2(counted.reduce((s, i) => s + (byInd.get(i.id)?.points ?? 0), 0)),
        scores: inds.flatMap((ind): EvalScoreExplanation[] => {
          const s = byInd.get(ind.id);
          if (!s) {
            return [];
          }
          const inputs = inputsOf.get(ind.id) ?? {};
          const cals = calibrations.filter((c) => c.indicator_id === ind.id);
          return [
            {
              scoreId: s.id,
              indicator: presentIndicatorBrief(ind),
              status: s.status,
              value: s.value,
              computedPoints: s.computed_points,
              points: s.points,
              formula: ind.formula,
              mapping: ind.mapping,
              noData: ind.noData,
              rule: scoreRule(ind, s.status, cals.length > 0),
              metrics: ind.metrics.map((key) => {
                const info = def.metrics[key];
                const v = inputs.m?.[key] ?? [null, null, null];
                return {
                  key,
                  label: info?.label ?? { zh: key, en: key },
                  unit: info?.unit ?? 'number',
                  definition: info?.definition ?? '',
                  value: v[0],
                  numerator: v[1],
                  denominator: v[2],
                  available: getMetric(key) !== undefined,
                };
              }),
              manual: inputs.manual
                ? {
                    status: inputs.manual.status,
                    selfPoints: inputs.manual.selfPoints,
                    selfComment: inputs.manual.selfComment,
                    reviewPoints: inputs.manual.reviewPoints,
                    reviewComment: inputs.manual.reviewComment,
                    reviewedBy: inputs.manual.reviewedBy,
                    confirmedBy: inputs.manual.confirmedBy,
                    files: fileList(inputs.manual.files, files),
                  }
                : null,
              imported: inputs.imported ?? null,
              adjustments: (inputs.items ?? []).map((x) => ({
                id: x.id,
                points: x.points,
                reason: x.reason,
                by: x.by,
                at: x.at,
                files: fileList(x.files, files),
              })),
              uncapped: inputs.uncapped ?? null,
              calibrations: cals.map((c) => ({
                id: c.id,
                fromPoints: c.from_points,
                toPoints: c.to_points,
                reason: c.reason,
                by: c.created_by_name,
                at: c.created_at,
              })),
            },
          ];
        }),
      };
    }),
  };
}

function notFoundErr() {
  return notFound('evaluation result');
}

/**
 * The records behind one indicator of one target, read now from the recorded data (tasks, notices, meetings …) with
 * links to them. The score's numbers stay frozen; the list shows the records as they are today.
 */
export async function scoreRecords(
  ctx: AppContext,
  actor: Actor,
  runId: number,
  targetId: number,
  indicatorId: number,
): Promise<EvalRecords> {
  const { run, def, visible } = await loadComputed(ctx, actor, runId);
  if (!visible.detail.has(targetId)) {
    throw notFoundErr();
  }
  const ind = def.indicators.find((i) => i.id === indicatorId);
  if (!ind) {
    throw notFound('indicator');
  }
  const limit = 200;
  const period = { from: def.periodFrom, to: def.periodTo };
  const person = def.population === 'cadres';
  const groups = await Promise.all(
    ind.metrics.map(async (key) => {
      const metric = getMetric(key);
      let records = metric?.records
        ? await metric.records({ db: ctx.database.db, subjectId: targetId, period, asOf: run.as_of, limit })
        : [];
      if (person && actor !== SYSTEM_ACTOR) {
        // A cadre's tasks may lie outside the reader's subtree: show only those the reader may open.
        const keep: typeof records = [];
        for (const r of records) {
          if (r.type !== 'task' || (await canSeeTaskById(ctx, actor, r.id))) {
            keep.push(r);
          }
        }
        records = keep;
      }
      return {
        metricKey: key,
        label: def.metrics[key]?.label ?? metric?.label ?? { zh: key, en: key },
        available: metric !== undefined,
        records,
        truncated: records.length >= limit,
      };
    }),
  );
  return { indicatorId, frozen: run.status === 'published', groups };
}

/** A target's totals across the published runs (periods) the actor may see. */
export async function targetTrend(ctx: AppContext, actor: Actor, type: 'org' | 'person', targetId: number): Promise<EvalTrend> {
  const db = ctx.database.db;
  const rows = await db
    .selectFrom('eval_results as r')
    .innerJoin('eval_runs as u', 'u.id', 'r.run_id')
    .innerJoin('eval_schemes as s', 's.id', 'u.scheme_id')
    .innerJoin('orgs as o', 'o.id', 's.root_org_id')
    .selectAll('r')
    .select([
      'u.status',
      'u.published_at',
      'u.definition',
      's.id as scheme_id',
      's.name as scheme_name',
      's.period_from',
      's.period_to',
      'o.path as root_path',
    ])
    .where('r.target_type', '=', type)
    .where('r.target_id', '=', targetId)
    .where('u.status', '=', 'published')
    .orderBy('s.period_from')
    .orderBy('u.id')
    .execute();
  const me = type === 'person' ? await personOf(ctx, actor) : null;
  const mine = rows.filter(
    (r) => canManage(actor, r.root_path) || seesPath(actor, r.target_path) || (type === 'person' && me === targetId),
  );
  const last = mine.at(-1);
  if (!last) {
    throw notFoundErr();
  }
  return {
    target: presentTarget(last),
    points: mine.map((r) => {
      const def = JSON.parse(r.definition ?? '{}') as SchemeDefinition;
      return {
        runId: r.run_id,
        schemeId: r.scheme_id,
        schemeName: r.scheme_name,
        periodFrom: r.period_from,
        periodTo: r.period_to,
        publishedAt: r.published_at,
        total: r.total,
        grade: def.gradeBands ? gradeOf(def, r.grade_code) : null,
        dimensions: dimsOf(r),
      };
    }),
  };
}

/** The results as shown (filters applied, ordered by rank) as an .xlsx workbook. */
export async function exportRunResults(
  ctx: AppContext,
  actor: Actor,
  runId: number,
  q: Pick<EvalResultsQuery, 'parentId' | 'q' | 'grade' | 'dimension'>,
): Promise<{ data: Buffer; fileName: string }> {
  const { run, def, visible } = await loadComputed(ctx, actor, runId);
  const dimension = q.dimension && def.dimensions.some((d) => d.code === q.dimension) ? q.dimension : undefined;
  const ranked = rankAll(visible.all, dimension);
  const rows = ordered(filterRows(visible.list, q), ranked, 'rank');
  const spec: ExcelSheetSpec = {
    templateId: 'guantong.evaluation.results.v1',
    title: def.name,
    sheetName: '评价结果',
    instructions: [],
    columns: [
      { key: 'rank', header: '排名', type: 'integer', width: 8 },
      { key: 'rankInParent', header: '组内排名', type: 'integer', width: 10 },
      { key: 'code', header: def.population === 'orgs' ? '组织编码' : '工号', type: 'text', width: 14 },
      { key: 'name', header: def.population === 'orgs' ? '组织名称' : '姓名', type: 'text', width: 30 },
      { key: 'parent', header: '所属上级', type: 'text', width: 26 },
      { key: 'total', header: '总分', type: 'number', width: 10 },
      { key: 'grade', header: '等级', type: 'text', width: 8 },
      ...def.dimensions.map((d) => ({ key: `dim_${d.code}`, header: `${d.name}（${d.weight}%）`, type: 'number' as const, width: 16 })),
      { key: 'noData', header: '无数据指标数', type: 'integer', width: 12 },
      { key: 'calibrated', header: '含校准', type: 'text', width: 8 },
    ],
  };
  const data = await writeSheet(
    spec,
    rows.map((r) => {
      const d = dimsOf(r);
      return {
        rank: ranked.rank.get(r.target_id) ?? null,
        rankInParent: ranked.rankInParent.get(r.target_id) ?? null,
        code: r.target_code,
        name: r.target_name,
        parent: r.parent_name,
        total: r.total,
        grade: gradeOf(def, r.grade_code)?.name ?? null,
        ...Object.fromEntries(def.dimensions.map((x) => [`dim_${x.code}`, d[x.code] ?? null])),
        noData: r.no_data_count,
        calibrated: r.calibrated === 1 ? '是' : '否',
      };
    }),
  );
  const stamp = run.status === 'published' ? '已发布' : '未发布';
  return { data, fileName: `${def.name}-评价结果-${stamp}-${run.id}.xlsx` };
}

import type {
  EvalFormulaCheckResult,
  EvalIndicatorInput,
  EvalMetricInfo,
  EvalProblem,
  EvalScheme,
  EvalSchemeCreateInput,
  EvalSchemeListItem,
  EvalSchemeListQuery,
  EvalSchemeUpdateInput,
} from '@guantong/shared';
import type { Kysely } from 'kysely';
import { type Actor, ALL_ROLES, requireVisibleOrg, SYSTEM_ACTOR, scopeFor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, forbidden, invalidState, notFound } from '../../core/errors.js';
import { listMetrics } from '../../core/metrics.js';
import type { Page } from '../../core/paging.js';
import type { DB } from '../../db/schema.js';
import { getFrameworkNodeRefs } from '../framework/framework.service.js';
import {
  CADRE_DIMENSIONS,
  cadreTemplateIndicators,
  DEFAULT_GRADE_BANDS,
  ORG_DIMENSIONS,
  orgTemplateIndicators,
  periodCount,
  periodRange,
  schemeProblems,
} from './evaluation.definition.js';
import { parseMapping } from './evaluation.engine.js';
import { checkFormula } from './evaluation.formula.js';
import { canManage } from './evaluation.policy.js';
import { presentDimension, presentIndicator, presentRun } from './evaluation.presenter.js';
import {
  calibrationCounts,
  countParts,
  findScheme,
  insertScheme,
  listDimensions,
  listIndicators,
  listRunsOfSchemes,
  listSchemeRows,
  type RunRow,
  type SchemeRow,
  updateScheme,
} from './evaluation.repository.js';

/** True when the actor's subtrees and the scheme's root overlap (the scheme concerns them). */
function concerns(actor: Actor, rootPath: string): boolean {
  if (actor === SYSTEM_ACTOR) {
    return true;
  }
  return scopeFor(actor, ALL_ROLES).prefixes.some((p) => p.startsWith(rootPath) || rootPath.startsWith(p));
}

/** Loads a scheme the actor may see (404 otherwise) and whether they manage it. */
export async function loadScheme(ctx: AppContext, actor: Actor, id: number): Promise<{ scheme: SchemeRow; manager: boolean }> {
  const scheme = await findScheme(ctx.database.db, id);
  if (!scheme || !concerns(actor, scheme.root_path)) {
    throw notFound('evaluation scheme');
  }
  return { scheme, manager: canManage(actor, scheme.root_path) };
}

/** Loads a scheme the actor manages: 404 when they may not see it, 403 when they only read it. */
export async function loadManagedScheme(ctx: AppContext, actor: Actor, id: number): Promise<SchemeRow> {
  const { scheme, manager } = await loadScheme(ctx, actor, id);
  if (!manager) {
    throw forbidden('Only the 组织部 operators of this scheme’s organisation may change it.');
  }
  return scheme;
}

/** Runs visible to the actor: managers see every run, others only published ones. */
export function visibleRuns(runs: RunRow[], manager: boolean): RunRow[] {
  return manager ? runs : runs.filter((r) => r.status === 'published');
}

/** Schemes that concern the actor, newest period first. */
export async function listSchemes(ctx: AppContext, actor: Actor, q: EvalSchemeListQuery): Promise<Page<EvalSchemeListItem>> {
  const db = ctx.database.db;
  const rows = (await listSchemeRows(db, q)).filter((s) => concerns(actor, s.root_path));
  const pageRows = rows.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
  const ids = pageRows.map((s) => s.id);
  const [parts, runs] = await Promise.all([countParts(db, ids), listRunsOfSchemes(db, ids)]);
  const counts = await calibrationCounts(
    db,
    runs.map((r) => r.id),
  );
  const items = pageRows.map((s): EvalSchemeListItem => {
    const manager = canManage(actor, s.root_path);
    const own = visibleRuns(
      runs.filter((r) => r.scheme_id === s.id),
      manager,
    );
    const published = own.find((r) => r.status === 'published');
    return {
      id: s.id,
      name: s.name,
      year: s.year,
      periodKind: s.period_kind,
      periodIndex: s.period_index,
      periodFrom: s.period_from,
      periodTo: s.period_to,
      population: s.population,
      orgKind: s.org_kind,
      rootOrg: { id: s.root_org_id, code: s.root_code, name: s.root_name },
      dimensions: parts.get(s.id)?.dims ?? 0,
      indicators: parts.get(s.id)?.inds ?? 0,
      latestRun: own[0] ? presentRun(own[0], counts.get(own[0].id) ?? 0) : null,
      latestPublished: published ? presentRun(published, counts.get(published.id) ?? 0) : null,
      canManage: manager,
      updatedAt: s.updated_at,
    };
  });
  return { items, total: rows.length, page: q.page, pageSize: q.pageSize };
}

/** A scheme with its dimensions, indicators, problems and runs. */
export async function getScheme(ctx: AppContext, actor: Actor, id: number): Promise<EvalScheme> {
  const { scheme, manager } = await loadScheme(ctx, actor, id);
  return presentScheme(ctx.database.db, scheme, manager);
}

async function presentScheme(db: Kysely<DB>, s: SchemeRow, manager: boolean): Promise<EvalScheme> {
  const [dims, inds, runs] = await Promise.all([listDimensions(db, s.id), listIndicators(db, s.id), listRunsOfSchemes(db, [s.id])]);
  const nodeIds = inds.map((i) => i.framework_node_id).filter((n): n is number => n !== null);
  const nodes = new Map((await getFrameworkNodeRefs(db, nodeIds)).map((n) => [n.id, { id: n.id, code: n.code, name: n.name }]));
  const dimCode = new Map(dims.map((d) => [d.id, d.code]));
  const shown = visibleRuns(runs, manager);
  const counts = await calibrationCounts(
    db,
    shown.map((r) => r.id),
  );
  const indicators = inds.map((i) =>
    presentIndicator(i, dimCode.get(i.dimension_id) ?? '', i.framework_node_id !== null ? (nodes.get(i.framework_node_id) ?? null) : null),
  );
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    year: s.year,
    periodKind: s.period_kind,
    periodIndex: s.period_index,
    periodFrom: s.period_from,
    periodTo: s.period_to,
    population: s.population,
    orgKind: s.org_kind,
    rootOrg: { id: s.root_org_id, code: s.root_code, name: s.root_name },
    visibility: s.visibility,
    gradeBands: JSON.parse(s.grade_bands),
    dimensions: dims.map(presentDimension),
    indicators,
    problems: schemeProblems({
      population: s.population,
      dimensions: dims,
      indicators: inds.map((i) => ({
        dimensionCode: dimCode.get(i.dimension_id) ?? '',
        code: i.code,
        name: i.name,
        method: i.method,
        maxPoints: i.max_points,
        formula: i.formula,
        mapping: parseMapping(i.mapping),
      })),
    }),
    runs: shown.map((r) => presentRun(r, counts.get(r.id) ?? 0)),
    canManage: manager,
    createdAt: s.created_at,
    updatedAt: s.updated_at,
  };
}

/** The problems that keep a scheme from running now (also checked when a run starts). */
export async function currentProblems(db: Kysely<DB>, s: SchemeRow): Promise<EvalProblem[]> {
  return (await presentScheme(db, s, true)).problems;
}

type Definition = Pick<
  EvalSchemeUpdateInput,
  'population' | 'orgKind' | 'periodKind' | 'periodIndex' | 'gradeBands' | 'dimensions' | 'indicators'
>;

/** Refuses a definition that cannot be stored (not merely incomplete): 400 with every problem at its path. */
async function validateDefinition(db: Kysely<DB>, input: Definition): Promise<void> {
  const issues: EvalProblem[] = [];
  if (input.population === 'orgs' && !input.orgKind) {
    issues.push({ path: 'orgKind', message: '请选择被评价的组织类型。' });
  }
  if (input.periodIndex > periodCount(input.periodKind)) {
    issues.push({ path: 'periodIndex', message: '期间序号超出范围。' });
  }
  const dup = (codes: string[]) => codes.filter((c, i) => codes.indexOf(c) !== i);
  for (const c of dup(input.dimensions.map((d) => d.code))) {
    issues.push({ path: 'dimensions', message: `维度编码 ${c} 重复。` });
  }
  for (const c of dup(input.indicators.map((d) => d.code))) {
    issues.push({ path: 'indicators', message: `指标编码 ${c} 重复。` });
  }
  for (const c of dup(input.gradeBands.map((b) => b.code))) {
    issues.push({ path: 'gradeBands', message: `等级编码 ${c} 重复。` });
  }
  const dimCodes = new Set(input.dimensions.map((d) => d.code));
  input.indicators.forEach((x, i) => {
    if (!dimCodes.has(x.dimensionCode)) {
      issues.push({ path: `indicators.${i}.dimensionCode`, message: `指标「${x.name}」所属维度 ${x.dimensionCode} 不存在。` });
    }
    if (x.method === 'computed' && x.formula) {
      const checked = checkFormula(x.formula);
      if (!checked.ok) {
        issues.push({
          path: `indicators.${i}.formula`,
          message: `指标「${x.name}」的公式在第 ${checked.error.position + 1} 个字符处有误：${checked.error.message}`,
        });
      }
    }
  });
  const nodeIds = input.indicators.map((x) => x.frameworkNodeId).filter((n): n is number => n !== null);
  if (nodeIds.length > 0) {
    const found = new Set((await getFrameworkNodeRefs(db, nodeIds)).map((n) => n.id));
    input.indicators.forEach((x, i) => {
      if (x.frameworkNodeId !== null && !found.has(x.frameworkNodeId)) {
        issues.push({ path: `indicators.${i}.frameworkNodeId`, message: `指标「${x.name}」关联的体系节点不存在。` });
      }
    });
  }
  if (issues.length > 0) {
    throw new AppError('VALIDATION_FAILED', 400, 'The scheme definition is not valid.', issues);
  }
}

/** Writes dimensions and indicators: rows with an id (of this scheme) are updated, new ones added, missing ones removed. */
async function writeParts(trx: Kysely<DB>, schemeId: number, input: Definition): Promise<void> {
  const existingDims = await listDimensions(trx, schemeId);
  const existingInds = await listIndicators(trx, schemeId);
  const dimIds = new Set(existingDims.map((d) => d.id));
  const indIds = new Set(existingInds.map((d) => d.id));
  for (const d of input.dimensions) {
    if (d.id !== undefined && !dimIds.has(d.id)) {
      throw new AppError('VALIDATION_FAILED', 400, 'A dimension id does not belong to this scheme.', [
        { path: 'dimensions', message: `id ${d.id}` },
      ]);
    }
  }
  for (const x of input.indicators) {
    if (x.id !== undefined && !indIds.has(x.id)) {
      throw new AppError('VALIDATION_FAILED', 400, 'An indicator id does not belong to this scheme.', [
        { path: 'indicators', message: `id ${x.id}` },
      ]);
    }
  }
  // Codes are unique per scheme: move kept rows out of the way first so that codes may be swapped.
  const keptDims = input.dimensions.filter((d) => d.id !== undefined).map((d) => d.id as number);
  const keptInds = input.indicators.filter((x) => x.id !== undefined).map((x) => x.id as number);
  const goneInds = existingInds.filter((x) => !keptInds.includes(x.id)).map((x) => x.id);
  const goneDims = existingDims.filter((d) => !keptDims.includes(d.id)).map((d) => d.id);
  if (goneInds.length > 0) {
    await trx.deleteFrom('eval_indicators').where('id', 'in', goneInds).execute();
  }
  for (const id of keptInds) {
    await trx
      .updateTable('eval_indicators')
      .set({ code: `~${id}` })
      .where('id', '=', id)
      .execute();
  }
  for (const id of keptDims) {
    await trx
      .updateTable('eval_dimensions')
      .set({ code: `~${id}` })
      .where('id', '=', id)
      .execute();
  }
  const dimIdByCode = new Map<string, number>();
  for (const [i, d] of input.dimensions.entries()) {
    const values = { code: d.code, name: d.name, name_en: d.nameEn, weight: d.weight, sort_order: i };
    if (d.id !== undefined) {
      await trx.updateTable('eval_dimensions').set(values).where('id', '=', d.id).execute();
      dimIdByCode.set(d.code, d.id);
    } else {
      const row = await trx
        .insertInto('eval_dimensions')
        .values({ ...values, scheme_id: schemeId })
        .returning('id')
        .executeTakeFirstOrThrow();
      dimIdByCode.set(d.code, row.id);
    }
  }
  for (const [i, x] of input.indicators.entries()) {
    const values = {
      dimension_id: dimIdByCode.get(x.dimensionCode) as number,
      code: x.code,
      name: x.name,
      description: x.description,
      method: x.method,
      max_points: x.maxPoints,
      formula: x.method === 'computed' ? x.formula : null,
      mapping: x.method === 'computed' || x.method === 'imported' ? (x.mapping ? JSON.stringify(x.mapping) : null) : null,
      no_data: x.noData,
      framework_node_id: x.frameworkNodeId,
      self_assessment: x.method === 'manual' && x.selfAssessment ? 1 : 0,
      sort_order: i,
    };
    if (x.id !== undefined) {
      await trx.updateTable('eval_indicators').set(values).where('id', '=', x.id).execute();
    } else {
      await trx
        .insertInto('eval_indicators')
        .values({ ...values, scheme_id: schemeId })
        .execute();
    }
  }
  if (goneDims.length > 0) {
    await trx.deleteFrom('eval_dimensions').where('id', 'in', goneDims).execute();
  }
}

function summary(input: {
  name: string;
  population: string;
  orgKind: string | null;
  periodKind: string;
  periodIndex: number;
  rootOrgId: number;
  visibility: string;
  gradeBands: ReadonlyArray<{ name: string; min: number }>;
  dimensions: ReadonlyArray<{ code: string; name: string; weight: number }>;
  indicators: ReadonlyArray<{ code: string; name: string; method: string; maxPoints: number; formula: string | null }>;
}) {
  return {
    name: input.name,
    population: input.population,
    orgKind: input.orgKind,
    period: `${input.periodKind}-${input.periodIndex}`,
    rootOrgId: input.rootOrgId,
    visibility: input.visibility,
    dimensions: input.dimensions.map((d) => `${d.code}:${d.name}:${d.weight}`),
    indicators: input.indicators.map((x) => `${x.code}:${x.name}:${x.method}:${x.maxPoints}:${x.formula ?? ''}`),
    gradeBands: input.gradeBands.map((b) => `${b.name}>=${b.min}`),
  };
}

/** Creates a scheme; dimensions, indicators and bands default to the template of its population. */
export async function createScheme(ctx: AppContext, actor: Actor, input: EvalSchemeCreateInput): Promise<EvalScheme> {
  const db = ctx.database.db;
  const root = await requireVisibleOrg(db, actor, input.rootOrgId);
  if (!canManage(actor, root.path)) {
    throw forbidden('Only the 组织部 operators of this organisation may create its evaluation schemes.');
  }
  const orgs = input.population === 'orgs';
  const available = new Set(listMetrics().map((m) => m.key));
  const has = (k: string) => available.has(k);
  // A computed template indicator whose metrics no module provides is left out (never scored from a fake value).
  const readsAvailable = (x: EvalIndicatorInput) => {
    if (x.method !== 'computed' || x.formula === null) {
      return x.method !== 'computed';
    }
    const checked = checkFormula(x.formula);
    return checked.ok && checked.metrics.every(has);
  };
  const template = (orgs ? orgTemplateIndicators(has) : cadreTemplateIndicators(has)).filter(readsAvailable);
  const def: Definition = {
    population: input.population,
    orgKind: orgs ? (input.orgKind ?? 'branch') : null,
    periodKind: input.periodKind,
    periodIndex: input.periodKind === 'year' ? 1 : input.periodIndex,
    gradeBands: input.gradeBands ?? DEFAULT_GRADE_BANDS,
    dimensions: input.dimensions ?? (orgs ? ORG_DIMENSIONS : CADRE_DIMENSIONS),
    indicators: input.indicators ?? (input.dimensions ? [] : template),
  };
  await validateDefinition(db, def);
  const range = periodRange(input.year, def.periodKind, def.periodIndex);
  const now = ctx.clock().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const row = await insertScheme(trx, {
      name: input.name,
      description: input.description,
      year: input.year,
      period_kind: def.periodKind,
      period_index: def.periodIndex,
      period_from: range.from,
      period_to: range.to,
      population: def.population,
      org_kind: def.orgKind,
      root_org_id: root.id,
      visibility: input.visibility,
      grade_bands: JSON.stringify(def.gradeBands),
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await writeParts(trx, row.id, def);
    await audit(
      trx,
      actor,
      {
        action: 'evaluation.scheme.created',
        entityType: 'eval_scheme',
        entityId: row.id,
        after: summary({ ...def, name: input.name, rootOrgId: root.id, visibility: input.visibility }),
      },
      ctx.clock,
    );
    return row.id;
  });
  return getScheme(ctx, actor, id);
}

/** Replaces a scheme's definition (its published runs keep the definition they froze). */
export async function updateSchemeDefinition(ctx: AppContext, actor: Actor, id: number, input: EvalSchemeUpdateInput): Promise<EvalScheme> {
  const db = ctx.database.db;
  const scheme = await loadManagedScheme(ctx, actor, id);
  const root = await requireVisibleOrg(db, actor, input.rootOrgId);
  if (!canManage(actor, root.path)) {
    throw forbidden('Only the 组织部 operators of that organisation may evaluate it.');
  }
  const def: Definition = {
    ...input,
    orgKind: input.population === 'orgs' ? input.orgKind : null,
    periodIndex: input.periodKind === 'year' ? 1 : input.periodIndex,
  };
  await validateDefinition(db, def);
  const current = await presentScheme(db, scheme, true);
  const before = summary({
    name: scheme.name,
    population: scheme.population,
    orgKind: scheme.org_kind,
    periodKind: scheme.period_kind,
    periodIndex: scheme.period_index,
    rootOrgId: scheme.root_org_id,
    visibility: scheme.visibility,
    gradeBands: current.gradeBands,
    dimensions: current.dimensions,
    indicators: current.indicators,
  });
  const range = periodRange(input.year, def.periodKind, def.periodIndex);
  await db.transaction().execute(async (trx) => {
    await updateScheme(trx, id, {
      name: input.name,
      description: input.description,
      year: input.year,
      period_kind: def.periodKind,
      period_index: def.periodIndex,
      period_from: range.from,
      period_to: range.to,
      population: def.population,
      org_kind: def.orgKind,
      root_org_id: root.id,
      visibility: input.visibility,
      grade_bands: JSON.stringify(def.gradeBands),
      updated_at: ctx.clock().toISOString(),
    });
    await writeParts(trx, id, def);
    await audit(
      trx,
      actor,
      {
        action: 'evaluation.scheme.updated',
        entityType: 'eval_scheme',
        entityId: id,
        before,
        after: summary({ ...def, name: input.name, rootOrgId: root.id, visibility: input.visibility }),
      },
      ctx.clock,
    );
  });
  return getScheme(ctx, actor, id);
}

/** Deletes a scheme that has never been published (its draft runs go with it). */
export async function deleteScheme(ctx: AppContext, actor: Actor, id: number): Promise<void> {
  const db = ctx.database.db;
  const scheme = await loadManagedScheme(ctx, actor, id);
  const runs = await listRunsOfSchemes(db, [id]);
  if (runs.some((r) => r.status === 'published')) {
    throw invalidState('A scheme with published results cannot be deleted.');
  }
  if (runs.some((r) => r.status === 'running' || r.status === 'queued')) {
    throw invalidState('A run of this scheme is in progress; wait for it to finish.');
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('eval_runs').where('scheme_id', '=', id).execute();
    await trx.deleteFrom('eval_schemes').where('id', '=', id).execute();
    await audit(
      trx,
      actor,
      { action: 'evaluation.scheme.deleted', entityType: 'eval_scheme', entityId: id, before: { name: scheme.name } },
      ctx.clock,
    );
  });
}

/** The registry's metrics (only those some module provides). */
export function listMetricInfos(subject?: 'org' | 'person'): EvalMetricInfo[] {
  return listMetrics(subject).map((m) => ({
    key: m.key,
    module: m.module,
    subject: m.subject,
    unit: m.unit,
    label: m.label,
    definition: m.definition,
  }));
}

/** Parses a formula and checks its metrics against the registry for a subject. */
export function checkFormulaFor(formula: string, subject: 'org' | 'person'): EvalFormulaCheckResult {
  const checked = checkFormula(formula);
  if (!checked.ok) {
    return { ok: false, metrics: [], error: { message: checked.error.message, position: checked.error.position } };
  }
  const known = new Set(listMetrics(subject).map((m) => m.key));
  const unknown = checked.metrics.find((k) => !known.has(k));
  if (unknown) {
    return { ok: false, metrics: checked.metrics, error: { message: `Unknown metric “${unknown}”.`, position: formula.indexOf(unknown) } };
  }
  if (checked.metrics.length === 0) {
    return { ok: false, metrics: [], error: { message: 'The formula reads no metric.', position: 0 } };
  }
  return { ok: true, metrics: checked.metrics, error: null };
}

import type { EvalDimension, EvalIndicator, EvalRun, EvalTargetRef } from '@guantong/shared';
import type { DefinitionIndicator } from './evaluation.definition.js';
import { parseMapping } from './evaluation.engine.js';
import { checkFormula } from './evaluation.formula.js';
import type { DimensionRow, IndicatorRow, ResultRow, RunRow } from './evaluation.repository.js';

/** A run as the API shows it. */
export function presentRun(r: RunRow, calibrations: number): EvalRun {
  return {
    id: r.id,
    schemeId: r.scheme_id,
    status: r.status,
    progressDone: r.progress_done,
    progressTotal: r.progress_total,
    stage: r.stage,
    asOf: r.as_of,
    targetCount: r.target_count,
    createdAt: r.created_at,
    createdBy: r.created_by_name,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    durationMs: r.duration_ms,
    error: r.error,
    publishedAt: r.published_at,
    publishedBy: r.published_by_name,
    calibrations,
  };
}

export function presentDimension(d: DimensionRow): EvalDimension {
  return { id: d.id, code: d.code, name: d.name, nameEn: d.name_en, weight: d.weight, sortOrder: d.sort_order };
}

/** An indicator row, with its dimension's code and its framework node (when linked). */
export function presentIndicator(
  i: IndicatorRow,
  dimensionCode: string,
  node: { id: number; code: string; name: string } | null,
): EvalIndicator {
  const checked = i.method === 'computed' && i.formula ? checkFormula(i.formula) : null;
  return {
    id: i.id,
    dimensionId: i.dimension_id,
    dimensionCode,
    code: i.code,
    name: i.name,
    description: i.description,
    method: i.method,
    maxPoints: i.max_points,
    formula: i.formula,
    metrics: checked?.ok ? checked.metrics : [],
    mapping: parseMapping(i.mapping),
    noData: i.no_data,
    frameworkNode: node,
    selfAssessment: i.self_assessment === 1,
    sortOrder: i.sort_order,
  };
}

/** The indicator part of an explanation. */
export function presentIndicatorBrief(i: DefinitionIndicator) {
  return {
    id: i.id,
    code: i.code,
    name: i.name,
    description: i.description,
    method: i.method,
    maxPoints: i.maxPoints,
    frameworkNode: i.frameworkNode,
  };
}

/** The target of a result row (names as they were at run time). */
export function presentTarget(r: ResultRow): EvalTargetRef {
  return {
    type: r.target_type,
    id: r.target_id,
    code: r.target_code,
    name: r.target_name,
    parent: r.parent_id !== null ? { id: r.parent_id, code: r.parent_code ?? '', name: r.parent_name ?? '' } : null,
  };
}

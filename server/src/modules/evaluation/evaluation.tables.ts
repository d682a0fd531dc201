import type {
  EvalManualStatus,
  EvalMethod,
  EvalNoDataRule,
  EvalPeriodKind,
  EvalPopulation,
  EvalRunStatus,
  EvalScoreStatus,
  EvalVisibility,
  OrgKind,
} from '@guantong/shared';
import type { Generated } from 'kysely';

/** An evaluation scheme (四维评价 / 干部综合评价) for one period and population; grade bands as JSON. */
export interface EvalSchemesTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  year: number;
  period_kind: EvalPeriodKind;
  period_index: number;
  period_from: string;
  period_to: string;
  population: EvalPopulation;
  org_kind: OrgKind | null;
  root_org_id: number;
  visibility: EvalVisibility;
  grade_bands: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** A dimension (政治执行力 …) with its weight (percent of the total). */
export interface EvalDimensionsTable {
  id: Generated<number>;
  scheme_id: number;
  code: string;
  name: string;
  name_en: Generated<string>;
  weight: number;
  sort_order: number;
}

/** An indicator under a dimension; mapping as JSON. */
export interface EvalIndicatorsTable {
  id: Generated<number>;
  scheme_id: number;
  dimension_id: number;
  code: string;
  name: string;
  description: Generated<string>;
  method: EvalMethod;
  max_points: number;
  formula: string | null;
  mapping: string | null;
  no_data: EvalNoDataRule;
  framework_node_id: number | null;
  self_assessment: Generated<number>;
  sort_order: number;
}

/** A run of a scheme: progress while computing, the frozen definition (JSON) it used, publication. */
export interface EvalRunsTable {
  id: Generated<number>;
  scheme_id: number;
  status: EvalRunStatus;
  progress_done: Generated<number>;
  progress_total: Generated<number>;
  stage: string | null;
  as_of: string;
  target_count: Generated<number>;
  definition: string | null;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  heartbeat_at: string | null;
  duration_ms: number | null;
  error: string | null;
  published_at: string | null;
  published_by_name: string | null;
}

/** One target's result in a run (names and path as they were at run time; dimension scores as JSON). */
export interface EvalResultsTable {
  id: Generated<number>;
  run_id: number;
  target_type: 'org' | 'person';
  target_id: number;
  target_code: string;
  target_name: string;
  target_path: string;
  parent_id: number | null;
  parent_code: string | null;
  parent_name: string | null;
  total: number | null;
  grade_code: string | null;
  dims: string;
  no_data_count: Generated<number>;
  calibrated: Generated<number>;
}

/** One indicator's score for one target in a run, with its inputs (JSON) so it can be explained after publication. */
export interface EvalScoresTable {
  id: Generated<number>;
  run_id: number;
  target_id: number;
  indicator_id: number;
  status: EvalScoreStatus;
  value: number | null;
  computed_points: number | null;
  points: number | null;
  inputs: string;
}

/** A calibration (校准) of one score before publication, with its required reason. */
export interface EvalCalibrationsTable {
  id: Generated<number>;
  run_id: number;
  target_id: number;
  indicator_id: number;
  from_points: number | null;
  to_points: number;
  reason: string;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
}

/** A manual score and its workflow: self-assessment → review by the level above → confirmation. */
export interface EvalManualScoresTable {
  id: Generated<number>;
  scheme_id: number;
  indicator_id: number;
  target_id: number;
  status: EvalManualStatus;
  self_points: number | null;
  self_comment: string | null;
  self_by: number | null;
  self_by_name: string | null;
  self_at: string | null;
  review_points: number | null;
  review_comment: string | null;
  review_by: number | null;
  review_by_name: string | null;
  review_at: string | null;
  confirmed_by_name: string | null;
  confirmed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A bonus (加分) or deduction (扣分) item with its reason; evidence files are owned by it. */
export interface EvalAdjustmentsTable {
  id: Generated<number>;
  scheme_id: number;
  indicator_id: number;
  target_id: number;
  points: number;
  reason: string;
  status: 'active' | 'withdrawn';
  withdraw_reason: string | null;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
  updated_at: string;
}

/** A value entered or imported for an `imported` indicator (集中检查情况, 经营指标结果 …). */
export interface EvalInputsTable {
  id: Generated<number>;
  scheme_id: number;
  indicator_id: number;
  target_id: number;
  value: number;
  note: string | null;
  source: 'entered' | 'import';
  updated_by: number | null;
  updated_by_name: string;
  updated_at: string;
}

export interface EvaluationTables {
  eval_schemes: EvalSchemesTable;
  eval_dimensions: EvalDimensionsTable;
  eval_indicators: EvalIndicatorsTable;
  eval_runs: EvalRunsTable;
  eval_results: EvalResultsTable;
  eval_scores: EvalScoresTable;
  eval_calibrations: EvalCalibrationsTable;
  eval_manual_scores: EvalManualScoresTable;
  eval_adjustments: EvalAdjustmentsTable;
  eval_inputs: EvalInputsTable;
}

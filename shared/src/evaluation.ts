import { z } from 'zod';
import { orgKindSchema } from './access.js';
import { isoDateSchema, pagingSchema } from './common.js';
import { importRowErrorSchema } from './orgs.js';

/**
 * 成效评价 (evaluation from evidence): schemes (四维评价 of organisations, 干部综合评价 of cadres), runs that
 * compute every indicator for every target and keep each score with its inputs, explanations down to the records,
 * calibration, publication (a frozen snapshot), rankings, radar, trend, comparison, exports and imports.
 */

export const EVAL_PERIOD_KINDS = ['year', 'half', 'quarter'] as const;
export const evalPeriodKindSchema = z.enum(EVAL_PERIOD_KINDS);
export type EvalPeriodKind = z.infer<typeof evalPeriodKindSchema>;

/** Who is evaluated: organisations of one kind, or cadres (people marked 干部). */
export const EVAL_POPULATIONS = ['orgs', 'cadres'] as const;
export const evalPopulationSchema = z.enum(EVAL_POPULATIONS);
export type EvalPopulation = z.infer<typeof evalPopulationSchema>;

/**
 * How an indicator is scored: `computed` from a formula over registered metrics; `manual` by evaluators (optionally
 * after a self-assessment); `imported` from values entered or imported from a sheet (check results, business KPIs);
 * `bonus` / `deduction` items with evidence, each capped at the indicator's points.
 */
export const EVAL_METHODS = ['computed', 'manual', 'imported', 'bonus', 'deduction'] as const;
export const evalMethodSchema = z.enum(EVAL_METHODS);
export type EvalMethod = z.infer<typeof evalMethodSchema>;

/**
 * What an indicator without data scores: `zero` (0 points), `full` (full points: nothing was due, nothing failed), or
 * `exclude` (left out; its dimension is scored over the indicators that have data, scaled to the same full marks).
 */
export const EVAL_NO_DATA_RULES = ['zero', 'full', 'exclude'] as const;
export const evalNoDataRuleSchema = z.enum(EVAL_NO_DATA_RULES);
export type EvalNoDataRule = z.infer<typeof evalNoDataRuleSchema>;

/** Who sees results: `own` — a target sees only its own; `parent` — results are public within the parent org. */
export const EVAL_VISIBILITIES = ['own', 'parent'] as const;
export const evalVisibilitySchema = z.enum(EVAL_VISIBILITIES);
export type EvalVisibility = z.infer<typeof evalVisibilitySchema>;

export const EVAL_RUN_STATUSES = ['queued', 'running', 'computed', 'failed', 'published'] as const;
export const evalRunStatusSchema = z.enum(EVAL_RUN_STATUSES);
export type EvalRunStatus = z.infer<typeof evalRunStatusSchema>;

/** Manual scoring: 待评 → 已自评 → 已评审 (by the level above) → 已确认. */
export const EVAL_MANUAL_STATUSES = ['pending', 'self_submitted', 'reviewed', 'confirmed'] as const;
export const evalManualStatusSchema = z.enum(EVAL_MANUAL_STATUSES);
export type EvalManualStatus = z.infer<typeof evalManualStatusSchema>;

/** Per-score status in a run. */
export const EVAL_SCORE_STATUSES = ['ok', 'no_data', 'excluded'] as const;
export const evalScoreStatusSchema = z.enum(EVAL_SCORE_STATUSES);
export type EvalScoreStatus = z.infer<typeof evalScoreStatusSchema>;

const finite = z.number().finite();
const codeSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
const nameSchema = z.string().trim().min(1).max(100);
const nameEnSchema = z.string().trim().max(150).default('');

/**
 * Maps an indicator's value to points: `linear` between two bounds (`lower` → 0 points, `upper` → full points;
 * `upper` below `lower` means smaller is better), `thresholds` (the first band the value falls in gives its points),
 * or `direct` (the value is the points, kept within 0 and the indicator's points).
 */
export const evalMappingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('linear'), lower: finite, upper: finite }).strict(),
  z
    .object({
      kind: z.literal('thresholds'),
      bands: z
        .array(z.object({ min: finite.nullable().default(null), max: finite.nullable().default(null), points: finite.min(0) }).strict())
        .min(1)
        .max(20),
    })
    .strict(),
  z.object({ kind: z.literal('direct') }).strict(),
]);
export type EvalMapping = z.infer<typeof evalMappingSchema>;

/** A grade band (好 / 较好 / 一般 / 差): a total at or above `min` gets the first such band, bands ordered by `min` desc. */
export const evalGradeBandSchema = z
  .object({ code: codeSchema, name: nameSchema, nameEn: nameEnSchema, min: finite.min(0).max(1000) })
  .strict();
export type EvalGradeBand = z.infer<typeof evalGradeBandSchema>;

export const evalDimensionInputSchema = z
  .object({
    id: z.number().int().positive().optional(),
    code: codeSchema,
    name: nameSchema,
    nameEn: nameEnSchema,
    /** Share of the total, in percent; the dimensions' weights must sum to 100. */
    weight: finite.min(0).max(100),
  })
  .strict();
export type EvalDimensionInput = z.infer<typeof evalDimensionInputSchema>;

export const evalIndicatorInputSchema = z
  .object({
    id: z.number().int().positive().optional(),
    dimensionCode: codeSchema,
    code: codeSchema,
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000).default(''),
    method: evalMethodSchema,
    /** Full points within the dimension (computed / manual / imported: they sum to 100 per dimension); the cap of a bonus / deduction. */
    maxPoints: finite.min(0).max(100),
    /** computed: an expression over metric keys, e.g. `tasks.on_time_rate` or `min(tasks.verified_rate, 100)`. */
    formula: z.string().trim().max(500).nullable().default(null),
    /** computed / imported: how the value becomes points. */
    mapping: evalMappingSchema.nullable().default(null),
    noData: evalNoDataRuleSchema.default('zero'),
    frameworkNodeId: z.number().int().positive().nullable().default(null),
    /** manual: the evaluated org (or cadre) scores itself first, then the level above reviews. */
    selfAssessment: z.boolean().default(false),
  })
  .strict();
export type EvalIndicatorInput = z.infer<typeof evalIndicatorInputSchema>;

const schemeFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
  year: z.number().int().min(2000).max(2100),
  periodKind: evalPeriodKindSchema,
  /** 1 for a year; 1–2 for a half; 1–4 for a quarter. */
  periodIndex: z.number().int().min(1).max(4).default(1),
  population: evalPopulationSchema,
  /** orgs: the kind evaluated (e.g. every 党支部 under the root); null for cadres. */
  orgKind: orgKindSchema.nullable().default(null),
  /** The organisation whose subtree is evaluated (and whose operators manage the scheme). */
  rootOrgId: z.number().int().positive(),
  visibility: evalVisibilitySchema.default('own'),
  gradeBands: z.array(evalGradeBandSchema).min(1).max(10),
  dimensions: z.array(evalDimensionInputSchema).min(1).max(12),
  indicators: z.array(evalIndicatorInputSchema).max(200),
};

/** `POST /api/evaluation/schemes`: dimensions, indicators and bands may be left out to start from the defaults. */
export const evalSchemeCreateSchema = z
  .object({
    ...schemeFields,
    gradeBands: schemeFields.gradeBands.optional(),
    dimensions: schemeFields.dimensions.optional(),
    indicators: schemeFields.indicators.optional(),
  })
  .strict();
export type EvalSchemeCreateInput = z.infer<typeof evalSchemeCreateSchema>;

/** `PUT /api/evaluation/schemes/:id`: the whole definition (items with an id are updated, others added, missing ones removed). */
export const evalSchemeUpdateSchema = z.object(schemeFields).strict();
export type EvalSchemeUpdateInput = z.infer<typeof evalSchemeUpdateSchema>;

export const evalSchemeListQuerySchema = pagingSchema
  .extend({
    q: z.string().trim().max(100).optional(),
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    population: evalPopulationSchema.optional(),
  })
  .strict();
export type EvalSchemeListQuery = z.infer<typeof evalSchemeListQuerySchema>;

export const evalOrgRefSchema = z.object({ id: z.number().int(), code: z.string(), name: z.string() });
export type EvalOrgRef = z.infer<typeof evalOrgRefSchema>;

export const evalDimensionSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  weight: z.number(),
  sortOrder: z.number().int(),
});
export type EvalDimension = z.infer<typeof evalDimensionSchema>;

export const evalIndicatorSchema = z.object({
  id: z.number().int(),
  dimensionId: z.number().int(),
  dimensionCode: z.string(),
  code: z.string(),
  name: z.string(),
  description: z.string(),
  method: evalMethodSchema,
  maxPoints: z.number(),
  formula: z.string().nullable(),
  /** The metric keys the formula reads. */
  metrics: z.array(z.string()),
  mapping: evalMappingSchema.nullable(),
  noData: evalNoDataRuleSchema,
  frameworkNode: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
  selfAssessment: z.boolean(),
  sortOrder: z.number().int(),
});
export type EvalIndicator = z.infer<typeof evalIndicatorSchema>;

/** A problem that keeps a scheme from running (weights not summing to 100, a formula naming an unknown metric …). */
export const evalProblemSchema = z.object({ path: z.string(), message: z.string() });
export type EvalProblem = z.infer<typeof evalProblemSchema>;

export const evalRunSchema = z.object({
  id: z.number().int(),
  schemeId: z.number().int(),
  status: evalRunStatusSchema,
  progressDone: z.number().int(),
  progressTotal: z.number().int(),
  /** What the run is doing now, e.g. 'metric tasks.on_time_rate', 'scoring', 'saving'. */
  stage: z.string().nullable(),
  asOf: z.string(),
  targetCount: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  durationMs: z.number().int().nullable(),
  error: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
  calibrations: z.number().int(),
});
export type EvalRun = z.infer<typeof evalRunSchema>;

export const evalSchemeListItemSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  year: z.number().int(),
  periodKind: evalPeriodKindSchema,
  periodIndex: z.number().int(),
  periodFrom: z.string(),
  periodTo: z.string(),
  population: evalPopulationSchema,
  orgKind: orgKindSchema.nullable(),
  rootOrg: evalOrgRefSchema,
  dimensions: z.number().int(),
  indicators: z.number().int(),
  latestRun: evalRunSchema.nullable(),
  latestPublished: evalRunSchema.nullable(),
  canManage: z.boolean(),
  updatedAt: z.string(),
});
export type EvalSchemeListItem = z.infer<typeof evalSchemeListItemSchema>;

export const evalSchemeSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  year: z.number().int(),
  periodKind: evalPeriodKindSchema,
  periodIndex: z.number().int(),
  periodFrom: z.string(),
  periodTo: z.string(),
  population: evalPopulationSchema,
  orgKind: orgKindSchema.nullable(),
  rootOrg: evalOrgRefSchema,
  visibility: evalVisibilitySchema,
  gradeBands: z.array(evalGradeBandSchema),
  dimensions: z.array(evalDimensionSchema),
  indicators: z.array(evalIndicatorSchema),
  problems: z.array(evalProblemSchema),
  runs: z.array(evalRunSchema),
  canManage: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EvalScheme = z.infer<typeof evalSchemeSchema>;

/** `GET /api/evaluation/metrics`: what the registry offers (only metrics of modules that exist). */
export const evalMetricInfoSchema = z.object({
  key: z.string(),
  module: z.string(),
  subject: z.enum(['org', 'person']),
  unit: z.string(),
  label: z.object({ zh: z.string(), en: z.string() }),
  definition: z.string(),
});
export type EvalMetricInfo = z.infer<typeof evalMetricInfoSchema>;

export const evalMetricsQuerySchema = z.object({ subject: z.enum(['org', 'person']).optional() }).strict();

/** `POST /api/evaluation/formula/check`: parse a formula and name the metrics it reads (or where it is wrong). */
export const evalFormulaCheckSchema = z.object({ formula: z.string().max(500), subject: z.enum(['org', 'person']) }).strict();
export const evalFormulaCheckResultSchema = z.object({
  ok: z.boolean(),
  metrics: z.array(z.string()),
  error: z.object({ message: z.string(), position: z.number().int() }).nullable(),
});
export type EvalFormulaCheckResult = z.infer<typeof evalFormulaCheckResultSchema>;

// ---------------------------------------------------------------------------------------------------------
// Runs and results
// ---------------------------------------------------------------------------------------------------------

export const evalGradeSchema = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });
export type EvalGrade = z.infer<typeof evalGradeSchema>;

export const evalTargetRefSchema = z.object({
  type: z.enum(['org', 'person']),
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  /** The organisation a target is ranked within (an org's parent; a cadre's unit). */
  parent: evalOrgRefSchema.nullable(),
});
export type EvalTargetRef = z.infer<typeof evalTargetRefSchema>;

export const evalResultRowSchema = z.object({
  target: evalTargetRefSchema,
  total: z.number().nullable(),
  grade: evalGradeSchema.nullable(),
  /** Dimension scores by dimension code (0–100 plus bonuses, minus deductions). */
  dimensions: z.record(z.string(), z.number().nullable()),
  /** Competition ranking (1, 2, 2, 4) by total, over the whole run and within the parent. */
  rank: z.number().int().nullable(),
  rankInParent: z.number().int().nullable(),
  parentCount: z.number().int(),
  noDataCount: z.number().int(),
  calibrated: z.boolean(),
});
export type EvalResultRow = z.infer<typeof evalResultRowSchema>;

export const evalResultsQuerySchema = pagingSchema
  .extend({
    q: z.string().trim().max(100).optional(),
    parentId: z.coerce.number().int().positive().optional(),
    grade: z.string().max(40).optional(),
    /** Rank by the total (default) or by one dimension's score. */
    dimension: z.string().max(40).optional(),
    order: z.enum(['rank', 'code']).default('rank'),
  })
  .strict();
export type EvalResultsQuery = z.infer<typeof evalResultsQuerySchema>;

export const evalResultsPageSchema = z.object({
  items: z.array(evalResultRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** True when the actor sees every target of the run (managers, leaders of the root …). */
  seesAll: z.boolean(),
});
export type EvalResultsPage = z.infer<typeof evalResultsPageSchema>;

export const evalRunSummarySchema = z.object({
  run: evalRunSchema,
  scheme: z.object({
    id: z.number().int(),
    name: z.string(),
    population: evalPopulationSchema,
    periodFrom: z.string(),
    periodTo: z.string(),
    visibility: evalVisibilitySchema,
  }),
  dimensions: z.array(evalDimensionSchema.pick({ code: true, name: true, nameEn: true, weight: true })),
  gradeBands: z.array(evalGradeBandSchema),
  /** Over the targets the actor may see. */
  count: z.number().int(),
  averages: z.object({ total: z.number().nullable(), dimensions: z.record(z.string(), z.number().nullable()) }),
  distribution: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string(), count: z.number().int() })),
  /** Scores without data across the visible targets, and how the total treats them. */
  noDataScores: z.number().int(),
  /** Parents (for the ranking filter), with how many targets each has. */
  parents: z.array(evalOrgRefSchema.extend({ count: z.number().int() })),
  canManage: z.boolean(),
  seesAll: z.boolean(),
});
export type EvalRunSummary = z.infer<typeof evalRunSummarySchema>;

/** One metric value as the run stored it (frozen). */
export const evalMetricInputSchema = z.object({
  key: z.string(),
  label: z.object({ zh: z.string(), en: z.string() }),
  unit: z.string(),
  definition: z.string(),
  value: z.number().nullable(),
  numerator: z.number().nullable(),
  denominator: z.number().nullable(),
  /** False when the metric's module is not present any more (the stored value still explains the score). */
  available: z.boolean(),
});
export type EvalMetricInput = z.infer<typeof evalMetricInputSchema>;

export const evalCalibrationSchema = z.object({
  id: z.number().int(),
  fromPoints: z.number().nullable(),
  toPoints: z.number(),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
});
export type EvalCalibration = z.infer<typeof evalCalibrationSchema>;

export const evalFileSchema = z.object({ id: z.number().int(), name: z.string(), size: z.number().int(), url: z.string() });

export const evalAdjustmentSchema = z.object({
  id: z.number().int(),
  schemeId: z.number().int(),
  indicatorId: z.number().int(),
  indicatorName: z.string(),
  method: z.enum(['bonus', 'deduction']),
  target: evalTargetRefSchema,
  points: z.number(),
  reason: z.string(),
  status: z.enum(['active', 'withdrawn']),
  withdrawReason: z.string().nullable(),
  files: z.array(evalFileSchema),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type EvalAdjustment = z.infer<typeof evalAdjustmentSchema>;

/** One indicator of one target in a run: the number and everything it came from. */
export const evalScoreExplanationSchema = z.object({
  scoreId: z.number().int(),
  indicator: z.object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    description: z.string(),
    method: evalMethodSchema,
    maxPoints: z.number(),
    frameworkNode: z.object({ id: z.number().int(), code: z.string(), name: z.string() }).nullable(),
  }),
  status: evalScoreStatusSchema,
  /** The formula's result (computed), the imported value, or the manual score. */
  value: z.number().nullable(),
  /** Points the computation gave, and the points that count (after calibration). */
  computedPoints: z.number().nullable(),
  points: z.number().nullable(),
  formula: z.string().nullable(),
  mapping: evalMappingSchema.nullable(),
  noData: evalNoDataRuleSchema,
  /** A sentence in Chinese saying how the value became points (or why there is none). */
  rule: z.string(),
  metrics: z.array(evalMetricInputSchema),
  manual: z
    .object({
      status: evalManualStatusSchema,
      selfPoints: z.number().nullable(),
      selfComment: z.string().nullable(),
      reviewPoints: z.number().nullable(),
      reviewComment: z.string().nullable(),
      reviewedBy: z.string().nullable(),
      confirmedBy: z.string().nullable(),
      files: z.array(evalFileSchema),
    })
    .nullable(),
  imported: z.object({ value: z.number(), note: z.string().nullable(), source: z.string(), by: z.string(), at: z.string() }).nullable(),
  adjustments: z.array(
    z.object({
      id: z.number().int(),
      points: z.number(),
      reason: z.string(),
      by: z.string(),
      at: z.string(),
      files: z.array(evalFileSchema),
    }),
  ),
  /** For bonus / deduction: the sum of the items before the cap. */
  uncapped: z.number().nullable(),
  calibrations: z.array(evalCalibrationSchema),
});
export type EvalScoreExplanation = z.infer<typeof evalScoreExplanationSchema>;

export const evalExplanationSchema = z.object({
  run: evalRunSchema,
  scheme: z.object({
    id: z.number().int(),
    name: z.string(),
    periodFrom: z.string(),
    periodTo: z.string(),
    population: evalPopulationSchema,
  }),
  target: evalTargetRefSchema,
  total: z.number().nullable(),
  grade: evalGradeSchema.nullable(),
  rank: z.number().int().nullable(),
  rankInParent: z.number().int().nullable(),
  count: z.number().int(),
  parentCount: z.number().int(),
  /** How totals are formed, in Chinese: dimension weights, the no-data rules, bands. */
  totalRule: z.string(),
  dimensions: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      nameEn: z.string(),
      weight: z.number(),
      score: z.number().nullable(),
      /** weight% × score. */
      contribution: z.number().nullable(),
      /** The average of the peers within the same parent (the radar's second series), and over the whole run. */
      peerAverage: z.number().nullable(),
      runAverage: z.number().nullable(),
      /** Points available after `exclude` rules (100 unless indicators without data were left out). */
      available: z.number(),
      earned: z.number(),
      scores: z.array(evalScoreExplanationSchema),
    }),
  ),
});
export type EvalExplanation = z.infer<typeof evalExplanationSchema>;

export const evalRecordsQuerySchema = z.object({ indicatorId: z.coerce.number().int().positive() }).strict();

/** The records behind one indicator of one target (read now from the recorded data; the score's numbers stay frozen). */
export const evalRecordsSchema = z.object({
  indicatorId: z.number().int(),
  frozen: z.boolean(),
  groups: z.array(
    z.object({
      metricKey: z.string(),
      label: z.object({ zh: z.string(), en: z.string() }),
      available: z.boolean(),
      records: z.array(
        z.object({
          type: z.string(),
          id: z.number().int(),
          title: z.string(),
          date: z.string().nullable(),
          role: z.enum(['numerator', 'denominator', 'count']),
          href: z.string().nullable(),
        }),
      ),
      truncated: z.boolean(),
    }),
  ),
});
export type EvalRecords = z.infer<typeof evalRecordsSchema>;

export const evalTrendSchema = z.object({
  target: evalTargetRefSchema,
  points: z.array(
    z.object({
      runId: z.number().int(),
      schemeId: z.number().int(),
      schemeName: z.string(),
      periodFrom: z.string(),
      periodTo: z.string(),
      publishedAt: z.string().nullable(),
      total: z.number().nullable(),
      grade: evalGradeSchema.nullable(),
      dimensions: z.record(z.string(), z.number().nullable()),
    }),
  ),
});
export type EvalTrend = z.infer<typeof evalTrendSchema>;

export const evalTargetParamsSchema = z
  .object({ id: z.coerce.number().int().positive(), targetId: z.coerce.number().int().positive() })
  .strict();

export const evalCalibrateSchema = z
  .object({
    indicatorId: z.number().int().positive(),
    points: finite,
    reason: z.string().trim().min(4, '请写明校准原因（至少4个字）').max(500),
  })
  .strict();
export type EvalCalibrateInput = z.infer<typeof evalCalibrateSchema>;

export const evalPublishSchema = z.object({ note: z.string().trim().max(500).optional() }).strict();

// ---------------------------------------------------------------------------------------------------------
// Manual scores, bonus / deduction items, imported values
// ---------------------------------------------------------------------------------------------------------

export const evalManualRowSchema = z.object({
  /** null until someone opens or scores it. */
  id: z.number().int().nullable(),
  schemeId: z.number().int(),
  indicator: z.object({ id: z.number().int(), code: z.string(), name: z.string(), maxPoints: z.number(), selfAssessment: z.boolean() }),
  target: evalTargetRefSchema,
  status: evalManualStatusSchema,
  selfPoints: z.number().nullable(),
  selfComment: z.string().nullable(),
  selfBy: z.string().nullable(),
  selfAt: z.string().nullable(),
  reviewPoints: z.number().nullable(),
  reviewComment: z.string().nullable(),
  reviewBy: z.string().nullable(),
  reviewAt: z.string().nullable(),
  confirmedBy: z.string().nullable(),
  confirmedAt: z.string().nullable(),
  files: z.array(evalFileSchema),
  canSelf: z.boolean(),
  canReview: z.boolean(),
  canConfirm: z.boolean(),
});
export type EvalManualRow = z.infer<typeof evalManualRowSchema>;

export const evalManualListQuerySchema = pagingSchema
  .extend({
    indicatorId: z.coerce.number().int().positive().optional(),
    status: evalManualStatusSchema.optional(),
    /** Only rows the actor can act on now. */
    mine: z.enum(['true', 'false']).optional(),
    q: z.string().trim().max(100).optional(),
  })
  .strict();
export type EvalManualListQuery = z.infer<typeof evalManualListQuerySchema>;

export const evalManualKeySchema = z.object({ indicatorId: z.number().int().positive(), targetId: z.number().int().positive() }).strict();
export type EvalManualKey = z.infer<typeof evalManualKeySchema>;

export const evalManualScoreSchema = z
  .object({
    indicatorId: z.number().int().positive(),
    targetId: z.number().int().positive(),
    points: finite.min(0),
    comment: z.string().trim().min(1, '请填写评分说明').max(2000),
    fileIds: z.array(z.number().int().positive()).max(20).default([]),
  })
  .strict();
export type EvalManualScoreInput = z.infer<typeof evalManualScoreSchema>;

export const evalAdjustmentCreateSchema = z
  .object({
    indicatorId: z.number().int().positive(),
    targetId: z.number().int().positive(),
    points: finite.positive().max(100),
    reason: z.string().trim().min(2).max(1000),
  })
  .strict();
export type EvalAdjustmentCreateInput = z.infer<typeof evalAdjustmentCreateSchema>;

export const evalAdjustmentWithdrawSchema = z.object({ reason: z.string().trim().min(2).max(500) }).strict();

export const evalAdjustmentListQuerySchema = pagingSchema
  .extend({ indicatorId: z.coerce.number().int().positive().optional(), includeWithdrawn: z.enum(['true', 'false']).optional() })
  .strict();

export const evalInputSchema = z.object({
  indicatorId: z.number().int(),
  target: evalTargetRefSchema,
  value: z.number(),
  note: z.string().nullable(),
  source: z.enum(['entered', 'import']),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type EvalInput = z.infer<typeof evalInputSchema>;

export const evalInputListQuerySchema = pagingSchema.extend({ indicatorId: z.coerce.number().int().positive() }).strict();

export const evalInputUpsertSchema = z
  .object({
    indicatorId: z.number().int().positive(),
    targetId: z.number().int().positive(),
    value: finite,
    note: z.string().trim().max(500).nullable().default(null),
  })
  .strict();
export type EvalInputUpsert = z.infer<typeof evalInputUpsertSchema>;

export const evalImportQuerySchema = z
  .object({ indicatorId: z.coerce.number().int().positive(), dryRun: z.enum(['true', 'false']).default('false') })
  .strict();
export const evalTemplateQuerySchema = z.object({ indicatorId: z.coerce.number().int().positive() }).strict();

/** An import of values is all-or-nothing: any row error refuses the whole file (422 IMPORT_HAS_ERRORS with the errors). */
export const evalImportResultSchema = z.object({
  dryRun: z.boolean(),
  rows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  errors: z.array(importRowErrorSchema),
});
export type EvalImportResult = z.infer<typeof evalImportResultSchema>;

/** `GET /api/evaluation/schemes/:id/targets`: the scheme's targets now (for pickers), searched by code or name. */
export const evalTargetsQuerySchema = z
  .object({ q: z.string().trim().max(100).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) })
  .strict();

export const evalSchemeParamsSchema = z.object({ id: z.coerce.number().int().positive() }).strict();
export const evalTrendQuerySchema = z.object({ type: z.enum(['org', 'person']), targetId: z.coerce.number().int().positive() }).strict();
export const evalRunListQuerySchema = z.object({ schemeId: z.coerce.number().int().positive() }).strict();
export const evalDateSchema = isoDateSchema;

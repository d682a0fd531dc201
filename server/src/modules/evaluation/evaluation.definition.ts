import type {
  EvalDimensionInput,
  EvalGradeBand,
  EvalIndicatorInput,
  EvalMapping,
  EvalMethod,
  EvalNoDataRule,
  EvalPeriodKind,
  EvalPopulation,
  EvalProblem,
  EvalVisibility,
  OrgKind,
} from '@guantong/shared';
import { getMetric } from '../../core/metrics.js';
import { checkFormula } from './evaluation.formula.js';
import { round2 } from './evaluation.scoring.js';

/** The scheme as a run uses it; frozen into the run (JSON) so a published result keeps explaining itself. */
export interface SchemeDefinition {
  schemeId: number;
  name: string;
  population: EvalPopulation;
  orgKind: OrgKind | null;
  rootOrgId: number;
  periodFrom: string;
  periodTo: string;
  visibility: EvalVisibility;
  gradeBands: EvalGradeBand[];
  dimensions: Array<{ id: number; code: string; name: string; nameEn: string; weight: number; sortOrder: number }>;
  indicators: DefinitionIndicator[];
  /** What each metric the formulas read meant at run time. */
  metrics: Record<string, { module: string; unit: string; label: { zh: string; en: string }; definition: string }>;
}

export interface DefinitionIndicator {
  id: number;
  dimensionId: number;
  dimensionCode: string;
  code: string;
  name: string;
  description: string;
  method: EvalMethod;
  maxPoints: number;
  formula: string | null;
  metrics: string[];
  mapping: EvalMapping | null;
  noData: EvalNoDataRule;
  frameworkNode: { id: number; code: string; name: string } | null;
  selfAssessment: boolean;
  sortOrder: number;
}

/** The regular (points-bearing) methods; bonus and deduction adjust on top. */
export function isRegular(method: EvalMethod): boolean {
  return method === 'computed' || method === 'manual' || method === 'imported';
}

/** The inclusive dates of a period: a year, its first/second half, or a quarter. */
export function periodRange(year: number, kind: EvalPeriodKind, index: number): { from: string; to: string } {
  const pad = (n: number) => String(n).padStart(2, '0');
  const lastDay = (m: number) => new Date(Date.UTC(year, m, 0)).getUTCDate();
  const span = kind === 'year' ? [1, 12] : kind === 'half' ? [index * 6 - 5, index * 6] : [index * 3 - 2, index * 3];
  const [m1, m2] = span as [number, number];
  return { from: `${year}-${pad(m1)}-01`, to: `${year}-${pad(m2)}-${pad(lastDay(m2))}` };
}

/** How many periods a kind has in a year (1, 2 or 4). */
export function periodCount(kind: EvalPeriodKind): number {
  return kind === 'year' ? 1 : kind === 'half' ? 2 : 4;
}

export const DEFAULT_GRADE_BANDS: EvalGradeBand[] = [
  { code: 'good', name: '好', nameEn: 'Good', min: 90 },
  { code: 'fair', name: '较好', nameEn: 'Fairly good', min: 80 },
  { code: 'average', name: '一般', nameEn: 'Average', min: 60 },
  { code: 'poor', name: '差', nameEn: 'Poor', min: 0 },
];

/** The four dimensions of the seed (四维评价), equally weighted. */
export const ORG_DIMENSIONS: EvalDimensionInput[] = [
  { code: 'political', name: '政治执行力', nameEn: 'Political execution', weight: 25 },
  { code: 'organisational', name: '组织落实力', nameEn: 'Organisational delivery', weight: 25 },
  { code: 'fortress', name: '堡垒作用力', nameEn: 'Fortress role', weight: 25 },
  { code: 'responsibility', name: '责任担当力', nameEn: 'Responsibility', weight: 25 },
];

/** The cadre composite (干部综合评价): 重点工作督办 + 日常工作动态 + 集中检查情况 + 经营指标结果. */
export const CADRE_DIMENSIONS: EvalDimensionInput[] = [
  { code: 'key_work', name: '重点工作督办', nameEn: 'Key work under supervision', weight: 40 },
  { code: 'daily', name: '日常工作动态', nameEn: 'Day-to-day work', weight: 20 },
  { code: 'inspection', name: '集中检查情况', nameEn: 'Inspection results', weight: 20 },
  { code: 'business', name: '经营指标结果', nameEn: 'Business KPI results', weight: 20 },
];

const ind = (
  dimensionCode: string,
  code: string,
  name: string,
  method: EvalMethod,
  maxPoints: number,
  extra: Partial<EvalIndicatorInput> = {},
): EvalIndicatorInput => ({
  dimensionCode,
  code,
  name,
  description: '',
  method,
  maxPoints,
  formula: null,
  mapping: null,
  noData: 'zero',
  frameworkNodeId: null,
  selfAssessment: false,
  ...extra,
});

/**
 * The starting indicators of an organisation scheme, from the metrics modules provide: the task metrics, and — when
 * the meetings module is present — 组织生活按期开展率, 出席率 and 人均学习学时 (the points are shared out so that each
 * dimension's scored indicators still add up to 100), plus manual, bonus, deduction and imported items.
 */
export function orgTemplateIndicators(has: (metricKey: string) => boolean = (k) => getMetric(k) !== undefined): EvalIndicatorInput[] {
  const learning = has('learning.study_hours_per_member');
  const compliance = has('meetings.compliance_rate');
  const attendance = has('meetings.attendance_rate');
  const overdueMax = compliance ? 30 : 50;
  const scaled = (p: number) => Math.round((p * overdueMax) / 50);
  return [
    ind('political', 'P1', '任务分解完成率', 'computed', learning ? 30 : 40, {
      formula: 'tasks.decomposition_completion_rate',
      mapping: { kind: 'linear', lower: 60, upper: 100 },
      noData: 'exclude',
      description: '上级下达、分解到本组织的任务按期验收销号的比例；低于60%不得分。',
    }),
    ind('political', 'P2', '督办按期答复率', 'computed', learning ? 20 : 30, {
      formula: 'tasks.notice_on_time_rate',
      mapping: {
        kind: 'thresholds',
        bands: [
          { min: 100, max: null, points: learning ? 20 : 30 },
          { min: 80, max: null, points: learning ? 14 : 20 },
          { min: 50, max: null, points: learning ? 7 : 10 },
        ],
      },
      noData: 'full',
      description: '挂牌督办通知按期答复；期间内无督办通知的按满分计。',
    }),
    ind('political', 'P3', '学习贯彻落实情况', 'manual', 30, {
      selfAssessment: true,
      description: '第一议题、五学机制落实情况，先由支部自评，再由上级党组织评审。',
    }),
    ...(learning
      ? [
          ind('political', 'P4', '党员人均学习学时', 'computed', 20, {
            formula: 'learning.study_hours_per_member',
            mapping: { kind: 'linear', lower: 0, upper: 24 },
            noData: 'exclude',
            description: '五学机制学习学时（含补学）÷ 党员人数；人均24学时及以上满分。',
          }),
        ]
      : []),
    ind('organisational', 'O1', '按期完成率', 'computed', compliance ? 40 : 50, {
      formula: 'tasks.on_time_rate',
      mapping: { kind: 'linear', lower: 50, upper: 100 },
      noData: 'exclude',
    }),
    ind('organisational', 'O2', '逾期任务数', 'computed', overdueMax, {
      formula: 'tasks.overdue_count',
      mapping: {
        kind: 'thresholds',
        bands: [
          { min: null, max: 0, points: overdueMax },
          { min: null, max: 2, points: scaled(35) },
          { min: null, max: 5, points: scaled(20) },
        ],
      },
      noData: 'full',
      description: '已过截止日期仍未反馈的任务：0项满分，1–2项、3–5项递减，更多不得分。',
    }),
    ...(compliance
      ? [
          ind('organisational', 'O3', '组织生活按期开展率', 'computed', 30, {
            formula: 'meetings.compliance_rate',
            mapping: { kind: 'linear', lower: 60, upper: 100 },
            noData: 'exclude',
            description: '“三会一课”、主题党日等按《支部工作条例》频次按期开展的比例。',
          }),
        ]
      : []),
    ind('fortress', 'F1', '任务验收率', 'computed', attendance ? 40 : 60, {
      formula: 'tasks.verified_rate',
      mapping: { kind: 'linear', lower: 40, upper: 100 },
      noData: 'exclude',
    }),
    ind('fortress', 'F2', '支部建设与作用发挥', 'manual', 40, { description: '由上级党组织按检查情况评分。' }),
    ...(attendance
      ? [
          ind('fortress', 'F4', '组织生活出席率', 'computed', 20, {
            formula: 'meetings.attendance_rate',
            mapping: { kind: 'linear', lower: 60, upper: 100 },
            noData: 'exclude',
          }),
        ]
      : []),
    ind('fortress', 'F3', '创新成果加分', 'bonus', 5, { description: '创新成果、先进典型等加分，须附佐证材料，最多加5分。' }),
    ind('responsibility', 'R1', '任务落实综合指数', 'computed', 40, {
      formula: 'tasks.on_time_rate * 0.5 + tasks.verified_rate * 0.5',
      mapping: { kind: 'linear', lower: 50, upper: 100 },
      noData: 'exclude',
      description: '按期完成率与验收率各占一半的综合指数；低于50不得分。',
    }),
    ind('responsibility', 'R2', '集中检查情况', 'imported', 60, {
      mapping: { kind: 'linear', lower: 0, upper: 100 },
      noData: 'exclude',
      description: '集中检查得分（百分制），由组织部录入或导入。',
    }),
    ind('responsibility', 'R3', '“低、假、粗、差、懒”问题扣分', 'deduction', 10, {
      description: '发现“低、假、粗、差、懒”问题逐项扣分，须附佐证，最多扣10分。',
    }),
  ];
}

/** The starting indicators of the cadre composite (with 组织生活出席率 in 日常工作动态 when the meetings module is present). */
export function cadreTemplateIndicators(has: (metricKey: string) => boolean = (k) => getMetric(k) !== undefined): EvalIndicatorInput[] {
  const attendance = has('meetings.attendance_rate_person');
  return [
    ind('key_work', 'K1', '重点工作督办完成率', 'computed', 100, {
      formula: 'tasks.person_key_work_rate',
      mapping: { kind: 'linear', lower: 50, upper: 100 },
      noData: 'exclude',
      description: '本人负责的重大事项、年度指标、高优先级和挂牌督办任务的验收销号比例。',
    }),
    ind('daily', 'D1', '任务按期反馈率', 'computed', attendance ? 40 : 60, {
      formula: 'tasks.person_on_time_rate',
      mapping: { kind: 'linear', lower: 50, upper: 100 },
      noData: 'exclude',
    }),
    ind('daily', 'D2', '逾期任务数', 'computed', attendance ? 30 : 40, {
      formula: 'tasks.person_overdue_count',
      mapping: {
        kind: 'thresholds',
        bands: attendance
          ? [
              { min: null, max: 0, points: 30 },
              { min: null, max: 1, points: 20 },
              { min: null, max: 3, points: 8 },
            ]
          : [
              { min: null, max: 0, points: 40 },
              { min: null, max: 1, points: 25 },
              { min: null, max: 3, points: 10 },
            ],
      },
      noData: 'full',
    }),
    ...(attendance
      ? [
          ind('daily', 'D3', '组织生活出席率', 'computed', 30, {
            formula: 'meetings.attendance_rate_person',
            mapping: { kind: 'linear', lower: 60, upper: 100 },
            noData: 'exclude',
          }),
        ]
      : []),
    ind('inspection', 'I1', '集中检查得分', 'imported', 100, {
      mapping: { kind: 'direct' },
      noData: 'exclude',
      description: '集中检查结果（百分制），录入或按模板导入。',
    }),
    ind('business', 'B1', '经营指标完成率', 'imported', 100, {
      mapping: {
        kind: 'thresholds',
        bands: [
          { min: 100, max: null, points: 100 },
          { min: 95, max: null, points: 90 },
          { min: 90, max: null, points: 80 },
          { min: 80, max: null, points: 60 },
          { min: null, max: null, points: 40 },
        ],
      },
      noData: 'exclude',
      description: '经营业绩考核指标完成率（%），按模板导入。',
    }),
  ];
}

/** What a run needs but the scheme lacks: weights that do not sum to 100, unknown metrics, missing mappings … */
export function schemeProblems(input: {
  population: EvalPopulation;
  dimensions: ReadonlyArray<{ code: string; name: string; weight: number }>;
  indicators: ReadonlyArray<{
    dimensionCode: string;
    code: string;
    name: string;
    method: EvalMethod;
    maxPoints: number;
    formula: string | null;
    mapping: EvalMapping | null;
  }>;
}): EvalProblem[] {
  const problems: EvalProblem[] = [];
  const subject = input.population === 'orgs' ? 'org' : 'person';
  const weights = round2(input.dimensions.reduce((s, d) => s + d.weight, 0));
  if (weights !== 100) {
    problems.push({ path: 'dimensions', message: `维度权重合计为 ${weights}，应为 100（不自动折算）。` });
  }
  input.dimensions.forEach((d, i) => {
    const own = input.indicators.filter((x) => x.dimensionCode === d.code);
    const regular = own.filter((x) => isRegular(x.method));
    const points = round2(regular.reduce((s, x) => s + x.maxPoints, 0));
    if (own.length === 0) {
      problems.push({ path: `dimensions.${i}`, message: `维度「${d.name}」还没有指标。` });
    } else if (regular.length > 0 && points !== 100) {
      problems.push({ path: `dimensions.${i}`, message: `维度「${d.name}」的指标分值合计为 ${points}，应为 100。` });
    }
  });
  input.indicators.forEach((x, i) => {
    const path = `indicators.${i}`;
    if (x.method === 'computed') {
      if (!x.formula) {
        problems.push({ path: `${path}.formula`, message: `指标「${x.name}」缺少计算公式。` });
      } else {
        const checked = checkFormula(x.formula);
        if (!checked.ok) {
          problems.push({ path: `${path}.formula`, message: `指标「${x.name}」的公式有误：${checked.error.message}` });
        } else {
          if (checked.metrics.length === 0) {
            problems.push({ path: `${path}.formula`, message: `指标「${x.name}」的公式没有引用任何指标项。` });
          }
          for (const key of checked.metrics) {
            const metric = getMetric(key);
            if (!metric) {
              problems.push({ path: `${path}.formula`, message: `指标「${x.name}」引用的指标项 ${key} 不存在（相应模块尚未提供）。` });
            } else if (metric.subject !== subject) {
              problems.push({
                path: `${path}.formula`,
                message: `指标「${x.name}」引用的指标项 ${key} 用于${metric.subject === 'org' ? '组织' : '个人'}，与本方案的评价对象不符。`,
              });
            }
          }
        }
      }
    }
    if ((x.method === 'computed' || x.method === 'imported') && !x.mapping) {
      problems.push({ path: `${path}.mapping`, message: `指标「${x.name}」缺少得分换算规则。` });
    }
    if (x.mapping?.kind === 'thresholds' && x.mapping.bands.some((b) => b.points > x.maxPoints)) {
      problems.push({ path: `${path}.mapping`, message: `指标「${x.name}」的分档得分超过了该指标分值 ${x.maxPoints}。` });
    }
  });
  return problems;
}

import type { EvalGradeBand, EvalMapping, EvalMethod, EvalNoDataRule, EvalScoreStatus } from '@guantong/shared';

/**
 * The arithmetic of a score, kept pure so it can be tested by hand:
 *
 * - an indicator's value becomes points by its mapping (linear between two bounds, threshold bands, or direct);
 * - an indicator without data follows its rule: `zero` (0 points), `full` (full points), or `exclude` (left out);
 * - a dimension's base score = points earned × (the dimension's full points ÷ the full points of the indicators not
 *   left out), i.e. excluded indicators do not count against it; then bonus items add and deduction items subtract,
 *   each indicator's items capped at its points, and the score never goes below 0;
 * - the total = Σ weight% × dimension score over the dimensions that have a score, divided by the weight they
 *   cover (so a dimension with no data at all does not count as 0);
 * - the grade is the first band (by `min`, highest first) the total reaches;
 * - ranks are competition ranks (1, 2, 2, 4); a target without a total is not ranked.
 *
 * Every intermediate number is rounded to 2 decimals, so what the explanation shows adds up.
 */

/** Rounds to 2 decimals (half away from zero, robust to binary fractions such as 1.005). */
export function round2(x: number): number {
  const sign = x < 0 ? -1 : 1;
  return (sign * Math.round((Math.abs(x) + Number.EPSILON) * 100)) / 100;
}

/** Points for a value under a mapping, within [0, maxPoints]. */
export function mapToPoints(value: number, mapping: EvalMapping, maxPoints: number): number {
  switch (mapping.kind) {
    case 'direct':
      return round2(Math.min(Math.max(value, 0), maxPoints));
    case 'linear': {
      const { lower, upper } = mapping;
      if (lower === upper) {
        return value >= upper ? maxPoints : 0;
      }
      const share = (value - lower) / (upper - lower);
      return round2(Math.min(Math.max(share, 0), 1) * maxPoints);
    }
    case 'thresholds': {
      for (const band of mapping.bands) {
        if ((band.min === null || value >= band.min) && (band.max === null || value <= band.max)) {
          return round2(Math.min(Math.max(band.points, 0), maxPoints));
        }
      }
      return 0;
    }
  }
}

export interface IndicatorOutcome {
  status: EvalScoreStatus;
  /** Points that count; null when the indicator is left out. */
  points: number | null;
}

/** Applies the no-data rule when `value` is null; otherwise maps the value (manual values are points already). */
export function scoreValue(
  value: number | null,
  method: EvalMethod,
  mapping: EvalMapping | null,
  maxPoints: number,
  noData: EvalNoDataRule,
): IndicatorOutcome {
  if (value === null) {
    if (noData === 'exclude') {
      return { status: 'excluded', points: null };
    }
    return { status: 'no_data', points: noData === 'full' ? maxPoints : 0 };
  }
  if (method === 'manual') {
    return { status: 'ok', points: round2(Math.min(Math.max(value, 0), maxPoints)) };
  }
  return { status: 'ok', points: mapToPoints(value, mapping ?? { kind: 'direct' }, maxPoints) };
}

/** The points a capped bonus / deduction indicator gives from its items (always ≥ 0; subtract for deductions). */
export function cappedSum(items: readonly number[], cap: number): { uncapped: number; points: number } {
  const uncapped = round2(items.reduce((s, p) => s + Math.max(p, 0), 0));
  return { uncapped, points: round2(Math.min(uncapped, cap)) };
}

export interface DimensionParts {
  /** Regular indicators: their full points and the points that count (null = left out). */
  regular: ReadonlyArray<{ maxPoints: number; points: number | null }>;
  /** Capped bonus totals and capped deduction totals of the dimension's bonus / deduction indicators. */
  bonus: number;
  deduction: number;
}

export interface DimensionOutcome {
  /** Full points of the indicators not left out. */
  available: number;
  earned: number;
  /** null when every regular indicator was left out (and the dimension has no regular indicators with data). */
  score: number | null;
}

/** A dimension's score from its indicators (see the module comment). */
export function dimensionScore(parts: DimensionParts): DimensionOutcome {
  const full = parts.regular.reduce((s, r) => s + r.maxPoints, 0);
  const counted = parts.regular.filter((r) => r.points !== null);
  const available = round2(counted.reduce((s, r) => s + r.maxPoints, 0));
  const earned = round2(counted.reduce((s, r) => s + (r.points ?? 0), 0));
  if (parts.regular.length > 0 && available === 0) {
    return { available, earned, score: null };
  }
  const base = parts.regular.length === 0 ? 0 : available === full ? earned : (earned * full) / available;
  return { available, earned, score: round2(Math.max(base + parts.bonus - parts.deduction, 0)) };
}

/** The weighted total over the dimensions that have a score (null when none has). */
export function weightedTotal(dims: ReadonlyArray<{ weight: number; score: number | null }>): number | null {
  const scored = dims.filter((d) => d.score !== null);
  const weight = scored.reduce((s, d) => s + d.weight, 0);
  if (scored.length === 0 || weight === 0) {
    return null;
  }
  return round2(scored.reduce((s, d) => s + d.weight * (d.score ?? 0), 0) / weight);
}

/** The first band (highest `min` first) the total reaches, or null. */
export function gradeFor(total: number | null, bands: readonly EvalGradeBand[]): EvalGradeBand | null {
  if (total === null) {
    return null;
  }
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  return sorted.find((b) => total >= b.min) ?? null;
}

/** Competition ranks by value, highest first (ties share a rank; the next rank skips): null values get null. */
export function competitionRanks(values: ReadonlyArray<number | null>): Array<number | null> {
  const order = values
    .map((v, i) => ({ v, i }))
    .filter((x): x is { v: number; i: number } => x.v !== null)
    .sort((a, b) => b.v - a.v);
  const ranks: Array<number | null> = values.map(() => null);
  let rank = 0;
  let prev: number | null = null;
  order.forEach((x, pos) => {
    if (prev === null || x.v !== prev) {
      rank = pos + 1;
      prev = x.v;
    }
    ranks[x.i] = rank;
  });
  return ranks;
}

/** Chinese wording of a mapping, e.g. “线性换算：数值 ≤ 60 得 0 分，≥ 100 得满分 10 分，之间按比例”. */
export function describeMapping(method: EvalMethod, mapping: EvalMapping | null, maxPoints: number): string {
  const f = (n: number) => String(round2(n));
  if (method === 'manual') {
    return `评价人直接打分（0–${f(maxPoints)} 分）`;
  }
  if (method === 'bonus' || method === 'deduction') {
    return `${method === 'bonus' ? '加分' : '扣分'}事项逐项累计，最多 ${f(maxPoints)} 分`;
  }
  const m = mapping ?? { kind: 'direct' as const };
  switch (m.kind) {
    case 'direct':
      return `数值即得分（限 0–${f(maxPoints)} 分）`;
    case 'linear':
      return m.upper >= m.lower
        ? `线性换算：数值 ≤ ${f(m.lower)} 得 0 分，≥ ${f(m.upper)} 得满分 ${f(maxPoints)} 分，之间按比例`
        : `线性换算（越小越好）：数值 ≥ ${f(m.lower)} 得 0 分，≤ ${f(m.upper)} 得满分 ${f(maxPoints)} 分，之间按比例`;
    case 'thresholds': {
      const parts = m.bands.map((b) => {
        const cond =
          b.min !== null && b.max !== null
            ? `${f(b.min)}–${f(b.max)}`
            : b.min !== null
              ? `≥ ${f(b.min)}`
              : b.max !== null
                ? `≤ ${f(b.max)}`
                : '其他';
        return `${cond} 得 ${f(Math.min(b.points, maxPoints))} 分`;
      });
      return `分档：${parts.join('；')}；均不符合得 0 分`;
    }
  }
}

/** Chinese wording of a no-data rule. */
export function describeNoData(rule: EvalNoDataRule, maxPoints: number): string {
  switch (rule) {
    case 'zero':
      return '无数据时按 0 分计';
    case 'full':
      return `无数据时按满分 ${round2(maxPoints)} 分计（期间内无应办事项即无失分）`;
    case 'exclude':
      return '无数据时不计入，本维度按有数据的指标折算满分';
  }
}

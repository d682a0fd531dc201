import { describe, expect, it } from 'vitest';
import { schemeProblems } from './evaluation.definition.js';
import {
  cappedSum,
  competitionRanks,
  describeMapping,
  dimensionScore,
  gradeFor,
  mapToPoints,
  round2,
  scoreValue,
  weightedTotal,
} from './evaluation.scoring.js';

describe('scoring arithmetic', () => {
  it('maps linearly between the bounds, clamped at both ends', () => {
    const m = { kind: 'linear' as const, lower: 60, upper: 100 };
    // (75 − 60) / (100 − 60) = 0.375 of 40 points = 15.
    expect(mapToPoints(75, m, 40)).toBe(15);
    expect(mapToPoints(60, m, 40)).toBe(0);
    expect(mapToPoints(30, m, 40)).toBe(0);
    expect(mapToPoints(100, m, 40)).toBe(40);
    expect(mapToPoints(120, m, 40)).toBe(40);
    // 2/3 of 10 = 6.666… → 6.67.
    expect(mapToPoints(86.6667, m, 10)).toBe(6.67);
  });

  it('maps "smaller is better" when the upper bound is below the lower one', () => {
    const m = { kind: 'linear' as const, lower: 5, upper: 0 };
    // 2 overdue: (2 − 5) / (0 − 5) = 0.6 of 50 = 30.
    expect(mapToPoints(2, m, 50)).toBe(30);
    expect(mapToPoints(0, m, 50)).toBe(50);
    expect(mapToPoints(9, m, 50)).toBe(0);
  });

  it('takes the first threshold band the value falls in, else 0, never above the points', () => {
    const m = {
      kind: 'thresholds' as const,
      bands: [
        { min: 95, max: null, points: 10 },
        { min: 80, max: null, points: 8 },
        { min: 60, max: null, points: 5 },
      ],
    };
    expect(mapToPoints(95, m, 10)).toBe(10);
    expect(mapToPoints(94.9, m, 10)).toBe(8);
    expect(mapToPoints(60, m, 10)).toBe(5);
    expect(mapToPoints(59, m, 10)).toBe(0);
    const counts = {
      kind: 'thresholds' as const,
      bands: [
        { min: null, max: 0, points: 50 },
        { min: null, max: 2, points: 35 },
      ],
    };
    expect(mapToPoints(0, counts, 50)).toBe(50);
    expect(mapToPoints(2, counts, 50)).toBe(35);
    expect(mapToPoints(3, counts, 50)).toBe(0);
    expect(mapToPoints(1, { kind: 'thresholds', bands: [{ min: 0, max: null, points: 80 }] }, 20)).toBe(20);
  });

  it('uses a direct value as points within 0 and the indicator’s points', () => {
    expect(mapToPoints(7.5, { kind: 'direct' }, 10)).toBe(7.5);
    expect(mapToPoints(12, { kind: 'direct' }, 10)).toBe(10);
    expect(mapToPoints(-1, { kind: 'direct' }, 10)).toBe(0);
  });

  it('applies the no-data rule explicitly', () => {
    expect(scoreValue(null, 'computed', { kind: 'direct' }, 30, 'zero')).toEqual({ status: 'no_data', points: 0 });
    expect(scoreValue(null, 'computed', { kind: 'direct' }, 30, 'full')).toEqual({ status: 'no_data', points: 30 });
    expect(scoreValue(null, 'computed', { kind: 'direct' }, 30, 'exclude')).toEqual({ status: 'excluded', points: null });
    expect(scoreValue(0, 'computed', { kind: 'linear', lower: 0, upper: 100 }, 30, 'full')).toEqual({ status: 'ok', points: 0 });
    expect(scoreValue(25, 'manual', null, 20, 'zero')).toEqual({ status: 'ok', points: 20 });
  });

  it('caps bonus and deduction items', () => {
    expect(cappedSum([2, 2, 3], 5)).toEqual({ uncapped: 7, points: 5 });
    expect(cappedSum([1.5], 5)).toEqual({ uncapped: 1.5, points: 1.5 });
    expect(cappedSum([], 5)).toEqual({ uncapped: 0, points: 0 });
  });

  it('scores a dimension: excluded indicators do not count against it; bonus adds, deduction subtracts, floor 0', () => {
    // 40 + 30 + 30 points; the 30-point one has no data and is left out: 50 of 70 earned → 50 × 100 / 70 = 71.43.
    expect(
      dimensionScore({
        regular: [
          { maxPoints: 40, points: 30 },
          { maxPoints: 30, points: 20 },
          { maxPoints: 30, points: null },
        ],
        bonus: 0,
        deduction: 0,
      }),
    ).toEqual({ available: 70, earned: 50, score: 71.43 });
    expect(
      dimensionScore({
        regular: [
          { maxPoints: 60, points: 60 },
          { maxPoints: 40, points: 38 },
        ],
        bonus: 5,
        deduction: 2,
      }).score,
    ).toBe(101);
    expect(dimensionScore({ regular: [{ maxPoints: 100, points: 5 }], bonus: 0, deduction: 10 }).score).toBe(0);
    expect(dimensionScore({ regular: [{ maxPoints: 100, points: null }], bonus: 3, deduction: 0 }).score).toBeNull();
  });

  it('weights dimensions, re-weighting over the ones that have a score', () => {
    // 25 % each: (80 + 90 + 70 + 60) / 4 = 75.
    expect(
      weightedTotal([
        { weight: 25, score: 80 },
        { weight: 25, score: 90 },
        { weight: 25, score: 70 },
        { weight: 25, score: 60 },
      ]),
    ).toBe(75);
    // 40/20/20/20 with the second missing: (40×80 + 20×70 + 20×60) / 80 = 72.5.
    expect(
      weightedTotal([
        { weight: 40, score: 80 },
        { weight: 20, score: null },
        { weight: 20, score: 70 },
        { weight: 20, score: 60 },
      ]),
    ).toBe(72.5);
    expect(weightedTotal([{ weight: 100, score: null }])).toBeNull();
  });

  it('grades by the first band the total reaches', () => {
    const bands = [
      { code: 'poor', name: '差', nameEn: 'Poor', min: 0 },
      { code: 'good', name: '好', nameEn: 'Good', min: 90 },
      { code: 'fair', name: '较好', nameEn: 'Fairly good', min: 80 },
    ];
    expect(gradeFor(90, bands)?.name).toBe('好');
    expect(gradeFor(89.99, bands)?.name).toBe('较好');
    expect(gradeFor(12, bands)?.name).toBe('差');
    expect(gradeFor(null, bands)).toBeNull();
  });

  it('ranks ties with the same rank and skips the next (competition ranking); no total, no rank', () => {
    expect(competitionRanks([90, 85, 90, null, 70, 85])).toEqual([1, 3, 1, null, 5, 3]);
    expect(competitionRanks([])).toEqual([]);
  });

  it('rounds to two decimals robustly', () => {
    expect(round2(1.005)).toBe(1.01);
    expect(round2(-1.005)).toBe(-1.01);
    expect(round2(2 / 3)).toBe(0.67);
  });

  it('describes each mapping in words', () => {
    expect(describeMapping('computed', { kind: 'linear', lower: 60, upper: 100 }, 40)).toContain('≤ 60 得 0 分，≥ 100 得满分 40 分');
    expect(describeMapping('bonus', null, 5)).toContain('最多 5 分');
  });

  it('refuses (does not normalise) dimension weights or indicator points that do not sum to 100', () => {
    const problems = schemeProblems({
      population: 'orgs',
      dimensions: [
        { code: 'a', name: '甲', weight: 30 },
        { code: 'b', name: '乙', weight: 60 },
      ],
      indicators: [
        { dimensionCode: 'a', code: 'A1', name: 'A1', method: 'manual', maxPoints: 100, formula: null, mapping: null },
        { dimensionCode: 'b', code: 'B1', name: 'B1', method: 'manual', maxPoints: 90, formula: null, mapping: null },
        { dimensionCode: 'b', code: 'B2', name: 'B2', method: 'bonus', maxPoints: 5, formula: null, mapping: null },
      ],
    });
    expect(problems.map((p) => p.message)).toEqual([
      '维度权重合计为 90，应为 100（不自动折算）。',
      '维度「乙」的指标分值合计为 90，应为 100。',
    ]);
  });

  it('names formulas that read metrics no module provides', () => {
    const problems = schemeProblems({
      population: 'orgs',
      dimensions: [{ code: 'a', name: '甲', weight: 100 }],
      indicators: [
        {
          dimensionCode: 'a',
          code: 'A1',
          name: '会议合规率',
          method: 'computed',
          maxPoints: 100,
          formula: 'nosuchmodule.rate',
          mapping: { kind: 'direct' },
        },
      ],
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('nosuchmodule.rate 不存在');
  });
});

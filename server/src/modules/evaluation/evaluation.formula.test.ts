import { describe, expect, it } from 'vitest';
import { checkFormula, evaluateFormula, FormulaError, formulaReferences, parseFormula } from './evaluation.formula.js';

const ev = (src: string, values: Record<string, number | null> = {}) => evaluateFormula(parseFormula(src), new Map(Object.entries(values)));

describe('the formula language', () => {
  it('follows arithmetic precedence and parentheses', () => {
    expect(ev('1 + 2 * 3')).toBe(7);
    expect(ev('(1 + 2) * 3')).toBe(9);
    expect(ev('10 - 4 - 3')).toBe(3);
    expect(ev('2 * -3')).toBe(-6);
    expect(ev('-(2 + 3) * 2')).toBe(-10);
    expect(ev('12 / 4 / 3')).toBe(1);
    expect(ev('.5 + 1.25')).toBe(1.75);
  });

  it('reads metric keys with dots and returns them in order', () => {
    expect(ev('tasks.on_time_rate * 0.6 + tasks.verified_rate * 0.4', { 'tasks.on_time_rate': 90, 'tasks.verified_rate': 80 })).toBe(86);
    expect(formulaReferences(parseFormula('max(b.x, a.y) + b.x'))).toEqual(['b.x', 'a.y']);
  });

  it('offers min, max, abs, round, floor, ceil, clamp, if and comparisons', () => {
    expect(ev('min(3, 1, 2)')).toBe(1);
    expect(ev('max(3, 1, 2)')).toBe(3);
    expect(ev('abs(-4)')).toBe(4);
    expect(ev('round(2.345, 2)')).toBe(2.35);
    expect(ev('round(2.5)')).toBe(3);
    expect(ev('floor(2.9) + ceil(2.1)')).toBe(5);
    expect(ev('clamp(120, 0, 100)')).toBe(100);
    expect(ev('clamp(-5, 0, 100)')).toBe(0);
    expect(ev('if(a >= 60, 1, 0)', { a: 75 })).toBe(1);
    expect(ev('if(a >= 60, 1, 0)', { a: 59.9 })).toBe(0);
    expect(ev('(a == 3) + (a != 3) * 10 + (a < 4) * 100 + (a <= 2) * 1000 + (a > 2) * 10000', { a: 3 })).toBe(10101);
    expect(ev('MAX(1, 2)')).toBe(2);
  });

  it('propagates missing data as null, except through coalesce', () => {
    expect(ev('a + 1', { a: null })).toBeNull();
    expect(ev('a + 1')).toBeNull();
    expect(ev('min(a, 5)', { a: null })).toBeNull();
    expect(ev('if(a > 1, 5, 6)', { a: null })).toBeNull();
    expect(ev('coalesce(a, 100)', { a: null })).toBe(100);
    expect(ev('coalesce(a, b, 3)', { a: null, b: 7 })).toBe(7);
    expect(ev('coalesce(a, 3)', { a: 0 })).toBe(0);
  });

  it('treats division by zero as no data', () => {
    expect(ev('a / b', { a: 3, b: 0 })).toBeNull();
    expect(ev('coalesce(a / b, 0)', { a: 3, b: 0 })).toBe(0);
  });

  it('only evaluates the branch if() takes', () => {
    expect(ev('if(1, 5, a / 0)')).toBe(5);
  });

  it('refuses what is not an expression, saying where', () => {
    const bad: Array<[string, number]> = [
      ['', 0],
      ['1 +', 3],
      ['(1 + 2', 6],
      ['1 2', 2],
      ['a ; b', 2],
      ['foo(1)', 0],
      ['min()', 0],
      ['clamp(1, 2)', 0],
      ['1 + * 2', 4],
      ['process.exit(1)', 0],
      ['a.', 1],
      ['"text"', 0],
      ['a = 1', 2],
      ['[1]', 0],
    ];
    for (const [src, pos] of bad) {
      const res = checkFormula(src);
      expect(res.ok, src).toBe(false);
      if (!res.ok) {
        expect(res.error).toBeInstanceOf(FormulaError);
        expect(res.error.position, src).toBe(pos);
      }
    }
  });

  it('never reaches JavaScript: names are data, not code', () => {
    // `constructor` and `__proto__` are just metric keys with no value.
    expect(ev('constructor + 1')).toBeNull();
    expect(ev('__proto__')).toBeNull();
    expect(checkFormula('globalThis.process').ok).toBe(true);
    expect(ev('globalThis.process')).toBeNull();
  });

  it('limits size and nesting', () => {
    expect(checkFormula(`${'1+'.repeat(300)}1`).ok).toBe(false);
    expect(checkFormula(`${'('.repeat(60)}1${')'.repeat(60)}`).ok).toBe(false);
    expect(checkFormula('x'.repeat(501)).ok).toBe(false);
  });
});

/**
 * The formula language of computed indicators: small arithmetic expressions over metric keys, parsed by a
 * hand-written recursive-descent parser into a tree and evaluated by walking it — user input is never handed to
 * `eval`, `Function` or any JavaScript evaluation.
 *
 * Syntax:
 *   numbers          12, 0.5
 *   metric keys      tasks.on_time_rate, meetings.attendance_rate (letters, digits, _ and dots)
 *   operators        + - * /  (usual precedence), unary -, parentheses
 *   comparisons      < <= > >= == !=  (1 when true, 0 when false)
 *   functions        min(a, b, …) max(a, b, …) abs(x) round(x[, digits]) floor(x) ceil(x)
 *                    clamp(x, lo, hi) if(cond, then, else) coalesce(a, b, …)
 *
 * Missing data is explicit: a metric without data is `null`, and null flows through every operator and function
 * (so the indicator shows "no data" and its no-data rule applies), except `coalesce`, which picks its first
 * non-null argument — the one way a formula states a default. Division by zero is also null (nothing to measure).
 */

export type FormulaNode =
  | { kind: 'num'; value: number }
  | { kind: 'ref'; name: string; pos: number }
  | { kind: 'neg'; arg: FormulaNode }
  | { kind: 'bin'; op: BinaryOp; left: FormulaNode; right: FormulaNode }
  | { kind: 'call'; name: FunctionName; args: FormulaNode[]; pos: number };

type BinaryOp = '+' | '-' | '*' | '/' | '<' | '<=' | '>' | '>=' | '==' | '!=';

const FUNCTIONS = {
  min: [1, 20],
  max: [1, 20],
  abs: [1, 1],
  round: [1, 2],
  floor: [1, 1],
  ceil: [1, 1],
  clamp: [3, 3],
  if: [3, 3],
  coalesce: [1, 20],
} as const satisfies Record<string, readonly [number, number]>;
type FunctionName = keyof typeof FUNCTIONS;

export const MAX_FORMULA_LENGTH = 500;
const MAX_DEPTH = 40;
const MAX_NODES = 200;

/** A formula that cannot be parsed; `position` is the 0-based character offset of the problem. */
export class FormulaError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'FormulaError';
  }
}

type Token =
  | { t: 'num'; value: number; pos: number }
  | { t: 'id'; value: string; pos: number }
  | { t: 'op'; value: string; pos: number }
  | { t: 'end'; pos: number };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/.exec(src.slice(i));
      const text = m?.[0] ?? c;
      out.push({ t: 'num', value: Number(text), pos: i });
      i += text.length;
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(src.slice(i));
      const text = m?.[0] ?? c;
      out.push({ t: 'id', value: text, pos: i });
      i += text.length;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['<=', '>=', '==', '!='].includes(two)) {
      out.push({ t: 'op', value: two, pos: i });
      i += 2;
      continue;
    }
    if ('+-*/(),<>'.includes(c)) {
      out.push({ t: 'op', value: c, pos: i });
      i += 1;
      continue;
    }
    throw new FormulaError(`Unexpected character “${c}”.`, i);
  }
  out.push({ t: 'end', pos: src.length });
  return out;
}

class Parser {
  private i = 0;
  private nodes = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }
  private next(): Token {
    const tok = this.tokens[this.i] as Token;
    this.i += 1;
    return tok;
  }
  private isOp(value: string): boolean {
    const tok = this.peek();
    return tok.t === 'op' && tok.value === value;
  }
  private expect(value: string): void {
    const tok = this.peek();
    if (tok.t !== 'op' || tok.value !== value) {
      throw new FormulaError(`Expected “${value}”.`, tok.pos);
    }
    this.i += 1;
  }
  private count<T extends FormulaNode>(node: T, depth: number): T {
    this.nodes += 1;
    if (this.nodes > MAX_NODES || depth > MAX_DEPTH) {
      throw new FormulaError('The formula is too long or too deeply nested.', this.peek().pos);
    }
    return node;
  }

  parse(): FormulaNode {
    if (this.peek().t === 'end') {
      throw new FormulaError('The formula is empty.', 0);
    }
    const node = this.comparison(0);
    const tok = this.peek();
    if (tok.t !== 'end') {
      throw new FormulaError('Unexpected text after the end of the expression.', tok.pos);
    }
    return node;
  }

  private comparison(depth: number): FormulaNode {
    let left = this.additive(depth + 1);
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'op' && ['<', '<=', '>', '>=', '==', '!='].includes(tok.value)) {
        this.next();
        const right = this.additive(depth + 1);
        left = this.count({ kind: 'bin', op: tok.value as BinaryOp, left, right }, depth);
      } else {
        return left;
      }
    }
  }

  private additive(depth: number): FormulaNode {
    let left = this.term(depth + 1);
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'op' && (tok.value === '+' || tok.value === '-')) {
        this.next();
        const right = this.term(depth + 1);
        left = this.count({ kind: 'bin', op: tok.value, left, right }, depth);
      } else {
        return left;
      }
    }
  }

  private term(depth: number): FormulaNode {
    let left = this.unary(depth + 1);
    for (;;) {
      const tok = this.peek();
      if (tok.t === 'op' && (tok.value === '*' || tok.value === '/')) {
        this.next();
        const right = this.unary(depth + 1);
        left = this.count({ kind: 'bin', op: tok.value, left, right }, depth);
      } else {
        return left;
      }
    }
  }

  private unary(depth: number): FormulaNode {
    if (this.isOp('-')) {
      this.next();
      return this.count({ kind: 'neg', arg: this.unary(depth + 1) }, depth);
    }
    if (this.isOp('+')) {
      this.next();
      return this.unary(depth + 1);
    }
    return this.primary(depth + 1);
  }

  private primary(depth: number): FormulaNode {
    const tok = this.next();
    if (tok.t === 'num') {
      if (!Number.isFinite(tok.value)) {
        throw new FormulaError('The number is too large.', tok.pos);
      }
      return this.count({ kind: 'num', value: tok.value }, depth);
    }
    if (tok.t === 'id') {
      if (this.isOp('(')) {
        const name = tok.value.toLowerCase();
        if (!(name in FUNCTIONS)) {
          throw new FormulaError(`Unknown function “${tok.value}”.`, tok.pos);
        }
        this.next();
        const args: FormulaNode[] = [];
        if (!this.isOp(')')) {
          args.push(this.comparison(depth + 1));
          while (this.isOp(',')) {
            this.next();
            args.push(this.comparison(depth + 1));
          }
        }
        this.expect(')');
        const [lo, hi] = FUNCTIONS[name as FunctionName];
        if (args.length < lo || args.length > hi) {
          throw new FormulaError(`${name}() takes ${lo === hi ? lo : `${lo} to ${hi}`} arguments.`, tok.pos);
        }
        return this.count({ kind: 'call', name: name as FunctionName, args, pos: tok.pos }, depth);
      }
      return this.count({ kind: 'ref', name: tok.value, pos: tok.pos }, depth);
    }
    if (tok.t === 'op' && tok.value === '(') {
      const inner = this.comparison(depth + 1);
      this.expect(')');
      return inner;
    }
    if (tok.t === 'end') {
      throw new FormulaError('The formula ends too early.', tok.pos);
    }
    throw new FormulaError(`Unexpected “${tok.value}”.`, tok.pos);
  }
}

/** Parses a formula into its tree; throws FormulaError with the position of the first problem. */
export function parseFormula(src: string): FormulaNode {
  if (src.length > MAX_FORMULA_LENGTH) {
    throw new FormulaError(`The formula is longer than ${MAX_FORMULA_LENGTH} characters.`, MAX_FORMULA_LENGTH);
  }
  return new Parser(tokenize(src)).parse();
}

/** The metric keys a formula reads, in order of first appearance. */
export function formulaReferences(node: FormulaNode): string[] {
  const out: string[] = [];
  const walk = (n: FormulaNode) => {
    switch (n.kind) {
      case 'ref':
        if (!out.includes(n.name)) {
          out.push(n.name);
        }
        return;
      case 'neg':
        walk(n.arg);
        return;
      case 'bin':
        walk(n.left);
        walk(n.right);
        return;
      case 'call':
        n.args.forEach(walk);
        return;
      default:
        return;
    }
  };
  walk(node);
  return out;
}

/** The references of a formula's source, or the parse error. */
export function checkFormula(src: string): { ok: true; metrics: string[] } | { ok: false; error: FormulaError } {
  try {
    return { ok: true, metrics: formulaReferences(parseFormula(src)) };
  } catch (err) {
    if (err instanceof FormulaError) {
      return { ok: false, error: err };
    }
    throw err;
  }
}

const bool = (v: boolean) => (v ? 1 : 0);

/**
 * Evaluates a parsed formula. `values` gives each metric key's value (null = no data; a key not given is no data
 * too). The result is null when any input it needs has no data, on division by zero, or when not finite.
 */
export function evaluateFormula(node: FormulaNode, values: ReadonlyMap<string, number | null>): number | null {
  const ev = (n: FormulaNode): number | null => {
    switch (n.kind) {
      case 'num':
        return n.value;
      case 'ref':
        return values.get(n.name) ?? null;
      case 'neg': {
        const v = ev(n.arg);
        return v === null ? null : -v;
      }
      case 'bin': {
        const a = ev(n.left);
        const b = ev(n.right);
        if (a === null || b === null) {
          return null;
        }
        switch (n.op) {
          case '+':
            return a + b;
          case '-':
            return a - b;
          case '*':
            return a * b;
          case '/':
            return b === 0 ? null : a / b;
          case '<':
            return bool(a < b);
          case '<=':
            return bool(a <= b);
          case '>':
            return bool(a > b);
          case '>=':
            return bool(a >= b);
          case '==':
            return bool(a === b);
          case '!=':
            return bool(a !== b);
        }
        return null;
      }
      case 'call':
        return call(n.name, n.args, ev);
    }
  };
  const result = ev(node);
  return result === null || !Number.isFinite(result) ? null : result;
}

function call(name: FunctionName, args: FormulaNode[], ev: (n: FormulaNode) => number | null): number | null {
  if (name === 'coalesce') {
    for (const a of args) {
      const v = ev(a);
      if (v !== null) {
        return v;
      }
    }
    return null;
  }
  if (name === 'if') {
    const c = ev(args[0] as FormulaNode);
    if (c === null) {
      return null;
    }
    return ev((c !== 0 ? args[1] : args[2]) as FormulaNode);
  }
  const vs = args.map(ev);
  if (vs.some((v) => v === null)) {
    return null;
  }
  const xs = vs as number[];
  const x = xs[0] as number;
  switch (name) {
    case 'min':
      return Math.min(...xs);
    case 'max':
      return Math.max(...xs);
    case 'abs':
      return Math.abs(x);
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    case 'round': {
      const digits = Math.max(0, Math.min(6, Math.trunc(xs[1] ?? 0)));
      const f = 10 ** digits;
      return Math.round(x * f) / f;
    }
    case 'clamp': {
      const lo = xs[1] as number;
      const hi = xs[2] as number;
      return Math.min(Math.max(x, Math.min(lo, hi)), Math.max(lo, hi));
    }
  }
  return null;
}

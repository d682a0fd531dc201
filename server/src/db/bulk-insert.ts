import { CompiledQuery, type Insertable, type Kysely, sql } from 'kysely';
import type { DialectName } from './database.js';
import type { DB } from './schema.js';

export interface InsertManyOptions<R extends string> {
  /** Integer columns (PostgreSQL needs the array type; every other column is sent as text). */
  intColumns?: readonly string[];
  /** Floating-point columns. */
  floatColumns?: readonly string[];
  returning?: readonly R[];
  /** Called after each written chunk (index from 0). */
  onChunk?: (index: number) => void;
}

/** Longest SQL text the SQLite connection keeps prepared (see STATEMENT_CACHE_MAX_SQL in database.ts), with a margin. */
const SQLITE_CACHED_SQL = 18_000;
/** Most parameters in one SQLite statement (SQLite's limit is 32,766). */
const SQLITE_MAX_PARAMS = 30_000;

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Inserts many rows fast on both databases: on PostgreSQL one `insert … select * from unnest($1::text[], …)`
 * per 5,000 rows (a handful of array parameters instead of tens of thousands of scalars); on SQLite multi-row
 * inserts of up to 500 rows, sized so that every full chunk has the same SQL text, short enough for the
 * connection to keep it prepared, and built directly (the query builder costs more than the insert). Both
 * bypass the query builder, so write-watch listeners are not told. Every row must carry the same columns.
 * Returns the `returning` columns in row order.
 */
export async function insertMany<T extends keyof DB & string, R extends string = never>(
  trx: Kysely<DB>,
  dialect: DialectName,
  table: T,
  rows: ReadonlyArray<Insertable<DB[T]>>,
  options: InsertManyOptions<R> = {},
): Promise<Array<Record<R, unknown>>> {
  const out: Array<Record<R, unknown>> = [];
  const first = rows[0];
  if (!first) {
    return out;
  }
  const returning = options.returning ?? [];
  if (dialect === 'postgres') {
    const cols = Object.keys(first);
    const typeOf = (c: string) => (options.intColumns?.includes(c) ? 'int' : options.floatColumns?.includes(c) ? 'float8' : 'text');
    for (let i = 0, k = 0; i < rows.length; i += 5000, k += 1) {
      const chunk = rows.slice(i, i + 5000) as Array<Record<string, unknown>>;
      const arrays = cols.map((c) => sql`${chunk.map((r) => r[c] ?? null)}::${sql.raw(typeOf(c))}[]`);
      const ret = returning.length > 0 ? sql` returning ${sql.join(returning.map((c) => sql.ref(c)))}` : sql``;
      const res = await sql<
        Record<R, unknown>
      >`insert into ${sql.table(table)} (${sql.join(cols.map((c) => sql.ref(c)))}) select * from unnest(${sql.join(arrays)})${ret}`.execute(
        trx,
      );
      out.push(...res.rows);
      options.onChunk?.(k);
    }
    return out;
  }
  const cols = Object.keys(first);
  const head = `insert into ${quoteIdent(table)} (${cols.map(quoteIdent).join(', ')}) values `;
  const tail = returning.length > 0 ? ` returning ${returning.map(quoteIdent).join(', ')}` : '';
  // Some callers name no dialect (the default is 'sqlite') on PostgreSQL: the placeholders follow the connection.
  const numbered = trx.selectFrom('audit_head').select('id').where('id', '=', 1).compile().sql.includes('$1');
  let placeholder = 0;
  const tupleOf = () => `(${cols.map(() => (numbered ? `$${++placeholder}` : '?')).join(', ')})`;
  // Characters per row: '(?, ?)' plus the ', ' between rows ('$12345' for numbered placeholders).
  const perRow = cols.length * (numbered ? 8 : 3) + 2;
  const size = Math.max(
    1,
    Math.min(500, Math.floor(SQLITE_MAX_PARAMS / cols.length), Math.floor((SQLITE_CACHED_SQL - head.length - tail.length) / perRow)),
  );
  let fullSql = '';
  for (let i = 0, k = 0; i < rows.length; i += size, k += 1) {
    const n = Math.min(size, rows.length - i);
    let text = fullSql;
    if (n < size || text === '') {
      placeholder = 0;
      text = `${head}${Array.from({ length: n }, tupleOf).join(', ')}${tail}`;
      if (n === size) {
        fullSql = text;
      }
    }
    const params: unknown[] = new Array(n * cols.length);
    let p = 0;
    for (let j = i; j < i + n; j++) {
      const r = rows[j] as Record<string, unknown>;
      for (const c of cols) {
        params[p++] = r[c] ?? null;
      }
    }
    const res = await trx.executeQuery<Record<R, unknown>>(CompiledQuery.raw(text, params));
    if (returning.length > 0) {
      for (const r of res.rows) {
        out.push(r);
      }
    }
    options.onChunk?.(k);
  }
  return out;
}

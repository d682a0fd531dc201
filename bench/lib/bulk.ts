import { type Insertable, type Kysely, sql } from 'kysely';
import type { DialectName } from '../../server/src/db/database.js';
import type { DB } from '../../server/src/db/schema.js';

// SQLite: multi-row VALUES, bound parameters per statement well below its limit of 32,766.
const MAX_PARAMS = 30_000;
const MAX_ROWS = 2_000;
// PostgreSQL: one array parameter per column (INSERT … SELECT FROM unnest), several times faster than VALUES.
const PG_CHUNK_ROWS = 10_000;

/**
 * Inserts rows (all with the same keys) in chunks; returns the number inserted. On PostgreSQL each chunk
 * is one `insert … select * from unnest($1::type[], …)`, on SQLite a multi-row VALUES.
 */
export async function insertChunked<T extends keyof DB & string>(
  db: Kysely<DB>,
  table: T,
  rows: Array<Insertable<DB[T]>>,
  dialect: DialectName,
): Promise<number> {
  if (rows.length === 0) {
    return 0;
  }
  if (dialect === 'postgres') {
    await insertUnnest(db, table, rows as Array<Record<string, unknown>>);
    return rows.length;
  }
  const columns = Object.keys(rows[0] as object).length || 1;
  const size = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / columns)));
  for (let i = 0; i < rows.length; i += size) {
    // Kysely cannot narrow a generic table name; the rows are typed by the signature above.
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
  return rows.length;
}

async function insertUnnest(db: Kysely<DB>, table: string, rows: Array<Record<string, unknown>>): Promise<void> {
  const types = await sql<{ column_name: string; udt_name: string }>`
    select column_name, udt_name from information_schema.columns where table_schema = current_schema() and table_name = ${table}`.execute(
    db,
  );
  const typeOf = new Map(types.rows.map((r) => [r.column_name, r.udt_name]));
  const columns = Object.keys(rows[0]);
  for (const c of columns) {
    if (!typeOf.has(c)) {
      throw new Error(`${table} has no column ${c}`);
    }
  }
  for (let i = 0; i < rows.length; i += PG_CHUNK_ROWS) {
    const chunk = rows.slice(i, i + PG_CHUNK_ROWS);
    const arrays = columns.map((c) => sql`${chunk.map((r) => r[c] ?? null)}::${sql.raw(`${typeOf.get(c)}[]`)}`);
    await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) select * from unnest(${sql.join(arrays)})`.execute(
      db,
    );
  }
}

/**
 * After inserting explicit ids, moves PostgreSQL's serial sequences past them so the application's
 * own inserts do not collide. SQLite's AUTOINCREMENT follows max(id) by itself.
 */
export async function resetSequences(db: Kysely<DB>, dialect: DialectName, tables: readonly string[]): Promise<void> {
  if (dialect !== 'postgres') {
    return;
  }
  for (const t of tables) {
    await sql`select setval(pg_get_serial_sequence(${t}, 'id'), coalesce((select max(id) from ${sql.table(t)}), 0) + 1, false)`.execute(db);
  }
}

/** Fresh planner statistics after a bulk load (PostgreSQL's autovacuum would do this soon after). */
export async function analyze(db: Kysely<DB>): Promise<void> {
  await sql`analyze`.execute(db);
}

/** True when the migrated database has the table (lets a step skip until its module's migration lands). */
export async function hasTable(db: Kysely<DB>, name: string): Promise<boolean> {
  const tables = await db.introspection.getTables();
  return tables.some((t) => t.name === name);
}

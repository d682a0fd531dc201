import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';
import { SqliteAdapter, sql } from 'kysely';
import type { DialectName } from './database.js';

/**
 * The few places where SQLite and PostgreSQL differ, handled once:
 * ids, booleans (stored 0/1 integers on both), timestamps (ISO-8601 text, UTC, sortable),
 * and tree paths (byte-ordered so prefix ranges use an index on both).
 */
export function addId<T extends string>(table: CreateTableBuilder<T, never>, dialect: DialectName) {
  return dialect === 'postgres'
    ? table.addColumn('id', 'serial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

/** A text column compared byte by byte (PostgreSQL's default collation ignores punctuation). */
export function byteOrdered(dialect: DialectName) {
  return (c: ColumnDefinitionBuilder) => (dialect === 'postgres' ? c.modifyEnd(sql`collate "C"`) : c);
}

/** Current time as the ISO string every timestamp column holds. */
export function nowIso(clock: () => Date = () => new Date()): string {
  return clock().toISOString();
}

/** 0/1 for the boolean columns. */
export function toFlag(value: boolean): number {
  return value ? 1 : 0;
}

/** The upper bound of a prefix range: every path starting with `prefix` sorts before it. */
export function prefixEnd(prefix: string): string {
  return `${prefix}~`;
}

/** True when a Kysely instance (or a transaction of one) talks to SQLite; for the few plan hints only SQLite needs. */
export function isSqlite<T>(db: Kysely<T>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

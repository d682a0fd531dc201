import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { type Dialect, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: DialectName;
  destroy(): Promise<void>;
}

// PostgreSQL returns int8 (counts, bigserial) and numeric as strings; parse them once, here.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

/** True when the URL names a PostgreSQL database rather than an SQLite file. */
export function isPostgresUrl(url: string): boolean {
  return url.startsWith('postgres://') || url.startsWith('postgresql://');
}

/** Opens the database a URL names: `postgres://…` is PostgreSQL, anything else an SQLite file (or `:memory:`). */
export function openDatabase(url: string, options: { searchPath?: string; poolSize?: number } = {}): Database {
  let dialect: Dialect;
  let name: DialectName;
  if (isPostgresUrl(url)) {
    name = 'postgres';
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 10,
      ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
    });
    dialect = new PostgresDialect({ pool });
  } else {
    name = 'sqlite';
    if (url !== ':memory:') {
      fs.mkdirSync(path.dirname(path.resolve(url)), { recursive: true });
    }
    const sqlite = new SQLite(url);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    dialect = new SqliteDialect({ database: sqlite });
  }
  const db = new Kysely<DB>({ dialect });
  return { db, dialect: name, destroy: () => db.destroy() };
}

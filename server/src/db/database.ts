import fs from 'node:fs';
import os from 'node:os';
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

/** Client settings for a PostgreSQL URL; one without a user name connects as the OS user, as psql does. */
export function pgClientConfig(url: string): pg.ClientConfig {
  const u = new URL(url);
  if (u.username) {
    return { connectionString: url };
  }
  // pg lets a connection string's (empty) user override `user`, so spell the parts out.
  return {
    host: u.hostname || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || undefined,
    user: process.env.PGUSER ?? os.userInfo().username,
  };
}

/** Opens the database a URL names: `postgres://…` is PostgreSQL, anything else an SQLite file (or `:memory:`). */
export function openDatabase(url: string, options: { searchPath?: string; poolSize?: number } = {}): Database {
  let dialect: Dialect;
  let name: DialectName;
  if (isPostgresUrl(url)) {
    name = 'postgres';
    const pool = new pg.Pool({
      ...pgClientConfig(url),
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

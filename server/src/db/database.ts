import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { type Dialect, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { openReadWorker } from './read-worker.js';
import type { DB } from './schema.js';
import { WriteWatchPlugin } from './write-watch.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  /**
   * For heavy reads (scans over hundreds of thousands of rows) that must not hold the event loop: on an SQLite
   * file a connection in a worker thread (reads only, committed data); otherwise the same as `db` (PostgreSQL
   * runs queries in its own processes anyway; an in-memory SQLite database cannot be shared).
   */
  reader: Kysely<DB>;
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

/** How many prepared statements an SQLite connection keeps, and the longest SQL worth keeping (bulk inserts are not). */
const STATEMENT_CACHE_SIZE = 500;
const STATEMENT_CACHE_MAX_SQL = 20_000;

/**
 * The connection as Kysely's SQLite driver sees it, with prepared statements reused by SQL text (least
 * recently used dropped first). Kysely prepares every query anew, and preparing a joined list query costs
 * about as much as running it. A statement still being iterated (a streamed query) is busy and cannot run
 * again until done, so another one is prepared for that call. SQLite re-prepares a cached statement by
 * itself when the schema changes.
 */
function withStatementCache(sqlite: SQLite.Database): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = (source: string): SQLite.Statement => {
    const hit = cache.get(source);
    if (hit && !hit.busy) {
      cache.delete(source);
      cache.set(source, hit);
      return hit;
    }
    const stmt = sqlite.prepare(source);
    if (!hit && source.length <= STATEMENT_CACHE_MAX_SQL) {
      cache.set(source, stmt);
      if (cache.size > STATEMENT_CACHE_SIZE) {
        cache.delete(cache.keys().next().value as string);
      }
    }
    return stmt;
  };
  return new Proxy(sqlite, {
    get(target, prop) {
      if (prop === 'prepare') {
        return prepare;
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** Opens the database a URL names: `postgres://…` is PostgreSQL, anything else an SQLite file (or `:memory:`). */
export function openDatabase(url: string, options: { searchPath?: string; poolSize?: number } = {}): Database {
  let dialect: Dialect;
  let name: DialectName;
  let reader: Kysely<DB> | null = null;
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
      reader = openReadWorker(path.resolve(url));
    }
    const sqlite = new SQLite(url);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('synchronous = NORMAL');
    dialect = new SqliteDialect({ database: withStatementCache(sqlite) });
  }
  const db = new Kysely<DB>({ dialect, plugins: [new WriteWatchPlugin()] });
  const heavy = reader;
  return {
    db,
    reader: heavy ?? db,
    dialect: name,
    destroy: async () => {
      await heavy?.destroy();
      await db.destroy();
    },
  };
}

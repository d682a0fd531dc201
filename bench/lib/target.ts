import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type DialectName, isPostgresUrl, pgClientConfig } from '../../server/src/db/database.js';

/** The two data sizes of the issues: a single enterprise and a group of enterprises. */
export type Scale = 'enterprise' | 'group';
export const SCALES: readonly Scale[] = ['enterprise', 'group'];

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');

/** Where a benchmark database lives: an SQLite file, or a database named after the scale on a PostgreSQL server. */
export interface BenchTarget {
  dialect: DialectName;
  /** What openDatabase() and DATABASE_URL take. */
  url: string;
  /** For PostgreSQL: the URL given on the command line, used to (re)create the bench database. */
  serverUrl: string | null;
  /** A printable name without credentials. */
  label: string;
}

/** Parses `--scale`, refusing anything but the two known sizes. */
export function parseScale(value: string | undefined): Scale {
  const scale = value ?? 'enterprise';
  if (!SCALES.includes(scale as Scale)) {
    throw new Error(`--scale must be one of ${SCALES.join(', ')} (got ${scale})`);
  }
  return scale as Scale;
}

/** The name of the PostgreSQL database that holds a scale's data. */
export function benchDatabaseName(scale: Scale): string {
  return `guantong_bench_${scale}`;
}

/**
 * Resolves `--db`: nothing → bench/results/bench-<scale>.sqlite; an SQLite path → that file; a
 * postgres:// URL → the database guantong_bench_<scale> on that server (the URL's own database is only
 * used to connect for CREATE/DROP DATABASE).
 */
export function resolveTarget(scale: Scale, db: string | undefined): BenchTarget {
  if (db && isPostgresUrl(db)) {
    const u = new URL(db);
    u.pathname = `/${benchDatabaseName(scale)}`;
    // The label names host and database only, never the credentials.
    return { dialect: 'postgres', url: u.toString(), serverUrl: db, label: `postgres ${u.host}${u.pathname}` };
  }
  const file = path.resolve(db ?? path.join(RESULTS_DIR, `bench-${scale}.sqlite`));
  return { dialect: 'sqlite', url: file, serverUrl: null, label: `sqlite ${path.relative(process.cwd(), file) || file}` };
}

/** Drops and recreates a PostgreSQL bench database (by default the scale's), connected through the URL's own database (or `postgres`). */
export async function recreatePostgresDatabase(target: BenchTarget, scale: Scale, name = benchDatabaseName(scale)): Promise<void> {
  if (!target.serverUrl) {
    throw new Error('not a PostgreSQL target');
  }
  const own = decodeURIComponent(new URL(target.serverUrl).pathname.replace(/^\//, ''));
  // One cannot drop the database one is connected to: use the maintenance database then.
  const client = new pg.Client(pgClientConfig(withDatabase(target.serverUrl, own && own !== name ? own : 'postgres')));
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
    await client.query(`create database "${name}"`);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

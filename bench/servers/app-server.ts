/**
 * The real application for `npm run bench`, in its own process: the same assembly as server/src/main.ts
 * (buildApp on the given database) without seeding, jobs or the web UI.
 */
import { buildApp } from '../../server/src/app.js';
import { ensureAuditHead } from '../../server/src/core/audit.js';
import type { AppContext } from '../../server/src/core/context.js';
import { openDatabase } from '../../server/src/db/database.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import { readEnv } from '../../server/src/env.js';
import { failStart, serveForBench } from './child.js';

try {
  const url = process.env.BENCH_DB_URL;
  if (!url) {
    throw new Error('BENCH_DB_URL is not set');
  }
  const logger = process.env.BENCH_LOGGER === 'on';
  const env = readEnv({ ...process.env, DATABASE_URL: url, GUANTONG_SEED: 'none', JOBS: 'off', LOG_LEVEL: logger ? 'info' : 'silent' });
  const database = openDatabase(env.DATABASE_URL);
  await migrateToLatest(database);
  await ensureAuditHead(database.db);
  const ctx: AppContext = { database, env, clock: () => new Date() };
  const { app } = await buildApp(ctx, { serveWeb: false, logger });
  await serveForBench(app, () => database.destroy());
} catch (error) {
  failStart(error);
}

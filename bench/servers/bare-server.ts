/**
 * The baseline for `npm run bench`: a bare Fastify server that runs each scenario's repository call
 * (the same Kysely query as the real endpoint) on the same database, with the bench user's scope
 * computed once at start-up — no session or grants lookup per request, no zod, no presenter, no helmet.
 */
import Fastify from 'fastify';
import { ALL_ROLES, scopeFor } from '../../server/src/core/access.js';
import { loadGrants } from '../../server/src/core/session.js';
import { openDatabase } from '../../server/src/db/database.js';
import { SCENARIOS } from '../scenarios.js';
import { failStart, serveForBench } from './child.js';

try {
  const url = process.env.BENCH_DB_URL;
  const username = process.env.BENCH_USER;
  if (!url || !username) {
    throw new Error('BENCH_DB_URL and BENCH_USER must be set');
  }
  const database = openDatabase(url);
  const db = database.db;
  const user = await db.selectFrom('users').select(['id', 'display_name']).where('username', '=', username).executeTakeFirstOrThrow();
  const grants = await loadGrants(db, user.id);
  const scope = scopeFor({ userId: user.id, username, displayName: user.display_name, grants }, ALL_ROLES);
  const app = Fastify({ logger: false });
  for (const s of SCENARIOS) {
    app.get(`/bare/${s.name}`, async (request) => s.bare(db, scope, new URLSearchParams(request.url.split('?')[1] ?? '')));
  }
  await serveForBench(app, () => database.destroy());
} catch (error) {
  failStart(error);
}

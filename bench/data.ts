/**
 * `npm run bench:data -- --scale enterprise|group [--db <sqlite file | postgres://…>] [--today YYYY-MM-DD] [--analyze]`
 *
 * Builds a benchmark database from scratch: migrates, then runs every step of bench/generators in order
 * (each in one transaction, rows inserted in multi-row chunks with explicit ids) and prints the time of each.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ensureAuditHead } from '../server/src/core/audit.js';
import { hashPassword } from '../server/src/core/passwords.js';
import { openDatabase } from '../server/src/db/database.js';
import { migrateToLatest } from '../server/src/db/migrate.js';
import { generateDemoEnterprise } from '../server/src/modules/orgs/demo-enterprise.js';
import { BENCH_PASSWORD, type GenContext } from './generators/context.js';
import { STEPS } from './generators/index.js';
import { analyze, resetSequences } from './lib/bulk.js';
import { ms } from './lib/format.js';
import { parseScale, recreatePostgresDatabase, resolveTarget } from './lib/target.js';

const { values } = parseArgs({
  options: { scale: { type: 'string' }, db: { type: 'string' }, today: { type: 'string' }, analyze: { type: 'boolean', default: false } },
  strict: true,
});
const scale = parseScale(values.scale);
const target = resolveTarget(scale, values.db);
const today = values.today ?? new Date().toISOString().slice(0, 10);
if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) {
  throw new Error('--today must be YYYY-MM-DD');
}

const started = performance.now();
async function timed<T>(name: string, fn: () => Promise<T>, describe: (r: T) => string = () => ''): Promise<T> {
  const t = performance.now();
  const result = await fn();
  const elapsed = performance.now() - t;
  const detail = describe(result);
  console.log(`  ${name.padEnd(12)} ${ms(elapsed).padStart(9)}  ${detail}`);
  return result;
}

console.log(`bench:data — scale ${scale} → ${target.label} (today ${today})`);
await timed('recreate', async () => {
  if (target.dialect === 'postgres') {
    await recreatePostgresDatabase(target, scale);
  } else {
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      fs.rmSync(`${target.url}${suffix}`, { force: true });
    }
  }
});
const database = openDatabase(target.url);
try {
  await timed(
    'migrate',
    async () => {
      const applied = await migrateToLatest(database);
      await ensureAuditHead(database.db);
      return applied;
    },
    (applied) => applied.join(', '),
  );
  const enterprise = await timed(
    'generate',
    async () => generateDemoEnterprise({ scale, today }),
    (e) => `${e.orgs.length} orgs, ${e.people.length} people, ${e.posts.length} posts (in memory)`,
  );
  const passwordHash = await timed(
    'hash',
    () => hashPassword(BENCH_PASSWORD),
    () => 'one argon2id hash for every account',
  );
  const ctx: GenContext = {
    db: database.db,
    database,
    dialect: database.dialect,
    scale,
    now: new Date().toISOString(),
    today,
    enterprise,
    passwordHash,
    orgs: [],
    orgByCode: new Map(),
    users: [],
    personByEmployeeNo: new Map(),
    extra: new Map(),
  };
  for (const step of STEPS) {
    await timed(
      step.name,
      () => database.db.transaction().execute((trx) => step.run({ ...ctx, db: trx })),
      (r) =>
        'skipped' in r
          ? `skipped: ${r.skipped}`
          : [
              Object.entries(r.rows)
                .map(([table, n]) => `${table} ${n.toLocaleString('en')}`)
                .join(', '),
              r.note,
            ]
              .filter(Boolean)
              .join(' — '),
    );
  }
  await timed(
    'finish',
    async () => {
      await resetSequences(
        database.db,
        database.dialect,
        STEPS.flatMap((s) => s.tables),
      );
      // PostgreSQL's autovacuum gathers statistics on its own soon after a load, so do it now. Nothing
      // does that for SQLite in the application, so by default its planner runs without statistics,
      // as in a real deployment; --analyze shows what statistics would change.
      if (database.dialect === 'postgres' || values.analyze) {
        await analyze(database.db);
      }
    },
    () =>
      database.dialect === 'postgres'
        ? 'sequences moved past the ids, ANALYZE'
        : values.analyze
          ? 'ANALYZE (--analyze)'
          : 'no ANALYZE (as the application runs SQLite today; --analyze to gather statistics)',
  );
} finally {
  await database.destroy();
}
const total = performance.now() - started;
console.log(`  ${'total'.padEnd(12)} ${ms(total).padStart(9)}`);
console.log(`\nSign in as admin, oa-<committee or 党总支 code> or sec-<branch code> with password ${BENCH_PASSWORD}.`);

import { buildApp } from './app.js';
import { ensureAuditHead } from './core/audit.js';
import type { AppContext } from './core/context.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { readEnv } from './env.js';
import { seedDemo } from './seed/demo.js';

const env = readEnv();
const database = openDatabase(env.DATABASE_URL);
const ctx: AppContext = { database, env, clock: () => new Date() };

await migrateToLatest(database);
await ensureAuditHead(database.db);
const seed = env.GUANTONG_SEED === 'demo' ? await seedDemo(ctx) : null;

const { app, jobs } = await buildApp(ctx, { serveWeb: true, logger: true });
await app.listen({ port: env.PORT, host: env.HOST });
if (env.JOBS === 'on') {
  jobs.start();
}

const url = `http://${env.HOST === '0.0.0.0' ? 'localhost' : env.HOST}:${env.PORT}`;
const lines = [`贯通 Guantong is running at ${url} (database: ${database.dialect})`];
if (seed?.seeded) {
  lines.push(`Seeded the demo enterprise: ${seed.orgs} organisations, ${seed.accounts} accounts.`);
  lines.push(`Sign in as admin (or zzb, jw, leader, sec-G01, sec-B001 …) with password: ${seed.password}`);
} else if (env.GUANTONG_SEED === 'demo') {
  lines.push(
    env.GUANTONG_DEMO_PASSWORD
      ? `Sign in as admin (or zzb, jw, leader, sec-G01, sec-B001 …) with password: ${env.GUANTONG_DEMO_PASSWORD}`
      : 'Sign in as admin (or zzb, jw, leader, sec-<总支 or branch code>) with the demo password printed at first start.',
  );
}
console.log(`\n${lines.join('\n')}\n`);

const shutdown = async () => {
  jobs.stop();
  await app.close();
  await database.destroy();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

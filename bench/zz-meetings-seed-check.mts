import { openDatabase } from '../server/src/db/database.js';
import { migrateToLatest } from '../server/src/db/migrate.js';
import { ensureAuditHead } from '../server/src/core/audit.js';
import { readEnv } from '../server/src/env.js';
import { seedDemoMeetings } from '../server/src/seed/demo-meetings.js';
import { SYSTEM_ACTOR } from '../server/src/core/access.js';
import { complianceMatrix } from '../server/src/modules/meetings/compliance.service.js';
import { generateDemoEnterprise } from '../server/src/modules/orgs/demo-enterprise.js';
import { insertOrgTree } from '../server/src/seed/demo.js';
import { insertDemoPeople } from '../server/src/seed/demo-people.js';

const url = process.argv[2] ?? ':memory:';
const database = openDatabase(url);
await migrateToLatest(database);
await ensureAuditHead(database.db);
const now = new Date('2026-11-26T03:00:00Z');
const ctx = { database, env: readEnv({ GUANTONG_SEED: 'none', JOBS: 'off', LOG_LEVEL: 'silent' }), clock: () => now };
const demo = generateDemoEnterprise({ today: '2026-11-26' });
await database.db.transaction().execute(async (trx) => {
  const ids = await insertOrgTree(trx, demo.orgs, now.toISOString());
  await insertDemoPeople(trx, demo, ids, now.toISOString(), '2026-11-26');
});
const r = await seedDemoMeetings(ctx);
console.log('seed', r);
const m = await complianceMatrix(ctx, SYSTEM_ACTOR, { year: 2026, view: 'branches', page: 1, pageSize: 500 });
const counts: Record<string, number> = {};
for (const row of m.rows) for (const c of row.months) counts[c.state] = (counts[c.state] ?? 0) + 1;
console.log('branches', m.total, 'cells', counts, 'totals', m.totals, 'ms', m.computeMs);
const b001 = m.rows.find((x) => x.org.code === 'B001');
console.log('B001', b001?.months.map((c) => c.state).join(' '));
import { loadComplianceData } from '../server/src/modules/meetings/compliance.service.js';
const top = await database.db.selectFrom('orgs').select(['id','path']).where('parent_id','is',null).executeTakeFirstOrThrow();
for (let i = 0; i < 2; i++) {
  const t0 = performance.now();
  await loadComplianceData(database.db, top, 2026, '2026-11-26');
  console.log('load', performance.now() - t0);
}
await database.destroy();

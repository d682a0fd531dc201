import { SYSTEM_ACTOR } from '../server/src/core/access.js';
import { openDatabase } from '../server/src/db/database.js';
import { readEnv } from '../server/src/env.js';
import { complianceBranch, complianceMatrix } from '../server/src/modules/meetings/compliance.service.js';
const database = openDatabase(process.argv[2] ?? '');
const now = new Date('2026-11-26T02:00:00Z');
const ctx = { database, env: readEnv({ GUANTONG_SEED: 'none', JOBS: 'off', LOG_LEVEL: 'silent' }), clock: () => now };
const b = await database.db.selectFrom('orgs').select('id').where('code', '=', 'C13-B001').executeTakeFirstOrThrow();
const top = await database.db.selectFrom('orgs').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
for (let i = 0; i < 3; i++) {
  let t0 = performance.now();
  await complianceBranch(ctx, SYSTEM_ACTOR, b.id, 2026);
  const t1 = performance.now() - t0;
  t0 = performance.now();
  const m = await complianceMatrix(ctx, SYSTEM_ACTOR, { orgId: top.id, year: 2026, view: 'branches', page: 1, pageSize: 10000 });
  console.log('branch', Math.round(t1), 'matrix', Math.round(performance.now() - t0), m.computeMs);
}
await database.destroy();

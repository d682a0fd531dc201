import { openDatabase } from '../server/src/db/database.js';
import { loadComplianceData, evaluateBranches } from '../server/src/modules/meetings/compliance.service.js';
const database = openDatabase(process.argv[2] ?? '');
const db = database.db;
const top = await db.selectFrom('orgs').select(['id', 'path']).where('parent_id', 'is', null).orderBy('id').executeTakeFirstOrThrow();
for (let i = 0; i < 4; i++) {
  const t0 = performance.now();
  const data = await loadComplianceData(db, top, 2026, '2026-11-26');
  const t1 = performance.now();
  const y = evaluateBranches(data, '2026-11-26');
  const t2 = performance.now();
  console.log('load', Math.round(t1 - t0), 'eval', Math.round(t2 - t1), y.size);
}
await database.destroy();

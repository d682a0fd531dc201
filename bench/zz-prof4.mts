import { openDatabase } from '../server/src/db/database.js';
import { loadComplianceData } from '../server/src/modules/meetings/compliance.service.js';
import { orgLifeGaps } from '../server/src/modules/meetings/meetings.inactivity.js';
const database = openDatabase(process.argv[2] ?? '');
const db = database.db;
const b = await db.selectFrom('orgs').selectAll().where('code', '=', 'C13-B001').executeTakeFirstOrThrow();
for (let i = 0; i < 2; i++) {
  let t0 = performance.now();
  await loadComplianceData(db, b, 2026, '2026-11-26');
  console.log('load', Math.round(performance.now() - t0));
  t0 = performance.now();
  const members = await db.selectFrom('people').select(['id']).where('status', '=', 'active').where('party_status', 'in', ['full', 'probationary']).where('branch_id', '=', b.id).execute();
  console.log('members', Math.round(performance.now() - t0), members.length);
  t0 = performance.now();
  await orgLifeGaps(db, members.map((m) => m.id), '2026-11-26');
  console.log('gaps', Math.round(performance.now() - t0));
}
await database.destroy();

import { openDatabase } from '../db/database.js';
import { readEnv } from '../env.js';
import { verifyAuditChain } from './audit.js';

const env = readEnv();
const database = openDatabase(env.DATABASE_URL);
try {
  const report = await verifyAuditChain(database.db);
  if (report.ok) {
    console.log(`Audit chain intact: ${report.checked} entries checked.`);
  } else {
    console.error(
      `Audit chain BROKEN at entry ${report.firstBroken?.seq}: ${report.firstBroken?.reason} (${report.checked} entries verified before it).`,
    );
    process.exitCode = 1;
  }
} finally {
  await database.destroy();
}

import { readEnv } from '../env.js';
import { openDatabase } from './database.js';
import { migrateToLatest } from './migrate.js';

const env = readEnv();
const database = openDatabase(env.DATABASE_URL);
try {
  const applied = await migrateToLatest(database);
  console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
} finally {
  await database.destroy();
}

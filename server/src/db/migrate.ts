import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Database, DialectName } from './database.js';
import * as m0001 from './migrations/0001_core.js';

type Up = (db: Kysely<unknown>, dialect: DialectName) => Promise<void>;

/** Every migration in order. A module adds its own file here, one line each. */
const MIGRATIONS: Array<[string, { up: Up }]> = [
  ['0001_core', m0001],
];

class ListProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, mod] of MIGRATIONS) {
      out[name] = { up: (db) => mod.up(db, this.dialect) };
    }
    return out;
  }
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider: new ListProvider(database.dialect) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

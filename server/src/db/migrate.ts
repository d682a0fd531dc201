import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Database, DialectName } from './database.js';
import * as m0001 from './migrations/0001_core.js';
import * as m0002 from './migrations/0002_orgs_people.js';
import * as m0003 from './migrations/0003_framework.js';
import * as m0004 from './migrations/0004_tasks.js';
import * as m0005 from './migrations/0005_meetings.js';
import * as m0006 from './migrations/0006_decisions.js';
import * as m0007 from './migrations/0007_evaluation.js';
import * as m0008 from './migrations/0008_task_list_indexes.js';

type Up = (db: Kysely<unknown>, dialect: DialectName) => Promise<void>;

/** Every migration in order. A module adds its own file here, one line each. */
const MIGRATIONS: Array<[string, { up: Up }]> = [
  ['0001_core', m0001],
  ['0002_orgs_people', m0002],
  ['0003_framework', m0003],
  ['0004_tasks', m0004],
  ['0005_meetings', m0005],
  ['0006_decisions', m0006],
  ['0007_evaluation', m0007],
  ['0008_task_list_indexes', m0008],
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
  // Kysely looks for its own tables in every schema unless told which one: name the current schema, or a
  // parallel test schema's kysely_migration_lock makes this one skip creating its own.
  const schema =
    database.dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(database.db)).rows[0]?.s : undefined;
  const migrator = new Migrator({
    db: database.db,
    provider: new ListProvider(database.dialect),
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

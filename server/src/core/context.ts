import type { Database } from '../db/database.js';
import type { Env } from '../env.js';

/** What every module receives: the database, settings and a clock tests can move. */
export interface AppContext {
  database: Database;
  env: Env;
  clock: () => Date;
}

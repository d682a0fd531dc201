import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { AppContext } from '../../server/src/core/context.js';
import { type Database, openDatabase } from '../../server/src/db/database.js';
import { readEnv } from '../../server/src/env.js';
import { parseScale, resolveTarget } from './target.js';

/** The options every in-process benchmark takes: the scale, its database (or an exact one), and "today". */
const COMMON_OPTIONS = {
  scale: { type: 'string' },
  db: { type: 'string' },
  // --url names an exact database (e.g. a private copy) instead of the scale's bench database.
  url: { type: 'string' },
  today: { type: 'string' },
} as const;

type CommonValues = { [K in keyof typeof COMMON_OPTIONS]?: string };
type OwnValues<O> = { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean : string };

/**
 * What an in-process benchmark starts from: its command line (the common options plus its own), the bench
 * database opened, and an application context whose clock reads `now` — 02:00 UTC of `--today` (10:00 in Beijing),
 * which a script may move on with `setNow` (e.g. to scan "one day later").
 */
export function openBench<const O extends NonNullable<ParseArgsConfig['options']>>(options: O) {
  // parseArgs cannot infer the values of a generic option set; they are typed from the options by hand.
  const values = parseArgs({ options: { ...COMMON_OPTIONS, ...options }, strict: true }).values as CommonValues & OwnValues<O>;
  const scale = parseScale(values.scale);
  const target = resolveTarget(scale, values.db);
  const database: Database = openDatabase(values.url ?? target.url);
  const today = values.today ?? new Date().toISOString().slice(0, 10);
  let now = new Date(`${today}T02:00:00.000Z`);
  const ctx: AppContext = { database, env: readEnv({ GUANTONG_SEED: 'none', JOBS: 'off', LOG_LEVEL: 'silent' }), clock: () => now };
  return {
    values,
    scale,
    database,
    db: database.db,
    today,
    ctx,
    /** What the figures are printed under: the target's label, or the dialect of an exact --url. */
    label: values.url ? database.dialect : target.label,
    now: () => now,
    setNow: (next: Date) => {
      now = next;
    },
  };
}

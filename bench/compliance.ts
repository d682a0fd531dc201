/**
 * `npx tsx bench/compliance.ts --scale group [--db <sqlite file | postgres://…> | --url <exact database URL>] [--today YYYY-MM-DD] [--runs 7] [--fill]`
 *
 * Times the 三会一课 compliance matrix (orgs × 12 months) on a `bench:data` database, in process, through the service
 * the route calls: every branch and group of the group (≈5,000 organisations) for a year, the aggregated top view,
 * one branch's drill-down, and the `meetings.compliance_rate` metric for every organisation. `--fill` first adds the
 * meetings step's data when the database has no meetings yet (e.g. a copy made before migration 0005's data).
 * Median of several runs; the event loop's longest stall is recorded. Figures are printed (and written to
 * bench/results/), never asserted. Target: the matrix of 5,000 organisations × 12 months under 1 s server time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { SYSTEM_ACTOR } from '../server/src/core/access.js';
import { getMetric } from '../server/src/core/metrics.js';
import { complianceBranch, complianceMatrix } from '../server/src/modules/meetings/compliance.service.js';
import { registerMeetingMetrics } from '../server/src/modules/meetings/meetings.metrics.js';
import { meetingsStep } from './generators/meetings.js';
import { openBench } from './lib/context.js';
import { ms } from './lib/format.js';
import { type Figure, measureMedian } from './lib/measure.js';
import { RESULTS_DIR } from './lib/target.js';

const { values, scale, database, db, ctx, today, now, label } = openBench({ runs: { type: 'string' }, fill: { type: 'boolean' } });
const runs = Number(values.runs ?? 7);
const year = Number(today.slice(0, 4));

async function count(table: 'meetings' | 'orgs' | 'meeting_attendees'): Promise<number> {
  const r = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

if ((await count('meetings')) === 0) {
  if (!values.fill) {
    console.error('The database has no meetings: regenerate with `npm run bench:data` or pass --fill.');
    process.exit(1);
  }
  const t0 = performance.now();
  const result = await db.transaction().execute((trx) =>
    meetingsStep.run({
      db: trx,
      database,
      dialect: database.dialect,
      scale,
      now: now().toISOString(),
      today,
      enterprise: { orgs: [], people: [], posts: [] },
      passwordHash: '',
      orgs: [],
      orgByCode: new Map(),
      users: [],
      personByEmployeeNo: new Map(),
      extra: new Map(),
    }),
  );
  if (database.dialect === 'postgres') {
    await sql`select setval(pg_get_serial_sequence('meetings', 'id'), (select coalesce(max(id), 1) from meetings))`.execute(db);
    await sql`analyze`.execute(db);
  }
  console.log(`filled meetings in ${ms(performance.now() - t0)}: ${JSON.stringify(result)}`);
}

const stats = {
  orgs: await count('orgs'),
  meetings: await count('meetings'),
  attendees: await count('meeting_attendees'),
};
const kinds = await db
  .selectFrom('orgs')
  .select(['kind', sql<number>`count(*)`.as('n')])
  .groupBy('kind')
  .execute();
console.log(
  `compliance — ${label}: ${stats.orgs.toLocaleString('en')} organisations (${kinds.map((k) => `${k.kind} ${Number(k.n).toLocaleString('en')}`).join(', ')}), ${stats.meetings.toLocaleString('en')} meetings, ${stats.attendees.toLocaleString('en')} attendee rows; year ${year}, today ${today}`,
);

const figures: Figure[] = [];

async function measure<T>(name: string, fn: () => Promise<T>, describe: (r: T) => string, repeat = runs): Promise<T> {
  const { result, figure } = await measureMedian(name, fn, describe, repeat);
  figures.push(figure);
  return result;
}

const top = await db.selectFrom('orgs').select(['id', 'code']).where('parent_id', 'is', null).orderBy('id').executeTakeFirstOrThrow();
console.log('\nReads (server time, in process)');
const flat = await measure(
  `matrix: every branch of the group × 12 months`,
  () => complianceMatrix(ctx, SYSTEM_ACTOR, { orgId: top.id, year, view: 'branches', page: 1, pageSize: 10_000 }),
  (r) => {
    const cells = r.rows.flatMap((x) => x.months);
    const miss = cells.filter((c) => c.state === 'miss').length;
    return `${r.total} branch rows (groups folded in), ${cells.length} cells, ${miss} red; rate ${((r.totals.rate ?? 0) * 100).toFixed(1)}%`;
  },
);
await measure(
  'matrix: top view (children aggregated)',
  () => complianceMatrix(ctx, SYSTEM_ACTOR, { orgId: top.id, year, view: 'children', page: 1, pageSize: 500 }),
  (r) => `${r.rows.length} rows over ${r.totals.branches} branches`,
);
const gb = await db.selectFrom('orgs').select('id').where('kind', '=', 'general_branch').orderBy('id').executeTakeFirstOrThrow();
await measure(
  'matrix: one 党总支',
  () => complianceMatrix(ctx, SYSTEM_ACTOR, { orgId: gb.id, year, view: 'children', page: 1, pageSize: 500 }),
  (r) => `${r.rows.length} rows`,
);
const branch = flat.rows[Math.floor(flat.rows.length / 2)]?.org;
if (branch) {
  await measure(
    `branch drill-down (${branch.code})`,
    () => complianceBranch(ctx, SYSTEM_ACTOR, branch.id, year),
    (r) => `${r.obligations.length} obligations, ${r.missingNow.length} missing now, ${r.inactiveMembers.length} inactive members`,
  );
}
registerMeetingMetrics();
const metric = getMetric('meetings.compliance_rate');
const allOrgs = (await db.selectFrom('orgs').select('id').execute()).map((o) => o.id);
if (metric) {
  await measure(
    `metric meetings.compliance_rate for ${allOrgs.length} orgs`,
    () => metric.compute({ db, subjectIds: allOrgs, period: { from: `${year}-01-01`, to: `${year}-12-31` }, asOf: today }),
    (r) => `top ${r.get(top.id)?.value}% (${r.get(top.id)?.numerator}/${r.get(top.id)?.denominator})`,
    Math.min(runs, 3),
  );
}
const first = figures[0];
console.log(
  `\nTarget: 5,000 orgs × 12 months < 1 s server time — ${first && first.medianMs < 1000 ? 'PASS' : 'MISS'} (${first?.medianMs} ms)`,
);
fs.mkdirSync(RESULTS_DIR, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const out = path.join(RESULTS_DIR, `compliance-${scale}-${database.dialect}-${stamp}.json`);
fs.writeFileSync(out, JSON.stringify({ label, today, year, stats, figures }, null, 2));
console.log(`written ${path.relative(process.cwd(), out)}`);
await database.destroy();

/**
 * `npx tsx bench/orgs-ops.ts --scale group [--db <sqlite file | postgres://…> | --url <exact database URL>] [--today YYYY-MM-DD] [--runs 7]`
 *
 * Times the organisation reads of issue 3 on a `bench:data` database, in process, through the services the routes
 * call, as the system administrator (the whole group): the tree with member counts (target < 150 ms), the tree with
 * counts and check badges, and the rule checks of the whole tree (target < 500 ms); one 党总支's checks for
 * comparison (the group data has no deliberate violations, so the checks find few; they still compute every fact). Median of several runs with the event loop's longest stall. Figures are printed, never asserted.
 */
import { SYSTEM_ACTOR } from '../server/src/core/access.js';
import { getOrgTree, listChecks } from '../server/src/modules/orgs/orgs.service.js';
import { openBench } from './lib/context.js';
import { measureMedian } from './lib/measure.js';

const { values, database, db, ctx, today, label } = openBench({ runs: { type: 'string' } });
const runs = Number(values.runs ?? 7);

const orgs = await db
  .selectFrom('orgs')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
const people = await db
  .selectFrom('people')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
console.log(
  `orgs-ops — ${label}: ${Number(orgs.n).toLocaleString('en')} organisations, ${Number(people.n).toLocaleString('en')} people, today ${today}\n`,
);

const nodes = (tree: Awaited<ReturnType<typeof getOrgTree>>) => {
  let n = 0;
  const walk = (xs: typeof tree) => {
    for (const x of xs) {
      n += 1;
      walk(x.children);
    }
  };
  walk(tree);
  return n;
};
const figures = [
  await measureMedian(
    'tree with member counts (whole group)',
    () => getOrgTree(ctx, SYSTEM_ACTOR, { counts: true }),
    (t) => `${nodes(t)} nodes`,
    runs,
  ),
  await measureMedian(
    'tree with counts and check badges',
    () => getOrgTree(ctx, SYSTEM_ACTOR, { counts: true, checks: true }),
    (t) => `${nodes(t)} nodes`,
    runs,
  ),
  await measureMedian(
    'rule checks, whole group',
    () => listChecks(ctx, SYSTEM_ACTOR, {}),
    (c) => `${c.length} errors and warnings`,
    runs,
  ),
];
const general = await db.selectFrom('orgs').select('id').where('kind', '=', 'general_branch').orderBy('id').executeTakeFirstOrThrow();
await measureMedian(
  'rule checks, one 党总支',
  () => listChecks(ctx, SYSTEM_ACTOR, { orgId: general.id }),
  (c) => `${c.length} errors and warnings`,
  runs,
);

const verdict = (ms: number, limit: number) => (ms < limit ? 'PASS' : 'MISS');
const [tree, , checks] = figures.map((f) => f.figure.medianMs);
console.log(
  `\nTargets: tree with counts < 150 ms — ${verdict(tree ?? 0, 150)} (${tree} ms); whole-group checks < 500 ms — ${verdict(checks ?? 0, 500)} (${checks} ms)`,
);
await database.destroy();

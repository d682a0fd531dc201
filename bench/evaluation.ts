/**
 * `npx tsx bench/evaluation.ts --scale group [--db <sqlite file | postgres://…> | --url <exact database URL>] [--runs 3] [--today YYYY-MM-DD] [--no-meetings]`
 *
 * Times 成效评价 on a `bench:data` database, in process, through the services the routes call: a full run of the
 * branch scheme (the template: task metrics, meetings metrics when present, manual scores, imported values, items)
 * over every branch of the group, computed `--runs` times (first run, then recomputes), and the explanation of one
 * target's scores (and the records behind one score). The event loop's longest stall is recorded around each run.
 * Writes a scheme, its inputs and runs into the database given: use a copy. Figures are printed, never asserted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { SYSTEM_ACTOR } from '../server/src/core/access.js';
import { loadGrants } from '../server/src/core/session.js';
import { migrateToLatest } from '../server/src/db/migrate.js';
import { runPromises, runTimings } from '../server/src/modules/evaluation/evaluation.engine.js';
import { clearResultsCache, explainResult, listRunResults, scoreRecords } from '../server/src/modules/evaluation/evaluation.results.js';
import { getRun, publishRun, recomputeRun, startRun } from '../server/src/modules/evaluation/evaluation.runs.js';
import { createScheme } from '../server/src/modules/evaluation/evaluation.schemes.js';
import { registerTaskMetrics } from '../server/src/modules/tasks/tasks.metrics.registry.js';
import { openBench } from './lib/context.js';
import { ms } from './lib/format.js';
import { watchStalls } from './lib/measure.js';
import { median } from './lib/stats.js';
import { RESULTS_DIR } from './lib/target.js';

const {
  values,
  scale,
  database,
  db,
  ctx,
  now: clock,
  label,
} = openBench({
  runs: { type: 'string', default: '3' },
  'no-meetings': { type: 'boolean', default: false },
});
const now = clock();
const runs = Math.max(1, Number(values.runs));

await migrateToLatest(database);
registerTaskMetrics();
if (values['no-meetings']) {
  console.log('  (--no-meetings: task metrics only)');
} else {
  try {
    // The meetings module's metrics, when it is present (the template then scores organisational life too).
    const meetings = await import('../server/src/modules/meetings/meetings.metrics.js');
    meetings.registerMeetingMetrics();
  } catch {
    console.log('  (no meetings module: task metrics only)');
  }
}

/** Measures fn, recording the longest event-loop stall a 10 ms timer sees while it runs. */
async function stalled<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; stallMs: number; cpuMs: number }> {
  const stalls = watchStalls();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await fn();
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await new Promise((r) => setTimeout(r, 15));
  return { result, ms: elapsed, stallMs: stalls.stop().timerMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const count = async (table: 'tasks' | 'orgs' | 'people') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const [tasks, orgs, people] = await Promise.all([count('tasks'), count('orgs'), count('people')]);
const meetingRows = await db
  .selectFrom('meetings' as never)
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirst()
  .then((r) => Number((r as { n: number } | undefined)?.n ?? 0))
  .catch(() => 0);
console.log(
  `evaluation — ${label}: ${orgs.toLocaleString('en')} orgs, ${people.toLocaleString('en')} people, ${tasks.toLocaleString('en')} tasks, ${meetingRows.toLocaleString('en')} meetings; today ${now.toISOString().slice(0, 10)}`,
);

const top = await db.selectFrom('orgs').select(['id', 'code']).where('parent_id', 'is', null).orderBy('id').executeTakeFirstOrThrow();
const year = now.getUTCFullYear();
const scheme = await createScheme(ctx, SYSTEM_ACTOR, {
  name: `bench ${year} 四维评价 ${now.toISOString()}-${Date.now()}`,
  description: '',
  year,
  periodKind: 'year',
  periodIndex: 1,
  population: 'orgs',
  orgKind: 'branch',
  rootOrgId: top.id,
  visibility: 'parent',
});
console.log(
  `  scheme ${scheme.id}: ${scheme.indicators.length} indicators (${scheme.indicators.map((i) => i.code).join(' ')}), problems: ${scheme.problems.length}`,
);

// Entered data at group scale: every branch's inspection score, manual reviews for half of them, some items.
const branches = await db.selectFrom('orgs').select('id').where('kind', '=', 'branch').where('status', '=', 'active').execute();
const ind = new Map(scheme.indicators.map((i) => [i.code, i.id]));
const at = now.toISOString();
const check = ind.get('R2');
const fortress = ind.get('F2');
if (check !== undefined && fortress !== undefined) {
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < branches.length; i += 500) {
      const chunk = branches.slice(i, i + 500);
      await trx
        .insertInto('eval_inputs')
        .values(
          chunk.map((b) => ({
            scheme_id: scheme.id,
            indicator_id: check,
            target_id: b.id,
            value: 60 + (b.id % 40),
            note: null,
            source: 'import' as const,
            updated_by: null,
            updated_by_name: 'bench',
            updated_at: at,
          })),
        )
        .execute();
      await trx
        .insertInto('eval_manual_scores')
        .values(
          chunk
            .filter((b) => b.id % 2 === 0)
            .map((b) => ({
              scheme_id: scheme.id,
              indicator_id: fortress,
              target_id: b.id,
              status: 'confirmed' as const,
              self_points: null,
              self_comment: null,
              self_by: null,
              self_by_name: null,
              self_at: null,
              review_points: 20 + (b.id % 20),
              review_comment: '按检查情况评分',
              review_by: null,
              review_by_name: 'bench',
              review_at: at,
              confirmed_by_name: 'bench',
              confirmed_at: at,
              created_at: at,
              updated_at: at,
            })),
        )
        .execute();
    }
  });
}
console.log(`  entered data: ${branches.length} inspection scores, ${Math.floor(branches.length / 2)} manual scores`);

interface RunFigure {
  run: number;
  wallMs: number;
  engineMs: number;
  stallMs: number;
  cpuMs: number;
  targets: number;
  stages: Record<string, number>;
}
const figures: RunFigure[] = [];
let runId = 0;
for (let k = 0; k < runs; k++) {
  const m = await stalled(async () => {
    const r = k === 0 ? await startRun(ctx, SYSTEM_ACTOR, scheme.id) : await recomputeRun(ctx, SYSTEM_ACTOR, runId);
    runId = r.id;
    await runPromises.get(r.id);
    return getRun(ctx, SYSTEM_ACTOR, r.id);
  });
  if (m.result.status !== 'computed') {
    throw new Error(`run ${runId} ended ${m.result.status}: ${m.result.error}`);
  }
  const f = {
    run: k + 1,
    wallMs: m.ms,
    engineMs: m.result.durationMs ?? 0,
    stallMs: m.stallMs,
    cpuMs: m.cpuMs,
    targets: m.result.targetCount,
    stages: runTimings.get(runId) ?? {},
  };
  figures.push(f);
  console.log(
    `  branch run ${k === 0 ? '(first)    ' : '(recompute)'} ${ms(f.wallMs).padStart(8)}  engine ${ms(f.engineMs).padStart(8)}  this process's CPU ${ms(f.cpuMs).padStart(8)}  loop stall max ${ms(f.stallMs)}  ${f.targets.toLocaleString('en')} targets`,
  );
  console.log(
    `      ${Object.entries(f.stages)
      .map(([k2, v]) => `${k2} ${ms(v)}`)
      .join(' · ')}`,
  );
}

// The cadre composite over every cadre of the group (people marked 干部), from the template.
const cadreScheme = await createScheme(ctx, SYSTEM_ACTOR, {
  name: `bench ${year} 干部综合评价 ${Date.now()}`,
  description: '',
  year,
  periodKind: 'year',
  periodIndex: 1,
  population: 'cadres',
  orgKind: null,
  rootOrgId: top.id,
  visibility: 'own',
});
const cadreFigures: RunFigure[] = [];
let cadreRunId = 0;
for (let k = 0; k < runs; k++) {
  const m = await stalled(async () => {
    const r = k === 0 ? await startRun(ctx, SYSTEM_ACTOR, cadreScheme.id) : await recomputeRun(ctx, SYSTEM_ACTOR, cadreRunId);
    cadreRunId = r.id;
    await runPromises.get(r.id);
    return getRun(ctx, SYSTEM_ACTOR, r.id);
  });
  const f = {
    run: k + 1,
    wallMs: m.ms,
    engineMs: m.result.durationMs ?? 0,
    stallMs: m.stallMs,
    cpuMs: m.cpuMs,
    targets: m.result.targetCount,
    stages: runTimings.get(cadreRunId) ?? {},
  };
  cadreFigures.push(f);
  console.log(
    `  cadre run  ${k === 0 ? '(first)    ' : '(recompute)'} ${ms(f.wallMs).padStart(8)}  engine ${ms(f.engineMs).padStart(8)}  this process's CPU ${ms(f.cpuMs).padStart(8)}  loop stall max ${ms(f.stallMs)}  ${f.targets.toLocaleString('en')} targets`,
  );
  console.log(
    `      ${Object.entries(f.stages)
      .map(([k2, v]) => `${k2} ${ms(v)}`)
      .join(' · ')}`,
  );
}

// Published, so that a branch secretary may open their own explanation too.
await publishRun(ctx, SYSTEM_ACTOR, runId);

// The explanation of one score's target: a branch with many tasks, as its secretary would open it (and 组织部).
const busiest = await db
  .selectFrom('tasks as t')
  .innerJoin('orgs as o', 'o.id', 't.org_id')
  .select(['o.id', 'o.code', (eb) => eb.fn.countAll<number>().as('n')])
  .where('o.kind', '=', 'branch')
  .groupBy(['o.id', 'o.code'])
  .orderBy('n', 'desc')
  .executeTakeFirstOrThrow();
const secUser = await db
  .selectFrom('users')
  .select(['id', 'display_name'])
  .where('username', '=', `sec-${busiest.code}`)
  .executeTakeFirst();
const manager = SYSTEM_ACTOR;
const explainTimes: number[] = [];
const explainColdTimes: number[] = [];
const explainSecTimes: number[] = [];
const recordTimes: number[] = [];
const listTimes: number[] = [];
const secretary = secUser
  ? { userId: secUser.id, username: `sec-${busiest.code}`, displayName: secUser.display_name, grants: await loadGrants(db, secUser.id) }
  : null;
const onTime = ind.get('O1') ?? scheme.indicators[0]?.id ?? 0;
for (let i = 0; i < 21; i++) {
  clearResultsCache(db);
  let t0 = performance.now();
  await explainResult(ctx, manager, runId, busiest.id);
  explainColdTimes.push(performance.now() - t0);
  t0 = performance.now();
  await explainResult(ctx, manager, runId, busiest.id);
  explainTimes.push(performance.now() - t0);
  if (secretary) {
    t0 = performance.now();
    await explainResult(ctx, secretary, runId, busiest.id).catch(() => undefined);
    explainSecTimes.push(performance.now() - t0);
  }
  t0 = performance.now();
  await scoreRecords(ctx, manager, runId, busiest.id, onTime);
  recordTimes.push(performance.now() - t0);
  t0 = performance.now();
  await listRunResults(ctx, manager, runId, { page: 1, pageSize: 20, order: 'rank' });
  listTimes.push(performance.now() - t0);
}
const run = median(figures.map((f) => f.wallMs));
const cadreRun = median(cadreFigures.map((f) => f.wallMs));
const stall = Math.max(...figures.map((f) => f.stallMs), ...cadreFigures.map((f) => f.stallMs));
const explain = median(explainTimes);
const explainCold = median(explainColdTimes);
const pass = (v: number, limit: number) => (v < limit ? 'PASS' : 'MISS');
console.log('');
console.log(
  `  branch run, ${figures[0]?.targets} branches (median of ${figures.length})   ${ms(run).padStart(8)}  target < 10 s   ${pass(run, 10_000)}`,
);
console.log(
  `  cadre run, ${cadreFigures[0]?.targets} cadres (median of ${cadreFigures.length})      ${ms(cadreRun).padStart(8)}  target < 10 s   ${pass(cadreRun, 10_000)}`,
);
console.log(`  longest event-loop stall during the runs        ${ms(stall).padStart(8)}`);
console.log(
  `  explanation of one target, uncached (median of 21) ${ms(explainCold).padStart(8)}  target < 100 ms ${pass(explainCold, 100)}`,
);
console.log(`  explanation of one target, rows cached             ${ms(explain).padStart(8)}  target < 100 ms ${pass(explain, 100)}`);
if (explainSecTimes.length > 0) {
  console.log(`  explanation, as its branch secretary            ${ms(median(explainSecTimes)).padStart(8)}`);
}
console.log(`  records behind one score (${busiest.code}, ${busiest.n} tasks) ${ms(median(recordTimes)).padStart(8)}`);
console.log(`  results page (20 rows, ranked)                  ${ms(median(listTimes)).padStart(8)}`);

fs.mkdirSync(RESULTS_DIR, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const file = path.join(RESULTS_DIR, `evaluation-${scale}-${database.dialect}${values['no-meetings'] ? '-tasks-only' : ''}-${stamp}.json`);
fs.writeFileSync(
  file,
  JSON.stringify(
    {
      scale,
      database: database.dialect,
      data: { orgs, people, tasks, meetings: meetingRows },
      scheme: { id: scheme.id, indicators: scheme.indicators.map((i) => i.code) },
      runs: figures,
      cadreRuns: cadreFigures,
      medians: {
        fullRunMs: run,
        cadreRunMs: cadreRun,
        longestStallMs: stall,
        explanationMs: explain,
        explanationUncachedMs: explainCold,
        explanationSecretaryMs: median(explainSecTimes),
        recordsMs: median(recordTimes),
        resultsPageMs: median(listTimes),
      },
      loadAverage: (await import('node:os')).loadavg(),
    },
    null,
    2,
  ),
);
console.log(`\n  written ${path.relative(process.cwd(), file)}`);
await database.destroy();

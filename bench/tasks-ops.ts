import type { TaskListQuery } from '@guantong/shared';
import type { Actor } from '../server/src/core/access.js';
import { loadGrants } from '../server/src/core/session.js';
import { coverageForNode, coverageForOrg } from '../server/src/modules/tasks/tasks.coverage.js';
import { createTask, issueTask, listTasks } from '../server/src/modules/tasks/tasks.service.js';
import { runSupervisionScan } from '../server/src/modules/tasks/tasks.supervision.js';
import { openBench } from './lib/context.js';
import { measureMedian } from './lib/measure.js';

const { values, database, db, ctx, today, now, setNow, label } = openBench({ only: { type: 'string' } });

async function actor(username: string): Promise<Actor> {
  const u = await db.selectFrom('users').select(['id', 'display_name']).where('username', '=', username).executeTakeFirstOrThrow();
  return { userId: u.id, username, displayName: u.display_name, grants: await loadGrants(db, u.id) };
}

async function measure<T>(label: string, fn: () => Promise<T>, describe: (r: T) => string = () => '', repeat = 1): Promise<T> {
  return (await measureMedian(label, fn, describe, repeat)).result;
}

const count = await db
  .selectFrom('tasks')
  .select((eb) => eb.fn.countAll<number>().as('n'))
  .executeTakeFirstOrThrow();
console.log(`tasks-ops — ${label}: ${Number(count.n).toLocaleString('en')} tasks, today ${today}`);

const top = await db.selectFrom('orgs').select(['id', 'code']).where('parent_id', 'is', null).executeTakeFirstOrThrow();
const admin = await actor('admin');
const topAdmin = await actor(`oa-${top.code}`);
const busiest = await db
  .selectFrom('tasks as t')
  .innerJoin('orgs as o', 'o.id', 't.org_id')
  .select(['o.code', (eb) => eb.fn.countAll<number>().as('n')])
  .where('o.kind', '=', 'branch')
  .groupBy('o.code')
  .orderBy('n', 'desc')
  .executeTakeFirstOrThrow();
const secretary = await actor(`sec-${busiest.code}`);
const gb = await db.selectFrom('orgs').select('code').where('kind', '=', 'general_branch').orderBy('id').executeTakeFirstOrThrow();
const gbAdmin = await actor(`oa-${gb.code}`);
const req = await db
  .selectFrom('framework_nodes')
  .select(['id', 'code'])
  .where('kind', '=', 'requirement')
  .orderBy('id')
  .executeTakeFirstOrThrow();
const element = await db
  .selectFrom('framework_nodes')
  .select(['id', 'code'])
  .where('kind', '=', 'element')
  .orderBy('id')
  .executeTakeFirstOrThrow();

const q = (over: Partial<TaskListQuery>): TaskListQuery => ({ page: 1, pageSize: 20, view: 'org', sort: 'dueOn', order: 'asc', ...over });

if (values.only !== 'writes') {
  console.log('\nReads');
  await measure(
    `my tasks (sec-${busiest.code})`,
    () => listTasks(ctx, secretary, q({ view: 'mine' })),
    (r) => `${r.total} rows`,
    5,
  );
  await measure(
    `my org's tasks (oa-${gb.code})`,
    () => listTasks(ctx, gbAdmin, q({})),
    (r) => `${r.total} rows`,
    5,
  );
  await measure(
    `my org's tasks, whole group (oa-${top.code})`,
    () => listTasks(ctx, topAdmin, q({})),
    (r) => `${r.total} rows`,
    3,
  );
  await measure(
    'supervision board, whole group',
    () => listTasks(ctx, topAdmin, q({ view: 'board', sort: 'supervision' })),
    (r) => `${r.total} rows`,
    3,
  );
  await measure(
    `coverage of requirement ${req.code}, whole tree`,
    () => coverageForNode(ctx, admin, req.id, { kind: 'branch', limit: 500 }),
    (r) => `${r.rows.length} rows, ${r.totals.total} tasks, ${r.totals.grassroots} branches, ${r.totals.uncovered} uncovered`,
    5,
  );
  await measure(
    `coverage of element ${element.code}, whole tree`,
    () => coverageForNode(ctx, admin, element.id, { kind: 'branch', limit: 500 }),
    (r) => `${r.totals.total} tasks, ${r.totals.uncovered} uncovered`,
    3,
  );
  await measure(
    'coverage of an org (top), every requirement',
    () => coverageForOrg(ctx, admin, top.id),
    (r) => `${r.covered.length} covered, ${r.uncovered.length} uncovered`,
    3,
  );
  await measure(
    `coverage of an org (sec-${busiest.code})`,
    async () => {
      const b = await db.selectFrom('orgs').select('id').where('code', '=', busiest.code).executeTakeFirstOrThrow();
      return coverageForOrg(ctx, secretary, b.id);
    },
    (r) => `${r.covered.length} covered`,
    5,
  );
}
if (values.only === 'reads') {
  await database.destroy();
  process.exit(0);
}
console.log('\nWrites');
await measure(
  'supervision scan, first run',
  () => runSupervisionScan(ctx),
  (r) =>
    `scanned ${r.scanned} in ${r.batches} batches (max batch ${r.maxBatchMs} ms): +yellow ${r.yellow}, +red ${r.red}, escalated ${r.escalated}, stale ${r.stale}, ${r.notified} notifications`,
);
await measure(
  'supervision scan, steady state',
  () => runSupervisionScan(ctx),
  (r) => `scanned ${r.scanned} in ${r.batches} batches (max batch ${r.maxBatchMs} ms), ${r.notified} notifications`,
);
// What the daily job meets in production: one day later, only the tasks whose level changes that day (newly due
// soon, newly overdue, newly past the escalation limit). The first run above is the one-off catch-up of a database
// that was never scanned (every open task changes level at once).
setNow(new Date(now().getTime() + 86_400_000));
await measure(
  'supervision scan, the next day (the daily job)',
  () => runSupervisionScan(ctx),
  (r) =>
    `scanned ${r.scanned} in ${r.batches} batches (max batch ${r.maxBatchMs} ms): +yellow ${r.yellow}, +red ${r.red}, escalated ${r.escalated}, stale ${r.stale}, ${r.notified} notifications`,
);
const recipients = await db
  .selectFrom('orgs')
  .select('id')
  .where('kind', 'in', ['branch', 'group'])
  .where('status', '=', 'active')
  .where('parent_id', 'is not', null)
  .execute();
const draftTask = await createTask(ctx, topAdmin, {
  level: 'major_item',
  title: '全集团统一部署任务',
  description: '',
  orgId: top.id,
  responsibilityKind: 'principal',
  priority: 'normal',
  dueOn: `${now().getUTCFullYear()}-12-31`,
  weight: 1,
  frameworkNodeIds: [req.id],
  participantUserIds: [],
  recurrence: 'none',
});
await measure(
  `issue-down to ${recipients.length} organisations`,
  () => issueTask(ctx, topAdmin, draftTask.id, { recipients: { orgIds: recipients.map((r) => r.id) } }),
  (r) => `${r.created} children created in one transaction`,
);
await database.destroy();

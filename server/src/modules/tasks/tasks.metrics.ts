import type { MetricValue, TaskMetrics, TaskMetricsQuery } from '@guantong/shared';
import { type Kysely, sql } from 'kysely';
import { type Actor, requireVisibleOrg } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { badRequest, notFound } from '../../core/errors.js';
import { prefixEnd } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';
import { TASK_READ_ROLES } from './tasks.policy.js';
import { todayOf } from './tasks.service.js';

/**
 * Task indicators for the evaluation engine (成效评价). Every function measures the tasks OWNED by organisations
 * in the subtree of `orgId` (the org itself and everything below it) whose due date lies in `period`
 * ([from, to], inclusive, YYYY-MM-DD). Drafts and cancelled tasks never count. `asOf` is the day the
 * measurement is taken (Beijing date); deadlines after it have not passed yet. Each answers
 * `{ value, numerator, denominator, definition }`, value in percent (one decimal) or a count, and null when
 * there is nothing to measure — so a score can always be explained by the numbers behind it.
 */

export interface MetricPeriod {
  from: string;
  to: string;
}

/** A timestamp (UTC ISO) is on or before a Beijing date when it is before that date's end, 16:00 UTC. */
const endOfLocalDay = (dateCol: string) => sql<string>`${sql.ref(dateCol)} || 'T16:00:00.000Z'`;

async function orgPath(db: Kysely<DB>, orgId: number): Promise<string> {
  const org = await db.selectFrom('orgs').select('path').where('id', '=', orgId).executeTakeFirst();
  if (!org) {
    throw notFound('organisation');
  }
  return org.path;
}

function scoped(db: Kysely<DB>, path: string, period: MetricPeriod) {
  return db
    .selectFrom('tasks as t')
    .innerJoin('orgs as o', 'o.id', 't.org_id')
    .where('o.path', '>=', path)
    .where('o.path', '<', prefixEnd(path))
    .where('t.status', 'not in', ['draft', 'cancelled'])
    .where('t.due_on', '>=', period.from)
    .where('t.due_on', '<=', period.to);
}

function rate(numerator: number, denominator: number, definition: string): MetricValue {
  return { value: denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 10, numerator, denominator, definition };
}

async function numDen(
  q: ReturnType<typeof scoped>,
  numerator: ReturnType<typeof sql<number>>,
  denominatorFilter?: ReturnType<typeof sql<boolean>>,
): Promise<{ n: number; d: number }> {
  const r = await (denominatorFilter ? q.where(denominatorFilter) : q)
    .select([sql<number>`coalesce(sum(case when ${numerator} then 1 else 0 end), 0)`.as('n'), sql<number>`count(*)`.as('d')])
    .executeTakeFirstOrThrow();
  return { n: Number(r.n), d: Number(r.d) };
}

/**
 * 任务分解率 (decomposition rate): of the tasks the subtree RECEIVED (issued down or decomposed to it: they have a
 * parent task) at the levels that are meant to be split further (重大事项, 年度指标, 具体实施 — not 子项),
 * the share that have been decomposed, i.e. have at least one child that is neither a draft nor cancelled.
 */
export async function decompositionRate(db: Kysely<DB>, orgId: number, period: MetricPeriod): Promise<MetricValue> {
  const path = await orgPath(db, orgId);
  const { n, d } = await numDen(
    scoped(db, path, period).where('t.parent_id', 'is not', null).where('t.level', '!=', 'subtask'),
    sql<number>`t.child_count > 0`,
  );
  return rate(n, d, '收到的非子项任务中已分解（有未取消的下级任务）的比例');
}

/**
 * 任务分解完成率 (decomposition completion rate): of the tasks the subtree RECEIVED through issue-down or
 * decomposition (they have a parent task), due in the period, the share verified (验收) or closed (销号) by
 * their issuer. This is the indicator the seed names: how much of what was handed down was actually done.
 */
export async function decompositionCompletionRate(db: Kysely<DB>, orgId: number, period: MetricPeriod): Promise<MetricValue> {
  const path = await orgPath(db, orgId);
  const { n, d } = await numDen(
    scoped(db, path, period).where('t.parent_id', 'is not', null),
    sql<number>`t.status in ('verified', 'closed')`,
  );
  return rate(n, d, '下达/分解到本组织及下级的任务中已验收或销号的比例（按截止日期在期间内统计）');
}

/**
 * 按期完成率 (on-time rate): of the tasks due in the period whose deadline has passed by `asOf` or which have been
 * reported, the share first reported (反馈) on or before the due date (Beijing time).
 */
export async function onTimeRate(db: Kysely<DB>, orgId: number, period: MetricPeriod, asOf: string): Promise<MetricValue> {
  const path = await orgPath(db, orgId);
  const { n, d } = await numDen(
    scoped(db, path, period).where((eb) => eb.or([eb('t.due_on', '<', asOf), eb('t.first_reported_at', 'is not', null)])),
    sql<number>`t.first_reported_at is not null and t.first_reported_at < ${endOfLocalDay('t.due_on')}`,
  );
  return rate(n, d, '截止日期在期间内且已到期或已反馈的任务中，首次反馈不晚于截止日期的比例');
}

/** 验收率 (verified rate): of all tasks due in the period, the share verified or closed. */
export async function verifiedRate(db: Kysely<DB>, orgId: number, period: MetricPeriod): Promise<MetricValue> {
  const path = await orgPath(db, orgId);
  const { n, d } = await numDen(scoped(db, path, period), sql<number>`t.status in ('verified', 'closed')`);
  return rate(n, d, '截止日期在期间内的任务中已验收或销号的比例');
}

/**
 * 逾期数 (overdue count): tasks due in the period, before `asOf`, still owed by the executor (issued, accepted,
 * in progress or returned). `value` is the count; the denominator is every task due in the period.
 */
export async function overdueCount(db: Kysely<DB>, orgId: number, period: MetricPeriod, asOf: string): Promise<MetricValue> {
  const path = await orgPath(db, orgId);
  const { n, d } = await numDen(
    scoped(db, path, period),
    sql<number>`t.status in ('issued', 'accepted', 'in_progress', 'returned') and t.due_on < ${asOf}`,
  );
  return { value: n, numerator: n, denominator: d, definition: '截止日期在期间内、已过截止日期仍未反馈的任务数' };
}

/**
 * 督办按期答复率 (supervision notices answered on time): of the 挂牌督办 notices on the subtree's tasks whose
 * answer date lies in the period and has passed by `asOf` (or which were answered), the share answered on or
 * before the answer date. Withdrawn notices do not count.
 */
export async function noticeOnTimeRate(db: Kysely<DB>, orgId: number, period: MetricPeriod, asOf: string): Promise<MetricValue> {
  const path = await orgPath(db, orgId);
  const r = await db
    .selectFrom('supervision_notices as n')
    .innerJoin('tasks as t', 't.id', 'n.task_id')
    .innerJoin('orgs as o', 'o.id', 't.org_id')
    .where('o.path', '>=', path)
    .where('o.path', '<', prefixEnd(path))
    .where('n.status', '!=', 'withdrawn')
    .where('n.answer_due_on', '>=', period.from)
    .where('n.answer_due_on', '<=', period.to)
    .where((eb) => eb.or([eb('n.answer_due_on', '<', asOf), eb('n.answered_at', 'is not', null)]))
    .select([
      sql<number>`coalesce(sum(case when n.answered_at is not null and n.answered_at < ${endOfLocalDay('n.answer_due_on')} then 1 else 0 end), 0)`.as(
        'n',
      ),
      sql<number>`count(*)`.as('d'),
    ])
    .executeTakeFirstOrThrow();
  return rate(Number(r.n), Number(r.d), '答复期限在期间内且已到期或已答复的挂牌督办通知中，按期答复的比例');
}

/** All task indicators for an organisation the actor may see (`GET /api/tasks/metrics`). */
export async function taskMetrics(ctx: AppContext, actor: Actor, q: TaskMetricsQuery): Promise<TaskMetrics> {
  if (q.from > q.to) {
    throw badRequest('The period starts after it ends.');
  }
  const db = ctx.database.db;
  await requireVisibleOrg(db, actor, q.orgId, TASK_READ_ROLES);
  const asOf = todayOf(ctx);
  const period = { from: q.from, to: q.to };
  const [a, b, c, d, e, f] = await Promise.all([
    decompositionRate(db, q.orgId, period),
    decompositionCompletionRate(db, q.orgId, period),
    onTimeRate(db, q.orgId, period, asOf),
    verifiedRate(db, q.orgId, period),
    overdueCount(db, q.orgId, period, asOf),
    noticeOnTimeRate(db, q.orgId, period, asOf),
  ]);
  return {
    orgId: q.orgId,
    from: q.from,
    to: q.to,
    asOf,
    decompositionRate: a,
    decompositionCompletionRate: b,
    onTimeRate: c,
    verifiedRate: d,
    overdueCount: e,
    noticeOnTimeRate: f,
  };
}

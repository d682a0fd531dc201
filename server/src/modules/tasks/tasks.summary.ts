import type { TaskSummary, TaskSummaryQuery } from '@guantong/shared';
import { sql } from 'kysely';
import type { Actor } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { taskListBase } from './tasks.service.js';

const OPEN = `t.status in ('issued', 'accepted', 'in_progress', 'returned')`;
const SUPERVISABLE = `t.status in ('issued', 'accepted', 'in_progress', 'reported', 'returned')`;

/** `coalesce(sum(case when <cond> then 1 else 0 end), 0)`: a portable conditional count. */
function countWhere(cond: string) {
  return sql<number | string>`coalesce(sum(case when ${sql.raw(cond)} then 1 else 0 end), 0)`;
}

/**
 * The traffic lights of a view in one grouped query over the same filter as the list (scope, view, filters):
 * how many are on track, due soon, overdue, escalated, stale, flagged, awaiting verification and done.
 */
export async function taskSummary(ctx: AppContext, actor: Actor, q: TaskSummaryQuery): Promise<TaskSummary> {
  const base = await taskListBase(ctx, actor, { ...q, page: 1, pageSize: 1, sort: 'dueOn', order: 'asc' });
  const r = await base
    .select([
      sql<number | string>`count(*)`.as('total'),
      countWhere(`t.status = 'draft'`).as('draft'),
      countWhere(OPEN).as('open'),
      countWhere(`${OPEN} and t.supervision_level = 'none'`).as('green'),
      countWhere(`${OPEN} and t.supervision_level = 'yellow'`).as('yellow'),
      countWhere(`${OPEN} and t.supervision_level = 'red'`).as('red'),
      countWhere(`${OPEN} and t.escalated_at is not null`).as('escalated'),
      countWhere(`${OPEN} and t.stale_since is not null`).as('stale'),
      countWhere(`${SUPERVISABLE} and t.flagged = 1`).as('flagged'),
      countWhere(`t.status = 'reported'`).as('reported'),
      countWhere(`t.status in ('verified', 'closed')`).as('done'),
    ])
    .executeTakeFirstOrThrow();
  return {
    total: Number(r.total),
    draft: Number(r.draft),
    open: Number(r.open),
    green: Number(r.green),
    yellow: Number(r.yellow),
    red: Number(r.red),
    escalated: Number(r.escalated),
    stale: Number(r.stale),
    flagged: Number(r.flagged),
    reported: Number(r.reported),
    done: Number(r.done),
  };
}

import type { TaskStatus } from '@guantong/shared';
import type { Insertable } from 'kysely';
import { SYSTEM_ACTOR } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { notify } from '../notifications/notifications.service.js';
import { addDays, earlier, later, localDateOf, periodsBetween } from './tasks.dates.js';
import { executorsOf } from './tasks.people.js';
import { insertEvents, lockTask } from './tasks.repository.js';
import { nextLevel, refreshRollup, supervisionLevelFor, todayOf } from './tasks.service.js';
import { loadTaskSettings } from './tasks.settings.js';
import type { TasksTable } from './tasks.tables.js';

const LIVE: TaskStatus[] = ['issued', 'accepted', 'in_progress'];

/**
 * Generates the occurrences of recurring tasks (monthly / quarterly) ahead of time: for each live recurring task
 * that executes itself (one that was issued down to other organisations leaves it to its children, which carry
 * the recurrence), every period that starts within `recurrenceAheadDays` and falls in the task's span
 * [start_on or issue date, due_on] becomes a child `issued` to the same organisation and person, due at the
 * period's end. Idempotent: (source, period) is unique.
 */
export async function generateRecurringTasks(ctx: AppContext): Promise<{ templates: number; created: number }> {
  const db = ctx.database.db;
  const settings = await loadTaskSettings(db);
  const today = todayOf(ctx);
  const horizon = addDays(today, settings.recurrenceAheadDays);
  const templates = await db
    .selectFrom('tasks')
    .selectAll()
    .where('recurrence', 'in', ['monthly', 'quarterly'])
    .where('status', 'in', LIVE)
    .orderBy('id')
    .execute();
  let created = 0;
  for (const t of templates) {
    if (t.recurrence === 'none') {
      continue;
    }
    const delegated = await db
      .selectFrom('tasks')
      .select('id')
      .where('parent_id', '=', t.id)
      .where('recurrence_source_id', 'is', null)
      .where('org_id', '!=', t.org_id)
      .limit(1)
      .executeTakeFirst();
    if (delegated) {
      continue;
    }
    const from = t.start_on ?? localDateOf(t.issued_at ?? t.created_at);
    const to = earlier(t.due_on, horizon);
    if (from > to) {
      continue;
    }
    const existing = new Set(
      (await db.selectFrom('tasks').select('recurrence_period').where('recurrence_source_id', '=', t.id).execute()).map(
        (r) => r.recurrence_period,
      ),
    );
    const periods = periodsBetween(t.recurrence, from, to).filter((p) => !existing.has(p.key));
    if (periods.length === 0) {
      continue;
    }
    const freq = t.recurrence;
    await db.transaction().execute(async (trx) => {
      await lockTask(trx, ctx.database.dialect, t.id);
      const now = ctx.clock().toISOString();
      const links = await trx.selectFrom('task_framework_nodes').select(['node_id', 'lineage_id']).where('task_id', '=', t.id).execute();
      const made: Array<{ id: number; period: string }> = [];
      for (const p of periods) {
        const due = earlier(p.end, t.due_on);
        const values: Insertable<TasksTable> = {
          level: nextLevel(t.level),
          parent_id: t.id,
          root_id: t.root_id ?? t.id,
          depth: t.depth + 1,
          title: `${t.title}（${p.label}）`,
          description: t.description,
          org_id: t.org_id,
          issuer_org_id: t.issuer_org_id,
          issuer_user_id: t.issuer_user_id,
          created_by: null,
          responsible_user_id: t.responsible_user_id,
          responsibility_kind: t.responsibility_kind,
          priority: t.priority,
          start_on: later(p.start, from),
          due_on: due,
          target_value: null,
          target_unit: null,
          target_actual: null,
          weight: 1,
          status: 'issued',
          issued_at: now,
          last_update_at: now,
          supervision_level: supervisionLevelFor('issued', due, today, settings.yellowDays),
          recurrence: 'none',
          recurrence_source_id: t.id,
          recurrence_period: p.key,
          created_at: now,
          updated_at: now,
        };
        const row = await trx
          .insertInto('tasks')
          .values(values)
          .onConflict((oc) => oc.columns(['recurrence_source_id', 'recurrence_period']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!row) {
          continue;
        }
        made.push({ id: row.id, period: p.key });
        if (links.length > 0) {
          await trx
            .insertInto('task_framework_nodes')
            .values(
              links.map((l) => ({
                task_id: row.id,
                node_id: l.node_id,
                lineage_id: l.lineage_id,
                org_id: t.org_id,
                status: 'issued' as const,
                due_on: due,
              })),
            )
            .execute();
        }
      }
      if (made.length === 0) {
        return;
      }
      const ids = made.map((m) => m.id);
      await insertEvents(
        trx,
        made.map((m) => ({
          task_id: m.id,
          at: now,
          actor_id: null,
          actor_name: 'system',
          kind: 'occurrence_created' as const,
          from_status: null,
          to_status: 'issued' as const,
          text: null,
          progress: null,
          data: JSON.stringify({ source: t.id, period: m.period, freq }),
        })),
      );
      await audit(
        trx,
        SYSTEM_ACTOR,
        {
          action: 'task.occurrences_created',
          entityType: 'task',
          entityId: t.id,
          note: { child_ids: ids, periods: made.map((m) => m.period) },
        },
        ctx.clock,
      );
      await refreshRollup(trx, ctx, t.id);
      const execs = (await executorsOf(trx, [t])).get(t.id) ?? [];
      await notify(
        trx,
        ctx,
        ids.flatMap((id) =>
          execs.map((userId) => ({
            userId,
            kind: 'assigned' as const,
            title: `周期任务：${t.title}`,
            body: '新一期任务已生成，请签收并按期反馈。',
            link: `/tasks/${id}`,
            entityType: 'task',
            entityId: id,
            dedupeKey: `assigned:${id}:${userId}`,
          })),
        ),
      );
      created += ids.length;
    });
  }
  return { templates: templates.length, created };
}

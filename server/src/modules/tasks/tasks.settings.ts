import type { TaskSettings, TaskSettingsUpdate } from '@guantong/shared';
import type { Kysely } from 'kysely';
import { type Actor, requireRole } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { DB } from '../../db/schema.js';
import { SETTINGS_ROLES } from './tasks.policy.js';

/** Defaults: yellow 3 days before the due date, escalate after 7 days overdue, stale after 14 days. */
export const DEFAULT_TASK_SETTINGS: TaskSettings = { yellowDays: 3, escalationDays: 7, staleDays: 14, recurrenceAheadDays: 31 };

/** The thresholds in force (stored values over the defaults). */
export async function loadTaskSettings(db: Kysely<DB>): Promise<TaskSettings> {
  const rows = await db.selectFrom('task_settings').select(['key', 'value']).execute();
  const out: TaskSettings = { ...DEFAULT_TASK_SETTINGS };
  for (const r of rows) {
    if (r.key in out) {
      const v = Number(JSON.parse(r.value));
      if (Number.isFinite(v)) {
        out[r.key as keyof TaskSettings] = v;
      }
    }
  }
  return out;
}

export async function getTaskSettings(ctx: AppContext, _actor: Actor): Promise<TaskSettings> {
  return loadTaskSettings(ctx.database.db);
}

/** Changes thresholds (sysadmin, or org_admin at a top organisation); audited. */
export async function updateTaskSettings(ctx: AppContext, actor: Actor, input: TaskSettingsUpdate): Promise<TaskSettings> {
  requireRole(actor, SETTINGS_ROLES);
  const isTop = actor.grants.some(
    (g) => g.role === 'sysadmin' || (g.role === 'org_admin' && g.orgPath.split('/').filter(Boolean).length === 1),
  );
  if (!isTop) {
    requireRole(actor, ['sysadmin']);
  }
  const db = ctx.database.db;
  const before = await loadTaskSettings(db);
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const [key, value] of Object.entries(input)) {
      if (value === undefined) {
        continue;
      }
      await trx
        .insertInto('task_settings')
        .values({ key, value: JSON.stringify(value), updated_at: now, updated_by: actor.userId })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value), updated_at: now, updated_by: actor.userId }))
        .execute();
    }
    await audit(
      trx,
      actor,
      { action: 'task_settings.updated', entityType: 'task_settings', entityId: 'tasks', before, after: { ...before, ...input } },
      ctx.clock,
    );
  });
  return loadTaskSettings(db);
}

import type { Resolution, ResolutionCreateInput, ResolutionTaskInput } from '@guantong/shared';
import { taskCreateSchema } from '@guantong/shared';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, forbidden, invalidState, notFound } from '../../core/errors.js';
import type { DB } from '../../db/schema.js';
import { decisionsOfResolutions } from '../decisions/decisions.service.js';
import { createTask } from '../tasks/tasks.service.js';
import { registerTaskSourceProvider } from '../tasks/tasks.sources.js';
import { loadVisibleMeeting } from './meetings.access.js';
import { canWritePath } from './meetings.policy.js';

/** The task-engine source type of a task created from a meeting resolution (the task page links back). */
export const RESOLUTION_SOURCE = 'meeting_resolution';

/** Registers how the task engine names a resolution ("会议决议：…") and links it (the meeting page). */
export function registerResolutionSource(): void {
  registerTaskSourceProvider(RESOLUTION_SOURCE, async (db, ids) => {
    const out = new Map<number, { title: string; href: string }>();
    for (let i = 0; i < ids.length; i += 1000) {
      const rows = await db
        .selectFrom('meeting_resolutions as r')
        .innerJoin('meetings as m', 'm.id', 'r.meeting_id')
        .select(['r.id', 'r.text', 'm.id as meeting_id', 'm.title', 'm.meeting_date'])
        .where('r.id', 'in', ids.slice(i, i + 1000))
        .execute();
      for (const r of rows) {
        const text = r.text.length > 40 ? `${r.text.slice(0, 40)}…` : r.text;
        out.set(r.id, { title: `${r.title}（${r.meeting_date}）决议：${text}`, href: `/meetings/${r.meeting_id}` });
      }
    }
    return out;
  });
}

/** A meeting's resolutions with their task (title, status, due date) and decision item when one was created. */
export async function loadResolutions(db: Kysely<DB>, meetingId: number): Promise<Resolution[]> {
  const rows = await db
    .selectFrom('meeting_resolutions as r')
    .leftJoin('tasks as t', 't.id', 'r.task_id')
    .select([
      'r.id',
      'r.position',
      'r.agenda_item_id',
      'r.text',
      'r.task_id',
      'r.decision_id',
      'r.created_at',
      't.title as task_title',
      't.status as task_status',
      't.due_on as task_due',
    ])
    .where('r.meeting_id', '=', meetingId)
    .orderBy('r.position')
    .execute();
  const decisions = await decisionsOfResolutions(
    db,
    rows.filter((r) => r.decision_id !== null).map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    position: r.position,
    agendaItemId: r.agenda_item_id,
    text: r.text,
    task: r.task_id === null ? null : { id: r.task_id, title: r.task_title ?? '', status: r.task_status ?? '', dueOn: r.task_due ?? '' },
    decisionId: r.decision_id,
    decision: decisions.get(r.id) ?? null,
    createdAt: r.created_at,
  }));
}

async function loadMeetingForWrite(ctx: AppContext, actor: Actor, meetingId: number) {
  const row = await loadVisibleMeeting(ctx, actor, meetingId);
  if (!canWritePath(actor, row.org_path)) {
    throw forbidden('Only the organisation’s secretary or administrators may record resolutions.');
  }
  if (row.status === 'cancelled') {
    throw invalidState('A cancelled meeting has no resolutions.');
  }
  return row;
}

/** Adds a resolution (决议) to a meeting, optionally under one of its agenda items; audited. */
export async function createResolution(ctx: AppContext, actor: Actor, meetingId: number, input: ResolutionCreateInput): Promise<void> {
  const db = ctx.database.db;
  await loadMeetingForWrite(ctx, actor, meetingId);
  if (input.agendaItemId) {
    const item = await db
      .selectFrom('meeting_agenda_items')
      .select('id')
      .where('id', '=', input.agendaItemId)
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    if (!item) {
      throw new AppError('VALIDATION_FAILED', 400, 'The agenda item is not part of this meeting.', [
        { path: 'agendaItemId', message: 'not in this meeting' },
      ]);
    }
  }
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('meeting_resolutions')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('meeting_id', '=', meetingId)
      .executeTakeFirst();
    const values = {
      meeting_id: meetingId,
      agenda_item_id: input.agendaItemId ?? null,
      position: Number(last?.p ?? 0) + 1,
      text: input.text,
      task_id: null,
      decision_id: null,
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    };
    const row = await trx.insertInto('meeting_resolutions').values(values).returning('id').executeTakeFirstOrThrow();
    await audit(
      trx,
      actor,
      { action: 'meeting.resolution_created', entityType: 'meeting_resolution', entityId: row.id, after: values },
      ctx.clock,
    );
  });
}

async function loadResolution(db: Kysely<DB>, meetingId: number, resolutionId: number) {
  const r = await db
    .selectFrom('meeting_resolutions')
    .selectAll()
    .where('id', '=', resolutionId)
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst();
  if (!r) {
    throw notFound('resolution');
  }
  return r;
}

/** Removes a resolution that has no task or decision yet; audited. */
export async function deleteResolution(ctx: AppContext, actor: Actor, meetingId: number, resolutionId: number): Promise<void> {
  const db = ctx.database.db;
  await loadMeetingForWrite(ctx, actor, meetingId);
  const r = await loadResolution(db, meetingId, resolutionId);
  if (r.task_id !== null || r.decision_id !== null) {
    throw invalidState('The resolution is linked to a task or decision item.');
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('meeting_resolutions').where('id', '=', resolutionId).execute();
    await audit(
      trx,
      actor,
      { action: 'meeting.resolution_deleted', entityType: 'meeting_resolution', entityId: resolutionId, before: r },
      ctx.clock,
    );
  });
}

/**
 * Turns a resolution into a task through the task engine (a draft top task of the meeting's organisation, whose
 * `source` is the resolution), and links the resolution to it: the task page shows where it came from, the
 * meeting page shows the task and its status. One task per resolution.
 */
export async function createTaskFromResolution(
  ctx: AppContext,
  actor: Actor,
  meetingId: number,
  resolutionId: number,
  input: ResolutionTaskInput,
): Promise<void> {
  const db = ctx.database.db;
  const meeting = await loadMeetingForWrite(ctx, actor, meetingId);
  const r = await loadResolution(db, meetingId, resolutionId);
  if (r.task_id !== null) {
    throw invalidState('A task was already created for this resolution.');
  }
  const title = input.title ?? (r.text.length > 120 ? `${r.text.slice(0, 120)}…` : r.text);
  const task = await createTask(
    ctx,
    actor,
    taskCreateSchema.parse({
      level: input.level,
      title,
      description: `${meeting.title} 决议：${r.text}`,
      orgId: meeting.org_id,
      responsibleUserId: input.responsibleUserId ?? null,
      responsibilityKind: input.responsibilityKind,
      dueOn: input.dueOn,
    }),
    { source: { type: RESOLUTION_SOURCE, id: resolutionId } },
  );
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('meeting_resolutions')
      .set({ task_id: task.id, updated_at: now })
      .where('id', '=', resolutionId)
      .where('task_id', 'is', null)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      throw invalidState('A task was already created for this resolution.');
    }
    await audit(
      trx,
      actor,
      {
        action: 'meeting.resolution_task_created',
        entityType: 'meeting_resolution',
        entityId: resolutionId,
        before: { task_id: null },
        after: { task_id: task.id },
      },
      ctx.clock,
    );
  });
}

/** The resolution a task came from (for the task side of the link), or null. */
export async function resolutionOfTask(db: Kysely<DB>, taskId: number): Promise<{ meetingId: number; resolutionId: number } | null> {
  const r = await db.selectFrom('meeting_resolutions').select(['id', 'meeting_id']).where('task_id', '=', taskId).executeTakeFirst();
  return r ? { meetingId: r.meeting_id, resolutionId: r.id } : null;
}

import type { Task, TaskSource, TaskStatus } from '@guantong/shared';
import { TASK_OPEN_STATUSES } from '@guantong/shared';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../core/context.js';
import type { DB } from '../../db/schema.js';
import { joinedInOrder } from './tasks.repository.js';
import { round1 } from './tasks.rollup.js';
import { presentRows } from './tasks.service.js';

/**
 * The hook other modules use to create work through the task engine and follow it: a task may carry a `source`
 * (type + id of the record it follows up, e.g. a decision item or an adopted discussion answer). Children issued
 * down or decomposed from it belong to the same source through their top task (`root_id`). The owning module
 * registers how its records are named and linked, so the board and the task page show "from decision X".
 */

/** A source as stored on a task. */
export interface TaskSourceLink {
  type: string;
  id: number;
}

/** Names and links of a module's records by id (only those that exist). */
export type TaskSourceProvider = (db: Kysely<DB>, ids: number[]) => Promise<Map<number, { title: string; href: string }>>;

const providers = new Map<string, TaskSourceProvider>();

/** A module declares a source type it creates tasks for, with how its records are named. */
export function registerTaskSourceProvider(type: string, provider: TaskSourceProvider): void {
  providers.set(type, provider);
}

interface SourceRowFacts {
  id: number;
  root_id: number | null;
  source_type: string | null;
  source_id: number | null;
}

/** The source of each task (its own, else its top task's), named by the owning module; tasks without one are absent. */
export async function sourcesOfTasks(db: Kysely<DB>, rows: SourceRowFacts[]): Promise<Map<number, TaskSource>> {
  const out = new Map<number, TaskSource>();
  if (rows.length === 0) {
    return out;
  }
  const link = new Map<number, TaskSourceLink>();
  const needRoot = new Set<number>();
  for (const r of rows) {
    if (r.source_type !== null && r.source_id !== null) {
      link.set(r.id, { type: r.source_type, id: r.source_id });
    } else if (r.root_id !== null && r.root_id !== r.id) {
      needRoot.add(r.root_id);
    }
  }
  if (needRoot.size > 0) {
    const roots = new Map<number, TaskSourceLink>();
    const ids = [...needRoot];
    for (let i = 0; i < ids.length; i += 1000) {
      const found = await db
        .selectFrom('tasks')
        .select(['id', 'source_type', 'source_id'])
        .where('id', 'in', ids.slice(i, i + 1000))
        .where('source_type', 'is not', null)
        .execute();
      for (const f of found) {
        if (f.source_type !== null && f.source_id !== null) {
          roots.set(f.id, { type: f.source_type, id: f.source_id });
        }
      }
    }
    for (const r of rows) {
      const root = r.root_id !== null ? roots.get(r.root_id) : undefined;
      if (!link.has(r.id) && root) {
        link.set(r.id, root);
      }
    }
  }
  const byType = new Map<string, Set<number>>();
  for (const l of link.values()) {
    const set = byType.get(l.type) ?? new Set<number>();
    set.add(l.id);
    byType.set(l.type, set);
  }
  const named = new Map<string, Map<number, { title: string; href: string }>>();
  for (const [type, ids] of byType) {
    const provider = providers.get(type);
    named.set(type, provider ? await provider(db, [...ids]) : new Map());
  }
  for (const [taskId, l] of link) {
    const n = named.get(l.type)?.get(l.id);
    if (n) {
      out.set(taskId, { type: l.type, id: l.id, title: n.title, href: n.href });
    }
  }
  return out;
}

/** Roll-up of the tasks a record created (its follow-ups), cancelled ones left out. */
export interface SourceRollup {
  total: number;
  open: number;
  reported: number;
  verified: number;
  overdue: number;
  progress: number;
  verifiedCompletion: number;
  nextDueOn: string | null;
}

/** An empty roll-up (a record without tasks). */
export function emptySourceRollup(): SourceRollup {
  return { total: 0, open: 0, reported: 0, verified: 0, overdue: 0, progress: 0, verifiedCompletion: 0, nextDueOn: null };
}

const OPEN = TASK_OPEN_STATUSES as readonly TaskStatus[];

/**
 * The roll-up of the tasks created for each record of a type (direct links, i.e. the top tasks; their own
 * roll-up already covers their children): counts by state, overdue (open and due before `today`), mean progress
 * and mean verified completion, the next due date. One grouped query.
 */
export async function sourceRollups(db: Kysely<DB>, type: string, ids: number[], today: string): Promise<Map<number, SourceRollup>> {
  const out = new Map<number, SourceRollup>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await db
      .selectFrom('tasks')
      .select((eb) => [
        'source_id',
        eb.fn.countAll<number>().as('total'),
        eb.fn.sum<number>(eb.case().when('status', 'in', OPEN).then(1).else(0).end()).as('open'),
        eb.fn.sum<number>(eb.case().when('status', '=', 'reported').then(1).else(0).end()).as('reported'),
        eb.fn.sum<number>(eb.case().when('status', 'in', ['verified', 'closed']).then(1).else(0).end()).as('verified'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb('status', 'in', OPEN), eb('due_on', '<', today)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('overdue'),
        eb.fn.avg<number>('progress_effective').as('progress'),
        eb.fn.avg<number>('verified_effective').as('verified_completion'),
        eb.fn.min<string>(eb.case().when('status', 'in', OPEN).then(eb.ref('due_on')).end()).as('next_due_on'),
      ])
      .where('source_type', '=', type)
      .where('source_id', 'in', unique.slice(i, i + 1000))
      .where('status', 'not in', ['cancelled', 'draft'])
      .groupBy('source_id')
      .execute();
    for (const r of rows) {
      if (r.source_id === null) {
        continue;
      }
      out.set(r.source_id, {
        total: Number(r.total),
        open: Number(r.open ?? 0),
        reported: Number(r.reported ?? 0),
        verified: Number(r.verified ?? 0),
        overdue: Number(r.overdue ?? 0),
        progress: round1(Number(r.progress ?? 0)),
        verifiedCompletion: round1(Number(r.verified_completion ?? 0)),
        nextDueOn: r.next_due_on ?? null,
      });
    }
  }
  return out;
}

/** Ids of the (top) tasks created for a record, oldest first; drafts and cancelled ones included for the record's page. */
export async function taskIdsOfSource(db: Kysely<DB>, type: string, id: number, limit = 200): Promise<number[]> {
  const rows = await db
    .selectFrom('tasks')
    .select('id')
    .where('source_type', '=', type)
    .where('source_id', '=', id)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * The (top) tasks created for a record, presented as the task engine shows them (for the record's own page; the
 * record's visibility has been checked by its module), oldest first.
 */
export async function tasksOfSource(ctx: AppContext, type: string, id: number, limit = 200): Promise<Task[]> {
  const ids = await taskIdsOfSource(ctx.database.db, type, id, limit);
  return presentRows(ctx, await joinedInOrder(ctx.database.db, ids));
}

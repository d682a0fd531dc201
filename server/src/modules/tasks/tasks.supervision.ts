import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type {
  DigestSection,
  NoticeAnswerInput,
  NoticeListQuery,
  SupervisionNotice,
  TaskDetail,
  TaskFlagInput,
  TaskReasonInput,
  TaskStatus,
} from '@guantong/shared';
import { TASK_OPEN_STATUSES } from '@guantong/shared';
import { type Kysely, sql, type Updateable } from 'kysely';
import { type Actor, requireVisibleOrg, SYSTEM_ACTOR, scopeFor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidState, notFound } from '../../core/errors.js';
import { type Page, paginate } from '../../core/paging.js';
import type { DB } from '../../db/schema.js';
import { filesByIds, requireOwnedFiles } from '../files/files.service.js';
import type { NotificationDraft } from '../notifications/notifications.channels.js';
import { notify } from '../notifications/notifications.service.js';
import { addDays, daysBetween, isRealDate } from './tasks.dates.js';
import { executorsOf, issuersOf } from './tasks.people.js';
import { TASK_READ_ROLES } from './tasks.policy.js';
import { attachmentIds, presentNotice } from './tasks.presenter.js';
import {
  findNotice,
  findTaskRow,
  inScope,
  insertEvents,
  insertNotice,
  lockTask,
  type NoticeJoinedRow,
  noticeBase,
  pathUnder,
  selectNoticeColumns,
  updateTask,
  usersWithRoleAt,
} from './tasks.repository.js';
import { getTaskDetail, loadVisibleTask, TASK_FILE_OWNER, todayOf } from './tasks.service.js';
import { loadTaskSettings } from './tasks.settings.js';
import type { TasksTable } from './tasks.tables.js';
import { assertTransition } from './tasks.workflow.js';

const OPEN: readonly TaskStatus[] = TASK_OPEN_STATUSES;

// ---------------------------------------------------------------------------------------------- 挂牌督办

/** 挂牌督办: a leader (or org_admin above the task) flags an open task and issues a notice to answer by a date. */
export async function flagTask(ctx: AppContext, actor: Actor, id: number, input: TaskFlagInput): Promise<TaskDetail> {
  const db = ctx.database.db;
  const { row, sides } = await loadVisibleTask(ctx, actor, id);
  assertTransition('flag', row.status, sides);
  if (!isRealDate(input.answerDueOn) || input.answerDueOn < todayOf(ctx)) {
    throw new AppError('VALIDATION_FAILED', 400, 'The answer date must be today or later.', [
      { path: 'answerDueOn', message: 'in the past' },
    ]);
  }
  await db.transaction().execute(async (trx) => {
    await lockTask(trx, ctx.database.dialect, id);
    const fresh = await findTaskRow(trx, id);
    if (!fresh) {
      throw notFound('task');
    }
    assertTransition('flag', fresh.status, sides);
    if (fresh.flagged === 1) {
      throw invalidState('The task is already under flagged supervision.');
    }
    const now = ctx.clock().toISOString();
    await updateTask(trx, id, { flagged: 1, flagged_at: now, flagged_by: actor.userId, updated_at: now });
    const notice = await insertNotice(trx, {
      task_id: id,
      issued_by: actor.userId,
      issued_at: now,
      text: input.text,
      answer_due_on: input.answerDueOn,
      status: 'open',
      answer_text: null,
      answered_at: null,
      answered_by: null,
    });
    await insertEvents(trx, [
      {
        task_id: id,
        at: now,
        actor_id: actor.userId,
        actor_name: actor.displayName,
        kind: 'flagged',
        from_status: fresh.status,
        to_status: fresh.status,
        text: input.text,
        progress: null,
        data: JSON.stringify({ noticeId: notice.id, answerDueOn: input.answerDueOn }),
      },
    ]);
    await audit(
      trx,
      actor,
      {
        action: 'task.flag',
        entityType: 'task',
        entityId: id,
        before: { flagged: 0 },
        after: { flagged: 1 },
        note: { notice_id: notice.id, text: input.text, answer_due_on: input.answerDueOn },
      },
      ctx.clock,
    );
    const users = (await executorsOf(trx, [fresh])).get(id) ?? [];
    await notify(
      trx,
      ctx,
      users.map((userId) => ({
        userId,
        kind: 'supervision_notice',
        title: `挂牌督办：${fresh.title}`,
        body: `${input.text}（请于 ${input.answerDueOn} 前答复）`,
        link: `/tasks/${id}`,
        entityType: 'task',
        entityId: id,
        dedupeKey: `notice:${notice.id}`,
      })),
    );
  });
  return getTaskDetail(ctx, actor, id);
}

/** Lifts 挂牌督办 with a reason; open notices are withdrawn. */
export async function unflagTask(ctx: AppContext, actor: Actor, id: number, input: TaskReasonInput): Promise<TaskDetail> {
  const db = ctx.database.db;
  const { row, sides } = await loadVisibleTask(ctx, actor, id);
  assertTransition('unflag', row.status, sides);
  await db.transaction().execute(async (trx) => {
    await lockTask(trx, ctx.database.dialect, id);
    const fresh = await findTaskRow(trx, id);
    if (fresh?.flagged !== 1) {
      throw invalidState('The task is not under flagged supervision.');
    }
    const now = ctx.clock().toISOString();
    await updateTask(trx, id, { flagged: 0, updated_at: now });
    await trx
      .updateTable('supervision_notices')
      .set({ status: 'withdrawn' })
      .where('task_id', '=', id)
      .where('status', '=', 'open')
      .execute();
    await insertEvents(trx, [
      {
        task_id: id,
        at: now,
        actor_id: actor.userId,
        actor_name: actor.displayName,
        kind: 'unflagged',
        from_status: fresh.status,
        to_status: fresh.status,
        text: input.reason,
        progress: null,
        data: null,
      },
    ]);
    await audit(
      trx,
      actor,
      {
        action: 'task.unflag',
        entityType: 'task',
        entityId: id,
        before: { flagged: 1 },
        after: { flagged: 0 },
        note: { reason: input.reason },
      },
      ctx.clock,
    );
  });
  return getTaskDetail(ctx, actor, id);
}

/** The executor answers a 督办 notice (text and evidence already uploaded to the task); the issuer is told. */
export async function answerNotice(ctx: AppContext, actor: Actor, noticeId: number, input: NoticeAnswerInput): Promise<SupervisionNotice> {
  const db = ctx.database.db;
  const notice = await findNotice(db, noticeId);
  if (!notice) {
    throw notFound('supervision notice');
  }
  const { row, sides } = await loadVisibleTask(ctx, actor, notice.task_id).catch(() => {
    throw notFound('supervision notice');
  });
  assertTransition('answer_notice', row.status, sides);
  if (input.fileIds.length > 0) {
    await requireOwnedFiles(db, TASK_FILE_OWNER, row.id, input.fileIds);
  }
  await db.transaction().execute(async (trx) => {
    const now = ctx.clock().toISOString();
    const res = await trx
      .updateTable('supervision_notices')
      .set({
        status: 'answered',
        answer_text: input.text,
        answer_files: JSON.stringify(input.fileIds),
        answered_at: now,
        answered_by: actor.userId,
      })
      .where('id', '=', noticeId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      throw invalidState('This notice is not open any more.');
    }
    await updateTask(trx, row.id, { last_update_at: now, stale_since: null, updated_at: now });
    await insertEvents(trx, [
      {
        task_id: row.id,
        at: now,
        actor_id: actor.userId,
        actor_name: actor.displayName,
        kind: 'notice_answered',
        from_status: row.status,
        to_status: row.status,
        text: input.text,
        progress: null,
        attachments: JSON.stringify(input.fileIds),
        data: JSON.stringify({ noticeId }),
      },
    ]);
    await audit(
      trx,
      actor,
      {
        action: 'supervision_notice.answered',
        entityType: 'supervision_notice',
        entityId: noticeId,
        before: { status: 'open' },
        after: { status: 'answered', answer_text: input.text, answer_files: input.fileIds },
      },
      ctx.clock,
    );
    if (notice.issued_by !== null && notice.issued_by !== actor.userId) {
      await notify(trx, ctx, [
        {
          userId: notice.issued_by,
          kind: 'notice_answered',
          title: `督办已答复：${row.title}`,
          body: input.text.slice(0, 200),
          link: `/tasks/${row.id}`,
          entityType: 'task',
          entityId: row.id,
          dedupeKey: `notice_answered:${noticeId}`,
        },
      ]);
    }
  });
  return getNotice(ctx, actor, noticeId);
}

async function presentNotices(ctx: AppContext, rows: NoticeJoinedRow[]): Promise<SupervisionNotice[]> {
  const files = await filesByIds(
    ctx.database.db,
    rows.flatMap((r) => attachmentIds(r.answer_files)),
  );
  const today = todayOf(ctx);
  return rows.map((r) => presentNotice(r, files, today));
}

/** One notice the actor may see (through its task). */
export async function getNotice(ctx: AppContext, actor: Actor, id: number): Promise<SupervisionNotice> {
  const row = (await selectNoticeColumns(noticeBase(ctx.database.db)).where('n.id', '=', id).executeTakeFirst()) as
    | NoticeJoinedRow
    | undefined;
  if (!row) {
    throw notFound('supervision notice');
  }
  await loadVisibleTask(ctx, actor, row.task_id).catch(() => {
    throw notFound('supervision notice');
  });
  const [n] = await presentNotices(ctx, [row]);
  return n;
}

/** 督办 notices in the actor's scope (leaders' board): open first, by answer date. */
export async function listNotices(ctx: AppContext, actor: Actor, q: NoticeListQuery): Promise<Page<SupervisionNotice>> {
  const db = ctx.database.db;
  const scope = scopeFor(actor, TASK_READ_ROLES);
  const today = todayOf(ctx);
  let base = noticeBase(db).where((eb) => inScope(eb, 'o.path', scope));
  if (q.orgId) {
    const org = await requireVisibleOrg(db, actor, q.orgId, TASK_READ_ROLES);
    base = base.where(() => pathUnder('o.path', org.path));
  }
  if (q.status) {
    base = base.where('n.status', '=', q.status);
  }
  if (q.taskId) {
    base = base.where('n.task_id', '=', q.taskId);
  }
  if (q.late === 'true') {
    base = base.where((eb) =>
      eb.or([
        eb.and([eb('n.status', '=', 'open'), eb('n.answer_due_on', '<', today)]),
        eb.and([eb('n.status', '=', 'answered'), eb('n.answered_at', '>', sql<string>`n.answer_due_on || 'T16:00:00.000Z'`)]),
      ]),
    );
  }
  const rows = selectNoticeColumns(base)
    .orderBy((eb) => eb.case().when('n.status', '=', 'open').then(0).else(1).end())
    .orderBy('n.answer_due_on')
    .orderBy('n.id');
  const page = await paginate(rows, base, q);
  return { items: await presentNotices(ctx, page.rows as NoticeJoinedRow[]), total: page.total, page: q.page, pageSize: q.pageSize };
}

// ---------------------------------------------------------------------------------------------- the scan

export interface SupervisionScanResult {
  today: string;
  scanned: number;
  yellow: number;
  red: number;
  cleared: number;
  escalated: number;
  stale: number;
  notified: number;
  batches: number;
  ms: number;
  /** The longest single batch (how long the event loop was held at most, on SQLite). */
  maxBatchMs: number;
}

interface ScanRow {
  id: number;
  title: string;
  status: TaskStatus;
  due_on: string;
  org_id: number;
  issuer_org_id: number;
  issuer_user_id: number | null;
  responsible_user_id: number | null;
  last_update_at: string | null;
  created_at: string;
}

const SCAN_COLUMNS = [
  'id',
  'title',
  'status',
  'due_on',
  'org_id',
  'issuer_org_id',
  'issuer_user_id',
  'responsible_user_id',
  'last_update_at',
  'created_at',
] as const;

/**
 * The supervision scan (督办), run by a job. Each step reads one candidate set from one index range, in batches,
 * and handles it in a short transaction of its own, yielding to the event loop between batches (a handled row
 * leaves its set, so the steady state reads almost nothing):
 * 1) red — open (issued / accepted / in progress / returned) and past due, executors not yet told: level red,
 *    "overdue" to the executors;
 * 2) yellow — open and due within N days, executors not yet told: level yellow, "due soon";
 * 3) yellow no longer due soon (the threshold shrank): level back to none;
 * 4) escalation — open and overdue by more than X days, not yet escalated: the parent organisation's secretary and
 *    the issuer are told, once;
 * 5) stale — in progress without children, not updated for N days: marked, the executors told.
 * Levels also change on every transition and edit (the service recomputes them), so the scan only has to follow
 * the calendar.
 */
export async function runSupervisionScan(ctx: AppContext, options: { batchSize?: number } = {}): Promise<SupervisionScanResult> {
  const started = performance.now();
  const db = ctx.database.db;
  const settings = await loadTaskSettings(db);
  const today = todayOf(ctx);
  const yellowLimit = addDays(today, settings.yellowDays);
  const escalateBefore = addDays(today, -settings.escalationDays);
  const staleBefore = new Date(ctx.clock().getTime() - settings.staleDays * 86_400_000).toISOString();
  const size = options.batchSize ?? 500;
  const out: SupervisionScanResult = {
    today,
    scanned: 0,
    yellow: 0,
    red: 0,
    cleared: 0,
    escalated: 0,
    stale: 0,
    notified: 0,
    batches: 0,
    ms: 0,
    maxBatchMs: 0,
  };

  /** Runs one step: fetch a batch, handle it, until the set is empty (or only rows already handled come back). */
  const step = async (fetch: () => Promise<ScanRow[]>, handle: (trx: Kysely<DB>, rows: ScanRow[]) => Promise<void>) => {
    const seen = new Set<number>();
    for (;;) {
      const t0 = performance.now();
      const rows = (await fetch()).filter((r) => !seen.has(r.id));
      if (rows.length === 0) {
        break;
      }
      for (const r of rows) {
        seen.add(r.id);
      }
      await db.transaction().execute((trx) => handle(trx, rows));
      out.scanned += rows.length;
      out.batches += 1;
      out.maxBatchMs = Math.max(out.maxBatchMs, performance.now() - t0);
      await yieldToLoop();
    }
  };

  // Each candidate query is an equality prefix plus one range on its index, ordered exactly like the index, so both
  // databases read exactly the rows that need work (PostgreSQL's planner cannot know how correlated status,
  // notification and due date are, and would otherwise scan the table).
  for (const status of OPEN) {
    for (const told of ['none', 'yellow'] as const) {
      await step(
        () =>
          db
            .selectFrom('tasks')
            .select(SCAN_COLUMNS)
            .where('status', '=', status)
            .where('supervision_notified', '=', told)
            .where('due_on', '<', today)
            .orderBy('status')
            .orderBy('supervision_notified')
            .orderBy('due_on')
            .limit(size)
            .execute(),
        async (trx, rows) => {
          await setLevel(trx, rows, 'red');
          out.red += rows.length;
          out.notified += await tellLevel(trx, ctx, rows, 'red');
        },
      );
    }
    await step(
      () =>
        db
          .selectFrom('tasks')
          .select(SCAN_COLUMNS)
          .where('status', '=', status)
          .where('supervision_notified', '=', 'none')
          .where('due_on', '>=', today)
          .where('due_on', '<=', yellowLimit)
          .orderBy('status')
          .orderBy('supervision_notified')
          .orderBy('due_on')
          .limit(size)
          .execute(),
      async (trx, rows) => {
        await setLevel(trx, rows, 'yellow');
        out.yellow += rows.length;
        out.notified += await tellLevel(trx, ctx, rows, 'yellow');
      },
    );
    await step(
      () =>
        db
          .selectFrom('tasks')
          .select(SCAN_COLUMNS)
          .where('status', '=', status)
          .where('escalated_at', 'is', null)
          .where('due_on', '<', escalateBefore)
          .orderBy('status')
          .orderBy('escalated_at')
          .orderBy('due_on')
          .limit(size)
          .execute(),
      async (trx, rows) => {
        out.notified += await escalate(trx, ctx, rows, today);
        out.escalated += rows.length;
      },
    );
  }
  await step(
    () =>
      db
        .selectFrom('tasks')
        .select(SCAN_COLUMNS)
        .where('supervision_level', '=', 'yellow')
        .where('due_on', '>', yellowLimit)
        .limit(size)
        .execute(),
    async (trx, rows) => {
      await updateIds(
        trx,
        rows.map((r) => r.id),
        { supervision_level: 'none', supervision_notified: 'none' },
      );
      out.cleared += rows.length;
    },
  );
  await step(
    () =>
      db
        .selectFrom('tasks')
        .select(SCAN_COLUMNS)
        .where('status', '=', 'in_progress')
        .where('stale_since', 'is', null)
        .where('last_update_at', '<', staleBefore)
        .where('child_count', '=', 0)
        .orderBy('status')
        .orderBy('stale_since')
        .orderBy('last_update_at')
        .limit(size)
        .execute(),
    async (trx, rows) => {
      out.notified += await markStale(trx, ctx, rows);
      out.stale += rows.length;
    },
  );
  out.ms = Math.round(performance.now() - started);
  out.maxBatchMs = Math.round(out.maxBatchMs);
  return out;
}

async function updateIds(trx: Kysely<DB>, ids: number[], patch: Updateable<TasksTable>): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await trx
      .updateTable('tasks')
      .set(patch)
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
  }
}

function setLevel(trx: Kysely<DB>, rows: ScanRow[], level: 'yellow' | 'red'): Promise<void> {
  return updateIds(
    trx,
    rows.map((r) => r.id),
    { supervision_level: level, supervision_notified: level },
  );
}

/** "Due soon" / "overdue" to each task's executors (once per level and due date, by the dedupe key). */
async function tellLevel(trx: Kysely<DB>, ctx: AppContext, rows: ScanRow[], level: 'yellow' | 'red'): Promise<number> {
  const execs = await executorsOf(trx, rows);
  const kind = level === 'red' ? 'overdue' : 'due_soon';
  return notify(
    trx,
    ctx,
    rows.flatMap((r) =>
      (execs.get(r.id) ?? []).map((userId) => ({
        userId,
        kind,
        title: level === 'red' ? `已逾期：${r.title}` : `即将到期：${r.title}`,
        body: `截止日期 ${r.due_on}`,
        link: `/tasks/${r.id}`,
        entityType: 'task',
        entityId: r.id,
        dedupeKey: `${kind}:${r.id}:${r.due_on}`,
      })),
    ),
  );
}

/** Escalation: the secretary of the owning organisation's parent and the issuer are told; recorded on the timeline. */
async function escalate(trx: Kysely<DB>, ctx: AppContext, rows: ScanRow[], today: string): Promise<number> {
  const nowIso = ctx.clock().toISOString();
  await updateIds(
    trx,
    rows.map((r) => r.id),
    { escalated_at: nowIso },
  );
  const orgs = await trx
    .selectFrom('orgs')
    .select(['id', 'parent_id'])
    .where('id', 'in', [...new Set(rows.map((r) => r.org_id))])
    .execute();
  const parentOf = new Map(orgs.map((o) => [o.id, o.parent_id]));
  const secretaries = await usersWithRoleAt(
    trx,
    orgs.map((o) => o.parent_id).filter((x): x is number => x !== null),
    ['secretary'],
  );
  const issuers = await issuersOf(trx, rows);
  const drafts: NotificationDraft[] = [];
  for (const r of rows) {
    const parent = parentOf.get(r.org_id);
    const users = new Set([...(parent ? (secretaries.get(parent) ?? []) : []), ...(issuers.get(r.id) ?? [])]);
    for (const userId of users) {
      drafts.push({
        userId,
        kind: 'escalated',
        title: `逾期升级督办：${r.title}`,
        body: `截止日期 ${r.due_on}，已逾期 ${daysBetween(r.due_on, today)} 天。`,
        link: `/tasks/${r.id}`,
        entityType: 'task',
        entityId: r.id,
        dedupeKey: `escalated:${r.id}`,
      });
    }
  }
  await insertEvents(
    trx,
    rows.map((r) => systemEvent(r, 'escalated', nowIso, '逾期超过期限，已通知上级组织书记和下达人', { dueOn: r.due_on })),
  );
  return notify(trx, ctx, drafts);
}

/** Marks in-progress tasks as not updated for too long and tells their executors. */
async function markStale(trx: Kysely<DB>, ctx: AppContext, rows: ScanRow[]): Promise<number> {
  const nowIso = ctx.clock().toISOString();
  await updateIds(
    trx,
    rows.map((r) => r.id),
    { stale_since: nowIso },
  );
  const execs = await executorsOf(trx, rows);
  await insertEvents(
    trx,
    rows.map((r) => systemEvent(r, 'stale', nowIso, '执行中任务长时间未更新', { lastUpdateAt: r.last_update_at })),
  );
  return notify(
    trx,
    ctx,
    rows.flatMap((r) =>
      (execs.get(r.id) ?? []).map((userId) => ({
        userId,
        kind: 'stale' as const,
        title: `长时间未更新：${r.title}`,
        body: `最近更新 ${(r.last_update_at ?? r.created_at).slice(0, 10)}，请反馈进展。`,
        link: `/tasks/${r.id}`,
        entityType: 'task',
        entityId: r.id,
        dedupeKey: `stale:${r.id}:${r.last_update_at ?? r.created_at}`,
      })),
    ),
  );
}

function systemEvent(r: ScanRow, kind: 'escalated' | 'stale', at: string, text: string, data: Record<string, unknown>) {
  return {
    task_id: r.id,
    at,
    actor_id: SYSTEM_ACTOR.userId,
    actor_name: 'system',
    kind,
    from_status: r.status,
    to_status: r.status,
    text,
    progress: null,
    data: JSON.stringify(data),
  };
}

// ---------------------------------------------------------------------------------------------- digest

interface DigestItem {
  id: number;
  title: string;
  dueOn: string | null;
}

function addItem(map: Map<number, Map<string, DigestItem[]>>, userId: number, key: string, item: DigestItem): void {
  let sections = map.get(userId);
  if (!sections) {
    sections = new Map();
    map.set(userId, sections);
  }
  const list = sections.get(key) ?? [];
  list.push(item);
  sections.set(key, list);
}

const SECTION_LABELS: Record<string, string> = {
  overdue: '已逾期',
  due_soon: '即将到期',
  to_verify: '待验收',
  notices: '督办通知待答复',
  stale: '长时间未更新',
};

/**
 * The tasks part of each person's daily digest: their overdue, due-soon and stale tasks (as executor), reports
 * waiting for their verification (as issuer), and 督办 notices they have not answered. Scans in id batches.
 */
export async function taskDigestSections(ctx: AppContext): Promise<Map<number, DigestSection[]>> {
  const db = ctx.database.db;
  const perUser = new Map<number, Map<string, DigestItem[]>>();
  let lastId = 0;
  for (;;) {
    const rows = await db
      .selectFrom('tasks')
      .select([
        'id',
        'title',
        'due_on',
        'status',
        'org_id',
        'issuer_org_id',
        'issuer_user_id',
        'responsible_user_id',
        'supervision_level',
        'stale_since',
      ])
      .where('id', '>', lastId)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', 'in', [...OPEN]), eb.or([eb('supervision_level', '!=', 'none'), eb('stale_since', 'is not', null)])]),
          eb('status', '=', 'reported'),
        ]),
      )
      .orderBy('id')
      .limit(5000)
      .execute();
    if (rows.length === 0) {
      break;
    }
    lastId = rows[rows.length - 1].id;
    const execRows = rows.filter((r) => r.status !== 'reported');
    const execs = await executorsOf(db, execRows);
    const issuers = await issuersOf(
      db,
      rows.filter((r) => r.status === 'reported'),
    );
    for (const r of execRows) {
      const key = r.supervision_level === 'red' ? 'overdue' : r.supervision_level === 'yellow' ? 'due_soon' : 'stale';
      for (const u of execs.get(r.id) ?? []) {
        addItem(perUser, u, key, { id: r.id, title: r.title, dueOn: r.due_on });
      }
    }
    for (const r of rows.filter((x) => x.status === 'reported')) {
      for (const u of issuers.get(r.id) ?? []) {
        addItem(perUser, u, 'to_verify', { id: r.id, title: r.title, dueOn: r.due_on });
      }
    }
    await yieldToLoop();
  }
  const notices = await db
    .selectFrom('supervision_notices as n')
    .innerJoin('tasks as t', 't.id', 'n.task_id')
    .select(['n.id as notice_id', 'n.answer_due_on', 't.id', 't.title', 't.org_id', 't.responsible_user_id'])
    .where('n.status', '=', 'open')
    .execute();
  const noticeExecs = await executorsOf(db, notices);
  for (const n of notices) {
    for (const u of noticeExecs.get(n.id) ?? []) {
      addItem(perUser, u, 'notices', { id: n.id, title: n.title, dueOn: n.answer_due_on });
    }
  }
  const out = new Map<number, DigestSection[]>();
  for (const [userId, sections] of perUser) {
    out.set(
      userId,
      Object.keys(SECTION_LABELS)
        .filter((k) => sections.has(k))
        .map((key) => {
          const items = (sections.get(key) ?? []).sort((a, b) => (a.dueOn ?? '').localeCompare(b.dueOn ?? ''));
          return {
            key,
            label: SECTION_LABELS[key],
            count: items.length,
            items: items.slice(0, 5).map((i) => ({ ...i, link: `/tasks/${i.id}` })),
          };
        }),
    );
  }
  return out;
}

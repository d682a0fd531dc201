import type {
  OrgKind,
  SupervisionLevel,
  Task,
  TaskAction,
  TaskCommentInput,
  TaskCreateInput,
  TaskDecomposeInput,
  TaskDetail,
  TaskEventKind,
  TaskIssueInput,
  TaskIssueResult,
  TaskLevel,
  TaskListItem,
  TaskListQuery,
  TaskNoteInput,
  TaskReasonInput,
  TaskRecipients,
  TaskReportInput,
  TaskStatus,
  TaskUpdateInput,
} from '@guantong/shared';
import { TASK_LEVELS, TASK_OPEN_STATUSES } from '@guantong/shared';
import type { Insertable, Kysely, Updateable } from 'kysely';
import { type Actor, type OrgScope, pathInScope, requireVisibleOrg, SYSTEM_ACTOR, scopeFor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import { auditMany } from '../../core/audit-bulk.js';
import type { AppContext } from '../../core/context.js';
import { AppError, forbidden, invalidState, notFound } from '../../core/errors.js';
import type { Page } from '../../core/paging.js';
import type { DB } from '../../db/schema.js';
import { filesByIds, filesOfOwners, requireOwnedFiles, saveUpload } from '../files/files.service.js';
import { getFrameworkNodeRefs } from '../framework/framework.service.js';
import type { NotificationDraft } from '../notifications/notifications.channels.js';
import { notify } from '../notifications/notifications.service.js';
import { addDays, isRealDate, localToday } from './tasks.dates.js';
import { lineagesUnder } from './tasks.framework.js';
import { defaultResponsibles, executorsOf, issuersOf } from './tasks.people.js';
import { canSeeTask, OPERATOR_ROLES, sidesOf, TASK_READ_ROLES, type TaskAccessFacts } from './tasks.policy.js';
import {
  attachmentIds,
  type FrameworkLinkRow,
  isOpenStatus,
  presentEvent,
  presentNotice,
  presentTask,
  toListItem,
} from './tasks.presenter.js';
import {
  childSums,
  existingChildOrgs,
  findOrg,
  findOrgs,
  findTaskJoined,
  findTaskRow,
  inScope,
  insertEvents,
  insertFrameworkLinks,
  insertTask,
  insertTasks,
  isParticipant,
  listChildrenJoined,
  listDescendants,
  listEvents,
  listFrameworkLinks,
  listNoticesOfTask,
  listParticipants,
  lockTask,
  orgsOfKindUnder,
  pageTaskList,
  replaceParticipants,
  syncLinkFacts,
  type TaskJoinedRow,
  type TaskListFilter,
  type TaskRow,
  taskListQuery,
  updateTask,
  usersWithGrantPaths,
} from './tasks.repository.js';
import { rollupFromSums } from './tasks.rollup.js';
import { loadTaskSettings } from './tasks.settings.js';
import { sourcesOfTasks, type TaskSourceLink } from './tasks.sources.js';
import type { TaskEventsTable, TasksTable } from './tasks.tables.js';
import { allowedActions, assertTransition, type TaskSide } from './tasks.workflow.js';

/** The owner type under which task evidence files are stored. */
export const TASK_FILE_OWNER = 'task';

const CHILDREN_SHOWN = 200;

/** Today on the enterprise's calendar. */
export function todayOf(ctx: AppContext): string {
  return localToday(ctx.clock());
}

/**
 * The automatic 督办 level: red when an open task (issued / accepted / in progress / returned) is past its due
 * date, yellow when it is due within `yellowDays`, none otherwise (reported, verified, closed, cancelled, drafts).
 */
export function supervisionLevelFor(status: TaskStatus, dueOn: string, today: string, yellowDays: number): SupervisionLevel {
  if (!isOpenStatus(status)) {
    return 'none';
  }
  if (dueOn < today) {
    return 'red';
  }
  return dueOn <= addDays(today, yellowDays) ? 'yellow' : 'none';
}

/** The level one below (子项 stays 子项). */
export function nextLevel(level: TaskLevel): TaskLevel {
  const i = TASK_LEVELS.indexOf(level);
  return TASK_LEVELS[Math.min(i + 1, TASK_LEVELS.length - 1)];
}

function levelAtOrBelow(child: TaskLevel, parent: TaskLevel): boolean {
  return TASK_LEVELS.indexOf(child) >= TASK_LEVELS.indexOf(parent);
}

function accessFacts(r: TaskJoinedRow, participant = false): TaskAccessFacts {
  return {
    org_id: r.org_id,
    issuer_org_id: r.issuer_org_id,
    issuer_user_id: r.issuer_user_id,
    responsible_user_id: r.responsible_user_id,
    orgPath: r.org_path,
    issuerOrgPath: r.issuer_org_path,
    participant,
  };
}

interface Loaded {
  row: TaskJoinedRow;
  sides: Set<TaskSide>;
}

/** Loads a task the actor may see, with the sides the actor takes; 404 otherwise (same as missing). */
export async function loadVisibleTask(ctx: AppContext, actor: Actor, id: number): Promise<Loaded> {
  const db = ctx.database.db;
  const row = await findTaskJoined(db, id);
  if (!row) {
    throw notFound('task');
  }
  const participant = await isParticipant(db, id, actor.userId);
  if (!canSeeTask(actor, accessFacts(row, participant))) {
    throw notFound('task');
  }
  return { row, sides: sidesOf(actor, accessFacts(row)) };
}

/** True when the actor may see the task (evidence downloads follow this). */
export async function canSeeTaskById(ctx: AppContext, actor: Actor, id: number): Promise<boolean> {
  try {
    await loadVisibleTask(ctx, actor, id);
    return true;
  } catch (err) {
    if (err instanceof AppError && err.status === 404) {
      return false;
    }
    throw err;
  }
}

function eventRow(
  ctx: AppContext,
  actor: Actor,
  taskId: number,
  kind: TaskEventKind,
  from: TaskStatus | null,
  to: TaskStatus | null,
  extra: { text?: string | null; progress?: number | null; fileIds?: number[]; data?: Record<string, unknown> | null } = {},
): Insertable<TaskEventsTable> {
  return {
    task_id: taskId,
    at: ctx.clock().toISOString(),
    actor_id: actor.userId,
    actor_name: actor === SYSTEM_ACTOR ? 'system' : actor.displayName,
    kind,
    from_status: from,
    to_status: to,
    text: extra.text ?? null,
    progress: extra.progress ?? null,
    attachments: JSON.stringify(extra.fileIds ?? []),
    data: extra.data ? JSON.stringify(extra.data) : null,
  };
}

/** Recomputes the roll-up of a task and of every ancestor, bottom-up, inside the caller's transaction. */
export async function refreshRollup(trx: Kysely<DB>, ctx: AppContext, taskId: number): Promise<void> {
  let id: number | null = taskId;
  while (id !== null) {
    await lockTask(trx, ctx.database.dialect, id);
    const t = await trx.selectFrom('tasks').select(['id', 'status', 'progress', 'parent_id']).where('id', '=', id).executeTakeFirst();
    if (!t) {
      return;
    }
    const r = rollupFromSums(t, await childSums(trx, id));
    await trx
      .updateTable('tasks')
      .set({
        progress_effective: r.progress,
        verified_effective: r.verified,
        rollup_rule: r.rule,
        child_count: r.counted,
        cancelled_child_count: r.cancelled,
      })
      .where('id', '=', id)
      .execute();
    id = t.parent_id;
  }
}

function assertDates(startOn: string | null | undefined, dueOn: string | undefined): void {
  const details: Array<{ path: string; message: string }> = [];
  if (startOn && !isRealDate(startOn)) {
    details.push({ path: 'startOn', message: 'not a calendar date' });
  }
  if (dueOn && !isRealDate(dueOn)) {
    details.push({ path: 'dueOn', message: 'not a calendar date' });
  }
  if (details.length === 0 && startOn && dueOn && startOn > dueOn) {
    details.push({ path: 'startOn', message: 'after the due date' });
  }
  if (details.length > 0) {
    throw new AppError('VALIDATION_FAILED', 400, 'The dates are not valid.', details);
  }
}

/** Refuses a responsible person who is not an active user holding a role inside the organisation's subtree. */
async function assertResponsible(db: Kysely<DB>, userId: number, orgPath: string, path = 'responsibleUserId'): Promise<void> {
  const rows = await usersWithGrantPaths(db, [userId]);
  const ok = rows.some((r) => r.status === 'active' && r.path !== null && r.path.startsWith(orgPath));
  if (!ok) {
    throw new AppError('VALIDATION_FAILED', 400, 'The responsible person must be an active user of this organisation.', [
      { path, message: 'not a user of this organisation' },
    ]);
  }
}

async function assertParticipants(db: Kysely<DB>, ids: number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  const rows = await usersWithGrantPaths(db, unique);
  const active = new Set(rows.filter((r) => r.status === 'active').map((r) => r.id));
  const bad = unique.filter((id) => !active.has(id));
  if (bad.length > 0) {
    throw new AppError('VALIDATION_FAILED', 400, 'Some participants are not active users.', [
      { path: 'participantUserIds', message: `unknown or disabled: ${bad.join(', ')}` },
    ]);
  }
  return unique;
}

/** Framework nodes for links: every id must be an active node; returns node and lineage ids. */
async function resolveFrameworkNodes(db: Kysely<DB>, ids: number[]): Promise<Array<{ node_id: number; lineage_id: number }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) {
    return [];
  }
  const refs = await getFrameworkNodeRefs(db, unique);
  const ok = new Map(refs.filter((r) => r.status === 'active').map((r) => [r.id, r.lineageId]));
  const bad = unique.filter((id) => !ok.has(id));
  if (bad.length > 0) {
    throw new AppError('VALIDATION_FAILED', 400, 'Some framework nodes do not exist or are retired.', [
      { path: 'frameworkNodeIds', message: `not usable: ${bad.join(', ')}` },
    ]);
  }
  // One link per lineage (the same requirement in two years' versions is one requirement).
  const byLineage = new Map<number, number>();
  for (const id of unique) {
    const lineage = ok.get(id) ?? id;
    if (!byLineage.has(lineage)) {
      byLineage.set(lineage, id);
    }
  }
  return [...byLineage].map(([lineage_id, node_id]) => ({ node_id, lineage_id }));
}

function assignedDrafts(taskId: number, title: string, users: number[], actor: Actor): NotificationDraft[] {
  return users
    .filter((u) => u !== actor.userId)
    .map((userId) => ({
      userId,
      kind: 'assigned' as const,
      title: `新任务：${title}`,
      body: '请签收并按期反馈。',
      link: `/tasks/${taskId}`,
      entityType: 'task',
      entityId: taskId,
      dedupeKey: `assigned:${taskId}:${userId}`,
    }));
}

// ---------------------------------------------------------------------------------------------- reads

async function linksByTask(db: Kysely<DB>, ids: number[]): Promise<Map<number, FrameworkLinkRow[]>> {
  const out = new Map<number, FrameworkLinkRow[]>();
  for (const l of await listFrameworkLinks(db, ids)) {
    const list = out.get(l.task_id) ?? [];
    list.push(l);
    out.set(l.task_id, list);
  }
  return out;
}

/** Presents joined rows with their framework links. */
export async function presentRows(ctx: AppContext, rows: TaskJoinedRow[]): Promise<Task[]> {
  const links = await linksByTask(
    ctx.database.db,
    rows.map((r) => r.id),
  );
  const sources = await sourcesOfTasks(ctx.database.db, rows);
  const today = todayOf(ctx);
  return rows.map((r) => presentTask(r, links.get(r.id) ?? [], today, sources.get(r.id) ?? null));
}

/** A task with its ancestors, children, participants, timeline, files, notices and the actor's allowed actions. */
export async function getTaskDetail(ctx: AppContext, actor: Actor, id: number): Promise<TaskDetail> {
  const db = ctx.database.db;
  const { row, sides } = await loadVisibleTask(ctx, actor, id);
  const [children, participants, events, files, notices] = await Promise.all([
    listChildrenJoined(db, id, CHILDREN_SHOWN + 1),
    listParticipants(db, id),
    listEvents(db, id, 2000),
    filesOfOwners(db, TASK_FILE_OWNER, [id]),
    listNoticesOfTask(db, id),
  ]);
  const ancestors: TaskDetail['ancestors'] = [];
  let parentId = row.parent_id;
  while (parentId !== null) {
    const p = await findTaskRow(db, parentId);
    if (!p) {
      break;
    }
    ancestors.unshift({ id: p.id, title: p.title, level: p.level, status: p.status });
    parentId = p.parent_id;
  }
  const fileIds = [...events.flatMap((e) => attachmentIds(e.attachments)), ...notices.flatMap((n) => attachmentIds(n.answer_files))];
  const fileMap = await filesByIds(db, fileIds);
  const shown = children.slice(0, CHILDREN_SHOWN);
  const [task, ...presentedChildren] = await presentRows(ctx, [row, ...shown]);
  const today = todayOf(ctx);
  return {
    ...task,
    ancestors,
    children: presentedChildren,
    childrenTruncated: children.length > CHILDREN_SHOWN,
    participants: participants.map((p) => ({ id: p.id, displayName: p.display_name })),
    timeline: events.map((e) => presentEvent(e, fileMap)),
    files: files.get(id) ?? [],
    notices: notices.map((n) => presentNotice(n, fileMap, today)),
    allowedActions: allowedActions(row.status, sides, row.flagged === 1),
  };
}

/**
 * The filter of a view for the actor: `mine` = responsible is me (or nobody is and I operate the org), `issued`
 * = issued by me, `org` / `board` = everything in my scope (org-scoped through whereInScope). Resolves the
 * organisation (visible, else 404) and the framework node (with its descendants) to plain values.
 */
export async function taskListFilter(ctx: AppContext, actor: Actor, q: TaskListQuery): Promise<TaskListFilter> {
  const underPath = q.orgId ? (await requireVisibleOrg(ctx.database.db, actor, q.orgId, TASK_READ_ROLES)).path : null;
  return {
    ...q,
    userId: actor.userId ?? -1,
    operatedOrgIds: [...new Set(actor.grants.filter((g) => OPERATOR_ROLES.includes(g.role)).map((g) => g.orgId))],
    scope: await wholeTreeAsAll(ctx.database.db, scopeFor(actor, TASK_READ_ROLES)),
    underPath,
    lineages: q.frameworkNodeId ? await lineagesUnder(ctx, q.frameworkNodeId) : null,
  };
}

/** A scope that reaches every root organisation is the whole tree: lists then need no organisation filter. */
async function wholeTreeAsAll(db: Kysely<DB>, scope: OrgScope): Promise<OrgScope> {
  if (scope.all || !scope.prefixes.some((p) => p.split('/').filter(Boolean).length === 1)) {
    return scope;
  }
  const roots = await db.selectFrom('orgs').select('path').where('parent_id', 'is', null).execute();
  return roots.every((r) => pathInScope(scope, r.path)) ? { all: true, prefixes: [] } : scope;
}

/** The filtered (unordered, unpaged) list query of a view, scoped to the actor. */
export async function taskListBase(ctx: AppContext, actor: Actor, q: TaskListQuery) {
  return taskListQuery(ctx.database.db, await taskListFilter(ctx, actor, q));
}

/** One page of a task view (mine / org / issued / board) with filters and sorting. */
export async function listTasks(ctx: AppContext, actor: Actor, q: TaskListQuery): Promise<Page<TaskListItem>> {
  const filter = await taskListFilter(ctx, actor, q);
  // The supervision board sorts every red, yellow and flagged task of the scope (hundreds of thousands across a
  // group): it runs off the event loop (SQLite: in the read worker) so that other users' requests go on.
  const { rows, total } = await pageTaskList(q.view === 'board' ? ctx.database.reader : ctx.database.db, filter);
  return { items: (await presentRows(ctx, rows)).map(toListItem), total, page: q.page, pageSize: q.pageSize };
}

// ---------------------------------------------------------------------------------------------- create / edit

/**
 * Creates a draft. A top task is owned and issued by `orgId` (the actor must operate it); a draft child under a
 * draft belongs to the parent's organisation and is issued by the parent's issuer; a draft child under an
 * accepted / in-progress task is the executor's own plan item (issued by the parent's organisation).
 * Another module creating a task for one of its records passes `options.source` (a top task only).
 */
export async function createTask(
  ctx: AppContext,
  actor: Actor,
  input: TaskCreateInput,
  options: { source?: TaskSourceLink } = {},
): Promise<TaskDetail> {
  const db = ctx.database.db;
  assertDates(input.startOn, input.dueOn);
  if (options.source && input.parentId !== undefined) {
    throw invalidState('A task created for another record must be a top task.');
  }
  let parent: TaskJoinedRow | null = null;
  let issuerOrgId: number;
  let orgPath: string;
  if (input.parentId !== undefined) {
    const loaded = await loadVisibleTask(ctx, actor, input.parentId);
    parent = loaded.row;
    if (parent.status === 'draft') {
      if (!loaded.sides.has('issuer')) {
        throw forbidden('Only the issuer of the parent draft may add to it.');
      }
      issuerOrgId = parent.issuer_org_id;
    } else if (parent.status === 'accepted' || parent.status === 'in_progress') {
      if (!loaded.sides.has('executor')) {
        throw forbidden('Only the executor of the parent task may plan under it.');
      }
      issuerOrgId = parent.org_id;
    } else {
      throw invalidState(`Nothing can be added under a ${parent.status} task.`);
    }
    if (input.orgId !== parent.org_id) {
      throw new AppError('VALIDATION_FAILED', 400, 'A draft child belongs to its parent’s organisation; issue it down to reach others.', [
        { path: 'orgId', message: 'must be the parent’s organisation' },
      ]);
    }
    if (!levelAtOrBelow(input.level, parent.level)) {
      throw new AppError('VALIDATION_FAILED', 400, 'A child cannot be of a higher level than its parent.', [
        { path: 'level', message: 'above the parent’s level' },
      ]);
    }
    orgPath = parent.org_path;
  } else {
    const org = await requireVisibleOrg(db, actor, input.orgId, OPERATOR_ROLES);
    if (org.status !== 'active') {
      throw invalidState('The organisation is not active.');
    }
    issuerOrgId = org.id;
    orgPath = org.path;
  }
  if (input.responsibleUserId) {
    await assertResponsible(db, input.responsibleUserId, orgPath);
  }
  const participants = await assertParticipants(db, input.participantUserIds);
  const nodes = await resolveFrameworkNodes(db, input.frameworkNodeIds);
  const now = ctx.clock().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const values: Insertable<TasksTable> = {
      level: input.level,
      parent_id: parent?.id ?? null,
      root_id: parent ? (parent.root_id ?? parent.id) : null,
      depth: parent ? parent.depth + 1 : 0,
      title: input.title,
      description: input.description,
      org_id: input.orgId,
      issuer_org_id: issuerOrgId,
      issuer_user_id: actor.userId,
      created_by: actor.userId,
      responsible_user_id: input.responsibleUserId ?? null,
      responsibility_kind: input.responsibilityKind,
      priority: input.priority,
      start_on: input.startOn ?? null,
      due_on: input.dueOn,
      target_value: input.targetValue ?? null,
      target_unit: input.targetUnit ?? null,
      target_actual: null,
      weight: input.weight,
      status: 'draft',
      recurrence: input.recurrence,
      source_type: options.source?.type ?? null,
      source_id: options.source?.id ?? null,
      created_at: now,
      updated_at: now,
      last_update_at: now,
    };
    const taskId = await insertTask(trx, values);
    if (!parent) {
      await updateTask(trx, taskId, { root_id: taskId });
    }
    await insertFrameworkLinks(
      trx,
      nodes.map((n) => ({ task_id: taskId, ...n, org_id: input.orgId, status: 'draft' as const, due_on: input.dueOn })),
    );
    await replaceParticipants(trx, taskId, participants, now);
    await insertEvents(trx, [eventRow(ctx, actor, taskId, 'created', null, 'draft')]);
    await audit(
      trx,
      actor,
      {
        action: 'task.created',
        entityType: 'task',
        entityId: taskId,
        after: { ...values, framework_node_ids: nodes.map((n) => n.node_id), participant_user_ids: participants },
      },
      ctx.clock,
    );
    if (parent) {
      await refreshRollup(trx, ctx, parent.id);
    }
    return taskId;
  });
  return getTaskDetail(ctx, actor, id);
}

const EDITABLE: Array<[keyof TaskUpdateInput, keyof TasksTable]> = [
  ['title', 'title'],
  ['description', 'description'],
  ['level', 'level'],
  ['responsibleUserId', 'responsible_user_id'],
  ['responsibilityKind', 'responsibility_kind'],
  ['priority', 'priority'],
  ['startOn', 'start_on'],
  ['dueOn', 'due_on'],
  ['targetValue', 'target_value'],
  ['targetUnit', 'target_unit'],
  ['weight', 'weight'],
  ['recurrence', 'recurrence'],
];

/** The issuing side edits a task that is still open (recurrence only while a draft); audited field by field. */
export async function updateTaskFields(ctx: AppContext, actor: Actor, id: number, input: TaskUpdateInput): Promise<TaskDetail> {
  const db = ctx.database.db;
  const { row, sides } = await loadVisibleTask(ctx, actor, id);
  assertTransition('edit', row.status, sides);
  if (input.recurrence !== undefined && input.recurrence !== row.recurrence && row.status !== 'draft') {
    throw invalidState('The recurrence can only change while the task is a draft.');
  }
  if (input.level !== undefined && row.parent_id !== null) {
    const p = await findTaskRow(db, row.parent_id);
    if (p && !levelAtOrBelow(input.level, p.level)) {
      throw new AppError('VALIDATION_FAILED', 400, 'A child cannot be of a higher level than its parent.', [
        { path: 'level', message: 'above the parent’s level' },
      ]);
    }
  }
  assertDates(input.startOn === undefined ? row.start_on : input.startOn, input.dueOn ?? row.due_on);
  if (input.responsibleUserId) {
    await assertResponsible(db, input.responsibleUserId, row.org_path);
  }
  const participants = input.participantUserIds ? await assertParticipants(db, input.participantUserIds) : null;
  const nodes = input.frameworkNodeIds ? await resolveFrameworkNodes(db, input.frameworkNodeIds) : null;
  const settings = await loadTaskSettings(db);
  const now = ctx.clock().toISOString();
  const today = todayOf(ctx);
  await db.transaction().execute(async (trx) => {
    await lockTask(trx, ctx.database.dialect, id);
    const fresh = await findTaskRow(trx, id);
    if (!fresh) {
      throw notFound('task');
    }
    assertTransition('edit', fresh.status, sides);
    const patch: Record<string, unknown> = {};
    const before: Record<string, unknown> = {};
    for (const [k, col] of EDITABLE) {
      const v = input[k];
      if (v !== undefined && v !== fresh[col]) {
        patch[col] = v;
        before[col] = fresh[col];
      }
    }
    const dueOn = (patch.due_on as string | undefined) ?? fresh.due_on;
    if (patch.due_on !== undefined) {
      patch.supervision_level = supervisionLevelFor(fresh.status, dueOn, today, settings.yellowDays);
      patch.supervision_notified = 'none';
      if (dueOn >= addDays(today, -settings.escalationDays)) {
        patch.escalated_at = null;
      }
    }
    const nodeBefore = nodes ? (await listFrameworkLinks(trx, [id])).map((l) => l.node_id) : null;
    await updateTask(trx, id, { ...(patch as Updateable<TasksTable>), updated_at: now });
    if (nodes) {
      await trx.deleteFrom('task_framework_nodes').where('task_id', '=', id).execute();
      await insertFrameworkLinks(
        trx,
        nodes.map((n) => ({ task_id: id, ...n, org_id: fresh.org_id, status: fresh.status, due_on: dueOn })),
      );
      before.framework_node_ids = nodeBefore;
      patch.framework_node_ids = nodes.map((n) => n.node_id);
    } else if (patch.due_on !== undefined) {
      await syncLinkFacts(trx, [id]);
    }
    if (participants) {
      before.participant_user_ids = (await listParticipants(trx, id)).map((p) => p.id);
      await replaceParticipants(trx, id, participants, now);
      patch.participant_user_ids = participants;
    }
    const changed = Object.keys(patch).filter((k) => !['supervision_level', 'supervision_notified', 'escalated_at'].includes(k));
    await insertEvents(trx, [eventRow(ctx, actor, id, 'edited', fresh.status, fresh.status, { data: { fields: changed } })]);
    await audit(trx, actor, { action: 'task.updated', entityType: 'task', entityId: id, before, after: patch }, ctx.clock);
    if (patch.weight !== undefined || patch.level !== undefined) {
      await refreshRollup(trx, ctx, id);
    }
    if (patch.responsible_user_id && fresh.status !== 'draft') {
      await notify(trx, ctx, assignedDrafts(id, fresh.title, [patch.responsible_user_id as number], actor));
    }
  });
  return getTaskDetail(ctx, actor, id);
}

// ---------------------------------------------------------------------------------------------- transitions

interface TransitionSpec {
  eventKind: TaskEventKind;
  text?: string | null;
  progress?: number | null;
  fileIds?: number[];
  note?: Record<string, unknown>;
  /** Field changes besides status / timestamps / supervision. */
  patch?: (row: TaskRow, now: string) => Updateable<TasksTable>;
  /** Who to tell, and how. */
  notifyOf?: (trx: Kysely<DB>, row: TaskRow) => Promise<NotificationDraft[]>;
  /** More work in the same transaction (e.g. cascading a cancellation). */
  after?: (trx: Kysely<DB>, row: TaskRow) => Promise<void>;
  /** Executor actions reset the "not updated" clock. */
  touchesUpdate?: boolean;
}

/**
 * Runs one transition of the state machine: visibility (404), side and status (403 / 409, re-checked under a
 * row lock), the update, a timeline event, the audit entry, roll-up of the ancestors and notifications — all in
 * one transaction.
 */
async function runTransition(ctx: AppContext, actor: Actor, id: number, action: TaskAction, spec: TransitionSpec): Promise<TaskDetail> {
  const db = ctx.database.db;
  const { row, sides } = await loadVisibleTask(ctx, actor, id);
  assertTransition(action, row.status, sides);
  if (spec.fileIds && spec.fileIds.length > 0) {
    await requireOwnedFiles(db, TASK_FILE_OWNER, id, spec.fileIds);
  }
  const settings = await loadTaskSettings(db);
  const today = todayOf(ctx);
  await db.transaction().execute(async (trx) => {
    await lockTask(trx, ctx.database.dialect, id);
    const fresh = await findTaskRow(trx, id);
    if (!fresh) {
      throw notFound('task');
    }
    const to = assertTransition(action, fresh.status, sides);
    const now = ctx.clock().toISOString();
    const patch: Updateable<TasksTable> = {
      ...(spec.patch ? spec.patch(fresh, now) : {}),
      status: to,
      supervision_level: supervisionLevelFor(to, fresh.due_on, today, settings.yellowDays),
      updated_at: now,
      last_update_at: now,
      ...(spec.touchesUpdate ? { stale_since: null } : {}),
    };
    await updateTask(trx, id, patch);
    if (to !== fresh.status) {
      await syncLinkFacts(trx, [id]);
    }
    await insertEvents(trx, [
      eventRow(ctx, actor, id, spec.eventKind, fresh.status, to, { text: spec.text, progress: spec.progress, fileIds: spec.fileIds }),
    ]);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch)) {
      if (k === 'updated_at' || k === 'last_update_at') {
        continue;
      }
      before[k] = fresh[k as keyof TaskRow];
      after[k] = v;
    }
    await audit(
      trx,
      actor,
      {
        action: `task.${action}`,
        entityType: 'task',
        entityId: id,
        before,
        after,
        note: {
          ...(spec.text ? { text: spec.text } : {}),
          ...(spec.fileIds?.length ? { file_ids: spec.fileIds } : {}),
          ...(spec.note ?? {}),
        },
      },
      ctx.clock,
    );
    if (spec.after) {
      await spec.after(trx, fresh);
    }
    await refreshRollup(trx, ctx, id);
    if (spec.notifyOf) {
      await notify(trx, ctx, await spec.notifyOf(trx, fresh));
    }
  });
  return getTaskDetail(ctx, actor, id);
}

async function tellExecutors(
  trx: Kysely<DB>,
  row: TaskRow,
  actor: Actor,
  d: Omit<NotificationDraft, 'userId'>,
): Promise<NotificationDraft[]> {
  const users = (await executorsOf(trx, [row])).get(row.id) ?? [];
  return users.filter((u) => u !== actor.userId).map((userId) => ({ ...d, userId }));
}

async function tellIssuers(
  trx: Kysely<DB>,
  row: TaskRow,
  actor: Actor,
  d: Omit<NotificationDraft, 'userId'>,
): Promise<NotificationDraft[]> {
  const users = (await issuersOf(trx, [row])).get(row.id) ?? [];
  return users.filter((u) => u !== actor.userId).map((userId) => ({ ...d, userId }));
}

/** 签收: the executor accepts an issued task. */
export function acceptTask(ctx: AppContext, actor: Actor, id: number, input: TaskCommentInput): Promise<TaskDetail> {
  return runTransition(ctx, actor, id, 'accept', {
    eventKind: 'accepted',
    text: input.text ?? null,
    touchesUpdate: true,
    patch: (_r, now) => ({ accepted_at: now }),
  });
}

/** Starts work (also after a return). */
export function startTask(ctx: AppContext, actor: Actor, id: number, input: TaskCommentInput): Promise<TaskDetail> {
  return runTransition(ctx, actor, id, 'start', { eventKind: 'started', text: input.text ?? null, touchesUpdate: true });
}

/** A progress note that keeps the status; resets the "not updated in N days" clock. */
export function noteTask(ctx: AppContext, actor: Actor, id: number, input: TaskNoteInput): Promise<TaskDetail> {
  return runTransition(ctx, actor, id, 'note', {
    eventKind: 'note',
    text: input.text,
    progress: input.progress ?? null,
    fileIds: input.fileIds,
    touchesUpdate: true,
    patch: () => (input.progress !== undefined ? { progress: input.progress } : {}),
  });
}

/** 反馈: the executor reports text, a percentage, the actual value and evidence; the issuer is told to verify. */
export function reportTask(ctx: AppContext, actor: Actor, id: number, input: TaskReportInput): Promise<TaskDetail> {
  return runTransition(ctx, actor, id, 'report', {
    eventKind: 'reported',
    text: input.text,
    progress: input.progress,
    fileIds: input.fileIds,
    touchesUpdate: true,
    patch: (r, now) => ({
      progress: input.progress,
      target_actual: input.actual === undefined ? r.target_actual : input.actual,
      reported_at: now,
      first_reported_at: r.first_reported_at ?? now,
    }),
    notifyOf: (trx, r) =>
      tellIssuers(trx, r, actor, {
        kind: 'reported',
        title: `待验收：${r.title}`,
        body: `已反馈进度 ${input.progress}%。`,
        link: `/tasks/${r.id}`,
        entityType: 'task',
        entityId: r.id,
      }),
  });
}

/** 验收: the issuer accepts the report. */
export function verifyTask(ctx: AppContext, actor: Actor, id: number, input: TaskCommentInput): Promise<TaskDetail> {
  return runTransition(ctx, actor, id, 'verify', {
    eventKind: 'verified',
    text: input.text ?? null,
    patch: (_r, now) => ({ verified_at: now }),
    notifyOf: (trx, r) =>
      tellExecutors(trx, r, actor, {
        kind: 'verified',
        title: `已验收：${r.title}`,
        body: input.text ?? '',
        link: `/tasks/${r.id}`,
        entityType: 'task',
        entityId: r.id,
      }),
  });
}

/** 退回: the issuer sends the report back with a reason. */
export function returnTask(ctx: AppContext, actor: Actor, id: number, input: TaskReasonInput): Promise<TaskDetail> {
  return runTransition(ctx, actor, id, 'return', {
    eventKind: 'returned',
    text: input.reason,
    notifyOf: (trx, r) =>
      tellExecutors(trx, r, actor, {
        kind: 'returned',
        title: `被退回：${r.title}`,
        body: input.reason,
        link: `/tasks/${r.id}`,
        entityType: 'task',
        entityId: r.id,
      }),
  });
}

/** 销号: the issuer closes a verified task. */
export function closeTask(ctx: AppContext, actor: Actor, id: number, input: TaskCommentInput): Promise<TaskDetail> {
  return runTransition(ctx, actor, id, 'close', {
    eventKind: 'closed',
    text: input.text ?? null,
    patch: (_r, now) => ({ closed_at: now }),
  });
}

/** Cancels a task with a reason; its open descendants are cancelled with it (and their executors told). */
export function cancelTask(ctx: AppContext, actor: Actor, id: number, input: TaskReasonInput): Promise<TaskDetail> {
  let cascaded: number[] = [];
  return runTransition(ctx, actor, id, 'cancel', {
    eventKind: 'cancelled',
    text: input.reason,
    patch: (_r, now) => ({ cancelled_at: now }),
    after: async (trx, r) => {
      const open = (await listDescendants(trx, r.id)).filter((d) => !['verified', 'closed', 'cancelled'].includes(d.status));
      cascaded = open.map((d) => d.id);
      const now = ctx.clock().toISOString();
      for (let i = 0; i < cascaded.length; i += 500) {
        await trx
          .updateTable('tasks')
          .set({ status: 'cancelled', cancelled_at: now, updated_at: now, supervision_level: 'none' })
          .where('id', 'in', cascaded.slice(i, i + 500))
          .execute();
      }
      await syncLinkFacts(trx, cascaded);
      await insertEvents(
        trx,
        open.map((d) =>
          eventRow(ctx, actor, d.id, 'cancelled', d.status, 'cancelled', { text: input.reason, data: { cascadeFrom: r.id } }),
        ),
      );
      await auditMany(
        trx,
        actor,
        open.map((d) => ({
          action: 'task.cancel',
          entityType: 'task',
          entityId: d.id,
          before: { status: d.status },
          after: { status: 'cancelled' },
          note: { reason: input.reason, cascade_from: r.id },
        })),
        ctx.clock,
      );
    },
    notifyOf: async (trx, r) => {
      const rows = await trx
        .selectFrom('tasks')
        .select(['id', 'org_id', 'responsible_user_id', 'title'])
        .where('id', 'in', [r.id, ...cascaded.slice(0, 5000)])
        .execute();
      const execs = await executorsOf(trx, rows);
      return rows.flatMap((t) =>
        (execs.get(t.id) ?? [])
          .filter((u) => u !== actor.userId)
          .map((userId) => ({
            userId,
            kind: 'cancelled' as const,
            title: `已取消：${t.title}`,
            body: input.reason,
            link: `/tasks/${t.id}`,
            entityType: 'task',
            entityId: t.id,
            dedupeKey: `cancelled:${t.id}`,
          })),
      );
    },
    note: { reason: input.reason },
  });
}

// ---------------------------------------------------------------------------------------------- issue / decompose

interface OrgLite {
  id: number;
  code: string;
  name: string;
  kind: OrgKind;
  path: string;
  status: string;
}

/**
 * The organisations a task can go to: active, strictly below the task's organisation, inside the actor's
 * scope. Explicit ids and "every org of kind K under X" are united; bad ids are listed in the 400.
 */
async function resolveRecipients(ctx: AppContext, actor: Actor, ownerPath: string, recipients: TaskRecipients): Promise<OrgLite[]> {
  const db = ctx.database.db;
  const scope = scopeFor(actor);
  const ok = (o: OrgLite) => o.status === 'active' && o.path !== ownerPath && o.path.startsWith(ownerPath) && pathInScope(scope, o.path);
  const out = new Map<number, OrgLite>();
  const bad: number[] = [];
  const ids = [...new Set(recipients.orgIds)];
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    const found = new Map((await findOrgs(db, chunk)).map((o) => [o.id, o]));
    for (const id of chunk) {
      const o = found.get(id);
      if (o && ok(o)) {
        out.set(o.id, o);
      } else {
        bad.push(id);
      }
    }
  }
  if (recipients.under) {
    const u = await findOrg(db, recipients.under.orgId);
    if (!u?.path.startsWith(ownerPath) || !pathInScope(scope, u.path)) {
      throw new AppError('VALIDATION_FAILED', 400, 'The organisation to issue under is not below the issuing organisation.', [
        { path: 'recipients.under.orgId', message: 'not below the issuing organisation' },
      ]);
    }
    for (const o of await orgsOfKindUnder(db, u.path, recipients.under.kind)) {
      if (ok(o)) {
        out.set(o.id, o);
      }
    }
  }
  if (bad.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      400,
      'Some organisations cannot receive this task (missing, inactive, not below the issuing organisation, or outside your scope).',
      [{ path: 'recipients.orgIds', message: `not valid recipients: ${bad.slice(0, 50).join(', ')}` }],
    );
  }
  if (out.size === 0) {
    throw new AppError('VALIDATION_FAILED', 400, 'No organisation would receive the task.', [{ path: 'recipients', message: 'empty' }]);
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

interface ChildSpec {
  org: { id: number; path: string };
  responsibleUserId: number | null;
  title: string;
  description: string;
  level: TaskLevel;
  dueOn: string;
  weight: number;
  targetValue: number | null;
  targetUnit: string | null;
}

/**
 * Creates children of a task in ONE transaction (multi-row inserts; one audit entry for the action listing
 * the child ids): each child is `issued`, copies the framework links, gets a timeline entry, and its executors
 * are notified. The parent takes the transition `action` (issue_down or decompose).
 */
async function createChildren(
  ctx: AppContext,
  actor: Actor,
  parent: TaskJoinedRow,
  sides: Set<TaskSide>,
  action: 'issue_down' | 'decompose',
  specs: ChildSpec[],
  responsibilityKind: TaskJoinedRow['responsibility_kind'],
  text: string | undefined,
): Promise<number[]> {
  const db = ctx.database.db;
  const settings = await loadTaskSettings(db);
  const today = todayOf(ctx);
  return db.transaction().execute(async (trx) => {
    await lockTask(trx, ctx.database.dialect, parent.id);
    const fresh = await findTaskRow(trx, parent.id);
    if (!fresh) {
      throw notFound('task');
    }
    const to = assertTransition(action, fresh.status, sides);
    const now = ctx.clock().toISOString();
    const links = await trx.selectFrom('task_framework_nodes').select(['node_id', 'lineage_id']).where('task_id', '=', parent.id).execute();
    const rows: Insertable<TasksTable>[] = specs.map((s) => ({
      level: s.level,
      parent_id: parent.id,
      root_id: fresh.root_id ?? fresh.id,
      depth: fresh.depth + 1,
      title: s.title,
      description: s.description,
      org_id: s.org.id,
      issuer_org_id: fresh.org_id,
      issuer_user_id: actor.userId,
      created_by: actor.userId,
      responsible_user_id: s.responsibleUserId,
      responsibility_kind: responsibilityKind,
      priority: fresh.priority,
      start_on: fresh.start_on,
      due_on: s.dueOn,
      target_value: s.targetValue,
      target_unit: s.targetUnit,
      target_actual: null,
      weight: s.weight,
      status: 'issued',
      issued_at: now,
      last_update_at: now,
      supervision_level: supervisionLevelFor('issued', s.dueOn, today, settings.yellowDays),
      recurrence: fresh.recurrence,
      created_at: now,
      updated_at: now,
    }));
    const ids = await insertTasks(trx, rows);
    await insertFrameworkLinks(
      trx,
      ids.flatMap((taskId, i) =>
        links.map((l) => ({
          task_id: taskId,
          node_id: l.node_id,
          lineage_id: l.lineage_id,
          org_id: specs[i].org.id,
          status: 'issued' as const,
          due_on: specs[i].dueOn,
        })),
      ),
    );
    const eventKind: TaskEventKind = action === 'issue_down' ? 'issued_down' : 'decomposed';
    await insertEvents(trx, [
      eventRow(ctx, actor, parent.id, eventKind, fresh.status, to, { text: text ?? null, data: { children: ids.length } }),
      ...ids.map((taskId) => eventRow(ctx, actor, taskId, 'received', null, 'issued', { text: text ?? null, data: { from: parent.id } })),
    ]);
    const patch: Updateable<TasksTable> = {
      status: to,
      supervision_level: supervisionLevelFor(to, fresh.due_on, today, settings.yellowDays),
      updated_at: now,
      last_update_at: now,
      stale_since: null,
      ...(action === 'issue_down' ? { issued_at: now } : {}),
    };
    await updateTask(trx, parent.id, patch);
    await syncLinkFacts(trx, [parent.id]);
    await auditMany(
      trx,
      actor,
      [
        {
          action: `task.${action}`,
          entityType: 'task',
          entityId: parent.id,
          before: { status: fresh.status },
          after: { status: to },
          note: { children: ids.length, ...(text ? { text } : {}) },
        },
        ...ids.map((taskId, i) => ({ action: 'task.created', entityType: 'task', entityId: taskId, after: rows[i] as object })),
      ],
      ctx.clock,
    );
    await refreshRollup(trx, ctx, parent.id);
    const execs = await executorsOf(
      trx,
      ids.map((taskId, i) => ({ id: taskId, org_id: specs[i].org.id, responsible_user_id: specs[i].responsibleUserId })),
    );
    await notify(
      trx,
      ctx,
      ids.flatMap((taskId, i) => assignedDrafts(taskId, specs[i].title, execs.get(taskId) ?? [], actor)),
    );
    return ids;
  });
}

/**
 * 下达. Without recipients: the draft goes to its own organisation (issued). With recipients: one child per
 * organisation (default responsible: the user holding `secretary` exactly there), created in one transaction;
 * the draft becomes the issuer's coordinating task.
 */
export async function issueTask(ctx: AppContext, actor: Actor, id: number, input: TaskIssueInput): Promise<TaskIssueResult> {
  const db = ctx.database.db;
  const { row, sides } = await loadVisibleTask(ctx, actor, id);
  const r = input.recipients;
  if (!r || (r.orgIds.length === 0 && !r.under)) {
    const task = await runTransition(ctx, actor, id, 'issue', {
      eventKind: 'issued',
      text: input.text ?? null,
      patch: (_r, now) => ({ issued_at: now }),
      notifyOf: async (trx, fresh) => assignedDrafts(fresh.id, fresh.title, (await executorsOf(trx, [fresh])).get(fresh.id) ?? [], actor),
    });
    return { task, created: 0, childIds: [] };
  }
  assertTransition('issue_down', row.status, sides);
  const level = input.childLevel ?? nextLevel(row.level);
  if (!levelAtOrBelow(level, row.level)) {
    throw new AppError('VALIDATION_FAILED', 400, 'Children cannot be of a higher level than the task.', [
      { path: 'childLevel', message: 'above the task’s level' },
    ]);
  }
  const dueOn = input.childDueOn ?? row.due_on;
  assertDates(null, dueOn);
  const orgs = await resolveRecipients(ctx, actor, row.org_path, r);
  const responsibles = await defaultResponsibles(
    db,
    orgs.map((o) => o.id),
  );
  const specs: ChildSpec[] = orgs.map((o) => ({
    org: o,
    responsibleUserId: responsibles.get(o.id) ?? null,
    title: row.title,
    description: row.description,
    level,
    dueOn,
    weight: 1,
    targetValue: row.target_value,
    targetUnit: row.target_unit,
  }));
  const childIds = await createChildren(
    ctx,
    actor,
    row,
    sides,
    'issue_down',
    specs,
    input.responsibilityKind ?? row.responsibility_kind,
    input.text,
  );
  return { task: await getTaskDetail(ctx, actor, id), created: childIds.length, childIds };
}

/**
 * 分解: the executor of an accepted / in-progress task splits it into children for groups or sub-organisations
 * below its organisation and/or for people of its organisation.
 */
export async function decomposeTask(ctx: AppContext, actor: Actor, id: number, input: TaskDecomposeInput): Promise<TaskIssueResult> {
  const db = ctx.database.db;
  const { row, sides } = await loadVisibleTask(ctx, actor, id);
  assertTransition('decompose', row.status, sides);
  const defaultLevel = input.childLevel ?? nextLevel(row.level);
  const defaultDue = input.childDueOn ?? row.due_on;
  const specs: ChildSpec[] = [];
  const levelBad = [defaultLevel, ...input.items.map((i) => i.level ?? defaultLevel)].some((l) => !levelAtOrBelow(l, row.level));
  if (levelBad) {
    throw new AppError('VALIDATION_FAILED', 400, 'Children cannot be of a higher level than the task.', [
      { path: 'items', message: 'above the task’s level' },
    ]);
  }
  assertDates(null, defaultDue);
  for (const [i, item] of input.items.entries()) {
    if (item.dueOn) {
      assertDates(null, item.dueOn);
    }
    let org: { id: number; path: string } = { id: row.org_id, path: row.org_path };
    if (item.orgId !== undefined && item.orgId !== row.org_id) {
      const [o] = await resolveRecipients(ctx, actor, row.org_path, { orgIds: [item.orgId] });
      org = o;
    }
    if (item.responsibleUserId !== undefined) {
      await assertResponsible(db, item.responsibleUserId, org.path, `items.${i}.responsibleUserId`);
    }
    specs.push({
      org,
      responsibleUserId: item.responsibleUserId ?? null,
      title: item.title ?? row.title,
      description: item.description ?? row.description,
      level: item.level ?? defaultLevel,
      dueOn: item.dueOn ?? defaultDue,
      weight: item.weight,
      targetValue: item.targetValue === undefined ? row.target_value : item.targetValue,
      targetUnit: item.targetUnit === undefined ? row.target_unit : item.targetUnit,
    });
  }
  if (input.recipients && (input.recipients.orgIds.length > 0 || input.recipients.under)) {
    const orgs = await resolveRecipients(ctx, actor, row.org_path, input.recipients);
    const dup = await existingChildOrgs(
      db,
      id,
      orgs.map((o) => o.id),
    );
    if (dup.length > 0) {
      throw new AppError('CONFLICT', 409, 'Some organisations already have this task.', { orgIds: dup.map((d) => d.org_id) });
    }
    const responsibles = await defaultResponsibles(
      db,
      orgs.map((o) => o.id),
    );
    for (const o of orgs) {
      specs.push({
        org: o,
        responsibleUserId: responsibles.get(o.id) ?? null,
        title: row.title,
        description: row.description,
        level: defaultLevel,
        dueOn: defaultDue,
        weight: 1,
        targetValue: row.target_value,
        targetUnit: row.target_unit,
      });
    }
  }
  // Children for the task's own organisation with nobody named would fall back to the same operators: refuse.
  const unnamedOwn = specs.filter((s) => s.org.id === row.org_id && s.responsibleUserId === null);
  if (unnamedOwn.length > 0) {
    throw new AppError('VALIDATION_FAILED', 400, 'A child for the task’s own organisation must name a responsible person.', [
      { path: 'items', message: 'responsibleUserId required' },
    ]);
  }
  const childIds = await createChildren(ctx, actor, row, sides, 'decompose', specs, row.responsibility_kind, input.text);
  return { task: await getTaskDetail(ctx, actor, id), created: childIds.length, childIds };
}

/** Ids of the statuses that still owe work (for other services). */
export const OPEN_STATUSES: readonly TaskStatus[] = TASK_OPEN_STATUSES;

/** Uploads a file to a task (evidence, documents): the issuing or executing side of a task that is not finished. */
export async function uploadTaskFile(ctx: AppContext, actor: Actor, id: number, file: { name: string; data: Buffer }) {
  const { row, sides } = await loadVisibleTask(ctx, actor, id);
  if (!sides.has('executor') && !sides.has('issuer')) {
    throw forbidden('Only the executor or the issuer may attach files to this task.');
  }
  if (row.status === 'closed' || row.status === 'cancelled') {
    throw invalidState(`Files cannot be added to a ${row.status} task.`);
  }
  return saveUpload(ctx, actor, { ownerType: TASK_FILE_OWNER, ownerId: id, name: file.name, data: file.data });
}

/** The framework node page's "tasks" group: tasks hanging on the nodes, as far as the actor may see them. */
export async function tasksLinkedToNodes(db: Kysely<DB>, actor: Actor, nodeIds: number[]) {
  if (nodeIds.length === 0) {
    return { type: 'task', count: 0, items: [] };
  }
  const scope = scopeFor(actor, TASK_READ_ROLES);
  const uid = actor.userId ?? -1;
  const base = db
    .selectFrom('task_framework_nodes as f')
    .innerJoin('tasks as t', 't.id', 'f.task_id')
    .innerJoin('orgs as o', 'o.id', 't.org_id')
    .where('f.node_id', 'in', nodeIds)
    .where('t.status', '!=', 'cancelled')
    .where((eb) => eb.or([inScope(eb, 'o.path', scope), eb('t.responsible_user_id', '=', uid), eb('t.issuer_user_id', '=', uid)]));
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.count<number>('t.id').distinct().as('n')).executeTakeFirstOrThrow(),
    base
      .select(['t.id', 't.title', 't.status', 't.due_on', 'o.name as org_name', 'f.node_id'])
      .orderBy('t.due_on', 'desc')
      .orderBy('t.id', 'desc')
      .limit(50)
      .execute(),
  ]);
  const seen = new Set<number>();
  const items = rows
    .filter((r) => {
      if (seen.has(r.id)) {
        return false;
      }
      seen.add(r.id);
      return true;
    })
    .slice(0, 20)
    .map((r) => ({
      id: r.id,
      title: r.title,
      subtitle: `${r.org_name} · ${r.due_on}`,
      status: r.status,
      href: `/tasks/${r.id}`,
      nodeId: r.node_id,
    }));
  return { type: 'task', count: Number(count.n), items };
}

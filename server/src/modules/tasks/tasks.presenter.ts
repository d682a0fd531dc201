import type { FileRef, SupervisionNotice, Task, TaskEvent, TaskListItem, TaskSource, TaskStatus } from '@guantong/shared';
import { TASK_OPEN_STATUSES } from '@guantong/shared';
import type { Selectable } from 'kysely';
import { daysBetween, localDateOf } from './tasks.dates.js';
import type { NoticeJoinedRow, TaskJoinedRow } from './tasks.repository.js';
import { round1, ruleText } from './tasks.rollup.js';
import type { TaskEventsTable } from './tasks.tables.js';

export interface FrameworkLinkRow {
  task_id: number;
  node_id: number;
  lineage_id: number;
  code: string;
  name: string;
}

/** True while the executor still owes work (these can be late). */
export function isOpenStatus(status: TaskStatus): boolean {
  return (TASK_OPEN_STATUSES as readonly TaskStatus[]).includes(status);
}

/** A task as the API shows it; `today` (Beijing) gives the overdue days. */
export function presentTask(r: TaskJoinedRow, links: FrameworkLinkRow[], today: string, source: TaskSource | null = null): Task {
  return {
    id: r.id,
    level: r.level,
    parentId: r.parent_id,
    rootId: r.root_id ?? r.id,
    depth: r.depth,
    title: r.title,
    description: r.description,
    org: { id: r.org_id, code: r.org_code, name: r.org_name, kind: r.org_kind },
    issuerOrg: { id: r.issuer_org_id, code: r.issuer_org_code, name: r.issuer_org_name, kind: r.issuer_org_kind },
    issuerUser: r.issuer_user_id === null ? null : { id: r.issuer_user_id, displayName: r.issuer_user_name ?? '' },
    responsibleUser: r.responsible_user_id === null ? null : { id: r.responsible_user_id, displayName: r.responsible_user_name ?? '' },
    responsibilityKind: r.responsibility_kind,
    priority: r.priority,
    startOn: r.start_on,
    dueOn: r.due_on,
    target: { value: r.target_value, unit: r.target_unit, actual: r.target_actual },
    weight: r.weight,
    status: r.status,
    reportedProgress: round1(r.progress),
    rollup: {
      progress: round1(r.progress_effective),
      verifiedCompletion: round1(r.verified_effective),
      rule: r.rollup_rule,
      ruleText: ruleText(r.rollup_rule, r.child_count, r.cancelled_child_count),
      countedChildren: r.child_count,
      cancelledChildren: r.cancelled_child_count,
    },
    supervisionLevel: r.supervision_level,
    overdueDays: isOpenStatus(r.status) && r.due_on < today ? daysBetween(r.due_on, today) : 0,
    stale: r.stale_since !== null,
    flagged: r.flagged === 1,
    escalatedAt: r.escalated_at,
    recurrence: r.recurrence,
    recurrencePeriod: r.recurrence_period,
    childCount: r.child_count + r.cancelled_child_count,
    frameworkNodes: links.map((l) => ({ id: l.node_id, lineageId: l.lineage_id, code: l.code, name: l.name })),
    source,
    issuedAt: r.issued_at,
    acceptedAt: r.accepted_at,
    reportedAt: r.reported_at,
    verifiedAt: r.verified_at,
    closedAt: r.closed_at,
    lastUpdateAt: r.last_update_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The lean form of a task for list views. */
export function toListItem(t: Task): TaskListItem {
  return {
    id: t.id,
    level: t.level,
    parentId: t.parentId,
    title: t.title,
    org: t.org,
    issuerOrg: t.issuerOrg,
    responsibleUser: t.responsibleUser,
    responsibilityKind: t.responsibilityKind,
    priority: t.priority,
    dueOn: t.dueOn,
    status: t.status,
    reportedProgress: t.reportedProgress,
    rollup: { progress: t.rollup.progress, verifiedCompletion: t.rollup.verifiedCompletion, rule: t.rollup.rule },
    supervisionLevel: t.supervisionLevel,
    overdueDays: t.overdueDays,
    stale: t.stale,
    flagged: t.flagged,
    escalatedAt: t.escalatedAt,
    childCount: t.childCount,
    frameworkNodes: t.frameworkNodes,
    source: t.source,
    lastUpdateAt: t.lastUpdateAt,
  };
}

function parseIds(text: string): number[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((x): x is number => typeof x === 'number') : [];
  } catch {
    return [];
  }
}

function parseRecord(text: string | null): Record<string, unknown> | null {
  if (!text) {
    return null;
  }
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The file ids an event or notice refers to. */
export function attachmentIds(text: string): number[] {
  return parseIds(text);
}

export function presentEvent(e: Selectable<TaskEventsTable>, files: Map<number, FileRef>): TaskEvent {
  return {
    id: e.id,
    at: e.at,
    actor: { id: e.actor_id, name: e.actor_name },
    kind: e.kind,
    fromStatus: e.from_status,
    toStatus: e.to_status,
    text: e.text,
    progress: e.progress,
    attachments: parseIds(e.attachments)
      .map((id) => files.get(id))
      .filter((f): f is FileRef => f !== undefined),
    data: parseRecord(e.data),
  };
}

export function presentNotice(n: NoticeJoinedRow, files: Map<number, FileRef>, today: string): SupervisionNotice {
  const answeredOn = n.answered_at ? localDateOf(n.answered_at) : null;
  return {
    id: n.id,
    taskId: n.task_id,
    taskTitle: n.task_title,
    org: { id: n.org_id, code: n.org_code, name: n.org_name, kind: n.org_kind },
    issuedBy: n.issued_by === null ? null : { id: n.issued_by, displayName: n.issued_by_name ?? '' },
    issuedAt: n.issued_at,
    text: n.text,
    answerDueOn: n.answer_due_on,
    status: n.status,
    answerText: n.answer_text,
    answeredAt: n.answered_at,
    answeredBy: n.answered_by === null ? null : { id: n.answered_by, displayName: n.answered_by_name ?? '' },
    late: answeredOn ? answeredOn > n.answer_due_on : n.status === 'open' && today > n.answer_due_on,
    attachments: parseIds(n.answer_files)
      .map((id) => files.get(id))
      .filter((f): f is FileRef => f !== undefined),
  };
}

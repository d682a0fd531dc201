import type {
  Recurrence,
  ResponsibilityKind,
  SupervisionLevel,
  TaskEventKind,
  TaskLevel,
  TaskPriority,
  TaskStatus,
} from '@guantong/shared';
import type { Generated } from 'kysely';

/** One task of a 任务清单 (any level); children are issued-down or decomposed copies. */
export interface TasksTable {
  id: Generated<number>;
  level: TaskLevel;
  parent_id: number | null;
  /** The top task of the tree (its own id for a top task). */
  root_id: number | null;
  depth: Generated<number>;
  title: string;
  description: Generated<string>;
  /** The organisation that owns (executes) the task. */
  org_id: number;
  /** The organisation that issued it (its own org for a top task). */
  issuer_org_id: number;
  issuer_user_id: number | null;
  created_by: number | null;
  /** The user who acts; null → the owning org's operators (org_admin / secretary granted exactly there) act. */
  responsible_user_id: number | null;
  responsibility_kind: ResponsibilityKind;
  priority: Generated<TaskPriority>;
  start_on: string | null;
  due_on: string;
  target_value: number | null;
  target_unit: string | null;
  target_actual: number | null;
  weight: Generated<number>;
  status: TaskStatus;
  /** The executor's own last reported percentage. */
  progress: Generated<number>;
  /** Roll-up caches (see tasks.rollup.ts): reported progress and verified completion including children. */
  progress_effective: Generated<number>;
  verified_effective: Generated<number>;
  rollup_rule: Generated<'own_report' | 'weighted_children' | 'mean_children'>;
  /** Children counted by the roll-up (not draft, not cancelled), and cancelled ones. */
  child_count: Generated<number>;
  cancelled_child_count: Generated<number>;
  issued_at: string | null;
  accepted_at: string | null;
  first_reported_at: string | null;
  reported_at: string | null;
  verified_at: string | null;
  closed_at: string | null;
  cancelled_at: string | null;
  last_update_at: string | null;
  supervision_level: Generated<SupervisionLevel>;
  /** The highest level the executors have been told about (due soon / overdue), reset when the due date moves. */
  supervision_notified: Generated<SupervisionLevel>;
  escalated_at: string | null;
  stale_since: string | null;
  flagged: Generated<number>;
  flagged_at: string | null;
  flagged_by: number | null;
  recurrence: Generated<Recurrence>;
  recurrence_source_id: number | null;
  recurrence_period: string | null;
  /** The record this task follows up when another module created it (see tasks.sources.ts); added by 0006. */
  source_type: string | null;
  source_id: number | null;
  created_at: string;
  updated_at: string;
}

/**
 * A task hangs on framework nodes; the lineage id follows the node across years. The task's organisation, status
 * and due date are copied here (kept in step on every change) for the coverage queries.
 */
export interface TaskFrameworkNodesTable {
  task_id: number;
  node_id: number;
  lineage_id: number;
  org_id: number;
  status: TaskStatus;
  due_on: string;
}

export interface TaskParticipantsTable {
  task_id: number;
  user_id: number;
  created_at: string;
}

/** The task's timeline: who did what when, status change, text and attachments (JSON file ids). */
export interface TaskEventsTable {
  id: Generated<number>;
  task_id: number;
  at: string;
  actor_id: number | null;
  actor_name: string;
  kind: TaskEventKind;
  from_status: TaskStatus | null;
  to_status: TaskStatus | null;
  text: string | null;
  progress: number | null;
  attachments: Generated<string>;
  data: string | null;
}

/** 挂牌督办 notice: issued by a leader, answered by the executor by a date. */
export interface SupervisionNoticesTable {
  id: Generated<number>;
  task_id: number;
  issued_by: number | null;
  issued_at: string;
  text: string;
  answer_due_on: string;
  status: 'open' | 'answered' | 'withdrawn';
  answer_text: string | null;
  answer_files: Generated<string>;
  answered_at: string | null;
  answered_by: number | null;
}

/** Supervision thresholds, one row per key (JSON value). */
export interface TaskSettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: number | null;
}

export interface TasksTables {
  tasks: TasksTable;
  task_framework_nodes: TaskFrameworkNodesTable;
  task_participants: TaskParticipantsTable;
  task_events: TaskEventsTable;
  supervision_notices: SupervisionNoticesTable;
  task_settings: TaskSettingsTable;
}

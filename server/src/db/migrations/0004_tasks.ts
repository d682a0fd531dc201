import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { addId } from '../portable.js';

/**
 * Closed-loop task lists (任务清单), their framework links, participants and timeline; evidence files
 * (storage metadata); 挂牌督办 notices; the in-app notification inbox; supervision thresholds.
 * Indexes are chosen for ~1,000,000 tasks: by owning org, by responsible user, by status + due date,
 * by supervision level, by parent/root, and framework lineage → task for coverage.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await addId(db.schema.createTable('tasks'), dialect)
    .addColumn('level', 'varchar(20)', (c) => c.notNull())
    .addColumn('parent_id', 'integer', (c) => c.references('tasks.id'))
    .addColumn('root_id', 'integer')
    .addColumn('depth', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('issuer_org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('issuer_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('responsible_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('responsibility_kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('priority', 'varchar(10)', (c) => c.notNull().defaultTo('normal'))
    .addColumn('start_on', 'varchar(10)')
    .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('target_value', 'double precision')
    .addColumn('target_unit', 'varchar(20)')
    .addColumn('target_actual', 'double precision')
    .addColumn('weight', 'double precision', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('progress', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_effective', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('verified_effective', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('rollup_rule', 'varchar(20)', (c) => c.notNull().defaultTo('own_report'))
    .addColumn('child_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('cancelled_child_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('issued_at', 'varchar(32)')
    .addColumn('accepted_at', 'varchar(32)')
    .addColumn('first_reported_at', 'varchar(32)')
    .addColumn('reported_at', 'varchar(32)')
    .addColumn('verified_at', 'varchar(32)')
    .addColumn('closed_at', 'varchar(32)')
    .addColumn('cancelled_at', 'varchar(32)')
    .addColumn('last_update_at', 'varchar(32)')
    .addColumn('supervision_level', 'varchar(10)', (c) => c.notNull().defaultTo('none'))
    .addColumn('supervision_notified', 'varchar(10)', (c) => c.notNull().defaultTo('none'))
    .addColumn('escalated_at', 'varchar(32)')
    .addColumn('stale_since', 'varchar(32)')
    .addColumn('flagged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('flagged_at', 'varchar(32)')
    .addColumn('flagged_by', 'integer', (c) => c.references('users.id'))
    .addColumn('recurrence', 'varchar(20)', (c) => c.notNull().defaultTo('none'))
    .addColumn('recurrence_source_id', 'integer', (c) => c.references('tasks.id'))
    .addColumn('recurrence_period', 'varchar(10)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  // Lists: by owning org (org_id IN the scope's organisations), by responsible user, by issuing user, by parent.
  await db.schema.createIndex('tasks_org_status_due_idx').on('tasks').columns(['org_id', 'status', 'due_on']).execute();
  await db.schema.createIndex('tasks_responsible_idx').on('tasks').columns(['responsible_user_id', 'status', 'due_on']).execute();
  await db.schema.createIndex('tasks_issuer_user_idx').on('tasks').columns(['issuer_user_id', 'status']).execute();
  await db.schema.createIndex('tasks_due_idx').on('tasks').column('due_on').execute();
  await db.schema.createIndex('tasks_parent_idx').on('tasks').columns(['parent_id', 'status']).execute();
  // The supervision scan's candidate sets, each a range of one index: not yet told (yellow / red) by due date,
  // not yet escalated by due date, in progress and not yet stale by last update.
  await db.schema.createIndex('tasks_status_notified_due_idx').on('tasks').columns(['status', 'supervision_notified', 'due_on']).execute();
  await db.schema.createIndex('tasks_status_escalated_due_idx').on('tasks').columns(['status', 'escalated_at', 'due_on']).execute();
  await db.schema.createIndex('tasks_status_stale_update_idx').on('tasks').columns(['status', 'stale_since', 'last_update_at']).execute();
  // The supervision board (covering for its count).
  await db.schema.createIndex('tasks_supervision_idx').on('tasks').columns(['supervision_level', 'status', 'org_id']).execute();
  await db.schema.createIndex('tasks_flagged_idx').on('tasks').columns(['flagged', 'status', 'org_id']).execute();
  await db.schema.createIndex('tasks_recurrence_idx').on('tasks').columns(['recurrence', 'status']).execute();
  await db.schema
    .createIndex('tasks_occurrence_unique')
    .on('tasks')
    .columns(['recurrence_source_id', 'recurrence_period'])
    .unique()
    .execute();

  // Links carry the task's organisation, status and due date (kept in step by the service) so that coverage reads
  // one covering index range instead of joining a million task rows.
  await db.schema
    .createTable('task_framework_nodes')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('node_id', 'integer', (c) => c.notNull())
    .addColumn('lineage_id', 'integer', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('due_on', 'varchar(10)', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_framework_nodes_pk', ['task_id', 'node_id'])
    .execute();
  await db.schema
    .createIndex('task_framework_nodes_lineage_idx')
    .on('task_framework_nodes')
    .columns(['lineage_id', 'org_id', 'status', 'due_on', 'task_id'])
    .execute();
  await db.schema
    .createIndex('task_framework_nodes_org_idx')
    .on('task_framework_nodes')
    .columns(['org_id', 'lineage_id', 'status', 'due_on', 'task_id'])
    .execute();
  await db.schema.createIndex('task_framework_nodes_node_idx').on('task_framework_nodes').columns(['node_id', 'task_id']).execute();

  await db.schema
    .createTable('task_participants')
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('task_participants_pk', ['task_id', 'user_id'])
    .execute();
  await db.schema.createIndex('task_participants_user_idx').on('task_participants').column('user_id').execute();

  await addId(db.schema.createTable('task_events'), dialect)
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id').onDelete('cascade'))
    .addColumn('at', 'varchar(32)', (c) => c.notNull())
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('from_status', 'varchar(20)')
    .addColumn('to_status', 'varchar(20)')
    .addColumn('text', 'text')
    .addColumn('progress', 'double precision')
    .addColumn('attachments', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('data', 'text')
    .execute();
  await db.schema.createIndex('task_events_task_idx').on('task_events').columns(['task_id', 'id']).execute();

  await addId(db.schema.createTable('files'), dialect)
    .addColumn('owner_type', 'varchar(40)', (c) => c.notNull())
    .addColumn('owner_id', 'integer', (c) => c.notNull())
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('mime', 'varchar(120)', (c) => c.notNull())
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('storage_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('uploaded_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('files_owner_idx').on('files').columns(['owner_type', 'owner_id']).execute();
  await db.schema.createIndex('files_sha_idx').on('files').column('sha256').execute();

  await addId(db.schema.createTable('supervision_notices'), dialect)
    .addColumn('task_id', 'integer', (c) => c.notNull().references('tasks.id'))
    .addColumn('issued_by', 'integer', (c) => c.references('users.id'))
    .addColumn('issued_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('answer_due_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('answer_text', 'text')
    .addColumn('answer_files', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('answered_at', 'varchar(32)')
    .addColumn('answered_by', 'integer', (c) => c.references('users.id'))
    .execute();
  await db.schema.createIndex('supervision_notices_task_idx').on('supervision_notices').column('task_id').execute();
  await db.schema.createIndex('supervision_notices_status_idx').on('supervision_notices').columns(['status', 'answer_due_on']).execute();

  await addId(db.schema.createTable('notifications'), dialect)
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(30)', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('link', 'varchar(300)')
    .addColumn('entity_type', 'varchar(40)')
    .addColumn('entity_id', 'integer')
    .addColumn('data', 'text')
    .addColumn('dedupe_key', 'varchar(120)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('read_at', 'varchar(32)')
    .execute();
  await db.schema.createIndex('notifications_user_idx').on('notifications').columns(['user_id', 'id']).execute();
  await db.schema.createIndex('notifications_unread_idx').on('notifications').columns(['user_id', 'read_at']).execute();
  await db.schema.createIndex('notifications_dedupe_unique').on('notifications').columns(['user_id', 'dedupe_key']).unique().execute();

  await db.schema
    .createTable('task_settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .execute();
}

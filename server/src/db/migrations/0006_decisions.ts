import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { addId } from '../portable.js';

/**
 * The 三会一层 decision register (决策事项清单) with the pre-study rule (前置研究讨论) and follow-up through the
 * task engine (决策事项跟踪督办); discussion campaigns (大讨论) with answers, tags, shortlist and adoption; and
 * the task engine's `source` link (a task created for another module's record: decision item, adopted answer).
 * Bodies and categories are data with defaults (an operator edits them). Indexes serve the register per
 * organisation and year, per body, the meetings a decision links to, and the campaign's answers per organisation.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('decision_bodies')
    .addColumn('code', 'varchar(30)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(100)', (c) => c.notNull())
    .addColumn('requires_pre_study', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_pre_study_body', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('decision_categories')
    .addColumn('code', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(100)', (c) => c.notNull())
    .addColumn('group_name', 'varchar(64)')
    .addColumn('group_name_en', 'varchar(100)')
    .addColumn('requires_pre_study', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await addId(db.schema.createTable('decisions'), dialect)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('doc_no', 'varchar(60)')
    .addColumn('body_code', 'varchar(30)', (c) => c.notNull().references('decision_bodies.code'))
    .addColumn('category_code', 'varchar(40)', (c) => c.notNull().references('decision_categories.code'))
    .addColumn('decided_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('meeting_id', 'integer', (c) => c.references('meetings.id').onDelete('set null'))
    .addColumn('agenda_item_id', 'integer', (c) => c.references('meeting_agenda_items.id').onDelete('set null'))
    .addColumn('resolution_id', 'integer', (c) => c.references('meeting_resolutions.id').onDelete('set null'))
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('owner_department', 'varchar(100)')
    .addColumn('review_on', 'varchar(10)')
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('pre_study_meeting_id', 'integer', (c) => c.references('meetings.id').onDelete('set null'))
    .addColumn('pre_study_agenda_item_id', 'integer', (c) => c.references('meeting_agenda_items.id').onDelete('set null'))
    .addColumn('pre_study_note', 'varchar(500)')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('decisions_org_date_idx').on('decisions').columns(['org_id', 'decided_on']).execute();
  await db.schema.createIndex('decisions_date_idx').on('decisions').columns(['decided_on', 'org_id']).execute();
  await db.schema.createIndex('decisions_body_date_idx').on('decisions').columns(['body_code', 'decided_on']).execute();
  await db.schema.createIndex('decisions_meeting_idx').on('decisions').column('meeting_id').execute();
  await db.schema.createIndex('decisions_pre_study_idx').on('decisions').column('pre_study_meeting_id').execute();
  await db.schema.createIndex('decisions_resolution_idx').on('decisions').column('resolution_id').execute();
  await db.schema.createIndex('decisions_review_idx').on('decisions').columns(['review_on', 'status']).execute();

  // The task engine's source link (tasks.sources.ts): the record a top task follows up.
  await db.schema.alterTable('tasks').addColumn('source_type', 'varchar(30)').execute();
  await db.schema.alterTable('tasks').addColumn('source_id', 'integer').execute();
  await db.schema.createIndex('tasks_source_idx').on('tasks').columns(['source_type', 'source_id', 'status']).execute();

  await addId(db.schema.createTable('campaigns'), dialect)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('question', 'varchar(500)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('ends_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('published_at', 'varchar(32)')
    .addColumn('closed_at', 'varchar(32)')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaigns_org_idx').on('campaigns').columns(['org_id', 'starts_on']).execute();
  await db.schema.createIndex('campaigns_status_idx').on('campaigns').columns(['status', 'ends_on']).execute();

  await addId(db.schema.createTable('campaign_answers'), dialect)
    .addColumn('campaign_id', 'integer', (c) => c.notNull().references('campaigns.id'))
    .addColumn('person_id', 'integer', (c) => c.references('people.id'))
    // The answering member's branch when they answered (participation is counted by it).
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('submitted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('shortlisted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('shortlisted_at', 'varchar(32)')
    .addColumn('task_id', 'integer', (c) => c.references('tasks.id'))
    .addColumn('adopted_at', 'varchar(32)')
    .addColumn('adopted_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaign_answers_campaign_idx').on('campaign_answers').columns(['campaign_id', 'id']).execute();
  await db.schema.createIndex('campaign_answers_org_idx').on('campaign_answers').columns(['campaign_id', 'org_id', 'person_id']).execute();
  await db.schema.createIndex('campaign_answers_person_idx').on('campaign_answers').columns(['person_id', 'campaign_id']).execute();
  await db.schema.createIndex('campaign_answers_task_idx').on('campaign_answers').column('task_id').execute();

  await insertDefaults(db);
}

type BodyRow = [code: string, name: string, nameEn: string, requiresPreStudy: 0 | 1, isPreStudyBody: 0 | 1];

/** The 三会一层 bodies (codes match meeting_types.body of the meetings module). */
export const DEFAULT_DECISION_BODIES: BodyRow[] = [
  ['party_committee', '党委会', 'Party committee', 0, 1],
  ['board', '董事会', 'Board of directors', 1, 0],
  ['management', '经理层（总经理办公会）', 'Management (GM office meeting)', 1, 0],
  ['workers_congress', '职代会', "Workers' congress", 0, 0],
  ['shareholders', '股东会', 'Shareholders’ meeting', 0, 0],
  ['supervisors', '监事会', 'Board of supervisors', 0, 0],
];

type CategoryRow = [code: string, name: string, nameEn: string, group: string | null, groupEn: string | null, requiresPreStudy: 0 | 1];

const MAJOR = '重大经营管理事项（三重一大）';
const MAJOR_EN = 'Major business and management matters ("three majors, one large")';

/** The categories: the four 三重一大 kinds of 重大经营管理事项 need pre-study; the rest do not (editable). */
export const DEFAULT_DECISION_CATEGORIES: CategoryRow[] = [
  ['major_decision', '重大决策', 'Major decision', MAJOR, MAJOR_EN, 1],
  ['major_appointment', '重要人事任免', 'Important appointment or removal', MAJOR, MAJOR_EN, 1],
  ['major_project', '重大项目安排', 'Major project arrangement', MAJOR, MAJOR_EN, 1],
  ['large_fund', '大额资金运作', 'Large-amount fund operation', MAJOR, MAJOR_EN, 1],
  ['routine_business', '一般经营管理事项', 'Routine business matter', null, null, 0],
  ['party_building', '党的建设事项', 'Party-building matter', null, null, 0],
  ['staff_welfare', '职工权益事项', 'Staff rights and welfare matter', null, null, 0],
  ['other', '其他事项', 'Other matter', null, null, 0],
];

async function insertDefaults(db: Kysely<unknown>): Promise<void> {
  const at = new Date().toISOString();
  const any = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  await any
    .insertInto('decision_bodies')
    .values(
      DEFAULT_DECISION_BODIES.map(([code, name, nameEn, requiresPreStudy, isPreStudyBody], i) => ({
        code,
        name,
        name_en: nameEn,
        requires_pre_study: requiresPreStudy,
        is_pre_study_body: isPreStudyBody,
        sort_order: (i + 1) * 10,
        active: 1,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
  await any
    .insertInto('decision_categories')
    .values(
      DEFAULT_DECISION_CATEGORIES.map(([code, name, nameEn, group, groupEn, requiresPreStudy], i) => ({
        code,
        name,
        name_en: nameEn,
        group_name: group,
        group_name_en: groupEn,
        requires_pre_study: requiresPreStudy,
        sort_order: (i + 1) * 10,
        active: 1,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
}

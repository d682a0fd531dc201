import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { addId } from '../portable.js';

/**
 * Meetings (三会一课, organisational life, 三会一层 governance meetings, 谈心谈话) with their agenda (第一议题),
 * expected and actual attendance, resolutions (→ tasks / decision items), check-in codes; the 五学 learning
 * mechanism (study plans, a study record per study meeting, make-up study, reflections 心得); and the
 * compliance frequencies of the 支部工作条例 as data.
 * Indexes are chosen for a group deployment (5,000 organisations, ~250,000 meetings a year, 100,000 members):
 * the compliance matrix reads one covering range of `meetings_compliance_idx` (date, status, type, org);
 * calendars read by org + date; inactivity reads each person's latest attended org-life date from
 * `meeting_attendees_person_idx` (attendees carry the meeting's date and org-life flag, kept in step).
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('meeting_types')
    .addColumn('code', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(100)', (c) => c.notNull())
    // party | governance | leadership | study | talk
    .addColumn('category', 'varchar(20)', (c) => c.notNull())
    // 三会一层 body for governance/party decisions: party_committee | board | management | workers_congress | null
    .addColumn('body', 'varchar(30)')
    .addColumn('first_topic', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('org_life', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_study', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_talk', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON array of org kinds that hold this meeting, e.g. ["branch","general_branch"]
    .addColumn('org_kinds', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('default_minutes', 'integer', (c) => c.notNull().defaultTo(90))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await addId(db.schema.createTable('meetings'), dialect)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('type_code', 'varchar(40)', (c) => c.notNull().references('meeting_types.code'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    // Beijing calendar date of starts_at (compliance and calendars bucket by it)
    .addColumn('meeting_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('starts_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('ends_at', 'varchar(32)')
    .addColumn('place', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('online', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('online_link', 'varchar(300)')
    .addColumn('chair_person_id', 'integer', (c) => c.references('people.id'))
    .addColumn('recorder_person_id', 'integer', (c) => c.references('people.id'))
    // 谈心谈话: the other party of the talk (the chair is the first)
    .addColumn('counterpart_person_id', 'integer', (c) => c.references('people.id'))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('minutes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('summary', 'varchar(1000)')
    .addColumn('cancel_reason', 'varchar(500)')
    .addColumn('checkin_code', 'varchar(12)')
    .addColumn('checkin_open', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('checkin_expires_at', 'varchar(32)')
    .addColumn('reminder_sent_at', 'varchar(32)')
    .addColumn('held_at', 'varchar(32)')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  // Date first: a per-organisation query (org_id = ?) then prefers meetings_org_date_idx even without statistics.
  await db.schema
    .createIndex('meetings_compliance_idx')
    .on('meetings')
    .columns(['meeting_date', 'status', 'type_code', 'org_id'])
    .execute();
  // Talk coverage and type-filtered calendars: one type's held meetings in a date range.
  await db.schema.createIndex('meetings_type_idx').on('meetings').columns(['type_code', 'status', 'meeting_date', 'org_id']).execute();
  // Talk coverage (谈心谈话): both people of a type's held meetings in a date range, read from the index alone.
  await db.schema
    .createIndex('meetings_talk_idx')
    .on('meetings')
    .columns(['type_code', 'status', 'meeting_date', 'chair_person_id', 'counterpart_person_id'])
    .execute();
  await db.schema.createIndex('meetings_org_date_idx').on('meetings').columns(['org_id', 'meeting_date']).execute();
  // Not led by status: an index starting with the few-valued status lures SQLite (no statistics) into scanning every held meeting.
  await db.schema.createIndex('meetings_reminder_idx').on('meetings').columns(['reminder_sent_at', 'starts_at', 'status']).execute();
  await db.schema.createIndex('meetings_checkin_code_idx').on('meetings').column('checkin_code').execute();

  await addId(db.schema.createTable('meeting_agenda_items'), dialect)
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(300)', (c) => c.notNull())
    .addColumn('is_first_topic', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('presenter', 'varchar(64)')
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_agenda_items_meeting_idx').on('meeting_agenda_items').columns(['meeting_id', 'position']).execute();

  await db.schema
    .createTable('meeting_attendees')
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('expected', 'integer', (c) => c.notNull().defaultTo(1))
    // pending | present | leave | absent
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('leave_reason', 'varchar(300)')
    // code | recorder | makeup
    .addColumn('checkin_method', 'varchar(10)')
    .addColumn('checked_in_at', 'varchar(32)')
    // copies of the meeting's date / org id / org-life flag / status, kept in step by the service
    .addColumn('meeting_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('org_life', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('meeting_status', 'varchar(20)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('meeting_attendees_pk', ['meeting_id', 'person_id'])
    .execute();
  await db.schema
    .createIndex('meeting_attendees_person_idx')
    .on('meeting_attendees')
    .columns(['person_id', 'org_life', 'status', 'meeting_date'])
    .execute();
  await db.schema.createIndex('meeting_attendees_org_idx').on('meeting_attendees').columns(['org_id', 'meeting_date', 'status']).execute();

  await addId(db.schema.createTable('meeting_resolutions'), dialect)
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('agenda_item_id', 'integer', (c) => c.references('meeting_agenda_items.id').onDelete('set null'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('task_id', 'integer', (c) => c.references('tasks.id'))
    // set by the decisions module (0006) when a resolution becomes a decision item
    .addColumn('decision_id', 'integer')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meeting_resolutions_meeting_idx').on('meeting_resolutions').columns(['meeting_id', 'position']).execute();
  await db.schema.createIndex('meeting_resolutions_task_idx').on('meeting_resolutions').column('task_id').execute();
  await db.schema.createIndex('meeting_resolutions_decision_idx').on('meeting_resolutions').column('decision_id').execute();

  // ---- Learning (五学) ----
  await addId(db.schema.createTable('study_plans'), dialect)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('target_hours', 'double precision')
    .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('study_plans_org_year_idx').on('study_plans').columns(['org_id', 'year']).execute();

  await addId(db.schema.createTable('study_plan_items'), dialect)
    .addColumn('plan_id', 'integer', (c) => c.notNull().references('study_plans.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('topic', 'varchar(300)', (c) => c.notNull())
    .addColumn('materials', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('mode', 'varchar(30)')
    // planned month YYYY-MM
    .addColumn('planned_month', 'varchar(7)')
    .addColumn('planned_hours', 'double precision')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('study_plan_items_plan_idx').on('study_plan_items').columns(['plan_id', 'position']).execute();

  // A study meeting's study record: one of the five modes, hours credited to each present attendee.
  await db.schema
    .createTable('study_records')
    .addColumn('meeting_id', 'integer', (c) => c.primaryKey().references('meetings.id').onDelete('cascade'))
    // follow_up (党委会跟进学) | seminar (中心组研讨学) | reading_class (读书班系统学) | leader_led (上级领导领学) | expert (邀请专家讲学)
    .addColumn('mode', 'varchar(30)', (c) => c.notNull())
    .addColumn('topic', 'varchar(300)', (c) => c.notNull())
    .addColumn('materials', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('speaker', 'varchar(100)')
    .addColumn('hours', 'double precision', (c) => c.notNull())
    .addColumn('plan_item_id', 'integer', (c) => c.references('study_plan_items.id').onDelete('set null'))
    .addColumn('org_id', 'integer', (c) => c.notNull())
    .addColumn('meeting_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('study_records_org_date_idx').on('study_records').columns(['org_id', 'meeting_date']).execute();
  await db.schema.createIndex('study_records_plan_item_idx').on('study_records').column('plan_item_id').execute();

  // Make-up study (补学) by someone absent or on leave: hours credited once done.
  await addId(db.schema.createTable('study_makeups'), dialect)
    .addColumn('meeting_id', 'integer', (c) => c.notNull().references('meetings.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('due_on', 'varchar(10)')
    .addColumn('done_on', 'varchar(10)')
    .addColumn('hours', 'double precision')
    .addColumn('note', 'varchar(1000)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('study_makeups_unique').on('study_makeups').columns(['meeting_id', 'person_id']).unique().execute();
  await db.schema.createIndex('study_makeups_person_idx').on('study_makeups').columns(['person_id', 'status']).execute();

  // Reflections (学习心得) by members, reviewed by their organisation.
  await addId(db.schema.createTable('study_reflections'), dialect)
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('meeting_id', 'integer', (c) => c.references('meetings.id').onDelete('set null'))
    .addColumn('plan_item_id', 'integer', (c) => c.references('study_plan_items.id').onDelete('set null'))
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // submitted | approved | returned
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('review_comment', 'varchar(1000)')
    .addColumn('reviewed_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reviewed_at', 'varchar(32)')
    .addColumn('submitted_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('study_reflections_org_idx').on('study_reflections').columns(['org_id', 'submitted_on']).execute();
  await db.schema.createIndex('study_reflections_person_idx').on('study_reflections').columns(['person_id', 'submitted_on']).execute();
  await db.schema.createIndex('study_reflections_meeting_idx').on('study_reflections').column('meeting_id').execute();

  // ---- Compliance (基层党建标准化): how often each meeting type is due, as data ----
  await db.schema
    .createTable('compliance_rules')
    .addColumn('code', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('meeting_type_code', 'varchar(40)', (c) => c.notNull().references('meeting_types.code'))
    // month | quarter | year
    .addColumn('period', 'varchar(10)', (c) => c.notNull())
    .addColumn('min_count', 'integer', (c) => c.notNull().defaultTo(1))
    // branch | branch_with_committee | group | branch_talk_coverage
    .addColumn('applies_to', 'varchar(30)', (c) => c.notNull())
    // for coverage rules: share of members (0..1) that must be covered in the period
    .addColumn('coverage', 'double precision')
    .addColumn('source', 'varchar(300)', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('updated_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await insertDefaults(db);
}

type TypeRow = [
  code: string,
  name: string,
  nameEn: string,
  category: string,
  body: string | null,
  firstTopic: 0 | 1,
  orgLife: 0 | 1,
  isStudy: 0 | 1,
  orgKinds: string[],
  minutes: number,
];

/** The default meeting types (editable data; an operator may add more). */
export const DEFAULT_MEETING_TYPES: TypeRow[] = [
  ['party_committee', '党委会', 'Party committee meeting', 'party', 'party_committee', 1, 0, 0, ['committee'], 120],
  [
    'theory_group',
    '党委理论学习中心组学习',
    'Theory study group (中心组) session',
    'study',
    'party_committee',
    0,
    0,
    1,
    ['committee'],
    180,
  ],
  ['reading_class', '读书班', 'Reading class', 'study', null, 0, 0, 1, ['committee', 'general_branch'], 480],
  ['general_meeting', '党员大会', 'Branch general meeting', 'party', null, 1, 1, 0, ['branch', 'general_branch'], 90],
  ['branch_committee', '支委会', 'Branch committee meeting', 'party', null, 1, 1, 0, ['branch', 'general_branch'], 60],
  ['group_meeting', '党小组会', 'Party group meeting', 'party', null, 0, 1, 0, ['group'], 60],
  ['party_lecture', '党课', 'Party lecture', 'party', null, 0, 1, 1, ['committee', 'general_branch', 'branch'], 90],
  ['theme_day', '主题党日', 'Theme party day', 'party', null, 0, 1, 0, ['general_branch', 'branch'], 120],
  ['org_life_meeting', '组织生活会', 'Organisational life meeting', 'party', null, 0, 1, 0, ['general_branch', 'branch'], 120],
  ['democratic_life', '民主生活会', 'Democratic life meeting (leadership)', 'leadership', 'party_committee', 0, 1, 0, ['committee'], 240],
  ['member_review', '民主评议党员', 'Democratic review of members', 'party', null, 0, 1, 0, ['general_branch', 'branch'], 120],
  ['talk', '谈心谈话', 'Heart-to-heart talk', 'talk', null, 0, 0, 0, ['committee', 'general_branch', 'branch', 'group'], 30],
  ['board', '董事会', 'Board meeting', 'governance', 'board', 0, 0, 0, ['committee'], 120],
  ['management', '总经理办公会', 'General manager office meeting', 'governance', 'management', 0, 0, 0, ['committee'], 120],
  ['workers_congress', '职代会', "Workers' congress", 'governance', 'workers_congress', 0, 0, 0, ['committee'], 240],
];

type RuleRow = [code: string, type: string, period: 'month' | 'quarter' | 'year', min: number, appliesTo: string, coverage: number | null];

const SOURCE = '《中国共产党支部工作条例（试行）》(2018)';

/** The default frequencies of RULES.md "Organisational life" (editable data). */
export const DEFAULT_COMPLIANCE_RULES: RuleRow[] = [
  ['general_meeting.quarter', 'general_meeting', 'quarter', 1, 'branch', null],
  ['branch_committee.month', 'branch_committee', 'month', 1, 'branch_with_committee', null],
  ['group_meeting.month', 'group_meeting', 'month', 1, 'group', null],
  ['party_lecture.quarter', 'party_lecture', 'quarter', 1, 'branch', null],
  ['theme_day.month', 'theme_day', 'month', 1, 'branch', null],
  ['org_life_meeting.year', 'org_life_meeting', 'year', 1, 'branch', null],
  ['member_review.year', 'member_review', 'year', 1, 'branch', null],
  ['talk.year', 'talk', 'year', 1, 'branch_talk_coverage', 1],
];

/** Inserts the default types and rules (run by `up`). */
async function insertDefaults(db: Kysely<unknown>): Promise<void> {
  const at = new Date().toISOString();
  const any = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
  await any
    .insertInto('meeting_types')
    .values(
      DEFAULT_MEETING_TYPES.map(([code, name, nameEn, category, body, firstTopic, orgLife, isStudy, orgKinds, minutes], i) => ({
        code,
        name,
        name_en: nameEn,
        category,
        body,
        first_topic: firstTopic,
        org_life: orgLife,
        is_study: isStudy,
        is_talk: code === 'talk' ? 1 : 0,
        org_kinds: JSON.stringify(orgKinds),
        default_minutes: minutes,
        sort_order: (i + 1) * 10,
        active: 1,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
  await any
    .insertInto('compliance_rules')
    .values(
      DEFAULT_COMPLIANCE_RULES.map(([code, type, period, min, appliesTo, coverage], i) => ({
        code,
        meeting_type_code: type,
        period,
        min_count: min,
        applies_to: appliesTo,
        coverage,
        source: code === 'party_lecture.quarter' ? `${SOURCE}；默认每季度至少一次（书记每年至少讲一次）` : SOURCE,
        sort_order: (i + 1) * 10,
        active: 1,
        updated_by: 'system',
        updated_at: at,
      })),
    )
    .execute();
}

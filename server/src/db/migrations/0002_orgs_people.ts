import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { addId } from '../portable.js';

/**
 * Organisations and people: the roster (people) with membership history, organisational-relationship
 * transfers and status events; posts held in organisations; organisation history; rule settings
 * (thresholds of the 支部工作条例 checks); Excel import jobs.
 * Indexes are chosen for 5,000 organisations / 100,000 people: scoped roster lists (org_id),
 * per-branch grouped counts (status, branch_id, group_id, party_status), lookups by employee number,
 * name and pinyin initials, and history by person / by organisation.
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await addId(db.schema.createTable('people'), dialect)
    .addColumn('employee_no', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('name_initials', 'varchar(32)', (c) => c.notNull().defaultTo(''))
    .addColumn('gender', 'varchar(10)', (c) => c.notNull())
    .addColumn('ethnicity', 'varchar(20)')
    .addColumn('birth_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('education', 'varchar(20)')
    .addColumn('job_title', 'varchar(64)')
    .addColumn('business_unit', 'varchar(100)')
    .addColumn('phone', 'varchar(32)')
    .addColumn('party_status', 'varchar(20)', (c) => c.notNull())
    .addColumn('joined_party_on', 'varchar(10)')
    .addColumn('full_member_on', 'varchar(10)')
    .addColumn('probation_start', 'varchar(10)')
    .addColumn('is_cadre', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_retired', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_mobile', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('branch_id', 'integer', (c) => c.references('orgs.id'))
    .addColumn('group_id', 'integer', (c) => c.references('orgs.id'))
    .addColumn('status', 'varchar(10)', (c) => c.notNull().defaultTo('active'))
    .addColumn('left_on', 'varchar(10)')
    .addColumn('note', 'varchar(500)')
    .addColumn('import_job_id', 'integer')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('people_org_idx').on('people').columns(['org_id', 'status']).execute();
  await db.schema
    .createIndex('people_branch_counts_idx')
    .on('people')
    .columns(['status', 'branch_id', 'group_id', 'party_status'])
    .execute();
  await db.schema.createIndex('people_status_no_idx').on('people').columns(['status', 'employee_no']).execute();
  await db.schema.createIndex('people_branch_idx').on('people').column('branch_id').execute();
  await db.schema.createIndex('people_group_idx').on('people').column('group_id').execute();
  await db.schema.createIndex('people_name_idx').on('people').column('name').execute();
  await db.schema.createIndex('people_initials_idx').on('people').column('name_initials').execute();

  await addId(db.schema.createTable('memberships'), dialect)
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('from_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('to_on', 'varchar(10)')
    .addColumn('start_kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('end_kind', 'varchar(20)')
    .addColumn('reason', 'varchar(500)')
    .addColumn('transfer_id', 'integer')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('memberships_person_idx').on('memberships').columns(['person_id', 'from_on']).execute();
  await db.schema.createIndex('memberships_org_idx').on('memberships').columns(['org_id', 'to_on']).execute();

  await addId(db.schema.createTable('person_transfers'), dialect)
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('from_org_id', 'integer', (c) => c.references('orgs.id'))
    .addColumn('to_org_id', 'integer', (c) => c.references('orgs.id'))
    .addColumn('external_org', 'varchar(200)')
    .addColumn('transfer_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_by_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_transfers_person_idx').on('person_transfers').column('person_id').execute();

  await addId(db.schema.createTable('person_events'), dialect)
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('from_value', 'varchar(20)')
    .addColumn('to_value', 'varchar(20)')
    .addColumn('on_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('reason', 'varchar(500)')
    .addColumn('created_by', 'integer')
    .addColumn('created_by_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('person_events_person_idx').on('person_events').columns(['person_id', 'on_date']).execute();

  await addId(db.schema.createTable('org_posts'), dialect)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id'))
    .addColumn('post', 'varchar(30)', (c) => c.notNull())
    .addColumn('start_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('end_on', 'varchar(10)')
    .addColumn('note', 'varchar(500)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('org_posts_org_idx').on('org_posts').columns(['org_id', 'end_on']).execute();
  await db.schema.createIndex('org_posts_person_idx').on('org_posts').column('person_id').execute();

  await addId(db.schema.createTable('org_events'), dialect)
    .addColumn('org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('on_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('reason', 'varchar(500)')
    .addColumn('related_org_id', 'integer')
    .addColumn('actor_id', 'integer')
    .addColumn('actor_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('org_events_org_idx').on('org_events').columns(['org_id', 'created_at']).execute();

  await db.schema
    .createTable('rule_settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('source', 'varchar(300)')
    .addColumn('updated_by', 'varchar(64)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await addId(db.schema.createTable('import_jobs'), dialect)
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_by_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('total_rows', 'integer', (c) => c.notNull())
    .addColumn('valid_rows', 'integer', (c) => c.notNull())
    .addColumn('error_rows', 'integer', (c) => c.notNull())
    .addColumn('mode', 'varchar(20)')
    .addColumn('committed_at', 'varchar(32)')
    .addColumn('created_count', 'integer')
    .addColumn('payload', 'text')
    .execute();
  await db.schema.createIndex('import_jobs_creator_idx').on('import_jobs').columns(['created_by', 'created_at']).execute();
}

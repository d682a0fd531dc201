import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { addId } from '../portable.js';

/** The framework (党建工作体系): one version per year and its tree of nodes. */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await addId(db.schema.createTable('framework_versions'), dialect)
    .addColumn('year', 'integer', (c) => c.notNull().unique())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('copied_from', 'integer', (c) => c.references('framework_versions.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await addId(db.schema.createTable('framework_nodes'), dialect)
    .addColumn('version_id', 'integer', (c) => c.notNull().references('framework_versions.id'))
    .addColumn('parent_id', 'integer', (c) => c.references('framework_nodes.id'))
    .addColumn('lineage_id', 'integer', (c) => c.notNull())
    .addColumn('code', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('kind', 'varchar(20)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('evidence', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('weight', 'double precision', (c) => c.notNull().defaultTo(1))
    .addColumn('assessable', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'varchar(20)', (c) => c.notNull().defaultTo('active'))
    .addColumn('retired_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('framework_nodes_version_idx').on('framework_nodes').columns(['version_id', 'parent_id']).execute();
  await db.schema.createIndex('framework_nodes_lineage_idx').on('framework_nodes').column('lineage_id').execute();
  await db.schema
    .createIndex('framework_nodes_version_lineage_idx')
    .on('framework_nodes')
    .columns(['version_id', 'lineage_id'])
    .unique()
    .execute();
  await db.schema.createIndex('framework_nodes_code_idx').on('framework_nodes').columns(['version_id', 'code']).execute();
}

import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';
import { addId } from '../portable.js';

/**
 * 成效评价: schemes with their dimensions, indicators and grade bands (as data); runs (snapshots) with every score
 * and the inputs it came from, results per target, calibrations; manual scores with their workflow; bonus /
 * deduction items; values entered or imported (check results, business KPIs).
 * A run of 5,000 targets × ~10 indicators writes ~50,000 score rows: indexed by (run, target).
 */
export async function up(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  await addId(db.schema.createTable('eval_schemes'), dialect)
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('period_kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('period_index', 'integer', (c) => c.notNull())
    .addColumn('period_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('period_to', 'varchar(10)', (c) => c.notNull())
    .addColumn('population', 'varchar(10)', (c) => c.notNull())
    .addColumn('org_kind', 'varchar(20)')
    .addColumn('root_org_id', 'integer', (c) => c.notNull().references('orgs.id'))
    .addColumn('visibility', 'varchar(10)', (c) => c.notNull())
    .addColumn('grade_bands', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('eval_schemes_year_idx').on('eval_schemes').columns(['year', 'period_from']).execute();

  await addId(db.schema.createTable('eval_dimensions'), dialect)
    .addColumn('scheme_id', 'integer', (c) => c.notNull().references('eval_schemes.id').onDelete('cascade'))
    .addColumn('code', 'varchar(40)', (c) => c.notNull())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(150)', (c) => c.notNull().defaultTo(''))
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('eval_dimensions_scheme_code_unique').on('eval_dimensions').columns(['scheme_id', 'code']).unique().execute();

  await addId(db.schema.createTable('eval_indicators'), dialect)
    .addColumn('scheme_id', 'integer', (c) => c.notNull().references('eval_schemes.id').onDelete('cascade'))
    .addColumn('dimension_id', 'integer', (c) => c.notNull().references('eval_dimensions.id').onDelete('cascade'))
    .addColumn('code', 'varchar(40)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('method', 'varchar(20)', (c) => c.notNull())
    .addColumn('max_points', 'double precision', (c) => c.notNull())
    .addColumn('formula', 'varchar(500)')
    .addColumn('mapping', 'text')
    .addColumn('no_data', 'varchar(10)', (c) => c.notNull())
    .addColumn('framework_node_id', 'integer')
    .addColumn('self_assessment', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('eval_indicators_scheme_code_unique').on('eval_indicators').columns(['scheme_id', 'code']).unique().execute();
  await db.schema.createIndex('eval_indicators_node_idx').on('eval_indicators').column('framework_node_id').execute();

  await addId(db.schema.createTable('eval_runs'), dialect)
    .addColumn('scheme_id', 'integer', (c) => c.notNull().references('eval_schemes.id'))
    .addColumn('status', 'varchar(12)', (c) => c.notNull())
    .addColumn('progress_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('progress_total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stage', 'varchar(120)')
    .addColumn('as_of', 'varchar(10)', (c) => c.notNull())
    .addColumn('target_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('definition', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_by_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('started_at', 'varchar(32)')
    .addColumn('finished_at', 'varchar(32)')
    .addColumn('heartbeat_at', 'varchar(32)')
    .addColumn('duration_ms', 'integer')
    .addColumn('error', 'text')
    .addColumn('published_at', 'varchar(32)')
    .addColumn('published_by_name', 'varchar(64)')
    .execute();
  await db.schema.createIndex('eval_runs_scheme_idx').on('eval_runs').columns(['scheme_id', 'id']).execute();
  await db.schema.createIndex('eval_runs_status_idx').on('eval_runs').columns(['status', 'heartbeat_at']).execute();

  await addId(db.schema.createTable('eval_results'), dialect)
    .addColumn('run_id', 'integer', (c) => c.notNull().references('eval_runs.id').onDelete('cascade'))
    .addColumn('target_type', 'varchar(10)', (c) => c.notNull())
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('target_code', 'varchar(64)', (c) => c.notNull())
    .addColumn('target_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('target_path', 'varchar(400)', (c) => c.notNull())
    .addColumn('parent_id', 'integer')
    .addColumn('parent_code', 'varchar(64)')
    .addColumn('parent_name', 'varchar(200)')
    .addColumn('total', 'double precision')
    .addColumn('grade_code', 'varchar(40)')
    .addColumn('dims', 'text', (c) => c.notNull())
    .addColumn('no_data_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('calibrated', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('eval_results_run_target_unique').on('eval_results').columns(['run_id', 'target_id']).unique().execute();
  await db.schema.createIndex('eval_results_target_idx').on('eval_results').columns(['target_type', 'target_id']).execute();

  await addId(db.schema.createTable('eval_scores'), dialect)
    .addColumn('run_id', 'integer', (c) => c.notNull().references('eval_runs.id').onDelete('cascade'))
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('indicator_id', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('value', 'double precision')
    .addColumn('computed_points', 'double precision')
    .addColumn('points', 'double precision')
    .addColumn('inputs', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('eval_scores_run_target_idx')
    .on('eval_scores')
    .columns(['run_id', 'target_id', 'indicator_id'])
    .unique()
    .execute();

  await addId(db.schema.createTable('eval_calibrations'), dialect)
    .addColumn('run_id', 'integer', (c) => c.notNull().references('eval_runs.id').onDelete('cascade'))
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('indicator_id', 'integer', (c) => c.notNull())
    .addColumn('from_points', 'double precision')
    .addColumn('to_points', 'double precision', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer')
    .addColumn('created_by_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('eval_calibrations_run_idx')
    .on('eval_calibrations')
    .columns(['run_id', 'target_id', 'indicator_id'])
    .execute();

  await addId(db.schema.createTable('eval_manual_scores'), dialect)
    .addColumn('scheme_id', 'integer', (c) => c.notNull().references('eval_schemes.id').onDelete('cascade'))
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('eval_indicators.id').onDelete('cascade'))
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('self_points', 'double precision')
    .addColumn('self_comment', 'text')
    .addColumn('self_by', 'integer')
    .addColumn('self_by_name', 'varchar(64)')
    .addColumn('self_at', 'varchar(32)')
    .addColumn('review_points', 'double precision')
    .addColumn('review_comment', 'text')
    .addColumn('review_by', 'integer')
    .addColumn('review_by_name', 'varchar(64)')
    .addColumn('review_at', 'varchar(32)')
    .addColumn('confirmed_by_name', 'varchar(64)')
    .addColumn('confirmed_at', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('eval_manual_scores_unique')
    .on('eval_manual_scores')
    .columns(['indicator_id', 'target_id'])
    .unique()
    .execute();
  await db.schema.createIndex('eval_manual_scores_scheme_idx').on('eval_manual_scores').columns(['scheme_id', 'status']).execute();

  await addId(db.schema.createTable('eval_adjustments'), dialect)
    .addColumn('scheme_id', 'integer', (c) => c.notNull().references('eval_schemes.id').onDelete('cascade'))
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('eval_indicators.id').onDelete('cascade'))
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('points', 'double precision', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('withdraw_reason', 'text')
    .addColumn('created_by', 'integer')
    .addColumn('created_by_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('eval_adjustments_scheme_idx')
    .on('eval_adjustments')
    .columns(['scheme_id', 'indicator_id', 'target_id'])
    .execute();

  await addId(db.schema.createTable('eval_inputs'), dialect)
    .addColumn('scheme_id', 'integer', (c) => c.notNull().references('eval_schemes.id').onDelete('cascade'))
    .addColumn('indicator_id', 'integer', (c) => c.notNull().references('eval_indicators.id').onDelete('cascade'))
    .addColumn('target_id', 'integer', (c) => c.notNull())
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('source', 'varchar(10)', (c) => c.notNull())
    .addColumn('updated_by', 'integer')
    .addColumn('updated_by_name', 'varchar(64)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('eval_inputs_unique').on('eval_inputs').columns(['indicator_id', 'target_id']).unique().execute();
  await db.schema.createIndex('eval_inputs_scheme_idx').on('eval_inputs').column('scheme_id').execute();
}

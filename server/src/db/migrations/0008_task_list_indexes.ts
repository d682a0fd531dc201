import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../database.js';

/**
 * "My tasks" asks for tasks the user is responsible for, or unassigned tasks of the organisations they operate.
 * The second half used to intersect the org index with every unassigned task of the database (12,838 rows at group
 * scale, ~15 ms on PostgreSQL per request); a partial index holds only the unassigned tasks, by organisation and due
 * date, so both halves of the OR are direct index lookups.
 */
export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  await db.schema
    .createIndex('tasks_unassigned_org_idx')
    .on('tasks')
    .columns(['org_id', 'due_on'])
    .where(sql.ref('responsible_user_id'), 'is', null)
    .execute();
}

import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { FrameworkNodesTable, FrameworkVersionsTable } from './framework.tables.js';

export type VersionRow = Selectable<FrameworkVersionsTable>;
export type NodeRow = Selectable<FrameworkNodesTable>;

/** Every version, newest year first. */
export function listVersions(db: Kysely<DB>) {
  return db.selectFrom('framework_versions').selectAll().orderBy('year', 'desc').execute();
}

/** Node counts per version, kind and status. */
export function countNodesByVersion(db: Kysely<DB>) {
  return db
    .selectFrom('framework_nodes')
    .select(['version_id', 'kind', 'status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy(['version_id', 'kind', 'status'])
    .execute();
}

export function findVersionByYear(db: Kysely<DB>, year: number) {
  return db.selectFrom('framework_versions').selectAll().where('year', '=', year).executeTakeFirst();
}

export function findVersionById(db: Kysely<DB>, id: number) {
  return db.selectFrom('framework_versions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The version in force for a year: that year's when not a draft, else the latest earlier non-draft one. */
export function findVersionInForce(db: Kysely<DB>, year: number) {
  return db
    .selectFrom('framework_versions')
    .selectAll()
    .where('year', '<=', year)
    .where('status', '!=', 'draft')
    .orderBy('year', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function hasAnyVersion(db: Kysely<DB>): Promise<boolean> {
  return (await db.selectFrom('framework_versions').select('id').limit(1).executeTakeFirst()) !== undefined;
}

export function insertVersion(db: Kysely<DB>, values: Insertable<FrameworkVersionsTable>) {
  return db.insertInto('framework_versions').values(values).returning('id').executeTakeFirstOrThrow();
}

export function updateVersion(db: Kysely<DB>, id: number, patch: Updateable<FrameworkVersionsTable>) {
  return db.updateTable('framework_versions').set(patch).where('id', '=', id).execute();
}

/** Every node of a version in tree order (parents before children is not guaranteed; callers link by id). */
export function listNodes(db: Kysely<DB>, versionId: number) {
  return db.selectFrom('framework_nodes').selectAll().where('version_id', '=', versionId).orderBy('sort_order').orderBy('id').execute();
}

export function findNodeById(db: Kysely<DB>, id: number) {
  return db.selectFrom('framework_nodes').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findNodesByIds(db: Kysely<DB>, ids: number[]) {
  if (ids.length === 0) {
    return Promise.resolve([] as NodeRow[]);
  }
  return db.selectFrom('framework_nodes').selectAll().where('id', 'in', ids).execute();
}

/** The nodes of the given lineages in every year, with their version's year and status. */
export function listNodesOfLineages(db: Kysely<DB>, lineageIds: number[]) {
  if (lineageIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('framework_nodes as n')
    .innerJoin('framework_versions as v', 'v.id', 'n.version_id')
    .select(['n.id', 'n.lineage_id', 'n.code', 'n.name', 'n.status', 'v.year', 'v.status as version_status'])
    .where('n.lineage_id', 'in', lineageIds)
    .orderBy('v.year')
    .execute();
}

/** Inserts a node; a node that starts a lineage gets its own id as lineage id. */
export async function insertNode(
  db: Kysely<DB>,
  values: Omit<Insertable<FrameworkNodesTable>, 'lineage_id'> & { lineage_id: number | null },
) {
  const row = await db
    .insertInto('framework_nodes')
    .values({ ...values, lineage_id: values.lineage_id ?? 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (values.lineage_id === null) {
    await db.updateTable('framework_nodes').set({ lineage_id: row.id }).where('id', '=', row.id).execute();
    return { id: row.id, lineageId: row.id };
  }
  return { id: row.id, lineageId: values.lineage_id };
}

export function updateNode(db: Kysely<DB>, id: number, patch: Updateable<FrameworkNodesTable>) {
  return db.updateTable('framework_nodes').set(patch).where('id', '=', id).execute();
}

/** The audit entries of the given node ids, newest first. */
export function listNodeAudit(db: Kysely<DB>, nodeIds: number[], limit: number) {
  if (nodeIds.length === 0) {
    return Promise.resolve([]);
  }
  return db
    .selectFrom('audit_log')
    .select(['seq', 'at', 'actor_name', 'action', 'entity_id', 'changes'])
    .where('entity_type', '=', 'framework_node')
    .where(
      'entity_id',
      'in',
      nodeIds.map((id) => String(id)),
    )
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

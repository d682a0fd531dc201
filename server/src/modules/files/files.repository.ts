import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { FilesTable } from './files.tables.js';

export function insertFile(db: Kysely<DB>, values: Insertable<FilesTable>) {
  return db.insertInto('files').values(values).returningAll().executeTakeFirstOrThrow();
}

export function findFileById(db: Kysely<DB>, id: number) {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findFilesByIds(db: Kysely<DB>, ids: number[]) {
  if (ids.length === 0) {
    return Promise.resolve([]);
  }
  return db.selectFrom('files').selectAll().where('id', 'in', ids).execute();
}

/** Every file of the given owners, oldest first. */
export function listFilesOfOwners(db: Kysely<DB>, ownerType: string, ownerIds: number[]) {
  if (ownerIds.length === 0) {
    return Promise.resolve([]);
  }
  return db.selectFrom('files').selectAll().where('owner_type', '=', ownerType).where('owner_id', 'in', ownerIds).orderBy('id').execute();
}

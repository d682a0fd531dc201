import type { FileRef } from '@guantong/shared';
import type { Selectable } from 'kysely';
import type { FilesTable } from './files.tables.js';

/** A file as the API shows it: metadata and the download path, never the storage key. */
export function presentFile(row: Selectable<FilesTable>): FileRef {
  return {
    id: row.id,
    name: row.name,
    mime: row.mime,
    kind: row.kind,
    size: row.size,
    url: `/api/files/${row.id}`,
    createdAt: row.created_at,
  };
}

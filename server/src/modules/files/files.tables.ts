import type { Generated } from 'kysely';

/** Stored file metadata; the bytes live in the FileStorage under `storage_key`. */
export interface FilesTable {
  id: Generated<number>;
  /** What the file belongs to (e.g. `task`); access follows the owner. */
  owner_type: string;
  owner_id: number;
  name: string;
  mime: string;
  kind: 'image' | 'pdf' | 'office';
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: number | null;
  created_at: string;
}

export interface FilesTables {
  files: FilesTable;
}

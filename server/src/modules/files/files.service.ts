import type { FileRef } from '@guantong/shared';
import type { Kysely, Selectable } from 'kysely';
import type { Actor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { badRequest, notFound } from '../../core/errors.js';
import { checkUpload, storageFor } from '../../core/storage.js';
import type { DB } from '../../db/schema.js';
import { presentFile } from './files.presenter.js';
import { findFileById, findFilesByIds, insertFile, listFilesOfOwners } from './files.repository.js';
import type { FilesTable } from './files.tables.js';

/** Decides whether an actor may see the owner of a file (and so the file). Missing owners answer false. */
export type FileOwnerAccess = (ctx: AppContext, actor: Actor, ownerId: number) => Promise<boolean>;

const owners = new Map<string, FileOwnerAccess>();

/** A module declares the owner types it attaches files to, with the access rule the download follows. */
export function registerFileOwner(ownerType: string, canSee: FileOwnerAccess): void {
  owners.set(ownerType, canSee);
}

export interface UploadInput {
  ownerType: string;
  ownerId: number;
  name: string;
  data: Buffer;
}

/**
 * Stores an upload for an owner the caller has already authorised: checks type (by magic bytes) and size,
 * writes the bytes through the storage, records the metadata and audits it.
 */
export async function saveUpload(ctx: AppContext, actor: Actor, input: UploadInput): Promise<FileRef> {
  if (!owners.has(input.ownerType)) {
    throw badRequest(`Files cannot be attached to ${input.ownerType}.`);
  }
  const checked = checkUpload(input.name, input.data);
  const stored = await storageFor(ctx.env).put(input.data);
  const now = ctx.clock().toISOString();
  const row = await ctx.database.db.transaction().execute(async (trx) => {
    const values = {
      owner_type: input.ownerType,
      owner_id: input.ownerId,
      name: checked.name,
      mime: checked.mime,
      kind: checked.kind,
      size: stored.size,
      sha256: stored.sha256,
      storage_key: stored.key,
      uploaded_by: actor.userId,
      created_at: now,
    };
    const inserted = await insertFile(trx, values);
    await audit(
      trx,
      actor,
      {
        action: 'file.uploaded',
        entityType: 'file',
        entityId: inserted.id,
        after: {
          owner_type: values.owner_type,
          owner_id: values.owner_id,
          name: values.name,
          mime: values.mime,
          size: values.size,
          sha256: values.sha256,
        },
      },
      ctx.clock,
    );
    return inserted;
  });
  return presentFile(row);
}

/** The bytes and metadata of a file the actor may see through its owner; 404 otherwise (same as missing). */
export async function readFileFor(ctx: AppContext, actor: Actor, id: number): Promise<{ file: Selectable<FilesTable>; data: Buffer }> {
  const file = await findFileById(ctx.database.db, id);
  const canSee = file ? owners.get(file.owner_type) : undefined;
  if (!file || !canSee || !(await canSee(ctx, actor, file.owner_id))) {
    throw notFound('file');
  }
  const data = await storageFor(ctx.env).get(file.storage_key);
  if (!data) {
    throw notFound('file');
  }
  return { file, data };
}

/** The files of some owners, presented, grouped by owner id. */
export async function filesOfOwners(db: Kysely<DB>, ownerType: string, ownerIds: number[]): Promise<Map<number, FileRef[]>> {
  const out = new Map<number, FileRef[]>();
  for (const r of await listFilesOfOwners(db, ownerType, ownerIds)) {
    const list = out.get(r.owner_id) ?? [];
    list.push(presentFile(r));
    out.set(r.owner_id, list);
  }
  return out;
}

/** Presented files by id (for timelines listing attachments). */
export async function filesByIds(db: Kysely<DB>, ids: number[]): Promise<Map<number, FileRef>> {
  const rows = await findFilesByIds(db, [...new Set(ids)]);
  return new Map(rows.map((r) => [r.id, presentFile(r)]));
}

/** Refuses file ids that are not attached to the given owner (evidence must be uploaded to the task first). */
export async function requireOwnedFiles(db: Kysely<DB>, ownerType: string, ownerId: number, ids: number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  const rows = await findFilesByIds(db, unique);
  const ok = new Set(rows.filter((r) => r.owner_type === ownerType && r.owner_id === ownerId).map((r) => r.id));
  const missing = unique.filter((id) => !ok.has(id));
  if (missing.length > 0) {
    throw badRequest('Some files are not attached to this record; upload them to it first.', { fileIds: missing });
  }
  return unique;
}

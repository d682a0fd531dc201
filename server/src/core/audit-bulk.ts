import type { Kysely } from 'kysely';
import { insertMany } from '../db/bulk-insert.js';
import type { DialectName } from '../db/database.js';
import { isSqlite } from '../db/portable.js';
import type { DB } from '../db/schema.js';
import type { Actor } from './access.js';
import { type AuditInput, diffFields, entryHash, type HashedContent } from './audit.js';

/** Entries built and inserted at a time: the rows (with their JSON and hashes) of a 50,000-row import would hold ~250 MB at once. */
const AUDIT_CHUNK = 2000;

/**
 * Appends many entries to the audit chain at once (bulk imports): the same entries `audit()` would write one by
 * one, with one head update that reserves the sequence numbers (serialising concurrent writers the same way),
 * the hashes chained in memory and the rows built and inserted a chunk at a time. Call inside the write's
 * transaction.
 */
export async function auditMany(
  trx: Kysely<DB>,
  actor: Actor,
  inputs: readonly AuditInput[],
  clock: () => Date = () => new Date(),
  dialect?: DialectName,
): Promise<void> {
  if (inputs.length === 0) {
    return;
  }
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', inputs.length) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const at = clock().toISOString();
  let seq = head.seq - inputs.length;
  let prev = head.hash;
  for (let i = 0; i < inputs.length; i += AUDIT_CHUNK) {
    const rows: Array<HashedContent & { hash: string; request_id: string | null; ip: string | null }> = [];
    for (const input of inputs.slice(i, i + AUDIT_CHUNK)) {
      const changes = diffFields(input.before, input.after);
      if (input.note) {
        for (const [field, value] of Object.entries(input.note)) {
          changes.push({ field, before: null, after: value });
        }
      }
      seq += 1;
      const content: HashedContent = {
        seq,
        at,
        actor_id: actor.userId,
        actor_name: actor.username,
        action: input.action,
        entity_type: input.entityType,
        entity_id: String(input.entityId),
        changes: JSON.stringify(changes),
        prev_hash: prev,
      };
      const hash = entryHash(content);
      rows.push({ ...content, hash, request_id: actor.requestId ?? null, ip: actor.ip ?? null });
      prev = hash;
    }
    // The connection decides the SQL (callers need not pass the dialect; a wrong one would write the other's syntax).
    await insertMany(trx, dialect ?? (isSqlite(trx) ? 'sqlite' : 'postgres'), 'audit_log', rows, { intColumns: ['seq', 'actor_id'] });
  }
  await trx.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
}

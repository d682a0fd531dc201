import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Actor } from './access.js';

export const GENESIS_HASH = '0'.repeat(64);
const REDACTED = new Set(['password', 'password_hash', 'passwordHash', 'token']);

export interface AuditChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string | number;
  before?: object | null;
  after?: object | null;
  /** Extra facts that are not field changes (e.g. a reason), recorded as pseudo-fields. */
  note?: Record<string, unknown>;
}

/** Field-level differences between two versions of a record; secrets are recorded as changed, never shown. */
export function diffFields(before: object | null | undefined, after: object | null | undefined): AuditChange[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const out: AuditChange[] = [];
  for (const k of keys) {
    if (k === 'updated_at' || k === 'updatedAt') {
      continue;
    }
    const bv = b[k] ?? null;
    const av = a[k] ?? null;
    if (JSON.stringify(bv) === JSON.stringify(av)) {
      continue;
    }
    if (REDACTED.has(k)) {
      out.push({ field: k, before: bv === null ? null : '[redacted]', after: av === null ? null : '[redacted]' });
    } else {
      out.push({ field: k, before: bv, after: av });
    }
  }
  return out;
}

export interface HashedContent {
  seq: number;
  at: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  changes: string;
  prev_hash: string;
}

/** The chain hash of one entry: over its content and the previous entry's hash. */
export function entryHash(e: HashedContent): string {
  const payload = JSON.stringify([e.seq, e.at, e.actor_id, e.actor_name, e.action, e.entity_type, e.entity_id, e.changes, e.prev_hash]);
  return createHash('sha256').update(payload).digest('hex');
}

/**
 * Records one write in the tamper-evident audit chain. Call it inside the transaction of the write:
 * the head row is updated first, which serialises concurrent writers on PostgreSQL.
 */
export async function audit(trx: Kysely<DB>, actor: Actor, input: AuditInput, clock: () => Date = () => new Date()): Promise<void> {
  const changes = diffFields(input.before, input.after);
  if (input.note) {
    for (const [field, value] of Object.entries(input.note)) {
      changes.push({ field, before: null, after: value });
    }
  }
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb('seq', '+', 1) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const content: HashedContent = {
    seq: head.seq,
    at: clock().toISOString(),
    actor_id: actor.userId,
    actor_name: actor.username,
    action: input.action,
    entity_type: input.entityType,
    entity_id: String(input.entityId),
    changes: JSON.stringify(changes),
    prev_hash: head.hash,
  };
  const hash = entryHash(content);
  await trx
    .insertInto('audit_log')
    .values({ ...content, hash, request_id: actor.requestId ?? null, ip: actor.ip ?? null })
    .execute();
  await trx.updateTable('audit_head').set({ hash }).where('id', '=', 1).execute();
}

/** Creates the chain's head row if absent. */
export async function ensureAuditHead(db: Kysely<DB>): Promise<void> {
  await db
    .insertInto('audit_head')
    .values({ id: 1, seq: 0, hash: GENESIS_HASH })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  firstBroken?: { seq: number; reason: string };
}

/** Walks the chain in order and reports the first altered, removed or reordered entry. */
export async function verifyAuditChain(db: Kysely<DB>, batch = 5000): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>=', expectedSeq).orderBy('seq').limit(batch).execute();
    if (rows.length === 0) {
      break;
    }
    for (const r of rows) {
      if (r.seq !== expectedSeq) {
        return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: `entry ${expectedSeq} is missing` } };
      }
      if (r.prev_hash !== prev) {
        return { ok: false, checked, firstBroken: { seq: r.seq, reason: 'previous-hash link does not match' } };
      }
      if (entryHash(r) !== r.hash) {
        return { ok: false, checked, firstBroken: { seq: r.seq, reason: 'content does not match its hash' } };
      }
      prev = r.hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  if (head && (head.seq !== expectedSeq - 1 || head.hash !== prev)) {
    return { ok: false, checked, firstBroken: { seq: expectedSeq, reason: `entries after ${expectedSeq - 1} were removed` } };
  }
  return { ok: true, checked };
}

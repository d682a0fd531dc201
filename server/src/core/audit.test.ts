import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, makeUser, standardTree, type TestApp } from '../test/harness.js';
import { SYSTEM_ACTOR } from './access.js';
import { audit, diffFields, verifyAuditChain } from './audit.js';

describe('audit chain', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    const tree = await standardTree(t);
    await makeUser(t, 'root', [{ role: 'sysadmin', orgId: tree.c.id }]);
    const db = t.database.db;
    for (let i = 1; i <= 5; i++) {
      await db
        .transaction()
        .execute((trx) =>
          audit(trx, SYSTEM_ACTOR, { action: 'thing.updated', entityType: 'thing', entityId: i, before: { n: i - 1 }, after: { n: i } }),
        );
    }
  });
  afterEach(async () => t.close());

  it('records field-level changes and redacts secrets', () => {
    expect(diffFields({ a: 1, b: 'x', password_hash: 'h1' }, { a: 2, b: 'x', password_hash: 'h2', c: true })).toEqual([
      { field: 'a', before: 1, after: 2 },
      { field: 'c', before: null, after: true },
      { field: 'password_hash', before: '[redacted]', after: '[redacted]' },
    ]);
  });

  it('verifies an intact chain', async () => {
    expect(await verifyAuditChain(t.database.db)).toEqual({ ok: true, checked: 5 });
  });

  it('reports the first altered entry', async () => {
    await t.database.db.updateTable('audit_log').set({ changes: '[]' }).where('seq', '=', 3).execute();
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: false, firstBroken: { seq: 3 } });
  });

  it('reports a removed entry in the middle and removed entries at the end', async () => {
    await t.database.db.deleteFrom('audit_log').where('seq', '=', 2).execute();
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: false, firstBroken: { seq: 2 } });
  });

  it('reports entries cut off at the end', async () => {
    await t.database.db.deleteFrom('audit_log').where('seq', '>=', 4).execute();
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: false, firstBroken: { seq: 4 } });
  });

  it('reports a recomputed hash that breaks the next link', async () => {
    await sql`update audit_log set actor_name = 'mallory', hash = ${'f'.repeat(64)} where seq = 1`.execute(t.database.db);
    const report = await verifyAuditChain(t.database.db);
    expect(report.ok).toBe(false);
    expect(report.firstBroken?.seq).toBe(1);
  });

  it('is readable through the API by sysadmin with filters, and verified there', async () => {
    await t.login('root');
    const res = await t.call({ method: 'GET', url: '/api/audit?entityType=thing&entityId=4', as: 'root' });
    expect(res.json().items).toHaveLength(1);
    expect(res.json().items[0].changes).toEqual([{ field: 'n', before: 3, after: 4 }]);
    const v = await t.call({ method: 'GET', url: '/api/audit/verify', as: 'root' });
    expect(v.json()).toEqual({ ok: true, checked: 5 });
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    const db = t.database.db;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db
          .transaction()
          .execute((trx) => audit(trx, SYSTEM_ACTOR, { action: 'par', entityType: 'thing', entityId: 100 + i, after: { i } })),
      ),
    );
    expect(await verifyAuditChain(db)).toEqual({ ok: true, checked: 25 });
  });
});

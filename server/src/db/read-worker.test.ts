import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from './database.js';

/** The heavy-read connection of an SQLite file (db/read-worker.ts): same answers, without holding the event loop. */
describe('read worker (SQLite file)', () => {
  let dir: string;
  let database: Database;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-reader-'));
    database = openDatabase(path.join(dir, 'r.sqlite'));
    await sql`create table items (id integer primary key, name text not null, n integer)`.execute(database.db);
    for (let i = 1; i <= 50; i++) {
      await sql`insert into items (id, name, n) values (${i}, ${`项目${i}`}, ${i % 7 === 0 ? null : i * 10})`.execute(database.db);
    }
  });
  afterAll(async () => {
    await database.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const listed = (db: Database['db']) =>
    sql<{ id: number; name: string; n: number | null }>`select id, name, n from items where id > ${10} order by id desc`.execute(db);

  it('is a separate connection that answers like the main one and sees committed writes', async () => {
    expect(database.reader).not.toBe(database.db);
    expect((await listed(database.reader)).rows).toEqual((await listed(database.db)).rows);
    await sql`update items set name = ${'改名'} where id = ${43}`.execute(database.db);
    const row = (await listed(database.reader)).rows.find((r) => r.id === 43);
    expect(row).toEqual({ id: 43, name: '改名', n: 430 });
  });

  it('refuses writes and transactions, and reports SQL errors with their message', async () => {
    await expect(sql`delete from items`.execute(database.reader)).rejects.toThrow();
    await expect(database.reader.transaction().execute(async () => 1)).rejects.toThrow(/not transactions/);
    await expect(sql`select nope from items`.execute(database.reader)).rejects.toThrow(/no such column: nope/);
    expect(Number((await sql<{ c: number }>`select count(*) as c from items`.execute(database.db)).rows[0]?.c)).toBe(50);
    // Still usable after errors.
    expect((await listed(database.reader)).rows).toHaveLength(40);
  });

  it('keeps the event loop free while a long read runs', async () => {
    const slow = sql<{
      s: number;
    }>`with recursive c(i) as (select 1 union all select i + 1 from c where i < 3000000) select sum(i) as s from c`;
    // On the main connection the same query holds the loop: a 5 ms timer cannot fire until it ends.
    const onMain = await timerTicksDuring(() => slow.execute(database.db));
    const inWorker = await timerTicksDuring(() => slow.execute(database.reader));
    expect(inWorker.result.rows[0]?.s).toBe(onMain.result.rows[0]?.s);
    expect(onMain.ticks).toBeLessThanOrEqual(1);
    expect(inWorker.ticks).toBeGreaterThanOrEqual(5);
    expect(inWorker.maxGapMs).toBeLessThan(onMain.elapsedMs);
  });
});

async function timerTicksDuring<T>(fn: () => Promise<T>): Promise<{ result: T; ticks: number; maxGapMs: number; elapsedMs: number }> {
  let ticks = 0;
  let last = performance.now();
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
    ticks += 1;
  }, 5);
  const started = performance.now();
  const result = await fn();
  const elapsedMs = performance.now() - started;
  clearInterval(timer);
  return { result, ticks, maxGapMs, elapsedMs };
}

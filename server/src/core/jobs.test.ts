import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/harness.js';
import { JobRunner } from './jobs.js';

describe('job runner', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
  });
  afterEach(async () => t.close());

  it('runs a job once across two processes sharing a database, and logs the run', async () => {
    let runs = 0;
    const job = {
      name: 'count',
      intervalMs: 60_000,
      run: async () => {
        runs += 1;
        return 'counted';
      },
    };
    const a = new JobRunner(t.ctx);
    const b = new JobRunner(t.ctx);
    a.register(job);
    b.register(job);
    const results = await Promise.all([a.runOnce('count'), b.runOnce('count')]);
    expect(results.sort()).toEqual(['ok', 'skipped']);
    expect(runs).toBe(1);
    expect(await b.runOnce('count')).toBe('skipped');
    t.clock.advance(61_000);
    expect(await b.runOnce('count')).toBe('ok');
    expect(runs).toBe(2);
    const logged = await t.database.db.selectFrom('job_runs').selectAll().orderBy('id').execute();
    expect(logged.map((r) => [r.outcome, r.message])).toEqual([
      ['ok', 'counted'],
      ['ok', 'counted'],
    ]);
  });

  it('records a failing run with its message and frees the lease for the next interval', async () => {
    const r = new JobRunner(t.ctx);
    r.register({
      name: 'boom',
      intervalMs: 60_000,
      run: async () => {
        throw new Error('disk full');
      },
    });
    expect(await r.runOnce('boom')).toBe('failed');
    const row = await t.database.db.selectFrom('job_runs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ outcome: 'failed', message: 'disk full' });
    t.clock.advance(61_000);
    expect(await r.runOnce('boom')).toBe('failed');
  });
});

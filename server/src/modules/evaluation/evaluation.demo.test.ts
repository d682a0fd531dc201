import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seed/demo.js';
import { seedDemoEvaluation } from '../../seed/demo-evaluation.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { expectOk } from './evaluation.testkit.js';

describe('the demo evaluation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ GUANTONG_DEMO_PASSWORD: 'Demo-pass-2026' });
    await seedDemo(t.ctx);
    await t.login('zzb', 'Demo-pass-2026');
    await t.login('sec-B001', 'Demo-pass-2026');
  }, 180_000);
  afterAll(async () => t.close());

  it('scores the 120 branches from their seeded tasks: a computed annual run, explained down to the tasks', async () => {
    const list = expectOk(await t.call({ method: 'GET', url: '/api/evaluation/schemes', as: 'zzb' })).json();
    const annual = list.items.find((s: { periodKind: string }) => s.periodKind === 'year');
    expect(annual.latestRun).toMatchObject({ status: 'computed', targetCount: 120 });
    const runId = annual.latestRun.id;
    const summary = expectOk(await t.call({ method: 'GET', url: `/api/evaluation/runs/${runId}/summary`, as: 'zzb' })).json();
    expect(summary.count).toBe(120);
    // A spread of grades, not one bucket.
    expect(summary.distribution.filter((d: { count: number }) => d.count > 0).length).toBeGreaterThanOrEqual(3);
    const top = expectOk(await t.call({ method: 'GET', url: `/api/evaluation/runs/${runId}/results?pageSize=1`, as: 'zzb' })).json()
      .items[0];
    const ex = expectOk(await t.call({ method: 'GET', url: `/api/evaluation/runs/${runId}/targets/${top.target.id}`, as: 'zzb' })).json();
    const onTime = ex.dimensions
      .flatMap((d: { scores: unknown[] }) => d.scores)
      .find((s: { formula: string | null }) => s.formula === 'tasks.on_time_rate');
    expect(onTime.metrics[0].denominator).toBeGreaterThan(0);
    const rec = expectOk(
      await t.call({
        method: 'GET',
        url: `/api/evaluation/runs/${runId}/targets/${top.target.id}/records?indicatorId=${onTime.indicator.id}`,
        as: 'zzb',
      }),
    ).json();
    expect(rec.groups[0].records.length).toBe(onTime.metrics[0].denominator);
    expect(rec.groups[0].records[0].href).toMatch(/^\/tasks\/\d+$/);
  });

  it('has a published first-half run the branches can read (their own row), and seeds only once', async () => {
    const list = expectOk(await t.call({ method: 'GET', url: '/api/evaluation/schemes', as: 'sec-B001' })).json();
    const half = list.items.find((s: { periodKind: string }) => s.periodKind === 'half');
    if (t.clock.fn().getUTCMonth() < 6) {
      expect(half).toBeUndefined();
      return;
    }
    expect(half.latestPublished).toMatchObject({ status: 'published' });
    const mine = expectOk(
      await t.call({ method: 'GET', url: `/api/evaluation/runs/${half.latestPublished.id}/results`, as: 'sec-B001' }),
    ).json();
    // Public within the parent: the branches of B001's 党总支, B001 among them.
    expect(mine.items.some((r: { target: { code: string } }) => r.target.code === 'B001')).toBe(true);
    expect(mine.seesAll).toBe(false);
    expect(await seedDemoEvaluation(t.ctx)).toEqual({ tasks: 0, schemes: 0, runs: 0 });
  });
});

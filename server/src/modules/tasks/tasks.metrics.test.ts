import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draft, expectStatus, relogin, type TaskWorld, taskWorld } from './tasks.fixtures.js';
import { decompositionCompletionRate, noticeOnTimeRate, onTimeRate, overdueCount, verifiedRate } from './tasks.metrics.js';

const DAY = 86_400_000;

describe('task indicators for the evaluation engine', () => {
  let w: TaskWorld;
  let kids: Record<string, number>;
  beforeAll(async () => {
    w = await taskWorld();
    // Three branches: B11 reports on time and is verified; B12 reports late; B21 never reports.
    const id = await draft(w, 'zzb', { title: '年度党建述职' });
    const res = (
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${id}/issue`,
        as: 'zzb',
        payload: { recipients: { orgIds: [], under: { orgId: w.tree.c.id, kind: 'branch' } }, childDueOn: '2026-11-28' },
      })
    ).json();
    kids = Object.fromEntries(res.task.children.map((c: { org: { code: string }; id: number }) => [c.org.code, c.id]));
    const finish = async (code: string, as: string) => {
      await w.t.call({ method: 'POST', url: `/api/tasks/${kids[code]}/accept`, as, payload: {} });
      expectStatus(
        await w.t.call({ method: 'POST', url: `/api/tasks/${kids[code]}/report`, as, payload: { text: '完成', progress: 100 } }),
        200,
      );
    };
    await finish('B11', 'b11sec');
    await w.t.call({ method: 'POST', url: `/api/tasks/${kids.B11}/verify`, as: 'zzb', payload: {} });
    await w.t.call({
      method: 'POST',
      url: `/api/tasks/${kids.B21}/flag`,
      as: 'leader',
      payload: { text: '请说明', answerDueOn: '2026-11-27' },
    });
    w.t.clock.advance(5 * DAY); // 2026-11-30
    await relogin(w);
    await finish('B12', 'b12sec');
  });
  afterAll(async () => w.close());

  const period = { from: '2026-11-01', to: '2026-11-30' };

  it('computes each indicator with its numerator and denominator', async () => {
    const db = w.t.database.db;
    const c = w.tree.c.id;
    expect(await decompositionCompletionRate(db, c, period)).toMatchObject({ value: 33.3, numerator: 1, denominator: 3 });
    expect(await verifiedRate(db, c, period)).toMatchObject({ value: 33.3, numerator: 1, denominator: 3 });
    // The committee's own coordinating task is due 2026-12-31, outside the period.
    expect(await onTimeRate(db, c, period, '2026-11-30')).toMatchObject({ value: 33.3, numerator: 1, denominator: 3 });
    expect(await overdueCount(db, c, period, '2026-11-30')).toMatchObject({ value: 1, numerator: 1 });
    expect(await noticeOnTimeRate(db, c, period, '2026-11-30')).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    expect(await onTimeRate(db, w.tree.g1.id, period, '2026-11-30')).toMatchObject({ value: 50, numerator: 1, denominator: 2 });
    expect(await verifiedRate(db, w.tree.g2.id, { from: '2027-01-01', to: '2027-12-31' })).toMatchObject({ value: null, denominator: 0 });
  });

  it('serves the indicators over HTTP to those who may see the organisation', async () => {
    const res = expectStatus(
      await w.t.call({ method: 'GET', url: `/api/tasks/metrics?orgId=${w.tree.g1.id}&from=2026-11-01&to=2026-11-30`, as: 'g1sec' }),
      200,
    ).json();
    expect(res).toMatchObject({ asOf: '2026-11-30', verifiedRate: { value: 50 }, overdueCount: { value: 0 } });
    expect(res.decompositionRate.definition).toContain('分解');
    expect(
      (await w.t.call({ method: 'GET', url: `/api/tasks/metrics?orgId=${w.tree.g1.id}&from=2026-11-01&to=2026-11-30`, as: 'b21sec' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await w.t.call({ method: 'GET', url: `/api/tasks/metrics?orgId=${w.tree.g1.id}&from=2026-12-01&to=2026-11-30`, as: 'g1sec' }))
        .statusCode,
    ).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draft, expectStatus, type TaskWorld, taskWorld } from './tasks.fixtures.js';
import { type RollupChild, rollup, ruleText } from './tasks.rollup.js';

const child = (status: RollupChild['status'], weight: number, progress: number, verified = 0): RollupChild => ({
  status,
  weight,
  progress,
  verified,
});

describe('roll-up arithmetic', () => {
  it('uses the own report when there are no counted children', () => {
    expect(rollup({ status: 'in_progress', progress: 40 }, [])).toMatchObject({ progress: 40, verified: 0, rule: 'own_report' });
    expect(rollup({ status: 'verified', progress: 90 }, [])).toMatchObject({ progress: 90, verified: 100 });
    expect(rollup({ status: 'in_progress', progress: 40 }, [child('cancelled', 1, 100), child('draft', 1, 100)])).toMatchObject({
      progress: 40,
      rule: 'own_report',
      cancelled: 1,
    });
  });

  it('weights children by weight and leaves cancelled and draft children out', () => {
    const r = rollup({ status: 'in_progress', progress: 0 }, [
      child('reported', 1, 100),
      child('in_progress', 3, 20),
      child('cancelled', 10, 0),
      child('draft', 5, 0),
    ]);
    expect(r.progress).toBeCloseTo((1 * 100 + 3 * 20) / 4);
    expect(r).toMatchObject({ rule: 'weighted_children', counted: 2, cancelled: 1 });
  });

  it('keeps reported progress apart from verified completion', () => {
    const r = rollup({ status: 'in_progress', progress: 0 }, [child('reported', 1, 100, 0), child('verified', 1, 100, 100)]);
    expect(r.progress).toBe(100);
    expect(r.verified).toBe(50);
  });

  it('falls back to the plain mean when every weight is 0, and a verified parent is complete whatever its children say', () => {
    expect(rollup({ status: 'in_progress', progress: 0 }, [child('issued', 0, 0), child('reported', 0, 100)])).toMatchObject({
      progress: 50,
      rule: 'mean_children',
    });
    expect(rollup({ status: 'verified', progress: 0 }, [child('issued', 1, 0, 0)]).verified).toBe(100);
  });

  it('explains the rule in words', () => {
    expect(ruleText('weighted_children', 3, 1)).toContain('已取消的 1 项不计');
    expect(ruleText('own_report', 0, 0)).toContain('反馈');
  });
});

describe('roll-up through the API', () => {
  let w: TaskWorld;
  beforeAll(async () => {
    w = await taskWorld();
  });
  afterAll(async () => w.close());

  it('computes a parent from weighted children, excludes cancelled ones, and propagates to the top', async () => {
    const root = await draft(w, 'zzb', { title: '三级联动' });
    const g1Child = (
      await w.t.call({ method: 'POST', url: `/api/tasks/${root}/issue`, as: 'zzb', payload: { recipients: { orgIds: [w.tree.g1.id] } } })
    ).json().childIds[0];
    await w.t.call({ method: 'POST', url: `/api/tasks/${g1Child}/accept`, as: 'g1sec', payload: {} });
    const dec = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${g1Child}/decompose`,
        as: 'g1sec',
        payload: {
          items: [
            { orgId: w.tree.b11.id, weight: 1 },
            { orgId: w.tree.b12.id, weight: 2 },
            { responsibleUserId: w.users.g1sec, weight: 3, title: '总支本级' },
          ],
        },
      }),
      200,
    ).json();
    const [a, b, c] = dec.childIds as number[];
    const act = async (id: number, as: string, progress: number) => {
      await w.t.call({ method: 'POST', url: `/api/tasks/${id}/accept`, as, payload: {} });
      expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${id}/report`, as, payload: { text: '进展', progress } }), 200);
    };
    await act(a, 'b11sec', 100);
    await act(b, 'b12sec', 50);
    await act(c, 'g1sec', 10);
    const get = async (id: number) => (await w.t.call({ method: 'GET', url: `/api/tasks/${id}`, as: 'zzb' })).json();
    let mid = await get(g1Child);
    expect(mid.rollup.progress).toBe(Math.round(((100 * 1 + 50 * 2 + 10 * 3) / 6) * 10) / 10);
    expect(mid.rollup.verifiedCompletion).toBe(0);
    expect(mid.rollup.ruleText).toContain('加权平均');
    expect((await get(root)).rollup.progress).toBe(mid.rollup.progress);

    expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${a}/verify`, as: 'g1sec', payload: {} }), 200);
    mid = await get(g1Child);
    expect(mid.rollup.verifiedCompletion).toBe(Math.round((100 / 6) * 10) / 10);

    expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${c}/cancel`, as: 'g1sec', payload: { reason: '并入支部任务' } }), 200);
    mid = await get(g1Child);
    expect(mid.rollup).toMatchObject({ progress: Math.round(((100 + 100) / 3) * 10) / 10, countedChildren: 2, cancelledChildren: 1 });
    expect(mid.rollup.verifiedCompletion).toBe(Math.round((100 / 3) * 10) / 10);
    expect(mid.rollup.ruleText).toContain('已取消的 1 项不计');
    const top = await get(root);
    expect(top.rollup.progress).toBe(mid.rollup.progress);
    expect(top.reportedProgress).toBe(0);

    // Changing a weight re-weighs the parent.
    expectStatus(await w.t.call({ method: 'PATCH', url: `/api/tasks/${b}`, as: 'g1sec', payload: { weight: 1 } }), 409);
    await w.t.call({ method: 'POST', url: `/api/tasks/${b}/return`, as: 'g1sec', payload: { reason: '请补充' } });
    expectStatus(await w.t.call({ method: 'PATCH', url: `/api/tasks/${b}`, as: 'g1sec', payload: { weight: 1 } }), 200);
    mid = await get(g1Child);
    expect(mid.rollup.progress).toBe(75);
  });
});

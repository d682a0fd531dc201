import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { draft, expectStatus, relogin, type TaskWorld, taskWorld } from './tasks.fixtures.js';

type Row = {
  org: { code: string };
  self: boolean;
  drillable: boolean;
  counts: { open: number; late: number; verified: number; total: number };
  status: string;
  grassroots: number;
  uncovered: number;
};

describe('coverage (贯通)', () => {
  let w: TaskWorld;
  let req: number;
  beforeAll(async () => {
    w = await taskWorld();
    req = w.node('1.1.1');
    // 组织部 issues a 1.1.1 task to every branch of 一厂总支 (G1) only; B11 finishes and is verified.
    const id = await draft(w, 'zzb', { title: '第一议题学习', frameworkNodeIds: [req] });
    const res = (
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${id}/issue`,
        as: 'zzb',
        payload: { recipients: { orgIds: [], under: { orgId: w.tree.g1.id, kind: 'branch' } }, childDueOn: '2026-11-30' },
      })
    ).json();
    const b11 = res.task.children.find((c: { org: { code: string } }) => c.org.code === 'B11').id;
    await w.t.call({ method: 'POST', url: `/api/tasks/${b11}/accept`, as: 'b11sec', payload: {} });
    await w.t.call({ method: 'POST', url: `/api/tasks/${b11}/report`, as: 'b11sec', payload: { text: '完成', progress: 100 } });
    await w.t.call({ method: 'POST', url: `/api/tasks/${b11}/verify`, as: 'zzb', payload: {} });
    // A draft and a cancelled task under the same node do not count.
    await draft(w, 'g2sec', { orgId: w.tree.g2.id, level: 'annual_target', frameworkNodeIds: [req] });
  });
  afterAll(async () => w.close());

  const node = async (as: string, nodeId: number, qs = '') =>
    expectStatus(await w.t.call({ method: 'GET', url: `/api/coverage/nodes/${nodeId}${qs}`, as }), 200).json();

  it('shows, for a requirement, which parts of the tree have work under it and which do not', async () => {
    const m = await node('zzb', req);
    expect(m.org.code).toBe('C');
    expect(m.node).toMatchObject({ code: '1.1.1', kind: 'requirement' });
    const rows = m.rows as Row[];
    expect(rows.map((r) => [r.org.code, r.self, r.status, r.counts.total, r.grassroots, r.uncovered])).toEqual([
      ['C', true, 'open', 1, 0, 0],
      ['G1', false, 'open', 2, 2, 0],
      ['G2', false, 'none', 0, 1, 1],
    ]);
    expect(rows[1].counts).toEqual({ open: 1, late: 0, verified: 1, total: 2 });
    expect(rows[1].drillable).toBe(true);
    expect(m.totals).toMatchObject({ total: 3, grassroots: 3, uncovered: 1 });
    expect(m.uncoveredOrgs).toEqual([{ id: w.tree.b21.id, code: 'B21', name: '二厂一支部', kind: 'branch', parentName: '二厂党总支' }]);
  });

  it('drills into a general branch, and counts open work past its due date as late', async () => {
    w.t.clock.advance(10 * 86_400_000);
    await relogin(w);
    const m = await node('zzb', req, `?orgId=${w.tree.g1.id}`);
    const rows = m.rows as Row[];
    expect(rows.map((r) => [r.org.code, r.status, r.counts.late, r.counts.verified])).toEqual([
      ['G1', 'none', 0, 0],
      ['B11', 'verified', 0, 1],
      ['B12', 'late', 1, 0],
    ]);
    expect(m.uncoveredOrgs).toEqual([]);
    const groups = await node('zzb', req, `?orgId=${w.tree.g1.id}&kind=group`);
    expect(groups.uncoveredOrgs.map((o: { code: string }) => o.code)).toEqual(['GR111']);
  });

  it('counts requirements below an element or pillar, and starts from the actor’s own organisation', async () => {
    const element = await node('zzb', w.node('1'));
    expect(element.totals.total).toBe(3);
    const other = await node('zzb', w.node('2'));
    expect(other.totals).toMatchObject({ total: 0, uncovered: 3 });
    const mine = await node('g2sec', req);
    expect(mine.org.code).toBe('G2');
    expect(mine.uncoveredOrgs.map((o: { code: string }) => o.code)).toEqual(['B21']);
  });

  it('answers 404 outside the actor’s scope and for unknown nodes', async () => {
    expect((await w.t.call({ method: 'GET', url: `/api/coverage/nodes/${req}?orgId=${w.tree.g1.id}`, as: 'b21sec' })).statusCode).toBe(404);
    expect((await w.t.call({ method: 'GET', url: '/api/coverage/nodes/999999', as: 'zzb' })).statusCode).toBe(404);
    expect((await w.t.call({ method: 'GET', url: `/api/coverage/orgs/${w.tree.b11.id}`, as: 'b21sec' })).statusCode).toBe(404);
    expect((await w.t.call({ method: 'GET', url: `/api/coverage/nodes/${req}?kind=team`, as: 'zzb' })).statusCode).toBe(400);
  });

  it('lists, for an organisation, the requirements with work and those without', async () => {
    const c = expectStatus(await w.t.call({ method: 'GET', url: `/api/coverage/orgs/${w.tree.b11.id}`, as: 'b11sec' }), 200).json();
    expect(c.year).toBe(2026);
    expect(c.covered.map((n: { code: string }) => n.code)).toEqual(['1.1.1']);
    expect(c.uncovered.length).toBeGreaterThanOrEqual(40);
    const element1 = c.nodes.find((n: { code: string }) => n.code === '1');
    expect(element1.counts.total).toBe(1);
    expect(element1.requirements.covered).toBe(1);
    expect(element1.covered).toBe(true);
    const b21 = (await w.t.call({ method: 'GET', url: `/api/coverage/orgs/${w.tree.b21.id}`, as: 'zzb' })).json();
    expect(b21.covered).toEqual([]);
  });

  it('follows changes of status and due date, and drops cancelled work', async () => {
    const b12 = (await w.t.call({ method: 'GET', url: `/api/tasks?view=org&orgId=${w.tree.b12.id}`, as: 'zzb' })).json().items[0].id;
    expectStatus(await w.t.call({ method: 'PATCH', url: `/api/tasks/${b12}`, as: 'zzb', payload: { dueOn: '2027-01-31' } }), 200);
    let rows = (await node('zzb', req, `?orgId=${w.tree.g1.id}`)).rows as Row[];
    expect(rows.find((r) => r.org.code === 'B12')?.status).toBe('open');
    expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${b12}/cancel`, as: 'zzb', payload: { reason: '并入其他任务' } }), 200);
    rows = (await node('zzb', req, `?orgId=${w.tree.g1.id}`)).rows as Row[];
    expect(rows.find((r) => r.org.code === 'B12')).toMatchObject({ status: 'none', uncovered: 1 });
    const links = await w.t.database.db
      .selectFrom('task_framework_nodes')
      .select(['status', 'due_on'])
      .where('task_id', '=', b12)
      .execute();
    expect(links).toEqual([{ status: 'cancelled', due_on: '2027-01-31' }]);
  });

  it('lists a node’s tasks on the framework node page, scoped to the viewer', async () => {
    const asZzb = expectStatus(await w.t.call({ method: 'GET', url: `/api/framework/nodes/${req}`, as: 'zzb' }), 200).json();
    const tasks = asZzb.links.find((g: { provider: string }) => g.provider === 'tasks');
    expect(tasks).toMatchObject({ type: 'task', count: 3, unavailable: false });
    expect(tasks.items[0].href).toMatch(/^\/tasks\/\d+$/);
    const asB21 = (await w.t.call({ method: 'GET', url: `/api/framework/nodes/${req}`, as: 'b21sec' })).json();
    expect(asB21.links.find((g: { provider: string }) => g.provider === 'tasks').count).toBe(0);
  });
});

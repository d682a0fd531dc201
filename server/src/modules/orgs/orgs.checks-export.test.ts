import type { OrgCheck } from '@guantong/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeOrg, makeUser, standardTree, type TestApp } from '../../test/harness.js';
import { addMembers, addPost, readXlsx } from './orgs.testkit.js';

type Tree = Awaited<ReturnType<typeof standardTree>>;

describe('GET /api/orgs/checks/export.xlsx', () => {
  let t: TestApp;
  let tree: Tree;
  let small: number;
  let noSecretary: number;

  beforeAll(async () => {
    t = await createTestApp();
    tree = await standardTree(t);
    await makeUser(t, 'zzb', [{ role: 'org_admin', orgId: tree.c.id }]);
    await makeUser(t, 'sec11', [{ role: 'secretary', orgId: tree.b11.id }]);
    await t.login('zzb');
    await t.login('sec11');
    // Two findings under G1: a branch with 2 full members (warning) and one with 4 members and no secretary (error).
    small = (await makeOrg(t, { code: 'BX1', kind: 'branch', parentId: tree.g1.id, name: '两人党支部' })).id;
    const two = await addMembers(t, small, 2);
    await addPost(t, small, two[0] ?? 0, 'secretary');
    noSecretary = (await makeOrg(t, { code: 'BX2', kind: 'branch', parentId: tree.g1.id, name: '无书记党支部' })).id;
    await addMembers(t, noSecretary, 4);
  });
  afterAll(async () => t.close());

  async function listed(query: string, as = 'zzb'): Promise<OrgCheck[]> {
    const res = await t.call({ method: 'GET', url: `/api/orgs/checks${query}`, as });
    expect(res.statusCode).toBe(200);
    return res.json() as OrgCheck[];
  }

  async function exported(query: string, as = 'zzb'): Promise<unknown[][]> {
    const res = await t.call({ method: 'GET', url: `/api/orgs/checks/export.xlsx${query}`, as });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    return readXlsx(res.rawPayload);
  }

  it('exports exactly the listed checks with Chinese headers, names, rules and sources', async () => {
    const list = await listed(`?orgId=${tree.g1.id}`);
    const rows = await exported(`?orgId=${tree.g1.id}`);
    expect(rows[0]).toEqual(['级别', '组织编码', '组织名称', '上级组织', '规则', '规则编号', '情况', '依据']);
    expect(rows.slice(1).map((r) => [r[1], r[5]])).toEqual(list.map((c) => [c.orgCode, c.rule]));
    const bx2 = rows.find((r) => r[1] === 'BX2' && r[5] === 'branch.no_secretary');
    expect(bx2?.slice(0, 5)).toEqual(['严重', 'BX2', '无书记党支部', '一厂党总支', '书记空缺']);
    expect(String(bx2?.[7])).toContain('支部工作条例');
    const bx1 = rows.find((r) => r[1] === 'BX1');
    expect(bx1?.[0]).toBe('警告');
    expect(bx1?.[6]).toEqual(list.find((c) => c.orgId === small)?.message);
  });

  it('applies the severity and rule filters like the list', async () => {
    const errors = await exported(`?orgId=${tree.g1.id}&severity=error`);
    expect(errors.length).toBeGreaterThan(1);
    expect(errors.slice(1).every((r) => r[0] === '严重')).toBe(true);
    const rule = await exported('?rule=branch.min_full_members');
    expect(rule.slice(1).map((r) => r[1])).toContain('BX1');
    expect(rule.slice(1).every((r) => r[5] === 'branch.min_full_members')).toBe(true);
  });

  it('keeps a secretary to their own branch and refuses a subtree they cannot see', async () => {
    const rows = await exported('', 'sec11');
    expect(rows.slice(1).every((r) => r[1] === 'B11')).toBe(true);
    expect(rows.slice(1).map((r) => r[1])).not.toContain('BX2');
    const res = await t.call({ method: 'GET', url: `/api/orgs/checks/export.xlsx?orgId=${noSecretary}`, as: 'sec11' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('answers 400 for an unknown severity and 401 without a session', async () => {
    const bad = await t.call({ method: 'GET', url: '/api/orgs/checks/export.xlsx?severity=fatal', as: 'zzb' });
    expect(bad.statusCode).toBe(400);
    const anon = await t.call({ method: 'GET', url: '/api/orgs/checks/export.xlsx' });
    expect(anon.statusCode).toBe(401);
  });
});

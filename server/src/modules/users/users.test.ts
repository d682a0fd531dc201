import type { Role } from '@guantong/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, makeUser, standardTree, type TestApp } from '../../test/harness.js';

type Tree = Awaited<ReturnType<typeof standardTree>>;

describe('users and grants', () => {
  let t: TestApp;
  let tree: Tree;
  beforeEach(async () => {
    t = await createTestApp();
    tree = await standardTree(t);
    await makeUser(t, 'root', [{ role: 'sysadmin', orgId: tree.c.id }]);
    await t.login('root');
  });
  afterEach(async () => t.close());

  it('creates a user with a grant, who must change the password and then sees only the granted subtree', async () => {
    const res = await t.call({
      method: 'POST',
      url: '/api/users',
      as: 'root',
      payload: { username: 'sec.b11', displayName: '王芳', password: 'Init-pass-1', grants: [{ role: 'secretary', orgId: tree.b11.id }] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ username: 'sec.b11', status: 'active', grants: [{ role: 'secretary', orgName: '一厂一支部' }] });
    expect(res.body).not.toContain('argon2');
    await t.login('sec.b11', 'Init-pass-1');
    const me = await t.call({ method: 'GET', url: '/api/auth/me', as: 'sec.b11' });
    expect(me.json().mustChangePassword).toBe(true);
    const tr = await t.call({ method: 'GET', url: '/api/orgs/tree', as: 'sec.b11' });
    expect(tr.json()).toHaveLength(1);
    expect(tr.json()[0]).toMatchObject({ code: 'B11', children: [{ code: 'GR111' }] });
  });

  it('refuses a duplicate username with 409 and a weak password with 400', async () => {
    const body = { username: 'dup', displayName: 'x', password: 'Init-pass-1', grants: [] };
    expect((await t.call({ method: 'POST', url: '/api/users', as: 'root', payload: body })).statusCode).toBe(201);
    const again = await t.call({ method: 'POST', url: '/api/users', as: 'root', payload: body });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('CONFLICT');
    const weak = await t.call({
      method: 'POST',
      url: '/api/users',
      as: 'root',
      payload: { ...body, username: 'weak', password: 'aaaaaaaa' },
    });
    expect(weak.json().error.code).toBe('WEAK_PASSWORD');
  });

  it('disabling a user revokes their sessions and refuses sign-in', async () => {
    const id = await makeUser(t, 'bob', [{ role: 'member', orgId: tree.b12.id }]);
    await t.login('bob');
    const res = await t.call({ method: 'PATCH', url: `/api/users/${id}`, as: 'root', payload: { status: 'disabled' } });
    expect(res.json().status).toBe('disabled');
    expect((await t.call({ method: 'GET', url: '/api/auth/me', as: 'bob' })).statusCode).toBe(401);
    const login = await t.call({ method: 'POST', url: '/api/auth/login', payload: { username: 'bob', password: 'Test-pass-123' } });
    expect(login.statusCode).toBe(403);
    expect(login.json().error.code).toBe('ACCOUNT_DISABLED');
  });

  it('resets a password: old sessions end, the new password works and must be changed', async () => {
    const id = await makeUser(t, 'carol', [{ role: 'member', orgId: tree.b12.id }]);
    await t.login('carol');
    const res = await t.call({
      method: 'POST',
      url: `/api/users/${id}/reset-password`,
      as: 'root',
      payload: { newPassword: 'Reset-pass-9' },
    });
    expect(res.statusCode).toBe(200);
    expect((await t.call({ method: 'GET', url: '/api/auth/me', as: 'carol' })).statusCode).toBe(401);
    await t.login('carol', 'Reset-pass-9');
    expect((await t.call({ method: 'GET', url: '/api/auth/me', as: 'carol' })).json().mustChangePassword).toBe(true);
  });

  it('adds and removes grants, audited with before and after', async () => {
    const id = await makeUser(t, 'dave', []);
    const add = await t.call({
      method: 'POST',
      url: `/api/users/${id}/grants`,
      as: 'root',
      payload: { role: 'org_admin', orgId: tree.g1.id },
    });
    expect(add.statusCode).toBe(201);
    const grantId = add.json().grants[0].id;
    const dup = await t.call({
      method: 'POST',
      url: `/api/users/${id}/grants`,
      as: 'root',
      payload: { role: 'org_admin', orgId: tree.g1.id },
    });
    expect(dup.statusCode).toBe(409);
    const del = await t.call({ method: 'DELETE', url: `/api/users/${id}/grants/${grantId}`, as: 'root' });
    expect(del.json().grants).toEqual([]);
    const audit = await t.call({ method: 'GET', url: '/api/audit?entityType=role_grant', as: 'root' });
    const actions = audit.json().items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(['grant.removed', 'grant.created']);
    const created = audit.json().items[1];
    expect(created.actorName).toBe('root');
    expect(created.changes).toEqual(expect.arrayContaining([{ field: 'role', before: null, after: 'org_admin' }]));
  });

  it('lists users with search, filters, sort and paging', async () => {
    for (const n of ['u1', 'u2', 'u3']) {
      await makeUser(t, n, [{ role: 'member', orgId: tree.b21.id }]);
    }
    const page = await t.call({ method: 'GET', url: '/api/users?q=u&role=member&sort=username&order=desc&pageSize=2', as: 'root' });
    expect(page.json()).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page.json().items.map((u: { username: string }) => u.username)).toEqual(['u3', 'u2']);
    const bad = await t.call({ method: 'GET', url: '/api/users?pageSize=1000', as: 'root' });
    expect(bad.statusCode).toBe(400);
    expect((await t.call({ method: 'GET', url: '/api/users?bogus=1', as: 'root' })).statusCode).toBe(400);
  });

  it('answers bad input on every user route with 4xx and the error shape', async () => {
    const id = await makeUser(t, 'erin', []);
    const cases: Array<[string, string, unknown]> = [
      ['POST', '/api/users', { username: 'x y', displayName: 'a', password: 'Init-pass-1' }],
      ['POST', '/api/users', { username: 'ok', displayName: '', password: 'Init-pass-1' }],
      ['POST', '/api/users', { username: 'ok', displayName: 'a', password: 'Init-pass-1', grants: [{ role: 'king', orgId: 1 }] }],
      ['POST', '/api/users', { username: 'ok', displayName: 'a', password: 'Init-pass-1', grants: [{ role: 'member', orgId: 99999 }] }],
      ['PATCH', `/api/users/${id}`, { status: 'gone' }],
      ['PATCH', `/api/users/${id}`, { username: 'renamed' }],
      ['PATCH', '/api/users/abc', { status: 'active' }],
      ['PATCH', '/api/users/99999', { status: 'active' }],
      ['POST', `/api/users/${id}/reset-password`, { newPassword: 'short' }],
      ['POST', `/api/users/${id}/grants`, { role: 'member' }],
      ['DELETE', `/api/users/${id}/grants/99999`, undefined],
      ['GET', '/api/users/0', undefined],
    ];
    for (const [method, url, payload] of cases) {
      const res = await t.call({ method: method as 'POST', url, as: 'root', ...(payload ? { payload: payload as object } : {}) });
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(payload)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().error.code).toMatch(/^[A-Z_]+$/);
    }
  });
});

describe('access matrix: each role at several positions in the tree', () => {
  let t: TestApp;
  let tree: Tree;
  beforeEach(async () => {
    t = await createTestApp();
    tree = await standardTree(t);
  });
  afterEach(async () => t.close());

  const visible = async (username: string) => {
    const res = await t.call({ method: 'GET', url: '/api/orgs?pageSize=100&sort=code', as: username });
    expect(res.statusCode).toBe(200);
    return res
      .json()
      .items.map((o: { code: string }) => o.code)
      .sort();
  };

  const positions: Array<{ role: Role; at: keyof Tree; sees: string[] }> = [
    { role: 'org_admin', at: 'c', sees: ['B11', 'B12', 'B21', 'C', 'G1', 'G2', 'GR111'] },
    { role: 'org_admin', at: 'g1', sees: ['B11', 'B12', 'G1', 'GR111'] },
    { role: 'secretary', at: 'b11', sees: ['B11', 'GR111'] },
    { role: 'secretary', at: 'b21', sees: ['B21'] },
    { role: 'member', at: 'gr111', sees: ['GR111'] },
    { role: 'leader', at: 'c', sees: ['B11', 'B12', 'B21', 'C', 'G1', 'G2', 'GR111'] },
    { role: 'discipline', at: 'g2', sees: ['B21', 'G2'] },
  ];

  for (const p of positions) {
    it(`${p.role} at ${p.at} lists exactly its subtree and gets 404 outside it`, async () => {
      await makeUser(t, 'u', [{ role: p.role, orgId: tree[p.at].id }]);
      await t.login('u');
      expect(await visible('u')).toEqual(p.sees);
      const outside = (Object.keys(tree) as Array<keyof Tree>).filter((k) => !p.sees.includes(String(k).toUpperCase()));
      for (const k of outside) {
        const res = await t.call({ method: 'GET', url: `/api/orgs?under=${tree[k].id}`, as: 'u' });
        expect(res.statusCode, `under ${k}`).toBe(404);
        expect(res.json().error.code).toBe('NOT_FOUND');
      }
      const users = await t.call({ method: 'GET', url: '/api/users', as: 'u' });
      expect(users.statusCode).toBe(403);
      const audit = await t.call({ method: 'GET', url: '/api/audit', as: 'u' });
      expect(audit.statusCode).toBe(p.role === 'discipline' ? 200 : 403);
    });
  }

  it('concurrent posts: grants at two branches see both subtrees and nothing else', async () => {
    await makeUser(t, 'twohats', [
      { role: 'secretary', orgId: tree.b12.id },
      { role: 'member', orgId: tree.b21.id },
    ]);
    await t.login('twohats');
    expect(await visible('twohats')).toEqual(['B12', 'B21']);
  });

  it('an unauthenticated request gets 401 on every protected route', async () => {
    for (const url of ['/api/auth/me', '/api/users', '/api/audit', '/api/orgs', '/api/orgs/tree']) {
      const res = await t.call({ method: 'GET', url });
      expect(res.statusCode, url).toBe(401);
    }
  });

  it('a sysadmin granted at a 总支 cannot grant roles outside it (404)', async () => {
    await makeUser(t, 'subadmin', [{ role: 'sysadmin', orgId: tree.g1.id }]);
    const target = await makeUser(t, 'target', []);
    await t.login('subadmin');
    const inside = await t.call({
      method: 'POST',
      url: `/api/users/${target}/grants`,
      as: 'subadmin',
      payload: { role: 'member', orgId: tree.b11.id },
    });
    expect(inside.statusCode).toBe(201);
    const outside = await t.call({
      method: 'POST',
      url: `/api/users/${target}/grants`,
      as: 'subadmin',
      payload: { role: 'member', orgId: tree.b21.id },
    });
    expect(outside.statusCode).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeUser, standardTree, type TestApp } from '../test/harness.js';

/**
 * The in-process session cache (core/session.ts) must never outlive a change made through the application:
 * every test first makes requests that put the session into the cache, then changes something and expects the
 * very next request to see it.
 */
describe('session cache', () => {
  let t: TestApp;
  let tree: Awaited<ReturnType<typeof standardTree>>;
  beforeAll(async () => {
    t = await createTestApp();
    tree = await standardTree(t);
    await makeUser(t, 'root', [{ role: 'sysadmin', orgId: tree.c.id }]);
    await t.login('root');
  });
  afterAll(async () => {
    await t.close();
  });

  const me = (as: string) => t.call({ method: 'GET', url: '/api/auth/me', as });
  const orgCodes = async (as: string) => {
    const res = await t.call({ method: 'GET', url: '/api/orgs?pageSize=100&sort=code', as });
    return res.statusCode === 200 ? (res.json().items as Array<{ code: string }>).map((o) => o.code) : res.statusCode;
  };

  it('serves repeated requests of a session and ends it on sign-out', async () => {
    await makeUser(t, 'u-logout', [{ role: 'member', orgId: tree.b11.id }]);
    await t.login('u-logout');
    for (let i = 0; i < 3; i++) {
      expect((await me('u-logout')).statusCode).toBe(200);
    }
    expect((await t.call({ method: 'POST', url: '/api/auth/logout', as: 'u-logout' })).statusCode).toBe(200);
    expect((await me('u-logout')).statusCode).toBe(401);
  });

  it('refuses a cached session at once when the user is disabled', async () => {
    const id = await makeUser(t, 'u-disabled', [{ role: 'member', orgId: tree.b11.id }]);
    await t.login('u-disabled');
    expect((await me('u-disabled')).statusCode).toBe(200);
    const res = await t.call({ method: 'PATCH', url: `/api/users/${id}`, as: 'root', payload: { status: 'disabled' } });
    expect(res.statusCode).toBe(200);
    expect((await me('u-disabled')).statusCode).toBe(401);
  });

  it('refuses a cached session at once after an administrator resets the password', async () => {
    const id = await makeUser(t, 'u-reset', [{ role: 'member', orgId: tree.b11.id }]);
    await t.login('u-reset');
    expect((await me('u-reset')).statusCode).toBe(200);
    const res = await t.call({
      method: 'POST',
      url: `/api/users/${id}/reset-password`,
      as: 'root',
      payload: { newPassword: 'Reset-pass-9' },
    });
    expect(res.statusCode).toBe(200);
    expect((await me('u-reset')).statusCode).toBe(401);
  });

  it('refuses the other cached sessions at once after the user changes their own password', async () => {
    await makeUser(t, 'u-own', [{ role: 'member', orgId: tree.b11.id }]);
    t.cookies.set('u-own-other', await t.login('u-own'));
    await t.login('u-own');
    expect((await me('u-own-other')).statusCode).toBe(200);
    expect((await me('u-own')).statusCode).toBe(200);
    const res = await t.call({
      method: 'POST',
      url: '/api/auth/password',
      as: 'u-own',
      payload: { currentPassword: 'Test-pass-123', newPassword: 'Own-new-pass-7' },
    });
    expect(res.statusCode).toBe(200);
    expect((await me('u-own-other')).statusCode).toBe(401);
    expect((await me('u-own')).statusCode).toBe(401);
  });

  it('applies a granted and a withdrawn role on the next request', async () => {
    const id = await makeUser(t, 'u-grant', []);
    await t.login('u-grant');
    expect(await orgCodes('u-grant')).toBe(403);
    const add = await t.call({
      method: 'POST',
      url: `/api/users/${id}/grants`,
      as: 'root',
      payload: { role: 'org_admin', orgId: tree.g1.id },
    });
    expect(add.statusCode).toBe(201);
    expect(await orgCodes('u-grant')).toEqual(['B11', 'B12', 'G1', 'GR111']);
    expect(await orgCodes('u-grant')).toEqual(['B11', 'B12', 'G1', 'GR111']);
    const grantId = add.json().grants[0].id;
    expect((await t.call({ method: 'DELETE', url: `/api/users/${id}/grants/${grantId}`, as: 'root' })).statusCode).toBe(200);
    expect(await orgCodes('u-grant')).toBe(403);
  });

  it('follows a grant’s organisation when it moves to another parent', async () => {
    await makeUser(t, 'u-move', [{ role: 'org_admin', orgId: tree.b11.id }]);
    await t.login('u-move');
    expect(await orgCodes('u-move')).toEqual(['B11', 'GR111']);
    const moved = await t.call({ method: 'POST', url: `/api/orgs/${tree.b11.id}/move`, as: 'root', payload: { parentId: tree.g2.id } });
    expect(moved.statusCode).toBe(200);
    // The grant's path changed with the move: the cached one would now match nothing.
    expect(await orgCodes('u-move')).toEqual(['B11', 'GR111']);
    const person = await t.call({ method: 'GET', url: `/api/orgs/${tree.b11.id}`, as: 'u-move' });
    expect(person.statusCode).toBe(200);
  });

  it('still ends a cached session when it has been idle too long', async () => {
    await makeUser(t, 'u-idle', [{ role: 'member', orgId: tree.b11.id }]);
    await t.login('u-idle');
    expect((await me('u-idle')).statusCode).toBe(200);
    t.clock.advance((t.ctx.env.SESSION_IDLE_MINUTES + 1) * 60_000);
    expect((await me('u-idle')).statusCode).toBe(401);
  });
});

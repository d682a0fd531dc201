import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, makeUser, standardTree, TEST_PASSWORD, type TestApp } from '../../test/harness.js';

describe('auth', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp();
    const tree = await standardTree(t);
    await makeUser(t, 'alice', [{ role: 'secretary', orgId: tree.b11.id }]);
  });
  afterEach(async () => t.close());

  it('signs in with the right password, sets an httpOnly cookie and answers /me with roles and scopes', async () => {
    const res = await t.call({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'gt_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `gt_session=${cookie?.value}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      username: 'alice',
      roles: ['secretary'],
      orgScopes: [{ orgName: '一厂一支部', roles: ['secretary'] }],
    });
  });

  it('answers 401 INVALID_CREDENTIALS for a wrong password and for an unknown user alike', async () => {
    const a = await t.call({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: 'wrong-one-1' } });
    const b = await t.call({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody', password: 'wrong-one-1' } });
    expect(a.statusCode).toBe(401);
    expect(b.statusCode).toBe(401);
    expect(a.json().error.code).toBe('INVALID_CREDENTIALS');
    expect(b.json().error).toEqual(a.json().error);
  });

  it('locks an account after 5 failures and says so the same way for a username that does not exist', async () => {
    for (let i = 0; i < 5; i++) {
      await t.call({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: 'bad-pass-1' } });
      await t.call({ method: 'POST', url: '/api/auth/login', payload: { username: 'ghost', password: 'bad-pass-1' } });
    }
    const locked = await t.call({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: TEST_PASSWORD } });
    const ghost = await t.call({ method: 'POST', url: '/api/auth/login', payload: { username: 'ghost', password: TEST_PASSWORD } });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('ACCOUNT_LOCKED');
    expect(ghost.statusCode).toBe(423);
    expect(ghost.json().error.message).toBe(locked.json().error.message);
    t.clock.advance(16 * 60_000);
    const after = await t.call({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: TEST_PASSWORD } });
    expect(after.statusCode).toBe(200);
  });

  it('throttles one IP address after 30 failures across accounts', async () => {
    for (let i = 0; i < 30; i++) {
      await t.call({ method: 'POST', url: '/api/auth/login', payload: { username: `u${i}`, password: 'bad-pass-1' } });
    }
    const res = await t.call({ method: 'POST', url: '/api/auth/login', payload: { username: 'alice', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('TOO_MANY_REQUESTS');
  });

  it('expires a session after the idle limit and after the absolute limit', async () => {
    await t.login('alice');
    t.clock.advance(119 * 60_000);
    expect((await t.call({ method: 'GET', url: '/api/auth/me', as: 'alice' })).statusCode).toBe(200);
    t.clock.advance(121 * 60_000);
    expect((await t.call({ method: 'GET', url: '/api/auth/me', as: 'alice' })).statusCode).toBe(401);

    await t.login('alice');
    for (let i = 0; i < 13; i++) {
      t.clock.advance(60 * 60_000);
      await t.call({ method: 'GET', url: '/api/auth/me', as: 'alice' });
    }
    const res = await t.call({ method: 'GET', url: '/api/auth/me', as: 'alice' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('UNAUTHENTICATED');
  });

  it('logs out: the old cookie no longer works', async () => {
    await t.login('alice');
    expect((await t.call({ method: 'POST', url: '/api/auth/logout', as: 'alice' })).statusCode).toBe(200);
    expect((await t.call({ method: 'GET', url: '/api/auth/me', as: 'alice' })).statusCode).toBe(401);
  });

  it('changes the own password, revokes other sessions, keeps this one, and refuses a weak or wrong one', async () => {
    await t.login('alice');
    const other = await t.login('alice');
    t.cookies.set('alice-other', other);
    const firstCookie = t.cookies.get('alice');
    await t.login('alice');
    t.cookies.set('alice-first', firstCookie ?? '');
    const wrong = await t.call({
      method: 'POST',
      url: '/api/auth/password',
      as: 'alice',
      payload: { currentPassword: 'nope-nope-1', newPassword: 'New-pass-456' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('INVALID_CREDENTIALS');
    const weak = await t.call({
      method: 'POST',
      url: '/api/auth/password',
      as: 'alice',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'aaaaaaaa' },
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('WEAK_PASSWORD');
    const ok = await t.call({
      method: 'POST',
      url: '/api/auth/password',
      as: 'alice',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'New-pass-456' },
    });
    expect(ok.statusCode).toBe(200);
    const fresh = ok.cookies.find((c) => c.name === 'gt_session');
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: `gt_session=${fresh?.value}` } })).statusCode).toBe(
      200,
    );
    expect((await t.call({ method: 'GET', url: '/api/auth/me', as: 'alice-other' })).statusCode).toBe(401);
    expect((await t.call({ method: 'GET', url: '/api/auth/me', as: 'alice' })).statusCode).toBe(401);
    await t.login('alice', 'New-pass-456');
  });

  it('refuses a cookie-authenticated write without the CSRF header or from another origin', async () => {
    const cookie = await t.login('alice');
    const noHeader = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().error.code).toBe('CSRF_REJECTED');
    const foreign = await t.call({
      method: 'POST',
      url: '/api/auth/logout',
      as: 'alice',
      headers: { origin: 'http://evil.example', host: 'localhost:3000' },
    });
    expect(foreign.statusCode).toBe(403);
    const same = await t.call({
      method: 'POST',
      url: '/api/auth/logout',
      as: 'alice',
      headers: { origin: 'http://localhost:3000', host: 'localhost:3000' },
    });
    expect(same.statusCode).toBe(200);
  });

  it('answers bad login bodies with 4xx in the error shape, never 500', async () => {
    const cases = [
      { payload: '{not json', headers: { 'content-type': 'application/json' } },
      { payload: { username: 'alice' } },
      { payload: { username: 42, password: 'x' } },
      { payload: { username: 'alice', password: 'x', extra: true } },
      { payload: { username: 'a'.repeat(65), password: 'x' } },
      { payload: { username: 'alice', password: 'x'.repeat(2 * 1024 * 1024) } },
      { payload: 'username=alice', headers: { 'content-type': 'text/plain' } },
    ];
    for (const c of cases) {
      const res = await t.call({ method: 'POST', url: '/api/auth/login', ...c } as Parameters<TestApp['call']>[0]);
      expect(res.statusCode, JSON.stringify(c).slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().error.code).toMatch(/^[A-Z_]+$/);
      expect(typeof res.json().error.message).toBe('string');
    }
  });

  it('serves health and the OpenAPI document', async () => {
    const health = await t.call({ method: 'GET', url: '/api/health' });
    expect(health.json()).toMatchObject({ status: 'ok', database: process.env.TEST_DATABASE_URL ? 'postgres' : 'sqlite' });
    const doc = await t.call({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(doc.json().openapi).toMatch(/^3\./);
    expect(Object.keys(doc.json().paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/users', '/api/audit']));
    const docs = await t.call({ method: 'GET', url: '/api/docs' });
    expect(docs.statusCode).toBeLessThan(400);
  });
});

import { randomBytes } from 'node:crypto';
import type { Role } from '@guantong/shared';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { buildApp } from '../app.js';
import type { Actor } from '../core/access.js';
import { ensureAuditHead } from '../core/audit.js';
import type { AppContext } from '../core/context.js';
import type { JobRunner } from '../core/jobs.js';
import { hashPassword } from '../core/passwords.js';
import { CSRF_HEADER, CSRF_VALUE, loadGrants } from '../core/session.js';
import { type Database, openDatabase, pgClientConfig } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { readEnv } from '../env.js';

export const TEST_PASSWORD = 'Test-pass-123';

/** A clock tests can set and move. */
export class FakeClock {
  constructor(public now = new Date('2026-11-25T08:00:00.000Z')) {}
  readonly fn = () => new Date(this.now.getTime());
  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
  }
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  jobs: JobRunner;
  clock: FakeClock;
  database: Database;
  close(): Promise<void>;
  /** An HTTP call with the CSRF header (and the cookie of `as`, when given). */
  call(opts: InjectOptions & { as?: string }): Promise<LightMyRequestResponse>;
  /** Signs in and remembers the cookie under the username. */
  login(username: string, password?: string): Promise<string>;
  cookies: Map<string, string>;
}

let cachedHash: Promise<string> | null = null;
/** The argon2 hash of TEST_PASSWORD, computed once per test file. */
export function testPasswordHash(): Promise<string> {
  cachedHash ??= hashPassword(TEST_PASSWORD);
  return cachedHash;
}

/**
 * A fresh app on a fresh database: in-memory SQLite, or — when TEST_DATABASE_URL is set — a new
 * PostgreSQL schema dropped on close, so test files run in parallel without seeing each other.
 */
export async function createTestApp(envOverrides: Record<string, string> = {}): Promise<TestApp> {
  const pgUrl = process.env.TEST_DATABASE_URL;
  let database: Database;
  let dropSchema: (() => Promise<void>) | null = null;
  if (pgUrl) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client(pgClientConfig(pgUrl));
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    database = openDatabase(pgUrl, { searchPath: schema, poolSize: 5 });
    dropSchema = async () => {
      const c = new pg.Client(pgClientConfig(pgUrl));
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    };
  } else {
    database = openDatabase(':memory:');
  }
  await migrateToLatest(database);
  await ensureAuditHead(database.db);
  const clock = new FakeClock();
  const env = readEnv({ GUANTONG_SEED: 'none', JOBS: 'off', LOG_LEVEL: 'silent', ...envOverrides });
  const ctx: AppContext = { database, env, clock: clock.fn };
  const { app, jobs } = await buildApp(ctx, { serveWeb: false });
  await app.ready();
  const cookies = new Map<string, string>();
  const call: TestApp['call'] = async ({ as, headers, ...opts }) => {
    const h: Record<string, string> = { [CSRF_HEADER]: CSRF_VALUE, ...(headers as Record<string, string> | undefined) };
    if (as) {
      const c = cookies.get(as);
      if (!c) {
        throw new Error(`not logged in as ${as}`);
      }
      h.cookie = c;
    }
    return app.inject({ ...opts, headers: h });
  };
  const login: TestApp['login'] = async (username, password = TEST_PASSWORD) => {
    const res = await call({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) {
      throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    }
    const setCookie = res.cookies.find((c) => c.name === 'gt_session');
    const cookie = `gt_session=${setCookie?.value}`;
    cookies.set(username, cookie);
    return cookie;
  };
  return {
    app,
    ctx,
    jobs,
    clock,
    database,
    cookies,
    call,
    login,
    async close() {
      await app.close();
      await database.destroy();
      if (dropSchema) {
        await dropSchema();
      }
    },
  };
}

/** Creates an organisation under a parent (or as a root) with a correct path. */
export async function makeOrg(
  t: TestApp,
  input: {
    code: string;
    name?: string;
    kind: 'committee' | 'general_branch' | 'branch' | 'group';
    parentId?: number | null;
    businessUnit?: string;
  },
): Promise<{ id: number; path: string }> {
  const db = t.database.db;
  const now = t.clock.fn().toISOString();
  const parent = input.parentId
    ? await db.selectFrom('orgs').select(['id', 'path', 'depth']).where('id', '=', input.parentId).executeTakeFirstOrThrow()
    : null;
  const row = await db
    .insertInto('orgs')
    .values({
      code: input.code,
      name: input.name ?? `${input.code} 组织`,
      short_name: null,
      kind: input.kind,
      parent_id: parent?.id ?? null,
      path: '',
      depth: parent ? parent.depth + 1 : 0,
      sort_order: 0,
      business_unit: input.businessUnit ?? null,
      founded_on: null,
      status: 'active',
      term_start: null,
      term_years: null,
      committee_note: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${parent?.path ?? '/'}${row.id}/`;
  await db.updateTable('orgs').set({ path }).where('id', '=', row.id).execute();
  return { id: row.id, path };
}

/** Creates a user with TEST_PASSWORD and the given grants. */
export async function makeUser(t: TestApp, username: string, grants: Array<{ role: Role; orgId: number }>): Promise<number> {
  const db = t.database.db;
  const now = t.clock.fn().toISOString();
  const user = await db
    .insertInto('users')
    .values({
      username,
      display_name: username,
      password_hash: await testPasswordHash(),
      status: 'active',
      person_id: null,
      must_change_password: 0,
      last_login_at: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const g of grants) {
    await db.insertInto('role_grants').values({ user_id: user.id, role: g.role, org_id: g.orgId, created_at: now }).execute();
  }
  return user.id;
}

/** The Actor a service would receive for a user (for service-level tests). */
export async function actorFor(t: TestApp, userId: number): Promise<Actor> {
  const u = await t.database.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  return { userId, username: u.username, displayName: u.display_name, grants: await loadGrants(t.database.db, userId) };
}

/**
 * A small standard tree used by many tests:
 * C (committee) → G1, G2 (general branches) → B11, B12 under G1, B21 under G2 → GR111 (group) under B11.
 */
export async function standardTree(t: TestApp) {
  const c = await makeOrg(t, { code: 'C', kind: 'committee', name: '测试公司党委' });
  const g1 = await makeOrg(t, { code: 'G1', kind: 'general_branch', parentId: c.id, name: '一厂党总支' });
  const g2 = await makeOrg(t, { code: 'G2', kind: 'general_branch', parentId: c.id, name: '二厂党总支' });
  const b11 = await makeOrg(t, { code: 'B11', kind: 'branch', parentId: g1.id, name: '一厂一支部' });
  const b12 = await makeOrg(t, { code: 'B12', kind: 'branch', parentId: g1.id, name: '一厂二支部' });
  const b21 = await makeOrg(t, { code: 'B21', kind: 'branch', parentId: g2.id, name: '二厂一支部' });
  const gr111 = await makeOrg(t, { code: 'GR111', kind: 'group', parentId: b11.id, name: '一厂一支部第一党小组' });
  return { c, g1, g2, b11, b12, b21, gr111 };
}

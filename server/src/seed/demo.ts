import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { SYSTEM_ACTOR } from '../core/access.js';
import { audit } from '../core/audit.js';
import type { AppContext } from '../core/context.js';
import { hashPassword } from '../core/passwords.js';
import type { DB } from '../db/schema.js';
import { seedFrameworkIfEmpty } from '../modules/framework/framework.service.js';
import { generateDemoEnterprise } from '../modules/orgs/demo-enterprise.js';
import { seedDemoDecisions } from './demo-decisions.js';
import { seedDemoEvaluation } from './demo-evaluation.js';
import { seedDemoMeetings } from './demo-meetings.js';
import { insertDemoPeople } from './demo-people.js';

export interface SeedResult {
  seeded: boolean;
  password: string | null;
  accounts: number;
  orgs: number;
  people?: number;
}

/** True when nothing has been created yet (no organisation, no user). */
export async function isEmpty(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  const org = await db.selectFrom('orgs').select('id').limit(1).executeTakeFirst();
  return !row && !org;
}

/** A readable random password of the strength the password rule asks for. */
export function randomPassword(): string {
  return `Gt-${randomBytes(9).toString('base64url')}`;
}

/**
 * Inserts organisations level by level in bulk (chunks of 500 rows), then sets each level's materialised
 * paths from their parents' in one statement per level; returns id and path by code.
 */
export async function insertOrgTree(
  trx: Kysely<DB>,
  orgs: ReturnType<typeof generateDemoEnterprise>['orgs'],
  now: string,
): Promise<Map<string, { id: number; path: string }>> {
  const depthOf = new Map<string, number>();
  const levels: Array<typeof orgs> = [];
  for (const o of orgs) {
    const parentDepth = o.parentCode ? depthOf.get(o.parentCode) : -1;
    if (parentDepth === undefined) {
      throw new Error(`Parent ${o.parentCode} of ${o.code} must come first`);
    }
    const depth = parentDepth + 1;
    depthOf.set(o.code, depth);
    const level = levels[depth] ?? [];
    level.push(o);
    levels[depth] = level;
  }
  const byCode = new Map<string, { id: number; path: string }>();
  for (const [depth, level] of levels.entries()) {
    for (let i = 0; i < level.length; i += 500) {
      const rows = await trx
        .insertInto('orgs')
        .values(
          level.slice(i, i + 500).map((o) => ({
            code: o.code,
            name: o.name,
            short_name: o.shortName,
            kind: o.kind,
            parent_id: o.parentCode ? (byCode.get(o.parentCode)?.id ?? null) : null,
            path: '',
            depth,
            sort_order: o.sortOrder,
            business_unit: o.businessUnit,
            founded_on: o.foundedOn,
            status: 'active' as const,
            term_start: o.termStart,
            term_years: o.termYears,
            committee_note: o.committeeNote,
            created_at: now,
            updated_at: now,
          })),
        )
        .returning(['id', 'code'])
        .execute();
      for (const r of rows) {
        byCode.set(r.code, { id: r.id, path: '' });
      }
    }
    await trx
      .updateTable('orgs')
      .set({
        path:
          depth === 0
            ? sql<string>`'/' || cast(${sql.ref('id')} as varchar(20)) || '/'`
            : sql<string>`(select p.path from orgs as p where p.id = ${sql.ref('orgs.parent_id')}) || cast(${sql.ref('id')} as varchar(20)) || '/'`,
      })
      .where('depth', '=', depth)
      .where('path', '=', '')
      .execute();
    for (const o of level) {
      const own = byCode.get(o.code);
      const parent = o.parentCode ? byCode.get(o.parentCode) : undefined;
      if (own) {
        own.path = `${parent?.path ?? '/'}${own.id}/`;
      }
    }
  }
  return byCode;
}

/**
 * Seeds the demo enterprise on an empty database: its organisation tree and the demo accounts of the
 * fixed contracts (admin, zzb, jw, leader, sec-<branch code>; also sec-<党总支 code>), all with one password.
 */
export async function seedDemo(ctx: AppContext): Promise<SeedResult> {
  const db = ctx.database.db;
  // The 113344 framework is seeded whenever none exists yet, also on a database seeded before it was added.
  await seedFrameworkIfEmpty(ctx);
  if (!(await isEmpty(db))) {
    return { seeded: false, password: null, accounts: 0, orgs: 0 };
  }
  const password = ctx.env.GUANTONG_DEMO_PASSWORD ?? randomPassword();
  // One hash for every demo account: they share the password by contract.
  const passwordHash = await hashPassword(password);
  const today = ctx.clock().toISOString().slice(0, 10);
  const demo = generateDemoEnterprise({ today });
  const now = ctx.clock().toISOString();
  const result = await db.transaction().execute(async (trx) => {
    const orgIds = await insertOrgTree(trx, demo.orgs, now);
    const roster = await insertDemoPeople(trx, demo, orgIds, now, today);
    const top = demo.orgs.find((o) => o.parentCode === null);
    if (!top) {
      throw new Error('demo enterprise has no top organisation');
    }
    const topId = orgIds.get(top.code)?.id ?? 0;
    const accounts: Array<{
      username: string;
      name: string;
      role: 'sysadmin' | 'org_admin' | 'discipline' | 'leader' | 'secretary';
      orgId: number;
      personId?: number;
    }> = [
      { username: 'admin', name: '系统管理员', role: 'sysadmin', orgId: topId },
      { username: 'zzb', name: '组织部 王敏', role: 'org_admin', orgId: topId },
      { username: 'jw', name: '纪委 李强', role: 'discipline', orgId: topId },
      { username: 'leader', name: '党委书记 张建国', role: 'leader', orgId: topId },
    ];
    for (const o of demo.orgs) {
      if (o.kind === 'branch' || o.kind === 'general_branch') {
        // The account of whoever leads the branch or 党总支: its secretary (or, while the post is vacant, its deputy).
        const lead = roster.orgLeads.get(o.code);
        accounts.push({
          username: `sec-${o.code}`,
          name: lead?.name ?? `${o.shortName}书记`,
          role: 'secretary',
          orgId: orgIds.get(o.code)?.id ?? 0,
          personId: lead?.personId,
        });
      }
    }
    for (const a of accounts) {
      const user = await trx
        .insertInto('users')
        .values({
          username: a.username,
          display_name: a.name,
          password_hash: passwordHash,
          status: 'active',
          person_id: a.personId ?? null,
          must_change_password: 0,
          last_login_at: null,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('role_grants').values({ user_id: user.id, role: a.role, org_id: a.orgId, created_at: now }).execute();
    }
    await audit(
      trx,
      SYSTEM_ACTOR,
      {
        action: 'seed.demo',
        entityType: 'system',
        entityId: 'demo',
        note: { orgs: demo.orgs.length, accounts: accounts.length, people: roster.people, posts: roster.posts },
      },
      ctx.clock,
    );
    return { orgs: demo.orgs.length, accounts: accounts.length, people: roster.people };
  });
  // A year of meetings, learning and organisational life (before evaluation, which scores them).
  await seedDemoMeetings(ctx);
  await analyzeAfterBulkWrites(ctx);
  // Evaluation last: it scores what the steps before it recorded (and seeds demo tasks if none exist).
  await seedDemoEvaluation(ctx);
  // The decision register (三会一层) and a discussion campaign, after evaluation (which seeds tasks only when none exist).
  await seedDemoDecisions(ctx);
  await analyzeAfterBulkWrites(ctx);
  return { seeded: true, password, ...result };
}

/**
 * PostgreSQL plans from table statistics, which autovacuum gathers only some time after a bulk load (later still
 * when it is busy elsewhere); until then the first users of a freshly seeded database would get plans made for empty
 * tables. The demo is small, so gathering them right away takes well under a second. (SQLite is left as the
 * application runs it: see bench/README.md on statistics.)
 */
async function analyzeAfterBulkWrites(ctx: AppContext): Promise<void> {
  if (ctx.database.dialect === 'postgres') {
    // The tables of this database's schema only (tests share one database, a schema each).
    const tables = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(
      ctx.database.db,
    );
    for (const t of tables.rows) {
      await sql`analyze ${sql.table(t.name)}`.execute(ctx.database.db);
    }
  }
}

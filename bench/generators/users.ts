import type { Insertable } from 'kysely';
import type { RoleGrantsTable, UsersTable } from '../../server/src/db/schema.js';
import { insertChunked } from '../lib/bulk.js';
import type { GeneratorStep, UserRef } from './context.js';

/**
 * Accounts that the benchmarks sign in as, all with BENCH_PASSWORD: `admin` (sysadmin at the top),
 * `oa-<code>` (org_admin of every committee and 党总支) and `sec-<code>` (secretary of every branch,
 * linked to the person holding the branch's secretary post when the people step ran).
 */
export const usersStep: GeneratorStep = {
  name: 'users',
  tables: ['users', 'role_grants'],
  async run(ctx) {
    const top = ctx.orgs.find((o) => o.parentId === null);
    if (!top) {
      throw new Error('the orgs step must run first');
    }
    const names = new Map(ctx.enterprise.orgs.map((o) => [o.code, o.shortName]));
    const secretaryOf = new Map<string, number>();
    for (const p of ctx.enterprise.posts) {
      const person = ctx.personByEmployeeNo.get(p.employeeNo);
      if (p.post === 'secretary' && p.endOn === null && person !== undefined) {
        secretaryOf.set(p.orgCode, person);
      }
    }
    const accounts: Array<Omit<UserRef, 'id'> & { displayName: string; personId?: number }> = [
      { username: 'admin', displayName: '系统管理员', role: 'sysadmin', orgId: top.id },
    ];
    for (const o of ctx.orgs) {
      if (o.kind === 'committee' || o.kind === 'general_branch') {
        accounts.push({ username: `oa-${o.code}`, displayName: `${names.get(o.code)}组织员`, role: 'org_admin', orgId: o.id });
      }
    }
    for (const o of ctx.orgs) {
      if (o.kind === 'branch') {
        accounts.push({
          username: `sec-${o.code}`,
          displayName: `${names.get(o.code)}书记`,
          role: 'secretary',
          orgId: o.id,
          personId: secretaryOf.get(o.code),
        });
      }
    }
    const users: Array<Insertable<UsersTable>> = [];
    const grants: Array<Insertable<RoleGrantsTable>> = [];
    accounts.forEach((a, i) => {
      const id = i + 1;
      ctx.users.push({ id, username: a.username, role: a.role, orgId: a.orgId });
      users.push({
        id,
        username: a.username,
        display_name: a.displayName,
        password_hash: ctx.passwordHash,
        status: 'active',
        person_id: a.personId ?? null,
        must_change_password: 0,
        last_login_at: null,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
      grants.push({ id, user_id: id, role: a.role, org_id: a.orgId, created_at: ctx.now });
    });
    return {
      rows: {
        users: await insertChunked(ctx.db, 'users', users, ctx.dialect),
        role_grants: await insertChunked(ctx.db, 'role_grants', grants, ctx.dialect),
      },
    };
  },
};

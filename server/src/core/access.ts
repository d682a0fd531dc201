import type { Role } from '@guantong/shared';
import type { Kysely } from 'kysely';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import { prefixEnd } from '../db/portable.js';
import type { DB } from '../db/schema.js';
import { AppError, notFound } from './errors.js';

/** A role held at an organisation; it covers that organisation's subtree (`orgPath` prefix). */
export interface ActorGrant {
  role: Role;
  orgId: number;
  orgPath: string;
}

/** Who is acting, passed first to every service call. */
export interface Actor {
  userId: number | null;
  username: string;
  displayName: string;
  grants: ActorGrant[];
  requestId?: string;
  ip?: string;
}

/** The actor for jobs, migrations and seeding: audited as 'system', sees everything. */
export const SYSTEM_ACTOR: Actor = {
  userId: null,
  username: 'system',
  displayName: 'system',
  grants: [],
};

export const ALL_ROLES: readonly Role[] = ['sysadmin', 'org_admin', 'discipline', 'secretary', 'member', 'leader'];

/** True when the actor holds any of the roles anywhere. */
export function hasRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.grants.some((g) => roles.includes(g.role));
}

/** The set of subtrees an actor reaches through the given roles; `all` for the system actor. */
export interface OrgScope {
  all: boolean;
  prefixes: string[];
}

/** Computes the actor's scope for the roles, dropping subtrees already covered by a wider one. */
export function scopeFor(actor: Actor, roles: readonly Role[] = ALL_ROLES): OrgScope {
  if (actor === SYSTEM_ACTOR) {
    return { all: true, prefixes: [] };
  }
  const paths = [...new Set(actor.grants.filter((g) => roles.includes(g.role)).map((g) => g.orgPath))].sort();
  const prefixes: string[] = [];
  for (const p of paths) {
    if (!prefixes.some((q) => p.startsWith(q))) {
      prefixes.push(p);
    }
  }
  return { all: false, prefixes };
}

/** True when an organisation path lies inside the scope. */
export function pathInScope(scope: OrgScope, path: string): boolean {
  return scope.all || scope.prefixes.some((p) => path.startsWith(p));
}

/**
 * The one filter every org-scoped list uses: `pathColumn` (an orgs.path reference in the query)
 * must fall in one of the scope's subtrees. Range comparisons keep the path index usable on both databases.
 */
export function whereInScope<T>(
  eb: ExpressionBuilder<DB, keyof DB & T & string>,
  pathColumn: string,
  scope: OrgScope,
): Expression<SqlBool> {
  if (scope.all) {
    return sql<SqlBool>`1 = 1`;
  }
  if (scope.prefixes.length === 0) {
    return sql<SqlBool>`1 = 0`;
  }
  const col = sql.ref(pathColumn);
  return eb.or(scope.prefixes.map((p) => sql<SqlBool>`(${col} >= ${p} and ${col} < ${prefixEnd(p)})`));
}

/** Loads an organisation the actor may see through the roles, or answers 404 as if it did not exist. */
export async function requireVisibleOrg(db: Kysely<DB>, actor: Actor, orgId: number, roles: readonly Role[] = ALL_ROLES) {
  const org = await db.selectFrom('orgs').selectAll().where('id', '=', orgId).executeTakeFirst();
  if (!org || !pathInScope(scopeFor(actor, roles), org.path)) {
    throw notFound('organisation');
  }
  return org;
}

/** Throws 403 unless the actor holds one of the roles somewhere (route-level role check). */
export function requireRole(actor: Actor, roles: readonly Role[]): void {
  if (actor !== SYSTEM_ACTOR && !hasRole(actor, roles)) {
    throw new AppError('FORBIDDEN', 403, 'Your roles do not allow this.');
  }
}

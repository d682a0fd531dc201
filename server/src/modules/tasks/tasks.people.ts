import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { OPERATOR_ROLES } from './tasks.policy.js';
import { usersWithRoleAt } from './tasks.repository.js';

/** Who acts on / answers for tasks: the people notifications go to. */

interface ExecutorFacts {
  id: number;
  org_id: number;
  responsible_user_id: number | null;
}

interface IssuerFacts {
  id: number;
  issuer_org_id: number;
  issuer_user_id: number | null;
}

/**
 * The executors of each task: the responsible user, or — when nobody is named — the operators (org_admin /
 * secretary) granted exactly at the owning organisation.
 */
export async function executorsOf(db: Kysely<DB>, tasks: ExecutorFacts[]): Promise<Map<number, number[]>> {
  const orphanOrgs = tasks.filter((t) => t.responsible_user_id === null).map((t) => t.org_id);
  const operators = orphanOrgs.length > 0 ? await usersWithRoleAt(db, orphanOrgs, OPERATOR_ROLES) : new Map<number, number[]>();
  return new Map(tasks.map((t) => [t.id, t.responsible_user_id !== null ? [t.responsible_user_id] : (operators.get(t.org_id) ?? [])]));
}

/** The issuers of each task: the issuing user, or the issuing organisation's operators when none is recorded. */
export async function issuersOf(db: Kysely<DB>, tasks: IssuerFacts[]): Promise<Map<number, number[]>> {
  const orphanOrgs = tasks.filter((t) => t.issuer_user_id === null).map((t) => t.issuer_org_id);
  const operators = orphanOrgs.length > 0 ? await usersWithRoleAt(db, orphanOrgs, OPERATOR_ROLES) : new Map<number, number[]>();
  return new Map(tasks.map((t) => [t.id, t.issuer_user_id !== null ? [t.issuer_user_id] : (operators.get(t.issuer_org_id) ?? [])]));
}

/** The default responsible person of each organisation: the first active user holding `secretary` exactly there. */
export async function defaultResponsibles(db: Kysely<DB>, orgIds: number[]): Promise<Map<number, number>> {
  const secretaries = await usersWithRoleAt(db, orgIds, ['secretary']);
  const out = new Map<number, number>();
  for (const [orgId, users] of secretaries) {
    if (users.length > 0) {
      out.set(orgId, users[0]);
    }
  }
  return out;
}

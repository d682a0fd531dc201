import type { Role } from '@guantong/shared';
import { type Actor, ALL_ROLES, pathInScope, SYSTEM_ACTOR, scopeFor } from '../../core/access.js';

/** Who manages schemes, runs, calibration, publication, bonus / deduction items and imports: 组织部 (org_admin) and sysadmin, within the scheme's root. */
export const EVAL_MANAGER_ROLES: readonly Role[] = ['sysadmin', 'org_admin'];
/** Everyone signed in may open the evaluation pages; what they see is scoped below. */
export const EVAL_READ_ROLES: readonly Role[] = ALL_ROLES;
/** Roles that see published results of the targets in their subtree. */
export const EVAL_SCOPE_ROLES: readonly Role[] = ['sysadmin', 'org_admin', 'leader', 'discipline', 'secretary'];
/** Roles that operate an organisation (self-assessment of it, review of those below it). */
export const EVAL_OPERATOR_ROLES: readonly Role[] = ['org_admin', 'secretary'];

/** True when the actor manages schemes rooted at this path. */
export function canManage(actor: Actor, rootPath: string): boolean {
  return actor === SYSTEM_ACTOR || pathInScope(scopeFor(actor, EVAL_MANAGER_ROLES), rootPath);
}

/** True when the actor sees a target at this path (its organisation, or a cadre's organisation) through a reading role. */
export function seesPath(actor: Actor, path: string): boolean {
  return actor === SYSTEM_ACTOR || pathInScope(scopeFor(actor, EVAL_SCOPE_ROLES), path);
}

/** True when the actor operates exactly this organisation (org_admin or secretary granted there): it self-assesses. */
export function operatesExactly(actor: Actor, orgId: number): boolean {
  return actor.grants.some((g) => EVAL_OPERATOR_ROLES.includes(g.role) && g.orgId === orgId);
}

/**
 * True when the actor operates an organisation strictly above `path` (the level above reviews a self-assessment);
 * for a cadre, `path` is the cadre's organisation and an operator of it or above reviews.
 */
export function operatesAbove(actor: Actor, path: string, inclusive: boolean): boolean {
  return actor.grants.some((g) => EVAL_OPERATOR_ROLES.includes(g.role) && path.startsWith(g.orgPath) && (inclusive || g.orgPath !== path));
}

import type { Role } from '@guantong/shared';
import { type Actor, pathInScope, SYSTEM_ACTOR, scopeFor } from '../../core/access.js';
import type { TaskSide } from './tasks.workflow.js';

/** Roles that operate an organisation's work (创建、下达、验收): its administrators and its secretary. */
export const OPERATOR_ROLES: readonly Role[] = ['org_admin', 'secretary'];
/** Roles that may put a task under 挂牌督办. */
export const SUPERVISOR_ROLES: readonly Role[] = ['leader', 'org_admin'];
/** Roles that may change the supervision thresholds (top operators). */
export const SETTINGS_ROLES: readonly Role[] = ['sysadmin', 'org_admin'];
/** Any signed-in role sees tasks in its scope. */
export const TASK_READ_ROLES: readonly Role[] = ['sysadmin', 'org_admin', 'discipline', 'secretary', 'member', 'leader'];
/** Roles that may create drafts and import task lists. */
export const TASK_WRITE_ROLES: readonly Role[] = ['org_admin', 'secretary'];

/** What the policy needs of a task. */
export interface TaskAccessFacts {
  org_id: number;
  issuer_org_id: number;
  issuer_user_id: number | null;
  responsible_user_id: number | null;
  orgPath: string;
  issuerOrgPath: string;
  participant?: boolean;
}

/** True when the actor operates exactly this organisation (org_admin or secretary granted there). */
export function operatesOrg(actor: Actor, orgId: number): boolean {
  return actor === SYSTEM_ACTOR || actor.grants.some((g) => OPERATOR_ROLES.includes(g.role) && g.orgId === orgId);
}

/** The sides the actor takes on a task (see tasks.workflow.ts). */
export function sidesOf(actor: Actor, t: TaskAccessFacts): Set<TaskSide> {
  const sides = new Set<TaskSide>();
  if (actor === SYSTEM_ACTOR) {
    return new Set(['issuer', 'executor', 'supervisor']);
  }
  if ((t.issuer_user_id !== null && t.issuer_user_id === actor.userId) || operatesOrg(actor, t.issuer_org_id)) {
    sides.add('issuer');
  }
  if ((t.responsible_user_id !== null && t.responsible_user_id === actor.userId) || operatesOrg(actor, t.org_id)) {
    sides.add('executor');
  }
  if (pathInScope(scopeFor(actor, SUPERVISOR_ROLES), t.orgPath)) {
    sides.add('supervisor');
  }
  return sides;
}

/**
 * Whether the actor may see a task: its owning or issuing organisation lies in the actor's scope, or the
 * actor issued it, is responsible for it or takes part in it.
 */
export function canSeeTask(actor: Actor, t: TaskAccessFacts): boolean {
  if (actor === SYSTEM_ACTOR) {
    return true;
  }
  const scope = scopeFor(actor, TASK_READ_ROLES);
  return (
    pathInScope(scope, t.orgPath) ||
    pathInScope(scope, t.issuerOrgPath) ||
    (actor.userId !== null && (t.issuer_user_id === actor.userId || t.responsible_user_id === actor.userId || t.participant === true))
  );
}

/** Ids of the organisations the actor operates exactly (for "my tasks" when nobody is named responsible). */
export function operatedOrgIds(actor: Actor): number[] {
  return [...new Set(actor.grants.filter((g) => OPERATOR_ROLES.includes(g.role)).map((g) => g.orgId))];
}

import type { Role } from '@guantong/shared';
import { type Actor, hasRole, pathInScope, SYSTEM_ACTOR, scopeFor } from '../../core/access.js';

/** Who reads the register: operators, leaders, 纪委 (it watches major decisions), secretaries of the organisation. */
export const DECISION_READ_ROLES: readonly Role[] = ['sysadmin', 'org_admin', 'leader', 'discipline', 'secretary'];
/** Who records and edits decision items: the system administrator, 组织部 / 党群 operators, the organisation's secretary. */
export const DECISION_WRITE_ROLES: readonly Role[] = ['sysadmin', 'org_admin', 'secretary'];
/** Who maintains the bodies and categories (data). */
export const DECISION_SETTINGS_ROLES: readonly Role[] = ['sysadmin', 'org_admin'];

/** True when the actor may edit items of an organisation at this path. */
export function canWriteAt(actor: Actor, orgPath: string): boolean {
  return actor === SYSTEM_ACTOR || pathInScope(scopeFor(actor, DECISION_WRITE_ROLES), orgPath);
}

/** True when the actor may create follow-up tasks at all (the task engine decides the organisation). */
export function mayCreateTasks(actor: Actor): boolean {
  return actor === SYSTEM_ACTOR || hasRole(actor, ['org_admin', 'secretary']);
}

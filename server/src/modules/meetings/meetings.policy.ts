import type { Role } from '@guantong/shared';
import { type Actor, pathInScope, SYSTEM_ACTOR, scopeFor } from '../../core/access.js';

/** Every signed-in role reads meetings, learning and compliance in its scope. */
export const MEETING_READ_ROLES: readonly Role[] = ['sysadmin', 'org_admin', 'discipline', 'secretary', 'member', 'leader'];
/** Roles that record meetings of the organisations they operate (their subtree). */
export const MEETING_WRITE_ROLES: readonly Role[] = ['org_admin', 'secretary'];
/** Roles that change meeting types and compliance frequencies (top operators). */
export const MEETING_SETTINGS_ROLES: readonly Role[] = ['sysadmin', 'org_admin'];

/**
 * True when the actor changes the meeting types (data every organisation uses): the system administrator, or a
 * 组织部 operator granted at a top organisation (one without a parent; its path has one segment).
 */
export function managesMeetingTypes(actor: Actor): boolean {
  return (
    actor === SYSTEM_ACTOR ||
    actor.grants.some((g) => g.role === 'sysadmin' || (g.role === 'org_admin' && g.orgPath.split('/').filter(Boolean).length === 1))
  );
}

/** True when the actor may see records of an organisation at this path. */
export function canReadPath(actor: Actor, path: string): boolean {
  return pathInScope(scopeFor(actor, MEETING_READ_ROLES), path);
}

/** True when the actor operates the organisation at this path (org_admin / secretary granted at or above it). */
export function canWritePath(actor: Actor, path: string): boolean {
  return actor === SYSTEM_ACTOR || pathInScope(scopeFor(actor, MEETING_WRITE_ROLES), path);
}

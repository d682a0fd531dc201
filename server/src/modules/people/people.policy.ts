import type { Role } from '@guantong/shared';
import { type Actor, type OrgScope, pathInScope, SYSTEM_ACTOR, scopeFor } from '../../core/access.js';

/**
 * Who sees the roster: 组织部 (org_admin), system administrators, branch secretaries (their branch), 纪委
 * (discipline) and leaders (read-only), each within the subtree of their grants. Plain members do not.
 */
export const PEOPLE_READ_ROLES: readonly Role[] = ['sysadmin', 'org_admin', 'secretary', 'discipline', 'leader'];

/** Who changes the roster (create, edit, status events, transfers, imports): org_admin and sysadmin in their subtree. */
export const PEOPLE_WRITE_ROLES: readonly Role[] = ['sysadmin', 'org_admin'];

/**
 * Full phone numbers are shown only to org_admin and sysadmin for people in their subtree; everyone else
 * (secretaries, 纪委, leaders) sees them masked (138****1234) in lists, details and exports.
 */
export const FULL_PHONE_ROLES: readonly Role[] = ['sysadmin', 'org_admin'];

/** The scope in which the actor sees full phone numbers. */
export function fullPhoneScope(actor: Actor): OrgScope {
  return actor === SYSTEM_ACTOR ? { all: true, prefixes: [] } : scopeFor(actor, FULL_PHONE_ROLES);
}

/** Keeps the first 3 and last 4 characters of a phone number, e.g. 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  if (phone.length <= 7) {
    return `${'*'.repeat(Math.max(0, phone.length - 2))}${phone.slice(-2)}`;
  }
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** The phone as this reader may see it. */
export function phoneFor(scope: OrgScope, orgPath: string, phone: string | null): { phone: string | null; masked: boolean } {
  if (phone === null) {
    return { phone: null, masked: false };
  }
  return pathInScope(scope, orgPath) ? { phone, masked: false } : { phone: maskPhone(phone), masked: true };
}

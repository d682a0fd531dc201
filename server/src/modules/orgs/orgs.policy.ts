import type { Role } from '@guantong/shared';
import { type Actor, ALL_ROLES, SYSTEM_ACTOR } from '../../core/access.js';
import { forbidden } from '../../core/errors.js';

/** Everyone with a role sees the organisations of their subtree (tree, details, checks, terms). */
export const ORG_READ_ROLES: readonly Role[] = ALL_ROLES;

/** 组织部 (org_admin) and system administrators change organisations, posts and terms within their subtree. */
export const ORG_WRITE_ROLES: readonly Role[] = ['sysadmin', 'org_admin'];

/**
 * Rule settings are global: only a system administrator, or an org_admin granted at a top organisation
 * (a root of the tree, e.g. the enterprise committee's 组织部), may change them.
 */
export function assertMayEditRuleSettings(actor: Actor): void {
  if (actor === SYSTEM_ACTOR) {
    return;
  }
  const ok = actor.grants.some((g) => g.role === 'sysadmin' || (g.role === 'org_admin' && g.orgPath.split('/').length === 3));
  if (!ok) {
    throw forbidden('Only a system administrator or the top committee’s organisation department may change rule settings.');
  }
}

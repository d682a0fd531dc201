import { type Actor, SYSTEM_ACTOR } from '../../core/access.js';
import { forbidden } from '../../core/errors.js';

/**
 * The framework belongs to the whole enterprise: it is edited only by the top committee's operators
 * (org_admin granted at a root organisation) or a system administrator. Everyone signed in reads it.
 */
export function canEditFramework(actor: Actor): boolean {
  if (actor === SYSTEM_ACTOR) {
    return true;
  }
  return actor.grants.some((g) => g.role === 'sysadmin' || (g.role === 'org_admin' && isRootPath(g.orgPath)));
}

/** Throws 403 unless the actor may edit the framework. */
export function requireFrameworkEditor(actor: Actor): void {
  if (!canEditFramework(actor)) {
    throw forbidden('Only the party committee’s organisation department (or a system administrator) edits the framework.');
  }
}

function isRootPath(path: string): boolean {
  return path.split('/').filter(Boolean).length === 1;
}

import type { Role } from '@guantong/shared';
import { type Actor, ALL_ROLES, pathInScope, SYSTEM_ACTOR, scopeFor } from '../../core/access.js';

/** Roles that organise campaigns (create, publish, tag, shortlist, adopt) at and below the organisation they hold. */
export const ORGANISER_ROLES: readonly Role[] = ['sysadmin', 'org_admin', 'secretary'];
/** Roles that record an answer for a member of their organisation (a secretary collecting answers at a meeting). */
export const RECORDER_ROLES: readonly Role[] = ['org_admin', 'secretary'];

/** Roles that read every answer within their scope; a plain member reads their own answers only. */
export const ANSWER_READER_ROLES: readonly Role[] = ['sysadmin', 'org_admin', 'secretary', 'discipline', 'leader'];

/** True when the actor organises a campaign whose audience is the subtree at `orgPath`. */
export function organises(actor: Actor, orgPath: string): boolean {
  return actor === SYSTEM_ACTOR || pathInScope(scopeFor(actor, ORGANISER_ROLES), orgPath);
}

/** True when the actor's scope (as a reader of answers) holds the campaign's organisation: they read all of it. */
export function readsAll(actor: Actor, orgPath: string): boolean {
  return actor === SYSTEM_ACTOR || pathInScope(scopeFor(actor, ANSWER_READER_ROLES), orgPath);
}

/** True when the actor sees a published campaign: held in their scope (any role), or addressed to them. */
export function seesCampaign(actor: Actor, orgPath: string): boolean {
  return actor === SYSTEM_ACTOR || pathInScope(scopeFor(actor, ALL_ROLES), orgPath) || addressedTo(actor, orgPath);
}

/** True when the campaign is addressed to the actor: one of their organisations lies in its audience. */
export function addressedTo(actor: Actor, orgPath: string): boolean {
  return actor.grants.some((g) => g.orgPath.startsWith(orgPath));
}

/** The organisation paths a campaign may be held at for it to reach the actor (each grant's ancestors and itself). */
export function reachingPaths(actor: Actor): string[] {
  const out = new Set<string>();
  for (const g of actor.grants) {
    const ids = g.orgPath.split('/').filter(Boolean);
    for (let i = 1; i <= ids.length; i += 1) {
      out.add(`/${ids.slice(0, i).join('/')}/`);
    }
  }
  return [...out];
}

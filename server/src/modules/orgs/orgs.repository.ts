import type { Kysely } from 'kysely';
import { type OrgScope, whereInScope } from '../../core/access.js';
import type { DB } from '../../db/schema.js';

/** Every organisation in the scope, ordered for building a tree. */
export function listOrgsInScope(db: Kysely<DB>, scope: OrgScope) {
  return db
    .selectFrom('orgs')
    .select(['id', 'code', 'name', 'short_name', 'kind', 'status', 'parent_id', 'path', 'depth', 'sort_order'])
    .where((eb) => whereInScope(eb, 'orgs.path', scope))
    .orderBy('depth')
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
}

import type { OrgListQuery } from '@guantong/shared';
import type { Kysely } from 'kysely';
import { type OrgScope, whereInScope } from '../../core/access.js';
import { paginate } from '../../core/paging.js';
import type { DB } from '../../db/schema.js';
import { prefixEnd } from '../../db/portable.js';

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

/** One page of organisations in the scope (optionally under one visible path) matching the filters. */
export function pageOrgs(db: Kysely<DB>, scope: OrgScope, q: OrgListQuery, underPath: string | null) {
  let base = db
    .selectFrom('orgs')
    .leftJoin('orgs as p', 'p.id', 'orgs.parent_id')
    .where((eb) => whereInScope(eb, 'orgs.path', scope));
  if (underPath) {
    base = base.where('orgs.path', '>=', underPath).where('orgs.path', '<', prefixEnd(underPath));
  }
  if (q.q) {
    const like = `%${q.q}%`;
    base = base.where((eb) => eb.or([eb('orgs.name', 'like', like), eb('orgs.code', 'like', like), eb('orgs.short_name', 'like', like)]));
  }
  if (q.kind) {
    base = base.where('orgs.kind', '=', q.kind);
  }
  if (q.status) {
    base = base.where('orgs.status', '=', q.status);
  }
  const rows = base
    .select([
      'orgs.id',
      'orgs.code',
      'orgs.name',
      'orgs.short_name',
      'orgs.kind',
      'orgs.status',
      'orgs.parent_id',
      'p.name as parent_name',
      'orgs.business_unit',
      'orgs.depth',
    ])
    .orderBy(`orgs.${q.sort}`, q.order)
    .orderBy('orgs.id');
  return paginate(rows, base, q);
}

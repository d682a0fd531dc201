import type { TaskAssignee, TaskAssigneeQuery } from '@guantong/shared';
import { type Actor, requireVisibleOrg } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { prefixEnd } from '../../db/portable.js';
import { TASK_READ_ROLES } from './tasks.policy.js';

/**
 * The people who may be named responsible for (or take part in) a task of an organisation: active users holding a
 * role in its subtree, the organisation's own first. The organisation must be visible to the actor (404 otherwise).
 */
export async function listAssignees(ctx: AppContext, actor: Actor, q: TaskAssigneeQuery): Promise<TaskAssignee[]> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, q.orgId, TASK_READ_ROLES);
  let query = db
    .selectFrom('role_grants as g')
    .innerJoin('users as u', 'u.id', 'g.user_id')
    .innerJoin('orgs as o', 'o.id', 'g.org_id')
    .select(['u.id', 'u.username', 'u.display_name', 'g.role', 'o.id as org_id', 'o.name as org_name', 'o.path'])
    .where('u.status', '=', 'active')
    .where('o.path', '>=', org.path)
    .where('o.path', '<', prefixEnd(org.path));
  if (q.q) {
    const like = `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('u.display_name', 'like', eb.val(like)), eb('u.username', 'like', eb.val(like))]));
  }
  // Grants of the organisation itself first, then by depth; a user appears once with all their grants here.
  const rows = await query
    .orderBy((eb) => eb.fn('length', ['o.path']))
    .orderBy('u.display_name')
    .orderBy('u.id')
    .limit(q.limit * 4)
    .execute();
  const byUser = new Map<number, TaskAssignee>();
  for (const r of rows) {
    let user = byUser.get(r.id);
    if (!user) {
      if (byUser.size >= q.limit) {
        continue;
      }
      user = { id: r.id, username: r.username, displayName: r.display_name, grants: [] };
      byUser.set(r.id, user);
    }
    user.grants.push({ role: r.role, orgId: r.org_id, orgName: r.org_name });
  }
  return [...byUser.values()];
}

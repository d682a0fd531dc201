import type { User } from '@guantong/shared';
import type { UsersTable } from '../../db/schema.js';
import type { listGrantsOf } from './users.repository.js';

type UserRow = Omit<UsersTable, 'id'> & { id: number };
type GrantRow = Awaited<ReturnType<typeof listGrantsOf>>[number];

/** What leaves the server about a user: never the password hash. */
export function presentUser(row: UserRow, grants: GrantRow[], lockedUntil: Date | null): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    status: row.status,
    lockedUntil: lockedUntil ? lockedUntil.toISOString() : null,
    lastLoginAt: row.last_login_at,
    createdAt: row.created_at,
    grants: grants
      .filter((g) => g.user_id === row.id)
      .map((g) => ({ id: g.id, role: g.role, orgId: g.org_id, orgName: g.org_name, orgKind: g.org_kind })),
  };
}

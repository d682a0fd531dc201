import type { Generated } from 'kysely';
import type { CampaignsTables } from '../modules/campaigns/campaigns.tables.js';
import type { DecisionsTables } from '../modules/decisions/decisions.tables.js';
import type { EvaluationTables } from '../modules/evaluation/evaluation.tables.js';
import type { FilesTables } from '../modules/files/files.tables.js';
import type { FrameworkTables } from '../modules/framework/framework.tables.js';
import type { MeetingsTables } from '../modules/meetings/meetings.tables.js';
import type { NotificationsTables } from '../modules/notifications/notifications.tables.js';
import type { OrgsTables } from '../modules/orgs/orgs.tables.js';
import type { PeopleTables } from '../modules/people/people.tables.js';
import type { TasksTables } from '../modules/tasks/tasks.tables.js';

/**
 * Table types of the whole database. Each module declares its own tables in `<module>.tables.ts`
 * and they are joined here, so Kysely<DB> knows every table.
 * Conventions: ids are integers; timestamps are ISO-8601 UTC text; dates YYYY-MM-DD text;
 * booleans are 0/1 integers; JSON is text.
 */
export interface OrgsTable {
  id: Generated<number>;
  code: string;
  name: string;
  short_name: string | null;
  kind: 'committee' | 'general_branch' | 'branch' | 'group';
  parent_id: number | null;
  /** Materialised path of ids, e.g. '/1/5/23/', compared byte by byte. */
  path: string;
  depth: number;
  sort_order: number;
  business_unit: string | null;
  founded_on: string | null;
  status: 'active' | 'merged' | 'dissolved';
  term_start: string | null;
  term_years: number | null;
  committee_note: string | null;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  status: 'active' | 'disabled';
  person_id: number | null;
  must_change_password: number;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RoleGrantsTable {
  id: Generated<number>;
  user_id: number;
  role: 'sysadmin' | 'org_admin' | 'discipline' | 'secretary' | 'member' | 'leader';
  org_id: number;
  created_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie token; the token itself is never stored. */
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  seq: number;
  at: string;
  actor_id: number | null;
  actor_name: string;
  action: string;
  entity_type: string;
  entity_id: string;
  changes: string;
  request_id: string | null;
  ip: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface JobLeasesTable {
  name: string;
  owner: string | null;
  lease_until: string;
  last_run_at: string | null;
}

export interface JobRunsTable {
  id: Generated<number>;
  name: string;
  owner: string;
  started_at: string;
  finished_at: string | null;
  outcome: 'running' | 'ok' | 'failed';
  message: string | null;
}

export interface LoginThrottleTable {
  key: string;
  window_start: string;
  attempts: number;
}

export interface CoreTables {
  orgs: OrgsTable;
  users: UsersTable;
  role_grants: RoleGrantsTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  job_leases: JobLeasesTable;
  job_runs: JobRunsTable;
  login_throttle: LoginThrottleTable;
}

export interface DB
  extends CoreTables,
    FrameworkTables,
    TasksTables,
    FilesTables,
    NotificationsTables,
    OrgsTables,
    PeopleTables,
    MeetingsTables,
    DecisionsTables,
    CampaignsTables,
    EvaluationTables {}

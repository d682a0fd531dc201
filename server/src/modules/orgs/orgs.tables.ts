import type { Generated } from 'kysely';

/** The posts an organisation's people hold (书记、副书记、委员 …, 党小组组长). */
export type PostKind =
  | 'secretary'
  | 'deputy_secretary'
  | 'committee_member'
  | 'organization_member'
  | 'propaganda_member'
  | 'discipline_member'
  | 'group_leader';

/** A post held by a person in an organisation; `end_on` is exclusive (the first day no longer held). */
export interface OrgPostsTable {
  id: Generated<number>;
  org_id: number;
  person_id: number;
  post: PostKind;
  start_on: string;
  end_on: string | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

export type OrgEventKind = 'created' | 'renamed' | 'updated' | 'moved' | 'merged' | 'merged_in' | 'dissolved' | 'term_renewed' | 'imported';

/** One entry of an organisation's history, with the fields before and after (JSON text). */
export interface OrgEventsTable {
  id: Generated<number>;
  org_id: number;
  kind: OrgEventKind;
  on_date: string;
  before: string | null;
  after: string | null;
  reason: string | null;
  /** The other organisation of a merge. */
  related_org_id: number | null;
  actor_id: number | null;
  actor_name: string;
  created_at: string;
}

/** An operator's override of one rule threshold (defaults live in code, from RULES.md). */
export interface RuleSettingsTable {
  key: string;
  value: number;
  source: string | null;
  updated_by: string;
  updated_at: string;
}

/** An uploaded Excel file, parsed and validated, waiting to be committed (payload: JSON of the rows). */
export interface ImportJobsTable {
  id: Generated<number>;
  kind: 'people' | 'orgs';
  status: 'validated' | 'committed' | 'discarded';
  file_name: string;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
  total_rows: number;
  valid_rows: number;
  error_rows: number;
  mode: 'all_or_nothing' | 'valid_only' | null;
  committed_at: string | null;
  created_count: number | null;
  payload: string | null;
}

export interface OrgsTables {
  org_posts: OrgPostsTable;
  org_events: OrgEventsTable;
  rule_settings: RuleSettingsTable;
  import_jobs: ImportJobsTable;
}

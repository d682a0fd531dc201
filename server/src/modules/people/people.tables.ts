import type { Generated } from 'kysely';

export type PartyStatusValue = 'full' | 'probationary' | 'activist' | 'candidate' | 'applicant' | 'non_member';

/**
 * One person on the roster (职工). `org_id` is the organisation whose subtree holds the record (their branch
 * when they have one, otherwise the organisation of their unit); `branch_id`/`group_id` are the current
 * party branch and group. Booleans are 0/1.
 */
export interface PeopleTable {
  id: Generated<number>;
  employee_no: string;
  name: string;
  /** Pinyin initials of the name, lower case (e.g. 张伟 → 'zw'), for search. */
  name_initials: string;
  gender: 'male' | 'female';
  ethnicity: string | null;
  birth_date: string;
  education: string | null;
  job_title: string | null;
  business_unit: string | null;
  phone: string | null;
  party_status: PartyStatusValue;
  joined_party_on: string | null;
  full_member_on: string | null;
  probation_start: string | null;
  is_cadre: number;
  is_retired: number;
  is_mobile: number;
  org_id: number;
  branch_id: number | null;
  group_id: number | null;
  status: 'active' | 'left';
  left_on: string | null;
  note: string | null;
  import_job_id: number | null;
  created_at: string;
  updated_at: string;
}

export type MembershipStartKind = 'initial' | 'in' | 'between' | 'merge' | 'assign' | 'import';
export type MembershipEndKind = 'out' | 'between' | 'merge' | 'left' | 'left_party' | 'reassign' | 'dissolved';

/** A period during which a person belonged to an organisation (branch or group); `to_on` null = current. */
export interface MembershipsTable {
  id: Generated<number>;
  person_id: number;
  org_id: number;
  from_on: string;
  to_on: string | null;
  start_kind: MembershipStartKind;
  end_kind: MembershipEndKind | null;
  reason: string | null;
  transfer_id: number | null;
  created_at: string;
}

/** 组织关系转接: in from outside, out to outside, or between two branches of the platform. */
export interface PersonTransfersTable {
  id: Generated<number>;
  person_id: number;
  kind: 'in' | 'out' | 'between';
  from_org_id: number | null;
  to_org_id: number | null;
  /** The outside organisation for 'in' (where from) and 'out' (where to). */
  external_org: string | null;
  transfer_on: string;
  reason: string;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
}

/** A recorded change of a person's party status or roster status (never a silent edit). */
export interface PersonEventsTable {
  id: Generated<number>;
  person_id: number;
  kind: 'created' | 'party_status' | 'roster';
  from_value: string | null;
  to_value: string | null;
  on_date: string;
  reason: string | null;
  created_by: number | null;
  created_by_name: string;
  created_at: string;
}

export interface PeopleTables {
  people: PeopleTable;
  memberships: MembershipsTable;
  person_transfers: PersonTransfersTable;
  person_events: PersonEventsTable;
}

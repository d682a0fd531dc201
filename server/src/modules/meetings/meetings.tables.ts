import type { Generated } from 'kysely';

/** Meeting categories: party organisational life, governance (三会一层), leadership, study, talk. */
export type MeetingCategory = 'party' | 'governance' | 'leadership' | 'study' | 'talk';
/** 三会一层 bodies a meeting type belongs to (for decision items). */
export type MeetingBody = 'party_committee' | 'board' | 'management' | 'workers_congress';
export type MeetingStatus = 'planned' | 'held' | 'cancelled';
export type AttendanceStatus = 'pending' | 'present' | 'leave' | 'absent';
export type CheckinMethod = 'code' | 'recorder' | 'makeup';
/** 五学: 党委会跟进学、中心组研讨学、读书班系统学、上级领导领学、邀请专家讲学. */
export type StudyMode = 'follow_up' | 'seminar' | 'reading_class' | 'leader_led' | 'expert';
export type CompliancePeriod = 'month' | 'quarter' | 'year';
export type ComplianceAppliesTo = 'branch' | 'branch_with_committee' | 'group' | 'branch_talk_coverage';

/** A kind of meeting (data, extensible by an operator). */
export interface MeetingTypesTable {
  code: string;
  name: string;
  name_en: string;
  category: MeetingCategory;
  body: MeetingBody | null;
  /** 0/1: the first agenda item must be 第一议题. */
  first_topic: Generated<number>;
  /** 0/1: attending counts as organisational life (for the 6-month rule). */
  org_life: Generated<number>;
  /** 0/1: a study meeting (carries a study record by default). */
  is_study: Generated<number>;
  /** 0/1: a recorded talk between two people (谈心谈话). */
  is_talk: Generated<number>;
  /** JSON array of org kinds that hold it. */
  org_kinds: Generated<string>;
  default_minutes: Generated<number>;
  sort_order: Generated<number>;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** One meeting of an organisation. */
export interface MeetingsTable {
  id: Generated<number>;
  org_id: number;
  type_code: string;
  title: string;
  /** Beijing date of starts_at (YYYY-MM-DD). */
  meeting_date: string;
  starts_at: string;
  ends_at: string | null;
  place: Generated<string>;
  online: Generated<number>;
  online_link: string | null;
  chair_person_id: number | null;
  recorder_person_id: number | null;
  /** 谈心谈话: the other person (the chair is the first). */
  counterpart_person_id: number | null;
  status: MeetingStatus;
  minutes: Generated<string>;
  summary: string | null;
  cancel_reason: string | null;
  checkin_code: string | null;
  checkin_open: Generated<number>;
  checkin_expires_at: string | null;
  reminder_sent_at: string | null;
  held_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** An ordered agenda item; the first item of a party meeting is flagged 第一议题. */
export interface MeetingAgendaItemsTable {
  id: Generated<number>;
  meeting_id: number;
  position: number;
  title: string;
  is_first_topic: Generated<number>;
  presenter: string | null;
  notes: Generated<string>;
  created_at: string;
  updated_at: string;
}

/** Expected and actual attendance of one person; meeting fields are copies kept in step. */
export interface MeetingAttendeesTable {
  meeting_id: number;
  person_id: number;
  expected: Generated<number>;
  status: AttendanceStatus;
  leave_reason: string | null;
  checkin_method: CheckinMethod | null;
  checked_in_at: string | null;
  meeting_date: string;
  org_id: number;
  org_life: Generated<number>;
  meeting_status: MeetingStatus;
  updated_at: string;
}

/** A resolution of a meeting; may become a task (task engine) or a decision item (decisions module). */
export interface MeetingResolutionsTable {
  id: Generated<number>;
  meeting_id: number;
  agenda_item_id: number | null;
  position: number;
  text: string;
  task_id: number | null;
  decision_id: number | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** A yearly study plan of an organisation. */
export interface StudyPlansTable {
  id: Generated<number>;
  org_id: number;
  year: number;
  title: string;
  description: Generated<string>;
  target_hours: number | null;
  status: Generated<'active' | 'archived'>;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** A topic of a study plan with materials and a planned month. */
export interface StudyPlanItemsTable {
  id: Generated<number>;
  plan_id: number;
  position: number;
  topic: string;
  materials: Generated<string>;
  mode: StudyMode | null;
  planned_month: string | null;
  planned_hours: number | null;
  created_at: string;
  updated_at: string;
}

/** The study record that makes a meeting a study session (五学). */
export interface StudyRecordsTable {
  meeting_id: number;
  mode: StudyMode;
  topic: string;
  materials: Generated<string>;
  speaker: string | null;
  hours: number;
  plan_item_id: number | null;
  org_id: number;
  meeting_date: string;
  created_at: string;
  updated_at: string;
}

/** Make-up study (补学) for someone absent or on leave. */
export interface StudyMakeupsTable {
  id: Generated<number>;
  meeting_id: number;
  person_id: number;
  status: 'assigned' | 'done';
  due_on: string | null;
  done_on: string | null;
  hours: number | null;
  note: string | null;
  created_at: string;
  updated_at: string;
}

/** A member's reflection (学习心得), reviewed by the organisation. */
export interface StudyReflectionsTable {
  id: Generated<number>;
  person_id: number;
  org_id: number;
  meeting_id: number | null;
  plan_item_id: number | null;
  title: string;
  body: string;
  status: 'submitted' | 'approved' | 'returned';
  review_comment: string | null;
  reviewed_by: number | null;
  reviewed_at: string | null;
  submitted_on: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** How often a meeting type is due (RULES.md defaults, editable). */
export interface ComplianceRulesTable {
  code: string;
  meeting_type_code: string;
  period: CompliancePeriod;
  min_count: Generated<number>;
  applies_to: ComplianceAppliesTo;
  coverage: number | null;
  source: string;
  sort_order: Generated<number>;
  active: Generated<number>;
  updated_by: string;
  updated_at: string;
}

export interface MeetingsTables {
  meeting_types: MeetingTypesTable;
  meetings: MeetingsTable;
  meeting_agenda_items: MeetingAgendaItemsTable;
  meeting_attendees: MeetingAttendeesTable;
  meeting_resolutions: MeetingResolutionsTable;
  study_plans: StudyPlansTable;
  study_plan_items: StudyPlanItemsTable;
  study_records: StudyRecordsTable;
  study_makeups: StudyMakeupsTable;
  study_reflections: StudyReflectionsTable;
  compliance_rules: ComplianceRulesTable;
}

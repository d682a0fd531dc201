import type { DecisionStatus } from '@guantong/shared';
import type { Generated } from 'kysely';

/** A body of 三会一层 (data; codes match meeting_types.body). */
export interface DecisionBodiesTable {
  code: string;
  name: string;
  name_en: string;
  /** 0/1: 重大经营管理事项 decided here need the party committee's pre-study (董事会, 经理层). */
  requires_pre_study: Generated<number>;
  /** 0/1: this body does the pre-study (党委会). */
  is_pre_study_body: Generated<number>;
  sort_order: Generated<number>;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** A category of decision items (data); the 三重一大 kinds require pre-study. */
export interface DecisionCategoriesTable {
  code: string;
  name: string;
  name_en: string;
  group_name: string | null;
  group_name_en: string | null;
  requires_pre_study: Generated<number>;
  sort_order: Generated<number>;
  active: Generated<number>;
  created_at: string;
  updated_at: string;
}

/** One item of an organisation's decision register (决策事项清单). */
export interface DecisionsTable {
  id: Generated<number>;
  org_id: number;
  title: string;
  doc_no: string | null;
  body_code: string;
  category_code: string;
  decided_on: string;
  /** The meeting of the deciding body, its agenda item, and the resolution it came from (meetings module). */
  meeting_id: number | null;
  agenda_item_id: number | null;
  resolution_id: number | null;
  summary: Generated<string>;
  owner_user_id: number | null;
  owner_department: string | null;
  review_on: string | null;
  status: DecisionStatus;
  /** The 党委会 meeting (and agenda item) that studied the matter first (前置研究讨论). */
  pre_study_meeting_id: number | null;
  pre_study_agenda_item_id: number | null;
  pre_study_note: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface DecisionsTables {
  decision_bodies: DecisionBodiesTable;
  decision_categories: DecisionCategoriesTable;
  decisions: DecisionsTable;
}

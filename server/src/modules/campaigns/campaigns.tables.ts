import type { CampaignStatus } from '@guantong/shared';
import type { Generated } from 'kysely';

/** A discussion campaign (大讨论): a question put to an organisation's subtree for a period. */
export interface CampaignsTable {
  id: Generated<number>;
  /** The audience: this organisation's subtree. */
  org_id: number;
  title: string;
  question: string;
  description: Generated<string>;
  starts_on: string;
  ends_on: string;
  status: CampaignStatus;
  /** JSON array of the tags organisers sort answers by. */
  tags: Generated<string>;
  published_at: string | null;
  closed_at: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

/** One answer by a member (or recorded for them by their secretary). */
export interface CampaignAnswersTable {
  id: Generated<number>;
  campaign_id: number;
  person_id: number | null;
  /** The member's branch when answering (participation counts by it). */
  org_id: number;
  submitted_by: number | null;
  text: string;
  /** JSON array of tags. */
  tags: Generated<string>;
  shortlisted: Generated<number>;
  shortlisted_at: string | null;
  /** The task the answer became when adopted (task engine, source 'campaign_answer'). */
  task_id: number | null;
  adopted_at: string | null;
  adopted_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface CampaignsTables {
  campaigns: CampaignsTable;
  campaign_answers: CampaignAnswersTable;
}

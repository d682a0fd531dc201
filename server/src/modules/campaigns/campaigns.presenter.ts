import type { Campaign, CampaignAnswer, CampaignPhase, FileRef } from '@guantong/shared';
import type { AnswerRow, CampaignRow } from './campaigns.repository.js';

/** Where a campaign stands on `today`. */
export function phaseOf(c: { status: string; starts_on: string; ends_on: string }, today: string): CampaignPhase {
  if (c.status === 'draft') {
    return 'draft';
  }
  if (c.status === 'closed' || today > c.ends_on) {
    return 'ended';
  }
  return today < c.starts_on ? 'upcoming' : 'open';
}

/** Parses a JSON array of strings (tags), tolerating bad data. */
export function parseTags(text: string): string[] {
  try {
    const v = JSON.parse(text) as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export function presentCampaign(
  r: CampaignRow,
  counts: { answers: number; respondents: number; shortlisted: number; adopted: number } | undefined,
  today: string,
  can: { organise: boolean; answer: boolean },
): Campaign {
  return {
    id: r.id,
    org: { id: r.org_id, code: r.org_code, name: r.org_name, kind: r.org_kind },
    title: r.title,
    question: r.question,
    description: r.description,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: r.status,
    phase: phaseOf(r, today),
    tags: parseTags(r.tags),
    answers: counts?.answers ?? 0,
    respondents: counts?.respondents ?? 0,
    shortlisted: counts?.shortlisted ?? 0,
    adopted: counts?.adopted ?? 0,
    createdBy: r.created_by === null ? null : { id: r.created_by, displayName: r.created_by_name ?? '' },
    canOrganise: can.organise,
    canAnswer: can.answer,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function presentAnswer(a: AnswerRow, files: FileRef[], can: { attach: boolean; edit: boolean }): CampaignAnswer {
  return {
    id: a.id,
    campaignId: a.campaign_id,
    person: a.person_id === null ? null : { id: a.person_id, name: a.person_name ?? '' },
    org: { id: a.org_id, code: a.org_code, name: a.org_name, kind: a.org_kind },
    text: a.text,
    tags: parseTags(a.tags),
    shortlisted: a.shortlisted === 1,
    task:
      a.task_id === null || a.task_title === null || a.task_status === null
        ? null
        : { id: a.task_id, title: a.task_title, status: a.task_status, dueOn: a.task_due_on ?? '' },
    adoptedAt: a.adopted_at,
    submittedBy: a.submitted_by === null ? null : { id: a.submitted_by, displayName: a.submitted_by_name ?? '' },
    files,
    canAttach: can.attach,
    canEdit: can.edit,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
  };
}

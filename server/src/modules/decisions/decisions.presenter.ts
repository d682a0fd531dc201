import type {
  Decision,
  DecisionBody,
  DecisionCategory,
  DecisionFollowUpRollup,
  DecisionMeetingRef,
  PreStudyCheck,
  PreStudyStatus,
} from '@guantong/shared';
import { PRE_STUDY_RULE } from '@guantong/shared';
import type { Selectable } from 'kysely';
import { emptySourceRollup } from '../tasks/tasks.sources.js';
import { PRE_STUDY_SEVERITY, preStudyMessage } from './decisions.prestudy.js';
import type { DecisionRow } from './decisions.repository.js';
import type { DecisionBodiesTable, DecisionCategoriesTable } from './decisions.tables.js';

function meetingRef(
  id: number | null,
  m: {
    title: string | null;
    typeCode: string | null;
    typeName: string | null;
    orgId: number | null;
    date: string | null;
    startsAt: string | null;
    status: string | null;
  },
): DecisionMeetingRef | null {
  if (id === null || m.title === null || m.date === null) {
    return null;
  }
  return {
    id,
    title: m.title,
    typeCode: m.typeCode ?? '',
    typeName: m.typeName ?? '',
    orgId: m.orgId ?? 0,
    date: m.date,
    startsAt: m.startsAt ?? '',
    status: m.status ?? '',
  };
}

/** The pre-study check of a row (status computed in SQL), with the rule, its source and the meeting. */
export function presentPreStudy(r: DecisionRow): PreStudyCheck {
  const status = r.pre_study_status as PreStudyStatus;
  const meeting = meetingRef(r.pre_study_meeting_id, {
    title: r.pm_title,
    typeCode: r.pm_type_code,
    typeName: r.pm_type_name,
    orgId: r.pm_org_id,
    date: r.pm_date,
    startsAt: r.pm_starts_at,
    status: r.pm_status,
  });
  return {
    required: status !== 'not_required',
    status,
    severity: PRE_STUDY_SEVERITY[status],
    meeting,
    agendaItem:
      r.pre_study_agenda_item_id !== null && r.pa_title !== null
        ? { id: r.pre_study_agenda_item_id, position: r.pa_position ?? 0, title: r.pa_title }
        : null,
    note: r.pre_study_note,
    rule: PRE_STUDY_RULE.code,
    message: preStudyMessage(status, { bodyName: r.body_name, preStudyDate: meeting?.date ?? null, decidedOn: r.decided_on }),
    source: PRE_STUDY_RULE.source,
  };
}

/** A register row as the API shows it; `today` decides whether the review date has come. */
export function presentDecision(r: DecisionRow, followUp: DecisionFollowUpRollup | undefined, today: string): Decision {
  return {
    id: r.id,
    org: { id: r.org_id, code: r.org_code, name: r.org_name, kind: r.org_kind },
    title: r.title,
    docNo: r.doc_no,
    body: { code: r.body_code, name: r.body_name, nameEn: r.body_name_en },
    category: {
      code: r.category_code,
      name: r.category_name,
      nameEn: r.category_name_en,
      groupName: r.category_group,
      groupNameEn: r.category_group_en,
    },
    decidedOn: r.decided_on,
    meeting: meetingRef(r.meeting_id, {
      title: r.dm_title,
      typeCode: r.dm_type_code,
      typeName: r.dm_type_name,
      orgId: r.dm_org_id,
      date: r.dm_date,
      startsAt: r.dm_starts_at,
      status: r.dm_status,
    }),
    agendaItem:
      r.agenda_item_id !== null && r.da_title !== null ? { id: r.agenda_item_id, position: r.da_position ?? 0, title: r.da_title } : null,
    resolution:
      r.resolution_id !== null && r.r_meeting_id !== null ? { id: r.resolution_id, meetingId: r.r_meeting_id, text: r.r_text ?? '' } : null,
    summary: r.summary,
    ownerUser: r.owner_user_id === null ? null : { id: r.owner_user_id, displayName: r.owner_name ?? '' },
    ownerDepartment: r.owner_department,
    reviewOn: r.review_on,
    reviewDue: r.review_on !== null && r.review_on <= today && (r.status === 'decided' || r.status === 'in_progress'),
    status: r.status,
    preStudy: presentPreStudy(r),
    followUp: followUp ?? emptySourceRollup(),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function presentBody(b: Selectable<DecisionBodiesTable>): DecisionBody {
  return {
    code: b.code,
    name: b.name,
    nameEn: b.name_en,
    requiresPreStudy: b.requires_pre_study === 1,
    isPreStudyBody: b.is_pre_study_body === 1,
    sortOrder: b.sort_order,
    active: b.active === 1,
  };
}

export function presentCategory(c: Selectable<DecisionCategoriesTable>): DecisionCategory {
  return {
    code: c.code,
    name: c.name,
    nameEn: c.name_en,
    groupName: c.group_name,
    groupNameEn: c.group_name_en,
    requiresPreStudy: c.requires_pre_study === 1,
    sortOrder: c.sort_order,
    active: c.active === 1,
  };
}

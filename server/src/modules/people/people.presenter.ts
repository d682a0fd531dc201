import type { Inactivity, OrgKind, PersonDetail, PersonListItem } from '@guantong/shared';
import type { OrgScope } from '../../core/access.js';
import { phoneFor } from './people.policy.js';
import type { listMemberships, listPersonEvents, listTransfers, PersonRow } from './people.repository.js';

type Ref = { id: number; code: string; name: string; kind: OrgKind };

function ref(id: number | null, code: string | null, name: string | null, kind: OrgKind | null): Ref | null {
  return id !== null && code !== null && name !== null && kind !== null ? { id, code, name, kind } : null;
}

/** A roster row as the list shows it; the phone is masked outside `phoneScope`. */
export function presentPerson(r: PersonRow, phoneScope: OrgScope): PersonListItem {
  const phone = phoneFor(phoneScope, r.org_path, r.phone);
  return {
    id: r.id,
    employeeNo: r.employee_no,
    name: r.name,
    gender: r.gender,
    ethnicity: r.ethnicity,
    birthDate: r.birth_date,
    education: r.education,
    jobTitle: r.job_title,
    businessUnit: r.business_unit,
    phone: phone.phone,
    phoneMasked: phone.masked,
    partyStatus: r.party_status,
    joinedPartyOn: r.joined_party_on,
    fullMemberOn: r.full_member_on,
    probationStart: r.probation_start,
    isCadre: r.is_cadre === 1,
    isRetired: r.is_retired === 1,
    isMobile: r.is_mobile === 1,
    status: r.status,
    org: { id: r.org_id, code: r.org_code, name: r.org_name, kind: r.org_kind },
    branch: ref(r.branch_id, r.branch_code, r.branch_name, r.branch_kind),
    group: ref(r.group_id, r.group_code, r.group_name, r.group_kind),
  };
}

/** A person's page: list fields, memberships, transfers, status events, posts and the 6-month rule state. */
export function presentPersonDetail(
  r: PersonRow,
  phoneScope: OrgScope,
  history: {
    memberships: Awaited<ReturnType<typeof listMemberships>>;
    transfers: Awaited<ReturnType<typeof listTransfers>>;
    events: Awaited<ReturnType<typeof listPersonEvents>>;
    posts: Array<{
      id: number;
      post: string;
      start_on: string;
      end_on: string | null;
      org_id: number;
      org_code: string;
      org_name: string;
      org_kind: OrgKind;
    }>;
    inactivity: Inactivity;
    today: string;
  },
): PersonDetail {
  return {
    ...presentPerson(r, phoneScope),
    leftOn: r.left_on,
    note: r.note,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    memberships: history.memberships.map((m) => ({
      id: m.id,
      org: { id: m.org_id, code: m.org_code, name: m.org_name, kind: m.org_kind },
      fromOn: m.from_on,
      toOn: m.to_on,
      startKind: m.start_kind,
      endKind: m.end_kind,
      reason: m.reason,
    })),
    transfers: history.transfers.map((t) => ({
      id: t.id,
      kind: t.kind,
      fromOrg: ref(t.from_id, t.from_code, t.from_name, t.from_kind),
      toOrg: ref(t.to_id, t.to_code, t.to_name, t.to_kind),
      externalOrg: t.external_org,
      transferOn: t.transfer_on,
      reason: t.reason,
      createdBy: t.created_by_name,
      createdAt: t.created_at,
    })),
    events: history.events.map((e) => ({
      id: e.id,
      kind: e.kind,
      fromValue: e.from_value,
      toValue: e.to_value,
      onDate: e.on_date,
      reason: e.reason,
      createdBy: e.created_by_name,
      createdAt: e.created_at,
    })),
    posts: history.posts.map((p) => ({
      id: p.id,
      org: { id: p.org_id, code: p.org_code, name: p.org_name, kind: p.org_kind },
      post: p.post,
      startOn: p.start_on,
      endOn: p.end_on,
      active: p.start_on <= history.today && (p.end_on === null || p.end_on > history.today),
    })),
    inactivity: history.inactivity,
  };
}

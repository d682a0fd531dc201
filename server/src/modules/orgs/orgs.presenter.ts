import type { OrgEvent, OrgKind, OrgListItem, OrgPost } from '@guantong/shared';

/** An organisation row (with its parent's name) as a list item. */
export function presentOrgListItem(r: {
  id: number;
  code: string;
  name: string;
  short_name: string | null;
  kind: OrgKind;
  status: 'active' | 'merged' | 'dissolved';
  parent_id: number | null;
  parent_name: string | null;
  business_unit: string | null;
  depth: number;
}): OrgListItem {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    kind: r.kind,
    status: r.status,
    parentId: r.parent_id,
    parentName: r.parent_name,
    businessUnit: r.business_unit,
    depth: r.depth,
  };
}

/** A post with its holder; `active` = held today (`end_on` is exclusive). */
export function presentPost(
  r: {
    id: number;
    org_id: number;
    person_id: number;
    post: OrgPost['post'];
    start_on: string;
    end_on: string | null;
    note: string | null;
    person_name: string;
    employee_no: string;
  },
  today: string,
): OrgPost {
  return {
    id: r.id,
    orgId: r.org_id,
    personId: r.person_id,
    personName: r.person_name,
    employeeNo: r.employee_no,
    post: r.post,
    startOn: r.start_on,
    endOn: r.end_on,
    note: r.note,
    active: r.start_on <= today && (r.end_on === null || r.end_on > today),
  };
}

function parseJson(text: string | null): Record<string, unknown> | null {
  if (!text) {
    return null;
  }
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** One history entry. */
export function presentOrgEvent(r: {
  id: number;
  kind: OrgEvent['kind'];
  on_date: string;
  before: string | null;
  after: string | null;
  reason: string | null;
  related_org_id: number | null;
  related_code: string | null;
  related_name: string | null;
  actor_name: string;
  created_at: string;
}): OrgEvent {
  return {
    id: r.id,
    kind: r.kind,
    onDate: r.on_date,
    before: parseJson(r.before),
    after: parseJson(r.after),
    reason: r.reason,
    relatedOrg:
      r.related_org_id !== null && r.related_code !== null && r.related_name !== null
        ? { id: r.related_org_id, code: r.related_code, name: r.related_name }
        : null,
    actorName: r.actor_name,
    createdAt: r.created_at,
  };
}

import type { Candidate, MeetingType } from '@guantong/shared';
import { COMMITTEE_POST_KINDS, MEMBER_STATUSES, POST_KIND_LABELS, type PostKind } from '@guantong/shared';
import type { Kysely } from 'kysely';
import { prefixEnd } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';

interface OrgFacts {
  id: number;
  kind: 'committee' | 'general_branch' | 'branch' | 'group';
  path: string;
}

/** Types whose expected attendees are the organisation's committee (post holders), not all its members. */
const COMMITTEE_TYPES = new Set(['party_committee', 'branch_committee', 'theory_group', 'democratic_life']);

/** Committee seat holders of an organisation today. */
async function committeeOf(db: Kysely<DB>, orgId: number, today: string): Promise<number[]> {
  const rows = await db
    .selectFrom('org_posts as op')
    .innerJoin('people as p', 'p.id', 'op.person_id')
    .select('op.person_id')
    .distinct()
    .where('op.org_id', '=', orgId)
    .where('op.post', 'in', COMMITTEE_POST_KINDS as PostKind[])
    .where('op.start_on', '<=', today)
    .where((eb) => eb.or([eb('op.end_on', 'is', null), eb('op.end_on', '>', today)]))
    .where('p.status', '=', 'active')
    .execute();
  return rows.map((r) => r.person_id);
}

/** Party members (full and probationary, active) belonging to the organisation: its group, its branch, or branches below it. */
export async function membersOf(db: Kysely<DB>, org: OrgFacts): Promise<number[]> {
  let q = db
    .selectFrom('people as p')
    .select('p.id')
    .where('p.status', '=', 'active')
    .where('p.party_status', 'in', [...MEMBER_STATUSES]);
  if (org.kind === 'group') {
    q = q.where('p.group_id', '=', org.id);
  } else if (org.kind === 'branch') {
    q = q.where('p.branch_id', '=', org.id);
  } else {
    q = q.innerJoin('orgs as b', 'b.id', 'p.branch_id').where('b.path', '>=', org.path).where('b.path', '<', prefixEnd(org.path));
  }
  const rows = await q.orderBy('p.employee_no').limit(5000).execute();
  return rows.map((r) => r.id);
}

/**
 * Who is expected by default: both people of a talk; the committee for committee meetings (党委会、支委会、中心组、
 * 民主生活会) and for other meetings of a committee; the group's members for a 党小组会; otherwise the party
 * members of the organisation. Governance meetings (董事会、经理层、职代会) start empty: the recorder picks.
 */
export async function defaultAttendees(
  db: Kysely<DB>,
  org: OrgFacts,
  type: MeetingType,
  today: string,
  talk: { chair: number | null; counterpart: number | null },
): Promise<number[]> {
  if (type.isTalk) {
    return [talk.chair, talk.counterpart].filter((x): x is number => x !== null);
  }
  if (type.category === 'governance') {
    return [];
  }
  if (COMMITTEE_TYPES.has(type.code) || org.kind === 'committee') {
    return committeeOf(db, org.id, today);
  }
  return membersOf(db, org);
}

/**
 * People the attendee picker offers for a meeting of an organisation: the people of its subtree (members first,
 * then others), with their posts there and whether the type's default would include them.
 */
export async function candidatesFor(
  db: Kysely<DB>,
  org: OrgFacts,
  type: MeetingType | null,
  today: string,
  q: string | undefined,
  limit: number,
): Promise<Candidate[]> {
  let query = db
    .selectFrom('people as p')
    .innerJoin('orgs as po', 'po.id', 'p.org_id')
    .leftJoin('orgs as b', 'b.id', 'p.branch_id')
    .select(['p.id', 'p.name', 'p.employee_no', 'p.party_status', 'b.name as branch_name', 'po.name as org_name'])
    .where('p.status', '=', 'active')
    .where('po.path', '>=', org.path)
    .where('po.path', '<', prefixEnd(org.path));
  if (org.kind === 'group') {
    query = query.where('p.group_id', '=', org.id);
  }
  if (q) {
    const like = `%${q}%`;
    query = query.where((eb) =>
      eb.or([eb('p.name', 'like', like), eb('p.employee_no', 'like', like), eb('p.name_initials', 'like', `${q.toLowerCase()}%`)]),
    );
  }
  const rows = await query.orderBy('p.employee_no').limit(limit).execute();
  const suggested = new Set(type ? await defaultAttendees(db, org, type, today, { chair: null, counterpart: null }) : []);
  const posts = await db
    .selectFrom('org_posts')
    .select(['person_id', 'post'])
    .where('org_id', '=', org.id)
    .where('start_on', '<=', today)
    .where((eb) => eb.or([eb('end_on', 'is', null), eb('end_on', '>', today)]))
    .execute();
  const postsBy = new Map<number, string[]>();
  for (const p of posts) {
    postsBy.set(p.person_id, [...(postsBy.get(p.person_id) ?? []), POST_KIND_LABELS[p.post as PostKind] ?? p.post]);
  }
  const isMember = (s: string) => (MEMBER_STATUSES as readonly string[]).includes(s);
  return rows
    .map((r) => ({
      id: r.id,
      name: r.name,
      employeeNo: r.employee_no,
      partyStatus: r.party_status,
      orgName: r.branch_name ?? r.org_name,
      posts: postsBy.get(r.id) ?? [],
      suggested: suggested.has(r.id),
    }))
    .sort((a, b) => Number(b.suggested) - Number(a.suggested) || Number(isMember(b.partyStatus)) - Number(isMember(a.partyStatus)));
}

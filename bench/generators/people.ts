import type { Insertable } from 'kysely';
import type { DB } from '../../server/src/db/schema.js';
import { pinyinInitials } from '../../server/src/modules/orgs/demo-enterprise.js';
import { hasTable, insertChunked } from '../lib/bulk.js';
import type { GeneratorStep, OrgRef } from './context.js';

/** The enterprise prefix of a group-scale code ('C05-B012-1' → 'C05'); '' at enterprise scale. */
function enterpriseOf(code: string): string {
  const dash = code.indexOf('-');
  return dash < 0 ? '' : code.slice(0, dash);
}

/**
 * The roster: people (org_id = their branch, or for 群众 the 党总支 of their unit), current memberships
 * (branch, and group where they have one) and the posts of the generated enterprise. Runs once the
 * people module's tables exist.
 *
 * The generator gives non-members only a business unit, and at group scale unit names repeat across
 * enterprises; it emits each enterprise's members before its non-members, so a non-member belongs to
 * the enterprise of the last member before them.
 */
export const peopleStep: GeneratorStep = {
  name: 'people',
  tables: ['people', 'memberships', 'org_posts'],
  async run(ctx) {
    if (!(await hasTable(ctx.db, 'people'))) {
      return { skipped: 'no people table (the people module adds it in migration 0002)' };
    }
    const top = ctx.orgs.find((o) => o.parentId === null);
    if (!top) {
      throw new Error('the orgs step must run first');
    }
    // Per enterprise prefix: its committee and its organisations by business unit (党总支 first).
    const rootOf = new Map<string, OrgRef>();
    const unitOrg = new Map<string, OrgRef>();
    ctx.enterprise.orgs.forEach((o, i) => {
      const ref = ctx.orgs[i];
      const prefix = o.kind !== 'committee' ? enterpriseOf(o.code) : ctx.scale === 'enterprise' ? '' : o.code;
      if (o.kind === 'committee') {
        rootOf.set(prefix, ref);
      }
      const key = `${prefix}|${o.businessUnit}`;
      if ((o.kind === 'general_branch' || o.kind === 'committee') && (!unitOrg.has(key) || o.kind === 'general_branch')) {
        unitOrg.set(key, ref);
      }
    });

    const people: Array<Insertable<DB['people']>> = [];
    const memberships: Array<Insertable<DB['memberships']>> = [];
    let enterprise = '';
    let byUnit = 0;
    for (const p of ctx.enterprise.people) {
      const id = people.length + 1;
      const branch = p.branchCode ? ctx.orgByCode.get(p.branchCode) : undefined;
      const group = p.groupCode ? ctx.orgByCode.get(p.groupCode) : undefined;
      if (p.branchCode && !branch) {
        throw new Error(`unknown branch ${p.branchCode} of ${p.employeeNo}`);
      }
      let org: OrgRef;
      if (branch && p.branchCode) {
        org = branch;
        enterprise = enterpriseOf(p.branchCode);
      } else {
        const unit = unitOrg.get(`${enterprise}|${p.businessUnit}`);
        byUnit += unit ? 1 : 0;
        org = unit ?? rootOf.get(enterprise) ?? top;
      }
      ctx.personByEmployeeNo.set(p.employeeNo, id);
      people.push({
        id,
        employee_no: p.employeeNo,
        name: p.name,
        name_initials: pinyinInitials(p.name),
        gender: p.gender,
        ethnicity: p.ethnicity,
        birth_date: p.birthDate,
        education: p.education,
        job_title: p.jobTitle,
        business_unit: p.businessUnit,
        phone: p.phone,
        party_status: p.partyStatus,
        joined_party_on: p.joinedPartyOn,
        full_member_on: p.fullMemberOn,
        probation_start: p.probationStart,
        is_cadre: p.isCadre ? 1 : 0,
        is_retired: p.isRetired ? 1 : 0,
        is_mobile: p.isMobile ? 1 : 0,
        org_id: org.id,
        branch_id: branch?.id ?? null,
        group_id: group?.id ?? null,
        status: 'active',
        left_on: null,
        note: null,
        import_job_id: null,
        created_at: ctx.now,
        updated_at: ctx.now,
      });
      const fromOn = p.joinedPartyOn ?? ctx.today;
      for (const o of [branch, group]) {
        if (o) {
          memberships.push({
            id: memberships.length + 1,
            person_id: id,
            org_id: o.id,
            from_on: fromOn,
            to_on: null,
            start_kind: 'initial',
            end_kind: null,
            reason: null,
            transfer_id: null,
            created_at: ctx.now,
          });
        }
      }
    }
    const posts: Array<Insertable<DB['org_posts']>> = ctx.enterprise.posts.map((post, i) => {
      const org = ctx.orgByCode.get(post.orgCode);
      const person = ctx.personByEmployeeNo.get(post.employeeNo);
      if (!org || !person) {
        throw new Error(`post ${post.post} of ${post.employeeNo} at ${post.orgCode} refers to unknown data`);
      }
      return {
        id: i + 1,
        org_id: org.id,
        person_id: person,
        post: post.post,
        start_on: post.startOn,
        end_on: post.endOn,
        note: null,
        created_at: ctx.now,
        updated_at: ctx.now,
      };
    });
    const withoutBranch = people.length - people.filter((p) => p.branch_id !== null).length;
    return {
      rows: {
        people: await insertChunked(ctx.db, 'people', people, ctx.dialect),
        memberships: await insertChunked(ctx.db, 'memberships', memberships, ctx.dialect),
        org_posts: await insertChunked(ctx.db, 'org_posts', posts, ctx.dialect),
      },
      note: `${withoutBranch - byUnit} of ${withoutBranch} people without a branch fell back to their enterprise committee`,
    };
  },
};

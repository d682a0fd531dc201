import {
  ORG_PARENT_KINDS,
  type OrgCheck,
  type OrgChecksQuery,
  type OrgCounts,
  type OrgCreateInput,
  type OrgDetail,
  type OrgDissolveInput,
  type OrgEvent,
  type OrgKind,
  type OrgListItem,
  type OrgListQuery,
  type OrgMergeInput,
  type OrgMergeResult,
  type OrgMoveInput,
  type OrgNode,
  type OrgPost,
  type OrgPostCreateInput,
  type OrgPostUpdateInput,
  type OrgTermUpdateInput,
  type OrgUpdateInput,
  type RuleSetting,
  type RuleSettingUpdateInput,
  type TermList,
  type TermListQuery,
} from '@guantong/shared';
import type { Kysely } from 'kysely';
import { type Actor, type OrgScope, pathInScope, requireVisibleOrg, scopeFor } from '../../core/access.js';
import { audit } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { AppError, badRequest, conflict, invalidState, notFound } from '../../core/errors.js';
import type { Page } from '../../core/paging.js';
import type { DB } from '../../db/schema.js';
import {
  anchoredPeopleCount,
  findPersonBrief,
  memberCountsByBranch,
  moveMembersOnMerge,
  releaseGroupMembers,
  statusCountsUnder,
} from '../people/people.service.js';
import { assertMayEditRuleSettings, ORG_READ_ROLES, ORG_WRITE_ROLES } from './orgs.policy.js';
import { presentOrgEvent, presentOrgListItem, presentPost } from './orgs.presenter.js';
import {
  countOrgEvents,
  endPostsIn,
  findOrgByCode,
  findOrgById,
  findOrgsByIds,
  findPost,
  insertOrg,
  insertOrgEvents,
  listChildren,
  listOrgEvents,
  listOrgsInScope,
  listPostsOf,
  listRuleSettings,
  type OrgEventValues,
  type OrgRow,
  orgsForChecks,
  overlappingPosts,
  pageOrgs,
  postsHeldOn,
  rewriteSubtree,
  updateOrg,
} from './orgs.repository.js';
import {
  type CheckOrg,
  checkOrg,
  EMPTY_FACTS,
  type OrgFacts,
  RULE_DEFINITIONS,
  type RuleValues,
  ruleValues,
  seatFacts,
  sortChecks,
  termOf,
} from './orgs.rules.js';

/** Today's date in China (UTC+8), the calendar every rule is read in. */
export function chinaToday(ctx: AppContext): string {
  return new Date(ctx.clock().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The effective rule thresholds (stored overrides over the RULES.md defaults). */
export async function loadRules(db: Kysely<DB>): Promise<RuleValues> {
  return ruleValues(await listRuleSettings(db));
}

// ---------------------------------------------------------------------------------------------------------
// Facts and checks (bulk: a handful of grouped queries for any number of organisations)
// ---------------------------------------------------------------------------------------------------------

interface TreeFacts {
  orgs: Array<CheckOrg & { parent_id: number | null }>;
  facts: Map<number, OrgFacts>;
  /** Members (full + probationary) of each organisation's subtree; a group: its own members. */
  counts: Map<number, OrgCounts>;
}

async function collectFacts(db: Kysely<DB>, scope: OrgScope, underPath: string | null, today: string): Promise<TreeFacts> {
  const orgs = await orgsForChecks(db, scope, underPath);
  const counts = await memberCountsByBranch(db, scope, underPath);
  const posts = await postsHeldOn(db, scope, underPath, today);
  const facts = new Map<number, OrgFacts>();
  const factOf = (id: number): OrgFacts => {
    let f = facts.get(id);
    if (!f) {
      f = { ...EMPTY_FACTS };
      facts.set(id, f);
    }
    return f;
  };
  for (const o of orgs) {
    if (o.kind === 'group' && o.parent_id !== null) {
      factOf(o.parent_id).groups += 1;
    }
  }
  const subtree = new Map<number, OrgCounts>();
  const countOf = (id: number): OrgCounts => {
    let c = subtree.get(id);
    if (!c) {
      c = { members: 0, full: 0, probationary: 0 };
      subtree.set(id, c);
    }
    return c;
  };
  const pathOf = new Map(orgs.map((o) => [o.id, o.path]));
  const byBranch = new Map<number, { full: number; probationary: number }>();
  for (const r of counts) {
    if (r.branch_id === null) {
      continue;
    }
    const b = byBranch.get(r.branch_id) ?? { full: 0, probationary: 0 };
    const f = factOf(r.branch_id);
    if (r.party_status === 'full') {
      b.full += r.n;
      f.full += r.n;
    } else {
      b.probationary += r.n;
      f.probationary += r.n;
    }
    byBranch.set(r.branch_id, b);
    if (r.group_id !== null) {
      const g = countOf(r.group_id);
      g.members += r.n;
      if (r.party_status === 'full') {
        g.full += r.n;
      } else {
        g.probationary += r.n;
      }
    }
  }
  for (const [branchId, b] of byBranch) {
    const path = pathOf.get(branchId);
    const chain = path ? path.split('/').filter(Boolean).map(Number) : [branchId];
    for (const id of chain) {
      const c = countOf(id);
      c.full += b.full;
      c.probationary += b.probationary;
      c.members += b.full + b.probationary;
    }
  }
  for (const [orgId, s] of seatFacts(posts)) {
    Object.assign(factOf(orgId), s);
  }
  return { orgs, facts, counts: subtree };
}

function checksFrom(tree: TreeFacts, rules: RuleValues, today: string, includeInfo: boolean): OrgCheck[] {
  const out: OrgCheck[] = [];
  for (const o of tree.orgs) {
    const checks = checkOrg(o, tree.facts.get(o.id) ?? EMPTY_FACTS, rules, today, tree.counts.get(o.id)?.members ?? 0);
    for (const c of checks) {
      if (includeInfo || c.severity !== 'info') {
        out.push(c);
      }
    }
  }
  return sortChecks(out);
}

/** `GET /api/orgs/checks`: the rule violations of every active organisation in the actor's scope (or one visible subtree). */
export async function listChecks(ctx: AppContext, actor: Actor, q: OrgChecksQuery): Promise<OrgCheck[]> {
  const db = ctx.database.db;
  const under = q.orgId ? await requireVisibleOrg(db, actor, q.orgId, ORG_READ_ROLES) : null;
  const today = chinaToday(ctx);
  const tree = await collectFacts(db, scopeFor(actor, ORG_READ_ROLES), under?.path ?? null, today);
  let checks = checksFrom(tree, await loadRules(db), today, q.includeInfo === 'true' || q.severity === 'info');
  if (q.rule) {
    checks = checks.filter((c) => c.rule === q.rule);
  }
  if (q.severity) {
    checks = checks.filter((c) => c.severity === q.severity);
  }
  return checks;
}

// ---------------------------------------------------------------------------------------------------------
// Tree, list, detail, history, terms
// ---------------------------------------------------------------------------------------------------------

/** The organisation forest the actor can see (one root per visible subtree), optionally with member counts and check badges. */
export async function getOrgTree(
  ctx: AppContext,
  actor: Actor,
  options: { includeInactive?: boolean; counts?: boolean; checks?: boolean } = {},
): Promise<OrgNode[]> {
  const db = ctx.database.db;
  const scope = scopeFor(actor, ORG_READ_ROLES);
  const rows = await listOrgsInScope(db, scope);
  let counts: Map<number, OrgCounts> | null = null;
  let badges: Map<number, number> | null = null;
  if (options.counts || options.checks) {
    const today = chinaToday(ctx);
    const tree = await collectFacts(db, scope, null, today);
    counts = tree.counts;
    if (options.checks) {
      badges = new Map();
      for (const c of checksFrom(tree, await loadRules(db), today, false)) {
        badges.set(c.orgId, (badges.get(c.orgId) ?? 0) + 1);
      }
    }
  }
  const nodes = new Map<number, OrgNode>();
  const roots: OrgNode[] = [];
  for (const r of rows) {
    if (!options.includeInactive && r.status !== 'active') {
      continue;
    }
    const node: OrgNode = {
      id: r.id,
      code: r.code,
      name: r.name,
      shortName: r.short_name,
      kind: r.kind,
      status: r.status,
      parentId: r.parent_id,
      ...(counts ? { counts: counts.get(r.id) ?? { members: 0, full: 0, probationary: 0 } } : {}),
      ...(badges ? { checkCount: badges.get(r.id) ?? 0 } : {}),
      children: [],
    };
    nodes.set(r.id, node);
    const parent = r.parent_id === null ? undefined : nodes.get(r.parent_id);
    if (parent) {
      parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  return roots;
}

/** A page of the organisations the actor can see, filtered and sorted. */
export async function listOrgs(ctx: AppContext, actor: Actor, q: OrgListQuery): Promise<Page<OrgListItem>> {
  const under = q.under ? await requireVisibleOrg(ctx.database.db, actor, q.under) : null;
  const { rows, total } = await pageOrgs(ctx.database.db, scopeFor(actor), q, under?.path ?? null);
  return { items: rows.map(presentOrgListItem), total, page: q.page, pageSize: q.pageSize };
}

const ZERO_COUNTS: OrgCounts = { members: 0, full: 0, probationary: 0 };

/** Everything an organisation's page shows: fields, ancestors, children with counts, posts, term, checks and recent history. */
export async function getOrgDetail(ctx: AppContext, actor: Actor, id: number): Promise<OrgDetail> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, id, ORG_READ_ROLES);
  const today = chinaToday(ctx);
  const rules = await loadRules(db);
  const ancestorIds = org.path.split('/').filter(Boolean).map(Number).slice(0, -1);
  const ancestors = (await findOrgsByIds(db, ancestorIds)).sort((a, b) => a.depth - b.depth);
  const parent = ancestors.find((a) => a.id === org.parent_id) ?? null;
  const children = await listChildren(db, org.id);
  const tree = await collectFacts(db, { all: true, prefixes: [] }, org.path, today);
  const byStatus = new Map((await statusCountsUnder(db, org)).map((r) => [r.party_status, r.n]));
  const own = tree.counts.get(org.id) ?? ZERO_COUNTS;
  const checks =
    org.status === 'active'
      ? checkOrg(org, tree.facts.get(org.id) ?? EMPTY_FACTS, rules, today, own.members).filter(
          (c) => c.severity !== 'info' || org.kind === 'general_branch',
        )
      : [];
  const posts = (await listPostsOf(db, org.id)).map((p) => presentPost(p, today)).filter((p) => p.active);
  const history = (await listOrgEvents(db, org.id, 20, 0)).map(presentOrgEvent);
  return {
    ...presentOrgListItem({ ...org, parent_name: parent?.name ?? null }),
    sortOrder: org.sort_order,
    foundedOn: org.founded_on,
    committeeNote: org.committee_note,
    ancestors: ancestors.map((a) => ({ id: a.id, code: a.code, name: a.name, kind: a.kind })),
    children: children.map((c) => ({
      id: c.id,
      code: c.code,
      name: c.name,
      kind: c.kind,
      status: c.status,
      counts: tree.counts.get(c.id) ?? ZERO_COUNTS,
    })),
    counts: {
      members: (byStatus.get('full') ?? 0) + (byStatus.get('probationary') ?? 0),
      full: byStatus.get('full') ?? 0,
      probationary: byStatus.get('probationary') ?? 0,
      activists: byStatus.get('activist') ?? 0,
      candidates: byStatus.get('candidate') ?? 0,
      applicants: byStatus.get('applicant') ?? 0,
      groups: tree.orgs.filter((o) => o.kind === 'group').length,
    },
    term: org.kind === 'group' ? null : termOf(org.term_start, org.term_years, today, rules),
    posts,
    checks: sortChecks(checks),
    history,
    createdAt: org.created_at,
    updatedAt: org.updated_at,
  };
}

/** An organisation's whole history, newest first. */
export async function getOrgHistory(
  ctx: AppContext,
  actor: Actor,
  id: number,
  q: { page: number; pageSize: number },
): Promise<Page<OrgEvent>> {
  const db = ctx.database.db;
  await requireVisibleOrg(db, actor, id, ORG_READ_ROLES);
  const rows = await listOrgEvents(db, id, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: rows.map(presentOrgEvent), total: await countOrgEvents(db, id), page: q.page, pageSize: q.pageSize };
}

/** `GET /api/orgs/terms`: committee terms ending within N days (default: the setting, 90) and overdue elections, soonest first. */
export async function listTerms(ctx: AppContext, actor: Actor, q: TermListQuery): Promise<TermList> {
  const db = ctx.database.db;
  const under = q.orgId ? await requireVisibleOrg(db, actor, q.orgId, ORG_READ_ROLES) : null;
  const rules = await loadRules(db);
  const withinDays = q.withinDays ?? rules.value('term.warn_days');
  const today = chinaToday(ctx);
  const orgs = await orgsForChecks(db, scopeFor(actor, ORG_READ_ROLES), under?.path ?? null);
  const parents = new Map(
    (await findOrgsByIds(db, [...new Set(orgs.map((o) => o.parent_id).filter((p): p is number => p !== null))])).map((p) => [p.id, p.name]),
  );
  const items = [];
  for (const o of orgs) {
    if (o.kind === 'group') {
      continue;
    }
    const term = termOf(o.term_start, o.term_years, today, rules);
    if (!term || term.daysLeft > withinDays) {
      continue;
    }
    items.push({
      ...term,
      state: term.daysLeft <= 0 ? ('overdue' as const) : ('ending_soon' as const),
      orgId: o.id,
      orgCode: o.code,
      orgName: o.name,
      kind: o.kind,
      parentName: o.parent_id === null ? null : (parents.get(o.parent_id) ?? null),
    });
  }
  items.sort((a, b) => a.daysLeft - b.daysLeft || a.orgCode.localeCompare(b.orgCode));
  return { withinDays, today, items };
}

// ---------------------------------------------------------------------------------------------------------
// Writes
// ---------------------------------------------------------------------------------------------------------

function assertParentKind(kind: OrgKind, parentKind: OrgKind): void {
  if (!ORG_PARENT_KINDS[kind].includes(parentKind)) {
    throw new AppError('ORG_KIND_NOT_ALLOWED', 409, `A ${kind} cannot be placed under a ${parentKind}.`, {
      kind,
      parentKind,
      allowedParentKinds: ORG_PARENT_KINDS[kind],
    });
  }
}

function assertActive(org: { status: string; code: string }): void {
  if (org.status !== 'active') {
    throw invalidState(`The organisation ${org.code} is ${org.status}.`);
  }
}

function event(actor: Actor, now: string, e: Omit<OrgEventValues, 'actor_id' | 'actor_name' | 'created_at'>): OrgEventValues {
  return { ...e, actor_id: actor.userId, actor_name: actor.username, created_at: now };
}

function orgSnapshot(o: OrgRow) {
  return {
    code: o.code,
    name: o.name,
    short_name: o.short_name,
    kind: o.kind,
    parent_id: o.parent_id,
    sort_order: o.sort_order,
    business_unit: o.business_unit,
    founded_on: o.founded_on,
    status: o.status,
    term_start: o.term_start,
    term_years: o.term_years,
    committee_note: o.committee_note,
  };
}

/** Creates an organisation under a visible, active parent whose kind allows it; records 'created' in its history. */
export async function createOrg(ctx: AppContext, actor: Actor, input: OrgCreateInput): Promise<OrgDetail> {
  const db = ctx.database.db;
  const parent = await requireVisibleOrg(db, actor, input.parentId, ORG_WRITE_ROLES);
  assertActive(parent);
  assertParentKind(input.kind, parent.kind);
  if (await findOrgByCode(db, input.code)) {
    throw conflict('This organisation code is taken.', [{ path: 'code', message: 'taken' }]);
  }
  if (input.kind === 'group' && input.termStart) {
    throw badRequest('A party group has no committee term.');
  }
  const now = ctx.clock().toISOString();
  const id = await db.transaction().execute(async (trx) => {
    const row = await insertOrg(
      trx,
      {
        code: input.code,
        name: input.name,
        short_name: input.shortName ?? null,
        kind: input.kind,
        parent_id: parent.id,
        sort_order: input.sortOrder ?? 0,
        business_unit: input.businessUnit ?? parent.business_unit,
        founded_on: input.foundedOn ?? null,
        status: 'active',
        term_start: input.termStart ?? null,
        term_years: input.termYears ?? null,
        committee_note: input.committeeNote ?? null,
        created_at: now,
        updated_at: now,
      },
      parent,
    );
    await insertOrgEvents(trx, [
      event(actor, now, {
        org_id: row.id,
        kind: 'created',
        on_date: input.foundedOn ?? chinaToday(ctx),
        before: null,
        after: orgSnapshot(row),
        reason: null,
        related_org_id: null,
      }),
    ]);
    await audit(trx, actor, { action: 'org.created', entityType: 'org', entityId: row.id, after: orgSnapshot(row) }, ctx.clock);
    return row.id;
  });
  return getOrgDetail(ctx, actor, id);
}

/** Renames or edits an organisation's fields; a name change is recorded as 'renamed' in its history. */
export async function updateOrgFields(ctx: AppContext, actor: Actor, id: number, input: OrgUpdateInput): Promise<OrgDetail> {
  const db = ctx.database.db;
  const before = await requireVisibleOrg(db, actor, id, ORG_WRITE_ROLES);
  if (input.code !== undefined && input.code !== before.code && (await findOrgByCode(db, input.code))) {
    throw conflict('This organisation code is taken.', [{ path: 'code', message: 'taken' }]);
  }
  const patch = {
    ...(input.code !== undefined ? { code: input.code } : {}),
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.shortName !== undefined ? { short_name: input.shortName } : {}),
    ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}),
    ...(input.businessUnit !== undefined ? { business_unit: input.businessUnit } : {}),
    ...(input.foundedOn !== undefined ? { founded_on: input.foundedOn } : {}),
    ...(input.committeeNote !== undefined ? { committee_note: input.committeeNote } : {}),
  };
  const after = { ...before, ...patch };
  const changed = Object.keys(patch).filter((k) => JSON.stringify(before[k as keyof OrgRow]) !== JSON.stringify(after[k as keyof OrgRow]));
  if (changed.length > 0) {
    const now = ctx.clock().toISOString();
    await db.transaction().execute(async (trx) => {
      await updateOrg(trx, id, { ...patch, updated_at: now });
      const renamed = changed.includes('name') || changed.includes('short_name') || changed.includes('code');
      const pick = (o: OrgRow) => Object.fromEntries(changed.map((k) => [k, o[k as keyof OrgRow]]));
      await insertOrgEvents(trx, [
        event(actor, now, {
          org_id: id,
          kind: renamed ? 'renamed' : 'updated',
          on_date: chinaToday(ctx),
          before: pick(before),
          after: pick(after),
          reason: input.reason ?? null,
          related_org_id: null,
        }),
      ]);
      await audit(
        trx,
        actor,
        {
          action: renamed ? 'org.renamed' : 'org.updated',
          entityType: 'org',
          entityId: id,
          before: orgSnapshot(before),
          after: orgSnapshot(after),
        },
        ctx.clock,
      );
    });
  }
  return getOrgDetail(ctx, actor, id);
}

/**
 * Re-parents an organisation: the new parent must be visible, active, outside the organisation's own subtree
 * (no cycles) and of a kind that may hold it; the whole subtree's paths are rewritten in one transaction.
 * A party group with members is not moved (its members belong to its branch; transfer them first).
 */
export async function moveOrg(ctx: AppContext, actor: Actor, id: number, input: OrgMoveInput): Promise<OrgDetail> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, id, ORG_WRITE_ROLES);
  const parent = await requireVisibleOrg(db, actor, input.parentId, ORG_WRITE_ROLES);
  assertActive(org);
  assertActive(parent);
  if (org.parent_id === null) {
    throw invalidState('A top organisation cannot be moved.');
  }
  if (parent.path.startsWith(org.path)) {
    throw new AppError('ORG_CYCLE', 409, 'An organisation cannot be moved under itself or one of its descendants.', {
      orgId: org.id,
      parentId: parent.id,
    });
  }
  assertParentKind(org.kind, parent.kind);
  if (org.kind === 'group' && parent.id !== org.parent_id && (await anchoredPeopleCount(db, org.id)) > 0) {
    throw new AppError(
      'ORG_NOT_EMPTY',
      409,
      'A party group with members cannot move to another branch; transfer or reassign its members first.',
    );
  }
  if (parent.id === org.parent_id && (input.sortOrder === undefined || input.sortOrder === org.sort_order)) {
    return getOrgDetail(ctx, actor, id);
  }
  const oldParent = await findOrgById(db, org.parent_id);
  const now = ctx.clock().toISOString();
  const newPath = `${parent.path}${org.id}/`;
  await db.transaction().execute(async (trx) => {
    if (newPath !== org.path) {
      await rewriteSubtree(trx, org.path, newPath, parent.depth + 1 - org.depth, now);
    }
    await updateOrg(trx, org.id, { parent_id: parent.id, sort_order: input.sortOrder ?? org.sort_order, updated_at: now });
    const before = { parentId: org.parent_id, parentCode: oldParent?.code ?? null, parentName: oldParent?.name ?? null, path: org.path };
    const after = { parentId: parent.id, parentCode: parent.code, parentName: parent.name, path: newPath };
    await insertOrgEvents(trx, [
      event(actor, now, {
        org_id: org.id,
        kind: 'moved',
        on_date: input.on ?? chinaToday(ctx),
        before,
        after,
        reason: input.reason ?? null,
        related_org_id: parent.id,
      }),
    ]);
    await audit(
      trx,
      actor,
      {
        action: 'org.moved',
        entityType: 'org',
        entityId: org.id,
        before,
        after,
        note: input.reason ? { reason: input.reason } : undefined,
      },
      ctx.clock,
    );
  });
  return getOrgDetail(ctx, actor, id);
}

/**
 * Merges a branch into another: its members (and people it anchors) move to the target with their history
 * kept (memberships end with 'merge' and start again in the target), its groups and its posts end, and it
 * stays in the tree with status 'merged'.
 */
export async function mergeOrg(ctx: AppContext, actor: Actor, id: number, input: OrgMergeInput): Promise<OrgMergeResult> {
  const db = ctx.database.db;
  const source = await requireVisibleOrg(db, actor, id, ORG_WRITE_ROLES);
  const target = await requireVisibleOrg(db, actor, input.targetId, ORG_WRITE_ROLES);
  if (source.kind !== 'branch' || target.kind !== 'branch') {
    throw new AppError('ORG_KIND_NOT_ALLOWED', 409, 'Only a party branch can be merged, and only into another party branch.');
  }
  if (source.id === target.id) {
    throw badRequest('A branch cannot be merged into itself.');
  }
  assertActive(source);
  assertActive(target);
  if (input.on > chinaToday(ctx)) {
    throw badRequest('The merge date cannot be in the future.');
  }
  const now = ctx.clock().toISOString();
  const groups = (await listChildren(db, source.id)).filter((c) => c.kind === 'group' && c.status === 'active');
  const moved = await db.transaction().execute(async (trx) => {
    const count = await moveMembersOnMerge(trx, {
      sourceId: source.id,
      groupIds: groups.map((g) => g.id),
      targetId: target.id,
      on: input.on,
      reason: input.reason,
      now,
    });
    await endPostsIn(trx, [source.id, ...groups.map((g) => g.id)], input.on, now);
    for (const g of groups) {
      await updateOrg(trx, g.id, { status: 'merged', updated_at: now });
    }
    await updateOrg(trx, source.id, { status: 'merged', updated_at: now });
    await insertOrgEvents(trx, [
      event(actor, now, {
        org_id: source.id,
        kind: 'merged',
        on_date: input.on,
        before: { status: 'active' },
        after: { status: 'merged', intoId: target.id, intoCode: target.code, movedPeople: count },
        reason: input.reason,
        related_org_id: target.id,
      }),
      event(actor, now, {
        org_id: target.id,
        kind: 'merged_in',
        on_date: input.on,
        before: null,
        after: { fromId: source.id, fromCode: source.code, movedPeople: count },
        reason: input.reason,
        related_org_id: source.id,
      }),
      ...groups.map((g) =>
        event(actor, now, {
          org_id: g.id,
          kind: 'merged',
          on_date: input.on,
          before: { status: 'active' },
          after: { status: 'merged', withBranchId: source.id },
          reason: input.reason,
          related_org_id: target.id,
        }),
      ),
    ]);
    await audit(
      trx,
      actor,
      {
        action: 'org.merged',
        entityType: 'org',
        entityId: source.id,
        before: { status: 'active' },
        after: { status: 'merged' },
        note: {
          targetId: target.id,
          targetCode: target.code,
          movedPeople: count,
          closedGroups: groups.map((g) => g.code),
          reason: input.reason,
        },
      },
      ctx.clock,
    );
    return count;
  });
  return { source: await getOrgDetail(ctx, actor, source.id), target: await getOrgDetail(ctx, actor, target.id), movedPeople: moved };
}

/**
 * Dissolves an organisation (status 'dissolved', never deleted): refused while it has active children or
 * people on its roster; a party group's members simply leave the group. Its posts end on the date.
 */
export async function dissolveOrg(ctx: AppContext, actor: Actor, id: number, input: OrgDissolveInput): Promise<OrgDetail> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, id, ORG_WRITE_ROLES);
  assertActive(org);
  if (org.parent_id === null) {
    throw invalidState('A top organisation cannot be dissolved.');
  }
  const activeChildren = (await listChildren(db, org.id)).filter((c) => c.status === 'active');
  if (activeChildren.length > 0) {
    throw new AppError('ORG_NOT_EMPTY', 409, 'Dissolve or move its organisations first.', { children: activeChildren.map((c) => c.code) });
  }
  if (org.kind !== 'group') {
    const people = await anchoredPeopleCount(db, org.id);
    if (people > 0) {
      throw new AppError('ORG_NOT_EMPTY', 409, `Transfer its ${people} people to other organisations first.`, { people });
    }
  }
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    if (org.kind === 'group') {
      await releaseGroupMembers(trx, org.id, input.on, input.reason, now);
    }
    await endPostsIn(trx, [org.id], input.on, now);
    await updateOrg(trx, org.id, { status: 'dissolved', updated_at: now });
    await insertOrgEvents(trx, [
      event(actor, now, {
        org_id: org.id,
        kind: 'dissolved',
        on_date: input.on,
        before: { status: 'active' },
        after: { status: 'dissolved' },
        reason: input.reason,
        related_org_id: null,
      }),
    ]);
    await audit(
      trx,
      actor,
      {
        action: 'org.dissolved',
        entityType: 'org',
        entityId: org.id,
        before: { status: 'active' },
        after: { status: 'dissolved' },
        note: { reason: input.reason, on: input.on },
      },
      ctx.clock,
    );
  });
  return getOrgDetail(ctx, actor, id);
}

/** Records a committee's new term (换届) or corrects the current one; null clears it. */
export async function setOrgTerm(ctx: AppContext, actor: Actor, id: number, input: OrgTermUpdateInput): Promise<OrgDetail> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, id, ORG_WRITE_ROLES);
  assertActive(org);
  if (org.kind === 'group') {
    throw invalidState('A party group has no committee term.');
  }
  const termYears = input.termStart === null ? null : input.termYears !== undefined ? input.termYears : org.term_years;
  const before = { term_start: org.term_start, term_years: org.term_years };
  const after = { term_start: input.termStart, term_years: termYears };
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    await updateOrg(trx, id, { ...after, updated_at: now });
    await insertOrgEvents(trx, [
      event(actor, now, {
        org_id: id,
        kind: 'term_renewed',
        on_date: input.termStart ?? chinaToday(ctx),
        before,
        after,
        reason: input.reason ?? null,
        related_org_id: null,
      }),
    ]);
    await audit(trx, actor, { action: 'org.term_changed', entityType: 'org', entityId: id, before, after }, ctx.clock);
  });
  return getOrgDetail(ctx, actor, id);
}

// ---------------------------------------------------------------------------------------------------------
// Posts
// ---------------------------------------------------------------------------------------------------------

/** Posts of an organisation; ended ones only on request. */
export async function listOrgPosts(ctx: AppContext, actor: Actor, id: number, includeEnded: boolean): Promise<OrgPost[]> {
  const db = ctx.database.db;
  await requireVisibleOrg(db, actor, id, ORG_READ_ROLES);
  const today = chinaToday(ctx);
  return (await listPostsOf(db, id)).map((p) => presentPost(p, today)).filter((p) => includeEnded || p.active || p.startOn > today);
}

async function assertPostPeriodFree(
  db: Kysely<DB>,
  orgId: number,
  post: OrgPost['post'],
  personId: number,
  start: string,
  end: string | null,
  exceptId: number | null,
): Promise<void> {
  if (end !== null && end <= start) {
    throw badRequest('A post ends after it starts.', [{ path: 'endOn', message: 'must be after startOn' }]);
  }
  if (post === 'secretary' || post === 'group_leader') {
    const other = await overlappingPosts(db, orgId, post, start, end, exceptId, null);
    if (other.length > 0) {
      throw conflict('Someone else holds this post in that period; end their post first.', { postIds: other.map((o) => o.id) });
    }
  }
  const same = await overlappingPosts(db, orgId, post, start, end, exceptId, personId);
  if (same.length > 0) {
    throw conflict('This person already holds this post in that period.', { postIds: same.map((o) => o.id) });
  }
}

/**
 * Appoints a person to a post: group posts (组长) in a party group, committee posts elsewhere; the holder must
 * be an active full member (正式党员) belonging to the organisation (a branch under it, or the group's branch).
 */
export async function createOrgPost(ctx: AppContext, actor: Actor, id: number, input: OrgPostCreateInput): Promise<OrgPost> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, id, ORG_WRITE_ROLES);
  assertActive(org);
  if ((org.kind === 'group') !== (input.post === 'group_leader')) {
    throw invalidState(
      org.kind === 'group' ? 'A party group has only a group leader.' : 'A group leader post exists only in a party group.',
    );
  }
  const person = await findPersonBrief(db, input.personId);
  if (!person || !pathInScope(scopeFor(actor, ORG_READ_ROLES), person.org_path)) {
    throw notFound('person');
  }
  if (person.status !== 'active' || person.party_status !== 'full') {
    throw invalidState('Only an active full member (正式党员) can hold a party post.');
  }
  const home = org.kind === 'group' ? (org.parent_id ?? org.id) : null;
  const belongs = home !== null ? person.branch_id === home : person.branch_path?.startsWith(org.path);
  if (!belongs) {
    throw invalidState('The person does not belong to this organisation.', [
      { path: 'personId', message: 'not a member of the organisation' },
    ]);
  }
  await assertPostPeriodFree(db, org.id, input.post, person.id, input.startOn, input.endOn ?? null, null);
  const now = ctx.clock().toISOString();
  const postId = await db.transaction().execute(async (trx) => {
    const values = {
      org_id: org.id,
      person_id: person.id,
      post: input.post,
      start_on: input.startOn,
      end_on: input.endOn ?? null,
      note: input.note ?? null,
      created_at: now,
      updated_at: now,
    };
    const row = await trx.insertInto('org_posts').values(values).returning('id').executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'org_post.created', entityType: 'org_post', entityId: row.id, after: values }, ctx.clock);
    return row.id;
  });
  const posts = await listOrgPosts(ctx, actor, org.id, true);
  const out = posts.find((p) => p.id === postId);
  if (!out) {
    throw notFound('post');
  }
  return out;
}

/** Ends a post (sets `endOn`) or corrects its dates and note. */
export async function updateOrgPost(
  ctx: AppContext,
  actor: Actor,
  id: number,
  postId: number,
  input: OrgPostUpdateInput,
): Promise<OrgPost> {
  const db = ctx.database.db;
  await requireVisibleOrg(db, actor, id, ORG_WRITE_ROLES);
  const before = await findPost(db, id, postId);
  if (!before) {
    throw notFound('post');
  }
  const after = {
    ...before,
    ...(input.startOn !== undefined ? { start_on: input.startOn } : {}),
    ...(input.endOn !== undefined ? { end_on: input.endOn } : {}),
    ...(input.note !== undefined ? { note: input.note } : {}),
  };
  await assertPostPeriodFree(db, id, before.post, before.person_id, after.start_on, after.end_on, before.id);
  const now = ctx.clock().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('org_posts')
      .set({ start_on: after.start_on, end_on: after.end_on, note: after.note, updated_at: now })
      .where('id', '=', postId)
      .execute();
    await audit(
      trx,
      actor,
      { action: 'org_post.updated', entityType: 'org_post', entityId: postId, before, after: { ...after, updated_at: now } },
      ctx.clock,
    );
  });
  const out = (await listOrgPosts(ctx, actor, id, true)).find((p) => p.id === postId);
  if (!out) {
    throw notFound('post');
  }
  return out;
}

/** Deletes a post recorded by mistake (to end a real post, set its end date instead). */
export async function deleteOrgPost(ctx: AppContext, actor: Actor, id: number, postId: number): Promise<void> {
  const db = ctx.database.db;
  await requireVisibleOrg(db, actor, id, ORG_WRITE_ROLES);
  const before = await findPost(db, id, postId);
  if (!before) {
    throw notFound('post');
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('org_posts').where('id', '=', postId).execute();
    await audit(trx, actor, { action: 'org_post.deleted', entityType: 'org_post', entityId: postId, before }, ctx.clock);
  });
}

/** A person's posts with their organisations (for the person's page). */
export function postsOfPerson(db: Kysely<DB>, personId: number) {
  return db
    .selectFrom('org_posts')
    .innerJoin('orgs', 'orgs.id', 'org_posts.org_id')
    .select([
      'org_posts.id',
      'org_posts.post',
      'org_posts.start_on',
      'org_posts.end_on',
      'orgs.id as org_id',
      'orgs.code as org_code',
      'orgs.name as org_name',
      'orgs.kind as org_kind',
      'orgs.path as org_path',
    ])
    .where('org_posts.person_id', '=', personId)
    .orderBy('org_posts.start_on', 'desc')
    .execute();
}

/**
 * Ends a person's posts still held on a date (transfer out, leaving, leaving the Party); with `keepUnder`,
 * posts in organisations whose subtree contains that path (e.g. the general branch above a new branch) stay.
 */
export async function endPostsOfPerson(
  trx: Kysely<DB>,
  personId: number,
  on: string,
  now: string,
  keepUnder: string | null = null,
): Promise<number> {
  const held = (await postsOfPerson(trx, personId)).filter((p) => p.end_on === null || p.end_on > on);
  const ending = held.filter((p) => keepUnder === null || !keepUnder.startsWith(p.org_path));
  if (ending.length > 0) {
    await trx
      .updateTable('org_posts')
      .set({ end_on: on, updated_at: now })
      .where(
        'id',
        'in',
        ending.map((p) => p.id),
      )
      .execute();
  }
  return ending.length;
}

// ---------------------------------------------------------------------------------------------------------
// Rule settings
// ---------------------------------------------------------------------------------------------------------

/** Every rule threshold with its default, current value and source. */
export async function listRuleSettingsView(ctx: AppContext): Promise<RuleSetting[]> {
  const rows = new Map((await listRuleSettings(ctx.database.db)).map((r) => [r.key, r]));
  return RULE_DEFINITIONS.map((d) => {
    const r = rows.get(d.key);
    return {
      key: d.key,
      label: d.label,
      unit: d.unit,
      value: r?.value ?? d.defaultValue,
      defaultValue: d.defaultValue,
      source: r?.source ?? d.source,
      defaultSource: d.source,
      isDefault: !r,
      updatedBy: r?.updated_by ?? null,
      updatedAt: r?.updated_at ?? null,
    };
  });
}

function ruleDefinition(key: string) {
  const def = RULE_DEFINITIONS.find((d) => d.key === key);
  if (!def) {
    throw notFound('rule setting');
  }
  return def;
}

/** Changes one threshold (and optionally its source) when a regulation changes. */
export async function updateRuleSetting(ctx: AppContext, actor: Actor, key: string, input: RuleSettingUpdateInput): Promise<RuleSetting> {
  assertMayEditRuleSettings(actor);
  const def = ruleDefinition(key);
  const db = ctx.database.db;
  const before = await db.selectFrom('rule_settings').selectAll().where('key', '=', key).executeTakeFirst();
  const values = {
    key,
    value: input.value,
    source: input.source ?? before?.source ?? null,
    updated_by: actor.username,
    updated_at: ctx.clock().toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('rule_settings')
      .values(values)
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({ value: values.value, source: values.source, updated_by: values.updated_by, updated_at: values.updated_at }),
      )
      .execute();
    await audit(
      trx,
      actor,
      {
        action: 'rule_setting.updated',
        entityType: 'rule_setting',
        entityId: key,
        before: { value: before?.value ?? def.defaultValue, source: before?.source ?? def.source },
        after: { value: values.value, source: values.source ?? def.source },
      },
      ctx.clock,
    );
  });
  const out = (await listRuleSettingsView(ctx)).find((s) => s.key === key);
  if (!out) {
    throw notFound('rule setting');
  }
  return out;
}

/** Returns a threshold to its RULES.md default. */
export async function resetRuleSetting(ctx: AppContext, actor: Actor, key: string): Promise<RuleSetting> {
  assertMayEditRuleSettings(actor);
  const def = ruleDefinition(key);
  const db = ctx.database.db;
  const before = await db.selectFrom('rule_settings').selectAll().where('key', '=', key).executeTakeFirst();
  if (before) {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('rule_settings').where('key', '=', key).execute();
      await audit(
        trx,
        actor,
        {
          action: 'rule_setting.reset',
          entityType: 'rule_setting',
          entityId: key,
          before: { value: before.value, source: before.source },
          after: { value: def.defaultValue, source: def.source },
        },
        ctx.clock,
      );
    });
  }
  const out = (await listRuleSettingsView(ctx)).find((s) => s.key === key);
  if (!out) {
    throw notFound('rule setting');
  }
  return out;
}

/** Every organisation by code (imports resolve codes against it; ≤ a few thousand rows). */
export async function loadOrgIndex(db: Kysely<DB>): Promise<Map<string, OrgRow>> {
  const rows = await db.selectFrom('orgs').selectAll().execute();
  return new Map(rows.map((r) => [r.code, r]));
}

import type { TaskStatus } from '@guantong/shared';
import type { Insertable } from 'kysely';
import { FRAMEWORK_113344, flattenFramework } from '../../server/src/modules/framework/framework.seed-data.js';
import { supervisionLevelFor } from '../../server/src/modules/tasks/tasks.service.js';
import type { TaskFrameworkNodesTable, TasksTable } from '../../server/src/modules/tasks/tasks.tables.js';
import { hasTable, insertChunked } from '../lib/bulk.js';
import type { GenContext, GeneratorStep, OrgRef } from './context.js';

/** Tasks per scale: about 1,000,000 for the group, about 30,000 for one enterprise. */
const TARGET = { enterprise: 30_000, group: 1_000_000 } as const;
/** Share of branches a root task skips (so that coverage has holes to show). */
const SKIP = 0.05;

/** A small deterministic hash → [0, 1). */
function rand(a: number, b: number, salt: number): number {
  let h = (a * 73_856_093) ^ (b * 19_349_663) ^ (salt * 83_492_791);
  h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
  h ^= h >>> 15;
  return (h >>> 0) / 4_294_967_296;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The framework in force, or the 113344 seed inserted for this year when the database has none. */
async function requirements(ctx: GenContext): Promise<Array<{ id: number; lineageId: number }>> {
  const existing = await ctx.db.selectFrom('framework_nodes').select(['id', 'lineage_id']).where('kind', '=', 'requirement').execute();
  if (existing.length > 0) {
    return existing.map((n) => ({ id: n.id, lineageId: n.lineage_id }));
  }
  const year = Number(ctx.today.slice(0, 4));
  await ctx.db
    .insertInto('framework_versions')
    .values({ id: 1, year, status: 'active', copied_from: null, created_at: ctx.now, updated_at: ctx.now })
    .execute();
  const flat = flattenFramework(FRAMEWORK_113344);
  const idOf = new Map(flat.map((n, i) => [n.code, i + 1]));
  await insertChunked(
    ctx.db,
    'framework_nodes',
    flat.map((n, i) => ({
      id: i + 1,
      version_id: 1,
      parent_id: n.parentCode ? (idOf.get(n.parentCode) ?? null) : null,
      lineage_id: i + 1,
      code: n.code,
      name: n.name,
      name_en: n.nameEn,
      kind: n.kind,
      description: n.description,
      evidence: n.evidence,
      weight: n.weight,
      assessable: n.assessable ? 1 : 0,
      sort_order: n.sortOrder,
      status: 'active' as const,
      retired_at: null,
      created_at: ctx.now,
      updated_at: ctx.now,
    })),
    ctx.dialect,
  );
  return flat.flatMap((n, i) => (n.kind === 'requirement' ? [{ id: i + 1, lineageId: i + 1 }] : []));
}

/** Status of a branch's copy from its due date relative to today (deterministic). */
function statusOf(due: string, today: string, r: number): { status: TaskStatus; progress: number; reportedLate: boolean } {
  if (due < today) {
    if (r < 0.55) {
      return { status: 'closed', progress: 100, reportedLate: r < 0.1 };
    }
    if (r < 0.7) {
      return { status: 'verified', progress: 100, reportedLate: r < 0.6 };
    }
    if (r < 0.8) {
      return { status: 'reported', progress: 100, reportedLate: true };
    }
    return { status: r < 0.9 ? 'in_progress' : 'accepted', progress: r < 0.9 ? Math.round(r * 80) : 0, reportedLate: false };
  }
  if (r < 0.4) {
    return { status: 'issued', progress: 0, reportedLate: false };
  }
  if (r < 0.6) {
    return { status: 'accepted', progress: 0, reportedLate: false };
  }
  if (r < 0.9) {
    return { status: 'in_progress', progress: Math.round((r - 0.6) * 300), reportedLate: false };
  }
  return { status: 'reported', progress: 100, reportedLate: false };
}

/**
 * Task lists as a party committee runs them: each committee issues root tasks (one framework requirement each,
 * due dates spread over the year) down to every branch of its subtree (5 % skipped, so coverage has holes);
 * the branch secretary is responsible; statuses follow the due date (mostly closed in the past, open ahead,
 * some overdue). About 250 tasks per branch: ~1,000,000 at group scale. Timeline events are not generated.
 */
export const tasksStep: GeneratorStep = {
  name: 'tasks',
  tables: ['tasks', 'framework_versions', 'framework_nodes'],
  async run(ctx) {
    if (!(await hasTable(ctx.db, 'tasks'))) {
      return { skipped: 'no tasks table' };
    }
    const reqs = await requirements(ctx);
    const branches = ctx.orgs.filter((o) => o.kind === 'branch');
    const committees = ctx.orgs.filter((o) => o.kind === 'committee');
    const top = ctx.orgs.find((o) => o.parentId === null);
    if (!top || branches.length === 0) {
      throw new Error('the orgs step must run first');
    }
    const secretaryOf = new Map(ctx.users.filter((u) => u.role === 'secretary').map((u) => [u.orgId, u.id]));
    const adminOf = new Map(ctx.users.filter((u) => u.role === 'org_admin').map((u) => [u.orgId, u.id]));
    const perBranch = Math.ceil(TARGET[ctx.scale] / (branches.length * (1 - SKIP)));
    // The top committee issues a fifth of each branch's list; each branch's own enterprise committee the rest.
    const branchesUnder = (c: OrgRef) => branches.filter((b) => b.path.startsWith(c.path));
    const plan: Array<{ issuer: OrgRef; count: number; recipients: OrgRef[] }> = [];
    const subCommittees = committees.filter((c) => c.id !== top.id);
    if (subCommittees.length === 0) {
      plan.push({ issuer: top, count: perBranch, recipients: branches });
    } else {
      plan.push({ issuer: top, count: Math.round(perBranch * 0.2), recipients: branches });
      for (const c of subCommittees) {
        plan.push({ issuer: c, count: perBranch - Math.round(perBranch * 0.2), recipients: branchesUnder(c) });
      }
    }
    const year = ctx.today.slice(0, 4);
    const yearStart = `${year}-01-01`;
    let id = 0;
    let taskRows = 0;
    let linkRows = 0;
    let buffer: Array<Insertable<TasksTable>> = [];
    let links: Array<Insertable<TaskFrameworkNodesTable>> = [];
    const flush = async (force = false) => {
      if (force || buffer.length >= 20_000) {
        taskRows += await insertChunked(ctx.db, 'tasks', buffer, ctx.dialect);
        linkRows += await insertChunked(ctx.db, 'task_framework_nodes', links, ctx.dialect);
        buffer = [];
        links = [];
      }
    };
    for (const p of plan) {
      if (p.recipients.length === 0) {
        continue;
      }
      for (let k = 0; k < p.count; k++) {
        const req = reqs[(p.issuer.id * 7 + k) % reqs.length];
        const due = addDays(yearStart, Math.floor(((k + 0.5) / p.count) * 364));
        const rootId = ++id;
        const issuerUser = adminOf.get(p.issuer.id) ?? null;
        const kids: Array<Insertable<TasksTable>> = [];
        for (const b of p.recipients) {
          if (rand(rootId, b.id, 1) < SKIP) {
            continue;
          }
          const r = rand(rootId, b.id, 2);
          const s = statusOf(due, ctx.today, r);
          const reported = ['reported', 'verified', 'closed'].includes(s.status);
          const reportedAt = reported ? `${addDays(due, s.reportedLate ? 3 : -2)}T02:00:00.000Z` : null;
          const verified = s.status === 'verified' || s.status === 'closed';
          kids.push({
            id: ++id,
            level: 'annual_target',
            parent_id: rootId,
            root_id: rootId,
            depth: 1,
            title: `${p.issuer.code} 年度任务 ${k + 1}`,
            description: '',
            org_id: b.id,
            issuer_org_id: p.issuer.id,
            issuer_user_id: issuerUser,
            created_by: issuerUser,
            responsible_user_id: secretaryOf.get(b.id) ?? null,
            responsibility_kind: 'principal',
            priority: 'normal',
            start_on: yearStart,
            due_on: due,
            target_value: null,
            target_unit: null,
            target_actual: null,
            weight: 1,
            status: s.status,
            progress: s.progress,
            progress_effective: s.progress,
            verified_effective: verified ? 100 : 0,
            rollup_rule: 'own_report',
            child_count: 0,
            cancelled_child_count: 0,
            issued_at: ctx.now,
            accepted_at: s.status === 'issued' ? null : ctx.now,
            first_reported_at: reportedAt,
            reported_at: reportedAt,
            verified_at: verified ? ctx.now : null,
            closed_at: s.status === 'closed' ? ctx.now : null,
            cancelled_at: null,
            last_update_at: reportedAt ?? ctx.now,
            supervision_level: supervisionLevelFor(s.status, due, ctx.today, 3),
            supervision_notified: 'none',
            escalated_at: null,
            stale_since: null,
            flagged: 0,
            flagged_at: null,
            flagged_by: null,
            recurrence: 'none',
            recurrence_source_id: null,
            recurrence_period: null,
            created_at: ctx.now,
            updated_at: ctx.now,
          });
          links.push({ task_id: id, node_id: req.id, lineage_id: req.lineageId, org_id: b.id, status: s.status, due_on: due });
        }
        const n = kids.length;
        if (n === 0) {
          continue;
        }
        const progress = kids.reduce((sum, t) => sum + Number(t.progress_effective), 0) / n;
        const verified = kids.reduce((sum, t) => sum + Number(t.verified_effective), 0) / n;
        buffer.push({
          ...kids[0],
          id: rootId,
          level: 'major_item',
          parent_id: null,
          root_id: rootId,
          depth: 0,
          org_id: p.issuer.id,
          responsible_user_id: null,
          status: 'in_progress',
          progress: 0,
          progress_effective: progress,
          verified_effective: verified,
          rollup_rule: 'weighted_children',
          child_count: n,
          accepted_at: ctx.now,
          first_reported_at: null,
          reported_at: null,
          verified_at: null,
          closed_at: null,
          last_update_at: ctx.now,
          supervision_level: supervisionLevelFor('in_progress', due, ctx.today, 3),
        });
        links.push({
          task_id: rootId,
          node_id: req.id,
          lineage_id: req.lineageId,
          org_id: p.issuer.id,
          status: 'in_progress',
          due_on: due,
        });
        buffer.push(...kids);
        await flush();
      }
    }
    await flush(true);
    return {
      rows: { tasks: taskRows, task_framework_nodes: linkRows },
      note: `${branches.length} branches × ~${perBranch} tasks, ${reqs.length} requirements`,
    };
  },
};

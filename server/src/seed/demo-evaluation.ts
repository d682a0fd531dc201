import type { TaskEventKind, TaskStatus } from '@guantong/shared';
import type { Insertable } from 'kysely';
import type { Actor } from '../core/access.js';
import { SYSTEM_ACTOR } from '../core/access.js';
import { audit } from '../core/audit.js';
import type { AppContext } from '../core/context.js';
import { loadGrants } from '../core/session.js';
import { insertMany } from '../db/bulk-insert.js';
import { runPromises } from '../modules/evaluation/evaluation.engine.js';
import { createAdjustment } from '../modules/evaluation/evaluation.manual.js';
import { publishRun, startRun } from '../modules/evaluation/evaluation.runs.js';
import { createScheme } from '../modules/evaluation/evaluation.schemes.js';
import type { EvalInputsTable, EvalManualScoresTable } from '../modules/evaluation/evaluation.tables.js';
import { registerMeetingMetrics } from '../modules/meetings/meetings.metrics.js';
import { registerTaskMetrics } from '../modules/tasks/tasks.metrics.registry.js';
import { createTask, issueTask, refreshRollup, supervisionLevelFor } from '../modules/tasks/tasks.service.js';
import type { TaskEventsTable } from '../modules/tasks/tasks.tables.js';

/**
 * Demo data for 成效评价 on the demo enterprise (after its orgs and accounts exist):
 * - when the database has no task yet, three task lists issued by 组织部 to every branch, worked through by the
 *   branches' secretaries on a simulated calendar (some on time, some late, some verified, some overdue), through
 *   the task services so that every record has its timeline;
 * - the year's 四维评价 scheme for the branches (the template: task metrics, manual, bonus, deduction, imported
 *   check scores), a few manual scores, items and imported values, and a computed (not yet published) run;
 * - when the first half is over, a published 上半年 run as well, so that the trend has two points.
 */

const DAY = 86_400_000;

/** A small deterministic hash → [0, 1). */
function rand(a: number, salt: number): number {
  let h = (a * 73_856_093) ^ (salt * 83_492_791);
  h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
  h ^= h >>> 15;
  return (h >>> 0) / 4_294_967_296;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

async function actorOf(ctx: AppContext, username: string): Promise<Actor | null> {
  const u = await ctx.database.db.selectFrom('users').select(['id', 'display_name']).where('username', '=', username).executeTakeFirst();
  if (!u) {
    return null;
  }
  return { userId: u.id, username, displayName: u.display_name, grants: await loadGrants(ctx.database.db, u.id) };
}

interface Branch {
  id: number;
  code: string;
  parentId: number | null;
}

/**
 * Three task lists issued through the task service to every branch (so children, framework links and timelines are
 * what the service makes), then each branch's work replayed on a simulated calendar — accept, report on time or
 * late, verification — written in bulk the way the transitions write it (status, dates, timeline events, link
 * facts, roll-up), because a thousand single transitions would slow every start of a fresh demo database.
 */
async function seedDemoTasks(ctx: AppContext, zzb: Actor, top: number, branches: Branch[]): Promise<number> {
  const db = ctx.database.db;
  const realNow = ctx.clock();
  const today = iso(realNow);
  const ago = (days: number) => new Date(realNow.getTime() - days * DAY).toISOString();
  let now = new Date(realNow.getTime() - 170 * DAY);
  const sim: AppContext = { ...ctx, clock: () => new Date(now.getTime()) };
  const lists = [
    {
      title: '落实“第一议题”制度，深入学习贯彻党的二十大精神',
      level: 'major_item' as const,
      dueAgo: 120,
      priority: 'high' as const,
      node: '1.1',
    },
    {
      title: '开展“赶超标杆我能干成什么”大讨论并形成整改清单',
      level: 'annual_target' as const,
      dueAgo: 6,
      priority: 'normal' as const,
      node: '1.1',
    },
    { title: '完成年度党员先锋岗、责任区创建', level: 'annual_target' as const, dueAgo: 8, priority: 'normal' as const, node: '4.1' },
  ];
  const nodes = await db.selectFrom('framework_nodes').select(['id', 'code']).where('code', 'in', ['1.1', '4.1']).execute();
  const nodeId = new Map(nodes.map((n) => [n.code, n.id]));
  const secretaries = new Map<number, { id: number; username: string }>();
  for (const u of await db
    .selectFrom('users')
    .innerJoin('role_grants as g', 'g.user_id', 'users.id')
    .select(['users.id', 'users.username', 'g.org_id'])
    .where('g.role', '=', 'secretary')
    .execute()) {
    secretaries.set(u.org_id, { id: u.id, username: u.username });
  }
  let created = 0;
  for (const [k, list] of lists.entries()) {
    now = new Date(realNow.getTime() - (170 - k * 5) * DAY);
    const due = iso(new Date(realNow.getTime() - list.dueAgo * DAY));
    const draft = await createTask(sim, zzb, {
      level: list.level,
      title: list.title,
      description: '由党委组织部下达，各党支部结合实际抓好落实，按期反馈并上传佐证材料。',
      orgId: top,
      responsibilityKind: 'principal',
      priority: list.priority,
      dueOn: due,
      weight: 1,
      frameworkNodeIds: nodeId.has(list.node) ? [nodeId.get(list.node) as number] : [],
      participantUserIds: [],
      recurrence: 'none',
    });
    const issued = await issueTask(sim, zzb, draft.id, { recipients: { orgIds: branches.map((b) => b.id) } });
    const children = await db.selectFrom('tasks').select(['id', 'org_id']).where('parent_id', '=', issued.task.id).execute();
    created += children.length;
    await db.transaction().execute(async (trx) => {
      const events: Array<Insertable<TaskEventsTable>> = [];
      const event = (
        taskId: number,
        at: string,
        who: { id: number | null; username: string },
        kind: TaskEventKind,
        from: TaskStatus,
        to: TaskStatus,
        text: string | null,
        progress: number | null,
      ) =>
        events.push({
          task_id: taskId,
          at,
          actor_id: who.id,
          actor_name: who.username,
          kind,
          from_status: from,
          to_status: to,
          text,
          progress,
          attachments: '[]',
          data: null,
        });
      for (const child of children) {
        const sec = secretaries.get(child.org_id);
        const r = rand(child.org_id, k + 1);
        if (!sec || r < 0.05) {
          continue; // never touched: overdue once the date has passed
        }
        const acceptedAt = ago(165 - k * 5);
        event(child.id, acceptedAt, sec, 'accepted', 'issued', 'accepted', null, null);
        // Most report before the due date, some after it, some not yet.
        const reportAgo = r < 0.8 ? list.dueAgo + 1 + Math.floor(r * 10) : r < 0.93 ? list.dueAgo - 4 : null;
        const reportedAt = reportAgo !== null && reportAgo >= 0 ? ago(Math.min(reportAgo, 160)) : null;
        const verifiedAt = reportedAt && rand(child.org_id, k + 11) < 0.85 ? ago(Math.max((reportAgo ?? 0) - 2, 0)) : null;
        if (reportedAt) {
          event(child.id, reportedAt, sec, 'reported', 'accepted', 'reported', '已按要求完成，相关台账和照片见附件。', 100);
        }
        if (verifiedAt) {
          event(child.id, verifiedAt, { id: zzb.userId, username: zzb.username }, 'verified', 'reported', 'verified', '验收通过', null);
        }
        const status: TaskStatus = verifiedAt ? 'verified' : reportedAt ? 'reported' : 'accepted';
        const last = verifiedAt ?? reportedAt ?? acceptedAt;
        await trx
          .updateTable('tasks')
          .set({
            status,
            accepted_at: acceptedAt,
            first_reported_at: reportedAt,
            reported_at: reportedAt,
            verified_at: verifiedAt,
            progress: reportedAt ? 100 : 0,
            progress_effective: reportedAt ? 100 : 0,
            verified_effective: verifiedAt ? 100 : 0,
            last_update_at: last,
            updated_at: last,
            supervision_level: supervisionLevelFor(status, due, today, 3),
          })
          .where('id', '=', child.id)
          .execute();
        await trx.updateTable('task_framework_nodes').set({ status }).where('task_id', '=', child.id).execute();
      }
      await insertMany(trx, ctx.database.dialect, 'task_events', events, {
        intColumns: ['task_id', 'actor_id'],
        floatColumns: ['progress'],
      });
      await refreshRollup(trx, ctx, issued.task.id);
      await audit(
        trx,
        SYSTEM_ACTOR,
        { action: 'seed.demo.tasks', entityType: 'task', entityId: issued.task.id, note: { replayedTransitions: events.length } },
        ctx.clock,
      );
    });
  }
  return created;
}

/** Seeds the demo schemes and runs (see the module comment); returns what it created. */
export async function seedDemoEvaluation(ctx: AppContext): Promise<{ tasks: number; schemes: number; runs: number }> {
  const db = ctx.database.db;
  // The seed runs before the app registers its modules: the scheme template and the run need the metrics now.
  registerTaskMetrics();
  registerMeetingMetrics();
  if (await db.selectFrom('eval_schemes').select('id').limit(1).executeTakeFirst()) {
    return { tasks: 0, schemes: 0, runs: 0 };
  }
  const zzb = await actorOf(ctx, 'zzb');
  const top = await db.selectFrom('orgs').select(['id', 'code']).where('parent_id', 'is', null).orderBy('id').executeTakeFirst();
  if (!zzb || !top) {
    return { tasks: 0, schemes: 0, runs: 0 };
  }
  const branches: Branch[] = await db
    .selectFrom('orgs')
    .select(['id', 'code', 'parent_id as parentId'])
    .where('kind', '=', 'branch')
    .where('status', '=', 'active')
    .orderBy('path')
    .execute();
  const hasTasks = await db.selectFrom('tasks').select('id').limit(1).executeTakeFirst();
  const tasks = hasTasks ? 0 : await seedDemoTasks(ctx, zzb, top.id, branches);

  const today = ctx.clock();
  const year = Number(iso(today).slice(0, 4));
  let runs = 0;
  let schemes = 0;
  const build = async (periodKind: 'year' | 'half', name: string) => {
    const scheme = await createScheme(ctx, zzb, {
      name,
      description:
        '按“政治执行力、组织落实力、堡垒作用力、责任担当力”四个维度，依据任务清单完成情况、上级评审、集中检查和加减分事项综合评价各党支部。',
      year,
      periodKind,
      periodIndex: 1,
      population: 'orgs',
      orgKind: 'branch',
      rootOrgId: top.id,
      visibility: 'parent',
    });
    schemes += 1;
    const ind = new Map(scheme.indicators.map((i) => [i.code, i]));
    const check = ind.get('R2');
    const manual = ind.get('P3');
    const fortress = ind.get('F2');
    const bonus = ind.get('F3');
    const deduction = ind.get('R3');
    // Entered data written in bulk (seed speed): imported check scores, self-assessments and reviews.
    const at = today.toISOString();
    const inputs: Array<Insertable<EvalInputsTable>> = [];
    const manualRows: Array<Insertable<EvalManualScoresTable>> = [];
    const secName = new Map(
      (await db.selectFrom('users').select(['username', 'display_name']).where('username', 'like', 'sec-%').execute()).map((u) => [
        u.username,
        u.display_name,
      ]),
    );
    for (const [n, b] of branches.entries()) {
      const r = rand(b.id, 7);
      if (check) {
        inputs.push({
          scheme_id: scheme.id,
          indicator_id: check.id,
          target_id: b.id,
          value: Math.round(70 + r * 28),
          note: '集中检查评分',
          source: 'import',
          updated_by: zzb.userId,
          updated_by_name: zzb.displayName,
          updated_at: at,
        });
      }
      const sec = secName.get(`sec-${b.code}`) ?? null;
      const base = { scheme_id: scheme.id, target_id: b.id, created_at: at, updated_at: at, self_by: null, review_by: zzb.userId };
      const none = { self_points: null, self_comment: null, self_by_name: null, self_at: null };
      const unreviewed = { review_points: null, review_comment: null, review_by_name: null, review_at: null, review_by: null };
      const unconfirmed = { confirmed_by_name: null, confirmed_at: null };
      if (manual && sec) {
        const self = {
          self_points: 26 + Math.round(r * 4),
          self_comment: '认真落实第一议题制度，五学机制常态化运行。',
          self_by_name: sec,
          self_at: at,
        };
        manualRows.push(
          n % 4 !== 3
            ? {
                ...base,
                ...self,
                ...unconfirmed,
                indicator_id: manual.id,
                status: 'reviewed',
                review_points: 22 + Math.round(r * 8),
                review_comment: '经上级党组织评审，学习记录较完整。',
                review_by_name: zzb.displayName,
                review_at: at,
              }
            : { ...base, ...self, ...unreviewed, ...unconfirmed, indicator_id: manual.id, status: 'self_submitted' },
        );
      }
      if (fortress && n % 5 !== 4) {
        manualRows.push({
          ...base,
          ...none,
          indicator_id: fortress.id,
          status: 'confirmed',
          review_points: 28 + Math.round(r * 12),
          review_comment: '按年度检查情况评分。',
          review_by_name: zzb.displayName,
          review_at: at,
          confirmed_by_name: zzb.displayName,
          confirmed_at: at,
        });
      }
    }
    await db.transaction().execute(async (trx) => {
      await insertMany(trx, ctx.database.dialect, 'eval_inputs', inputs, {
        intColumns: ['scheme_id', 'indicator_id', 'target_id', 'updated_by'],
        floatColumns: ['value'],
      });
      await insertMany(trx, ctx.database.dialect, 'eval_manual_scores', manualRows, {
        intColumns: ['scheme_id', 'indicator_id', 'target_id', 'self_by', 'review_by'],
        floatColumns: ['self_points', 'review_points'],
      });
      await audit(
        trx,
        SYSTEM_ACTOR,
        {
          action: 'seed.demo.evaluation',
          entityType: 'eval_scheme',
          entityId: scheme.id,
          note: { inputs: inputs.length, manualScores: manualRows.length },
        },
        ctx.clock,
      );
    });
    if (bonus && branches[1]) {
      await createAdjustment(ctx, zzb, scheme.id, {
        indicatorId: bonus.id,
        targetId: branches[1].id,
        points: 3,
        reason: '“八熔八铸”党建品牌获集团优秀案例',
      });
    }
    if (bonus && branches[4]) {
      await createAdjustment(ctx, zzb, scheme.id, {
        indicatorId: bonus.id,
        targetId: branches[4].id,
        points: 2,
        reason: '党员攻关队攻克铸锭裂纹难题',
      });
    }
    if (deduction && branches[7]) {
      await createAdjustment(ctx, zzb, scheme.id, {
        indicatorId: deduction.id,
        targetId: branches[7].id,
        points: 2,
        reason: '集中检查发现会议记录“粗、差”问题',
      });
    }
    return scheme;
  };

  if (today.getUTCMonth() >= 6) {
    const half = await build('half', `${year}年上半年党支部四维评价`);
    const run = await startRun(ctx, zzb, half.id);
    await runPromises.get(run.id);
    await publishRun(ctx, zzb, run.id, '上半年评价结果经党委会审定后发布');
    runs += 1;
  }
  const annual = await build('year', `${year}年度党支部四维评价`);
  const run = await startRun(ctx, zzb, annual.id);
  // The run computes in the background; wait for it so the pages show results at once.
  await runPromises.get(run.id);
  runs += 1;
  return { tasks, schemes, runs };
}

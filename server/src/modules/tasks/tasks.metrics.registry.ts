import type { MetricValue } from '@guantong/shared';
import { type Kysely, SqliteAdapter, sql } from 'kysely';
import { type MetricComputeArgs, type MetricDefinition, type MetricPeriod, type MetricRecord, registerMetric } from '../../core/metrics.js';
import { prefixEnd } from '../../db/portable.js';
import type { DB } from '../../db/schema.js';

/**
 * The task metrics in the evaluation registry (指标库), batched: one pass over the period's tasks grouped by owning
 * organisation (or responsible user) serves every task metric of a run, and the per-org sums are rolled up to each
 * subject's subtree in memory — a run over 5,000 organisations reads the tasks once, not 5,000 × 6 times.
 * The definitions match the single-organisation functions of tasks.metrics.ts (tests check they agree).
 */

/** Key work (重点工作) of a cadre: high / urgent priority, 挂牌督办, or a 重大事项 / 年度指标. */
const KEY_WORK = sql<boolean>`(t.priority in ('high', 'urgent') or t.flagged = 1 or t.level in ('major_item', 'annual_target'))`;

const endOfLocalDay = (col: string) => sql<string>`${sql.ref(col)} || 'T16:00:00.000Z'`;
const flag = (cond: ReturnType<typeof sql>) => sql<number>`coalesce(sum(case when ${cond} then 1 else 0 end), 0)`;

interface TaskSums {
  all: number;
  done: number;
  recv: number;
  recvDone: number;
  dec: number;
  decDone: number;
  due: number;
  onTime: number;
  overdue: number;
  key: number;
  keyDone: number;
}
const EMPTY: TaskSums = { all: 0, done: 0, recv: 0, recvDone: 0, dec: 0, decDone: 0, due: 0, onTime: 0, overdue: 0, key: 0, keyDone: 0 };
interface NoticeSums {
  d: number;
  n: number;
}

function rate(n: number, d: number, definition: string): MetricValue {
  return { value: d === 0 ? null : Math.round((n / d) * 1000) / 10, numerator: n, denominator: d, definition };
}

function add<T extends object>(into: T, from: T): void {
  for (const k of Object.keys(from) as Array<keyof T>) {
    (into[k] as number) += from[k] as number;
  }
}

/** A small memo per batch: every metric of one run receives the same `subjectIds` array, so they share one scan. */
const memo = new WeakMap<readonly number[], Map<string, Promise<unknown>>>();
function once<T>(args: MetricComputeArgs, key: string, fn: () => Promise<T>): Promise<T> {
  let m = memo.get(args.subjectIds);
  if (!m) {
    m = new Map();
    memo.set(args.subjectIds, m);
  }
  const k = `${key}|${args.period.from}|${args.period.to}|${args.asOf}`;
  let p = m.get(k) as Promise<T> | undefined;
  if (!p) {
    p = fn();
    m.set(k, p);
    p.catch(() => m?.delete(k));
  }
  return p;
}

async function inChunks<T>(ids: readonly number[], fn: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    out.push(...(await fn(ids.slice(i, i + 1000))));
  }
  return out;
}

/** Subject org id → path, and the smallest set of subtrees covering them (for narrowing small batches). */
async function subjectPaths(db: Kysely<DB>, ids: readonly number[]): Promise<{ byId: Map<number, string>; prefixes: string[] }> {
  const rows = await inChunks(ids, (chunk) => db.selectFrom('orgs').select(['id', 'path']).where('id', 'in', chunk).execute());
  const byId = new Map(rows.map((r) => [r.id, r.path]));
  const prefixes: string[] = [];
  for (const p of [...byId.values()].sort()) {
    if (!prefixes.some((q) => p.startsWith(q))) {
      prefixes.push(p);
    }
  }
  return { byId, prefixes };
}

function periodTasks(db: Kysely<DB>, period: MetricPeriod, prefixes: string[] | null) {
  let q = db
    .selectFrom('tasks as t')
    .where('t.status', 'not in', ['draft', 'cancelled'])
    .where('t.due_on', '>=', period.from)
    .where('t.due_on', '<=', period.to);
  if (prefixes) {
    q = q
      .innerJoin('orgs as o', 'o.id', 't.org_id')
      .where((eb) => eb.or(prefixes.map((p) => eb.and([eb('o.path', '>=', p), eb('o.path', '<', prefixEnd(p))]))));
  }
  return q;
}

function sumColumns(asOf: string) {
  const due = sql`(t.due_on < ${asOf} or t.first_reported_at is not null)`;
  return [
    sql<number>`count(*)`.as('all_'),
    flag(sql`t.status in ('verified', 'closed')`).as('done'),
    flag(sql`t.parent_id is not null`).as('recv'),
    flag(sql`t.parent_id is not null and t.status in ('verified', 'closed')`).as('recv_done'),
    flag(sql`t.parent_id is not null and t.level <> 'subtask'`).as('dec'),
    flag(sql`t.parent_id is not null and t.level <> 'subtask' and t.child_count > 0`).as('dec_done'),
    flag(due).as('due'),
    flag(sql`t.first_reported_at is not null and t.first_reported_at < ${endOfLocalDay('t.due_on')}`).as('on_time'),
    flag(sql`t.status in ('issued', 'accepted', 'in_progress', 'returned') and t.due_on < ${asOf}`).as('overdue'),
    flag(KEY_WORK).as('key_'),
    flag(sql`${KEY_WORK} and t.status in ('verified', 'closed')`).as('key_done'),
  ] as const;
}

type SumRow = {
  all_: number;
  done: number;
  recv: number;
  recv_done: number;
  dec: number;
  dec_done: number;
  due: number;
  on_time: number;
  overdue: number;
  key_: number;
  key_done: number;
};

function toSums(r: SumRow): TaskSums {
  return {
    all: Number(r.all_),
    done: Number(r.done),
    recv: Number(r.recv),
    recvDone: Number(r.recv_done),
    dec: Number(r.dec),
    decDone: Number(r.dec_done),
    due: Number(r.due),
    onTime: Number(r.on_time),
    overdue: Number(r.overdue),
    key: Number(r.key_),
    keyDone: Number(r.key_done),
  };
}

/** Rolls per-org sums up to every subject whose subtree holds the org. */
async function rollUp<T extends object>(
  db: Kysely<DB>,
  subjects: Map<number, string>,
  perOrg: Map<number, T>,
  empty: () => T,
): Promise<Map<number, T>> {
  const out = new Map<number, T>();
  for (const id of subjects.keys()) {
    out.set(id, empty());
  }
  if (perOrg.size === 0) {
    return out;
  }
  const orgs = await db.selectFrom('orgs').select(['id', 'path']).execute();
  const pathOf = new Map(orgs.map((o) => [o.id, o.path]));
  for (const [orgId, sums] of perOrg) {
    const path = pathOf.get(orgId);
    if (!path) {
      continue;
    }
    for (const part of path.split('/')) {
      if (part === '') {
        continue;
      }
      const target = out.get(Number(part));
      if (target) {
        add(target, sums);
      }
    }
  }
  return out;
}

/** Task sums per subject organisation (its whole subtree), one scan per batch. */
function orgTaskSums(args: MetricComputeArgs): Promise<Map<number, TaskSums>> {
  return once(args, 'org-tasks', async () => {
    const { byId, prefixes } = await subjectPaths(args.db, args.subjectIds);
    if (byId.size === 0) {
      return new Map();
    }
    const perOrg = new Map<number, TaskSums>();
    const collect = (rows: Array<{ org_id: number }>) => {
      for (const r of rows) {
        const sums = toSums(r as unknown as SumRow);
        const into = perOrg.get(r.org_id);
        if (into) {
          add(into, sums);
        } else {
          perOrg.set(r.org_id, sums);
        }
      }
    };
    if (prefixes.length <= taskMetricTuning.narrowMax) {
      // A few subtrees: read only their tasks.
      collect(
        await periodTasks(args.db, args.period, prefixes).select('t.org_id').select(sumColumns(args.asOf)).groupBy('t.org_id').execute(),
      );
    } else {
      // The whole tree: scan the period's tasks in id slices, giving the event loop a turn between slices.
      await byIdSlices(args.db, async (range) =>
        collect(
          await periodTasks(args.db, args.period, null)
            .$if(range !== null, (q) => q.where('t.id', '>=', range?.[0] ?? 0).where('t.id', '<=', range?.[1] ?? 0))
            .select('t.org_id')
            .select(sumColumns(args.asOf))
            .groupBy('t.org_id')
            .execute(),
        ),
      );
    }
    return rollUp(args.db, byId, perOrg, () => ({ ...EMPTY }));
  });
}

/**
 * When to read tasks through the indexes (a few subtrees, a few cadres) rather than scanning the whole table, and — on
 * SQLite, where every query holds the event loop — the id slice size of that scan (one query per slice, a turn for the
 * event loop between; PostgreSQL scans in one pass unless `sliceAlways`). Tests change them to cover every path.
 */
export const taskMetricTuning = { narrowMax: 50, personIndexMax: 200, slice: 50_000, sliceAlways: false };

async function byIdSlices(db: Kysely<DB>, fn: (range: [number, number] | null) => Promise<void>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter) && !taskMetricTuning.sliceAlways) {
    // PostgreSQL reads in its own processes (the event loop stays free) and scans a table fastest in one pass.
    await fn(null);
    return;
  }
  const r = await db
    .selectFrom('tasks')
    .select([sql<number | null>`min(id)`.as('lo'), sql<number | null>`max(id)`.as('hi')])
    .executeTakeFirst();
  if (!r || r.lo === null || r.hi === null) {
    return;
  }
  const slice = taskMetricTuning.slice;
  for (let lo = Number(r.lo); lo <= Number(r.hi); lo += slice) {
    await fn([lo, lo + slice - 1]);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Notice sums per subject organisation (its whole subtree). */
function orgNoticeSums(args: MetricComputeArgs): Promise<Map<number, NoticeSums>> {
  return once(args, 'org-notices', async () => {
    const { byId } = await subjectPaths(args.db, args.subjectIds);
    const rows = await args.db
      .selectFrom('supervision_notices as n')
      .innerJoin('tasks as t', 't.id', 'n.task_id')
      .where('n.status', '!=', 'withdrawn')
      .where('n.answer_due_on', '>=', args.period.from)
      .where('n.answer_due_on', '<=', args.period.to)
      .where((eb) => eb.or([eb('n.answer_due_on', '<', args.asOf), eb('n.answered_at', 'is not', null)]))
      .select([
        't.org_id',
        sql<number>`count(*)`.as('d'),
        flag(sql`n.answered_at is not null and n.answered_at < ${endOfLocalDay('n.answer_due_on')}`).as('n'),
      ])
      .groupBy('t.org_id')
      .execute();
    const perOrg = new Map(rows.map((r) => [r.org_id, { d: Number(r.d), n: Number(r.n) }]));
    return rollUp(args.db, byId, perOrg, () => ({ d: 0, n: 0 }));
  });
}

/** Task sums per subject person (the tasks of the user accounts linked to the person, as responsible). */
function personTaskSums(args: MetricComputeArgs): Promise<Map<number, TaskSums>> {
  return once(args, 'person-tasks', async () => {
    const users = await inChunks(args.subjectIds, (chunk) =>
      args.db.selectFrom('users').select(['id', 'person_id']).where('person_id', 'in', chunk).execute(),
    );
    const out = new Map<number, TaskSums>(args.subjectIds.map((id) => [id, { ...EMPTY }]));
    const personOf = new Map(users.map((u) => [u.id, u.person_id as number]));
    if (personOf.size === 0) {
      return out;
    }
    const userIds = [...personOf.keys()];
    const rows: Array<{ responsible_user_id: number | null }> = [];
    if (userIds.length <= taskMetricTuning.personIndexMax) {
      // A few cadres: their tasks through the responsible-user index.
      rows.push(
        ...(await inChunks(userIds, (chunk) =>
          periodTasks(args.db, args.period, null)
            .where('t.responsible_user_id', 'in', chunk)
            .select('t.responsible_user_id')
            .select(sumColumns(args.asOf))
            .groupBy('t.responsible_user_id')
            .execute(),
        )),
      );
    } else {
      // Many cadres: one pass over the period's tasks in id slices, grouped by the responsible user.
      await byIdSlices(args.db, async (range) => {
        rows.push(
          ...(await periodTasks(args.db, args.period, null)
            .$if(range !== null, (q) => q.where('t.id', '>=', range?.[0] ?? 0).where('t.id', '<=', range?.[1] ?? 0))
            .where('t.responsible_user_id', 'is not', null)
            .select('t.responsible_user_id')
            .select(sumColumns(args.asOf))
            .groupBy('t.responsible_user_id')
            .execute()),
        );
      });
    }
    for (const r of rows) {
      const person = personOf.get(r.responsible_user_id as number);
      const target = person === undefined ? undefined : out.get(person);
      if (target) {
        add(target, toSums(r as unknown as SumRow));
      }
    }
    return out;
  });
}

type TaskRole = 'numerator' | 'denominator' | 'count';

/** Lists the tasks behind a value: the subtree's (or person's) tasks of the period matching `where`, with their role. */
async function taskRecords(
  db: Kysely<DB>,
  subject: { orgId: number } | { personId: number },
  period: MetricPeriod,
  limit: number,
  where: ReturnType<typeof sql<boolean>> | null,
  numerator: ReturnType<typeof sql<boolean>> | null,
  countOnly = false,
): Promise<MetricRecord[]> {
  let q = periodTasks(db, period, null);
  if ('orgId' in subject) {
    const org = await db.selectFrom('orgs').select('path').where('id', '=', subject.orgId).executeTakeFirst();
    if (!org) {
      return [];
    }
    // A branch's subtree is a handful of organisations: list them, so the tasks come from the owning-org index.
    const ids = await db
      .selectFrom('orgs')
      .select('id')
      .where('path', '>=', org.path)
      .where('path', '<', prefixEnd(org.path))
      .limit(501)
      .execute();
    q =
      ids.length <= 500
        ? q.where(
            't.org_id',
            'in',
            ids.map((r) => r.id),
          )
        : q.innerJoin('orgs as o', 'o.id', 't.org_id').where('o.path', '>=', org.path).where('o.path', '<', prefixEnd(org.path));
  } else {
    q = q.where('t.responsible_user_id', 'in', db.selectFrom('users').select('id').where('person_id', '=', subject.personId));
  }
  if (where) {
    q = q.where(where);
  }
  const hit = numerator ?? sql<boolean>`1 = 1`;
  const rows = await q
    .select(['t.id', 't.title', 't.due_on', sql<number>`case when ${hit} then 1 else 0 end`.as('hit')])
    .orderBy(sql`case when ${hit} then 1 else 0 end`)
    .orderBy('t.due_on')
    .orderBy('t.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    type: 'task',
    id: r.id,
    title: r.title,
    date: r.due_on,
    role: (countOnly ? 'count' : Number(r.hit) === 1 ? 'numerator' : 'denominator') as TaskRole,
    href: `/tasks/${r.id}`,
  }));
}

interface TaskMetricSpec {
  key: string;
  subject: 'org' | 'person';
  unit: 'percent' | 'count';
  label: { zh: string; en: string };
  definition: string;
  value(s: TaskSums): MetricValue;
  where: (asOf: string) => ReturnType<typeof sql<boolean>> | null;
  numerator: (asOf: string) => ReturnType<typeof sql<boolean>> | null;
  countOnly?: boolean;
}

const DUE_OR_REPORTED = (asOf: string) => sql<boolean>`(t.due_on < ${asOf} or t.first_reported_at is not null)`;
const ON_TIME = () => sql<boolean>`t.first_reported_at is not null and t.first_reported_at < ${endOfLocalDay('t.due_on')}`;
const IS_DONE = () => sql<boolean>`t.status in ('verified', 'closed')`;
const IS_OVERDUE = (asOf: string) => sql<boolean>`t.status in ('issued', 'accepted', 'in_progress', 'returned') and t.due_on < ${asOf}`;

const D = {
  decomposition: '收到的非子项任务中已分解（有未取消的下级任务）的比例',
  decompositionCompletion: '下达/分解到本组织及下级的任务中已验收或销号的比例（按截止日期在期间内统计）',
  onTime: '截止日期在期间内且已到期或已反馈的任务中，首次反馈不晚于截止日期的比例',
  verified: '截止日期在期间内的任务中已验收或销号的比例',
  overdue: '截止日期在期间内、已过截止日期仍未反馈的任务数',
  notice: '答复期限在期间内且已到期或已答复的挂牌督办通知中，按期答复的比例',
  keyWork: '本人负责的重点工作（重大事项、年度指标、高/紧急优先级或挂牌督办）中，截止日期在期间内且已验收或销号的比例',
  personOnTime: '本人负责、截止日期在期间内且已到期或已反馈的任务中，首次反馈不晚于截止日期的比例',
  personVerified: '本人负责、截止日期在期间内的任务中已验收或销号的比例',
  personOverdue: '本人负责、截止日期在期间内、已过截止日期仍未反馈的任务数',
};

const SPECS: TaskMetricSpec[] = [
  {
    key: 'tasks.decomposition_completion_rate',
    subject: 'org',
    unit: 'percent',
    label: { zh: '任务分解完成率', en: 'Decomposed-task completion rate' },
    definition: D.decompositionCompletion,
    value: (s) => rate(s.recvDone, s.recv, D.decompositionCompletion),
    where: () => sql<boolean>`t.parent_id is not null`,
    numerator: IS_DONE,
  },
  {
    key: 'tasks.decomposition_rate',
    subject: 'org',
    unit: 'percent',
    label: { zh: '任务分解率', en: 'Decomposition rate' },
    definition: D.decomposition,
    value: (s) => rate(s.decDone, s.dec, D.decomposition),
    where: () => sql<boolean>`t.parent_id is not null and t.level <> 'subtask'`,
    numerator: () => sql<boolean>`t.child_count > 0`,
  },
  {
    key: 'tasks.on_time_rate',
    subject: 'org',
    unit: 'percent',
    label: { zh: '按期完成率', en: 'On-time rate' },
    definition: D.onTime,
    value: (s) => rate(s.onTime, s.due, D.onTime),
    where: DUE_OR_REPORTED,
    numerator: ON_TIME,
  },
  {
    key: 'tasks.verified_rate',
    subject: 'org',
    unit: 'percent',
    label: { zh: '验收率', en: 'Verified rate' },
    definition: D.verified,
    value: (s) => rate(s.done, s.all, D.verified),
    where: () => null,
    numerator: IS_DONE,
  },
  {
    key: 'tasks.overdue_count',
    subject: 'org',
    unit: 'count',
    label: { zh: '逾期任务数', en: 'Overdue tasks' },
    definition: D.overdue,
    value: (s) => ({ value: s.overdue, numerator: s.overdue, denominator: s.all, definition: D.overdue }),
    where: IS_OVERDUE,
    numerator: () => null,
    countOnly: true,
  },
  {
    key: 'tasks.person_key_work_rate',
    subject: 'person',
    unit: 'percent',
    label: { zh: '重点工作督办完成率', en: 'Key work completion rate' },
    definition: D.keyWork,
    value: (s) => rate(s.keyDone, s.key, D.keyWork),
    where: () => KEY_WORK,
    numerator: IS_DONE,
  },
  {
    key: 'tasks.person_on_time_rate',
    subject: 'person',
    unit: 'percent',
    label: { zh: '本人任务按期反馈率', en: 'Own tasks reported on time' },
    definition: D.personOnTime,
    value: (s) => rate(s.onTime, s.due, D.personOnTime),
    where: DUE_OR_REPORTED,
    numerator: ON_TIME,
  },
  {
    key: 'tasks.person_verified_rate',
    subject: 'person',
    unit: 'percent',
    label: { zh: '本人任务验收率', en: 'Own tasks verified' },
    definition: D.personVerified,
    value: (s) => rate(s.done, s.all, D.personVerified),
    where: () => null,
    numerator: IS_DONE,
  },
  {
    key: 'tasks.person_overdue_count',
    subject: 'person',
    unit: 'count',
    label: { zh: '本人逾期任务数', en: 'Own overdue tasks' },
    definition: D.personOverdue,
    value: (s) => ({ value: s.overdue, numerator: s.overdue, denominator: s.all, definition: D.personOverdue }),
    where: IS_OVERDUE,
    numerator: () => null,
    countOnly: true,
  },
];

function taskMetric(spec: TaskMetricSpec): MetricDefinition {
  return {
    key: spec.key,
    module: 'tasks',
    subject: spec.subject,
    unit: spec.unit,
    label: spec.label,
    definition: spec.definition,
    async compute(args) {
      const sums = spec.subject === 'org' ? await orgTaskSums(args) : await personTaskSums(args);
      const out = new Map<number, MetricValue>();
      for (const id of args.subjectIds) {
        out.set(id, spec.value(sums.get(id) ?? EMPTY));
      }
      return out;
    },
    records: ({ db, subjectId, period, asOf, limit }) =>
      taskRecords(
        db,
        spec.subject === 'org' ? { orgId: subjectId } : { personId: subjectId },
        period,
        limit,
        spec.where(asOf),
        spec.numerator(asOf),
        spec.countOnly,
      ),
  };
}

const noticeMetric: MetricDefinition = {
  key: 'tasks.notice_on_time_rate',
  module: 'tasks',
  subject: 'org',
  unit: 'percent',
  label: { zh: '督办按期答复率', en: 'Supervision notices answered on time' },
  definition: D.notice,
  async compute(args) {
    const sums = await orgNoticeSums(args);
    const out = new Map<number, MetricValue>();
    for (const id of args.subjectIds) {
      const s = sums.get(id) ?? { d: 0, n: 0 };
      out.set(id, rate(s.n, s.d, D.notice));
    }
    return out;
  },
  async records({ db, subjectId, period, asOf, limit }) {
    const org = await db.selectFrom('orgs').select('path').where('id', '=', subjectId).executeTakeFirst();
    if (!org) {
      return [];
    }
    const onTime = sql<boolean>`n.answered_at is not null and n.answered_at < ${endOfLocalDay('n.answer_due_on')}`;
    const rows = await db
      .selectFrom('supervision_notices as n')
      .innerJoin('tasks as t', 't.id', 'n.task_id')
      .innerJoin('orgs as o', 'o.id', 't.org_id')
      .where('o.path', '>=', org.path)
      .where('o.path', '<', prefixEnd(org.path))
      .where('n.status', '!=', 'withdrawn')
      .where('n.answer_due_on', '>=', period.from)
      .where('n.answer_due_on', '<=', period.to)
      .where((eb) => eb.or([eb('n.answer_due_on', '<', asOf), eb('n.answered_at', 'is not', null)]))
      .select(['n.id', 'n.task_id', 't.title', 'n.answer_due_on', sql<number>`case when ${onTime} then 1 else 0 end`.as('hit')])
      .orderBy('n.answer_due_on')
      .orderBy('n.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      type: 'supervision_notice',
      id: r.id,
      title: `挂牌督办：${r.title}`,
      date: r.answer_due_on,
      role: Number(r.hit) === 1 ? ('numerator' as const) : ('denominator' as const),
      href: `/tasks/${r.task_id}`,
    }));
  },
};

/** The task metrics as registry definitions (exported for tests and benchmarks). */
export const TASK_METRICS: readonly MetricDefinition[] = [...SPECS.map(taskMetric), noticeMetric];

/** Adds the task metrics to the registry (called once at start-up by the module list). */
export function registerTaskMetrics(): void {
  for (const m of TASK_METRICS) {
    registerMetric(m);
  }
}

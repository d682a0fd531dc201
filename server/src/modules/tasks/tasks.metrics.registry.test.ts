import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMetric } from '../../core/metrics.js';
import { draft, expectStatus, relogin, type TaskWorld, taskWorld } from './tasks.fixtures.js';
import {
  decompositionCompletionRate,
  decompositionRate,
  noticeOnTimeRate,
  onTimeRate,
  overdueCount,
  verifiedRate,
} from './tasks.metrics.js';
import { TASK_METRICS, taskMetricTuning } from './tasks.metrics.registry.js';

const DAY = 86_400_000;

describe('batched task metrics in the evaluation registry', () => {
  let w: TaskWorld;
  let kids: Record<string, number>;
  beforeAll(async () => {
    w = await taskWorld();
    // The scenario of tasks.metrics.test.ts, plus a decomposition under B11 and a key task for a person.
    const id = await draft(w, 'zzb', { title: '年度党建述职' });
    const res = (
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${id}/issue`,
        as: 'zzb',
        payload: {
          recipients: { orgIds: [], under: { orgId: w.tree.c.id, kind: 'branch' } },
          childDueOn: '2026-11-28',
          childLevel: 'annual_target',
        },
      })
    ).json();
    kids = Object.fromEntries(res.task.children.map((c: { org: { code: string }; id: number }) => [c.org.code, c.id]));
    const finish = async (code: string, as: string) => {
      await w.t.call({ method: 'POST', url: `/api/tasks/${kids[code]}/accept`, as, payload: {} });
      expectStatus(
        await w.t.call({ method: 'POST', url: `/api/tasks/${kids[code]}/report`, as, payload: { text: '完成', progress: 100 } }),
        200,
      );
    };
    await finish('B11', 'b11sec');
    await w.t.call({ method: 'POST', url: `/api/tasks/${kids.B11}/verify`, as: 'zzb', payload: {} });
    await w.t.call({
      method: 'POST',
      url: `/api/tasks/${kids.B21}/flag`,
      as: 'leader',
      payload: { text: '请说明', answerDueOn: '2026-11-27' },
    });
    // B12 accepts and decomposes its task to its secretary (a person) before the due date.
    await w.t.call({ method: 'POST', url: `/api/tasks/${kids.B12}/accept`, as: 'b12sec', payload: {} });
    expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${kids.B12}/decompose`,
        as: 'b12sec',
        payload: { items: [{ responsibleUserId: w.users.b12sec, title: '书记亲自落实', dueOn: '2026-11-27' }] },
      }),
      200,
    );
    w.t.clock.advance(5 * DAY); // 2026-11-30
    await relogin(w);
    await finish('B12', 'b12sec');
  });
  afterAll(async () => {
    Object.assign(taskMetricTuning, { narrowMax: 50, personIndexMax: 200, slice: 50_000, sliceAlways: false });
    await w.close();
  });

  const period = { from: '2026-11-01', to: '2026-11-30' };
  const asOf = '2026-11-30';

  it.each([
    ['through the subtrees', { narrowMax: 50, personIndexMax: 200, slice: 50_000, sliceAlways: false }],
    ['scanning the whole table in one pass', { narrowMax: 0, personIndexMax: 0, slice: 50_000, sliceAlways: false }],
    ['scanning the whole table in id slices', { narrowMax: 0, personIndexMax: 0, slice: 3, sliceAlways: true }],
  ])('agrees with the single-organisation functions for every organisation, in one batch (%s)', async (_label, tuning) => {
    Object.assign(taskMetricTuning, tuning);
    const db = w.t.database.db;
    // A fresh array per batch: the memo of a batch is keyed by it.
    const ids = [...Object.values(w.tree).map((o) => o.id)];
    const single = {
      'tasks.decomposition_rate': (org: number) => decompositionRate(db, org, period),
      'tasks.decomposition_completion_rate': (org: number) => decompositionCompletionRate(db, org, period),
      'tasks.on_time_rate': (org: number) => onTimeRate(db, org, period, asOf),
      'tasks.verified_rate': (org: number) => verifiedRate(db, org, period),
      'tasks.overdue_count': (org: number) => overdueCount(db, org, period, asOf),
      'tasks.notice_on_time_rate': (org: number) => noticeOnTimeRate(db, org, period, asOf),
    } as const;
    for (const [key, fn] of Object.entries(single)) {
      const metric = getMetric(key) ?? TASK_METRICS.find((m) => m.key === key);
      expect(metric, key).toBeDefined();
      const batch = await metric?.compute({ db, subjectIds: ids, period, asOf });
      for (const org of ids) {
        expect(batch?.get(org), `${key} org ${org}`).toEqual(await fn(org));
      }
    }
  });

  it('states the committee’s numbers worked out by hand', async () => {
    const db = w.t.database.db;
    const c = [w.tree.c.id];
    const get = async (key: string) => (await getMetric(key)?.compute({ db, subjectIds: c, period, asOf }))?.get(w.tree.c.id);
    // Received in the period: B11, B12, B21 (due 11-28) and the decomposed child (due 11-27): 4; verified: B11 → 25.0 %.
    expect(await get('tasks.decomposition_completion_rate')).toMatchObject({ value: 25, numerator: 1, denominator: 4 });
    // Received and not 子项: the three 年度指标 copies and B12's 具体实施 child = 4; decomposed further: B12 → 25 %.
    expect(await get('tasks.decomposition_rate')).toMatchObject({ value: 25, numerator: 1, denominator: 4 });
    // Overdue at 11-30: B21 (due 11-28, never reported) and the child (due 11-27, never reported).
    expect(await get('tasks.overdue_count')).toMatchObject({ value: 2 });
  });

  it('measures a person’s own tasks (cadre composite) and lists the tasks behind a value', async () => {
    const db = w.t.database.db;
    const now = w.t.clock.fn().toISOString();
    const person = await db
      .insertInto('people')
      .values({
        employee_no: 'E900',
        name: '王书记',
        name_initials: 'wsj',
        gender: 'male',
        ethnicity: null,
        birth_date: '1980-01-01',
        education: null,
        job_title: null,
        business_unit: null,
        phone: null,
        party_status: 'full',
        joined_party_on: null,
        full_member_on: null,
        probation_start: null,
        is_cadre: 1,
        is_retired: 0,
        is_mobile: 0,
        org_id: w.tree.b12.id,
        branch_id: w.tree.b12.id,
        group_id: null,
        status: 'active',
        left_on: null,
        note: null,
        import_job_id: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.updateTable('users').set({ person_id: person.id }).where('id', '=', w.users.b12sec).execute();
    const value = async (key: string) => {
      const viaIndex = (await getMetric(key)?.compute({ db, subjectIds: [person.id], period, asOf }))?.get(person.id);
      Object.assign(taskMetricTuning, { personIndexMax: 0, slice: 2, sliceAlways: true });
      const viaSlices = (await getMetric(key)?.compute({ db, subjectIds: [person.id], period, asOf }))?.get(person.id);
      Object.assign(taskMetricTuning, { personIndexMax: 200, slice: 50_000, sliceAlways: false });
      expect(viaSlices).toEqual(viaIndex);
      return viaIndex;
    };
    // They are responsible for two tasks: B12's annual target (accepted by them; reported 11-30, after its due date
    // 11-28) and the 具体实施 due 11-27 (never reported → overdue).
    expect(await value('tasks.person_overdue_count')).toMatchObject({ value: 1, denominator: 2 });
    expect(await value('tasks.person_on_time_rate')).toMatchObject({ value: 0, numerator: 0, denominator: 2 });
    // Key work: only the 年度指标 counts (the 具体实施 has normal priority, not flagged); reported, not verified → 0 %.
    expect(await value('tasks.person_key_work_rate')).toMatchObject({ value: 0, numerator: 0, denominator: 1 });
    expect(await value('tasks.person_verified_rate')).toMatchObject({ value: 0, numerator: 0, denominator: 2 });
    const records = await getMetric('tasks.person_overdue_count')?.records?.({ db, subjectId: person.id, period, asOf, limit: 10 });
    expect(records).toEqual([
      expect.objectContaining({ type: 'task', title: '书记亲自落实', role: 'count', href: expect.stringMatching(/^\/tasks\/\d+$/) }),
    ]);
    const org = await getMetric('tasks.verified_rate')?.records?.({ db, subjectId: w.tree.g1.id, period, asOf, limit: 10 });
    // Under G1: B11 (verified → numerator), B12 and its child (denominator), failing ones listed first.
    expect(org?.map((r) => r.role).sort()).toEqual(['denominator', 'denominator', 'numerator']);
    expect(org?.at(-1)?.role).toBe('numerator');
  });
});

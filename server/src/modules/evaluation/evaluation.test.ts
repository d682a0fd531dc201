import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeUser } from '../../test/harness.js';
import { readXlsx } from '../orgs/orgs.testkit.js';
import { draft, expectStatus, PNG, relogin, type TaskWorld, taskWorld } from '../tasks/tasks.fixtures.js';
import { expectOk, runScheme, upload } from './evaluation.testkit.js';

const DAY = 86_400_000;

/**
 * One scheme over the branches of C, computed from real tasks, with a manual indicator (self-assessment → review
 * by the level above → confirmation), capped bonus and deduction items, calibration, publication, access.
 *
 * Scheme (quarter 4 of 2026, measured on 2026-11-30):
 *   A 政治执行力 50 %: A1 验收率 (tasks.verified_rate, linear 0→100, 60 points, no data: exclude),
 *                      A2 学习贯彻 (manual with self-assessment, 40 points, no data: 0), A3 创新加分 (bonus, cap 5)
 *   B 组织落实力 50 %: B1 逾期数 (tasks.overdue_count, ≤0 → 100, ≤1 → 50, 100 points, no data: full),
 *                      B2 问题扣分 (deduction, cap 10)
 * Tasks: one issued to every branch, due 2026-11-28. B11 reports on time and is verified; B12 reports late (11-30);
 * B21 never reports (overdue). B22 (created later) has no task at all.
 */
describe('evaluation from evidence', () => {
  let w: TaskWorld;
  let b22: number;
  let schemeId: number;
  let runId: number;
  let ind: Record<string, number>;
  let taskOf: Record<string, number>;
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, as: string, payload?: unknown) =>
    w.t.call({ method, url, as, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });

  beforeAll(async () => {
    w = await taskWorld();
    b22 = (await makeOrg(w.t, { code: 'B22', kind: 'branch', parentId: w.tree.g2.id, name: '二厂二支部' })).id;
    await makeUser(w.t, 'b22sec', [{ role: 'secretary', orgId: b22 }]);
    w.users.b22sec = 0;
    // Scores name who gave them by display name (the snapshot keeps it even if the account is renamed later).
    await w.t.database.db.updateTable('users').set({ display_name: '一总支书记 李明' }).where('username', '=', 'g1sec').execute();
    await w.t.database.db.updateTable('users').set({ display_name: '组织部 王敏' }).where('username', '=', 'zzb').execute();
    await relogin(w);
    const id = await draft(w, 'zzb', { title: '第四季度党建重点任务' });
    const res = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${id}/issue`,
        as: 'zzb',
        payload: { recipients: { orgIds: [w.tree.b11.id, w.tree.b12.id, w.tree.b21.id] }, childDueOn: '2026-11-28' },
      }),
      200,
    ).json();
    taskOf = Object.fromEntries(res.task.children.map((c: { org: { code: string }; id: number }) => [c.org.code, c.id]));
    const finish = async (code: string, as: string) => {
      expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${taskOf[code]}/accept`, as, payload: {} }), 200);
      expectStatus(
        await w.t.call({ method: 'POST', url: `/api/tasks/${taskOf[code]}/report`, as, payload: { text: '完成', progress: 100 } }),
        200,
      );
    };
    await finish('B11', 'b11sec');
    expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${taskOf.B11}/verify`, as: 'zzb', payload: {} }), 200);
    w.t.clock.advance(5 * DAY); // 2026-11-30 08:00Z
    await relogin(w);
    await w.t.login('b22sec');
    await finish('B12', 'b12sec');

    const created = expectOk(
      await call('POST', '/api/evaluation/schemes', 'zzb', {
        name: '2026年第四季度支部四维评价（测试）',
        year: 2026,
        periodKind: 'quarter',
        periodIndex: 4,
        population: 'orgs',
        orgKind: 'branch',
        rootOrgId: w.tree.c.id,
        visibility: 'own',
        dimensions: [
          { code: 'A', name: '政治执行力', nameEn: 'Political', weight: 50 },
          { code: 'B', name: '组织落实力', nameEn: 'Organisational', weight: 50 },
        ],
        indicators: [
          {
            dimensionCode: 'A',
            code: 'A1',
            name: '验收率',
            method: 'computed',
            maxPoints: 60,
            formula: 'tasks.verified_rate',
            mapping: { kind: 'linear', lower: 0, upper: 100 },
            noData: 'exclude',
            frameworkNodeId: w.node('3.1'),
          },
          { dimensionCode: 'A', code: 'A2', name: '学习贯彻', method: 'manual', maxPoints: 40, selfAssessment: true },
          { dimensionCode: 'A', code: 'A3', name: '创新加分', method: 'bonus', maxPoints: 5 },
          {
            dimensionCode: 'B',
            code: 'B1',
            name: '逾期数',
            method: 'computed',
            maxPoints: 100,
            formula: 'tasks.overdue_count',
            mapping: {
              kind: 'thresholds',
              bands: [
                { min: null, max: 0, points: 100 },
                { min: null, max: 1, points: 50 },
              ],
            },
            noData: 'full',
          },
          { dimensionCode: 'B', code: 'B2', name: '问题扣分', method: 'deduction', maxPoints: 10 },
        ],
        gradeBands: [
          { code: 'good', name: '好', nameEn: 'Good', min: 90 },
          { code: 'fair', name: '较好', nameEn: 'Fair', min: 80 },
          { code: 'average', name: '一般', nameEn: 'Average', min: 60 },
          { code: 'poor', name: '差', nameEn: 'Poor', min: 0 },
        ],
      }),
      201,
    ).json();
    schemeId = created.id;
    expect(created.problems).toEqual([]);
    expect(created.periodFrom).toBe('2026-10-01');
    expect(created.periodTo).toBe('2026-12-31');
    ind = Object.fromEntries(created.indicators.map((i: { code: string; id: number }) => [i.code, i.id]));
  });
  afterAll(async () => w.close());

  it('runs the manual workflow: self-assessment, review only by the level above, confirmation', async () => {
    const key = { indicatorId: ind.A2, targetId: w.tree.b11.id };
    // The 总支 cannot review before the branch has assessed itself.
    expect(
      (await call('POST', `/api/evaluation/schemes/${schemeId}/manual/review`, 'g1sec', { ...key, points: 30, comment: '提前评审' }))
        .statusCode,
    ).toBe(409);
    // B11 opens its score, attaches evidence and assesses itself.
    const opened = expectOk(await call('POST', `/api/evaluation/schemes/${schemeId}/manual/open`, 'b11sec', key)).json();
    expect(opened).toMatchObject({ status: 'pending', canSelf: true, canReview: false });
    const file = upload('evidence.png', PNG);
    const up = expectOk(
      await w.t.call({
        method: 'POST',
        url: `/api/evaluation/manual/${opened.id}/files`,
        as: 'b11sec',
        payload: file.payload,
        headers: file.headers,
      }),
      201,
    ).json();
    const self = expectOk(
      await call('POST', `/api/evaluation/schemes/${schemeId}/manual/self`, 'b11sec', {
        ...key,
        points: 38,
        comment: '按期落实第一议题',
        fileIds: [up.id],
      }),
    ).json();
    expect(self).toMatchObject({ status: 'self_submitted', selfPoints: 38, files: [expect.objectContaining({ name: 'evidence.png' })] });
    // A sibling branch is not the level above; another 总支 does not even see it.
    expect(
      (await call('POST', `/api/evaluation/schemes/${schemeId}/manual/review`, 'b12sec', { ...key, points: 30, comment: 'x' })).statusCode,
    ).toBe(404);
    expect(
      (await call('POST', `/api/evaluation/schemes/${schemeId}/manual/review`, 'g2sec', { ...key, points: 30, comment: 'x' })).statusCode,
    ).toBe(404);
    // The evidence is seen by the level above, not by another branch.
    expect((await call('GET', `/api/files/${up.id}`, 'g1sec')).statusCode).toBe(200);
    expect((await call('GET', `/api/files/${up.id}`, 'b21sec')).statusCode).toBe(404);
    // Points above the indicator's are refused.
    expect(
      (await call('POST', `/api/evaluation/schemes/${schemeId}/manual/review`, 'g1sec', { ...key, points: 41, comment: '超分' }))
        .statusCode,
    ).toBe(400);
    const reviewed = expectOk(
      await call('POST', `/api/evaluation/schemes/${schemeId}/manual/review`, 'g1sec', { ...key, points: 36, comment: '台账不全扣4分' }),
    ).json();
    expect(reviewed).toMatchObject({ status: 'reviewed', reviewPoints: 36, reviewBy: '一总支书记 李明', canConfirm: false });
    // Only the scheme's managers confirm; then the score is locked.
    expect((await call('POST', `/api/evaluation/schemes/${schemeId}/manual/confirm`, 'g1sec', key)).statusCode).toBe(403);
    expectOk(await call('POST', `/api/evaluation/schemes/${schemeId}/manual/confirm`, 'zzb', key));
    expect(
      (await call('POST', `/api/evaluation/schemes/${schemeId}/manual/review`, 'g1sec', { ...key, points: 40, comment: '改分' }))
        .statusCode,
    ).toBe(409);
    // B21 only assessed itself: not yet a score that counts.
    expectOk(
      await call('POST', `/api/evaluation/schemes/${schemeId}/manual/self`, 'b21sec', {
        indicatorId: ind.A2,
        targetId: w.tree.b21.id,
        points: 35,
        comment: '自评',
      }),
    );
    const mine = expectOk(await call('GET', `/api/evaluation/schemes/${schemeId}/manual?mine=true`, 'g1sec')).json();
    expect(mine.items.map((r: { target: { code: string } }) => r.target.code)).toEqual([]);
    const b11list = expectOk(await call('GET', `/api/evaluation/schemes/${schemeId}/manual`, 'b11sec')).json();
    expect(b11list.items.map((r: { target: { code: string } }) => r.target.code)).toEqual(['B11']);
    const audit = await w.t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'evaluation.manual.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'evaluation.manual.self',
      'evaluation.manual.review',
      'evaluation.manual.confirm',
      'evaluation.manual.self',
    ]);
  });

  it('records bonus and deduction items with their reasons, one item never above the cap', async () => {
    const add = (targetId: number, indicatorId: number, points: number, reason: string) =>
      call('POST', `/api/evaluation/schemes/${schemeId}/adjustments`, 'zzb', { indicatorId, targetId, points, reason });
    expectOk(await add(w.tree.b11.id, ind.A3, 3, '创新工作法获集团推广'), 201);
    const second = expectOk(await add(w.tree.b11.id, ind.A3, 4, '攻关成果获奖'), 201).json();
    expect((await add(w.tree.b11.id, ind.A3, 6, '超过上限')).statusCode).toBe(400);
    expect((await add(w.tree.b11.id, ind.B1, 1, '不是加减分指标')).statusCode).toBe(404);
    expect(
      (
        await call('POST', `/api/evaluation/schemes/${schemeId}/adjustments`, 'g1sec', {
          indicatorId: ind.A3,
          targetId: w.tree.b11.id,
          points: 1,
          reason: '越权',
        })
      ).statusCode,
    ).toBe(403);
    const file = upload('award.png', PNG);
    expectOk(
      await w.t.call({
        method: 'POST',
        url: `/api/evaluation/adjustments/${second.id}/files`,
        as: 'zzb',
        payload: file.payload,
        headers: file.headers,
      }),
      201,
    );
    expectOk(await add(w.tree.b21.id, ind.B2, 2, '台账“粗、差”'), 201);
    const withdrawn = expectOk(await add(w.tree.b21.id, ind.B2, 5, '误报'), 201).json();
    expectOk(await call('POST', `/api/evaluation/adjustments/${withdrawn.id}/withdraw`, 'zzb', { reason: '核实后撤销' }));
    const list = expectOk(await call('GET', `/api/evaluation/schemes/${schemeId}/adjustments`, 'zzb')).json();
    expect(list.total).toBe(3);
  });

  it('computes every indicator for every branch in the background and ranks them (ties share a rank)', async () => {
    const run = await runScheme(w.t, schemeId);
    runId = (run as unknown as { id: number }).id;
    expect(run).toMatchObject({ status: 'computed', targetCount: 4, asOf: '2026-11-30' });
    const r = run as unknown as { progressDone: number; progressTotal: number };
    expect(r.progressDone).toBe(r.progressTotal);
    const page = expectOk(await call('GET', `/api/evaluation/runs/${runId}/results`, 'zzb')).json();
    const byCode = Object.fromEntries(page.items.map((x: { target: { code: string } }) => [x.target.code, x]));
    // B11: A = 60 (100 % verified) + 36 (reviewed) + 5 (bonus 3 + 4 capped at 5) = 101; B = 100; total 100.5.
    expect(byCode.B11).toMatchObject({
      total: 100.5,
      dimensions: { A: 101, B: 100 },
      grade: { name: '好' },
      rank: 1,
      rankInParent: 1,
      parentCount: 2,
    });
    // B12: A = 0 + 0 (no manual score: 0); B = 100 (reported, so not overdue); total 50.
    expect(byCode.B12).toMatchObject({ total: 50, dimensions: { A: 0, B: 100 }, grade: { name: '差' }, rank: 2, rankInParent: 2 });
    // B21: A = 0 + 0 (self-assessment alone does not count); B = 50 (1 overdue) − 2 = 48; total 24.
    expect(byCode.B21).toMatchObject({ total: 24, dimensions: { A: 0, B: 48 }, rank: 4, rankInParent: 2 });
    // B22 has no task: verified rate has no data → excluded, A = 0 of the 40 points left; B = 100 (0 overdue); total 50.
    expect(byCode.B22).toMatchObject({ total: 50, dimensions: { A: 0, B: 100 }, rank: 2, rankInParent: 1, noDataCount: 2 });
    expect(page.items.map((x: { target: { code: string } }) => x.target.code)).toEqual(['B11', 'B12', 'B22', 'B21']);
    const summary = expectOk(await call('GET', `/api/evaluation/runs/${runId}/summary`, 'zzb')).json();
    expect(summary).toMatchObject({ count: 4, averages: { total: 56.13, dimensions: { A: 25.25, B: 87 } } });
    expect(summary.distribution.map((d: { name: string; count: number }) => [d.name, d.count])).toEqual([
      ['好', 1],
      ['较好', 0],
      ['一般', 0],
      ['差', 3],
    ]);
    const byA = expectOk(await call('GET', `/api/evaluation/runs/${runId}/results?dimension=A&parentId=${w.tree.g2.id}`, 'zzb')).json();
    expect(byA.items.map((x: { target: { code: string }; rank: number }) => [x.target.code, x.rank])).toEqual([
      ['B21', 2],
      ['B22', 2],
    ]);
  });

  it('explains a score down to the records behind it', async () => {
    const ex = expectOk(await call('GET', `/api/evaluation/runs/${runId}/targets/${w.tree.b21.id}`, 'zzb')).json();
    expect(ex).toMatchObject({ total: 24, rank: 4, count: 4, rankInParent: 2, parentCount: 2 });
    expect(ex.totalRule).toContain('政治执行力50%');
    const a = ex.dimensions.find((d: { code: string }) => d.code === 'A');
    // Peers of B21 within G2: B22 only.
    expect(a).toMatchObject({ score: 0, weight: 50, contribution: 0, peerAverage: 0, runAverage: 25.25 });
    const a1 = a.scores.find((s: { indicator: { code: string } }) => s.indicator.code === 'A1');
    expect(a1).toMatchObject({
      status: 'ok',
      value: 0,
      points: 0,
      formula: 'tasks.verified_rate',
      indicator: { frameworkNode: { code: '3.1' } },
      metrics: [{ key: 'tasks.verified_rate', label: { zh: '验收率' }, value: 0, numerator: 0, denominator: 1, available: true }],
    });
    expect(a1.rule).toContain('线性换算');
    expect(a1.rule).toContain('不计入');
    const b = ex.dimensions.find((d: { code: string }) => d.code === 'B');
    const b2 = b.scores.find((s: { indicator: { code: string } }) => s.indicator.code === 'B2');
    expect(b2).toMatchObject({ points: 2, uncapped: 2, adjustments: [{ points: 2, reason: '台账“粗、差”', by: '组织部 王敏' }] });
    const a2 = a.scores.find((s: { indicator: { code: string } }) => s.indicator.code === 'A2');
    expect(a2).toMatchObject({ status: 'no_data', points: 0, manual: { status: 'self_submitted', selfPoints: 35, reviewPoints: null } });
    const rec = expectOk(
      await call('GET', `/api/evaluation/runs/${runId}/targets/${w.tree.b21.id}/records?indicatorId=${ind.A1}`, 'zzb'),
    ).json();
    expect(rec.groups[0].records).toEqual([
      {
        type: 'task',
        id: taskOf.B21,
        title: '第四季度党建重点任务',
        date: '2026-11-28',
        role: 'denominator',
        href: `/tasks/${taskOf.B21}`,
      },
    ]);
    const b11 = expectOk(await call('GET', `/api/evaluation/runs/${runId}/targets/${w.tree.b11.id}`, 'zzb')).json();
    const a3 = b11.dimensions[0].scores.find((s: { indicator: { code: string } }) => s.indicator.code === 'A3');
    expect(a3).toMatchObject({ points: 5, uncapped: 7 });
    expect(a3.adjustments[1].files).toEqual([expect.objectContaining({ name: 'award.png' })]);
    const a2b11 = b11.dimensions[0].scores.find((s: { indicator: { code: string } }) => s.indicator.code === 'A2');
    expect(a2b11.manual).toMatchObject({
      status: 'confirmed',
      selfPoints: 38,
      reviewPoints: 36,
      reviewedBy: '一总支书记 李明',
      confirmedBy: '组织部 王敏',
    });
    const b22ex = expectOk(await call('GET', `/api/evaluation/runs/${runId}/targets/${b22}`, 'zzb')).json();
    const b22a1 = b22ex.dimensions[0].scores[0];
    expect(b22a1).toMatchObject({ status: 'excluded', value: null, points: null, metrics: [{ value: null, denominator: 0 }] });
    expect(b22ex.dimensions[0]).toMatchObject({ available: 40, earned: 0, score: 0 });
  });

  it('calibrates a score only with a reason, audits it and shows it in the explanation', async () => {
    const url = `/api/evaluation/runs/${runId}/targets/${w.tree.b21.id}/calibrate`;
    const noReason = await call('POST', url, 'zzb', { indicatorId: ind.A1, points: 52, reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect((await call('POST', url, 'zzb', { indicatorId: ind.A1, points: 61, reason: '超出分值上限' })).statusCode).toBe(400);
    expect((await call('POST', url, 'g2sec', { indicatorId: ind.A1, points: 52, reason: '不是组织部' })).statusCode).toBe(403);
    const ex = expectOk(
      await call('POST', url, 'zzb', { indicatorId: ind.A1, points: 52, reason: '任务因上级调整延期，经党委会研究认定' }),
    ).json();
    // A = 52; B = 48; total (52 + 48) / 2 = 50: now tied with B12 and B22.
    expect(ex).toMatchObject({ total: 50, rank: 2 });
    const a1 = ex.dimensions[0].scores[0];
    expect(a1).toMatchObject({
      computedPoints: 0,
      points: 52,
      calibrations: [{ fromPoints: 0, toPoints: 52, reason: '任务因上级调整延期，经党委会研究认定', by: '组织部 王敏' }],
    });
    expect(a1.rule).toContain('校准');
    const entry = await w.t.database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'evaluation.score.calibrated')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(entry.changes)).toEqual(
      expect.arrayContaining([
        { field: 'points', before: 0, after: 52 },
        { field: 'reason', before: null, after: '任务因上级调整延期，经党委会研究认定' },
      ]),
    );
    const page = expectOk(await call('GET', `/api/evaluation/runs/${runId}/results`, 'zzb')).json();
    expect(
      page.items.map((x: { target: { code: string }; rank: number; calibrated: boolean }) => [x.target.code, x.rank, x.calibrated]),
    ).toEqual([
      ['B11', 1, false],
      ['B12', 2, false],
      ['B21', 2, true],
      ['B22', 2, false],
    ]);
  });

  it('keeps calibrations when an unpublished run is recomputed', async () => {
    expectOk(await call('POST', `/api/evaluation/runs/${runId}/recompute`, 'zzb'), 202);
    const { waitRun } = await import('./evaluation.testkit.js');
    await waitRun(w.t, runId);
    const ex = expectOk(await call('GET', `/api/evaluation/runs/${runId}/targets/${w.tree.b21.id}`, 'zzb')).json();
    expect(ex.total).toBe(50);
    expect(ex.dimensions[0].scores[0]).toMatchObject({ computedPoints: 0, points: 52 });
  });

  it('shows branch secretaries nothing before publication, then only their own branch', async () => {
    expect((await call('GET', `/api/evaluation/runs/${runId}/results`, 'b11sec')).statusCode).toBe(404);
    expect((await call('POST', `/api/evaluation/schemes/${schemeId}/runs`, 'zzb')).statusCode).toBe(409);
    expectOk(await call('POST', `/api/evaluation/runs/${runId}/publish`, 'zzb', {}));
    expect((await call('POST', `/api/evaluation/runs/${runId}/publish`, 'zzb', {})).statusCode).toBe(409);
    const own = expectOk(await call('GET', `/api/evaluation/runs/${runId}/results`, 'b11sec')).json();
    expect(own.items.map((x: { target: { code: string }; rank: number }) => [x.target.code, x.rank])).toEqual([['B11', 1]]);
    expect(own.seesAll).toBe(false);
    expect((await call('GET', `/api/evaluation/runs/${runId}/targets/${w.tree.b11.id}`, 'b11sec')).statusCode).toBe(200);
    expect((await call('GET', `/api/evaluation/runs/${runId}/targets/${w.tree.b12.id}`, 'b11sec')).statusCode).toBe(404);
    expect(
      (await call('GET', `/api/evaluation/runs/${runId}/targets/${w.tree.b11.id}/records?indicatorId=${ind.A1}`, 'b21sec')).statusCode,
    ).toBe(404);
    const g1 = expectOk(await call('GET', `/api/evaluation/runs/${runId}/results`, 'g1sec')).json();
    expect(g1.items.map((x: { target: { code: string } }) => x.target.code)).toEqual(['B11', 'B12']);
    const leader = expectOk(await call('GET', `/api/evaluation/runs/${runId}/results`, 'leader')).json();
    expect(leader.total).toBe(4);
    expect(
      (
        await call('POST', `/api/evaluation/runs/${runId}/targets/${w.tree.b21.id}/calibrate`, 'zzb', {
          indicatorId: ind.A1,
          points: 10,
          reason: '发布后不能再改',
        })
      ).statusCode,
    ).toBe(409);
    expect((await call('POST', `/api/evaluation/runs/${runId}/recompute`, 'zzb')).statusCode).toBe(409);
  });

  it('shows siblings’ totals (not their explanations) when the scheme makes results public within the parent', async () => {
    const scheme = expectOk(await call('GET', `/api/evaluation/schemes/${schemeId}`, 'zzb')).json();
    const body = {
      name: scheme.name,
      description: scheme.description,
      year: scheme.year,
      periodKind: scheme.periodKind,
      periodIndex: scheme.periodIndex,
      population: scheme.population,
      orgKind: scheme.orgKind,
      rootOrgId: scheme.rootOrg.id,
      visibility: 'parent',
      gradeBands: scheme.gradeBands,
      dimensions: scheme.dimensions.map((d: Record<string, unknown>) => ({
        id: d.id,
        code: d.code,
        name: d.name,
        nameEn: d.nameEn,
        weight: d.weight,
      })),
      indicators: scheme.indicators.map((i: Record<string, unknown> & { frameworkNode: { id: number } | null }) => ({
        id: i.id,
        dimensionCode: i.dimensionCode,
        code: i.code,
        name: i.name,
        description: i.description,
        method: i.method,
        maxPoints: i.maxPoints,
        formula: i.formula,
        mapping: i.mapping,
        noData: i.noData,
        frameworkNodeId: i.frameworkNode?.id ?? null,
        selfAssessment: i.selfAssessment,
      })),
    };
    expectOk(await call('PUT', `/api/evaluation/schemes/${schemeId}`, 'zzb', body));
    // The published run froze its definition: still 'own'.
    expect((await call('GET', `/api/evaluation/runs/${runId}/results`, 'b11sec')).json().total).toBe(1);
    // A new run (a new snapshot) with the new visibility.
    const next = await runScheme(w.t, schemeId);
    const nextId = (next as unknown as { id: number }).id;
    expect(nextId).not.toBe(runId);
    expectOk(await call('POST', `/api/evaluation/runs/${nextId}/publish`, 'zzb', {}));
    const sib = expectOk(await call('GET', `/api/evaluation/runs/${nextId}/results`, 'b11sec')).json();
    expect(sib.items.map((x: { target: { code: string } }) => x.target.code)).toEqual(['B11', 'B12']);
    expect((await call('GET', `/api/evaluation/runs/${nextId}/targets/${w.tree.b12.id}`, 'b11sec')).statusCode).toBe(404);
  });

  it('never changes a published result when the data changes later; a new run shows the change', async () => {
    const before = expectOk(await call('GET', `/api/evaluation/runs/${runId}/targets/${w.tree.b12.id}`, 'zzb')).json();
    // B12's task is now verified and a new deduction is recorded.
    expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${taskOf.B12}/verify`, as: 'zzb', payload: {} }), 200);
    expectOk(
      await call('POST', `/api/evaluation/schemes/${schemeId}/adjustments`, 'zzb', {
        indicatorId: ind.B2,
        targetId: w.tree.b12.id,
        points: 3,
        reason: '新发现问题',
      }),
      201,
    );
    const after = expectOk(await call('GET', `/api/evaluation/runs/${runId}/targets/${w.tree.b12.id}`, 'zzb')).json();
    expect(after.total).toBe(50);
    expect(after.dimensions).toEqual(before.dimensions);
    const fresh = await runScheme(w.t, schemeId);
    const freshId = (fresh as unknown as { id: number }).id;
    const ex = expectOk(await call('GET', `/api/evaluation/runs/${freshId}/targets/${w.tree.b12.id}`, 'zzb')).json();
    // A = 60 (now 100 % verified); B = 100 − 3 = 97; total 78.5.
    expect(ex.total).toBe(78.5);
    expect(ex.run.calibrations).toBe(0);
    expectOk(await call('POST', `/api/evaluation/runs/${freshId}/publish`, 'zzb', {}));
    const trend = expectOk(await call('GET', `/api/evaluation/trend?type=org&targetId=${w.tree.b12.id}`, 'b12sec')).json();
    expect(trend.points.map((p: { total: number }) => p.total)).toEqual([50, 50, 78.5]);
    expect((await call('GET', `/api/evaluation/trend?type=org&targetId=${w.tree.b12.id}`, 'b21sec')).statusCode).toBe(404);
  });

  it('exports the results as shown to .xlsx', async () => {
    const res = expectOk(await call('GET', `/api/evaluation/runs/${runId}/export.xlsx?parentId=${w.tree.g1.id}`, 'zzb'));
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual([
      '排名',
      '组内排名',
      '组织编码',
      '组织名称',
      '所属上级',
      '总分',
      '等级',
      '政治执行力（50%）',
      '组织落实力（50%）',
      '无数据指标数',
      '含校准',
    ]);
    expect(rows.slice(1).map((r) => [r[0], r[2], r[5], r[6]])).toEqual([
      [1, 'B11', 100.5, '好'],
      [2, 'B12', 50, '差'],
    ]);
    expect((await call('GET', `/api/evaluation/runs/${runId}/export.xlsx`, 'b11sec')).statusCode).toBe(200);
  });

  it('lists schemes to those they concern, with what they may do', async () => {
    const zzb = expectOk(await call('GET', '/api/evaluation/schemes', 'zzb')).json();
    expect(zzb.items[0]).toMatchObject({ id: schemeId, canManage: true, dimensions: 2, indicators: 5 });
    const sec = expectOk(await call('GET', '/api/evaluation/schemes', 'b11sec')).json();
    expect(sec.items[0]).toMatchObject({ id: schemeId, canManage: false, latestPublished: { status: 'published' } });
    expect((await call('DELETE', `/api/evaluation/schemes/${schemeId}`, 'b11sec')).statusCode).toBe(403);
    const outsider = await makeOrg(w.t, { code: 'X', kind: 'committee', name: '外单位党委' });
    await makeUser(w.t, 'xadmin', [{ role: 'org_admin', orgId: outsider.id }]);
    await w.t.login('xadmin');
    expect(expectOk(await call('GET', '/api/evaluation/schemes', 'xadmin')).json().total).toBe(0);
    expect((await call('GET', `/api/evaluation/schemes/${schemeId}`, 'xadmin')).statusCode).toBe(404);
    expect((await call('GET', `/api/evaluation/runs/${runId}/results`, 'xadmin')).statusCode).toBe(404);
  });
});

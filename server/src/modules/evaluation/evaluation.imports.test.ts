import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeUser, standardTree, type TestApp } from '../../test/harness.js';
import { readXlsx } from '../orgs/orgs.testkit.js';
import { expectOk, runScheme, sheet, upload } from './evaluation.testkit.js';

/**
 * The cadre composite (干部综合评价) from its template: weights as data, business KPIs and check results imported
 * from .xlsx (all-or-nothing, row errors like the roster import); schemes whose weights do not sum to 100 are refused.
 */
describe('cadre composite, imports and scheme checks', () => {
  let t: TestApp;
  let tree: Awaited<ReturnType<typeof standardTree>>;
  let schemeId: number;
  let kpi: number;
  let check: number;
  const people: Record<string, number> = {};
  const call = (method: 'GET' | 'POST' | 'PUT', url: string, as: string, payload?: unknown) =>
    t.call({ method, url, as, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });

  beforeAll(async () => {
    t = await createTestApp();
    tree = await standardTree(t);
    await makeUser(t, 'zzb', [{ role: 'org_admin', orgId: tree.c.id }]);
    await makeUser(t, 'g1sec', [{ role: 'secretary', orgId: tree.g1.id }]);
    await t.login('zzb');
    await t.login('g1sec');
    const now = t.clock.fn().toISOString();
    const cadres: Array<[string, string, number, number]> = [
      ['E001', '张伟', tree.b11.id, 1],
      ['E002', '李娜', tree.b12.id, 1],
      ['E003', '王强', tree.b21.id, 1],
      ['E004', '赵敏', tree.b21.id, 0],
    ];
    for (const [no, name, org, cadre] of cadres) {
      const row = await t.database.db
        .insertInto('people')
        .values({
          employee_no: no,
          name,
          name_initials: 'x',
          gender: 'male',
          ethnicity: null,
          birth_date: '1980-01-01',
          education: null,
          job_title: '主任',
          business_unit: null,
          phone: null,
          party_status: 'full',
          joined_party_on: null,
          full_member_on: null,
          probation_start: null,
          is_cadre: cadre,
          is_retired: 0,
          is_mobile: 0,
          org_id: org,
          branch_id: org,
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
      people[no] = row.id;
    }
  });
  afterAll(async () => t.close());

  it('starts a cadre scheme from the composite template: four parts, weights as data', async () => {
    const res = expectOk(
      await call('POST', '/api/evaluation/schemes', 'zzb', {
        name: '2026年度干部综合评价',
        year: 2026,
        periodKind: 'year',
        population: 'cadres',
        rootOrgId: tree.c.id,
      }),
      201,
    ).json();
    schemeId = res.id;
    expect(res.dimensions.map((d: { name: string; weight: number }) => [d.name, d.weight])).toEqual([
      ['重点工作督办', 40],
      ['日常工作动态', 20],
      ['集中检查情况', 20],
      ['经营指标结果', 20],
    ]);
    expect(res.gradeBands.map((b: { name: string }) => b.name)).toEqual(['好', '较好', '一般', '差']);
    expect(res.problems).toEqual([]);
    expect(res.periodFrom).toBe('2026-01-01');
    kpi = res.indicators.find((i: { code: string }) => i.code === 'B1').id;
    check = res.indicators.find((i: { code: string }) => i.code === 'I1').id;
    expect(res.indicators.find((i: { code: string }) => i.code === 'K1')).toMatchObject({
      method: 'computed',
      metrics: ['tasks.person_key_work_rate'],
    });
  });

  it('gives an import template that lists every cadre', async () => {
    const res = expectOk(await call('GET', `/api/evaluation/schemes/${schemeId}/inputs/template.xlsx?indicatorId=${kpi}`, 'zzb'));
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(['工号*', '姓名', '数值*', '说明']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(['E001', 'E002', 'E003']);
    expect((await call('GET', `/api/evaluation/schemes/${schemeId}/inputs/template.xlsx?indicatorId=${kpi}`, 'g1sec')).statusCode).toBe(
      403,
    );
  });

  it('refuses a whole file with any bad row and says what is wrong in which row', async () => {
    const file = await sheet(
      ['工号', '姓名', '数值', '说明'],
      [
        ['E001', '张伟', 102.5, '超额完成'],
        ['E999', '无此人', 90, null],
        ['E002', '李四', 95, null],
        ['E003', '王强', 'abc', null],
        ['E001', '张伟', 80, '重复'],
        ['E004', '赵敏', 70, '不是干部'],
        [null, null, -5, null],
      ],
    );
    const body = upload('kpi.xlsx', file);
    const dry = expectOk(
      await t.call({
        method: 'POST',
        url: `/api/evaluation/schemes/${schemeId}/inputs/import?indicatorId=${kpi}&dryRun=true`,
        as: 'zzb',
        ...body,
      }),
    ).json();
    expect(dry.errors.map((e: { row: number; column: string | null; code: string }) => [e.row, e.column, e.code])).toEqual([
      [3, '工号', 'unknown_target'],
      [4, '姓名', 'name_mismatch'],
      [5, '数值', 'invalid_number'],
      [6, '工号', 'duplicate_in_file'],
      [7, '工号', 'unknown_target'],
      [8, '工号', 'required'],
      [8, '数值', 'negative'],
    ]);
    const res = await t.call({
      method: 'POST',
      url: `/api/evaluation/schemes/${schemeId}/inputs/import?indicatorId=${kpi}`,
      as: 'zzb',
      ...upload('kpi.xlsx', file),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'IMPORT_HAS_ERRORS', details: { errorRows: 6 } });
    const list = expectOk(await call('GET', `/api/evaluation/schemes/${schemeId}/inputs?indicatorId=${kpi}`, 'zzb')).json();
    expect(list.total).toBe(0);
    const notXlsx = await t.call({
      method: 'POST',
      url: `/api/evaluation/schemes/${schemeId}/inputs/import?indicatorId=${kpi}`,
      as: 'zzb',
      ...upload('kpi.xlsx', Buffer.from('not a workbook')),
    });
    expect(notXlsx.statusCode).toBe(415);
    const wrong = await t.call({
      method: 'POST',
      url: `/api/evaluation/schemes/${schemeId}/inputs/import?indicatorId=${kpi}`,
      as: 'zzb',
      ...upload('kpi.xlsx', await sheet(['姓名', '分数'], [['张伟', 1]])),
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.code).toBe('IMPORT_WRONG_TEMPLATE');
  });

  it('imports a clean file in one go, and a second file updates the values', async () => {
    const good = await sheet(
      ['工号', '姓名', '数值', '说明'],
      [
        ['E001', '张伟', 102.5, '超额完成'],
        ['E002', '李娜', 92, null],
      ],
    );
    const res = expectOk(
      await t.call({
        method: 'POST',
        url: `/api/evaluation/schemes/${schemeId}/inputs/import?indicatorId=${kpi}`,
        as: 'zzb',
        ...upload('kpi.xlsx', good),
      }),
    ).json();
    expect(res).toMatchObject({ dryRun: false, rows: 2, created: 2, updated: 0, errors: [] });
    const again = await sheet(['工号', '数值'], [['E002', 96]]);
    expect(
      expectOk(
        await t.call({
          method: 'POST',
          url: `/api/evaluation/schemes/${schemeId}/inputs/import?indicatorId=${kpi}`,
          as: 'zzb',
          ...upload('kpi.xlsx', again),
        }),
      ).json(),
    ).toMatchObject({ created: 0, updated: 1 });
    expectOk(
      await call('PUT', `/api/evaluation/schemes/${schemeId}/inputs`, 'zzb', {
        indicatorId: check,
        targetId: people.E001,
        value: 88,
        note: '年中集中检查',
      }),
    );
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'evaluation.input.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['evaluation.input.imported', 'evaluation.input.imported', 'evaluation.input.entered']);
  });

  it('scores the composite from the imported values, leaving out parts without data by rule', async () => {
    const run = (await runScheme(t, schemeId)) as unknown as { id: number; status: string; targetCount: number };
    expect(run).toMatchObject({ status: 'computed', targetCount: 3 });
    const ex = expectOk(await call('GET', `/api/evaluation/runs/${run.id}/targets/${people.E001}`, 'zzb')).json();
    // No tasks: 重点工作 (exclude) and 日常: on-time (exclude), overdue 0 → full 40 of 40 → 100.
    // 检查 88 direct → 88; 经营 102.5 % ≥ 100 → 100. Total = (20×100 + 20×88 + 20×100) / 60 = 96 (key work has no score).
    expect(ex.dimensions.map((d: { code: string; score: number | null }) => [d.code, d.score])).toEqual([
      ['key_work', null],
      ['daily', 100],
      ['inspection', 88],
      ['business', 100],
    ]);
    expect(ex.total).toBe(96);
    expect(ex.target).toMatchObject({ type: 'person', code: 'E001', name: '张伟', parent: { code: 'G1' } });
    const business = ex.dimensions[3].scores[0];
    expect(business).toMatchObject({
      value: 102.5,
      points: 100,
      imported: { value: 102.5, note: '超额完成', source: 'import', by: 'zzb' },
    });
    const e2 = expectOk(await call('GET', `/api/evaluation/runs/${run.id}/targets/${people.E002}`, 'zzb')).json();
    // 96 % → band ≥ 95 → 90; inspection has no data → excluded → that dimension has no score.
    expect(e2.dimensions.map((d: { score: number | null }) => d.score)).toEqual([null, 100, null, 90]);
    expect(e2.total).toBe(95);
  });

  it('refuses to run a scheme whose weights do not sum to 100, and lists why', async () => {
    const res = expectOk(
      await call('POST', '/api/evaluation/schemes', 'zzb', {
        name: '权重有误的方案',
        year: 2026,
        periodKind: 'half',
        periodIndex: 2,
        population: 'orgs',
        orgKind: 'branch',
        rootOrgId: tree.c.id,
        dimensions: [
          { code: 'a', name: '政治执行力', weight: 30 },
          { code: 'b', name: '组织落实力', weight: 60 },
        ],
        indicators: [
          {
            dimensionCode: 'a',
            code: 'a1',
            name: '按期完成率',
            method: 'computed',
            maxPoints: 100,
            formula: 'tasks.on_time_rate',
            mapping: { kind: 'direct' },
          },
          {
            dimensionCode: 'b',
            code: 'b1',
            name: '会议合规率',
            method: 'computed',
            maxPoints: 100,
            formula: 'meetings.nonexistent_rate',
            mapping: { kind: 'direct' },
          },
        ],
      }),
      201,
    ).json();
    expect(res.periodFrom).toBe('2026-07-01');
    expect(res.problems.map((p: { message: string }) => p.message)).toEqual([
      '维度权重合计为 90，应为 100（不自动折算）。',
      '指标「会议合规率」引用的指标项 meetings.nonexistent_rate 不存在（相应模块尚未提供）。',
    ]);
    const run = await call('POST', `/api/evaluation/schemes/${res.id}/runs`, 'zzb');
    expect(run.statusCode).toBe(409);
    expect(run.json().error.details).toHaveLength(2);
    const syntax = await call('POST', '/api/evaluation/schemes', 'zzb', {
      name: '公式错误',
      year: 2026,
      periodKind: 'year',
      population: 'orgs',
      orgKind: 'branch',
      rootOrgId: tree.c.id,
      dimensions: [{ code: 'a', name: '甲', weight: 100 }],
      indicators: [
        {
          dimensionCode: 'a',
          code: 'a1',
          name: '甲一',
          method: 'computed',
          maxPoints: 100,
          formula: 'tasks.on_time_rate *',
          mapping: { kind: 'direct' },
        },
      ],
    });
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json().error.details[0]).toMatchObject({ path: 'indicators.0.formula' });
    expect(
      (
        await call('POST', '/api/evaluation/schemes', 'g1sec', {
          name: 'x',
          year: 2026,
          periodKind: 'year',
          population: 'orgs',
          rootOrgId: tree.g1.id,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('picks up a run whose computing process stopped (the job runner resumes it)', async () => {
    const now = t.clock.fn();
    const stale = new Date(now.getTime() - 10 * 60_000).toISOString();
    const row = await t.database.db
      .insertInto('eval_runs')
      .values({
        scheme_id: schemeId,
        status: 'running',
        as_of: '2026-11-25',
        created_by: null,
        created_by_name: 'zzb',
        created_at: stale,
        stage: 'metric tasks.person_key_work_rate',
        definition: null,
        started_at: stale,
        finished_at: null,
        heartbeat_at: stale,
        duration_ms: null,
        error: null,
        published_at: null,
        published_by_name: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await t.jobs.runOnce('evaluation.runs')).toBe('ok');
    const run = expectOk(await call('GET', `/api/evaluation/runs/${row.id}`, 'zzb')).json();
    expect(run).toMatchObject({ status: 'computed', targetCount: 3, progressDone: run.progressTotal });
  });

  it('offers only registered metrics and checks formulas against them', async () => {
    const metrics = expectOk(await call('GET', '/api/evaluation/metrics?subject=org', 'g1sec')).json();
    expect(metrics.map((m: { key: string }) => m.key)).toEqual(
      expect.arrayContaining([
        'tasks.decomposition_completion_rate',
        'tasks.on_time_rate',
        'tasks.verified_rate',
        'tasks.overdue_count',
        'tasks.notice_on_time_rate',
      ]),
    );
    expect(metrics.every((m: { subject: string }) => m.subject === 'org')).toBe(true);
    const ok = expectOk(
      await call('POST', '/api/evaluation/formula/check', 'zzb', { formula: 'min(tasks.on_time_rate, 100)', subject: 'org' }),
    ).json();
    expect(ok).toEqual({ ok: true, metrics: ['tasks.on_time_rate'], error: null });
    const bad = expectOk(
      await call('POST', '/api/evaluation/formula/check', 'zzb', { formula: 'tasks.person_on_time_rate', subject: 'org' }),
    ).json();
    expect(bad).toMatchObject({ ok: false, error: { position: 0 } });
  });
});

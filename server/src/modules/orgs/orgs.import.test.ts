import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, makeUser, standardTree, type TestApp } from '../../test/harness.js';
import { fillTemplate, multipart, readXlsx } from './orgs.testkit.js';

type Tree = Awaited<ReturnType<typeof standardTree>>;

describe('organisation tree import and export', () => {
  let t: TestApp;
  let tree: Tree;
  let template: Buffer;
  beforeEach(async () => {
    t = await createTestApp();
    tree = await standardTree(t);
    await makeUser(t, 'zzb', [{ role: 'org_admin', orgId: tree.c.id }]);
    await makeUser(t, 'g1admin', [{ role: 'org_admin', orgId: tree.g1.id }]);
    await t.login('zzb');
    await t.login('g1admin');
    template = (await t.call({ method: 'GET', url: '/api/orgs/import-template.xlsx', as: 'zzb' })).rawPayload;
  });
  afterEach(async () => t.close());

  const upload = async (rows: Array<Record<string, string | number | null>>, as = 'zzb') => {
    const body = multipart('orgs.xlsx', await fillTemplate(template, rows));
    return t.call({ method: 'POST', url: '/api/orgs/imports', as, payload: body.payload, headers: body.headers });
  };
  const org = (code: string, kind: string, parentCode: string, extra: Record<string, string | number | null> = {}) => ({
    组织编码: code,
    组织名称: `${code}名称`,
    组织类型: kind,
    上级组织编码: parentCode,
    ...extra,
  });

  it('imports a tree whose rows name parents in the file (any order) or in the database', async () => {
    const up = await upload([
      org('G3-B1-1', '党小组', 'G3-B1'),
      org('G3-B1', '党支部', 'G3', { 本届任期开始日期: '2025-03-01', 任期年限: 3 }),
      org('G3', '党总支', 'C', { 所在单位: '三厂' }),
      org('B13', '党支部', 'G1'),
    ]);
    expect(up.statusCode).toBe(201);
    expect(up.json()).toMatchObject({ totalRows: 4, errorRows: 0 });
    const done = await t.call({
      method: 'POST',
      url: `/api/orgs/imports/${up.json().id}/commit`,
      as: 'zzb',
      payload: { mode: 'all_or_nothing' },
    });
    expect(done.json()).toMatchObject({ created: 4 });
    const rows = await t.database.db
      .selectFrom('orgs')
      .select(['code', 'path', 'depth', 'parent_id', 'business_unit', 'term_start'])
      .where('code', 'like', 'G3%')
      .orderBy('depth')
      .execute();
    expect(rows.map((r) => [r.code, r.depth, r.business_unit])).toEqual([
      ['G3', 1, '三厂'],
      ['G3-B1', 2, '三厂'],
      ['G3-B1-1', 3, '三厂'],
    ]);
    expect(rows[2]?.path.startsWith(rows[1]?.path ?? '!')).toBe(true);
    expect(rows[1]?.term_start).toBe('2025-03-01');
    const detail = (await t.call({ method: 'GET', url: `/api/orgs/${rows[1]?.parent_id}`, as: 'zzb' })).json();
    expect(detail.history[0]).toMatchObject({ kind: 'imported' });
  });

  it('reports duplicate codes, unknown parents, kind rules and cycles per row; valid_only skips their descendants', async () => {
    const up = await upload([
      org('B11', '党支部', 'G1'), // taken in the database
      org('N1', '党支部', 'G1'),
      org('N1', '党支部', 'G1'), // duplicate in the file
      org('N2', '党小组', 'G1'), // a group under a general branch
      org('N3', '党支部', 'NOPE'),
      org('N4', '党小组', 'N3'), // parent row has an error
      org('X1', '党总支', 'X2'),
      org('X2', '党总支', 'X1'), // cycle
      org('N5', '党委会', 'C'),
      org('N6', '党支部', 'G1'),
    ]);
    const codes = up.json().errors.map((e: { row: number; code: string }) => `${e.row}:${e.code}`);
    expect(codes).toEqual([
      '2:duplicate_in_db',
      '3:duplicate_in_file',
      '4:duplicate_in_file',
      '5:kind_not_allowed',
      '6:unknown_parent',
      '7:parent_invalid',
      '8:kind_not_allowed',
      '9:kind_not_allowed',
      '10:invalid_option',
    ]);
    const done = await t.call({
      method: 'POST',
      url: `/api/orgs/imports/${up.json().id}/commit`,
      as: 'zzb',
      payload: { mode: 'valid_only' },
    });
    expect(done.json()).toMatchObject({ created: 1, skipped: 9 });
  });

  it('finds a cycle among rows whose kinds would otherwise fit', async () => {
    const up = await upload([org('P1', '党支部', 'P2'), org('P2', '党支部', 'P1')]);
    expect(up.json().errors.map((e: { code: string }) => e.code)).toEqual(['kind_not_allowed', 'kind_not_allowed']);
    const loop = await upload([org('Q1', '党委', 'Q2'), org('Q2', '党委', 'Q1')]);
    expect(loop.json().errors.map((e: { code: string }) => e.code)).toEqual(['cycle', 'cycle']);
  });

  it('does not let an org_admin place organisations outside their subtree', async () => {
    const up = await upload([org('B22', '党支部', 'G2')], 'g1admin');
    expect(up.json().errors.map((e: { code: string }) => e.code)).toEqual(['unknown_parent']);
  });

  it('refuses more rows than the import allows', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('党组织');
    ws.addRow(['组织编码*', '组织名称*', '组织类型*', '上级组织编码*']);
    for (let i = 0; i < 10_001; i++) {
      ws.addRow([`Z${i}`, `Z${i}`, '党支部', 'G1']);
    }
    const body = multipart('big.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const res = await t.call({ method: 'POST', url: '/api/orgs/imports', as: 'zzb', payload: body.payload, headers: body.headers });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('IMPORT_TOO_MANY_ROWS');
  });

  it('exports the organisations in tree order in the template’s columns', async () => {
    const res = await t.call({ method: 'GET', url: `/api/orgs/export.xlsx?under=${tree.g1.id}`, as: 'zzb' });
    expect(res.statusCode).toBe(200);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]?.slice(0, 4)).toEqual(['组织编码', '组织名称', '简称', '组织类型']);
    expect(rows.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual([
      ['G1', '党总支', 'C'],
      ['B11', '党支部', 'G1'],
      ['GR111', '党小组', 'B11'],
      ['B12', '党支部', 'G1'],
    ]);
  });
});

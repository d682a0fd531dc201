import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../core/audit.js';
import { readSheet, writeSheet } from '../../core/excel.js';
import { createTestApp, makeUser, standardTree, type TestApp } from '../../test/harness.js';
import { importTestHooks } from '../orgs/orgs.imports.js';
import { addPerson, fillTemplate, multipart, readXlsx } from '../orgs/orgs.testkit.js';
import { PEOPLE_SPEC } from './people.excel.js';

type Tree = Awaited<ReturnType<typeof standardTree>>;
type Row = Record<string, string | number | Date | null>;

const d = (iso: string) => new Date(`${iso}T00:00:00Z`);

function person(no: string, extra: Row = {}): Row {
  return {
    工号: no,
    姓名: '周杰',
    性别: '男',
    民族: '汉族',
    出生日期: d('1988-04-12'),
    学历: '本科',
    '岗位/职务': '技术员',
    手机号码: '13900000000',
    政治面貌: '党员',
    入党日期: d('2012-07-01'),
    转正日期: d('2013-07-01'),
    所在组织编码: 'B11',
    是否干部: '否',
    ...extra,
  };
}

describe('roster import and export (Excel round trip)', () => {
  let t: TestApp;
  let tree: Tree;
  let template: Buffer;
  beforeEach(async () => {
    t = await createTestApp();
    tree = await standardTree(t);
    await makeUser(t, 'zzb', [{ role: 'org_admin', orgId: tree.c.id }]);
    await makeUser(t, 'g2admin', [{ role: 'org_admin', orgId: tree.g2.id }]);
    await makeUser(t, 'sec11', [{ role: 'secretary', orgId: tree.b11.id }]);
    for (const u of ['zzb', 'g2admin', 'sec11']) {
      await t.login(u);
    }
    const res = await t.call({ method: 'GET', url: '/api/people/import-template.xlsx', as: 'zzb' });
    expect(res.statusCode).toBe(200);
    template = res.rawPayload;
  });
  afterEach(async () => {
    importTestHooks.onChunk = null;
    await t.close();
  });

  const upload = (data: Buffer, as = 'zzb', name = 'roster.xlsx') => {
    const body = multipart(name, data);
    return t.call({ method: 'POST', url: '/api/people/imports', as, payload: body.payload, headers: body.headers });
  };
  const commit = (id: number, mode: string, as = 'zzb') =>
    t.call({ method: 'POST', url: `/api/people/imports/${id}/commit`, as, payload: { mode } });
  const count = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('people')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('offers a template with Chinese headers, dropdowns for every enumeration, an example row and instructions', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    const [data, help] = wb.worksheets;
    expect(data?.name).toBe('人员名单');
    expect(help?.name).toBe('填写说明');
    const headers = ((data?.getRow(1).values ?? []) as string[]).slice(1);
    expect(headers.slice(0, 5)).toEqual(['工号*', '姓名*', '性别*', '民族', '出生日期*']);
    expect(data?.getRow(2).getCell(1).value).toBe('DQ000001');
    const model = (data as unknown as { dataValidations: { model: Record<string, { type: string; formulae: string[] }> } }).dataValidations
      .model;
    const lists = Object.entries(model).filter(([, v]) => v.type === 'list');
    // 性别, 民族, 学历, 政治面貌, 是否干部, 是否离退休, 是否流动党员.
    expect(new Set(lists.map(([address]) => address.replace(/\d+/g, ''))).size).toBe(7);
    expect(lists.every(([, v]) => v.formulae[0]?.startsWith("'选项'!"))).toBe(true);
    expect(help?.getRow(1).getCell(1).value).toContain('填写说明');
    expect(wb.getWorksheet('选项')?.state).toBe('veryHidden');
    expect((await t.call({ method: 'GET', url: '/api/people/import-template.xlsx', as: 'sec11' })).statusCode).toBe(403);
  });

  it('imports a good file after a preview, with memberships, events and audit entries', async () => {
    const file = await fillTemplate(template, [
      person('DQ300001'),
      person('DQ300002', {
        姓名: '吴芳',
        性别: '女',
        政治面貌: '预备党员',
        入党日期: d('2026-05-01'),
        转正日期: null,
        党小组编码: 'GR111',
      }),
      person('DQ300003', { 政治面貌: '群众', 入党日期: null, 转正日期: null, 所在组织编码: 'G1' }),
    ]);
    const up = await upload(file);
    expect(up.statusCode).toBe(201);
    expect(up.json()).toMatchObject({ status: 'validated', totalRows: 3, validRows: 3, errorRows: 0, errors: [] });
    expect(await count()).toBe(0);
    const preview = await t.call({ method: 'GET', url: `/api/people/imports/${up.json().id}/rows`, as: 'zzb' });
    expect(preview.json().items[1]).toMatchObject({
      row: 3,
      values: { name: '吴芳', joinedPartyOn: '2026-05-01', groupCode: 'GR111' },
      errors: [],
    });
    const done = await commit(up.json().id, 'all_or_nothing');
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ created: 3, skipped: 0 });
    const list = (await t.call({ method: 'GET', url: '/api/people?status=all&sort=employeeNo', as: 'zzb' })).json();
    expect(
      list.items.map((p: { employeeNo: string; partyStatus: string; branch: { code: string } | null; group: { code: string } | null }) => [
        p.employeeNo,
        p.partyStatus,
        p.branch?.code ?? null,
        p.group?.code ?? null,
      ]),
    ).toEqual([
      ['DQ300001', 'full', 'B11', null],
      ['DQ300002', 'probationary', 'B11', 'GR111'],
      ['DQ300003', 'non_member', null, null],
    ]);
    const byName = (await t.call({ method: 'GET', url: '/api/people?q=zj', as: 'zzb' })).json();
    expect(byName.items.map((p: { employeeNo: string }) => p.employeeNo)).toEqual(['DQ300001', 'DQ300003']);
    const detail = (await t.call({ method: 'GET', url: `/api/people/${list.items[1].id}`, as: 'zzb' })).json();
    expect(detail.memberships.map((m: { org: { code: string }; startKind: string }) => [m.org.code, m.startKind])).toEqual([
      ['GR111', 'import'],
      ['B11', 'import'],
    ]);
    expect(detail.probationStart).toBe('2026-05-01');
    const audits = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['person.imported', 'import.people.committed'])
      .execute();
    expect(audits).toHaveLength(4);
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
    const again = await commit(up.json().id, 'all_or_nothing');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('IMPORT_ALREADY_COMMITTED');
  });

  it('reports bad rows one by one, sends the file back with an error column, and imports nothing when all-or-nothing', async () => {
    await addPerson(t, { branchId: tree.b12.id, employeeNo: 'DQ900000' });
    const rows = [
      person('DQ400001'),
      person('DQ400002', { 入党日期: d('2005-01-01'), 转正日期: d('2006-01-01') }), // joined at 16
      person('DQ400003', { 出生日期: 'not a date' }),
      person('DQ400004', { 所在组织编码: 'NOPE' }),
      person('DQ400005', { 政治面貌: '团员' }),
      person('DQ400006', { 所在组织编码: 'B21' }), // not in g2admin... (zzb sees it: valid)
      person('DQ400007', { 手机号码: '12345' }),
      person('DQ400008', { 姓名: null }),
      person('DQ400009', { 政治面貌: '党员', 转正日期: d('2012-12-01') }), // probation < 1 year
      person('DQ900000'), // duplicate in db
      person('DQ400010'),
      person('DQ400010'), // duplicate in file (both rows flagged)
    ];
    const up = await upload(await fillTemplate(template, rows));
    expect(up.statusCode).toBe(201);
    const job = up.json();
    expect(job).toMatchObject({ totalRows: 12, validRows: 2, errorRows: 10 });
    const codes = job.errors.map((e: { row: number; code: string; field: string }) => `${e.row}:${e.field}:${e.code}`);
    expect(codes).toEqual([
      '3:joinedPartyOn:under_18',
      '4:birthDate:invalid_date',
      '5:orgCode:unknown_org',
      '6:partyStatus:invalid_option',
      '8:phone:invalid_phone',
      '9:name:required',
      '10:fullMemberOn:probation_too_short',
      '11:employeeNo:duplicate_in_db',
      '12:employeeNo:duplicate_in_file',
      '13:employeeNo:duplicate_in_file',
    ]);
    expect(job.errors[0]).toMatchObject({ column: '入党日期', message: expect.stringContaining('18周岁') });
    const refused = await commit(job.id, 'all_or_nothing');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'IMPORT_HAS_ERRORS', details: { errorRows: 10 } });
    expect(await count()).toBe(1);

    const errorFile = await t.call({ method: 'GET', url: `/api/people/imports/${job.id}/error-file.xlsx`, as: 'zzb' });
    expect(errorFile.statusCode).toBe(200);
    expect(errorFile.headers['content-type']).toContain('spreadsheetml');
    const sheet = await readXlsx(errorFile.rawPayload);
    const errIdx = sheet[0]?.indexOf('错误信息') ?? -1;
    expect(errIdx).toBe(sheet[0]?.length ? sheet[0].length - 1 : -2);
    expect(sheet).toHaveLength(13);
    expect(sheet[1]?.[errIdx] ?? null).toBeNull();
    expect(String(sheet[2]?.[errIdx])).toContain('【入党日期】');
    expect(String(sheet[3]?.[4])).toBe('not a date');
    const onlyErrors = await readXlsx(
      (await t.call({ method: 'GET', url: `/api/people/imports/${job.id}/error-file.xlsx?rows=errors`, as: 'zzb' })).rawPayload,
    );
    expect(onlyErrors).toHaveLength(11);

    // The error file, fixed, is a valid upload again (the error column is ignored).
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('人员名单');
    ws.addRow(sheet[0] as ExcelJS.CellValue[]);
    // Row 3 (joined the Party at 16) with its dates corrected; its stale error text stays and is ignored.
    const row3 = [...(sheet[2] as ExcelJS.CellValue[])];
    row3[10] = d('2007-07-01');
    row3[11] = d('2008-07-01');
    ws.addRow(row3);
    const fixed = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(fixed.json()).toMatchObject({ totalRows: 1, errorRows: 0 });

    const partial = await commit(job.id, 'valid_only');
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toMatchObject({ created: 2, skipped: 10 });
    expect(await count()).toBe(3);
  });

  it('re-checks at commit: a person added meanwhile turns the row into a duplicate', async () => {
    const up = await upload(await fillTemplate(template, [person('DQ500001'), person('DQ500002')]));
    expect(up.json().errorRows).toBe(0);
    await addPerson(t, { branchId: tree.b12.id, employeeNo: 'DQ500002' });
    const res = await commit(up.json().id, 'all_or_nothing');
    expect(res.statusCode).toBe(409);
    expect((await t.call({ method: 'GET', url: `/api/people/imports/${up.json().id}`, as: 'zzb' })).json()).toMatchObject({
      errorRows: 1,
      errors: [expect.objectContaining({ row: 3, code: 'duplicate_in_db' })],
    });
    expect(await count()).toBe(1);
  });

  it('leaves the database unchanged when the import fails mid-way (after the first people were written)', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => person(`DQ6${String(i).padStart(5, '0')}`));
    const up = await upload(await fillTemplate(template, rows));
    expect(up.json()).toMatchObject({ totalRows: 1200, errorRows: 0 });
    const auditBefore = await t.database.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow();
    importTestHooks.onChunk = (kind, index) => {
      if (kind === 'people' && index === 0) {
        throw new Error('disk full (injected)');
      }
    };
    const res = await commit(up.json().id, 'valid_only');
    expect(res.statusCode).toBe(500);
    expect(res.json().error.code).toBe('INTERNAL');
    expect(await count()).toBe(0);
    expect(await t.database.db.selectFrom('memberships').select('id').executeTakeFirst()).toBeUndefined();
    expect(await t.database.db.selectFrom('audit_head').selectAll().executeTakeFirstOrThrow()).toEqual(auditBefore);
    expect((await t.call({ method: 'GET', url: `/api/people/imports/${up.json().id}`, as: 'zzb' })).json().status).toBe('validated');
    importTestHooks.onChunk = null;
    const retry = await commit(up.json().id, 'valid_only');
    expect(retry.json().created).toBe(1200);
    expect(await count()).toBe(1200);
  });

  it('refuses a file that is not an .xlsx, a wrong template, an empty sheet and a file too large, with clear 4xx codes', async () => {
    const csv = await upload(Buffer.from('工号,姓名\nDQ1,张三\n'), 'zzb', 'roster.csv');
    expect(csv.statusCode).toBe(415);
    expect(csv.json().error.code).toBe('FILE_TYPE_NOT_ALLOWED');
    const renamed = await upload(Buffer.from('this is not a workbook at all'), 'zzb', 'roster.xlsx');
    expect(renamed.statusCode).toBe(415);
    const corrupt = await upload(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]));
    expect(corrupt.statusCode).toBe(422);
    expect(corrupt.json().error.code).toBe('IMPORT_UNREADABLE');

    const other = new ExcelJS.Workbook();
    other.addWorksheet('Sheet1').addRows([
      ['订单号', '金额'],
      ['A1', 100],
    ]);
    const wrong = await upload(Buffer.from(await other.xlsx.writeBuffer()));
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error).toMatchObject({
      code: 'IMPORT_WRONG_TEMPLATE',
      details: { missing: expect.arrayContaining(['工号', '姓名']) },
    });

    const empty = await upload(template);
    expect(empty.statusCode).toBe(422);
    expect(empty.json().error.code).toBe('IMPORT_EMPTY');

    const huge = await upload(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(21 * 1024 * 1024)]));
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('FILE_TOO_LARGE');

    const notMultipart = await t.call({ method: 'POST', url: '/api/people/imports', as: 'zzb', payload: { file: 'x' } });
    expect(notMultipart.statusCode).toBe(415);
    expect((await upload(template, 'sec11')).statusCode).toBe(403);
  });

  it('reads unusual workbooks (rich text, formulas, booleans, custom date formats, error cells, a second sheet) as ExcelJS does', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(['备注', '工号*', '姓名', '性别', '出生日期', '政治面貌', '所在组织编码', '入党日期', '是否干部', '手机号码']);
    const r2 = ws.addRow([
      { error: '#N/A' },
      'R1',
      { richText: [{ text: '周', font: { bold: true } }, { text: '杰' }] },
      '男',
      new Date(Date.UTC(1980, 0, 2)),
      '党员',
      { formula: 'CONCAT("B","11")', result: 'B11' },
      40000,
      true,
      13900000000,
    ]);
    r2.getCell(8).numFmt = 'yyyy"年"m"月"d"日"';
    const r3 = ws.addRow([
      { text: '链接', hyperlink: 'https://example.invalid' },
      ' R2 ',
      'A & B <c>',
      '女',
      30000,
      '群众',
      'G1',
      45000.75,
      false,
    ]);
    r3.getCell(5).numFmt = '[$-804]yyyy/m/d;@';
    r3.getCell(8).numFmt = '0.00';
    const r4 = ws.addRow(['   ', 'R3', '王', '男', { formula: 'DATE(1990,1,1)', result: 32874 }, '党员', 'B12', { formula: 'A1' }, 1]);
    r4.getCell(5).numFmt = 'mm-dd-yy';
    ws.addRow([]);
    const r6 = ws.addRow(['only the note and a date', 'R5', null, null, 25000]);
    r6.numFmt = 'yyyy-mm-dd';
    wb.addWorksheet('其他').addRow(['not read']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const lean = await readSheet(file, PEOPLE_SPEC, { maxRows: 100 });
    expect(lean).toEqual(await readSheet(file, PEOPLE_SPEC, { maxRows: 100, reader: 'exceljs' }));
    expect(lean.map((r) => r.row)).toEqual([2, 3, 4, 6]);
    expect(lean[0]?.values).toMatchObject({
      note: null,
      employeeNo: 'R1',
      name: '周杰',
      birthDate: '1980-01-02',
      orgCode: 'B11',
      joinedPartyOn: '2009-07-06',
      isCadre: '是',
      phone: '13900000000',
    });
    expect(lean[1]?.values).toMatchObject({
      note: '链接',
      employeeNo: 'R2',
      name: 'A & B <c>',
      birthDate: '1982-02-18',
      joinedPartyOn: '2023-03-15',
    });
    // A formula without a cached result reads as ExcelJS reads it.
    expect(lean[2]?.values).toMatchObject({ note: null, birthDate: '1990-01-01', joinedPartyOn: '[object Object]', isCadre: '1' });
    expect(lean[3]?.values).toMatchObject({ note: 'only the note and a date', birthDate: '1968-06-11', name: null });

    // The error file the import sends back (written by the streaming writer) reads the same both ways.
    const errorFile = await writeSheet(
      PEOPLE_SPEC,
      [{ employeeNo: 'E1', name: '张三 & co', birthDate: '2001-02-03', isCadre: true, note: 'x<y' }],
      { errors: ['【姓名】错误'] },
    );
    const again = await readSheet(errorFile, PEOPLE_SPEC, { maxRows: 100 });
    expect(again).toEqual(await readSheet(errorFile, PEOPLE_SPEC, { maxRows: 100, reader: 'exceljs' }));
    expect(again[0]?.values).toMatchObject({ employeeNo: 'E1', name: '张三 & co', birthDate: '2001-02-03', isCadre: '是', note: 'x<y' });
  });

  it('keeps every Chinese name of a large roster intact (no characters broken where the file is read in pieces)', async () => {
    const chars =
      '张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
    const names = Array.from(
      { length: 4000 },
      (_, i) => `${chars[i % chars.length]}${chars[(i * 7 + 3) % chars.length]}${chars[(i * 13 + 5) % chars.length]}${i}`,
    );
    const file = await fillTemplate(
      template,
      names.map((name, i) => person(`DQ8${String(i).padStart(5, '0')}`, { 姓名: name })),
    );
    const rows = await readSheet(file, PEOPLE_SPEC, { maxRows: 100_000 });
    expect(rows.map((r) => r.values.name)).toEqual(names);
    // ExcelJS's streaming reader decodes each 64 KB piece of the shared strings on its own and breaks the
    // characters that straddle two pieces.
    const viaExcelJs = await readSheet(file, PEOPLE_SPEC, { maxRows: 100_000, reader: 'exceljs' });
    expect(viaExcelJs.some((r) => r.values.name?.includes('\uFFFD'))).toBe(true);
  });

  it('treats an organisation outside the importer’s subtree as unknown, and keeps uploads private', async () => {
    const up = await upload(await fillTemplate(template, [person('DQ700001'), person('DQ700002', { 所在组织编码: 'B21' })]), 'g2admin');
    expect(up.json().errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([[2, 'unknown_org']]);
    expect((await t.call({ method: 'GET', url: `/api/people/imports/${up.json().id}`, as: 'zzb' })).statusCode).toBe(404);
    const discarded = await t.call({ method: 'DELETE', url: `/api/people/imports/${up.json().id}`, as: 'g2admin' });
    expect(discarded.json().status).toBe('discarded');
    expect((await commit(up.json().id, 'valid_only', 'g2admin')).statusCode).toBe(409);
  });

  it('exports the filtered list with Chinese headers, real dates and masked phones for secretaries', async () => {
    await addPerson(t, { branchId: tree.b11.id, employeeNo: 'DQ800001', name: '郑洁', phone: '13811112222' });
    await addPerson(t, { branchId: tree.b21.id, employeeNo: 'DQ800002', name: '冯涛' });
    const res = await t.call({ method: 'GET', url: `/api/people/export.xlsx?orgId=${tree.g1.id}`, as: 'zzb' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]?.slice(0, 5)).toEqual(['工号', '姓名', '性别', '民族', '出生日期']);
    expect(rows).toHaveLength(2);
    const [row] = rows.slice(1);
    expect(row?.[0]).toBe('DQ800001');
    expect(row?.[4]).toBeInstanceOf(Date);
    expect((row?.[4] as Date | undefined)?.toISOString().slice(0, 10)).toBe('1985-03-01');
    expect(row?.[8]).toBe('13811112222');
    expect(row?.[9]).toBe('党员');
    const bySecretary = await readXlsx((await t.call({ method: 'GET', url: '/api/people/export.xlsx', as: 'sec11' })).rawPayload);
    expect(bySecretary.slice(1).map((r) => [r[0], r[8]])).toEqual([['DQ800001', '138****2222']]);
  });
});

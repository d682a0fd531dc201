import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_IMPORT_SPEC } from './tasks.excel.js';
import { draft, expectStatus, multipart, type TaskWorld, taskWorld } from './tasks.fixtures.js';

async function readXlsx(data: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

/** A filled-in import file: headers as the template writes them, then rows by column key. */
async function importFile(rows: Array<Record<string, string | number | Date | null>>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('年度任务清单');
  ws.addRow(TASK_IMPORT_SPEC.columns.map((c) => (c.required ? `${c.header}*` : c.header)));
  for (const r of rows) {
    ws.addRow(TASK_IMPORT_SPEC.columns.map((c) => r[c.key] ?? null));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('Excel export and import', () => {
  let w: TaskWorld;
  beforeAll(async () => {
    w = await taskWorld();
    const id = await draft(w, 'zzb', { title: '推进党建品牌创建', frameworkNodeIds: [w.node('4.3.1')], targetValue: 5, targetUnit: '个' });
    await w.t.call({
      method: 'POST',
      url: `/api/tasks/${id}/issue`,
      as: 'zzb',
      payload: { recipients: { orgIds: [w.tree.b11.id, w.tree.b21.id] } },
    });
  });
  afterAll(async () => w.close());

  it('exports exactly the list being looked at, with Chinese headers and labels', async () => {
    const res = await w.t.call({ method: 'GET', url: '/api/tasks/export.xlsx?view=org&level=annual_target&sort=title', as: 'zzb' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain(encodeURIComponent('任务清单'));
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0].slice(0, 4)).toEqual(['任务编号', '层级', '任务名称', '责任组织']);
    expect(rows).toHaveLength(3);
    expect(rows[1].slice(1, 4)).toEqual(['年度指标', '推进党建品牌创建', '一厂一支部']);
    const header = rows[0] as string[];
    expect(rows[1][header.indexOf('状态')]).toBe('已下达');
    expect(rows[1][header.indexOf('党建工作体系要求')]).toMatch(/^4\.3\.1 /);
    const scoped = await readXlsx((await w.t.call({ method: 'GET', url: '/api/tasks/export.xlsx?view=org', as: 'b21sec' })).rawPayload);
    expect(scoped).toHaveLength(2);
  });

  it('serves the import template with the columns and an instructions sheet', async () => {
    const res = await w.t.call({ method: 'GET', url: '/api/tasks/import/template.xlsx', as: 'zzb' });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((s) => s.name)).toEqual(['年度任务清单', '填写说明', '选项']);
    expect((wb.worksheets[0].getRow(1).values as unknown[]).slice(1, 5)).toEqual(['序号*', '上级序号', '层级*', '任务名称*']);
  });

  it('imports an annual list as a tree of drafts owned by the chosen organisation', async () => {
    const file = await importFile([
      { no: 1, level: '重大事项', title: '组织链建设', framework: '3.1.1', dueOn: new Date(Date.UTC(2026, 11, 31)) },
      {
        no: 2,
        parentNo: 1,
        level: '年度指标',
        title: '支部标准化达标',
        framework: '3.1.1、3.1.2',
        dueOn: '2026-12-15',
        weight: 2,
        priority: '高',
      },
      {
        no: 3,
        parentNo: 2,
        level: '具体实施',
        title: '每季度检查',
        dueOn: '2026/12/1',
        recurrence: '每季度',
        responsibilityKind: '第一责任',
      },
    ]);
    const dry = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/import?orgId=${w.tree.c.id}&dryRun=true`,
        as: 'zzb',
        ...multipart('清单.xlsx', file),
      }),
      200,
    ).json();
    expect(dry).toMatchObject({ dryRun: true, rows: 3, imported: 0, errors: [] });
    const res = expectStatus(
      await w.t.call({ method: 'POST', url: `/api/tasks/import?orgId=${w.tree.c.id}`, as: 'zzb', ...multipart('清单.xlsx', file) }),
      200,
    ).json();
    expect(res).toMatchObject({ imported: 3, skipped: 0 });
    const [a, b, c] = res.taskIds as number[];
    const child = (await w.t.call({ method: 'GET', url: `/api/tasks/${b}`, as: 'zzb' })).json();
    expect(child).toMatchObject({
      parentId: a,
      rootId: a,
      level: 'annual_target',
      status: 'draft',
      weight: 2,
      priority: 'high',
      dueOn: '2026-12-15',
    });
    expect(child.frameworkNodes.map((n: { code: string }) => n.code)).toEqual(['3.1.1', '3.1.2']);
    const leaf = (await w.t.call({ method: 'GET', url: `/api/tasks/${c}`, as: 'zzb' })).json();
    expect(leaf).toMatchObject({ depth: 2, recurrence: 'quarterly', responsibilityKind: 'first', dueOn: '2026-12-01' });
  });

  it('reports row errors like the roster import, all or nothing by default, or only the valid rows', async () => {
    const file = await importFile([
      { no: 1, level: '重大事项', title: '正确的一行', dueOn: '2026-12-31' },
      { no: 2, level: '史诗', title: '', dueOn: '2026-13-01' },
      { no: 3, parentNo: 2, level: '子项', title: '上级行有错', dueOn: '2026-12-31' },
      { no: 1, level: '子项', title: '序号重复', dueOn: '2026-12-31', framework: '9.9.9' },
    ]);
    const res = await w.t.call({
      method: 'POST',
      url: `/api/tasks/import?orgId=${w.tree.c.id}`,
      as: 'zzb',
      ...multipart('清单.xlsx', file),
    });
    expect(res.statusCode).toBe(422);
    const body = res.json().error;
    expect(body.code).toBe('IMPORT_HAS_ERRORS');
    const codes = body.details.errors.map((e: { row: number; field: string; code: string }) => `${e.row}:${e.field}:${e.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        '3:level:invalid_option',
        '3:title:required',
        '3:dueOn:invalid_date',
        '4:parentNo:parent_failed',
        '5:no:duplicate_in_file',
        '5:framework:unknown_framework_code',
      ]),
    );
    expect(body.details.errors.find((e: { field: string }) => e.field === 'title')).toMatchObject({
      column: '任务名称',
      message: '任务名称必填',
    });
    const partial = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/import?orgId=${w.tree.c.id}&mode=valid_only`,
        as: 'zzb',
        ...multipart('清单.xlsx', file),
      }),
      200,
    ).json();
    expect(partial).toMatchObject({ imported: 1, skipped: 3 });
  });

  it('refuses a file that is not the template, not xlsx, or for an organisation the actor does not operate', async () => {
    const wrong = new ExcelJS.Workbook();
    wrong.addWorksheet('x').addRow(['姓名', '身份证号']);
    const wrongFile = Buffer.from(await wrong.xlsx.writeBuffer());
    const res = await w.t.call({
      method: 'POST',
      url: `/api/tasks/import?orgId=${w.tree.c.id}`,
      as: 'zzb',
      ...multipart('x.xlsx', wrongFile),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('IMPORT_WRONG_TEMPLATE');
    const csv = await w.t.call({
      method: 'POST',
      url: `/api/tasks/import?orgId=${w.tree.c.id}`,
      as: 'zzb',
      ...multipart('x.csv', Buffer.from('a,b')),
    });
    expect(csv.statusCode).toBe(415);
    const file = await importFile([{ no: 1, level: '子项', title: 'x', dueOn: '2026-12-31' }]);
    const other = await w.t.call({
      method: 'POST',
      url: `/api/tasks/import?orgId=${w.tree.b12.id}`,
      as: 'b11sec',
      ...multipart('x.xlsx', file),
    });
    expect(other.statusCode).toBe(404);
    const member = await w.t.call({
      method: 'POST',
      url: `/api/tasks/import?orgId=${w.tree.b11.id}`,
      as: 'b11mem',
      ...multipart('x.xlsx', file),
    });
    expect(member.statusCode).toBe(403);
  });
});

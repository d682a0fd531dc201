import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASK_IMPORT_SPEC } from './tasks.excel.js';
import { draft, expectStatus, multipart, relogin, type TaskWorld, taskWorld } from './tasks.fixtures.js';
import { runSupervisionScan } from './tasks.supervision.js';

type Cell = { open: number; late: number; verified: number; total: number; covered: number };
type MatrixRow = { code: string; kind: string; parentId: number | null; cells: Cell[]; total: Cell };

async function sheetRows(data: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0].eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

describe('what the web pages need: summary, assignees, escalation filter, import error file, coverage matrix', () => {
  let w: TaskWorld;
  let parent: number;
  let b11Task: number;
  beforeAll(async () => {
    w = await taskWorld();
    // 组织部 issues a 1.1.1 task to every branch of G1 (B11, B12); B11 reports and is verified.
    parent = await draft(w, 'zzb', { title: '第一议题学习', frameworkNodeIds: [w.node('1.1.1')] });
    const res = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${parent}/issue`,
        as: 'zzb',
        payload: { recipients: { orgIds: [], under: { orgId: w.tree.g1.id, kind: 'branch' } }, childDueOn: '2026-11-30' },
      }),
      200,
    ).json();
    b11Task = res.task.children.find((c: { org: { code: string } }) => c.org.code === 'B11').id;
    await w.t.call({ method: 'POST', url: `/api/tasks/${b11Task}/accept`, as: 'b11sec', payload: {} });
    await w.t.call({ method: 'POST', url: `/api/tasks/${b11Task}/report`, as: 'b11sec', payload: { text: '已完成', progress: 100 } });
    await w.t.call({ method: 'POST', url: `/api/tasks/${b11Task}/verify`, as: 'zzb', payload: {} });
    // A draft at G2 under a 2.x requirement does not count anywhere.
    await draft(w, 'g2sec', { orgId: w.tree.g2.id, level: 'annual_target', frameworkNodeIds: [w.node('2.1.1')] });
  });
  afterAll(async () => w.close());

  const get = async (as: string, url: string, status = 200) => expectStatus(await w.t.call({ method: 'GET', url, as }), status).json();

  it('counts a view’s traffic lights over the same filter as the list', async () => {
    const org = await get('zzb', '/api/tasks/summary?view=org');
    // parent (in_progress, coordinating), B11 (verified), B12 (issued, due 11-30: on track on 11-25), G2 draft.
    expect(org).toMatchObject({ total: 4, draft: 1, open: 2, done: 1, reported: 0, green: 2, yellow: 0, red: 0, flagged: 0, escalated: 0 });
    expect(org.green + org.yellow + org.red).toBe(org.open);
    const mine = await get('b12sec', '/api/tasks/summary?view=mine');
    expect(mine).toMatchObject({ total: 1, open: 1, green: 1 });
    const filtered = await get('zzb', `/api/tasks/summary?view=org&orgId=${w.tree.b11.id}`);
    expect(filtered).toMatchObject({ total: 1, done: 1, open: 0 });
    expect((await w.t.call({ method: 'GET', url: '/api/tasks/summary?view=org&page=2', as: 'zzb' })).statusCode).toBe(400);
    expect((await w.t.call({ method: 'GET', url: `/api/tasks/summary?orgId=${w.tree.g1.id}`, as: 'b21sec' })).statusCode).toBe(404);
  });

  it('filters escalated tasks and shows when each was escalated', async () => {
    w.t.clock.advance(20 * 86_400_000);
    await relogin(w);
    // 15 days overdue (> 7): the supervision scan turns B12 red and escalates it.
    const scan = await runSupervisionScan(w.t.ctx);
    expect(scan).toMatchObject({ red: 1, escalated: 1 });
    const list = await get('zzb', '/api/tasks?view=org&escalated=true');
    expect(list.items.map((t: { org: { code: string } }) => t.org.code)).toEqual(['B12']);
    expect(list.items[0].escalatedAt).toBe(w.t.clock.now.toISOString());
    const summary = await get('zzb', '/api/tasks/summary?view=org');
    expect(summary).toMatchObject({ red: 1, escalated: 1, yellow: 0 });
    const notEscalated = await get('zzb', '/api/tasks?view=org&escalated=false');
    expect(notEscalated.items.every((t: { escalatedAt: string | null }) => t.escalatedAt === null)).toBe(true);
  });

  it('lists the people who can be named responsible for an organisation, its own first, within scope', async () => {
    const g1 = await get('g1sec', `/api/tasks/assignees?orgId=${w.tree.g1.id}`);
    expect(g1.map((u: { username: string }) => u.username)).toEqual(['g1sec', 'b11mem', 'b11sec', 'b12sec', 'gr111mem']);
    expect(g1[0].grants).toEqual([{ role: 'secretary', orgId: w.tree.g1.id, orgName: '一厂党总支' }]);
    const searched = await get('zzb', `/api/tasks/assignees?orgId=${w.tree.c.id}&q=b12`);
    expect(searched.map((u: { username: string }) => u.username)).toEqual(['b12sec']);
    await get('b21sec', `/api/tasks/assignees?orgId=${w.tree.g1.id}`, 404);
  });

  it('writes the error file of an import: each row as uploaded, with its problems in the last column', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('年度任务清单');
    ws.addRow(TASK_IMPORT_SPEC.columns.map((c) => (c.required ? `${c.header}*` : c.header)));
    const row = (r: Record<string, string | number | null>) => ws.addRow(TASK_IMPORT_SPEC.columns.map((c) => r[c.key] ?? null));
    row({ no: 1, level: '重大事项', title: '落实第一议题', dueOn: '2026-12-31', framework: '1.1.1' });
    row({ no: 2, parentNo: 1, level: '年度目标', title: '', dueOn: '2026-12-31' });
    const data = Buffer.from(await wb.xlsx.writeBuffer());
    const res = await w.t.call({
      method: 'POST',
      url: `/api/tasks/import/error-file.xlsx?orgId=${w.tree.c.id}`,
      as: 'zzb',
      ...multipart('清单.xlsx', data),
    });
    expect(res.statusCode).toBe(200);
    const rows = await sheetRows(res.rawPayload);
    const header = rows[0] as string[];
    expect(header.at(-1)).toBe('错误信息');
    expect(rows).toHaveLength(3);
    expect(rows[1][header.indexOf('任务名称*')]).toBe('落实第一议题');
    expect(rows[1].length).toBeLessThan(header.length);
    const errors = String(rows[2][header.length - 1]);
    expect(errors).toContain('【层级】');
    expect(errors).toContain('【任务名称】任务名称必填');
    // Nothing was imported.
    expect((await get('zzb', '/api/tasks/summary?view=org')).draft).toBe(1);
    const member = await w.t.call({
      method: 'POST',
      url: `/api/tasks/import/error-file.xlsx?orgId=${w.tree.b11.id}`,
      as: 'b11mem',
      ...multipart('清单.xlsx', data),
    });
    expect(member.statusCode).toBe(403);
  });

  it('shows the framework × organisations matrix: covered, late and verified work, and grassroots reached', async () => {
    const m = await get('zzb', '/api/coverage/matrix');
    expect(m.org.code).toBe('C');
    expect(m.ancestors).toEqual([]);
    expect(m.year).toBe(2026);
    expect(
      m.columns.map((c: { org: { code: string }; self: boolean; drillable: boolean; grassroots: number }) => [
        c.org.code,
        c.self,
        c.drillable,
        c.grassroots,
      ]),
    ).toEqual([
      ['C', true, false, 0],
      ['G1', false, true, 2],
      ['G2', false, true, 1],
    ]);
    const rows = m.rows as MatrixRow[];
    expect(rows[0]).toMatchObject({ code: '1', kind: 'element', parentId: null });
    expect(rows.filter((r) => r.kind === 'requirement').length).toBeGreaterThanOrEqual(40);
    const req = rows.find((r) => r.code === '1.1.1');
    // C: the coordinating task (open); G1: B11 verified + B12 late (due 11-30, now 12-15); both branches reached.
    expect(req?.cells).toEqual([
      { open: 1, late: 0, verified: 0, total: 1, covered: 0 },
      { open: 0, late: 1, verified: 1, total: 2, covered: 2 },
      { open: 0, late: 0, verified: 0, total: 0, covered: 0 },
    ]);
    expect(req?.total).toMatchObject({ total: 3, covered: 2 });
    const element = rows.find((r) => r.code === '1');
    expect(element?.cells[1]).toMatchObject({ total: 2, covered: 2 });
    // The G2 draft under 2.1.1 does not count.
    expect(rows.find((r) => r.code === '2.1.1')?.total.total).toBe(0);
  });

  it('drills into a general branch, with the way back up, and stays inside the actor’s scope', async () => {
    const g1 = await get('zzb', `/api/coverage/matrix?orgId=${w.tree.g1.id}`);
    expect(g1.ancestors.map((a: { code: string }) => a.code)).toEqual(['C']);
    expect(g1.columns.map((c: { org: { code: string }; grassroots: number }) => [c.org.code, c.grassroots])).toEqual([
      ['G1', 0],
      ['B11', 1],
      ['B12', 1],
    ]);
    const req = (g1.rows as MatrixRow[]).find((r) => r.code === '1.1.1');
    expect(req?.cells.map((c) => [c.verified, c.late, c.covered])).toEqual([
      [0, 0, 0],
      [1, 0, 1],
      [0, 1, 1],
    ]);
    const groups = await get('zzb', `/api/coverage/matrix?orgId=${w.tree.g1.id}&kind=group`);
    expect(groups.columns.map((c: { grassroots: number }) => c.grassroots)).toEqual([0, 1, 0]);
    // A branch secretary starts at their branch and sees no ancestors above their grant.
    const own = await get('b21sec', '/api/coverage/matrix');
    expect(own.org.code).toBe('B21');
    expect(own.ancestors).toEqual([]);
    expect(own.columns).toHaveLength(1);
    expect((own.rows as MatrixRow[]).every((r) => r.total.total === 0)).toBe(true);
    await get('b21sec', `/api/coverage/matrix?orgId=${w.tree.g1.id}`, 404);
  });
});

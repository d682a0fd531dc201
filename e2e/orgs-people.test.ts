import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  bodyText,
  browserAvailable,
  chooseOption,
  download,
  type RunningServer,
  readRows,
  sessionHooks,
  shot,
  signIn,
  startSession,
} from './harness.js';

const TESTS = [
  'orgs-people › 组织部 reads the organisation tree, a branch’s rule checks and the whole-tree lists',
  'orgs-people › 组织部 imports the roster template: one bad row, the error file, the fix, the import',
  'orgs-people › 组织部 finds the new person, transfers them to another branch and sees the history',
  'orgs-people › 纪委 sees the transfer in the audit log',
  'orgs-people › a branch secretary sees only the people of their branch',
];
const enabled = browserAvailable(TESTS);

const GOOD = { employeeNo: 'E2E0001', name: '黎晓峰', initials: 'lxf' };
const BAD = { employeeNo: 'E2E0002', name: '雷振宇' };
const FROM = { code: 'B001', name: '熔铸厂机关党支部' };
const TO = { code: 'B004', name: '熔铸厂第三生产车间党支部' };

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guantong-e2e-xlsx-'));

function daysAgo(days: number): Date {
  const d = new Date();
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate() - days));
}

function headerIndex(ws: ExcelJS.Worksheet): Map<string, number> {
  const map = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => {
    map.set(String(cell.value ?? '').replace(/\*$/, ''), col);
  });
  return map;
}

describe.skipIf(!enabled)('orgs-people (real browser, real server)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  sessionHooks(() => ({ page, browser, server, problems }));
  let personId = 0;

  beforeAll(async () => {
    ({ server, browser, page, problems } = await startSession());
  });

  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('组织部 reads the organisation tree, a branch’s rule checks and the whole-tree lists', async () => {
    await signIn(page, server.url, 'zzb');
    const menu = page.getByRole('navigation', { name: '主菜单' });
    for (const label of ['组织架构', '党员名册', '规则检查', '换届提醒']) {
      await menu.getByRole('link', { name: label }).waitFor();
    }
    await menu.getByRole('link', { name: '组织架构' }).click();
    await page.waitForURL(/\/orgs$/);
    await page.locator('.ant-tree-title', { hasText: '熔铸厂党总支' }).first().waitFor();
    expect(await bodyText(page)).toMatch(/个组织 · 党员 [\d,]+ 人 · \d+ 个组织有提醒/);
    await page.getByPlaceholder('搜索组织名称、简称或编码').fill('B003');
    await page.locator('.ant-tree-title', { hasText: '第二生产车间党支部' }).first().click();
    await page.waitForURL(/org=\d+/);
    await page.getByRole('heading', { name: '熔铸厂第二生产车间党支部' }).waitFor();
    await page
      .getByText(/党支部有\d+名党员，超过50名/)
      .first()
      .waitFor();
    // Actions are there for 组织部.
    await page.getByRole('button', { name: '新建下级组织' }).waitFor();
    await shot(page, 'orgs-tree');
    await page.getByRole('tab', { name: /规则检查/ }).click();
    await page.getByText('党员人数过多').first().waitFor();
    await page.getByText('《中国共产党支部工作条例（试行）》第四条').first().waitFor();
    await page.getByRole('tab', { name: '班子成员' }).click();
    await page.getByRole('cell', { name: '书记', exact: true }).first().waitFor();
    await shot(page, 'orgs-posts');

    // A new party group under B003: created, then dissolved; both are in its history.
    await page.getByRole('button', { name: '新建下级组织' }).click();
    const create = page.getByRole('dialog').filter({ hasText: '新建组织' });
    await create.getByRole('button', { name: '保存' }).click();
    await create.getByText('请填写组织编码').waitFor();
    await create.getByLabel('组织编码').fill('B003-6');
    await create.getByLabel('组织名称').fill('第六党小组');
    await create.getByRole('button', { name: '保存' }).click();
    await page.getByText('已新建 第六党小组').waitFor();
    await page.getByRole('heading', { name: '第六党小组' }).waitFor();
    await page.getByRole('tab', { name: '沿革' }).click();
    const history = page.getByRole('tabpanel', { name: '沿革' });
    await history.getByText('成立', { exact: true }).waitFor();
    await page.getByRole('button', { name: '更多操作' }).click();
    await page.getByRole('menuitem', { name: '撤销组织' }).click();
    const dissolve = page.getByRole('dialog').filter({ hasText: '撤销组织：第六党小组' });
    await dissolve.getByLabel('撤销原因').fill('并入第五党小组');
    await dissolve.getByRole('button', { name: '确认撤销' }).click();
    await page.getByText('已撤销 第六党小组').waitFor();
    await history.getByText('撤销', { exact: true }).waitFor();
    await history.getByText('原因：并入第五党小组').waitFor();
    await page.getByText('该组织已撤销，仅保留历史记录').waitFor();
    expect(await page.getByRole('button', { name: '编辑' }).count()).toBe(0);
    await shot(page, 'orgs-history');

    await menu.getByRole('link', { name: '规则检查' }).click();
    await page.waitForURL(/\/org-checks/);
    for (const code of ['B003', 'B018', 'B032', 'B049', 'B064', 'B079', 'B086', 'B102', 'B119']) {
      await page.getByText(code, { exact: false }).first().waitFor();
    }
    expect(await bodyText(page)).toMatch(/共 \d+ 项：严重 \d+ 项/);
    await shot(page, 'orgs-checks');
    const exported = await download(page, () => page.getByRole('button', { name: '导出 Excel' }).click());
    const checkRows = await readRows(exported.file);
    expect(checkRows[0]).toEqual(['级别', '组织编码', '组织名称', '上级组织', '规则', '规则编号', '情况', '依据']);
    expect(checkRows.map((r) => r[1])).toContain('B102');

    await menu.getByRole('link', { name: '换届提醒' }).click();
    await page.waitForURL(/\/org-terms/);
    await page.getByRole('heading', { name: '换届提醒' }).waitFor();
    const overdue = page.getByRole('row', { name: /中厚板厂轧制车间党支部/ });
    await overdue.waitFor();
    expect(await overdue.textContent()).toMatch(/逾期未换届.*已逾期 \d+ 天/);
    const soon = page.getByRole('row', { name: /挤压厂模具车间党支部/ });
    expect(await soon.textContent()).toMatch(/即将届满.*还有 \d+ 天届满/);
    await shot(page, 'orgs-terms');

    // The organisation import uses the same wizard with its own template.
    await menu.getByRole('link', { name: '组织架构' }).click();
    await page.getByRole('button', { name: '导入组织' }).click();
    await page.getByRole('heading', { name: '导入组织' }).waitFor();
    const orgTemplate = await download(page, () => page.getByRole('button', { name: '下载导入模板' }).click());
    expect(orgTemplate.name).toBe('党组织导入模板.xlsx');
    expect((await readRows(orgTemplate.file))[0]?.slice(0, 5)).toEqual(['组织编码*', '组织名称*', '简称', '组织类型*', '上级组织编码*']);
  });

  it('组织部 imports the roster template: one bad row, the error file, the fix, the import', async () => {
    const menu = page.getByRole('navigation', { name: '主菜单' });
    await menu.getByRole('link', { name: '党员名册' }).click();
    await page.waitForURL(/\/people$/);
    await page.getByText(/共 3,0\d\d 条/).waitFor();
    await shot(page, 'people-roster');
    await page.getByRole('button', { name: '导入' }).click();
    await page.waitForURL(/\/people\/import/);

    const template = await download(page, () => page.getByRole('button', { name: '下载导入模板' }).click());
    expect(template.name).toBe('人员花名册导入模板.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(template.file);
    const ws = wb.getWorksheet('人员名单');
    if (!ws) {
      throw new Error('the template has no 人员名单 sheet');
    }
    expect(wb.worksheets.map((w) => w.name)).toContain('填写说明');
    const col = headerIndex(ws);
    for (const h of ['工号', '姓名', '性别', '出生日期', '政治面貌', '入党日期', '转正日期', '所在组织编码']) {
      expect(col.has(h), `template column ${h}`).toBe(true);
    }
    const put = (row: number, values: Record<string, string | Date>) => {
      const r = ws.getRow(row);
      for (const [header, value] of Object.entries(values)) {
        r.getCell(col.get(header) ?? 0).value = value;
      }
      r.commit();
    };
    // Row 2 (the example) becomes a correct full member; row 3 is a probationary member in an unknown branch.
    put(2, {
      工号: GOOD.employeeNo,
      姓名: GOOD.name,
      性别: '男',
      出生日期: new Date(Date.UTC(1990, 3, 12)),
      政治面貌: '党员',
      入党日期: new Date(Date.UTC(2015, 6, 1)),
      转正日期: new Date(Date.UTC(2016, 6, 1)),
      所在组织编码: FROM.code,
      手机号码: '13900001111',
    });
    put(3, {
      工号: BAD.employeeNo,
      姓名: BAD.name,
      性别: '男',
      出生日期: new Date(Date.UTC(1992, 9, 8)),
      政治面貌: '预备党员',
      入党日期: daysAgo(200),
      所在组织编码: 'B999',
    });
    const firstFile = path.join(tmp, '花名册-第一次.xlsx');
    await wb.xlsx.writeFile(firstFile);

    await page.locator('input[type=file]').setInputFiles(firstFile);
    await page.getByText('发现 1 行有错误，尚未导入任何数据').waitFor();
    expect(await bodyText(page)).toContain('共 2 行：正确 1 行，有错误 1 行');
    const errorRow = page.getByRole('row', { name: new RegExp(BAD.employeeNo) });
    await errorRow.waitFor();
    expect(await errorRow.textContent()).toContain('组织编码不存在');
    expect(await page.getByRole('button', { name: '导入全部 2 行' }).isDisabled()).toBe(true);
    await shot(page, 'people-import-errors');

    // Nothing is written while a row is bad.
    const before = await page.request.get(`${server.url}/api/people?q=${GOOD.employeeNo}`);
    expect((await before.json()).total).toBe(0);

    const errorFile = await download(page, () => page.getByRole('button', { name: '下载标注错误的文件' }).click());
    const marked = await readRows(errorFile.file);
    const headers = (marked[0] ?? []).map((h) => String(h ?? '').replace(/\*$/, ''));
    const errorCol = headers.indexOf('错误信息');
    expect(errorCol).toBeGreaterThan(0);
    const badLine = marked.find((r) => r[0] === BAD.employeeNo);
    expect(badLine?.[headers.indexOf('所在组织编码')]).toBe('B999');
    expect(String(badLine?.[errorCol] ?? '')).toContain('组织编码不存在');
    expect(marked.find((r) => r[0] === GOOD.employeeNo)?.[errorCol] ?? null).toBeNull();

    // The operator fixes the marked file (the error column may stay) and uploads it again.
    const fix = new ExcelJS.Workbook();
    await fix.xlsx.readFile(errorFile.file);
    const fixWs = fix.worksheets[0];
    if (!fixWs) {
      throw new Error('the error file has no sheet');
    }
    const fixCol = headerIndex(fixWs);
    fixWs.eachRow((row, n) => {
      if (n > 1 && row.getCell(fixCol.get('工号') ?? 0).value === BAD.employeeNo) {
        row.getCell(fixCol.get('所在组织编码') ?? 0).value = FROM.code;
      }
    });
    const fixedFile = path.join(tmp, '花名册-修改后.xlsx');
    await fix.xlsx.writeFile(fixedFile);

    await page.getByRole('button', { name: '重新上传' }).click();
    await page.locator('input[type=file]').setInputFiles(fixedFile);
    await page.getByText('全部 2 行校验通过').waitFor();
    await page.getByRole('button', { name: '导入全部 2 行' }).click();
    await page.getByText('导入完成').waitFor();
    expect(await bodyText(page)).toContain('已导入 2 条记录');
    await shot(page, 'people-import-done');
  });

  it('组织部 finds the new person, transfers them to another branch and sees the history', async () => {
    await page.getByRole('button', { name: '查看党员名册' }).click();
    await page.waitForURL(/\/people$/);
    await page.getByLabel('查找').fill(GOOD.initials);
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(new RegExp(`q=${GOOD.initials}`));
    const row = page.getByRole('row', { name: new RegExp(GOOD.employeeNo) });
    await row.waitFor();
    expect(await row.textContent()).toContain(FROM.name);
    await row.getByRole('link', { name: GOOD.name }).click();
    await page.waitForURL(/\/people\/\d+$/);
    personId = Number(new URL(page.url()).pathname.split('/').pop());
    await page.getByRole('heading', { name: new RegExp(GOOD.name) }).waitFor();
    // 组织部 sees the full phone number; the branch is the one in the file.
    expect(await bodyText(page)).toContain('13900001111');
    expect(await bodyText(page)).toContain(FROM.name);
    await shot(page, 'person');

    await page.getByRole('button', { name: '组织关系转接' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '组织关系转接：' });
    await dialog.waitFor();
    await dialog.getByText(`当前所在：${FROM.name}`).waitFor();
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('请选择转入的党支部').waitFor();
    await chooseOption(page, dialog.getByLabel('转入党支部'), TO.name, { search: TO.code });
    await dialog.getByLabel('原因').fill('工作调动');
    await shot(page, 'person-transfer-dialog');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText(`已转接到 ${TO.name}`).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    // Both memberships: the old one closed by the transfer, the new one open.
    const memberships = page.getByRole('tabpanel', { name: '组织关系历史' });
    const oldRow = memberships.getByRole('row', { name: new RegExp(FROM.name) });
    const newRow = memberships.getByRole('row', { name: new RegExp(TO.name) });
    await newRow.waitFor();
    expect(await newRow.textContent()).toContain('至今');
    expect(await oldRow.textContent()).toContain('支部间转接');
    expect(await oldRow.textContent()).not.toContain('至今');
    await page.getByRole('tab', { name: '转接记录' }).click();
    const transfer = page.getByRole('row', { name: /工作调动/ });
    await transfer.waitFor();
    expect(await transfer.textContent()).toContain(FROM.name);
    expect(await transfer.textContent()).toContain(TO.name);
    expect(await transfer.textContent()).toContain('zzb');
    await shot(page, 'person-transferred');

    // A probationary member cannot become full before a year of probation: the dialog says when they can.
    await page.goto(`${server.url}/people?q=${BAD.employeeNo}`);
    await page
      .getByRole('row', { name: new RegExp(BAD.employeeNo) })
      .getByRole('link', { name: BAD.name })
      .click();
    await page.getByRole('heading', { name: new RegExp(BAD.name) }).waitFor();
    await page.getByRole('button', { name: '记录状态变化' }).click();
    const status = page.getByRole('dialog').filter({ hasText: '记录状态变化：' });
    await status.getByText('当前：预备党员').waitFor();
    await status.getByLabel('依据 / 原因').fill('支部党员大会讨论通过');
    await status.getByRole('button', { name: '保存' }).click();
    await status.getByText(/预备期满一年方可转正，最早可在 \d{4}年\d{1,2}月\d{1,2}日 转正/).waitFor();
    await shot(page, 'person-status-refused');
    await status.getByRole('button', { name: '取消' }).click();
    expect(await bodyText(page)).toContain('预备党员');
  });

  it('纪委 sees the transfer in the audit log', async () => {
    await signIn(page, server.url, 'jw');
    await page.goto(`${server.url}/system/audit?entityType=person&entityId=${personId}`);
    const entry = page.getByRole('row', { name: /组织关系转接（支部间）/ });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('zzb');
    // The import that created the person is there too.
    await page
      .getByRole('row', { name: /导入人员/ })
      .first()
      .waitFor();
    await shot(page, 'audit-transfer');
  });

  it('a branch secretary sees only the people of their branch', async () => {
    await signIn(page, server.url, `sec-${FROM.code}`);
    const menu = page.getByRole('navigation', { name: '主菜单' });
    await menu.getByRole('link', { name: '党员名册' }).click();
    await page.waitForURL(/\/people$/);
    const api = await page.request.get(`${server.url}/api/people?pageSize=200`);
    const visible = (await api.json()) as { total: number; items: Array<{ branch: { code: string } | null; org: { code: string } }> };
    expect(visible.total).toBeGreaterThan(3);
    expect(visible.items.every((p) => (p.branch?.code ?? p.org.code).startsWith(FROM.code))).toBe(true);
    await page.getByText(`共 ${visible.total} 条`).waitFor();
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    const count = await rows.count();
    expect(count).toBeGreaterThan(0);
    for (let i = 0; i < count; i++) {
      expect(await rows.nth(i).textContent()).toContain(FROM.name);
    }
    // Phones are masked for a secretary; no import or create buttons.
    expect(await bodyText(page)).toMatch(/1\d\d\*\*\*\*\d{4}/);
    expect(await page.getByRole('button', { name: '导入' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '新增人员' }).count()).toBe(0);
    await shot(page, 'people-roster-secretary');
    // The same page in English.
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Member roster' }).waitFor();
    await page.getByRole('columnheader', { name: 'Party organisation' }).waitFor();
    await shot(page, 'people-roster-en');
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '党员名册' }).waitFor();
    // The transferred person now belongs to another branch: not in the list, and their page is closed.
    await page.getByLabel('查找').fill(GOOD.employeeNo);
    await page.getByRole('button', { name: '查询' }).click();
    await page.getByText('没有符合条件的人员').waitFor();
    await page.goto(`${server.url}/people/${personId}`);
    await page.getByText('要找的内容不存在，或您无权查看').waitFor();
    // The tree shows their own branch only, read-only.
    await page.goto(`${server.url}/orgs`);
    await page.locator('.ant-tree-title', { hasText: '机关党支部' }).first().click();
    await page.getByRole('heading', { name: FROM.name }).waitFor();
    expect(await page.getByRole('button', { name: '新建下级组织' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '编辑' }).count()).toBe(0);
    await shot(page, 'orgs-tree-secretary');
    // The refused probation (409) and the closed person page (404) are answers on purpose; anything else is a fault.
    expect(problems.filter((p) => !/status of (404|409)/.test(p))).toEqual([]);
  });
});

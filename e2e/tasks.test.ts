import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  bodyText,
  browserAvailable,
  chooseOption,
  type RunningServer,
  sessionHooks,
  shot,
  signIn,
  signOut,
  startSession,
} from './harness.js';

const TESTS = [
  'tasks › 组织部 issues a task to every branch of 熔铸厂党总支',
  'tasks › a branch secretary accepts and reports with a photo',
  'tasks › the issuer returns it once, then verifies',
  'tasks › the coverage matrix shows that 总支 covered and the others not',
  'tasks › lists, board, inbox, import and export; English and phone width',
];
const enabled = browserAvailable(TESTS);

const TITLE = '开展任务清单闭环管理专项检查';
const SECRETARY = 'sec-B002';
const BRANCH = '熔铸厂第一生产车间党支部';
const GENERAL_BRANCH = '熔铸厂党总支';
const REQUIREMENT = '3.1.3 任务清单闭环管理';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** The open dialog whose text contains `text`. */
function dialog(page: Page, text: string | RegExp): Locator {
  return page.getByRole('dialog').filter({ hasText: text });
}

/** Opens the bell and follows the first message matching `text`. */
async function openFromBell(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole('button', { name: /消息通知/ }).click();
  const item = page.locator('.ant-popover').getByText(text).first();
  await item.waitFor();
  await item.click();
  await page.waitForURL(/\/tasks\/\d+/);
}

async function toast(page: Page, text: string | RegExp): Promise<void> {
  await page.locator('.ant-message').getByText(text).first().waitFor();
}

describe.skipIf(!enabled)('tasks (real browser, real server)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  sessionHooks(() => ({ page, browser, server, problems }));
  let parentUrl = '';
  let branchTaskUrl = '';

  beforeAll(async () => {
    ({ server, browser, page, problems } = await startSession());
  });

  it('组织部 issues a task to every branch of 熔铸厂党总支', async () => {
    await signIn(page, server.url, 'zzb');
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '我下达的' }).click();
    await page.waitForURL(/\/tasks\/issued/);
    await page.getByRole('button', { name: '新建任务' }).click();
    const form = dialog(page, '新建任务');
    await form.waitFor();
    await form.getByRole('button', { name: '保存' }).click();
    await form.getByText('请填写任务名称').waitFor();
    await form.getByLabel('任务名称').fill(TITLE);
    await form.getByLabel('任务说明').fill('各党支部对照任务清单开展自查，反馈台账和现场照片。');
    await chooseOption(page, form.getByLabel('党建工作体系要求'), '任务清单闭环管理', { search: '3.1.3' });
    await page.keyboard.press('Escape');
    await shot(page, 'tasks-create');
    await form.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/tasks\/\d+$/);
    parentUrl = page.url();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await page.getByText('这是草稿，尚未下达。核对无误后点击「下达」。').waitFor();

    await page.getByRole('button', { name: '下达' }).click();
    const issue = dialog(page, '下达到下级组织');
    await issue.waitFor();
    await issue.getByText('请选择接收任务的组织').waitFor();
    await issue.getByRole('combobox', { name: '选择', exact: true }).click();
    await page.keyboard.type(GENERAL_BRANCH);
    await page.locator('.ant-select-tree-title', { hasText: GENERAL_BRANCH }).first().click();
    await issue.getByRole('button', { name: /加入 \(16\)/ }).click();
    await issue.getByText('将创建 16 项任务').waitFor();
    await issue.getByText('已选 16 个组织').waitFor();
    await shot(page, 'tasks-issue-down');
    await issue.getByRole('button', { name: '确认下达（16 项）' }).click();
    await page.getByText('确认下达到 16 个组织吗？').filter({ visible: true }).waitFor();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确认下达' }).click();
    await toast(page, '已下达，创建了 16 项任务');
    await page.getByText('下级任务（16）').waitFor();
    await page.getByRole('link', { name: BRANCH }).waitFor();
    const text = await bodyText(page);
    expect(text).toContain('执行中');
    expect(text).toContain('按 16 项下级任务的权重加权平均');
    await shot(page, 'tasks-detail-issued', { fullPage: true });
    await signOut(page);
  });

  it('a branch secretary accepts and reports with a photo', async () => {
    await signIn(page, server.url, SECRETARY);
    await page.getByText('我的待办').waitFor();
    await shot(page, 'tasks-home-secretary');
    await openFromBell(page, `新任务：${TITLE}`);
    branchTaskUrl = page.url();
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await page.getByText('请签收任务，确认已收到。').waitFor();
    await page.getByRole('button', { name: '签收' }).click();
    const accept = dialog(page, '签收任务');
    await accept.getByRole('button', { name: '签收' }).click();
    await toast(page, '已签收');
    await page.locator('.ant-tag', { hasText: '已签收' }).first().waitFor();

    await page.getByRole('button', { name: '反馈进度' }).click();
    const report = dialog(page, /反馈进度 · /);
    await report.waitFor();
    await report.getByRole('button', { name: '提交反馈' }).click();
    await report.getByText('请填写工作情况').waitFor();
    await report.getByLabel('工作情况').fill('已对照清单完成自查，建立台账 12 项，现场照片见附件。');
    await report.locator('input[type=file]').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PNG });
    await report.locator('.ant-upload-list-item img').first().waitFor();
    await shot(page, 'tasks-report');
    await report.getByRole('button', { name: '提交反馈' }).click();
    await toast(page, '已提交反馈，等待验收');
    await page.locator('.ant-tag', { hasText: '已反馈' }).first().waitFor();
    await page.getByRole('img', { name: '现场照片.png' }).first().waitFor();
    await signOut(page);
  });

  it('the issuer returns it once, then verifies', async () => {
    await signIn(page, server.url, 'zzb');
    await openFromBell(page, `待验收：${TITLE}`);
    expect(page.url()).toBe(branchTaskUrl);
    await page.getByText('承办方已反馈，请验收或退回。').waitFor();
    await page.getByRole('img', { name: '现场照片.png' }).first().waitFor();
    await page.getByRole('button', { name: '退回' }).click();
    const ret = dialog(page, '退回任务');
    await ret.getByRole('button', { name: '退回' }).click();
    await ret.getByText('请填写原因').waitFor();
    await ret.getByLabel('原因').fill('台账缺少整改责任人，请补充后重新反馈。');
    await ret.getByRole('button', { name: '退回' }).click();
    await toast(page, '已退回');
    await page.locator('.ant-tag', { hasText: '已退回' }).first().waitFor();
    await signOut(page);

    await signIn(page, server.url, SECRETARY);
    await openFromBell(page, `被退回：${TITLE}`);
    await page.getByText('任务被退回，请按意见修改后重新反馈。').waitFor();
    await page.getByText('台账缺少整改责任人，请补充后重新反馈。').first().waitFor();
    await shot(page, 'tasks-returned');
    await page.getByRole('button', { name: '反馈进度' }).click();
    const again = dialog(page, /反馈进度 · /);
    await again.getByLabel('工作情况').fill('已补充每项整改的责任人和完成时限。');
    await again.getByRole('button', { name: '提交反馈' }).click();
    await toast(page, '已提交反馈，等待验收');
    await signOut(page);

    await signIn(page, server.url, 'zzb');
    await page.goto(branchTaskUrl);
    await page.getByRole('button', { name: '验收' }).click();
    const verify = dialog(page, '验收任务');
    await verify.getByLabel('意见（可选）').fill('资料齐全，同意验收。');
    await verify.getByRole('button', { name: '验收' }).click();
    await toast(page, '已验收');
    await page.locator('.ant-tag', { hasText: '已验收' }).first().waitFor();
    const timeline = (await page.locator('.ant-timeline').textContent()) ?? '';
    for (const step of ['验收通过', '退回', '反馈', '签收', '收到下达的任务']) {
      expect(timeline).toContain(step);
    }
    expect(timeline.indexOf('验收通过')).toBeLessThan(timeline.indexOf('退回'));
    expect(await page.locator('.ant-timeline').getByRole('img', { name: '现场照片.png' }).count()).toBe(1);
    await shot(page, 'tasks-detail-verified', { fullPage: true });

    await page.goto(parentUrl);
    await page.getByText('已验收 1').waitFor();
    await page.getByText('已下达 15').waitFor();
  });

  it('the coverage matrix shows that 总支 covered and the others not', async () => {
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '贯通覆盖' }).click();
    await page.waitForURL(/\/coverage/);
    const cell = (org: string) => page.getByRole('button', { name: new RegExp(`^${REQUIREMENT} · ${org}: `) });
    await cell(GENERAL_BRANCH).waitFor();
    expect(await cell(GENERAL_BRANCH).getAttribute('aria-label')).toBe(`${REQUIREMENT} · ${GENERAL_BRANCH}: 16/16`);
    const others = [
      '热轧厂党总支',
      '冷轧厂党总支',
      '中厚板厂党总支',
      '挤压厂党总支',
      '技术中心党总支',
      '制造部党总支',
      '机关党总支',
      '动力厂党总支',
      '物流中心党总支',
    ];
    for (const org of others) {
      expect(await cell(org).getAttribute('aria-label')).toMatch(/: 0\/\d+$/);
      expect(await cell(org).getAttribute('data-status')).toBe('none');
    }
    expect(await cell(GENERAL_BRANCH).getAttribute('data-status')).toBe('open');
    await cell(GENERAL_BRANCH).scrollIntoViewIfNeeded();
    await shot(page, 'tasks-coverage');
    await cell(GENERAL_BRANCH).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '任务清单闭环管理' });
    await drawer.getByText('全部党支部都有任务。').waitFor();
    await drawer.getByRole('link', { name: TITLE }).first().waitFor();
    await shot(page, 'tasks-coverage-cell');
    await drawer.getByRole('button', { name: '下钻' }).click();
    await page.waitForURL(/orgId=\d+/);
    const generalId = new URL(page.url()).searchParams.get('orgId');
    await cell(BRANCH).waitFor();
    expect(await cell(BRANCH).getAttribute('data-status')).toBe('verified');
    expect(await cell(BRANCH).getAttribute('aria-label')).toBe(`${REQUIREMENT} · ${BRANCH}: 1/1`);
    expect(await cell('熔铸厂第二生产车间党支部').getAttribute('data-status')).toBe('open');
    await shot(page, 'tasks-coverage-drill');
    await page.getByRole('button', { name: '返回上级' }).click();
    await cell('热轧厂党总支').waitFor();

    // The organisation side: the 总支's 体系覆盖 tab lists the requirement as open, and the gaps do not include it.
    await page.goto(`${server.url}/orgs?org=${generalId}&tab=coverage`);
    const table = page.getByTestId('org-coverage-table');
    const row = table.locator('tr', { hasText: '任务清单闭环管理' });
    await row.waitFor();
    expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('open');
    await page.getByText(/熔铸厂党总支及下级：\d+ 项要求中 \d+ 项有任务/).waitFor();
    await shot(page, 'tasks-org-coverage');
    await page.getByLabel('只看没有任务的要求').click();
    const gaps = (await page.getByTestId('org-coverage-gaps').textContent()) ?? '';
    expect(gaps).not.toContain('任务清单闭环管理');
    expect(gaps).toContain('厘清权责边界');
  });

  it('lists, board, inbox, import and export; English and phone width', async () => {
    await page.goto(`${server.url}/tasks/board`);
    await page.getByText('督办信号灯').waitFor();
    await page
      .getByRole('button', { name: /已逾期/ })
      .first()
      .waitFor();
    await shot(page, 'tasks-board');
    await page.goto(`${server.url}/tasks/org?q=${encodeURIComponent('闭环管理专项')}`);
    await page.getByText('共 17 条').waitFor();
    await shot(page, 'tasks-org');

    await page.goto(`${server.url}/tasks/issued`);
    await page.getByRole('link', { name: TITLE }).first().waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 Excel' }).click();
    expect((await download).suggestedFilename()).toMatch(/^任务清单-.*\.xlsx$/);
    await shot(page, 'tasks-issued');

    // An annual task list with one bad row: the row errors are listed, nothing is imported, the error file downloads.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('年度任务清单');
    ws.addRow([
      '序号*',
      '上级序号',
      '层级*',
      '任务名称*',
      '任务说明',
      '党建工作体系要求',
      '责任类型',
      '优先级',
      '开始日期',
      '截止日期*',
      '目标值',
      '单位',
      '权重',
      '周期',
    ]);
    ws.addRow([1, null, '重大事项', '落实“第一议题”制度', null, '1.1.1', null, null, null, new Date(Date.UTC(2026, 11, 31))]);
    ws.addRow([2, 1, '年度目标', '', null, '9.9.9', null, null, null, 'x']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    await page.getByRole('button', { name: '导入年度任务清单' }).click();
    const imp = dialog(page, '导入年度任务清单');
    await imp.locator('input[type=file]').setInputFiles({
      name: '年度任务清单.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: file,
    });
    await imp.getByRole('button', { name: '检查文件' }).click();
    await imp.getByText(/发现 \d+ 处错误，涉及 1 行/).waitFor();
    await imp.getByRole('cell', { name: '任务名称必填' }).waitFor();
    expect(await imp.getByRole('button', { name: /导入 \d+ 项任务/ }).isDisabled()).toBe(true);
    const errorFile = page.waitForEvent('download');
    await imp.getByRole('button', { name: '下载错误文件' }).click();
    expect((await errorFile).suggestedFilename()).toBe('年度任务清单-错误信息.xlsx');
    await shot(page, 'tasks-import');
    await imp.getByRole('button', { name: '取消' }).click();

    await page.goto(`${server.url}/notifications`);
    await page.getByRole('heading', { name: '消息通知' }).waitFor();
    await shot(page, 'tasks-inbox');

    await page.getByText('English', { exact: true }).click();
    await page.goto(`${server.url}/coverage`);
    await page.getByRole('heading', { name: 'Coverage' }).waitFor();
    await page.getByRole('button', { name: /^3\.1\.3 Closed-Loop Task Management · 熔铸厂党总支: 16\/16$/ }).waitFor();
    await shot(page, 'tasks-coverage-en');
    await page.goto(parentUrl);
    await page.getByText('Sub-tasks (16)').waitFor();
    await shot(page, 'tasks-detail-en');
    await page.getByText('中文', { exact: true }).click();
    await page.getByText('下级任务（16）').waitFor();
    await signOut(page);

    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page, server.url, SECRETARY);
    await page.goto(`${server.url}/tasks`);
    await page.getByRole('link', { name: TITLE }).first().waitFor();
    await shot(page, 'tasks-mine-phone');
    await page.goto(branchTaskUrl);
    await page.getByRole('heading', { name: TITLE }).waitFor();
    await shot(page, 'tasks-detail-phone', { fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
    expect(problems).toEqual([]);
  });
});

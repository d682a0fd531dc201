import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  browserAvailable,
  chooseOption,
  download,
  type RunningServer,
  readRows,
  sessionHooks,
  shot,
  signIn,
  signOut,
  startSession,
} from './harness.js';

const TESTS = [
  'decisions › 组织部 records a board decision without pre-study, sees the flag, links a prior 党委会 and the flag clears, adds a follow-up task',
  'decisions › a branch secretary records a member’s answer; the organiser sees participation and adopts it',
  'decisions › 组织部 records a resolution at a 党委会 and registers it as a decision item, linked both ways',
];
const enabled = browserAvailable(TESTS);
const TITLE = '铝板带箔生产线扩能项目';

/** Opens an antd Select by its label and picks the option whose text matches. */
function choose(page: Page, scope: Locator, label: string, option: string): Promise<void> {
  return chooseOption(page, scope.getByLabel(label, { exact: true }), option);
}

describe.skipIf(!enabled)('decisions and campaigns (real browser, real server)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  sessionHooks(() => ({ page, browser, server, problems }));

  beforeAll(async () => {
    ({ server, browser, page, problems } = await startSession());
  }, 300_000);

  it('组织部 records a board decision without pre-study, sees the flag, links a prior 党委会 and the flag clears, adds a follow-up task', async () => {
    await signIn(page, server.url, 'zzb');
    await page.getByRole('link', { name: '决策事项清单' }).first().click();
    await page.waitForURL(/\/governance\/decisions/);
    await page.getByRole('heading', { name: '三会一层决策事项清单' }).waitFor();
    // The demo register's deliberate violation shows as a red flag in the list.
    const demoRow = page.getByRole('row').filter({ hasText: '原铝锭年度大额采购合同' });
    await demoRow.getByText('缺少前置研究').waitFor();
    await shot(page, 'decisions-register');

    await page.getByRole('button', { name: '登记决策事项' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '登记决策事项' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('请填写此项').first().waitFor();
    await dialog.getByLabel('决策事项', { exact: true }).fill(TITLE);
    await choose(page, dialog, '决策主体', '董事会');
    await choose(page, dialog, '事项类别', '重大决策');
    await dialog.getByText('该事项属于重大经营管理事项且由董事会决策，须关联事前召开的党委会。').waitFor();
    await dialog.getByLabel('文号').fill('董事会〔2026〕9号');
    await dialog.getByLabel('决策内容摘要').fill('同意实施铝板带箔生产线扩能，新增产能5万吨。');
    await shot(page, 'decisions-form');
    await dialog.getByRole('button', { name: '保存' }).click();

    // The item's page: the violation is flagged with the rule and its source.
    await page.waitForURL(/\/governance\/decisions\/\d+$/);
    await page.getByRole('heading', { name: TITLE }).waitFor();
    const banner = page.locator('[data-prestudy="missing"].ant-alert');
    await banner.getByText('违反前置研究规定').waitFor();
    await banner.getByText('未关联党委会前置研究讨论记录。').waitFor();
    await banner.getByText(/中国共产党国有企业基层组织工作条例（试行）/).waitFor();
    await shot(page, 'decisions-detail-violation');

    // Link the 党委会 held before: the flag clears.
    await page.getByRole('button', { name: '关联前置研究' }).click();
    const edit = page.getByRole('dialog').filter({ hasText: '编辑决策事项' });
    await edit.waitFor();
    await chooseOption(page, edit.getByLabel('前置研究的党委会', { exact: true }), '前置研究 · 熔铸', { search: '熔铸' });
    await edit.getByLabel('说明').fill('党委会研究同意提交董事会审议');
    await edit.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存', { exact: true }).waitFor();
    await edit.waitFor({ state: 'hidden' });
    const ok = page.locator('[data-prestudy="ok"].ant-alert');
    await ok.getByText('已履行前置研究程序').waitFor();
    expect(await page.locator('[data-prestudy="missing"]').count()).toBe(0);
    await shot(page, 'decisions-detail-ok');

    // 决策事项跟踪督办: a follow-up task through the task engine.
    await page.getByRole('button', { name: '新建跟踪任务' }).first().click();
    const follow = page.getByRole('dialog').filter({ hasText: '新建跟踪任务' });
    await follow.waitFor();
    await follow.getByLabel('任务名称').fill('完成扩能项目可行性研究报告');
    await follow.getByRole('button', { name: '保存' }).click();
    await page.getByText('跟踪任务已创建并下达').waitFor();
    const taskRow = page.getByRole('row').filter({ hasText: '完成扩能项目可行性研究报告' });
    await taskRow.getByText('已下达').waitFor();
    await shot(page, 'decisions-detail-followup', { fullPage: true });

    // The task links back to the decision.
    await taskRow.getByRole('link', { name: '完成扩能项目可行性研究报告' }).click();
    await page.waitForURL(/\/tasks\/\d+$/);
    await page.getByText('完成扩能项目可行性研究报告').first().waitFor();
    await page.getByRole('link', { name: TITLE }).waitFor();
    await shot(page, 'decisions-task-source');

    // A late follow-up of a demo decision shows on the supervision board with the decision's title.
    await page.goto(`${server.url}/tasks/board?q=${encodeURIComponent('编制二期改造实施方案')}`);
    const late = page.getByRole('row').filter({ hasText: '编制二期改造实施方案并报批' });
    await late.getByRole('link', { name: '熔铸车间智能化改造项目' }).waitFor();
    await shot(page, 'decisions-board');

    // Back in the register the item is in order.
    await page.goto(`${server.url}/governance/decisions?q=${encodeURIComponent(TITLE)}`);
    const row = page.getByRole('row').filter({ hasText: TITLE });
    await row.getByText('已前置研究').waitFor();
    await row.getByText('0/1 已验收').waitFor();
    await shot(page, 'decisions-register-after');

    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Decision register (三会一层)' }).waitFor();
    await page.getByRole('row').filter({ hasText: TITLE }).getByText('Pre-studied').waitFor();
    await shot(page, 'decisions-register-en');
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '三会一层决策事项清单' }).waitFor();
    await signOut(page);
  });

  it('a branch secretary records a member’s answer; the organiser sees participation and adopts it', async () => {
    await signIn(page, server.url, 'sec-B001');
    await page.getByRole('link', { name: '大讨论' }).first().click();
    await page.waitForURL(/\/mission\/campaigns$/);
    await page.getByRole('link', { name: '“赶超标杆我能干成什么”大讨论' }).click();
    await page
      .getByRole('heading', { name: /赶超标杆我能干成什么/ })
      .first()
      .waitFor();
    await chooseOption(page, page.getByLabel('回答人', { exact: true }), (dropdown) =>
      dropdown.locator('.ant-select-item-option').filter({ hasNotText: '已作答' }).first(),
    );
    await page.getByLabel('回答内容').fill('把铸轧机换辊作业标准化，单次换辊时间缩短10分钟。');
    await page.getByRole('button', { name: '提交回答' }).click();
    await page.getByText('回答已提交').waitFor();
    await page.getByText('把铸轧机换辊作业标准化，单次换辊时间缩短10分钟。').waitFor();
    await shot(page, 'campaign-secretary');
    await signOut(page);

    await signIn(page, server.url, 'zzb');
    await page.goto(`${server.url}/mission/campaigns`);
    await page.getByRole('link', { name: '“赶超标杆我能干成什么”大讨论' }).click();
    const card = page.locator('.ant-card').filter({ hasText: '把铸轧机换辊作业标准化' }).last();
    await card.getByRole('button', { name: '采纳为任务' }).click();
    const adopt = page.getByRole('dialog').filter({ hasText: '采纳为任务' });
    await adopt.waitFor();
    await adopt.getByRole('button', { name: '采纳为任务' }).click();
    await page.getByText('已采纳为任务', { exact: true }).waitFor();
    await card.getByText('已采纳为任务：').waitFor();
    await shot(page, 'campaign-answers', { fullPage: true });
    // The answers as .xlsx: the new answer is there with the task it became.
    const exported = await download(page, () => page.getByRole('button', { name: '导出Excel' }).click());
    expect(exported.name).toMatch(/\.xlsx$/);
    const rows = await readRows(exported.file);
    expect(rows[0]?.slice(0, 9)).toEqual(['序号', '回答人', '所在组织', '组织编码', '回答内容', '标签', '入围', '采纳任务', '任务状态']);
    const adopted = rows.find((r) => String(r[4]).startsWith('把铸轧机换辊作业标准化'));
    expect(adopted?.[7]).toMatch(/把铸轧机换辊作业标准化/);
    await page.getByRole('tab', { name: '参与情况' }).click();
    await page.getByRole('img', { name: '各组织党员参与率（已参与党员 / 党员数）' }).waitFor();
    await page.waitForTimeout(500);
    await shot(page, 'campaign-participation');
    await page.getByText('表格', { exact: true }).click();
    await page.getByRole('columnheader', { name: '参与率' }).waitFor();
    await shot(page, 'campaign-participation-table');
    expect(problems).toEqual([]);
  });

  it('组织部 records a resolution at a 党委会 and registers it as a decision item, linked both ways', async () => {
    const RESOLUTION = '同意将年度党建工作要点分解为任务清单，由党委组织部牵头落实。';
    await page.context().clearCookies();
    await signIn(page, server.url, 'zzb');
    // The demo register's smelting project was pre-studied at a regular 党委会: open that meeting from the item.
    await page.goto(`${server.url}/governance/decisions?q=${encodeURIComponent('熔铸车间智能化改造项目')}`);
    await page.getByRole('link', { name: '熔铸车间智能化改造项目' }).first().click();
    await page.waitForURL(/\/governance\/decisions\/\d+$/);
    await page.getByRole('link', { name: /^党委会（\d{2}月第[12]次 · 前置研究 · 熔铸/ }).click();
    await page.waitForURL(/\/meetings\/\d+$/);
    await page.getByText('前置研究：熔铸车间智能化改造项目').first().waitFor();

    await page.getByLabel('决议内容').fill(RESOLUTION);
    await page.getByRole('button', { name: '登记决议' }).click();
    const item = page.locator('[data-resolution]').filter({ hasText: RESOLUTION });
    await item.getByRole('button', { name: '转为任务' }).waitFor();
    await item.getByRole('button', { name: '登记为决策事项' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '登记为决策事项' });
    await dialog.waitFor();
    await dialog
      .getByRole('button', { name: '登 记' })
      .or(dialog.getByRole('button', { name: '登记' }))
      .first()
      .click();
    await dialog.getByText('请填写此项').first().waitFor();
    await choose(page, dialog, '事项类别', '党的建设事项');
    await dialog.getByLabel('文号').fill('党委〔2026〕12号');
    await shot(page, 'decisions-from-resolution-form');
    await dialog
      .getByRole('button', { name: '登 记' })
      .or(dialog.getByRole('button', { name: '登记' }))
      .first()
      .click();
    await page.getByText('已登记为决策事项。').waitFor();
    const link = item.getByRole('link', { name: /^决策事项：同意将年度党建工作要点/ });
    await link.waitFor();
    expect(await item.getByRole('button', { name: '登记为决策事项' }).count()).toBe(0);
    await shot(page, 'decisions-from-resolution-meeting', { fullPage: true });

    // The decision item shows where it came from and links back to the meeting.
    await link.click();
    await page.waitForURL(/\/governance\/decisions\/\d+$/);
    await page.getByText('来自会议决议').waitFor();
    await page.getByText(RESOLUTION).first().waitFor();
    await shot(page, 'decisions-from-resolution-item');
    await page.getByRole('link', { name: '查看会议决议' }).click();
    await page.waitForURL(/\/meetings\/\d+/);
    await page.locator('[data-resolution]').filter({ hasText: RESOLUTION }).waitFor();
    expect(problems).toEqual([]);
  });
});

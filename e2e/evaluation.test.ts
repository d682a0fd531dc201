import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  type Browser,
  bodyText,
  browserAvailable,
  type RunningServer,
  sessionHooks,
  shot,
  signIn,
  startSession,
} from './harness.js';

const TESTS = [
  'evaluation › 组织部 recomputes the demo scheme and reads the ranking',
  'evaluation › an explanation shows the radar, the formula and the tasks behind a score',
  'evaluation › 组织部 calibrates one score with a reason and publishes',
  'evaluation › a branch secretary self-assesses and reads only what concerns the branch',
];
const enabled = browserAvailable(TESTS);

describe.skipIf(!enabled)('evaluation (real browser, real server)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  sessionHooks(() => ({ page, browser, server, problems }));
  let schemeId: number;
  let annualName: string;

  beforeAll(async () => {
    ({ server, browser, page, problems } = await startSession());
    const get = await apiAs(server.url, 'zzb');
    const schemes = (await get('/api/evaluation/schemes')) as { items: Array<{ id: number; name: string; periodKind: string }> };
    const annual = schemes.items.find((s) => s.periodKind === 'year');
    if (!annual) {
      throw new Error('the demo has no annual scheme');
    }
    schemeId = annual.id;
    annualName = annual.name;
  });

  it('组织部 recomputes the demo scheme and reads the ranking', async () => {
    await signIn(page, server.url, 'zzb');
    await page.getByRole('link', { name: '四维评价' }).first().click();
    await page.waitForURL(/\/evaluation$/);
    await page.getByRole('link', { name: annualName }).click();
    await page.waitForURL(new RegExp(`/evaluation/${schemeId}`));
    await page.getByText('已计算，待发布').first().waitFor();
    await page.getByRole('button', { name: '重新计算' }).click();
    // The run computes in the background; the page polls it until the results are back.
    await page.getByText('当前为未发布结果').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: /重新计算/ }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    const text = await bodyText(page);
    expect(text).toContain('等级分布');
    expect(text).toContain('政治执行力');
    expect(text).toContain('组内排名');
    expect(await page.locator('.ant-table-row').count()).toBe(20);
    await shot(page, 'evaluation-results', { fullPage: true });
  });

  it('an explanation shows the radar, the formula and the tasks behind a score', async () => {
    await page.locator('.ant-table-row').first().getByRole('button').first().click();
    const drawer = page.locator('.ant-drawer-body');
    await drawer.getByText('四维雷达图').first().waitFor();
    const radar = drawer.getByTestId('radar-chart');
    await radar.locator('canvas').waitFor();
    expect(await radar.locator('canvas').count()).toBeGreaterThan(0);
    await shot(page, 'evaluation-radar');
    expect(await drawer.getByText('同组平均').count()).toBeGreaterThan(0);
    const onTime = drawer.getByTestId('score-O1');
    await onTime.scrollIntoViewIfNeeded();
    expect((await onTime.textContent()) ?? '').toContain('tasks.on_time_rate');
    await onTime.getByRole('button', { name: '查看记录' }).click();
    const records = onTime.getByTestId('score-records');
    await records.locator('a[href^="/tasks/"]').first().waitFor();
    expect(await records.locator('a[href^="/tasks/"]').count()).toBeGreaterThan(0);
    await shot(page, 'evaluation-explanation');
    await onTime.screenshot({ path: `${process.cwd()}/test-results/screenshots/evaluation-records.png` });
  });

  it('组织部 calibrates one score with a reason and publishes', async () => {
    const drawer = page.locator('.ant-drawer-body');
    const before = (await drawer.getByTestId('explain-total').textContent()) ?? '';
    const score = drawer.getByTestId('score-P1');
    await score.scrollIntoViewIfNeeded();
    await score.getByRole('button', { name: '校准' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '校准得分' });
    await dialog.getByRole('button', { name: '确认校准' }).click();
    await dialog.getByText('请写明校准原因').waitFor();
    await dialog.getByLabel('校准后得分').fill('18.5');
    await dialog.getByLabel('校准原因').fill('该支部任务经党委会研究同意延期，按完成认定');
    await dialog.getByRole('button', { name: '确认校准' }).click();
    await page.getByText('已校准，总分与排名已更新').waitFor();
    await score.getByText('校准记录').first().waitFor();
    expect((await score.textContent()) ?? '').toContain('该支部任务经党委会研究同意延期');
    await expect.poll(async () => (await drawer.getByTestId('explain-total').textContent()) ?? '').not.toBe(before);
    expect((await score.textContent()) ?? '').toContain('18.5');
    await shot(page, 'evaluation-calibrated');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '发布结果' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: '发布评价结果' });
    await confirm.getByLabel('发布说明（可选）').fill('经党委会审定');
    await confirm.getByRole('button', { name: '发布结果' }).click();
    await page.getByText('已发布的结果不会随数据变化而改变').waitFor();
    expect(await page.getByRole('button', { name: '重新计算' }).count()).toBe(0);
    await shot(page, 'evaluation-published');
    await page.getByRole('tab', { name: '方案设置' }).click();
    await page.getByTestId('weight-sum').waitFor();
    expect((await page.getByTestId('weight-sum').textContent()) ?? '').toContain('100');
    await shot(page, 'evaluation-scheme-editor');
  });

  it('a branch secretary self-assesses and reads only what concerns the branch', async () => {
    const get = await apiAs(server.url, 'zzb');
    const manual = (await get(`/api/evaluation/schemes/${schemeId}/manual?status=self_submitted&pageSize=1`)) as {
      items: Array<{ target: { code: string; name: string } }>;
    };
    const branch = manual.items[0]?.target;
    expect(branch).toBeDefined();
    await signIn(page, server.url, `sec-${branch?.code}`);
    await page.goto(`${server.url}/evaluation/${schemeId}?tab=manual`);
    await page.getByText('人工评分流程').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'evaluation-manual-phone');
    await page.getByRole('button', { name: '自评' }).first().click();
    const dialog = page.getByRole('dialog').filter({ hasText: '自评：' });
    await dialog.getByLabel(/得分/).fill('29');
    await dialog.getByLabel('评分说明').fill('第一议题学习12次，五学机制全部落实');
    await shot(page, 'evaluation-self-assessment-phone');
    await dialog.getByRole('button', { name: '提交' }).click();
    await page.getByText('已提交').first().waitFor();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.goto(`${server.url}/evaluation/${schemeId}`);
    await page.locator('.ant-table-row').first().waitFor();
    const rows = await page.locator('.ant-table-row').allInnerTexts();
    // Public within the parent: the branches of the same 党总支 only, never the whole enterprise.
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(40);
    expect(rows.some((r) => r.includes(branch?.name ?? '—'))).toBe(true);
    expect(await bodyText(page)).toContain('只显示你有权查看的单位');
    await shot(page, 'evaluation-secretary');
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('tab', { name: 'Results' }).waitFor();
    await shot(page, 'evaluation-secretary-en');
    await page.getByText('中文', { exact: true }).click();
    expect(problems).toEqual([]);
  });
});

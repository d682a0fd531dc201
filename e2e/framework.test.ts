import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  bodyText,
  browserAvailable,
  type RunningServer,
  sessionHooks,
  shot,
  signIn,
  signOut,
  startSession,
} from './harness.js';

const TESTS = [
  'framework › 组织部 reads the 113344 tree and a requirement’s wording',
  'framework › 组织部 adds, retires and copies the year to the next',
  'framework › a leader reads without editing tools, also in English',
];
const enabled = browserAvailable(TESTS);
const YEAR = Number(new Intl.DateTimeFormat('en', { year: 'numeric', timeZone: 'Asia/Shanghai' }).format(new Date()));

function treeTitle(page: Page, text: string) {
  return page.locator('.ant-tree-title', { hasText: text }).first();
}

async function findInTree(page: Page, search: string, title: string): Promise<void> {
  const box = page.getByPlaceholder(/搜索编码|Search code/);
  await box.fill(search);
  await treeTitle(page, title).click();
}

describe.skipIf(!enabled)('framework (real browser, real server)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  sessionHooks(() => ({ page, browser, server, problems }));

  beforeAll(async () => {
    ({ server, browser, page, problems } = await startSession());
  });

  it('组织部 reads the 113344 tree and a requirement’s wording', async () => {
    await signIn(page, server.url, 'zzb');
    await page.getByRole('link', { name: '党建工作体系' }).first().click();
    await page.waitForURL(/\/framework/);
    for (const element of ['精神涵养', '使命引领', '组织保障', '基础支撑', '治理穿透', '成效评价']) {
      await treeTitle(page, element).waitFor();
    }
    expect(await bodyText(page)).toContain('6个要素 · 16个支柱');
    await findInTree(page, '闭环', '任务清单闭环管理');
    await page.waitForURL(/node=\d+/);
    await page.getByText('形成中心工作有跟踪、有督导、有反馈的闭环管理').waitFor();
    const text = await bodyText(page);
    expect(text).toContain('组织链');
    expect(text).toContain('关联工作');
    await shot(page, 'framework');
  });

  it('组织部 adds, retires and copies the year to the next', async () => {
    await page.getByRole('button', { name: '维护体系' }).click();
    await page.waitForURL(/\/system\/framework/);
    await findInTree(page, '3.1', '组织链');
    await page.getByRole('button', { name: '新增工作要求' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '新增工作要求' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('请填写名称').waitFor();
    await dialog.getByLabel('名称', { exact: true }).fill('关键任务周调度');
    await dialog.getByLabel('要求原文 / 说明').fill('重点工作每周调度，有跟踪、有督导、有反馈');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText(/已新增 3\.1\.\d+ 关键任务周调度/).waitFor();
    await page.getByRole('heading', { name: /关键任务周调度/ }).waitFor();
    await shot(page, 'framework-admin');

    await page.getByRole('button', { name: '停用' }).click();
    const retire = page.getByRole('dialog').filter({ hasText: '确认停用' });
    await retire.getByLabel('停用原因').fill('并入3.1.3');
    await retire.getByRole('button', { name: '确认停用' }).click();
    await page.getByText('此节点已停用').first().waitFor();
    await page.getByRole('tab', { name: '变更记录' }).click();
    await page.getByText('停用', { exact: true }).first().waitFor();

    await page.getByRole('button', { name: '复制到下一年' }).click();
    const copy = page.getByRole('dialog').filter({ hasText: `复制 ${YEAR} 年体系到 ${YEAR + 1} 年` });
    await copy.getByText(`${YEAR + 1}年尚无体系，将新建为草稿。`).waitFor();
    await copy.getByRole('cell', { name: '任务清单闭环管理' }).waitFor();
    await shot(page, 'framework-copy');
    await copy.getByRole('button', { name: '确认复制' }).click();
    await page.waitForURL(new RegExp(`year=${YEAR + 1}`));
    await page.getByText('此年度为草稿，尚未生效').waitFor();
    await treeTitle(page, '精神涵养').waitFor();
    // The retired node did not carry over (asked of the API: the page's tree is collapsed, and the toast of the node's
    // creation may still be on screen); the active requirements did.
    const copied = JSON.stringify(await (await page.request.get(`${server.url}/api/framework/versions/${YEAR + 1}`)).json());
    expect(copied).toContain('任务清单闭环管理');
    expect(copied).not.toContain('关键任务周调度');
    await signOut(page);
  });

  it('a leader reads without editing tools, also in English', async () => {
    await signIn(page, server.url, 'leader');
    // biome-ignore lint/performance/useDomNodeTextContent: the visible menu is what the leader sees
    const menu = await page.getByRole('navigation', { name: '主菜单' }).innerText();
    expect(menu).toContain('党建工作体系');
    expect(menu).not.toContain('体系维护');
    await page.goto(`${server.url}/framework`);
    await findInTree(page, '五学', '五学机制');
    await page.getByText('党委会跟进学、中心组研讨学').first().waitFor();
    expect(await page.getByRole('button', { name: '维护体系' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '编辑' }).count()).toBe(0);
    await page.getByRole('tab', { name: '历年沿革' }).click();
    await page
      .getByText(`${YEAR + 1}年`)
      .first()
      .waitFor();

    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Party-building framework' }).waitFor();
    await treeTitle(page, 'Spiritual Cultivation').waitFor();
    await shot(page, 'framework-en');
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '党建工作体系' }).first().waitFor();
    expect(problems).toEqual([]);
  });
});

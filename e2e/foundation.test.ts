import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type Browser,
  browserAvailable,
  DEMO_PASSWORD,
  type RunningServer,
  sessionHooks,
  shot,
  startSession,
  watchConsole,
} from './harness.js';

const TESTS = [
  'foundation › admin signs in on the Chinese login page and switches to English and back',
  'foundation › admin creates a user and grants secretary at branch B001',
  'foundation › the new user changes the initial password and sees only branch B001',
  'foundation › admin sees the user creation in the audit log and the chain verifies',
  'foundation › the workbench is usable at phone width',
  'foundation › an ended session sends the user to the login page and back',
];
const enabled = browserAvailable(TESTS);

const NEW_USER = { username: 'e2e-sec', displayName: '测试支部书记', initial: 'Init-pass-2026', next: 'Sec-pass-2026x' };

interface OrgNodeJson {
  code: string;
  children: OrgNodeJson[];
}

function codesOf(nodes: OrgNodeJson[]): string[] {
  return nodes.flatMap((n) => [n.code, ...codesOf(n.children)]);
}

async function bodyText(page: Page): Promise<string> {
  // Visible text only (innerText leaves out hidden nodes and styles), which is what a person reads.
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here
  return page.evaluate(() => document.body.innerText);
}

/** Latin words of three or more letters on the page outside the allowed ones: English leaking into the Chinese UI. */
async function latinLeaks(page: Page, allowed: string[]): Promise<string[]> {
  const words = (await bodyText(page)).match(/[A-Za-z][A-Za-z0-9-]{2,}/g) ?? [];
  return [...new Set(words)].filter((w) => !allowed.some((a) => a.toLowerCase() === w.toLowerCase()));
}

/** No horizontal scroll bar on the page itself (tables scroll inside their own box). */
async function assertNoOverflow(page: Page): Promise<void> {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }));
  expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(width);
}

async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  // Start from a signed-out browser whatever the previous step left behind.
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: '用户菜单' }).click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.waitForURL(/\/login$/);
}

/**
 * Opens a select (or tree select) in a form and clicks the option with the text; retried while the field still
 * shows its validation error, because a click during the dropdown's opening animation can miss on a busy machine.
 */
async function choose(page: Page, scope: Locator, label: string, option: string, error: string, search?: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const field = scope.getByLabel(label, { exact: true });
    await field.click();
    if (search) {
      await field.fill(search);
    }
    await page.locator('.ant-select-dropdown:visible').getByText(option, { exact: false }).first().click();
    try {
      await scope.locator('.ant-form-item-explain-error', { hasText: error }).waitFor({ state: 'detached', timeout: 3_000 });
      return;
    } catch (e) {
      if (attempt >= 3) {
        throw e;
      }
      await page.keyboard.press('Escape');
    }
  }
}

describe.skipIf(!enabled)('foundation (real browser, real server)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  sessionHooks(() => ({ page, browser, server, problems }));

  beforeAll(async () => {
    ({ server, browser, page, problems } = await startSession());
  });

  it('admin signs in on the Chinese login page and switches to English and back', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login$/);
    await page.getByRole('button', { name: '登录' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(await bodyText(page)).toContain('党建工作体系管理平台');
    expect(await latinLeaks(page, ['English', 'admin', 'zzb', 'leader', 'sec-B001'])).toEqual([]);
    await shot(page, 'login-zh');

    await page.getByText('English', { exact: true }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await shot(page, 'login-en');
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('button', { name: '登录' }).waitFor();

    // A wrong password says so, in Chinese, without leaving the page.
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('wrong-password-1');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').filter({ hasText: '用户名或密码错误' }).waitFor();

    await signIn(page, server.url, 'admin', DEMO_PASSWORD);
    await page.getByRole('heading', { name: '系统管理员，您好' }).waitFor();
    const home = await bodyText(page);
    expect(home).toContain('我的角色与组织');
    expect(home).toContain('示例铝业');
    expect(await page.getByRole('navigation', { name: '主菜单' }).textContent()).toContain('系统管理');
    await assertNoOverflow(page);
    expect(await latinLeaks(page, ['English', 'admin'])).toEqual([]);
    await shot(page, 'home');

    // The same switch in the layout, and back.
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Hello, 系统管理员' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main menu' }).textContent()).toContain('System administration');
    await shot(page, 'home-en');
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '系统管理员，您好' }).waitFor();
  });

  it('admin creates a user and grants secretary at branch B001', async () => {
    await page.getByRole('link', { name: '用户与授权' }).first().click();
    await page.waitForURL(/\/system\/users/);
    await page.getByRole('cell', { name: 'sec-B001', exact: true }).waitFor();
    await assertNoOverflow(page);
    await shot(page, 'users');

    // Filters live in the URL.
    await page.getByLabel('搜索').fill('sec-B002');
    await page.getByLabel('搜索').press('Enter');
    await page.waitForURL(/q=sec-B002/);
    await page.getByRole('cell', { name: 'sec-B002', exact: true }).waitFor();
    await page.getByRole('button', { name: '重置', exact: true }).click();
    await page.waitForURL((url) => !url.search.includes('q='));

    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog', { name: '新建用户' });
    await dialog.waitFor();
    // Submitting empty shows the problems next to the fields.
    await dialog.getByRole('button', { name: '创建用户' }).click();
    await dialog.locator('.ant-form-item-explain-error', { hasText: '请输入用户名' }).waitFor();
    await dialog.locator('.ant-form-item-explain-error', { hasText: '请选择组织' }).waitFor();

    await dialog.getByLabel('用户名').fill(NEW_USER.username);
    await dialog.getByLabel('姓名').fill(NEW_USER.displayName);
    await dialog.getByLabel('初始密码').fill(NEW_USER.initial);
    await choose(page, dialog, '组织', 'B001 · 党支部', '请选择组织', 'B001');
    await choose(page, dialog, '角色', '书记', '请选择角色');
    await dialog.locator('.ant-form-item-explain-error').first().waitFor({ state: 'detached' });
    await shot(page, 'users-create');
    await dialog.getByRole('button', { name: '创建用户' }).click();
    await page.getByText(`已创建用户「${NEW_USER.displayName}」`).waitFor();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: NEW_USER.username });
    await row.waitFor();
    expect(await row.textContent()).toContain('书记');

    await row.getByRole('button', { name: '授权' }).click();
    const drawer = page.getByRole('dialog', { name: `管理授权 · ${NEW_USER.displayName}` });
    await drawer.getByText('熔铸厂机关党支部').waitFor();
    await shot(page, 'users-grants');
    await drawer
      .getByRole('button', { name: 'Close' })
      .or(drawer.getByRole('button', { name: '关闭' }))
      .first()
      .click();
    await drawer.waitFor({ state: 'hidden' });
    await signOut(page);
  });

  it('the new user changes the initial password and sees only branch B001', async () => {
    await signIn(page, server.url, NEW_USER.username, NEW_USER.initial);
    await page.getByRole('heading', { name: '首次登录，请先修改密码' }).waitFor();
    await shot(page, 'password-forced');
    await page.getByLabel('当前密码').fill(NEW_USER.initial);
    await page.getByLabel('新密码', { exact: true }).fill(NEW_USER.next);
    await page.getByLabel('确认新密码').fill(NEW_USER.next);
    await page.getByRole('button', { name: '确认修改' }).click();
    await page.getByRole('heading', { name: `${NEW_USER.displayName}，您好` }).waitFor();

    const menu = await page.getByRole('navigation', { name: '主菜单' }).textContent();
    expect(menu).not.toContain('系统管理');
    expect(await bodyText(page)).toContain('书记');
    await shot(page, 'home-secretary');

    const tree = await page.evaluate(async () => (await fetch('/api/orgs/tree')).json());
    expect(tree).toHaveLength(1);
    expect(tree[0].code).toBe('B001');
    const codes = codesOf(tree);
    expect(codes.every((c) => c === 'B001' || c.startsWith('B001-'))).toBe(true);

    const users = await page.evaluate(async () => (await fetch('/api/users')).status);
    expect(users).toBe(403);
    // Chromium logs that deliberate 403; it is not a problem of the UI.
    const logged = problems.findIndex((p) => p.includes('status of 403'));
    if (logged >= 0) {
      problems.splice(logged, 1);
    }
    await page.goto(`${server.url}/system/users`);
    await page.getByText('无权访问').waitFor();
    await shot(page, 'forbidden');
    await signOut(page);
  });

  it('admin sees the user creation in the audit log and the chain verifies', async () => {
    await signIn(page, server.url, 'admin', DEMO_PASSWORD);
    await page.getByRole('heading', { name: '系统管理员，您好' }).waitFor();
    await page.getByRole('link', { name: '审计日志' }).first().click();
    await page.waitForURL(/\/system\/audit/);
    await page.getByLabel('操作', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible').getByText('创建用户', { exact: true }).click();
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/action=user\.created/);
    const row = page.getByRole('row').filter({ hasText: '创建用户' }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain('admin');
    await row.getByRole('button', { name: /展开|expand/i }).click();
    const detail = page.locator('.gt-change-table').first();
    await detail.waitFor();
    expect(await detail.textContent()).toContain(NEW_USER.username);
    expect(await detail.textContent()).toContain('（已隐藏）');

    await page.getByRole('button', { name: '校验审计链' }).click();
    await page.getByText('审计链完整').waitFor();
    await assertNoOverflow(page);
    await shot(page, 'audit');

    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    await assertNoOverflow(page);
    await shot(page, 'audit-en');
    await page.getByRole('link', { name: 'Users and grants' }).first().click();
    await page.getByRole('cell', { name: 'sec-B001', exact: true }).waitFor();
    await assertNoOverflow(page);
    await shot(page, 'users-en');
    await page.getByText('中文', { exact: true }).click();
    await page.getByRole('heading', { name: '用户与授权' }).waitFor();
  });

  it('the workbench is usable at phone width', async () => {
    const phone = await browser.context.newPage();
    const phoneProblems = watchConsole(phone);
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${server.url}/`);
    await phone.getByRole('heading', { name: '系统管理员，您好' }).waitFor();
    await assertNoOverflow(phone);
    await shot(phone, 'home-phone');
    await phone.getByRole('button', { name: '打开菜单' }).click();
    await phone.getByRole('link', { name: '用户与授权', exact: true }).waitFor();
    await shot(phone, 'menu-phone');
    await phone.close();
    expect(phoneProblems).toEqual([]);
  });

  it('an ended session sends the user to the login page and back', async () => {
    await page.goto(`${server.url}/system/users?role=secretary`);
    await page.getByRole('cell', { name: 'sec-B001', exact: true }).waitFor();
    await page.context().clearCookies();
    // The next request answers 401: the login page says why and returns to the same filtered list after.
    await page.getByRole('columnheader', { name: '姓名' }).click();
    await page.waitForURL(/\/login\?next=/);
    await page.getByText('登录已过期').waitFor();
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    // Back on the same list, with the filter and the sort that was asked for when the session ended.
    await page.waitForURL(/\/system\/users\?.*role=secretary/);
    expect(page.url()).toContain('sort=displayName');
    await page.getByRole('row').filter({ hasText: 'sec-B' }).first().waitFor();
    expect(problems.filter((p) => !p.includes('status of 401'))).toEqual([]);
  });
});

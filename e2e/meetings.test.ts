import type { Page } from 'playwright-core';
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
  watchConsole,
} from './harness.js';

const TESTS = [
  'meetings › a branch secretary records a 支委会 with 第一议题 and attendance via the check-in code; the compliance cell turns green',
  'meetings › 组织部 reads the calendar, the register, learning statistics and the compliance matrix, also in English',
  'meetings › 组织部 adds a meeting type for committees; a branch secretary reads the types without editing them',
];
const enabled = browserAvailable(TESTS);
/** The demo branch whose 支委会 of this month is not yet recorded (server/src/seed/demo-meetings.ts DEMO_OPEN_BRANCH). */
const BRANCH = 'B001';
const MONTH = Number(new Intl.DateTimeFormat('en', { month: 'numeric', timeZone: 'Asia/Shanghai' }).format(new Date()));

/** The state of a matrix cell (ok / miss / open / na) for a row's organisation code and a month. */
async function cellState(page: Page, orgCode: string, month: number): Promise<string | null> {
  const cell = page.locator(`tr[data-org="${orgCode}"] [data-month="${month}"] [data-state]`);
  await cell.waitFor();
  return cell.getAttribute('data-state');
}

describe.skipIf(!enabled)('meetings (real browser, real server)', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  sessionHooks(() => ({ page, browser, server, problems }));

  beforeAll(async () => {
    ({ server, browser, page, problems } = await startSession());
  });

  it('a branch secretary records a 支委会 with 第一议题 and attendance via the check-in code; the compliance cell turns green', async () => {
    await signIn(page, server.url, `sec-${BRANCH}`);
    // The workbench tells the secretary what the branch still owes this period, with a link to record it.
    const life = page.locator('[data-testid^="branch-life-"]');
    await life.getByText(/本期还有 \d+ 项会议未开展/).waitFor();
    await life.locator('.ant-list-item').filter({ hasText: '支委会' }).getByRole('link', { name: '去登记' }).waitFor();
    await shot(page, 'meetings-00-home-branch-life');
    // The compliance matrix: this month's cell is still open (the 支委会 is missing).
    await page.getByRole('link', { name: '组织生活合规' }).first().click();
    await page.waitForURL(/\/compliance/);
    expect(await cellState(page, BRANCH, MONTH)).toBe('open');
    await shot(page, 'meetings-01-compliance-branch-before');
    // Drill into the branch: the missing 支委会 is listed with a link to record it.
    await page.locator(`tr[data-org="${BRANCH}"] [data-month="${MONTH}"]`).click();
    await page.waitForURL(/\/compliance\/branches\/\d+/);
    await page.getByText('本期缺项').waitFor();
    await page.getByText('支委会', { exact: true }).first().waitFor();
    await shot(page, 'meetings-02-branch-missing-list', { fullPage: true });
    await page.getByRole('link', { name: '去登记' }).first().click();
    await page.waitForURL(/\/meetings\/new\?/);

    // The form: type and organisation come from the link; the 第一议题 row is there and must be filled.
    await page
      .getByText('本次会议尚未安排第一议题')
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    const start = page.getByLabel('开始时间');
    await start.click();
    await start.fill('');
    const now = new Date(Date.now() - 30 * 60_000);
    const local = new Intl.DateTimeFormat('sv-SE', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    })
      .format(now)
      .replace(',', '');
    await start.pressSequentially(local);
    // Leave the field (Enter would submit the whole form).
    await page.getByRole('heading', { name: '新建会议' }).click();
    await expect.poll(() => start.inputValue()).toBe(local);
    await page.getByLabel('议题 1').fill('学习习近平总书记关于国有企业改革发展和党的建设的重要论述');
    await page.getByRole('button', { name: '添加议题' }).click();
    await page.getByLabel('议题 2').fill('研究部署12月安全生产工作');
    await page.getByLabel('地点').fill('党员活动室');
    await shot(page, 'meetings-03-form', { fullPage: true });
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await page.waitForURL(/\/meetings\/\d+$/);
    const meetingUrl = page.url();
    await page.getByText('第一议题', { exact: true }).first().waitFor();
    expect(await bodyText(page)).not.toContain('未安排“第一议题”');
    await shot(page, 'meetings-04-detail-planned', { fullPage: true });

    // The check-in screen: open check-in, read the code, see the QR.
    await page.getByRole('button', { name: '签到' }).first().click();
    await page.waitForURL(/\/checkin$/);
    await page.getByRole('button', { name: '开启签到' }).click();
    const codeEl = page.getByTestId('checkin-code');
    await codeEl.waitFor();
    const code = ((await codeEl.textContent()) ?? '').trim();
    expect(code).toMatch(/^[A-Z2-9]{6}$/);
    await page.locator('[role="img"] svg').first().waitFor();
    await shot(page, 'meetings-05-checkin-screen');

    // The secretary checks in on a phone with the code (the member's own page).
    const phone = await browser.context.newPage();
    const phoneProblems = watchConsole(phone);
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${server.url}/meetings/checkin`);
    await phone.getByLabel('签到码').fill(code.toLowerCase());
    await shot(phone, 'meetings-06-phone-checkin');
    await phone.getByRole('button', { name: '签到', exact: true }).click();
    await phone.getByText('签到成功').waitFor();
    await shot(phone, 'meetings-07-phone-checked-in');
    expect(phoneProblems).toEqual([]);
    await phone.close();
    await page.getByTestId('checkin-live').filter({ hasText: '已签到 1 /' }).waitFor();

    // Back on the meeting: the check-in shows; the recorder marks one more present and one on leave; record as held.
    await page.goto(meetingUrl);
    await page.getByText('扫码/签到码签到').waitFor();
    const rows = page.locator('.ant-table-row');
    const others = await rows.filter({ hasNotText: '扫码/签到码签到' }).all();
    expect(others.length).toBeGreaterThanOrEqual(2);
    await others[0]?.getByText('出席', { exact: true }).click();
    await others[1]?.getByText('请假', { exact: true }).click();
    await page.getByLabel('请假事由').last().fill('倒班');
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('倒班').waitFor();
    await page.getByRole('button', { name: '登记为已召开' }).click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('已召开', { exact: true }).first().waitFor();
    await shot(page, 'meetings-08-detail-held', { fullPage: true });

    // The compliance matrix: this month's cell is now green.
    await page.getByRole('link', { name: '组织生活合规' }).first().click();
    await page.waitForURL(/\/compliance/);
    await page.waitForFunction(
      ([org, month]) =>
        document.querySelector(`tr[data-org="${org}"] [data-month="${month}"] [data-state]`)?.getAttribute('data-state') === 'ok',
      [BRANCH, MONTH] as const,
    );
    expect(await cellState(page, BRANCH, MONTH)).toBe('ok');
    await shot(page, 'meetings-09-compliance-branch-after');
    // …and the workbench no longer asks for this month's 支委会.
    await page.getByRole('link', { name: '工作台' }).first().click();
    await page.locator('[data-testid^="branch-life-"]').getByText(/本期/).first().waitFor();
    const monthKey = `${new Date().getFullYear()}-${String(MONTH).padStart(2, '0')}`;
    const stillOwed = page
      .locator('[data-testid^="branch-life-"] .ant-list-item')
      .filter({ hasText: '支委会' })
      .filter({ hasText: monthKey });
    expect(await stillOwed.count()).toBe(0);
    expect(problems).toEqual([]);
    await signOut(page);
  });

  it('组织部 reads the calendar, the register, learning statistics and the compliance matrix, also in English', async () => {
    await browser.context.clearCookies();
    await signIn(page, server.url, 'zzb');
    await page.getByRole('link', { name: '会议与组织生活' }).first().click();
    await page.waitForURL(/\/meetings/);
    await page.locator('[data-date] a').first().waitFor();
    await shot(page, 'meetings-10-calendar-month');
    await page.getByText('周', { exact: true }).click();
    await page.locator('[data-date] a').first().waitFor();
    await shot(page, 'meetings-11-calendar-week');
    await page.getByRole('tab', { name: '会议台账' }).click();
    await page.locator('.ant-table-row').first().waitFor();
    await shot(page, 'meetings-12-register');
    await page.getByRole('tab', { name: '计划与召开' }).click();
    await page.getByText('主题党日').first().waitFor();
    await shot(page, 'meetings-13-planned-vs-held');

    await page.getByRole('link', { name: '理论学习（五学）' }).first().click();
    await page.waitForURL(/\/learning/);
    await page.locator('canvas').first().waitFor();
    const body = await bodyText(page);
    expect(body).toContain('人均学时');
    await shot(page, 'meetings-14-learning-stats', { fullPage: true });
    await page.getByRole('tab', { name: '学习计划' }).click();
    await page
      .getByText(/已完成 \d+ \/ \d+ 个专题/)
      .first()
      .waitFor();
    await shot(page, 'meetings-15-learning-plans');

    await page.getByRole('link', { name: '组织生活合规' }).first().click();
    await page.waitForURL(/\/compliance/);
    await page.getByTestId('compliance-totals').waitFor();
    expect(await page.locator('[data-state="miss"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-state="ok"]').count()).toBeGreaterThan(0);
    await shot(page, 'meetings-16-compliance-top', { fullPage: true });
    await page.getByRole('tab', { name: '频次规则' }).click();
    await page.getByText('设支委会的党支部').waitFor();
    await shot(page, 'meetings-17-compliance-rules');

    await page.getByText('English', { exact: true }).click();
    await page.getByRole('tab', { name: 'Frequencies' }).waitFor();
    await page.getByRole('tab', { name: 'Compliance matrix' }).click();
    await page.getByTestId('compliance-totals').waitFor();
    expect((await page.getByTestId('compliance-totals').textContent()) ?? '').toMatch(/branches/);
    await shot(page, 'meetings-18-compliance-english');
    expect(problems).toEqual([]);
  });
  it('组织部 adds a meeting type for committees; a branch secretary reads the types without editing them', async () => {
    await signIn(page, server.url, 'zzb');
    await page.getByText('中文', { exact: true }).click();
    await page.goto(`${server.url}/meetings`);
    await page.getByRole('button', { name: '会议类型设置' }).click();
    await page.waitForURL(/\/meetings\/types$/);
    await page.getByRole('row').filter({ hasText: '支委会' }).first().getByText('须安排第一议题').waitFor();

    await page.getByRole('button', { name: '新增会议类型' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '新增会议类型' });
    await dialog.waitFor();
    await dialog.getByLabel('编码').fill('Joint');
    await dialog.getByRole('button', { name: '保存' }).click();
    await dialog.getByText('编码须以小写字母开头').waitFor();
    await dialog.getByLabel('编码').fill('joint_meeting');
    await dialog.getByLabel('名称（中文）').fill('党政联席会议');
    await dialog.getByLabel('名称（英文）').fill('Joint party-management meeting');
    await chooseOption(page, dialog.getByLabel('类别', { exact: true }), '三会一层');
    await dialog.getByRole('checkbox', { name: '党委', exact: true }).check();
    await dialog.getByRole('checkbox', { name: '党支部', exact: true }).uncheck();
    await dialog.getByRole('checkbox', { name: '党的会议须安排“第一议题”' }).check();
    await shot(page, 'meetings-19-type-form');
    await dialog.getByRole('button', { name: '保存' }).click();
    await page.getByText('会议类型已保存').waitFor();
    const row = page.getByRole('row').filter({ hasText: '党政联席会议' });
    await row.getByText('joint_meeting').waitFor();
    expect((await row.textContent()) ?? '').toContain('须安排第一议题');
    await shot(page, 'meetings-20-types');
    // The new type is offered when a committee records a meeting.
    const types = (await (await page.request.get(`${server.url}/api/meeting-types`)).json()) as Array<{ code: string; orgKinds: string[] }>;
    expect(types.find((ty) => ty.code === 'joint_meeting')?.orgKinds).toEqual(['committee']);

    await signIn(page, server.url, `sec-${BRANCH}`);
    await page.goto(`${server.url}/meetings/types`);
    await page.getByText('仅系统管理员和最上级组织的组织部管理员可修改会议类型；您可以查看。').waitFor();
    await page.getByRole('row').filter({ hasText: '党政联席会议' }).waitFor();
    expect(await page.getByRole('button', { name: '新增会议类型' }).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});

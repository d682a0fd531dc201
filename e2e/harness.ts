/**
 * End-to-end harness: builds the web UI when stale, starts the real server on a fresh database (a temp SQLite
 * file, or a new PostgreSQL database when TEST_DATABASE_URL is set), and drives Debian's Chromium through
 * playwright-core. Screenshots go to test-results/screenshots/<name>.png.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { type BrowserContext, chromium, type Locator, type Page, type Request } from 'playwright-core';
import { afterAll, beforeEach } from 'vitest';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = '/usr/bin/chromium';
export const DEMO_PASSWORD = 'Demo-pass-2026';
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');
const LOG_DIR = path.join(ROOT, 'test-results');

let webBuilt = false;

/** Builds web/dist once per test run (node scripts/ensure-web-build.mjs rebuilds only when stale). */
export function ensureWebBuild(): void {
  if (webBuilt) {
    return;
  }
  const res = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'ensure-web-build.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (res.status !== 0) {
    throw new Error(`The web build failed:\n${res.stdout}\n${res.stderr}`);
  }
  webBuilt = true;
}

/**
 * True when the browser is there. Without it: under CI the suite fails loudly; elsewhere the named tests are
 * skipped with a message that says how to enable them.
 */
export function browserAvailable(testNames: string[]): boolean {
  if (fs.existsSync(CHROMIUM)) {
    return true;
  }
  if (process.env.CI) {
    throw new Error(
      `${CHROMIUM} is missing and CI is set: e2e tests are required in CI. Install it with: apt-get install -y chromium fonts-noto-cjk`,
    );
  }
  console.warn(
    [
      `\n[e2e] SKIPPED: ${CHROMIUM} was not found, so these end-to-end tests did not run:`,
      ...testNames.map((n) => `  - ${n}`),
      '[e2e] To run them, install the browser and CJK fonts:  apt-get install -y chromium fonts-noto-cjk',
      '[e2e] then:  npx vitest run --project e2e\n',
    ].join('\n'),
  );
  return false;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Client settings for a PostgreSQL URL; one without a user connects as the OS user (as the server does). */
function pgConfig(url: string): pg.ClientConfig {
  const u = new URL(url);
  if (u.username) {
    return { connectionString: url };
  }
  return {
    host: u.hostname || 'localhost',
    port: u.port ? Number(u.port) : 5432,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    user: process.env.PGUSER ?? os.userInfo().username,
  };
}

interface TestDatabase {
  url: string;
  kind: 'sqlite' | 'postgres';
  drop(): Promise<void>;
}

async function createDatabase(): Promise<TestDatabase> {
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const name = `e2e_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client(pgConfig(pgUrl));
    await admin.connect();
    try {
      await admin.query(`create database ${name}`);
    } finally {
      await admin.end();
    }
    const u = new URL(pgUrl);
    u.pathname = `/${name}`;
    return {
      url: u.toString(),
      kind: 'postgres',
      drop: async () => {
        const c = new pg.Client(pgConfig(pgUrl));
        await c.connect();
        try {
          await c.query(`drop database if exists ${name} with (force)`);
        } finally {
          await c.end();
        }
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guantong-e2e-db-'));
  return {
    url: path.join(dir, 'guantong.sqlite'),
    kind: 'sqlite',
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export interface RunningServer {
  url: string;
  database: 'sqlite' | 'postgres';
  /** The server's stdout and stderr (LOG_LEVEL=warn). */
  logPath: string;
  stop(): Promise<void>;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts `node --import tsx server/src/main.ts` on a free port and a fresh demo database; resolves once /api/health answers. */
export async function startServer(): Promise<RunningServer> {
  ensureWebBuild();
  const db = await createDatabase();
  const port = await freePort();
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const logPath = path.join(LOG_DIR, `e2e-server-${port}.log`);
  const log = fs.createWriteStream(logPath);
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server', 'src', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      GUANTONG_SEED: 'demo',
      GUANTONG_DEMO_PASSWORD: DEMO_PASSWORD,
      JOBS: 'off',
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}`;

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 10_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    log.end();
    await db.drop();
  };

  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(
        `The server exited with code ${child.exitCode} before it was ready; see ${logPath}:\n${fs.readFileSync(logPath, 'utf8').slice(-3000)}`,
      );
    }
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) {
        return { url, database: db.kind, logPath, stop };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`The server did not answer /api/health within 120 s; see ${logPath}`);
}

export interface Browser {
  context: BrowserContext;
  /** The last API requests the pages made (method, path, status or "pending", milliseconds), oldest first. */
  apiLog(): string[];
  close(): Promise<void>;
}

interface ApiCall {
  label: string;
  started: number;
  outcome: string | null;
  ms: number | null;
}

/** Keeps the last 40 /api/ requests of a browser context with their outcome, for the report of a failed test. */
function watchApi(context: BrowserContext): () => string[] {
  const calls = new Map<Request, ApiCall>();
  const settle = (request: Request, outcome: string) => {
    const call = calls.get(request);
    if (call && call.outcome === null) {
      call.outcome = outcome;
      call.ms = Date.now() - call.started;
    }
  };
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (!url.pathname.startsWith('/api/')) {
      return;
    }
    calls.set(request, { label: `${request.method()} ${url.pathname}${url.search}`, started: Date.now(), outcome: null, ms: null });
    if (calls.size > 40) {
      calls.delete(calls.keys().next().value as Request);
    }
  });
  context.on('response', (response) => settle(response.request(), String(response.status())));
  context.on('requestfailed', (request) => settle(request, `failed (${request.failure()?.errorText ?? 'unknown'})`));
  return () =>
    [...calls.values()].map((c) =>
      c.outcome === null ? `${c.label} → pending for ${Date.now() - c.started} ms` : `${c.label} → ${c.outcome} in ${c.ms} ms`,
    );
}

/**
 * When a test of the file fails, prints what a person would need to see why: the page's address and visible text,
 * the last API requests (a hanging write shows as pending), browser console problems and the server log's tail,
 * and saves a screenshot as failure-<test>.png. CI keeps only its output, so the output has to tell the story.
 */
export function reportFailures(get: () => Partial<Session>): void {
  beforeEach((ctx) => {
    ctx.onTestFailed(async () => {
      const { page, browser, server, problems } = get();
      const lines = [`--- failure report: ${ctx.task.name}`];
      if (page && !page.isClosed()) {
        lines.push(`page: ${page.url()}`);
        // The page's main area and any dialog or message on top of it, one line each block (the menu is left out).
        const text = await page
          .evaluate(() =>
            [...document.querySelectorAll<HTMLElement>('main, .ant-modal-wrap, .ant-message, .ant-notification, .ant-drawer')]
              // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a person reads
              .map((el) => el.innerText.replace(/\s*\n\s*/g, ' | ').trim())
              .filter((t) => t !== '')
              .join('\n'),
          )
          .catch((e: unknown) => `(no text: ${String(e)})`);
        lines.push(`visible text (first 3000 characters):\n${text.slice(0, 3000)}`);
        const name = `failure-${ctx.task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60)}`;
        await shot(page, name, { fullPage: true }).then(
          (file) => lines.push(`screenshot: ${file}`),
          () => undefined,
        );
      }
      if (browser) {
        lines.push('last API requests:', ...browser.apiLog().map((l) => `  ${l}`));
      }
      if (problems?.length) {
        lines.push('browser console problems:', ...problems.map((p) => `  ${p}`));
      }
      if (server && fs.existsSync(server.logPath)) {
        lines.push(`server log (tail of ${server.logPath}):`, fs.readFileSync(server.logPath, 'utf8').slice(-2000));
      }
      console.error(lines.join('\n'));
    });
  });
}

/** Launches Debian's Chromium headless with a throwaway profile, a 1366×768 desk-sized window and a Chinese locale. */
export async function launchBrowser(): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'guantong-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // The app then switches antd's animations off (as for anyone who asks the OS for reduced motion): a click on a
    // dialog's button while the dialog still zooms in was lost on a loaded machine.
    reducedMotion: 'reduce',
  });
  // A loaded CI machine (2 cores, both databases, a real browser) can be slow; waits stay generous, not flaky.
  context.setDefaultTimeout(60_000);
  context.setDefaultNavigationTimeout(60_000);
  const apiLog = watchApi(context);
  return {
    context,
    apiLog,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What a file's browser tests share: the server, the browser, its page and the console problems seen on it. */
export interface Session {
  server: RunningServer;
  browser: Browser;
  page: Page;
  problems: string[];
}

/** Starts the server on a fresh demo database and a browser with one page whose console is watched. */
export async function startSession(): Promise<Session> {
  const server = await startServer();
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (error) {
    await server.stop();
    throw error;
  }
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  return { server, browser, page, problems: watchConsole(page) };
}

/** Registers the failure report and the teardown (browser closed, server stopped) of a file's session. */
export function sessionHooks(get: () => Partial<Session>): void {
  reportFailures(get);
  afterAll(async () => {
    const { browser, server } = get();
    await browser?.close();
    await server?.stop();
  });
}

/**
 * Picks an option of an antd Select or TreeSelect as a person does (open the field, optionally type to search, click
 * the option) and waits until the field shows the choice. The dropdowns are virtual lists: on a loaded machine the
 * list can re-render under the pointer between mouse down and up, and the click is lost (1 of 34 picks with
 * both cores busy; it failed CI). A pick that did not take is made again, at most three times in all; a field that
 * never shows the choice fails the test. `option` is the option's text, or a function that finds it in the open
 * dropdown (then the field must show that option's text, unless `shows` says otherwise).
 */
export async function chooseOption(
  page: Page,
  field: Locator,
  option: string | RegExp | ((dropdown: Locator) => Locator),
  opts: { search?: string; shows?: string | RegExp } = {},
): Promise<void> {
  const select = field.locator('xpath=ancestor-or-self::*[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  for (let attempt = 1; ; attempt++) {
    await field.click();
    if (opts.search) {
      await page.keyboard.type(opts.search);
    }
    const dropdown = page.locator('.ant-select-dropdown:visible');
    const target =
      typeof option === 'function'
        ? option(dropdown)
        : dropdown.locator('.ant-select-item-option, .ant-select-tree-node-content-wrapper').filter({ hasText: option }).first();
    const shows = opts.shows ?? (typeof option === 'function' ? ((await target.textContent()) ?? '').trim() : option);
    await target.click();
    try {
      await select.filter({ hasText: shows }).waitFor({ timeout: 3_000 });
      return;
    } catch (error) {
      if (attempt >= 3) {
        throw error;
      }
      await page.keyboard.press('Escape');
    }
  }
}

/** Where downloads are saved: made on the first download (most files download nothing). */
let downloadDir: string | null = null;

/** Clicks what makes the browser download a file; returns the saved file's path and its suggested name. */
export async function download(page: Page, click: () => Promise<void>): Promise<{ file: string; name: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), click()]);
  downloadDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'guantong-e2e-downloads-'));
  const file = path.join(downloadDir, `${Date.now()}-${dl.suggestedFilename()}`);
  await dl.saveAs(file);
  return { file, name: dl.suggestedFilename() };
}

/** The first sheet of a workbook as rows of cell values (index 0 = column A). */
export async function readRows(file: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const rows: unknown[][] = [];
  wb.worksheets[0]?.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
  });
  return rows;
}

/** Saves a PNG of what the page shows to test-results/screenshots/<name>.png. */
export async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? false, animations: 'disabled' });
  return file;
}

/** Collects browser console errors, failed page scripts and missing i18n keys, for asserting a clean run. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (msg) => {
    const text = msg.text();
    // A 401 from /api/auth/me before sign-in and a wrong password are expected answers, logged by Chromium.
    if (/Failed to load resource: the server responded with a status of (401|423)/.test(text)) {
      return;
    }
    if (msg.type() === 'error' || text.startsWith('[i18n]')) {
      problems.push(`${msg.type()}: ${text}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

/** The text of the page as a person reads it (innerText leaves out hidden nodes). */
export async function bodyText(page: Page): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what a person reads
  return page.evaluate(() => document.body.innerText);
}

/**
 * A read-only API session of its own for a demo account (to find the demo's data a test then works on in the
 * browser; not what is tested): returns a GET that answers the parsed JSON.
 */
export async function apiAs(baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<(path: string) => Promise<unknown>> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'guantong' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) {
    throw new Error(`sign-in of ${username} failed: ${res.status}`);
  }
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return async (path: string) => (await fetch(`${baseUrl}${path}`, { headers: { cookie } })).json();
}

/**
 * Signs in through the login page from a signed-out browser (cookies cleared first) and waits until the app has
 * left /login. The password defaults to the demo accounts' one.
 */
export async function signIn(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel(/^(用户名|Username)$/).fill(username);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Signs out through the user menu (either language); the app may land on /login or /login?next=…. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: /用户菜单|User menu/ }).click();
  await page.getByRole('menuitem', { name: /退出登录|Sign out/ }).click();
  await page.waitForURL(/\/login(\?|$)/);
}

/**
 * `npm run bench:import [-- --db <sqlite file | postgres://…> --rows 50000 --runs 1]`
 *
 * The roster import benchmark (issue 3: a 50,000-row roster, target < 15 s and < 500 MB peak RSS). The parent
 * builds a fresh database holding only the group-scale organisation tree and one organisation administrator,
 * writes the roster as a filled import template (.xlsx, cached under bench/results/), then starts the real
 * application (buildApp) in a child process and imports the file through HTTP as a user would: upload
 * (parse, validate, store for preview), then commit (all or nothing). The child's wall time per phase and
 * its peak RSS (whole life, so the application's own footprint is included) are printed and written to
 * bench/results/import-<database>-<time>.{md,json}. Figures are printed, never asserted.
 * `--profile` writes the child's CPU profiles to bench/results/profiles/; `--trace-gc` prints its garbage collections.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '../server/src/app.js';
import { ensureAuditHead } from '../server/src/core/audit.js';
import { buildTemplate } from '../server/src/core/excel.js';
import { hashPassword } from '../server/src/core/passwords.js';
import { CSRF_HEADER, CSRF_VALUE, SESSION_COOKIE } from '../server/src/core/session.js';
import { openDatabase } from '../server/src/db/database.js';
import { migrateToLatest } from '../server/src/db/migrate.js';
import { readEnv } from '../server/src/env.js';
import { type DemoEnterprise, generateDemoEnterprise } from '../server/src/modules/orgs/demo-enterprise.js';
import { fillTemplate, multipart } from '../server/src/modules/orgs/orgs.testkit.js';
import { PEOPLE_SPEC } from '../server/src/modules/people/people.excel.js';
import { BENCH_PASSWORD, type GenContext } from './generators/context.js';
import { orgsStep } from './generators/orgs.js';
import { analyze, resetSequences } from './lib/bulk.js';
import { markdownTable } from './lib/format.js';
import { median } from './lib/stats.js';
import { type BenchTarget, RESULTS_DIR, recreatePostgresDatabase } from './lib/target.js';

const TARGET_SECONDS = 15;
const TARGET_RSS_MB = 500;
const ADMIN = 'import-admin';
const IMPORT_DATABASE = 'guantong_bench_import';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    rows: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '1' },
    today: { type: 'string', default: '2026-11-25' },
    child: { type: 'boolean', default: false },
    file: { type: 'string' },
    /** CPU profiles of the child (the application) under bench/results/profiles/. */
    profile: { type: 'boolean', default: false },
    /** The child's garbage collections on stdout. */
    'trace-gc': { type: 'boolean', default: false },
  },
  strict: true,
});

/** What the child reports: milliseconds per phase and RSS in MB. */
interface ChildResult {
  uploadMs: number;
  commitMs: number;
  totalMs: number;
  created: number;
  errorRows: number;
  mode: string;
  rssBeforeMb: number;
  /** Highest RSS sampled (every 20 ms) during the upload and during the commit. */
  uploadPeakMb: number;
  commitPeakMb: number;
  peakRssMb: number;
  maxLoopStallMs: number;
}

const mb = (bytes: number) => bytes / 1024 / 1024;

/** The child: the application on the prepared database, importing the file through HTTP. */
async function child(url: string, file: string): Promise<void> {
  const env = readEnv({ ...process.env, DATABASE_URL: url, GUANTONG_SEED: 'none', JOBS: 'off', LOG_LEVEL: 'silent' });
  const database = openDatabase(url);
  const { app } = await buildApp({ database, env, clock: () => new Date() }, { serveWeb: false });
  const data = fs.readFileSync(file);
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    headers: { [CSRF_HEADER]: CSRF_VALUE },
    payload: { username: ADMIN, password: BENCH_PASSWORD },
  });
  const cookie = login.cookies.find((c) => c.name === SESSION_COOKIE);
  if (login.statusCode !== 200 || !cookie) {
    throw new Error(`login failed: ${login.statusCode} ${login.body}`);
  }
  const headers = { cookie: `${SESSION_COOKIE}=${cookie.value}`, [CSRF_HEADER]: CSRF_VALUE };
  // The longest the event loop was held (other users' requests would have waited that long).
  let stall = 0;
  let last = performance.now();
  const peaks = { upload: 0, commit: 0 };
  let phase: keyof typeof peaks = 'upload';
  const sample = () => {
    const now = performance.now();
    stall = Math.max(stall, now - last - 20);
    last = now;
    peaks[phase] = Math.max(peaks[phase], process.memoryUsage.rss());
  };
  const tick = setInterval(sample, 20);
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const body = multipart('roster.xlsx', data);
  const up = await app.inject({
    method: 'POST',
    url: '/api/people/imports',
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
  if (up.statusCode !== 201) {
    throw new Error(`upload failed: ${up.statusCode} ${up.body.slice(0, 500)}`);
  }
  const job = up.json() as { id: number; errorRows: number; totalRows: number };
  const t1 = performance.now();
  sample();
  phase = 'commit';
  const mode = job.errorRows > 0 ? 'valid_only' : 'all_or_nothing';
  const commit = await app.inject({
    method: 'POST',
    url: `/api/people/imports/${job.id}/commit`,
    headers,
    payload: { mode },
  });
  if (commit.statusCode !== 200) {
    throw new Error(`commit failed: ${commit.statusCode} ${commit.body.slice(0, 500)}`);
  }
  const t2 = performance.now();
  sample();
  clearInterval(tick);
  const result: ChildResult = {
    uploadMs: t1 - t0,
    commitMs: t2 - t1,
    totalMs: t2 - t0,
    created: (commit.json() as { created: number }).created,
    errorRows: job.errorRows,
    mode,
    rssBeforeMb: mb(rssBefore),
    uploadPeakMb: mb(peaks.upload),
    commitPeakMb: mb(peaks.commit),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    maxLoopStallMs: stall,
  };
  await app.close();
  await database.destroy();
  process.send?.(result);
}

/** Where the import goes: a fresh SQLite file, or a database guantong_bench_import on the PostgreSQL server. */
function importTarget(db: string | undefined): BenchTarget {
  if (db && /^postgres(ql)?:\/\//.test(db)) {
    const u = new URL(db);
    u.pathname = `/${IMPORT_DATABASE}`;
    return { dialect: 'postgres', url: u.toString(), serverUrl: db, label: `postgres ${u.host}${u.pathname}` };
  }
  const file = path.resolve(db ?? path.join(RESULTS_DIR, 'bench-import.sqlite'));
  return { dialect: 'sqlite', url: file, serverUrl: null, label: `sqlite ${path.relative(process.cwd(), file) || file}` };
}

/** A fresh database with the group's organisation tree and one org_admin at the top (no people). */
async function prepare(target: BenchTarget, enterprise: DemoEnterprise, today: string): Promise<void> {
  if (target.dialect === 'postgres') {
    await recreatePostgresDatabase(target, 'group', IMPORT_DATABASE);
  } else {
    for (const suffix of ['', '-wal', '-shm', '-journal']) {
      fs.rmSync(`${target.url}${suffix}`, { force: true });
    }
  }
  const database = openDatabase(target.url);
  try {
    await migrateToLatest(database);
    await ensureAuditHead(database.db);
    const ctx: GenContext = {
      db: database.db,
      database,
      dialect: database.dialect,
      scale: 'group',
      now: new Date().toISOString(),
      today,
      enterprise,
      passwordHash: await hashPassword(BENCH_PASSWORD),
      orgs: [],
      orgByCode: new Map(),
      users: [],
      personByEmployeeNo: new Map(),
      extra: new Map(),
    };
    await database.db.transaction().execute((trx) => orgsStep.run({ ...ctx, db: trx }));
    await resetSequences(database.db, database.dialect, ['orgs']);
    const top = ctx.orgs.find((o) => o.parentId === null);
    if (!top) {
      throw new Error('no top organisation');
    }
    const user = await database.db
      .insertInto('users')
      .values({
        username: ADMIN,
        display_name: '导入测试管理员',
        password_hash: ctx.passwordHash,
        status: 'active',
        person_id: null,
        must_change_password: 0,
        last_login_at: null,
        created_at: ctx.now,
        updated_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('role_grants')
      .values({ user_id: user.id, role: 'org_admin', org_id: top.id, created_at: ctx.now })
      .execute();
    if (database.dialect === 'postgres') {
      await analyze(database.db);
    }
  } finally {
    await database.destroy();
  }
}

/** The enterprise prefix of a group-scale code ('C05-B012-1' → 'C05'). */
function enterpriseOf(code: string): string {
  const dash = code.indexOf('-');
  return dash < 0 ? '' : code.slice(0, dash);
}

/**
 * The first `count` people of the generated group as template rows: members in their branch (and group),
 * others in the 党总支 (or committee) of their unit, as bench/generators/people.ts places them.
 */
function rosterRows(enterprise: DemoEnterprise, count: number): Array<Record<string, string | Date | null>> {
  const rootOf = new Map<string, string>();
  const unitOrg = new Map<string, { code: string; kind: string }>();
  for (const o of enterprise.orgs) {
    const prefix = o.kind !== 'committee' ? enterpriseOf(o.code) : o.code;
    if (o.kind === 'committee') {
      rootOf.set(prefix, o.code);
    }
    const key = `${prefix}|${o.businessUnit}`;
    if ((o.kind === 'general_branch' || o.kind === 'committee') && (!unitOrg.has(key) || o.kind === 'general_branch')) {
      unitOrg.set(key, { code: o.code, kind: o.kind });
    }
  }
  const top = enterprise.orgs.find((o) => o.parentCode === null)?.code ?? '';
  const label: Record<string, string> = {
    full: '党员',
    probationary: '预备党员',
    activist: '入党积极分子',
    candidate: '发展对象',
    applicant: '入党申请人',
    non_member: '群众',
  };
  const date = (iso: string | null) => (iso ? new Date(`${iso}T00:00:00Z`) : null);
  const rows: Array<Record<string, string | Date | null>> = [];
  let enterpriseCode = '';
  for (const p of enterprise.people.slice(0, count)) {
    let orgCode: string;
    if (p.branchCode) {
      orgCode = p.branchCode;
      enterpriseCode = enterpriseOf(p.branchCode);
    } else {
      orgCode = unitOrg.get(`${enterpriseCode}|${p.businessUnit}`)?.code ?? rootOf.get(enterpriseCode) ?? top;
    }
    rows.push({
      工号: p.employeeNo,
      姓名: p.name,
      性别: p.gender === 'male' ? '男' : '女',
      民族: p.ethnicity,
      出生日期: date(p.birthDate),
      学历: p.education,
      '岗位/职务': p.jobTitle,
      所在单位: p.businessUnit,
      手机号码: p.phone,
      政治面貌: label[p.partyStatus] ?? p.partyStatus,
      入党日期: date(p.joinedPartyOn),
      转正日期: date(p.fullMemberOn),
      所在组织编码: orgCode,
      党小组编码: p.groupCode,
      是否干部: p.isCadre ? '是' : '否',
      是否离退休: p.isRetired ? '是' : '否',
      是否流动党员: p.isMobile ? '是' : '否',
    });
  }
  return rows;
}

function runChild(url: string, file: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const c = fork(fileURLToPath(import.meta.url), ['--child', '--db', url, '--file', file], {
      execArgv: [
        '--import',
        import.meta.resolve('tsx'),
        '--expose-gc',
        ...(values['trace-gc'] ? ['--trace-gc'] : []),
        ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS_DIR, 'profiles')}`] : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: ChildResult | null = null;
    c.on('message', (m) => {
      result = m as ChildResult;
    });
    c.on('exit', (code) => (result ? resolve(result) : reject(new Error(`import child exited with ${code}`))));
  });
}

if (values.child) {
  if (!values.db || !values.file) {
    throw new Error('--child needs --db and --file');
  }
  await child(values.db, values.file);
  process.exit(0);
}

const rows = Number(values.rows);
const runs = Number(values.runs);
const today = values.today;
const target = importTarget(values.db);
const enterprise = generateDemoEnterprise({ scale: 'group', today });
if (rows > enterprise.people.length) {
  throw new Error(`--rows at most ${enterprise.people.length}`);
}
fs.mkdirSync(RESULTS_DIR, { recursive: true });
const file = path.join(RESULTS_DIR, `roster-${rows}-${today}.xlsx`);
if (!fs.existsSync(file)) {
  const t = performance.now();
  const template = await buildTemplate(PEOPLE_SPEC);
  fs.writeFileSync(file, await fillTemplate(template, rosterRows(enterprise, rows)));
  console.log(
    `  wrote ${path.relative(process.cwd(), file)} (${(fs.statSync(file).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}
const load = os.loadavg()[0];
console.log(
  `bench:import — ${rows.toLocaleString('en')} roster rows into ${target.label}; ${runs} run(s); load average ${load.toFixed(1)}`,
);
const results: ChildResult[] = [];
for (let i = 0; i < runs; i++) {
  await prepare(target, enterprise, today);
  const r = await runChild(target.url, file);
  results.push(r);
  console.log(
    `  run ${i + 1}: upload ${(r.uploadMs / 1000).toFixed(1)} s, commit ${(r.commitMs / 1000).toFixed(1)} s, total ${(r.totalMs / 1000).toFixed(1)} s; ` +
      `${r.created} created (${r.errorRows} rows with errors, ${r.mode}); RSS ${r.rssBeforeMb.toFixed(0)} MB before, ` +
      `${r.uploadPeakMb.toFixed(0)} MB in the upload, ${r.commitPeakMb.toFixed(0)} MB in the commit, peak ${r.peakRssMb.toFixed(0)} MB; ` +
      `longest event-loop stall ${(r.maxLoopStallMs / 1000).toFixed(1)} s`,
  );
}
const m = (f: (r: ChildResult) => number) => median(results.map(f));
const total = m((r) => r.totalMs) / 1000;
const peak = m((r) => r.peakRssMb);
const table = markdownTable(
  ['', `median of ${runs}`, 'target'],
  [
    ['upload (parse, validate, store)', `${(m((r) => r.uploadMs) / 1000).toFixed(1)} s`, ''],
    ['commit (one transaction)', `${(m((r) => r.commitMs) / 1000).toFixed(1)} s`, ''],
    ['total', `${total.toFixed(1)} s`, `< ${TARGET_SECONDS} s: ${total < TARGET_SECONDS ? 'PASS' : 'MISS'}`],
    ['peak RSS (process)', `${peak.toFixed(0)} MB`, `< ${TARGET_RSS_MB} MB: ${peak < TARGET_RSS_MB ? 'PASS' : 'MISS'}`],
    ['RSS before the upload', `${m((r) => r.rssBeforeMb).toFixed(0)} MB`, ''],
    ['RSS peak in the upload / commit', `${m((r) => r.uploadPeakMb).toFixed(0)} / ${m((r) => r.commitPeakMb).toFixed(0)} MB`, ''],
    ['longest event-loop stall', `${(m((r) => r.maxLoopStallMs) / 1000).toFixed(1)} s`, ''],
  ],
);
const when = new Date();
const markdown = [
  `### roster import — ${rows.toLocaleString('en')} rows, ${target.dialect} — ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  '',
  `${os.cpus().length} CPUs, Node ${process.version}, load average before ${load.toFixed(1)}.`,
  '',
  table,
  '',
].join('\n');
console.log(`\n${markdown}`);
const base = path.join(RESULTS_DIR, `import-${target.dialect}-${when.toISOString().replace(/[:.]/g, '-').slice(0, 19)}`);
fs.writeFileSync(`${base}.md`, markdown);
fs.writeFileSync(
  `${base}.json`,
  `${JSON.stringify({ rows, target: target.label, at: when.toISOString(), loadavgBefore: load, runs: results }, null, 2)}\n`,
);
console.log(`written: ${path.relative(process.cwd(), base)}.{md,json}`);

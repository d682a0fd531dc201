/**
 * `npm run bench [-- --scale group --db <sqlite file | postgres://…> --duration 10 --connections 50 --runs 3]`
 *
 * The framework-overhead benchmark: the real application (buildApp, in a child process) serving an
 * authenticated, org-scoped list, against a bare Fastify server (another child process) running the
 * same repository call — the same Kysely query — without sessions, grants, zod or presenter. Runs
 * alternate between the two; the medians over the runs are reported with the targets (printed, never
 * asserted) and written to bench/results/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { scopeFor, whereInScope } from '../server/src/core/access.js';
import { CSRF_HEADER, CSRF_VALUE, loadGrants, SESSION_COOKIE } from '../server/src/core/session.js';
import { openDatabase, pgClientConfig } from '../server/src/db/database.js';
import { BENCH_PASSWORD } from './generators/context.js';
import { type ServerChild, startServer } from './lib/children.js';
import { markdownTable } from './lib/format.js';
import { drive, type LoadResult } from './lib/load.js';
import { summariseProfile } from './lib/profile.js';
import { median } from './lib/stats.js';
import { type BenchTarget, parseScale, RESULTS_DIR, resolveTarget } from './lib/target.js';
import { SCENARIOS, type Scenario } from './scenarios.js';

const TARGET_P95_MS = 50;
const TARGET_RATIO = 0.7;

const { values } = parseArgs({
  options: {
    scale: { type: 'string' },
    db: { type: 'string' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    runs: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '3' },
    scenario: { type: 'string' },
    user: { type: 'string' },
    logger: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
  },
  strict: true,
});
const scale = parseScale(values.scale);
const target = resolveTarget(scale, values.db);
const duration = positive('duration');
const connections = positive('connections');
const runs = positive('runs');
const warmup = Number(values.warmup);
if (values.scenario && !SCENARIOS.some((s) => s.name === values.scenario)) {
  throw new Error(`--scenario must be one of ${SCENARIOS.map((s) => s.name).join(', ')}`);
}

function positive(name: 'duration' | 'connections' | 'runs'): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`--${name} must be a positive integer`);
  }
  return n;
}

const dataHint = `run \`npm run bench:data -- --scale ${scale}${values.db ? ` --db ${values.db}` : ''}\``;

async function assertDataExists(t: BenchTarget): Promise<void> {
  if (t.dialect === 'sqlite') {
    if (!fs.existsSync(t.url)) {
      throw new Error(`${t.label} does not exist: ${dataHint} first`);
    }
    return;
  }
  const client = new pg.Client(pgClientConfig(t.url));
  try {
    await client.connect();
    await client.end();
  } catch (error) {
    throw new Error(`cannot open ${t.label} (${String(error)}): ${dataHint} first`);
  }
}

/** The scenario asked for, or the heaviest one the application serves (its route answers anything but 404). */
async function chooseScenario(port: number): Promise<Scenario> {
  if (values.scenario) {
    return SCENARIOS.find((s) => s.name === values.scenario) as Scenario;
  }
  for (const s of [...SCENARIOS].reverse()) {
    const res = await fetch(`http://127.0.0.1:${port}${s.path}`);
    await res.arrayBuffer();
    if (res.status !== 404) {
      return s;
    }
  }
  throw new Error('the application serves none of the scenarios');
}

/** The account to sign in as, with a description of its scope. */
async function chooseUser(scenario: Scenario): Promise<{ username: string; scopeOrgs: number; grants: string }> {
  const database = openDatabase(target.url);
  try {
    const db = database.db;
    const username = values.user ?? (await scenario.defaultUser(db));
    const user = await db.selectFrom('users').select(['id', 'display_name']).where('username', '=', username).executeTakeFirst();
    if (!user) {
      throw new Error(`no user ${username} in ${target.label}`);
    }
    const grants = await loadGrants(db, user.id);
    const scope = scopeFor({ userId: user.id, username, displayName: user.display_name, grants });
    const count = (inScope: boolean) =>
      db
        .selectFrom('orgs')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .$if(inScope, (qb) => qb.where((eb) => whereInScope(eb, 'orgs.path', scope)))
        .executeTakeFirstOrThrow();
    const [inside, all] = await Promise.all([count(true), count(false)]);
    return {
      username,
      scopeOrgs: Number(inside.n),
      grants: `${grants.map((g) => `${g.role}@${g.orgPath}`).join(', ')} (${Number(inside.n)} of ${Number(all.n)} orgs)`,
    };
  } finally {
    await database.destroy();
  }
}

async function login(port: number, username: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [CSRF_HEADER]: CSRF_VALUE },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (res.status !== 200) {
    throw new Error(`login as ${username} failed: ${res.status} ${await res.text()}`);
  }
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) {
    throw new Error('login answered without a session cookie');
  }
  return cookie.split(';')[0];
}

interface Listing {
  items: Array<{ id: number }>;
  total: number;
}

async function fetchJson(url: string, headers: Record<string, string>): Promise<{ body: Listing; bytes: number }> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  if (res.status !== 200) {
    throw new Error(`GET ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  }
  return { body: JSON.parse(text) as Listing, bytes: Buffer.byteLength(text) };
}

type Measured = LoadResult & { cpuUsPerRequest: number };

interface Side {
  name: 'framework' | 'bare';
  server: ServerChild;
  url: string;
  headers: Record<string, string>;
  runs: Measured[];
}

interface Summary {
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  cpuUsPerRequest: number;
  bytesPerResponse: number;
  failed: number;
}

async function measure(side: Side, seconds: number): Promise<Measured> {
  const before = await side.server.cpu();
  const r = await drive(side.url, side.headers, connections, seconds);
  const after = await side.server.cpu();
  await settle(side.server);
  return { ...r, cpuUsPerRequest: (after - before) / Math.max(1, r.ok + r.non2xx) };
}

/** Waits (up to 30 s) until the server has worked off requests still queued when the load stopped. */
async function settle(server: ServerChild): Promise<void> {
  let last = await server.cpu();
  for (let waited = 0; waited < 30_000; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await server.cpu();
    if (now - last < 25_000) {
      return;
    }
    last = now;
  }
}

function summarise(side: Side): Summary {
  const m = (f: (r: Measured) => number) => median(side.runs.map(f));
  return {
    rps: m((r) => r.rps),
    p50: m((r) => r.p50),
    p95: m((r) => r.p95),
    p99: m((r) => r.p99),
    cpuUsPerRequest: m((r) => r.cpuUsPerRequest),
    bytesPerResponse: m((r) => r.bytesPerResponse),
    failed: side.runs.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
  };
}

const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');

await assertDataExists(target);
const load = os.loadavg()[0];
if (load > os.cpus().length * 0.5) {
  console.log(
    `  note: load average ${load.toFixed(1)} on ${os.cpus().length} CPUs before the run: other work competes, expect noisy figures`,
  );
}
const started: ServerChild[] = [];
const profiles: string[] = [];
try {
  const app = await startServer('framework', 'app-server.ts', {
    BENCH_DB_URL: target.url,
    BENCH_LOGGER: values.logger ? 'on' : 'off',
  }).catch((error: Error) => {
    throw new Error(
      /migration/i.test(error.message) ? `${error.message}\nThe bench database is out of date: ${dataHint} again.` : error.message,
    );
  });
  started.push(app);
  const scenario = await chooseScenario(app.port);
  const user = await chooseUser(scenario);
  const bare = await startServer('bare', 'bare-server.ts', { BENCH_DB_URL: target.url, BENCH_USER: user.username });
  started.push(bare);
  console.log(`bench — ${scenario.description}`);
  console.log(`  data: ${target.label} (scale ${scale}); user ${user.username}: ${user.grants}`);
  console.log(
    `  load: ${connections} connections, ${runs} × ${duration} s per server (alternating) after ${warmup} s warm-up; ` +
      `${os.cpus().length} CPUs, Node ${process.version}`,
  );

  const cookie = await login(app.port, user.username);
  const query = scenario.path.split('?')[1] ?? '';
  const sides: Side[] = [
    { name: 'framework', server: app, url: `http://127.0.0.1:${app.port}${scenario.path}`, headers: { cookie }, runs: [] },
    { name: 'bare', server: bare, url: `http://127.0.0.1:${bare.port}/bare/${scenario.name}?${query}`, headers: {}, runs: [] },
  ];
  // Both must answer the same page before their speed is compared.
  const [fw, bw] = await Promise.all(sides.map((s) => fetchJson(s.url, s.headers)));
  const sameIds = JSON.stringify(fw.body.items.map((i) => i.id)) === JSON.stringify(bw.body.items.map((i) => i.id));
  if (fw.body.total !== bw.body.total || !sameIds) {
    throw new Error(`framework and bare answers differ (total ${fw.body.total} vs ${bw.body.total}, same ids: ${sameIds})`);
  }
  console.log(`  page: ${fw.body.items.length} items of ${fw.body.total}; body ${fw.bytes} bytes (framework) / ${bw.bytes} bytes (bare)\n`);

  if (warmup > 0) {
    for (const s of sides) {
      await drive(s.url, s.headers, connections, warmup);
      await settle(s.server);
    }
  }
  if (values.profile) {
    for (const s of sides) {
      s.server.profileStart();
    }
  }
  for (let i = 0; i < runs; i++) {
    // Alternate the order so drift in the machine's load falls on both sides.
    for (const s of i % 2 === 0 ? sides : [...sides].reverse()) {
      const r = await measure(s, duration);
      s.runs.push(r);
      const failures = r.non2xx + r.errors + r.timeouts ? `  non-2xx ${r.non2xx} errors ${r.errors} timeouts ${r.timeouts}` : '';
      console.log(
        `  run ${i + 1} ${s.name.padEnd(9)} ${fixed(r.rps, 0).padStart(6)} req/s  p50 ${fixed(r.p50)}  p95 ${fixed(r.p95)}  ` +
          `p99 ${fixed(r.p99)} ms  cpu ${fixed(r.cpuUsPerRequest, 0)} µs/req${failures}`,
      );
    }
  }
  if (values.profile) {
    const dir = path.join(RESULTS_DIR, 'profiles');
    fs.mkdirSync(dir, { recursive: true });
    for (const s of sides) {
      const file = path.join(dir, `${scenario.name}-${scale}-${target.dialect}-${s.name}-${Date.now()}.cpuprofile`);
      await s.server.profileStop(file);
      profiles.push(file);
    }
  }

  const f = summarise(sides[0]);
  const b = summarise(sides[1]);
  const ratio = f.rps / b.rps;
  const table = markdownTable(
    ['', 'framework', 'bare', 'framework/bare', 'target'],
    [
      ['req/s (median)', fixed(f.rps, 0), fixed(b.rps, 0), fixed(ratio, 2), `ratio ≥ ${TARGET_RATIO}: ${verdict(ratio >= TARGET_RATIO)}`],
      ['p50 ms', fixed(f.p50), fixed(b.p50), fixed(f.p50 / b.p50, 2), ''],
      ['p95 ms', fixed(f.p95), fixed(b.p95), fixed(f.p95 / b.p95, 2), `p95 < ${TARGET_P95_MS} ms: ${verdict(f.p95 < TARGET_P95_MS)}`],
      ['p99 ms', fixed(f.p99), fixed(b.p99), fixed(f.p99 / b.p99, 2), ''],
      ['server CPU µs/req', fixed(f.cpuUsPerRequest, 0), fixed(b.cpuUsPerRequest, 0), fixed(f.cpuUsPerRequest / b.cpuUsPerRequest, 2), ''],
      ['response bytes', fixed(f.bytesPerResponse, 0), fixed(b.bytesPerResponse, 0), '', ''],
      ['failed requests', String(f.failed), String(b.failed), '', 'should be 0'],
    ],
  );
  const when = new Date();
  const cpus = os.cpus();
  const markdown = [
    `### ${scenario.name} — ${scale} scale, ${target.dialect} — ${when.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${scenario.description}; ${user.username}: ${user.grants}; ${fw.body.total} rows in scope.`,
    `${connections} connections, ${runs} runs × ${duration} s per server (medians), ${warmup} s warm-up; request logging ${values.logger ? 'on' : 'off'}.`,
    `${cpus.length} × ${cpus[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, load average before ${load.toFixed(1)}; the load generator, ` +
      `both servers${target.dialect === 'postgres' ? ' and PostgreSQL' : ''} share these CPUs${scale === 'group' ? '' : ' (the targets are set for group scale)'}.`,
    '',
    table,
    '',
  ].join('\n');
  console.log(`\n${markdown}`);

  const stamp = when.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const base = path.join(RESULTS_DIR, `${scenario.name}-${scale}-${target.dialect}-${stamp}`);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(`${base}.md`, markdown);
  const json = {
    scenario: scenario.name,
    path: scenario.path,
    scale,
    database: target.dialect,
    user: user.username,
    scopeOrgs: user.scopeOrgs,
    total: fw.body.total,
    connections,
    durationSeconds: duration,
    runs,
    warmupSeconds: warmup,
    requestLogging: values.logger,
    at: when.toISOString(),
    machine: { cpus: cpus.length, model: cpus[0]?.model.trim(), node: process.version, loadavgBefore: load },
    targets: {
      p95Ms: TARGET_P95_MS,
      ratio: TARGET_RATIO,
      p95Verdict: verdict(f.p95 < TARGET_P95_MS),
      ratioVerdict: verdict(ratio >= TARGET_RATIO),
    },
    ratio,
    summary: { framework: f, bare: b },
    runsDetail: Object.fromEntries(sides.map((s) => [s.name, s.runs])),
  };
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`written: ${path.relative(process.cwd(), base)}.{md,json}`);
} finally {
  for (const s of started.reverse()) {
    await s.stop();
  }
}
for (const file of profiles) {
  console.log(`\n${summariseProfile(file)}`);
}

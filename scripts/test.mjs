// npm test: lint, type-check, API tests, then end-to-end tests in a real browser.
// TEST_DATABASE_URL=postgres://… runs the API and e2e tests on PostgreSQL instead of SQLite.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const db = process.env.TEST_DATABASE_URL ? `PostgreSQL (${process.env.TEST_DATABASE_URL})` : 'SQLite';
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(title, cmd, args) {
  console.log(`\n=== ${title} ===`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (res.status !== 0) {
    failures.push(title);
  }
  return res.status === 0;
}

function vitest(project) {
  const out = path.join(root, 'test-results', `vitest-${project}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.rmSync(out, { force: true });
  run(`${project} tests on ${db}`, 'npx', [
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile=${out}`,
  ]);
  if (fs.existsSync(out)) {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + r.numTodoTests;
  }
}

run('lint (biome)', 'npx', ['biome', 'check', '.']);
run('typecheck', 'npm', ['run', 'typecheck', '--silent']);
vitest('server');
run('web build', 'node', ['scripts/ensure-web-build.mjs']);
vitest('e2e');

console.log(`\nDatabase: ${db}`);
if (failures.length) {
  console.log(`Failed steps: ${failures.join(', ')}`);
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(failures.length ? 1 : 0);

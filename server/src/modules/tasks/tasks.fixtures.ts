import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, makeUser, standardTree, type TestApp } from '../../test/harness.js';
import { seedFrameworkIfEmpty } from '../framework/framework.service.js';

/** Test world for the tasks module: the standard tree, one account per role, the 113344 framework. */
export interface TaskWorld {
  t: TestApp;
  tree: Awaited<ReturnType<typeof standardTree>>;
  users: Record<string, number>;
  /** Framework node ids by code (the seeded current year). */
  node: (code: string) => number;
  dataDir: string;
  close(): Promise<void>;
}

/**
 * Accounts: zzb (org_admin at C, the 组织部 operator), csec (secretary at C), leader (leader at C), g1sec / g2sec
 * (secretaries of the general branches), b11sec / b12sec / b21sec (branch secretaries), b11mem (member at B11),
 * gr111mem (member of the group under B11), b12admin (org_admin at B12, no secretary there).
 */
export async function taskWorld(): Promise<TaskWorld> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-tasks-'));
  const t = await createTestApp({ DATA_DIR: dataDir });
  const tree = await standardTree(t);
  const spec: Array<[string, 'org_admin' | 'secretary' | 'leader' | 'member', number]> = [
    ['zzb', 'org_admin', tree.c.id],
    ['csec', 'secretary', tree.c.id],
    ['leader', 'leader', tree.c.id],
    ['g1sec', 'secretary', tree.g1.id],
    ['g2sec', 'secretary', tree.g2.id],
    ['b11sec', 'secretary', tree.b11.id],
    ['b12sec', 'secretary', tree.b12.id],
    ['b21sec', 'secretary', tree.b21.id],
    ['b11mem', 'member', tree.b11.id],
    ['gr111mem', 'member', tree.gr111.id],
  ];
  const users: Record<string, number> = {};
  for (const [name, role, orgId] of spec) {
    users[name] = await makeUser(t, name, [{ role, orgId }]);
    await t.login(name);
  }
  await seedFrameworkIfEmpty(t.ctx);
  const nodes = await t.database.db.selectFrom('framework_nodes').select(['id', 'code']).execute();
  const byCode = new Map(nodes.map((n) => [n.code, n.id]));
  return {
    t,
    tree,
    users,
    dataDir,
    node: (code) => {
      const id = byCode.get(code);
      if (id === undefined) {
        throw new Error(`no framework node ${code}`);
      }
      return id;
    },
    async close() {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Asserts a status code, showing the body when it differs. */
export function expectStatus(res: LightMyRequestResponse, status: number): LightMyRequestResponse {
  if (res.statusCode !== status) {
    throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body.slice(0, 1000)}`);
  }
  return res;
}

/** Creates a draft at an org as a user; returns its id. */
export async function draft(w: TaskWorld, as: string, body: Record<string, unknown>): Promise<number> {
  const res = await w.t.call({
    method: 'POST',
    url: '/api/tasks',
    as,
    payload: { level: 'major_item', title: '落实第一议题制度', dueOn: '2026-12-31', orgId: w.tree.c.id, ...body },
  });
  return expectStatus(res, 201).json().id;
}

/** Logs every account in again (after the fake clock jumps past the session lifetime). */
export async function relogin(w: TaskWorld): Promise<void> {
  for (const name of Object.keys(w.users)) {
    await w.t.login(name);
  }
}

export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A multipart body with one file. */
export function multipart(name: string, data: Buffer, mime = 'application/octet-stream') {
  const boundary = `----gt${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${mime}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

import type { OrgCheck, OrgNode } from '@guantong/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../core/access.js';
import { verifyAuditChain } from '../../core/audit.js';
import { seedDemo } from '../../seed/demo.js';
import { createTestApp, makeUser, standardTree, type TestApp } from '../../test/harness.js';
import { DEMO_VIOLATIONS } from './demo-enterprise.js';
import { addMembers, addPerson, addPost } from './orgs.testkit.js';

type Tree = Awaited<ReturnType<typeof standardTree>>;

function find(nodes: OrgNode[], code: string): OrgNode | undefined {
  for (const n of nodes) {
    if (n.code === code) {
      return n;
    }
    const hit = find(n.children, code);
    if (hit) {
      return hit;
    }
  }
  return undefined;
}

describe('organisations', () => {
  let t: TestApp;
  let tree: Tree;
  beforeEach(async () => {
    t = await createTestApp();
    tree = await standardTree(t);
    await makeUser(t, 'zzb', [{ role: 'org_admin', orgId: tree.c.id }]);
    await makeUser(t, 'g1admin', [{ role: 'org_admin', orgId: tree.g1.id }]);
    await makeUser(t, 'sec11', [{ role: 'secretary', orgId: tree.b11.id }]);
    for (const u of ['zzb', 'g1admin', 'sec11']) {
      await t.login(u);
    }
  });
  afterEach(async () => t.close());

  it('returns the tree with member counts per node (subtree totals; a group its own) and check badges', async () => {
    await addMembers(t, tree.b11.id, 4, 1);
    await addPerson(t, { branchId: tree.b11.id, groupId: tree.gr111.id });
    await addPerson(t, { branchId: tree.b11.id, status: 'activist' });
    await addMembers(t, tree.b21.id, 2);
    const res = await t.call({ method: 'GET', url: '/api/orgs/tree?counts=true&checks=true', as: 'zzb' });
    expect(res.statusCode).toBe(200);
    const nodes = res.json() as OrgNode[];
    expect(find(nodes, 'C')?.counts).toEqual({ members: 8, full: 7, probationary: 1 });
    expect(find(nodes, 'G1')?.counts).toEqual({ members: 6, full: 5, probationary: 1 });
    expect(find(nodes, 'B11')?.counts).toEqual({ members: 6, full: 5, probationary: 1 });
    expect(find(nodes, 'GR111')?.counts).toEqual({ members: 1, full: 1, probationary: 0 });
    expect(find(nodes, 'B12')?.counts).toEqual({ members: 0, full: 0, probationary: 0 });
    // B21: 2 full (fewer than 3) and no secretary → two badges.
    expect(find(nodes, 'B21')?.checkCount).toBe(2);
    const plain = (await t.call({ method: 'GET', url: '/api/orgs/tree', as: 'zzb' })).json() as OrgNode[];
    expect(find(plain, 'B11')).not.toHaveProperty('counts');
    const mine = (await t.call({ method: 'GET', url: '/api/orgs/tree?counts=true', as: 'sec11' })).json() as OrgNode[];
    expect(mine.map((n) => n.code)).toEqual(['B11']);
  });

  it('creates an organisation under an allowed parent and refuses a wrong kind, a taken code and another subtree', async () => {
    const ok = await t.call({
      method: 'POST',
      url: '/api/orgs',
      as: 'g1admin',
      payload: { code: 'B13', name: '一厂三支部', kind: 'branch', parentId: tree.g1.id, foundedOn: '2026-01-05' },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ code: 'B13', kind: 'branch', parentId: tree.g1.id, ancestors: [{ code: 'C' }, { code: 'G1' }] });
    expect(ok.json().history).toEqual([expect.objectContaining({ kind: 'created', onDate: '2026-01-05' })]);
    const group = await t.call({
      method: 'POST',
      url: '/api/orgs',
      as: 'g1admin',
      payload: { code: 'X1', name: 'x', kind: 'group', parentId: tree.g1.id },
    });
    expect(group.statusCode).toBe(409);
    expect(group.json().error.code).toBe('ORG_KIND_NOT_ALLOWED');
    const taken = await t.call({
      method: 'POST',
      url: '/api/orgs',
      as: 'g1admin',
      payload: { code: 'B11', name: 'x', kind: 'branch', parentId: tree.g1.id },
    });
    expect(taken.statusCode).toBe(409);
    const elsewhere = await t.call({
      method: 'POST',
      url: '/api/orgs',
      as: 'g1admin',
      payload: { code: 'B22', name: 'x', kind: 'branch', parentId: tree.g2.id },
    });
    expect(elsewhere.statusCode).toBe(404);
    const bySecretary = await t.call({
      method: 'POST',
      url: '/api/orgs',
      as: 'sec11',
      payload: { code: 'GR112', name: 'x', kind: 'group', parentId: tree.b11.id },
    });
    expect(bySecretary.statusCode).toBe(403);
  });

  it('renames an organisation and keeps the old name in its history and the audit log', async () => {
    const res = await t.call({
      method: 'PATCH',
      url: `/api/orgs/${tree.b12.id}`,
      as: 'zzb',
      payload: { name: '一厂二车间党支部', reason: '车间更名' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toBe('一厂二车间党支部');
    expect(res.json().history[0]).toMatchObject({
      kind: 'renamed',
      before: { name: '一厂二支部' },
      after: { name: '一厂二车间党支部' },
      reason: '车间更名',
    });
    const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'org.renamed').execute();
    expect(audit).toHaveLength(1);
  });

  it('moves a branch with its groups to another general branch and rewrites the subtree’s paths', async () => {
    const res = await t.call({
      method: 'POST',
      url: `/api/orgs/${tree.b11.id}/move`,
      as: 'zzb',
      payload: { parentId: tree.g2.id, reason: '机构调整' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().ancestors.map((a: { code: string }) => a.code)).toEqual(['C', 'G2']);
    const rows = await t.database.db
      .selectFrom('orgs')
      .select(['code', 'path', 'depth'])
      .where('code', 'in', ['B11', 'GR111'])
      .orderBy('code')
      .execute();
    expect(rows).toEqual([
      { code: 'B11', path: `${tree.g2.path}${tree.b11.id}/`, depth: 2 },
      { code: 'GR111', path: `${tree.g2.path}${tree.b11.id}/${tree.gr111.id}/`, depth: 3 },
    ]);
    expect(res.json().history[0]).toMatchObject({ kind: 'moved', before: { parentCode: 'G1' }, after: { parentCode: 'G2' } });
    // The secretary's scope follows the branch: they still see it.
    expect((await t.call({ method: 'GET', url: `/api/orgs/${tree.gr111.id}`, as: 'sec11' })).statusCode).toBe(200);
    // G1's admin no longer reaches it.
    expect((await t.call({ method: 'GET', url: `/api/orgs/${tree.b11.id}`, as: 'g1admin' })).statusCode).toBe(404);
  });

  it('refuses a move under its own descendant, a move breaking the kind rules, and moving the top', async () => {
    const cycle = await t.call({ method: 'POST', url: `/api/orgs/${tree.g1.id}/move`, as: 'zzb', payload: { parentId: tree.b11.id } });
    expect(cycle.statusCode).toBe(409);
    expect(cycle.json().error.code).toBe('ORG_CYCLE');
    const self = await t.call({ method: 'POST', url: `/api/orgs/${tree.b11.id}/move`, as: 'zzb', payload: { parentId: tree.b11.id } });
    expect(self.json().error.code).toBe('ORG_CYCLE');
    for (const [id, parentId] of [
      [tree.gr111.id, tree.g2.id],
      [tree.b11.id, tree.b21.id],
      [tree.g1.id, tree.g2.id],
    ]) {
      const res = await t.call({ method: 'POST', url: `/api/orgs/${id}/move`, as: 'zzb', payload: { parentId } });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('ORG_KIND_NOT_ALLOWED');
    }
    const top = await t.call({ method: 'POST', url: `/api/orgs/${tree.c.id}/move`, as: 'zzb', payload: { parentId: tree.g1.id } });
    expect(top.statusCode).toBe(409);
    const ok = await t.call({ method: 'POST', url: `/api/orgs/${tree.gr111.id}/move`, as: 'zzb', payload: { parentId: tree.b12.id } });
    expect(ok.statusCode).toBe(200);
  });

  it('does not move a party group that has members to another branch', async () => {
    await addPerson(t, { branchId: tree.b11.id, groupId: tree.gr111.id });
    const res = await t.call({ method: 'POST', url: `/api/orgs/${tree.gr111.id}/move`, as: 'zzb', payload: { parentId: tree.b12.id } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('ORG_NOT_EMPTY');
  });

  it('merges a branch into another: members move with history, groups and posts end, the source stays as merged', async () => {
    const people = await addMembers(t, tree.b11.id, 3);
    const grouped = await addPerson(t, { branchId: tree.b11.id, groupId: tree.gr111.id });
    await addPost(t, tree.b11.id, people[0] ?? 0, 'secretary');
    await addMembers(t, tree.b12.id, 2);
    const res = await t.call({
      method: 'POST',
      url: `/api/orgs/${tree.b11.id}/merge`,
      as: 'zzb',
      payload: { targetId: tree.b12.id, on: '2026-11-01', reason: '两支部合并' },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.movedPeople).toBe(4);
    expect(body.source).toMatchObject({ status: 'merged', counts: { members: 0 }, posts: [] });
    expect(body.source.history[0]).toMatchObject({ kind: 'merged', relatedOrg: { code: 'B12' } });
    expect(body.target).toMatchObject({ counts: { members: 6, full: 6 } });
    expect(body.target.history[0]).toMatchObject({ kind: 'merged_in', relatedOrg: { code: 'B11' } });
    const group = await t.database.db.selectFrom('orgs').select('status').where('id', '=', tree.gr111.id).executeTakeFirstOrThrow();
    expect(group.status).toBe('merged');
    const person = (await t.call({ method: 'GET', url: `/api/people/${grouped}`, as: 'zzb' })).json();
    expect(person.branch.code).toBe('B12');
    expect(person.group).toBeNull();
    expect(
      person.memberships.map((m: { org: { code: string }; fromOn: string; toOn: string | null; endKind: string | null }) => [
        m.org.code,
        m.fromOn,
        m.toOn,
        m.endKind,
      ]),
    ).toEqual([
      ['B12', '2026-11-01', null, null],
      ['GR111', '2020-01-01', '2026-11-01', 'merge'],
      ['B11', '2020-01-01', '2026-11-01', 'merge'],
    ]);
    // The merged branch is kept (never deleted) and shows in the tree on request only.
    const active = (await t.call({ method: 'GET', url: '/api/orgs/tree', as: 'zzb' })).json() as OrgNode[];
    expect(find(active, 'B11')).toBeUndefined();
    const all = (await t.call({ method: 'GET', url: '/api/orgs/tree?includeInactive=true', as: 'zzb' })).json() as OrgNode[];
    expect(find(all, 'B11')?.status).toBe('merged');
    const again = await t.call({
      method: 'POST',
      url: `/api/orgs/${tree.b11.id}/merge`,
      as: 'zzb',
      payload: { targetId: tree.b12.id, on: '2026-11-02', reason: 'x' },
    });
    expect(again.statusCode).toBe(409);
    const notBranch = await t.call({
      method: 'POST',
      url: `/api/orgs/${tree.g1.id}/merge`,
      as: 'zzb',
      payload: { targetId: tree.g2.id, on: '2026-11-02', reason: 'x' },
    });
    expect(notBranch.json().error.code).toBe('ORG_KIND_NOT_ALLOWED');
    expect(await verifyAuditChain(t.database.db)).toMatchObject({ ok: true });
  });

  it('dissolves only an empty organisation; a dissolved group releases its members', async () => {
    await addMembers(t, tree.b12.id, 1);
    const busy = await t.call({
      method: 'POST',
      url: `/api/orgs/${tree.b12.id}/dissolve`,
      as: 'zzb',
      payload: { on: '2026-11-20', reason: '撤销' },
    });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.code).toBe('ORG_NOT_EMPTY');
    const withChildren = await t.call({
      method: 'POST',
      url: `/api/orgs/${tree.g2.id}/dissolve`,
      as: 'zzb',
      payload: { on: '2026-11-20', reason: '撤销' },
    });
    expect(withChildren.json().error.code).toBe('ORG_NOT_EMPTY');
    const member = await addPerson(t, { branchId: tree.b11.id, groupId: tree.gr111.id });
    const group = await t.call({
      method: 'POST',
      url: `/api/orgs/${tree.gr111.id}/dissolve`,
      as: 'zzb',
      payload: { on: '2026-11-20', reason: '党小组调整' },
    });
    expect(group.statusCode).toBe(200);
    expect(group.json()).toMatchObject({ status: 'dissolved', history: [expect.objectContaining({ kind: 'dissolved' })] });
    const person = (await t.call({ method: 'GET', url: `/api/people/${member}`, as: 'zzb' })).json();
    expect(person).toMatchObject({ branch: { code: 'B11' }, group: null });
    const empty = await t.call({
      method: 'POST',
      url: `/api/orgs/${tree.b21.id}/dissolve`,
      as: 'zzb',
      payload: { on: '2026-11-20', reason: '撤销' },
    });
    expect(empty.statusCode).toBe(200);
    expect(await t.database.db.selectFrom('orgs').select('id').where('id', '=', tree.b21.id).executeTakeFirst()).toBeDefined();
  });

  it('appoints posts to full members of the organisation, one secretary at a time, and ends them', async () => {
    const [a, b] = await addMembers(t, tree.b11.id, 2);
    const prob = await addPerson(t, { branchId: tree.b11.id, status: 'probationary' });
    const other = await addPerson(t, { branchId: tree.b12.id });
    const post = (personId: number, post: string, startOn = '2026-01-01') =>
      t.call({ method: 'POST', url: `/api/orgs/${tree.b11.id}/posts`, as: 'zzb', payload: { personId, post, startOn } });
    const first = await post(a ?? 0, 'secretary');
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ post: 'secretary', active: true, personId: a });
    expect((await post(b ?? 0, 'secretary')).statusCode).toBe(409);
    expect((await post(prob, 'committee_member')).json().error.code).toBe('INVALID_STATE');
    expect((await post(other, 'committee_member')).json().error.code).toBe('INVALID_STATE');
    expect((await post(b ?? 0, 'group_leader')).statusCode).toBe(409);
    const ended = await t.call({
      method: 'PATCH',
      url: `/api/orgs/${tree.b11.id}/posts/${first.json().id}`,
      as: 'zzb',
      payload: { endOn: '2026-06-30' },
    });
    expect(ended.json()).toMatchObject({ active: false, endOn: '2026-06-30' });
    expect((await post(b ?? 0, 'secretary', '2026-06-30')).statusCode).toBe(201);
    const current = (await t.call({ method: 'GET', url: `/api/orgs/${tree.b11.id}/posts`, as: 'sec11' })).json();
    expect(current.map((p: { personId: number }) => p.personId)).toEqual([b]);
    const all = (await t.call({ method: 'GET', url: `/api/orgs/${tree.b11.id}/posts?includeEnded=true`, as: 'sec11' })).json();
    expect(all).toHaveLength(2);
    const detail = (await t.call({ method: 'GET', url: `/api/orgs/${tree.b11.id}`, as: 'sec11' })).json();
    expect(detail.posts).toHaveLength(1);
    expect(detail.checks.map((c: OrgCheck) => c.rule)).toEqual(['branch.min_full_members']);
    const del = await t.call({ method: 'DELETE', url: `/api/orgs/${tree.b11.id}/posts/${first.json().id}`, as: 'zzb' });
    expect(del.json()).toEqual({ ok: true });
  });

  it('records a new committee term (换届) and shows it on the page', async () => {
    const res = await t.call({
      method: 'PUT',
      url: `/api/orgs/${tree.g1.id}/term`,
      as: 'zzb',
      payload: { termStart: '2024-01-10', termYears: 3, reason: '换届选举' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().term).toEqual({ termStart: '2024-01-10', termYears: 3, termEnd: '2027-01-10', daysLeft: 46, state: 'ending_soon' });
    expect(res.json().history[0]).toMatchObject({ kind: 'term_renewed', after: { term_start: '2024-01-10' } });
    expect(
      (await t.call({ method: 'PUT', url: `/api/orgs/${tree.gr111.id}/term`, as: 'zzb', payload: { termStart: '2024-01-10' } })).statusCode,
    ).toBe(409);
  });

  it('answers 404 for an organisation outside the reader’s subtree, as for a missing one', async () => {
    expect((await t.call({ method: 'GET', url: `/api/orgs/${tree.b21.id}`, as: 'sec11' })).statusCode).toBe(404);
    expect((await t.call({ method: 'GET', url: '/api/orgs/999999', as: 'sec11' })).statusCode).toBe(404);
    expect((await t.call({ method: 'GET', url: `/api/orgs/${tree.b21.id}/history`, as: 'g1admin' })).statusCode).toBe(404);
  });
});

describe('the demo enterprise', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await createTestApp({ GUANTONG_DEMO_PASSWORD: 'Demo-pass-2026' });
  });
  afterEach(async () => t.close());

  it('is seeded with its people and shows exactly its deliberate violations; secretaries are linked to their person', async () => {
    const seeded = await seedDemo(t.ctx);
    expect(seeded).toMatchObject({ seeded: true, people: 3000 });
    const checks = await import('./orgs.service.js').then((m) => m.listChecks(t.ctx, SYSTEM_ACTOR, {}));
    expect(checks.map((c) => `${c.orgCode} ${c.rule}`).sort()).toEqual(DEMO_VIOLATIONS.map((v) => `${v.orgCode} ${v.rule}`).sort());
    await t.login('sec-B001', 'Demo-pass-2026');
    const me = (await t.call({ method: 'GET', url: '/api/auth/me', as: 'sec-B001' })).json();
    const user = await t.database.db.selectFrom('users').selectAll().where('username', '=', 'sec-B001').executeTakeFirstOrThrow();
    expect(user.person_id).not.toBeNull();
    const person = (await t.call({ method: 'GET', url: `/api/people/${user.person_id}`, as: 'sec-B001' })).json();
    expect(me.displayName).toBe(person.name);
    expect(person.posts).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ post: 'secretary', active: true, org: expect.objectContaining({ code: 'B001' }) }),
      ]),
    );
    const list = (await t.call({ method: 'GET', url: '/api/people?pageSize=200', as: 'sec-B001' })).json();
    expect(list.items.every((p: { org: { code: string } }) => p.org.code === 'B001')).toBe(true);
    // The retired former secretary of B102 moved to the retirees' branch by a recorded transfer.
    const b102 = await t.database.db.selectFrom('orgs').select('id').where('code', '=', 'B102').executeTakeFirstOrThrow();
    const ended = await t.database.db
      .selectFrom('org_posts')
      .select('person_id')
      .where('org_id', '=', b102.id)
      .where('post', '=', 'secretary')
      .executeTakeFirstOrThrow();
    await t.login('admin', 'Demo-pass-2026');
    const former = (await t.call({ method: 'GET', url: `/api/people/${ended.person_id}`, as: 'admin' })).json();
    expect(former.transfers).toEqual([
      expect.objectContaining({
        kind: 'between',
        fromOrg: expect.objectContaining({ code: 'B102' }),
        toOrg: expect.objectContaining({ code: 'B120' }),
      }),
    ]);
    expect(former.memberships.map((m: { org: { code: string } }) => m.org.code)).toEqual(['B120-1', 'B120', 'B102']);
    expect(former.memberships[2]).toMatchObject({ endKind: 'between', toOn: former.transfers[0].transferOn });
  }, 180_000);
});

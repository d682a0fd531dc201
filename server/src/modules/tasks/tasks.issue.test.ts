import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeUser } from '../../test/harness.js';
import { registerNotificationChannel, unregisterNotificationChannel } from '../notifications/notifications.service.js';
import { draft, expectStatus, type TaskWorld, taskWorld } from './tasks.fixtures.js';

describe('issuing down and decomposing', () => {
  let w: TaskWorld;
  let branches: number[];
  beforeAll(async () => {
    w = await taskWorld();
    // 100 more branches under G2; every even one has a secretary, every odd one only an org_admin.
    branches = [];
    for (let i = 0; i < 100; i++) {
      const b = await makeOrg(w.t, { code: `X${i}`, kind: 'branch', parentId: w.tree.g2.id, name: `二厂第${i}支部` });
      branches.push(b.id);
      await makeUser(w.t, i % 2 === 0 ? `xsec${i}` : `xadm${i}`, [{ role: i % 2 === 0 ? 'secretary' : 'org_admin', orgId: b.id }]);
    }
  });
  afterAll(async () => w.close());
  afterEach(() => unregisterNotificationChannel('boom'));

  it('issues one task to 100 branches in one transaction: one child each, the secretary responsible, everyone told', async () => {
    const id = await draft(w, 'zzb', {
      title: '开展主题党日',
      frameworkNodeIds: [w.node('1.1.1'), w.node('3.1.1')],
      targetValue: 12,
      targetUnit: '次',
    });
    const started = performance.now();
    const res = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${id}/issue`,
        as: 'zzb',
        payload: {
          recipients: { orgIds: branches.slice(0, 10), under: { orgId: w.tree.g2.id, kind: 'branch' } },
          text: '请各支部按月落实',
        },
      }),
      200,
    ).json();
    const ms = performance.now() - started;
    expect(res.created).toBe(101); // the 100 new branches + B21, explicit ids de-duplicated
    expect(ms).toBeLessThan(5000);
    console.log(`issue-down to ${res.created} orgs: ${ms.toFixed(0)} ms (${w.t.database.dialect})`);
    expect(res.task.status).toBe('in_progress');
    expect(res.task.childrenTruncated).toBe(false);
    const db = w.t.database.db;
    const kids = await db
      .selectFrom('tasks')
      .select(['id', 'org_id', 'responsible_user_id', 'status', 'issuer_org_id', 'issuer_user_id', 'level', 'target_value'])
      .where('parent_id', '=', id)
      .execute();
    expect(kids).toHaveLength(101);
    expect(new Set(kids.map((k) => k.org_id)).size).toBe(101);
    expect(kids.every((k) => k.status === 'issued' && k.issuer_org_id === w.tree.c.id && k.issuer_user_id === w.users.zzb)).toBe(true);
    expect(kids.every((k) => k.level === 'annual_target' && k.target_value === 12)).toBe(true);
    const secretaryOf = new Map<number, number | null>();
    for (const [i, b] of branches.entries()) {
      secretaryOf.set(
        b,
        i % 2 === 0 ? (await db.selectFrom('users').select('id').where('username', '=', `xsec${i}`).executeTakeFirstOrThrow()).id : null,
      );
    }
    for (const k of kids.filter((k) => secretaryOf.has(k.org_id))) {
      expect(k.responsible_user_id).toBe(secretaryOf.get(k.org_id));
    }
    const links = await db
      .selectFrom('task_framework_nodes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(
        'task_id',
        'in',
        kids.map((k) => k.id),
      )
      .executeTakeFirstOrThrow();
    expect(Number(links.n)).toBe(202);
    // Assignment notices: the secretary where there is one, the org_admin (the org's operator) where there is not.
    const notes = await db
      .selectFrom('notifications as n')
      .innerJoin('users as u', 'u.id', 'n.user_id')
      .select(['u.username'])
      .where('n.kind', '=', 'assigned')
      .where(
        'n.entity_id',
        'in',
        kids.map((k) => k.id),
      )
      .execute();
    const names = new Set(notes.map((n) => n.username));
    expect(names.has('xsec0')).toBe(true);
    expect(names.has('xadm1')).toBe(true);
    expect(names.has('b21sec')).toBe(true);
    expect(notes).toHaveLength(101);
    const audit = await db
      .selectFrom('audit_log')
      .select(['action'])
      .where('entity_type', '=', 'task')
      .where('action', '=', 'task.created')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(102);
  });

  it('rolls the whole issue back when any part fails (no children, the draft stays a draft)', async () => {
    const id = await draft(w, 'zzb', { title: '回滚测试' });
    registerNotificationChannel({
      name: 'boom',
      async deliver() {
        throw new Error('channel down');
      },
    });
    const res = await w.t.call({
      method: 'POST',
      url: `/api/tasks/${id}/issue`,
      as: 'zzb',
      payload: { recipients: { orgIds: [], under: { orgId: w.tree.g2.id, kind: 'branch' } } },
    });
    expect(res.statusCode).toBe(500);
    unregisterNotificationChannel('boom');
    const db = w.t.database.db;
    const kids = await db.selectFrom('tasks').select('id').where('parent_id', '=', id).execute();
    expect(kids).toHaveLength(0);
    const task = await db.selectFrom('tasks').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(task.status).toBe('draft');
  });

  it('refuses recipients outside the issuing org, inactive, or unknown, naming them', async () => {
    const g1Task = await draft(w, 'g1sec', { orgId: w.tree.g1.id, level: 'annual_target' });
    const res = await w.t.call({
      method: 'POST',
      url: `/api/tasks/${g1Task}/issue`,
      as: 'g1sec',
      payload: { recipients: { orgIds: [w.tree.b11.id, w.tree.b21.id, 987654] } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details[0].message).toContain(String(w.tree.b21.id));
    expect(res.json().error.details[0].message).toContain('987654');
    const self = await w.t.call({
      method: 'POST',
      url: `/api/tasks/${g1Task}/issue`,
      as: 'g1sec',
      payload: { recipients: { orgIds: [w.tree.g1.id] } },
    });
    expect(self.statusCode).toBe(400);
    const empty = await w.t.call({
      method: 'POST',
      url: `/api/tasks/${g1Task}/issue`,
      as: 'g1sec',
      payload: { recipients: { orgIds: [], under: { orgId: w.tree.g1.id, kind: 'committee' } } },
    });
    expect(empty.statusCode).toBe(400);
    const up = await w.t.call({
      method: 'POST',
      url: `/api/tasks/${g1Task}/issue`,
      as: 'g1sec',
      payload: { recipients: { orgIds: [w.tree.b11.id] }, childLevel: 'major_item' },
    });
    expect(up.statusCode).toBe(400);
    const stillDraft = (await w.t.call({ method: 'GET', url: `/api/tasks/${g1Task}`, as: 'g1sec' })).json();
    expect(stillDraft.status).toBe('draft');
  });

  it('issues a draft to its own organisation without recipients and notifies the responsible person', async () => {
    const id = await draft(w, 'b11sec', { orgId: w.tree.b11.id, level: 'action', responsibleUserId: w.users.b11mem });
    const res = expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${id}/issue`, as: 'b11sec', payload: {} }), 200).json();
    expect(res.created).toBe(0);
    expect(res.task.status).toBe('issued');
    const inbox = (await w.t.call({ method: 'GET', url: '/api/notifications', as: 'b11mem' })).json();
    expect(inbox.items.some((n: { kind: string; link: string }) => n.kind === 'assigned' && n.link === `/tasks/${id}`)).toBe(true);
    expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${id}/accept`, as: 'b11mem', payload: {} }), 200);
  });

  it('lets the recipient decompose to a group and to a person, then rolls their numbers up', async () => {
    const root = await draft(w, 'zzb', { title: '党员先锋岗创建', frameworkNodeIds: [w.node('4.1.1')] });
    const child = expectStatus(
      await w.t.call({ method: 'POST', url: `/api/tasks/${root}/issue`, as: 'zzb', payload: { recipients: { orgIds: [w.tree.b11.id] } } }),
      200,
    ).json().childIds[0];
    const early = await w.t.call({
      method: 'POST',
      url: `/api/tasks/${child}/decompose`,
      as: 'b11sec',
      payload: { items: [{ orgId: w.tree.gr111.id }] },
    });
    expect(early.statusCode).toBe(409);
    expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${child}/accept`, as: 'b11sec', payload: {} }), 200);
    const res = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${child}/decompose`,
        as: 'b11sec',
        payload: {
          items: [
            { orgId: w.tree.gr111.id, title: '第一党小组设岗', weight: 1, dueOn: '2026-12-15' },
            { responsibleUserId: w.users.b11mem, title: '王芳负责台账', weight: 3, level: 'subtask' },
          ],
          text: '按党小组和个人分解',
        },
      }),
      200,
    ).json();
    expect(res.created).toBe(2);
    expect(res.task.status).toBe('in_progress');
    const [groupTask, personTask] = res.childIds as number[];
    const g = (await w.t.call({ method: 'GET', url: `/api/tasks/${groupTask}`, as: 'b11sec' })).json();
    expect(g).toMatchObject({
      org: { code: 'GR111' },
      issuerOrg: { code: 'B11' },
      issuerUser: { displayName: 'b11sec' },
      responsibleUser: null,
      level: 'action',
      dueOn: '2026-12-15',
      frameworkNodes: [{ code: '4.1.1' }],
    });
    const p = (await w.t.call({ method: 'GET', url: `/api/tasks/${personTask}`, as: 'b11mem' })).json();
    expect(p).toMatchObject({ org: { code: 'B11' }, responsibleUser: { displayName: 'b11mem' }, level: 'subtask', weight: 3 });
    // The person acts on their part; the branch (issuer of the children) verifies it.
    await w.t.call({ method: 'POST', url: `/api/tasks/${personTask}/accept`, as: 'b11mem', payload: {} });
    await w.t.call({
      method: 'POST',
      url: `/api/tasks/${personTask}/report`,
      as: 'b11mem',
      payload: { text: '台账已建立', progress: 100 },
    });
    expect((await w.t.call({ method: 'POST', url: `/api/tasks/${personTask}/verify`, as: 'zzb', payload: {} })).statusCode).toBe(403);
    expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${personTask}/verify`, as: 'b11sec', payload: {} }), 200);
    const after = (await w.t.call({ method: 'GET', url: `/api/tasks/${child}`, as: 'b11sec' })).json();
    expect(after.rollup).toMatchObject({ progress: 75, verifiedCompletion: 75, rule: 'weighted_children', countedChildren: 2 });
    const top = (await w.t.call({ method: 'GET', url: `/api/tasks/${root}`, as: 'zzb' })).json();
    expect(top.rollup.progress).toBe(75);
    // The group member (scope: the group) still sees the group's task.
    expect((await w.t.call({ method: 'GET', url: `/api/tasks/${groupTask}`, as: 'gr111mem' })).statusCode).toBe(200);
  });

  it('refuses decompositions that make no sense', async () => {
    const root = await draft(w, 'zzb', { title: '分解校验' });
    const child = (
      await w.t.call({ method: 'POST', url: `/api/tasks/${root}/issue`, as: 'zzb', payload: { recipients: { orgIds: [w.tree.b11.id] } } })
    ).json().childIds[0];
    await w.t.call({ method: 'POST', url: `/api/tasks/${child}/accept`, as: 'b11sec', payload: {} });
    const url = `/api/tasks/${child}/decompose`;
    const nobody = await w.t.call({ method: 'POST', url, as: 'b11sec', payload: { items: [{ title: '无人负责' }] } });
    expect(nobody.statusCode).toBe(400);
    const empty = await w.t.call({ method: 'POST', url, as: 'b11sec', payload: { items: [] } });
    expect(empty.statusCode).toBe(400);
    const outsider = await w.t.call({ method: 'POST', url, as: 'b11sec', payload: { items: [{ responsibleUserId: w.users.b21sec }] } });
    expect(outsider.statusCode).toBe(400);
    const sibling = await w.t.call({ method: 'POST', url, as: 'b11sec', payload: { items: [{ orgId: w.tree.b12.id }] } });
    expect(sibling.statusCode).toBe(400);
    const notYours = await w.t.call({ method: 'POST', url, as: 'g1sec', payload: { items: [{ orgId: w.tree.gr111.id }] } });
    expect(notYours.statusCode).toBe(403);
    expectStatus(await w.t.call({ method: 'POST', url, as: 'b11sec', payload: { recipients: { orgIds: [w.tree.gr111.id] } } }), 200);
    const again = await w.t.call({ method: 'POST', url, as: 'b11sec', payload: { recipients: { orgIds: [w.tree.gr111.id] } } });
    expect(again.statusCode).toBe(409);
  });
});

describe('creating and editing drafts', () => {
  let w: TaskWorld;
  beforeAll(async () => {
    w = await taskWorld();
  });
  afterAll(async () => w.close());

  it('refuses bad input with 400 and the field named', async () => {
    const post = (as: string, payload: Record<string, unknown>) => w.t.call({ method: 'POST', url: '/api/tasks', as, payload });
    const base = { level: 'major_item', title: '任务', dueOn: '2026-12-31', orgId: w.tree.c.id };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, title: '' }, 'title'],
      [{ ...base, dueOn: '2026-02-30' }, 'dueOn'],
      [{ ...base, dueOn: '31/12/2026' }, 'dueOn'],
      [{ ...base, startOn: '2027-01-01' }, 'startOn'],
      [{ ...base, level: 'epic' }, 'level'],
      [{ ...base, weight: -1 }, 'weight'],
      [{ ...base, frameworkNodeIds: [999999] }, 'frameworkNodeIds'],
      [{ ...base, responsibleUserId: 999999 }, 'responsibleUserId'],
      [{ ...base, unknownField: 1 }, ''],
    ];
    for (const [payload, field] of cases) {
      const res = await post('zzb', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      if (field) {
        expect(JSON.stringify(res.json().error.details)).toContain(field);
      }
    }
  });

  it('lets only operators create drafts, and only for organisations they operate', async () => {
    const base = { level: 'action', title: '任务', dueOn: '2026-12-31' };
    expect(
      (await w.t.call({ method: 'POST', url: '/api/tasks', as: 'b11mem', payload: { ...base, orgId: w.tree.b11.id } })).statusCode,
    ).toBe(403);
    expect((await w.t.call({ method: 'POST', url: '/api/tasks', as: 'leader', payload: { ...base, orgId: w.tree.c.id } })).statusCode).toBe(
      403,
    );
    expect(
      (await w.t.call({ method: 'POST', url: '/api/tasks', as: 'b11sec', payload: { ...base, orgId: w.tree.b12.id } })).statusCode,
    ).toBe(404);
    expectStatus(await w.t.call({ method: 'POST', url: '/api/tasks', as: 'b11sec', payload: { ...base, orgId: w.tree.b11.id } }), 201);
  });

  it('builds an annual list of draft children under a draft and edits it, audited field by field', async () => {
    const major = await draft(w, 'zzb', { title: '组织链建设' });
    const target = expectStatus(
      await w.t.call({
        method: 'POST',
        url: '/api/tasks',
        as: 'zzb',
        payload: { level: 'annual_target', parentId: major, title: '支部标准化达标率 100%', dueOn: '2026-12-31', orgId: w.tree.c.id },
      }),
      201,
    ).json();
    expect(target).toMatchObject({ parentId: major, rootId: major, depth: 1, status: 'draft' });
    const wrongOrg = await w.t.call({
      method: 'POST',
      url: '/api/tasks',
      as: 'zzb',
      payload: { level: 'annual_target', parentId: major, title: 'x', dueOn: '2026-12-31', orgId: w.tree.g1.id },
    });
    expect(wrongOrg.statusCode).toBe(400);
    const higher = await w.t.call({
      method: 'POST',
      url: '/api/tasks',
      as: 'zzb',
      payload: { level: 'major_item', parentId: target.id, title: 'x', dueOn: '2026-12-31', orgId: w.tree.c.id },
    });
    expect(higher.statusCode).toBe(400);
    const edited = expectStatus(
      await w.t.call({
        method: 'PATCH',
        url: `/api/tasks/${target.id}`,
        as: 'zzb',
        payload: { dueOn: '2026-11-30', priority: 'high', frameworkNodeIds: [w.node('3.1.1')], participantUserIds: [w.users.csec] },
      }),
      200,
    ).json();
    expect(edited).toMatchObject({
      dueOn: '2026-11-30',
      priority: 'high',
      frameworkNodes: [{ code: '3.1.1' }],
      participants: [{ displayName: 'csec' }],
    });
    const audit = (await w.t.database.db
      .selectFrom('audit_log')
      .select(['changes'])
      .where('action', '=', 'task.updated')
      .where('entity_id', '=', String(target.id))
      .executeTakeFirstOrThrow()) as { changes: string };
    const fields = JSON.parse(audit.changes).map((c: { field: string }) => c.field);
    expect(fields).toEqual(expect.arrayContaining(['due_on', 'priority', 'framework_node_ids', 'participant_user_ids']));
    const denied = await w.t.call({ method: 'PATCH', url: `/api/tasks/${target.id}`, as: 'leader', payload: { title: 'x' } });
    expect((await w.t.call({ method: 'PATCH', url: `/api/tasks/${target.id}`, as: 'g1sec', payload: { title: 'x' } })).statusCode).toBe(
      404,
    );
    expect(denied.statusCode).toBe(403);
  });
});

describe('task lists', () => {
  let w: TaskWorld;
  let ids: { root: number; b11: number; b12: number; b21: number };
  beforeAll(async () => {
    w = await taskWorld();
    const root = await draft(w, 'zzb', { title: '学习贯彻党的二十大精神', frameworkNodeIds: [w.node('1.1.1')] });
    const res = (
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${root}/issue`,
        as: 'zzb',
        payload: { recipients: { orgIds: [], under: { orgId: w.tree.c.id, kind: 'branch' } }, childDueOn: '2026-11-27' },
      })
    ).json();
    const byOrg = new Map(res.task.children.map((c: { org: { code: string }; id: number }) => [c.org.code, c.id]));
    ids = { root, b11: byOrg.get('B11') as number, b12: byOrg.get('B12') as number, b21: byOrg.get('B21') as number };
    const other = await draft(w, 'zzb', {
      title: '安全生产责任落实',
      level: 'annual_target',
      dueOn: '2027-03-31',
      frameworkNodeIds: [w.node('3.2.1')],
    });
    await w.t.call({ method: 'POST', url: `/api/tasks/${other}/issue`, as: 'zzb', payload: { recipients: { orgIds: [w.tree.b11.id] } } });
  });
  afterAll(async () => w.close());

  const list = async (as: string, qs: string) => expectStatus(await w.t.call({ method: 'GET', url: `/api/tasks?${qs}`, as }), 200).json();

  it('scopes "my org" to the actor’s subtree: a branch sees its own, the general branch its branches, the committee all', async () => {
    expect((await list('b11sec', 'view=org')).items.map((t: { org: { code: string } }) => t.org.code)).toEqual(['B11', 'B11']);
    expect((await list('b21sec', 'view=org')).total).toBe(1);
    expect((await list('g1sec', 'view=org')).total).toBe(3);
    expect((await list('zzb', 'view=org')).total).toBe(6);
    expect((await list('leader', `view=org&orgId=${w.tree.g2.id}`)).total).toBe(1);
    const outside = await w.t.call({ method: 'GET', url: `/api/tasks?view=org&orgId=${w.tree.b12.id}`, as: 'b11sec' });
    expect(outside.statusCode).toBe(404);
    expect((await w.t.call({ method: 'GET', url: `/api/tasks/${ids.b12}`, as: 'b11sec' })).statusCode).toBe(404);
  });

  it('lists my tasks (responsible = me) and what I issued', async () => {
    const mine = await list('b11sec', 'view=mine');
    expect(mine.total).toBe(2);
    expect(mine.items.every((t: { responsibleUser: { displayName: string } }) => t.responsibleUser.displayName === 'b11sec')).toBe(true);
    expect((await list('b11mem', 'view=mine')).total).toBe(0);
    const issued = await list('zzb', 'view=issued&topLevel=true');
    expect(issued.total).toBe(2);
    expect((await list('zzb', 'view=issued')).total).toBe(6);
  });

  it('filters by status, level, framework node, due range and text; sorts; pages', async () => {
    expect((await list('zzb', 'view=org&status=issued')).total).toBe(4);
    expect((await list('zzb', 'view=org&status=issued,in_progress')).total).toBe(6);
    expect((await list('zzb', 'view=org&level=annual_target')).total).toBe(4);
    expect((await list('zzb', `view=org&frameworkNodeId=${w.node('1.1.1')}`)).total).toBe(4);
    // An element covers the requirements below it.
    expect((await list('zzb', `view=org&frameworkNodeId=${w.node('3')}`)).total).toBe(2);
    expect((await list('zzb', 'view=org&dueFrom=2026-11-01&dueTo=2026-11-30')).total).toBe(3);
    expect((await list('zzb', `view=org&q=${encodeURIComponent('安全')}`)).total).toBe(2);
    expect((await list('zzb', 'view=org&q=%25')).total).toBe(0);
    const paged = await list('zzb', 'view=org&sort=dueOn&order=desc&page=2&pageSize=4');
    expect(paged).toMatchObject({ total: 6, page: 2, pageSize: 4 });
    expect(paged.items).toHaveLength(2);
    const first = await list('zzb', 'view=org&sort=dueOn&order=desc&pageSize=1');
    expect(first.items[0].dueOn).toBe('2027-03-31');
    expect((await list('zzb', `view=org&parentId=${ids.root}`)).total).toBe(3);
  });

  it('shows the supervision board: yellow, red and flagged work in scope, most severe first', async () => {
    const { runSupervisionScan } = await import('./tasks.supervision.js');
    await runSupervisionScan(w.t.ctx);
    const board = await list('zzb', 'view=board&sort=supervision');
    expect(board.total).toBe(3);
    expect(board.items.every((t: { supervisionLevel: string }) => t.supervisionLevel === 'yellow')).toBe(true);
    expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${ids.b21}/flag`,
        as: 'leader',
        payload: { text: '请说明', answerDueOn: '2026-11-30' },
      }),
      200,
    );
    const again = await list('zzb', 'view=board&sort=supervision');
    expect(again.items[0].id).toBe(ids.b21);
    expect(again.items[0].flagged).toBe(true);
    expect((await list('b11sec', 'view=board')).total).toBe(1);
  });

  it('refuses bad list queries with 400', async () => {
    for (const qs of ['view=everything', 'status=finished', 'sort=colour', 'pageSize=1000', 'dueFrom=yesterday', 'page=0']) {
      const res = await w.t.call({ method: 'GET', url: `/api/tasks?${qs}`, as: 'zzb' });
      expect(res.statusCode, qs).toBe(400);
    }
  });
});

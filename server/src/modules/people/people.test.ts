import type { PersonDetail, PersonListItem } from '@guantong/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, makeUser, standardTree, type TestApp } from '../../test/harness.js';
import { addPerson, addPost } from '../orgs/orgs.testkit.js';

type Tree = Awaited<ReturnType<typeof standardTree>>;

describe('people (roster)', () => {
  let t: TestApp;
  let tree: Tree;
  let ids: Record<string, number>;
  beforeEach(async () => {
    t = await createTestApp();
    tree = await standardTree(t);
    await makeUser(t, 'zzb', [{ role: 'org_admin', orgId: tree.c.id }]);
    await makeUser(t, 'g1admin', [{ role: 'org_admin', orgId: tree.g1.id }]);
    await makeUser(t, 'sec11', [{ role: 'secretary', orgId: tree.b11.id }]);
    await makeUser(t, 'leader', [{ role: 'leader', orgId: tree.c.id }]);
    await makeUser(t, 'member', [{ role: 'member', orgId: tree.b11.id }]);
    for (const u of ['zzb', 'g1admin', 'sec11', 'leader', 'member']) {
      await t.login(u);
    }
    ids = {
      zhang: await addPerson(t, {
        branchId: tree.b11.id,
        groupId: tree.gr111.id,
        name: '张伟',
        employeeNo: 'DQ100001',
        phone: '13812345678',
      }),
      li: await addPerson(t, { branchId: tree.b11.id, name: '李娜', employeeNo: 'DQ100002', status: 'probationary' }),
      wang: await addPerson(t, { branchId: tree.b12.id, name: '王强', employeeNo: 'DQ100003' }),
      zhao: await addPerson(t, { branchId: tree.b21.id, name: '赵敏', employeeNo: 'DQ100004' }),
      qian: await addPerson(t, { branchId: null, orgId: tree.g1.id, name: '钱进', employeeNo: 'DQ100005', status: 'non_member' }),
    };
    await t.database.db
      .updateTable('people')
      .set({ name_initials: 'zw' })
      .where('id', '=', ids.zhang ?? 0)
      .execute();
  });
  afterEach(async () => t.close());

  const list = async (as: string, query = '') => {
    const res = await t.call({ method: 'GET', url: `/api/people${query}`, as });
    expect(res.statusCode).toBe(200);
    return res.json() as { items: PersonListItem[]; total: number };
  };
  const get = (id: number, as = 'zzb') => t.call({ method: 'GET', url: `/api/people/${id}`, as });

  it('shows a secretary only their branch’s people, an org_admin of a 党总支 its subtree, and 404 beyond', async () => {
    expect((await list('sec11')).items.map((p) => p.employeeNo)).toEqual(['DQ100001', 'DQ100002']);
    expect((await list('g1admin')).items.map((p) => p.employeeNo)).toEqual(['DQ100001', 'DQ100002', 'DQ100003', 'DQ100005']);
    expect((await list('zzb')).total).toBe(5);
    expect((await get(ids.wang ?? 0, 'sec11')).statusCode).toBe(404);
    expect((await get(ids.zhao ?? 0, 'g1admin')).statusCode).toBe(404);
    expect((await get(999_999, 'sec11')).statusCode).toBe(404);
    expect((await get(ids.zhang ?? 0, 'sec11')).statusCode).toBe(200);
    expect((await t.call({ method: 'GET', url: `/api/people?orgId=${tree.b21.id}`, as: 'g1admin' })).statusCode).toBe(404);
    expect((await t.call({ method: 'GET', url: '/api/people', as: 'member' })).statusCode).toBe(403);
  });

  it('masks phones for secretaries and leaders but not for org_admin', async () => {
    const bySecretary = (await list('sec11', '?q=DQ100001')).items[0];
    expect(bySecretary).toMatchObject({ phone: '138****5678', phoneMasked: true });
    expect((await list('leader', '?q=DQ100001')).items[0]?.phone).toBe('138****5678');
    expect((await list('zzb', '?q=DQ100001')).items[0]).toMatchObject({ phone: '13812345678', phoneMasked: false });
    expect((await get(ids.zhang ?? 0, 'sec11')).json().phone).toBe('138****5678');
  });

  it('searches by name, pinyin initials and employee number, filters, sorts and pages', async () => {
    expect((await list('zzb', `?q=${encodeURIComponent('张')}`)).items.map((p) => p.name)).toEqual(['张伟']);
    expect((await list('zzb', '?q=zw')).items.map((p) => p.name)).toEqual(['张伟']);
    expect((await list('zzb', '?q=100003')).items.map((p) => p.name)).toEqual(['王强']);
    expect((await list('zzb', '?partyStatus=probationary,non_member')).items.map((p) => p.employeeNo)).toEqual(['DQ100002', 'DQ100005']);
    expect((await list('zzb', `?orgId=${tree.g1.id}&inBranch=true`)).total).toBe(3);
    expect((await list('zzb', '?sort=employeeNo&order=desc&pageSize=2&page=2')).items.map((p) => p.employeeNo)).toEqual([
      'DQ100003',
      'DQ100002',
    ]);
    const first = (await list('zzb', '?q=DQ100001')).items[0];
    expect(first).toMatchObject({ branch: { code: 'B11' }, group: { code: 'GR111' }, org: { code: 'B11' } });
    expect((await t.call({ method: 'GET', url: '/api/people?sort=nope', as: 'zzb' })).statusCode).toBe(400);
  });

  it('creates a person with their membership, and refuses joining the Party before 18 or a taken employee number', async () => {
    const base = {
      employeeNo: 'DQ200001',
      name: '孙丽',
      gender: 'female',
      birthDate: '1990-05-20',
      partyStatus: 'full',
      joinedPartyOn: '2012-06-30',
      fullMemberOn: '2013-06-30',
      orgId: tree.b12.id,
      memberSince: '2024-03-01',
      phone: '13900001111',
    };
    const ok = await t.call({ method: 'POST', url: '/api/people', as: 'g1admin', payload: base });
    expect(ok.statusCode).toBe(201);
    const person = ok.json() as PersonDetail;
    expect(person).toMatchObject({ branch: { code: 'B12' }, partyStatus: 'full', inactivity: { state: 'no_data', months: null } });
    expect(person.memberships).toEqual([
      expect.objectContaining({ org: expect.objectContaining({ code: 'B12' }), fromOn: '2024-03-01', toOn: null }),
    ]);
    expect(person.events).toEqual([expect.objectContaining({ kind: 'created', toValue: 'full' })]);
    const dup = await t.call({ method: 'POST', url: '/api/people', as: 'g1admin', payload: base });
    expect(dup.statusCode).toBe(409);
    const young = await t.call({
      method: 'POST',
      url: '/api/people',
      as: 'g1admin',
      payload: { ...base, employeeNo: 'DQ200002', joinedPartyOn: '2008-05-19', fullMemberOn: '2009-06-01' },
    });
    expect(young.statusCode).toBe(400);
    expect(young.json().error.details).toEqual([expect.objectContaining({ path: 'joinedPartyOn', code: 'under_18' })]);
    const short = await t.call({
      method: 'POST',
      url: '/api/people',
      as: 'g1admin',
      payload: { ...base, employeeNo: 'DQ200003', fullMemberOn: '2013-01-01' },
    });
    expect(short.json().error.details).toEqual([expect.objectContaining({ code: 'probation_too_short' })]);
    const notBranch = await t.call({
      method: 'POST',
      url: '/api/people',
      as: 'g1admin',
      payload: { ...base, employeeNo: 'DQ200004', orgId: tree.g1.id },
    });
    expect(notBranch.statusCode).toBe(409);
    const elsewhere = await t.call({
      method: 'POST',
      url: '/api/people',
      as: 'g1admin',
      payload: { ...base, employeeNo: 'DQ200005', orgId: tree.b21.id },
    });
    expect(elsewhere.statusCode).toBe(404);
    expect(
      (await t.call({ method: 'POST', url: '/api/people', as: 'sec11', payload: { ...base, employeeNo: 'DQ200006' } })).statusCode,
    ).toBe(403);
  });

  it('edits personal data with a field-level audit entry, but not the party status', async () => {
    const res = await t.call({
      method: 'PATCH',
      url: `/api/people/${ids.wang}`,
      as: 'zzb',
      payload: { phone: '13700002222', jobTitle: '高级工程师' },
    });
    expect(res.statusCode).toBe(200);
    const entry = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'person.updated').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.changes)).toEqual([
      { field: 'job_title', before: '工程师', after: '高级工程师' },
      { field: 'phone', before: '13812345678', after: '13700002222' },
    ]);
    expect(
      (await t.call({ method: 'PATCH', url: `/api/people/${ids.wang}`, as: 'zzb', payload: { partyStatus: 'non_member' } })).statusCode,
    ).toBe(400);
  });

  it('changes party status only through recorded events: 转正 after a year of probation, allowed steps only', async () => {
    const early = await t.call({
      method: 'POST',
      url: `/api/people/${ids.li}/status-events`,
      as: 'zzb',
      payload: { kind: 'party_status', toStatus: 'full', on: '2011-06-30', reason: '转正' },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().error).toMatchObject({ code: 'STATUS_TRANSITION_NOT_ALLOWED', details: { earliest: '2011-07-01' } });
    const ok = await t.call({
      method: 'POST',
      url: `/api/people/${ids.li}/status-events`,
      as: 'zzb',
      payload: { kind: 'party_status', toStatus: 'full', on: '2011-07-01', reason: '预备期满，支部大会通过，党委批准转正' },
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ partyStatus: 'full', fullMemberOn: '2011-07-01' });
    expect(ok.json().events[0]).toMatchObject({ kind: 'party_status', fromValue: 'probationary', toValue: 'full', onDate: '2011-07-01' });
    const back = await t.call({
      method: 'POST',
      url: `/api/people/${ids.li}/status-events`,
      as: 'zzb',
      payload: { kind: 'party_status', toStatus: 'activist', on: '2026-01-01', reason: 'x' },
    });
    expect(back.json().error.code).toBe('STATUS_TRANSITION_NOT_ALLOWED');
    const future = await t.call({
      method: 'POST',
      url: `/api/people/${ids.li}/status-events`,
      as: 'zzb',
      payload: { kind: 'party_status', toStatus: 'non_member', on: '2027-01-01', reason: 'x' },
    });
    expect(future.statusCode).toBe(400);
    // A 群众 applies to join: the branch taking the application is named.
    const apply = await t.call({
      method: 'POST',
      url: `/api/people/${ids.qian}/status-events`,
      as: 'zzb',
      payload: { kind: 'party_status', toStatus: 'applicant', on: '2026-10-08', reason: '递交入党申请书', branchId: tree.b12.id },
    });
    expect(apply.statusCode).toBe(201);
    expect(apply.json()).toMatchObject({
      partyStatus: 'applicant',
      branch: { code: 'B12' },
      memberships: [expect.objectContaining({ fromOn: '2026-10-08' })],
    });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'person.party_status_changed')
      .execute();
    expect(audit).toHaveLength(2);
  });

  it('records leaving the enterprise: memberships and posts end, the person leaves the active list', async () => {
    await addPost(t, tree.b11.id, ids.zhang ?? 0, 'secretary');
    const res = await t.call({
      method: 'POST',
      url: `/api/people/${ids.zhang}/status-events`,
      as: 'zzb',
      payload: { kind: 'roster', toStatus: 'left', on: '2026-11-20', reason: '调离本企业' },
    });
    expect(res.statusCode).toBe(201);
    const p = res.json() as PersonDetail;
    expect(p).toMatchObject({ status: 'left', leftOn: '2026-11-20', branch: null, group: null, org: { code: 'G1' } });
    expect(p.memberships.every((m) => m.toOn === '2026-11-20' && m.endKind === 'left')).toBe(true);
    expect(p.posts).toEqual([expect.objectContaining({ post: 'secretary', endOn: '2026-11-20', active: false })]);
    expect((await list('zzb')).total).toBe(4);
    expect((await list('zzb', '?status=left')).items.map((x) => x.name)).toEqual(['张伟']);
  });

  it('transfers between branches, out and back in, and shows every organisation in the history', async () => {
    const between = await t.call({
      method: 'POST',
      url: `/api/people/${ids.zhang}/transfers`,
      as: 'zzb',
      payload: { kind: 'between', toOrgId: tree.b21.id, on: '2026-03-01', reason: '岗位调动' },
    });
    expect(between.statusCode).toBe(201);
    expect(between.json()).toMatchObject({ branch: { code: 'B21' }, group: null, org: { code: 'B21' } });
    // The old branch's secretary no longer sees the person; the new branch's people list has them.
    expect((await get(ids.zhang ?? 0, 'sec11')).statusCode).toBe(404);
    const out = await t.call({
      method: 'POST',
      url: `/api/people/${ids.zhang}/transfers`,
      as: 'zzb',
      payload: { kind: 'out', on: '2026-06-01', reason: '调往集团其他企业', externalOrg: '示例铝业集团某公司党委' },
    });
    expect(out.statusCode).toBe(201);
    expect(out.json()).toMatchObject({ branch: null, org: { code: 'G2' } });
    const back = await t.call({
      method: 'POST',
      url: `/api/people/${ids.zhang}/transfers`,
      as: 'zzb',
      payload: {
        kind: 'in',
        toOrgId: tree.b11.id,
        toGroupId: tree.gr111.id,
        on: '2026-10-10',
        reason: '调回',
        externalOrg: '示例铝业集团某公司党委',
      },
    });
    expect(back.statusCode).toBe(201);
    const p = back.json() as PersonDetail;
    expect(p.memberships.map((m) => [m.org.code, m.fromOn, m.toOn, m.startKind, m.endKind])).toEqual([
      ['GR111', '2026-10-10', null, 'in', null],
      ['B11', '2026-10-10', null, 'in', null],
      ['B21', '2026-03-01', '2026-06-01', 'between', 'out'],
      ['GR111', '2020-01-01', '2026-03-01', 'initial', 'between'],
      ['B11', '2020-01-01', '2026-03-01', 'initial', 'between'],
    ]);
    expect(p.transfers.map((x) => [x.kind, x.fromOrg?.code ?? null, x.toOrg?.code ?? null, x.externalOrg])).toEqual([
      ['in', null, 'B11', '示例铝业集团某公司党委'],
      ['out', 'B21', null, '示例铝业集团某公司党委'],
      ['between', 'B11', 'B21', null],
    ]);
    const audits = await t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'person.transferred_%')
      .orderBy('seq')
      .execute();
    expect(audits.map((a) => a.action)).toEqual(['person.transferred_between', 'person.transferred_out', 'person.transferred_in']);
  });

  it('refuses transfers that make no sense', async () => {
    const call = (id: number, payload: object, as = 'zzb') => t.call({ method: 'POST', url: `/api/people/${id}/transfers`, as, payload });
    expect((await call(ids.zhang ?? 0, { kind: 'between', toOrgId: tree.b11.id, on: '2026-03-01', reason: 'x' })).statusCode).toBe(400);
    expect((await call(ids.zhang ?? 0, { kind: 'between', toOrgId: tree.g2.id, on: '2026-03-01', reason: 'x' })).statusCode).toBe(409);
    expect((await call(ids.zhang ?? 0, { kind: 'between', toOrgId: tree.b21.id, on: '2019-03-01', reason: 'x' })).statusCode).toBe(400);
    expect(
      (await call(ids.zhang ?? 0, { kind: 'in', toOrgId: tree.b21.id, on: '2026-03-01', reason: 'x', externalOrg: 'y' })).statusCode,
    ).toBe(409);
    expect((await call(ids.zhang ?? 0, { kind: 'out', on: '2026-03-01', reason: 'x' })).statusCode).toBe(400);
    expect(
      (await call(ids.qian ?? 0, { kind: 'in', toOrgId: tree.b11.id, on: '2026-03-01', reason: 'x', externalOrg: 'y' })).statusCode,
    ).toBe(409);
    // G1's admin cannot send someone into G2's branch (not in their subtree).
    expect(
      (await call(ids.zhang ?? 0, { kind: 'between', toOrgId: tree.b21.id, on: '2026-03-01', reason: 'x' }, 'g1admin')).statusCode,
    ).toBe(404);
    expect((await call(ids.zhang ?? 0, { kind: 'between', toOrgId: tree.b12.id, on: '2026-03-01', reason: 'x' }, 'sec11')).statusCode).toBe(
      403,
    );
  });

  it('moves a member between groups of their branch with dated history', async () => {
    const res = await t.call({
      method: 'PUT',
      url: `/api/people/${ids.li}/group`,
      as: 'zzb',
      payload: { groupId: tree.gr111.id, on: '2026-09-01' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().group.code).toBe('GR111');
    const out = await t.call({
      method: 'PUT',
      url: `/api/people/${ids.li}/group`,
      as: 'zzb',
      payload: { groupId: null, on: '2026-10-01' },
    });
    expect(out.json().memberships[0]).toMatchObject({
      org: { code: 'GR111' },
      fromOn: '2026-09-01',
      toOn: '2026-10-01',
      endKind: 'reassign',
    });
    const wrong = await t.call({
      method: 'PUT',
      url: `/api/people/${ids.wang}/group`,
      as: 'zzb',
      payload: { groupId: tree.gr111.id, on: '2026-09-01' },
    });
    expect(wrong.statusCode).toBe(409);
  });
});

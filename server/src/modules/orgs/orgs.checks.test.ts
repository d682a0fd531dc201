import type { OrgCheck } from '@guantong/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, makeOrg, makeUser, standardTree, type TestApp } from '../../test/harness.js';
import { addMembers, addPerson, addPost, setOrgFields } from './orgs.testkit.js';

type Tree = Awaited<ReturnType<typeof standardTree>>;

/** Each case gets its own branch under G1 so the checks of one never disturb another. */
describe('rule checks of the 支部工作条例 at their boundaries', () => {
  let t: TestApp;
  let tree: Tree;
  let n = 0;

  beforeAll(async () => {
    t = await createTestApp();
    tree = await standardTree(t);
    await makeUser(t, 'zzb', [{ role: 'org_admin', orgId: tree.c.id }]);
    await makeUser(t, 'sec21', [{ role: 'secretary', orgId: tree.b21.id }]);
    await t.login('zzb');
    await t.login('sec21');
  });
  afterAll(async () => t.close());

  async function branch(): Promise<number> {
    n += 1;
    return (await makeOrg(t, { code: `BX${n}`, kind: 'branch', parentId: tree.g1.id })).id;
  }

  /** A branch with a secretary among `full` full members (so only the rule under test can fire). */
  async function branchWith(full: number, probationary = 0): Promise<{ id: number; people: number[] }> {
    const id = await branch();
    const people = await addMembers(t, id, full, probationary);
    if (people[0] !== undefined) {
      await addPost(t, id, people[0], 'secretary');
    }
    return { id, people };
  }

  async function checksOf(orgId: number, as = 'zzb'): Promise<OrgCheck[]> {
    const res = await t.call({ method: 'GET', url: `/api/orgs/checks?orgId=${orgId}`, as });
    expect(res.statusCode).toBe(200);
    return (res.json() as OrgCheck[]).filter((c) => c.orgId === orgId);
  }
  const rules = (checks: OrgCheck[]) => checks.map((c) => c.rule).sort();

  it('flags a branch with 2 full members and not one with 3 (probationary members do not count)', async () => {
    const two = await branchWith(2, 3);
    const three = await branchWith(3);
    const c2 = await checksOf(two.id);
    expect(rules(c2)).toEqual(['branch.min_full_members']);
    expect(c2[0]).toEqual({
      orgId: two.id,
      orgCode: expect.any(String),
      rule: 'branch.min_full_members',
      severity: 'warning',
      message: expect.stringContaining('2名正式党员'),
      source: '《中国共产党支部工作条例（试行）》第四条、第五条',
    });
    expect(Object.keys(c2[0] ?? {}).sort()).toEqual(['message', 'orgCode', 'orgId', 'rule', 'severity', 'source']);
    expect(await checksOf(three.id)).toEqual([]);
  });

  it('asks for a committee at 7 full members, not at 6', async () => {
    const six = await branchWith(6);
    const seven = await branchWith(7);
    expect(await checksOf(six.id)).toEqual([]);
    expect(rules(await checksOf(seven.id))).toEqual(['branch.committee_required']);
    // A deputy secretary alone is not a committee; an elected committee (term recorded) is.
    await addPost(t, seven.id, seven.people[1] ?? 0, 'deputy_secretary');
    expect(rules(await checksOf(seven.id))).toEqual(['branch.committee_required']);
  });

  it.each([
    [2, 'error'],
    [3, null],
    [5, null],
    [6, 'warning'],
    [7, 'warning'],
    [8, 'error'],
  ] as const)('judges a committee of %i members (%s)', async (size, severity) => {
    const b = await branchWith(20);
    await setOrgFields(t, b.id, { term_start: '2025-06-01', term_years: 3 });
    const kinds = [
      'deputy_secretary',
      'organization_member',
      'propaganda_member',
      'discipline_member',
      'committee_member',
      'committee_member',
      'committee_member',
    ] as const;
    for (let i = 1; i < size; i++) {
      await addPost(t, b.id, b.people[i] ?? 0, kinds[i - 1] ?? 'committee_member');
    }
    const checks = await checksOf(b.id);
    if (severity === null) {
      expect(checks).toEqual([]);
    } else {
      expect(checks.map((c) => [c.rule, c.severity])).toEqual([['branch.committee_size', severity]]);
    }
  });

  it('accepts a committee of 6 or 7 with a recorded note, never one of 8', async () => {
    for (const [size, expected] of [
      [6, []],
      [7, []],
      [8, ['branch.committee_size']],
    ] as const) {
      const b = await branchWith(20);
      await setOrgFields(t, b.id, { term_start: '2025-06-01', committee_note: '经公司党委批准设委员7名' });
      for (let i = 1; i < size; i++) {
        await addPost(t, b.id, b.people[i] ?? 0, 'committee_member');
      }
      expect(rules(await checksOf(b.id))).toEqual(expected);
    }
  });

  it('counts a committee by people, so one person holding two seats counts once', async () => {
    const b = await branchWith(10);
    await setOrgFields(t, b.id, { term_start: '2025-06-01' });
    await addPost(t, b.id, b.people[1] ?? 0, 'organization_member');
    await addPost(t, b.id, b.people[1] ?? 0, 'propaganda_member');
    expect((await checksOf(b.id)).map((c) => c.message)).toEqual([expect.stringContaining('2名委员')]);
  });

  it('warns above 50 members (51) but not at 50, counting probationary members', async () => {
    const fifty = await branchWith(47, 3);
    const fiftyOne = await branchWith(48, 3);
    for (const b of [fifty, fiftyOne]) {
      await setOrgFields(t, b.id, { term_start: '2025-06-01' });
      for (let i = 1; i < 3; i++) {
        await addPost(t, b.id, b.people[i] ?? 0, 'committee_member');
      }
      const g = await makeOrg(t, { code: `GRX${b.id}`, kind: 'group', parentId: b.id });
      void g;
    }
    expect(await checksOf(fifty.id)).toEqual([]);
    expect(rules(await checksOf(fiftyOne.id))).toEqual(['branch.max_members']);
  });

  it('asks for party groups from 30 members (not 29) and is satisfied by one group', async () => {
    const cases = [] as Array<{ id: number; people: number[] }>;
    for (const [full, prob] of [
      [27, 2],
      [28, 2],
      [28, 2],
    ] as const) {
      const b = await branchWith(full, prob);
      await setOrgFields(t, b.id, { term_start: '2025-06-01' });
      for (let i = 1; i < 3; i++) {
        await addPost(t, b.id, b.people[i] ?? 0, 'committee_member');
      }
      cases.push(b);
    }
    const [b29, b30, b30g] = cases;
    await makeOrg(t, { code: `GRY${b30g?.id}`, kind: 'group', parentId: b30g?.id });
    expect(await checksOf(b29?.id ?? 0)).toEqual([]);
    expect(rules(await checksOf(b30?.id ?? 0))).toEqual(['branch.groups_required']);
    expect(await checksOf(b30g?.id ?? 0)).toEqual([]);
  });

  it('flags a branch whose secretary post is vacant or has ended', async () => {
    const vacant = await branch();
    await addMembers(t, vacant, 4);
    const ended = await branch();
    const people = await addMembers(t, ended, 4);
    await addPost(t, ended, people[0] ?? 0, 'secretary', '2020-01-01', '2026-08-22');
    await addPost(t, ended, people[1] ?? 0, 'deputy_secretary');
    for (const id of [vacant, ended]) {
      const checks = await checksOf(id);
      expect(checks.map((c) => [c.rule, c.severity])).toEqual([['branch.no_secretary', 'error']]);
    }
  });

  it('warns 90 days before a term ends, not 91, and flags an overdue election from the end day', async () => {
    // Today is 2026-11-25 (the test clock); a 3-year term started 2023-11-25 ends today.
    const cases: Array<[string, string | null]> = [
      ['2024-02-24', null], // ends 2027-02-24: 91 days left
      ['2024-02-23', 'term.ending_soon'], // ends 2027-02-23: 90 days left
      ['2023-11-26', 'term.ending_soon'], // ends tomorrow
      ['2023-11-25', 'term.overdue'], // ends today
      ['2023-06-01', 'term.overdue'],
    ];
    for (const [start, rule] of cases) {
      const b = await branchWith(10);
      await setOrgFields(t, b.id, { term_start: start, term_years: 3 });
      await addPost(t, b.id, b.people[1] ?? 0, 'organization_member');
      await addPost(t, b.id, b.people[2] ?? 0, 'propaganda_member');
      expect(rules(await checksOf(b.id)), start).toEqual(rule ? [rule] : []);
    }
    const terms = await t.call({ method: 'GET', url: '/api/orgs/terms', as: 'zzb' });
    expect(terms.statusCode).toBe(200);
    const body = terms.json();
    expect(body.withinDays).toBe(90);
    expect(body.items.map((i: { termStart: string; state: string }) => [i.termStart, i.state])).toEqual([
      ['2023-06-01', 'overdue'],
      ['2023-11-25', 'overdue'],
      ['2023-11-26', 'ending_soon'],
      ['2024-02-23', 'ending_soon'],
    ]);
    const wider = await t.call({ method: 'GET', url: '/api/orgs/terms?withinDays=91', as: 'zzb' });
    expect(wider.json().items).toHaveLength(5);
  });

  it('takes thresholds from the rule settings, and returns to the defaults on reset', async () => {
    const b = await branchWith(41);
    await setOrgFields(t, b.id, { term_start: '2025-06-01' });
    for (let i = 1; i < 3; i++) {
      await addPost(t, b.id, b.people[i] ?? 0, 'committee_member');
    }
    await makeOrg(t, { code: `GRZ${b.id}`, kind: 'group', parentId: b.id });
    expect(await checksOf(b.id)).toEqual([]);
    const set = await t.call({
      method: 'PUT',
      url: '/api/orgs/rule-settings/branch.max_members',
      as: 'zzb',
      payload: { value: 40, source: '《某集团党支部工作细则》第三条' },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ value: 40, defaultValue: 50, isDefault: false, updatedBy: 'zzb' });
    expect(await checksOf(b.id)).toEqual([
      expect.objectContaining({ rule: 'branch.max_members', source: '《某集团党支部工作细则》第三条' }),
    ]);
    const reset = await t.call({ method: 'DELETE', url: '/api/orgs/rule-settings/branch.max_members', as: 'zzb' });
    expect(reset.json()).toMatchObject({ value: 50, isDefault: true });
    expect(await checksOf(b.id)).toEqual([]);
    const list = await t.call({ method: 'GET', url: '/api/orgs/rule-settings', as: 'sec21' });
    expect(list.json().find((s: { key: string }) => s.key === 'term.warn_days')).toMatchObject({ value: 90, unit: '天' });
    expect(
      (await t.call({ method: 'PUT', url: '/api/orgs/rule-settings/term.warn_days', as: 'sec21', payload: { value: 30 } })).statusCode,
    ).toBe(403);
    expect((await t.call({ method: 'PUT', url: '/api/orgs/rule-settings/no.such', as: 'zzb', payload: { value: 3 } })).statusCode).toBe(
      404,
    );
  });

  it('lists only the checks of the actor’s subtree', async () => {
    const all = (await t.call({ method: 'GET', url: '/api/orgs/checks', as: 'zzb' })).json() as OrgCheck[];
    expect(all.some((c) => c.orgCode === 'B21')).toBe(true);
    expect(all.some((c) => c.orgCode.startsWith('BX'))).toBe(true);
    const mine = (await t.call({ method: 'GET', url: '/api/orgs/checks', as: 'sec21' })).json() as OrgCheck[];
    expect(new Set(mine.map((c) => c.orgCode))).toEqual(new Set(['B21']));
    expect((await t.call({ method: 'GET', url: `/api/orgs/checks?orgId=${tree.b11.id}`, as: 'sec21' })).statusCode).toBe(404);
  });

  it('gives a general branch above 100 members the 基层党委 hint (info) only when asked', async () => {
    const g = await makeOrg(t, { code: 'GBIG', kind: 'general_branch', parentId: tree.c.id });
    const b1 = await makeOrg(t, { code: 'GBIG-1', kind: 'branch', parentId: g.id });
    await addPerson(t, { branchId: b1.id });
    const people = await addMembers(t, b1.id, 100);
    void people;
    const plain = (await t.call({ method: 'GET', url: `/api/orgs/checks?orgId=${g.id}`, as: 'zzb' })).json() as OrgCheck[];
    expect(plain.some((c) => c.rule === 'general_branch.committee_possible')).toBe(false);
    const info = (await t.call({ method: 'GET', url: `/api/orgs/checks?orgId=${g.id}&includeInfo=true`, as: 'zzb' })).json() as OrgCheck[];
    expect(info.filter((c) => c.severity === 'info')).toEqual([
      expect.objectContaining({ orgCode: 'GBIG', rule: 'general_branch.committee_possible' }),
    ]);
  });
});

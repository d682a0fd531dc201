import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMetric } from '../../core/metrics.js';
import { makeOrg } from '../../test/harness.js';
import { addPerson } from '../orgs/orgs.testkit.js';
import { type EngineRule, evaluateOrg, periodsOf, stateName } from './compliance.engine.js';
import { expectStatus, insertHeld, type MeetingWorld, meetingWorld, planMeeting } from './meetings.fixtures.js';
import { meetingMetricTuning } from './meetings.metrics.js';

/** Rules of RULES.md as the engine sees them (the migration's defaults). */
const RULES: EngineRule[] = [
  { code: 'general_meeting.quarter', typeCode: 'general_meeting', period: 'quarter', min: 1, appliesTo: 'branch', coverage: null },
  {
    code: 'branch_committee.month',
    typeCode: 'branch_committee',
    period: 'month',
    min: 1,
    appliesTo: 'branch_with_committee',
    coverage: null,
  },
  { code: 'group_meeting.month', typeCode: 'group_meeting', period: 'month', min: 1, appliesTo: 'group', coverage: null },
];
const PERIODS = new Map([
  ['month', periodsOf('month', 2026)],
  ['quarter', periodsOf('quarter', 2026)],
  ['year', periodsOf('year', 2026)],
] as const);

function counts(entries: Record<string, Record<number, number>>) {
  const m = new Map<string, Uint16Array>();
  for (const [type, months] of Object.entries(entries)) {
    const arr = new Uint16Array(12);
    for (const [k, v] of Object.entries(months)) {
      arr[Number(k)] = v;
    }
    m.set(type, arr);
  }
  return m;
}

describe('compliance arithmetic (pure)', () => {
  it('puts a quarter’s obligation in the quarter-end month: red only after the quarter ended unmet', () => {
    const org = { id: 1, kind: 'branch' as const, foundedOn: null, hasCommittee: false };
    const held = new Map([[1, counts({ general_meeting: { 1: 1 } })]]); // Q1 met in February; Q2, Q3 missed
    const y = evaluateOrg(org, RULES, PERIODS, held, new Map(), '2026-11-25');
    expect(stateName(y.months[2] ?? 0)).toBe('ok'); // March: Q1 met
    expect(stateName(y.months[5] ?? 0)).toBe('miss'); // June: Q2 missed
    expect(stateName(y.months[8] ?? 0)).toBe('miss'); // September: Q3 missed
    expect(stateName(y.months[11] ?? 0)).toBe('open'); // December: Q4 still running on 25 Nov
    expect(stateName(y.months[0] ?? 0)).toBe('na'); // January: nothing due in its own right
    expect({ met: y.met, due: y.due }).toEqual({ met: 1, due: 3 });
    // On the quarter's last day it is still open; the day after, missed.
    const lastDay = evaluateOrg(org, RULES, PERIODS, new Map(), new Map(), '2026-03-31');
    expect(stateName(lastDay.months[2] ?? 0)).toBe('open');
    const nextDay = evaluateOrg(org, RULES, PERIODS, new Map(), new Map(), '2026-04-01');
    expect(stateName(nextDay.months[2] ?? 0)).toBe('miss');
  });

  it('owes nothing for the quarter a branch was founded in, from the next full period on', () => {
    const org = { id: 2, kind: 'branch' as const, foundedOn: '2026-05-10', hasCommittee: true };
    const y = evaluateOrg(org, RULES, PERIODS, new Map(), new Map(), '2026-11-25');
    expect(stateName(y.months[4] ?? 0)).toBe('na'); // May: founded mid-month, 支委会 not owed
    expect(stateName(y.months[5] ?? 0)).toBe('miss'); // June: 支委会 owed and missed; Q2 党员大会 not owed
    const q2: Array<[string, string]> = [];
    evaluateOrg(org, RULES, PERIODS, new Map(), new Map(), '2026-11-25', (o) => {
      if (o.rule.code === 'general_meeting.quarter') {
        q2.push([o.period.key, stateName(o.state)]);
      }
    });
    expect(q2).toEqual([
      ['2026-Q1', 'na'],
      ['2026-Q2', 'na'],
      ['2026-Q3', 'miss'],
      ['2026-Q4', 'open'],
    ]);
  });

  it('asks a 支委会 only of a branch with a committee, and a 党小组会 of each group', () => {
    const noCommittee = evaluateOrg(
      { id: 3, kind: 'branch', foundedOn: null, hasCommittee: false },
      RULES,
      PERIODS,
      new Map(),
      new Map(),
      '2026-11-25',
    );
    expect(stateName(noCommittee.months[0] ?? 0)).toBe('na');
    const committee = evaluateOrg(
      { id: 3, kind: 'branch', foundedOn: null, hasCommittee: true },
      RULES,
      PERIODS,
      new Map(),
      new Map(),
      '2026-11-25',
    );
    expect(stateName(committee.months[0] ?? 0)).toBe('miss');
    const group = evaluateOrg(
      { id: 4, kind: 'group', foundedOn: null, hasCommittee: false },
      RULES,
      PERIODS,
      new Map([[4, counts({ group_meeting: { 0: 1, 1: 2 } })]]),
      new Map(),
      '2026-11-25',
    );
    expect([0, 1, 2].map((m) => stateName(group.months[m] ?? 0))).toEqual(['ok', 'ok', 'miss']);
  });
});

let w: MeetingWorld;
beforeAll(async () => {
  w = await meetingWorld();
});
afterAll(async () => {
  await w.close();
});

async function matrix(as: string, query: string) {
  return expectStatus(await w.t.call({ method: 'GET', url: `/api/compliance/matrix?year=2026&${query}`, as }), 200).json();
}

describe('compliance over HTTP', () => {
  it('buckets a meeting by its Beijing date: 00:30 on 1 April in Beijing belongs to Q2, not Q1', async () => {
    const m = await planMeeting(w, 'b11sec', {
      typeCode: 'general_meeting',
      title: '二季度党员大会',
      startsAt: '2026-04-01T00:30:00+08:00',
      agenda: [],
    });
    expect(m.meetingDate).toBe('2026-04-01');
    expectStatus(await w.t.call({ method: 'POST', url: `/api/meetings/${m.id}/hold`, as: 'b11sec', payload: {} }), 200);
    const branch = expectStatus(
      await w.t.call({ method: 'GET', url: `/api/compliance/branches/${w.tree.b11.id}?year=2026`, as: 'b11sec' }),
      200,
    ).json();
    const gm = branch.obligations.filter((o: { ruleCode: string }) => o.ruleCode === 'general_meeting.quarter');
    expect(gm.map((o: { periodKey: string; state: string }) => [o.periodKey, o.state])).toEqual([
      ['2026-Q1', 'miss'],
      ['2026-Q2', 'ok'],
      ['2026-Q3', 'miss'],
      ['2026-Q4', 'open'],
    ]);
    expect(gm[1].meetings.map((x: { id: number }) => x.id)).toEqual([m.id]);
    expect(branch.hasCommittee).toBe(true);
  });

  it('turns a month green when the missing meetings are held, folding the group into its branch', async () => {
    const before = await matrix('b11sec', `orgId=${w.tree.b11.id}`);
    expect(before.rows).toHaveLength(1);
    expect(before.rows[0].months[9].state).toBe('miss'); // October
    for (const [org, type] of [
      [w.tree.b11.id, 'branch_committee'],
      [w.tree.b11.id, 'theme_day'],
    ] as const) {
      await insertHeld(w.t, org, type, '2026-10-12');
    }
    const stillGroup = await matrix('b11sec', `orgId=${w.tree.b11.id}`);
    expect(stillGroup.rows[0].months[9].state).toBe('miss'); // the group's 党小组会 is still missing
    await insertHeld(w.t, w.tree.gr111.id, 'group_meeting', '2026-10-20');
    const after = await matrix('b11sec', `orgId=${w.tree.b11.id}`);
    expect(after.rows[0].months[9].state).toBe('ok');
    expect(after.rows[0].months[10].state).toBe('open'); // November is running
    expect(after.rows[0].months[11].state).toBe('open'); // December holds Q4's 党员大会 / 党课, running now
  });

  it('aggregates branches under a general branch and drills down; B12 (no committee) owes no 支委会', async () => {
    const top = await matrix('zzb', `orgId=${w.tree.c.id}`);
    expect(top.rows.map((r: { org: { code: string } }) => r.org.code).sort()).toEqual(['G1', 'G2']);
    const g1 = top.rows.find((r: { org: { code: string } }) => r.org.code === 'G1');
    expect(g1.branches).toBe(2);
    expect(g1.drillable).toBe(true);
    expect(g1.months[9].missed).toBe(1); // B12 missed its October 主题党日; B11 is green
    expect(g1.months[9].met).toBe(1);
    const b12 = expectStatus(
      await w.t.call({ method: 'GET', url: `/api/compliance/branches/${w.tree.b12.id}?year=2026`, as: 'zzb' }),
      200,
    ).json();
    expect(b12.hasCommittee).toBe(false);
    expect(b12.obligations.some((o: { ruleCode: string }) => o.ruleCode === 'branch_committee.month')).toBe(false);
    const flat = await matrix('zzb', `orgId=${w.tree.c.id}&view=branches`);
    expect(flat.rows.map((r: { org: { code: string } }) => r.org.code).sort()).toEqual(['B11', 'B12', 'B21']);
    const missing = await matrix('zzb', `orgId=${w.tree.c.id}&view=branches&onlyMissing=true`);
    expect(missing.total).toBe(3);
    expect(top.computeMs).toBeGreaterThanOrEqual(0);
  });

  it('lists what a branch is missing now and counts a branch founded mid-quarter from the next quarter', async () => {
    const late = await makeOrg(w.t, { code: 'B13', kind: 'branch', parentId: w.tree.g1.id, name: '一厂三支部' });
    await w.t.database.db.updateTable('orgs').set({ founded_on: '2026-08-15' }).where('id', '=', late.id).execute();
    const b = expectStatus(
      await w.t.call({ method: 'GET', url: `/api/compliance/branches/${late.id}?year=2026`, as: 'g1sec' }),
      200,
    ).json();
    const gm = b.obligations
      .filter((o: { ruleCode: string }) => o.ruleCode === 'general_meeting.quarter')
      .map((o: { state: string }) => o.state);
    expect(gm).toEqual(['na', 'na', 'na', 'open']);
    const theme = b.obligations
      .filter((o: { ruleCode: string }) => o.ruleCode === 'theme_day.month')
      .map((o: { state: string }) => o.state);
    expect(theme.slice(6, 12)).toEqual(['na', 'na', 'miss', 'miss', 'open', 'na']);
    expect(b.missingNow.map((o: { ruleCode: string }) => o.ruleCode)).toEqual(
      expect.arrayContaining(['theme_day.month', 'general_meeting.quarter']),
    );
  });

  it('reads talk coverage per year from who took part in 谈心谈话', async () => {
    const branch = () => w.t.call({ method: 'GET', url: `/api/compliance/branches/${w.tree.b12.id}?year=2026`, as: 'b12sec' });
    const talkOf = async () => (await branch()).json().obligations.find((o: { ruleCode: string }) => o.ruleCode === 'talk.year');
    expect(await talkOf()).toMatchObject({ members: 3, covered: 0, state: 'open' });
    await insertHeld(w.t, w.tree.b12.id, 'talk', '2026-06-01', [w.b12Members[0] ?? 0, w.b12Members[1] ?? 0]);
    expect(await talkOf()).toMatchObject({ covered: 2, state: 'open' });
    await insertHeld(w.t, w.tree.b12.id, 'talk', '2026-07-01', [w.b12Members[0] ?? 0, w.b12Members[2] ?? 0]);
    expect(await talkOf()).toMatchObject({ covered: 3, state: 'ok' });
  });

  it('answers 404 for another branch’s drill-down and hides it from their matrix', async () => {
    expect((await w.t.call({ method: 'GET', url: `/api/compliance/branches/${w.tree.b11.id}?year=2026`, as: 'b12sec' })).statusCode).toBe(
      404,
    );
    expect(
      (await w.t.call({ method: 'GET', url: `/api/compliance/matrix?year=2026&orgId=${w.tree.g1.id}`, as: 'b12sec' })).statusCode,
    ).toBe(404);
    const own = await matrix('b12sec', '');
    expect(own.org.code).toBe('B12');
    expect((await w.t.call({ method: 'GET', url: '/api/compliance/matrix?year=1999', as: 'zzb' })).statusCode).toBe(400);
    expect((await w.t.call({ method: 'GET', url: `/api/compliance/branches/${w.tree.g1.id}?year=2026`, as: 'zzb' })).statusCode).toBe(404);
  });

  it('lets an operator change a frequency (data), audited, and the matrix follows', async () => {
    expect(
      (await w.t.call({ method: 'PUT', url: '/api/compliance/rules/theme_day.month', as: 'b11sec', payload: { active: false } }))
        .statusCode,
    ).toBe(403);
    const r = expectStatus(
      await w.t.call({ method: 'PUT', url: '/api/compliance/rules/theme_day.month', as: 'zzb', payload: { active: false } }),
      200,
    ).json();
    expect(r.active).toBe(false);
    const b12 = expectStatus(
      await w.t.call({ method: 'GET', url: `/api/compliance/branches/${w.tree.b12.id}?year=2026`, as: 'zzb' }),
      200,
    ).json();
    expect(b12.obligations.some((o: { ruleCode: string }) => o.ruleCode === 'theme_day.month')).toBe(false);
    expectStatus(
      await w.t.call({ method: 'PUT', url: '/api/compliance/rules/theme_day.month', as: 'zzb', payload: { active: true } }),
      200,
    );
    expect(
      (await w.t.call({ method: 'PUT', url: '/api/compliance/rules/theme_day.month', as: 'zzb', payload: { minCount: 0 } })).statusCode,
    ).toBe(400);
    const audit = await w.t.database.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'compliance_rule').execute();
    expect(audit.length).toBe(2);
  });

  it('exports the matrix as .xlsx', async () => {
    const res = expectStatus(
      await w.t.call({ method: 'GET', url: `/api/compliance/matrix.xlsx?year=2026&orgId=${w.tree.c.id}`, as: 'zzb' }),
      200,
    );
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('members without organisational life (toward the 6-month rule)', () => {
  it('flags a member whose last org life was 5 months ago, on the branch and on the person', async () => {
    const p = await addPerson(w.t, { branchId: w.tree.b21.id, name: '久未参加', since: '2020-01-01' });
    const q = await addPerson(w.t, { branchId: w.tree.b21.id, name: '经常参加', since: '2020-01-01' });
    await insertHeld(w.t, w.tree.b21.id, 'theme_day', '2026-06-20', [p, q]);
    await insertHeld(w.t, w.tree.b21.id, 'theme_day', '2026-11-10', [q]);
    const b = expectStatus(
      await w.t.call({ method: 'GET', url: `/api/compliance/branches/${w.tree.b21.id}?year=2026`, as: 'zzb' }),
      200,
    ).json();
    expect(b.inactiveMembers).toEqual([
      { person: expect.objectContaining({ id: p }), months: 5, lastAttendedOn: '2026-06-20', state: 'approaching' },
    ]);
    const person = expectStatus(await w.t.call({ method: 'GET', url: `/api/people/${p}`, as: 'zzb' }), 200).json();
    expect(person.inactivity).toMatchObject({ state: 'approaching', months: 5 });
    const regular = expectStatus(await w.t.call({ method: 'GET', url: `/api/people/${q}`, as: 'zzb' }), 200).json();
    expect(regular.inactivity.state).toBe('ok');
  });
});

describe('metrics for the evaluation engine', () => {
  it('computes compliance and attendance rates per subtree in one batch, with records behind them', async () => {
    const compliance = getMetric('meetings.compliance_rate');
    const attendance = getMetric('meetings.attendance_rate');
    expect(compliance && attendance).toBeTruthy();
    const args = {
      db: w.t.database.db,
      subjectIds: [w.tree.c.id, w.tree.b11.id, w.tree.b12.id],
      period: { from: '2026-01-01', to: '2026-12-31' },
      asOf: '2026-11-25',
    };
    const values = await compliance?.compute(args);
    const c = values?.get(w.tree.c.id);
    const b11 = values?.get(w.tree.b11.id);
    const b12 = values?.get(w.tree.b12.id);
    expect(c?.denominator).toBeGreaterThan(0);
    expect((b11?.denominator ?? 0) + (b12?.denominator ?? 0)).toBeLessThanOrEqual(c?.denominator ?? 0);
    expect(b11?.numerator).toBeGreaterThan(b12?.numerator ?? 0);
    const records = await compliance?.records?.({
      db: w.t.database.db,
      subjectId: w.tree.b11.id,
      period: args.period,
      asOf: args.asOf,
      limit: 500,
    });
    expect(records?.filter((r) => r.role === 'numerator')).toHaveLength(b11?.numerator ?? -1);
    const att = await attendance?.compute(args);
    expect(att?.get(w.tree.c.id)?.denominator).toBeGreaterThan(0);
    // Many disjoint subjects load their common ancestor's subtree once instead: the same figures for each.
    const branches = { ...args, subjectIds: [w.tree.b11.id, w.tree.b12.id] };
    const separate = await compliance?.compute(branches);
    meetingMetricTuning.maxSeparateRoots = 0;
    try {
      const merged = await compliance?.compute(branches);
      expect(merged?.get(w.tree.b11.id)).toEqual(separate?.get(w.tree.b11.id));
      expect(merged?.get(w.tree.b12.id)).toEqual(separate?.get(w.tree.b12.id));
      expect(merged?.get(w.tree.b11.id)).toEqual(b11);
      expect(merged?.has(w.tree.c.id)).toBe(false);
    } finally {
      meetingMetricTuning.maxSeparateRoots = 8;
    }
  });
});

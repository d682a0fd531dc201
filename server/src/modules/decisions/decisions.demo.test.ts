import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seed/demo.js';
import { seedDemoDecisions } from '../../seed/demo-decisions.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

const PASSWORD = 'Demo-pass-2026';

describe('demo register and campaign', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ GUANTONG_DEMO_PASSWORD: PASSWORD });
    await seedDemo(t.ctx);
    await t.login('zzb', PASSWORD);
  }, 120_000);
  afterAll(async () => t.close());

  it('holds six decision items with exactly one deliberate pre-study violation and one same-day pre-study', async () => {
    const list = (await t.call({ method: 'GET', url: '/api/decisions?pageSize=50', as: 'zzb' })).json();
    expect(list.total).toBe(6);
    const violations = list.items.filter((d: { preStudy: { severity: string } }) => d.preStudy.severity === 'violation');
    expect(violations.map((d: { title: string; preStudy: { status: string } }) => [d.title, d.preStudy.status])).toEqual([
      ['原铝锭年度大额采购合同', 'missing'],
    ]);
    const byTitle = new Map(list.items.map((d: { title: string }) => [d.title, d]));
    expect(byTitle.get('中层管理人员选拔任用方案')).toMatchObject({ preStudy: { status: 'ok' } });
    const project = byTitle.get('熔铸车间智能化改造项目') as { id: number; followUp: Record<string, unknown> };
    expect(project.followUp).toMatchObject({ total: 3, verified: 1, overdue: 1 });
    const stats = (await t.call({ method: 'GET', url: '/api/decisions/stats', as: 'zzb' })).json();
    expect(stats).toMatchObject({ total: 6, violations: 1, warnings: 0, reviewDue: 1, overdueFollowUps: 1 });
    // The register reuses the meetings seed's 党委会 (no duplicates): at most two a month, all from the regular series.
    const committees = await t.database.db
      .selectFrom('meetings as m')
      .innerJoin('orgs as o', 'o.id', 'm.org_id')
      .select(['m.title', 'm.meeting_date'])
      .where('m.type_code', '=', 'party_committee')
      .where('o.parent_id', 'is', null)
      .execute();
    const perMonth = new Map<string, number>();
    for (const m of committees) {
      perMonth.set(m.meeting_date.slice(0, 7), (perMonth.get(m.meeting_date.slice(0, 7)) ?? 0) + 1);
    }
    expect(Math.max(...perMonth.values())).toBe(2);
    expect(committees.every((m) => /^党委会（\d{2}月第[12]次/.test(m.title))).toBe(true);
    const detail = (await t.call({ method: 'GET', url: `/api/decisions/${project.id}`, as: 'zzb' })).json();
    expect(detail.preStudy.meeting.title).toMatch(/^党委会（\d{2}月第[12]次 · 前置研究 · 熔铸智能化改造、资金预算）$/);
    expect(detail.preStudy.agendaItem.title).toBe('前置研究：熔铸车间智能化改造项目');
  });

  it('holds one open campaign with answers from four branches, shortlisted and one adopted; seeding twice adds nothing', async () => {
    const campaigns = (await t.call({ method: 'GET', url: '/api/campaigns', as: 'zzb' })).json();
    expect(campaigns.total).toBe(1);
    expect(campaigns.items[0]).toMatchObject({ question: '赶超标杆我能干成什么', phase: 'open', answers: 12, adopted: 1, shortlisted: 4 });
    const p = (await t.call({ method: 'GET', url: `/api/campaigns/${campaigns.items[0].id}/participation`, as: 'zzb' })).json();
    expect(p.total.respondents).toBe(12);
    expect(p.total.members).toBeGreaterThan(1000);
    expect(await seedDemoDecisions(t.ctx)).toEqual({ decisions: 0, answers: 0 });
  });
});

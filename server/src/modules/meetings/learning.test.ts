import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMetric } from '../../core/metrics.js';
import { expectStatus, type MeetingWorld, meetingWorld, planMeeting } from './meetings.fixtures.js';

let w: MeetingWorld;
beforeAll(async () => {
  w = await meetingWorld();
});
afterAll(async () => {
  await w.close();
});

describe('learning (五学): plans, sessions, hours, make-up, reflections', () => {
  let planId = 0;
  let itemId = 0;
  let sessionId = 0;

  it('creates a year’s study plan with topics, and rejects a topic scheduled outside the year', async () => {
    const bad = await w.t.call({
      method: 'POST',
      url: '/api/learning/plans',
      as: 'b11sec',
      payload: { orgId: w.tree.b11.id, year: 2026, title: '2026年学习计划', items: [{ topic: 'x', plannedMonth: '2027-01' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('items.0.plannedMonth');
    const plan = expectStatus(
      await w.t.call({
        method: 'POST',
        url: '/api/learning/plans',
        as: 'b11sec',
        payload: {
          orgId: w.tree.b11.id,
          year: 2026,
          title: '一厂一支部2026年理论学习计划',
          targetHours: 32,
          items: [
            { topic: '党的二十届四中全会精神', materials: '全会公报', mode: 'follow_up', plannedMonth: '2026-11', plannedHours: 2 },
            { topic: '《中国共产党支部工作条例》', mode: 'reading_class', plannedMonth: '2026-12', plannedHours: 4 },
          ],
        },
      }),
      201,
    ).json();
    planId = plan.id;
    itemId = plan.items[0].id;
    expect(plan.progress).toEqual({ items: 2, done: 0 });
    expect((await w.t.call({ method: 'GET', url: `/api/learning/plans/${planId}`, as: 'b12sec' })).statusCode).toBe(404);
    expect(
      (await w.t.call({ method: 'PATCH', url: `/api/learning/plans/${planId}`, as: 'b11mem', payload: { title: 'x' } })).statusCode,
    ).toBe(403);
  });

  it('records a study session (a meeting with a study record), credits hours to those present and counts the plan topic done', async () => {
    const m = await planMeeting(w, 'b11sec', {
      typeCode: 'general_meeting',
      title: '专题学习：二十届四中全会精神',
      startsAt: '2026-11-18T14:30:00+08:00',
      agenda: [{ title: '传达学习全会精神', isFirstTopic: true }],
      study: { mode: 'follow_up', topic: '党的二十届四中全会精神', hours: 2, planItemId: itemId },
    });
    sessionId = m.id;
    expect(m.study).toMatchObject({ mode: 'follow_up', hours: 2, planItemTopic: '党的二十届四中全会精神' });
    const present = [w.b11.secretary, w.b11.organiser, w.b11.propaganda, w.b11.members[0], w.b11.members[1], w.b11.groupMembers[0]];
    expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/meetings/${m.id}/attendance`,
        as: 'b11sec',
        payload: {
          items: [
            ...present.map((p) => ({ personId: p, status: 'present' })),
            { personId: w.b11.members[2], status: 'leave', leaveReason: '病假' },
          ],
        },
      }),
      200,
    );
    expectStatus(await w.t.call({ method: 'POST', url: `/api/meetings/${m.id}/hold`, as: 'b11sec', payload: {} }), 200);
    const plan = expectStatus(await w.t.call({ method: 'GET', url: `/api/learning/plans/${planId}`, as: 'b11sec' }), 200).json();
    expect(plan.items[0]).toMatchObject({ sessions: 1, done: true });
    const stats = expectStatus(
      await w.t.call({ method: 'GET', url: `/api/learning/stats?orgId=${w.tree.b11.id}&year=2026`, as: 'b11sec' }),
      200,
    ).json();
    expect(stats.members).toBe(8);
    expect(stats.sessions).toBe(1);
    expect(stats.byMode.find((b: { mode: string }) => b.mode === 'follow_up')).toMatchObject({ sessions: 1, hours: 2 });
    expect(stats.byMonth.find((b: { month: string }) => b.month === '2026-11').personHours).toBe(12);
    expect(stats.hoursPerMember).toBe(1.5); // 12 person-hours / 8 members
    expect(stats.attendanceRate).toBe(0.75); // 6 of 8 expected
  });

  it('assigns make-up study to the absent and on-leave, and credits the hours once done', async () => {
    const wrong = await w.t.call({
      method: 'POST',
      url: `/api/meetings/${sessionId}/makeups`,
      as: 'b11sec',
      payload: { personIds: [w.b11.secretary] },
    });
    expect(wrong.statusCode).toBe(400);
    const r = expectStatus(
      await w.t.call({ method: 'POST', url: `/api/meetings/${sessionId}/makeups`, as: 'b11sec', payload: { dueOn: '2026-12-10' } }),
      200,
    ).json();
    expect(r.assigned).toBe(2); // one on leave, one absent
    expect(
      expectStatus(await w.t.call({ method: 'POST', url: `/api/meetings/${sessionId}/makeups`, as: 'b11sec', payload: {} }), 200).json()
        .assigned,
    ).toBe(0);
    const list = expectStatus(
      await w.t.call({ method: 'GET', url: `/api/learning/makeups?orgId=${w.tree.b11.id}&status=assigned`, as: 'b11sec' }),
      200,
    ).json();
    expect(list.total).toBe(2);
    const one = list.items.find((m: { person: { id: number } }) => m.person.id === w.b11.members[2]);
    expect(
      (await w.t.call({ method: 'POST', url: `/api/learning/makeups/${one.id}/done`, as: 'b11sec', payload: { doneOn: '2026-11-01' } }))
        .statusCode,
    ).toBe(400);
    expect(
      (await w.t.call({ method: 'POST', url: `/api/learning/makeups/${one.id}/done`, as: 'b12sec', payload: { doneOn: '2026-11-24' } }))
        .statusCode,
    ).toBe(404);
    expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/learning/makeups/${one.id}/done`,
        as: 'b11sec',
        payload: { doneOn: '2026-11-24', note: '观看录像并提交笔记' },
      }),
      200,
    );
    const people = expectStatus(
      await w.t.call({ method: 'GET', url: `/api/learning/people?orgId=${w.tree.b11.id}&year=2026&pageSize=50`, as: 'b11sec' }),
      200,
    ).json();
    const p = people.items.find((x: { person: { id: number } }) => x.person.id === w.b11.members[2]);
    expect(p).toMatchObject({ hours: 2, sessionsExpected: 1, sessionsPresent: 0, makeupsDone: 1 });
    expect(people.items[0].hours).toBeGreaterThanOrEqual(people.items.at(-1).hours);
    const stats = expectStatus(
      await w.t.call({ method: 'GET', url: `/api/learning/stats?orgId=${w.tree.b11.id}&year=2026`, as: 'b11sec' }),
      200,
    ).json();
    expect(stats.hoursPerMember).toBe(1.8); // (12 + 2) / 8 = 1.75 → 1.8
    expect(stats.makeups).toEqual({ assigned: 1, done: 1 });
  });

  it('takes a member’s reflection to the branch for review; returning needs a comment; other branches cannot see it', async () => {
    expect(
      (await w.t.call({ method: 'POST', url: '/api/learning/reflections', as: 'b11mem', payload: { title: '心得', body: '太短' } }))
        .statusCode,
    ).toBe(400);
    const r = expectStatus(
      await w.t.call({
        method: 'POST',
        url: '/api/learning/reflections',
        as: 'b11mem',
        payload: {
          meetingId: sessionId,
          title: '学习全会精神的体会',
          body: '通过学习，我深刻认识到要把全会精神落实到本岗位的安全生产和质量提升中去。',
        },
      }),
      201,
    ).json();
    expect(r).toMatchObject({ status: 'submitted', canReview: false });
    expect(
      (await w.t.call({ method: 'POST', url: `/api/learning/reflections/${r.id}/review`, as: 'b12sec', payload: { decision: 'approved' } }))
        .statusCode,
    ).toBe(404);
    expect(
      (await w.t.call({ method: 'POST', url: `/api/learning/reflections/${r.id}/review`, as: 'b11sec', payload: { decision: 'returned' } }))
        .statusCode,
    ).toBe(400);
    const returned = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/learning/reflections/${r.id}/review`,
        as: 'b11sec',
        payload: { decision: 'returned', comment: '请结合本岗位谈具体措施' },
      }),
      200,
    ).json();
    expect(returned.status).toBe('returned');
    const again = expectStatus(
      await w.t.call({
        method: 'PUT',
        url: `/api/learning/reflections/${r.id}`,
        as: 'b11mem',
        payload: {
          title: '学习全会精神的体会（修改）',
          body: '结合本岗位：一是落实交接班安全确认，二是开展质量攻关小组活动，三是带头学习新规程。',
        },
      }),
      200,
    ).json();
    expect(again.status).toBe('submitted');
    expectStatus(
      await w.t.call({ method: 'POST', url: `/api/learning/reflections/${r.id}/review`, as: 'b11sec', payload: { decision: 'approved' } }),
      200,
    );
    const mine = expectStatus(await w.t.call({ method: 'GET', url: '/api/learning/reflections?mine=true', as: 'b11mem' }), 200).json();
    expect(mine.items[0]).toMatchObject({ id: r.id, status: 'approved' });
    const other = expectStatus(await w.t.call({ method: 'GET', url: '/api/learning/reflections', as: 'b12sec' }), 200).json();
    expect(other.total).toBe(0);
  });

  it('feeds study hours per member and reflections to the metric registry', async () => {
    const hours = getMetric('learning.study_hours_per_member');
    const refl = getMetric('learning.reflections');
    const args = {
      db: w.t.database.db,
      subjectIds: [w.tree.b11.id, w.tree.g1.id, w.tree.b12.id],
      period: { from: '2026-01-01', to: '2026-12-31' },
      asOf: '2026-11-25',
    };
    const h = await hours?.compute(args);
    expect(h?.get(w.tree.b11.id)).toMatchObject({ value: 1.8, numerator: 14, denominator: 8 });
    expect(h?.get(w.tree.g1.id)?.denominator).toBe(11); // B11's 8 and B12's 3
    expect(h?.get(w.tree.b12.id)?.value).toBe(0);
    const r = await refl?.compute(args);
    expect(r?.get(w.tree.g1.id)?.value).toBe(1);
    const person = await getMetric('learning.study_hours_person')?.compute({ ...args, subjectIds: [w.b11.members[2] ?? 0] });
    expect(person?.get(w.b11.members[2] ?? 0)?.value).toBe(2);
  });
});

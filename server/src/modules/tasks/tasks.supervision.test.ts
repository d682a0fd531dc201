import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildDailyDigests } from '../notifications/notifications.service.js';
import { draft, expectStatus, relogin, type TaskWorld, taskWorld } from './tasks.fixtures.js';
import { generateRecurringTasks } from './tasks.recurrence.js';
import { runSupervisionScan } from './tasks.supervision.js';

const DAY = 86_400_000;

describe('supervision (督办) on a fake clock', () => {
  let w: TaskWorld;
  let b11Task: number;
  let b12Task: number;
  beforeEach(async () => {
    w = await taskWorld();
    // Today is 2026-11-25 (Beijing). B11's task is due in 2 days, B12's in 25.
    const root = await draft(w, 'zzb', { title: '召开组织生活会' });
    const res = (
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${root}/issue`,
        as: 'zzb',
        payload: { recipients: { orgIds: [w.tree.b11.id, w.tree.b12.id] }, childDueOn: '2026-11-27' },
      })
    ).json();
    [b11Task, b12Task] = res.childIds;
    await w.t.call({ method: 'PATCH', url: `/api/tasks/${b12Task}`, as: 'zzb', payload: { dueOn: '2026-12-20' } });
  });
  afterEach(async () => w.close());

  const inbox = async (as: string, kind: string) =>
    (await w.t.call({ method: 'GET', url: `/api/notifications?kind=${kind}`, as })).json().items as Array<{
      entityId: number;
      title: string;
      link: string;
    }>;
  const task = async (id: number, as = 'zzb') => (await w.t.call({ method: 'GET', url: `/api/tasks/${id}`, as })).json();

  it('turns yellow when due within N days, red when overdue, and escalates once after X days', async () => {
    let scan = await runSupervisionScan(w.t.ctx);
    expect(scan).toMatchObject({ red: 0, escalated: 0 });
    expect((await task(b11Task)).supervisionLevel).toBe('yellow');
    expect((await task(b12Task)).supervisionLevel).toBe('none');
    expect(await inbox('b11sec', 'due_soon')).toHaveLength(1);
    expect(await inbox('b12sec', 'due_soon')).toHaveLength(0);
    scan = await runSupervisionScan(w.t.ctx);
    expect(await inbox('b11sec', 'due_soon')).toHaveLength(1);

    w.t.clock.advance(3 * DAY); // 2026-11-28: one day late
    await relogin(w);
    scan = await runSupervisionScan(w.t.ctx);
    expect(scan).toMatchObject({ red: 1, escalated: 0 });
    const red = await task(b11Task);
    expect(red).toMatchObject({ supervisionLevel: 'red', overdueDays: 1 });
    expect(await inbox('b11sec', 'overdue')).toHaveLength(1);

    w.t.clock.advance(7 * DAY); // 2026-12-05: eight days late (> 7)
    await relogin(w);
    scan = await runSupervisionScan(w.t.ctx);
    expect(scan.escalated).toBe(1);
    const g1 = await inbox('g1sec', 'escalated');
    expect(g1).toHaveLength(1);
    expect(g1[0]).toMatchObject({ entityId: b11Task, link: `/tasks/${b11Task}` });
    expect(await inbox('zzb', 'escalated')).toHaveLength(1);
    expect(await inbox('csec', 'escalated')).toHaveLength(0);
    const escalated = await task(b11Task);
    expect(escalated.escalatedAt).not.toBeNull();
    expect(escalated.timeline.at(-1)).toMatchObject({ kind: 'escalated', actor: { name: 'system' } });
    expect((await runSupervisionScan(w.t.ctx)).escalated).toBe(0);
    expect(await inbox('g1sec', 'escalated')).toHaveLength(1);
  });

  it('clears the level once the executor reports, and never marks reported work', async () => {
    await runSupervisionScan(w.t.ctx);
    await w.t.call({ method: 'POST', url: `/api/tasks/${b11Task}/accept`, as: 'b11sec', payload: {} });
    const reported = expectStatus(
      await w.t.call({ method: 'POST', url: `/api/tasks/${b11Task}/report`, as: 'b11sec', payload: { text: '已召开', progress: 100 } }),
      200,
    ).json();
    expect(reported.supervisionLevel).toBe('none');
    w.t.clock.advance(40 * DAY);
    await relogin(w);
    const scan = await runSupervisionScan(w.t.ctx);
    expect((await task(b11Task)).supervisionLevel).toBe('none');
    expect(scan.escalated).toBe(1); // only B12's task, overdue since 12-20
  });

  it('marks in-progress work not updated for N days as stale, and a progress note clears it', async () => {
    await w.t.call({ method: 'PATCH', url: `/api/tasks/${b12Task}`, as: 'zzb', payload: { dueOn: '2027-06-30' } });
    await w.t.call({ method: 'POST', url: `/api/tasks/${b12Task}/accept`, as: 'b12sec', payload: {} });
    await w.t.call({ method: 'POST', url: `/api/tasks/${b12Task}/start`, as: 'b12sec', payload: {} });
    w.t.clock.advance(13 * DAY);
    await relogin(w);
    expect((await runSupervisionScan(w.t.ctx)).stale).toBe(0);
    w.t.clock.advance(2 * DAY);
    await relogin(w);
    expect((await runSupervisionScan(w.t.ctx)).stale).toBe(1);
    expect((await task(b12Task)).stale).toBe(true);
    expect(await inbox('b12sec', 'stale')).toHaveLength(1);
    const stale = (await w.t.call({ method: 'GET', url: '/api/tasks?view=org&stale=true', as: 'zzb' })).json();
    expect(stale.items.map((t: { id: number }) => t.id)).toEqual([b12Task]);
    await w.t.call({ method: 'POST', url: `/api/tasks/${b12Task}/note`, as: 'b12sec', payload: { text: '已完成一半', progress: 50 } });
    const after = await task(b12Task);
    expect(after).toMatchObject({ stale: false, reportedProgress: 50, status: 'in_progress' });
    expect((await runSupervisionScan(w.t.ctx)).stale).toBe(0);
  });

  it('follows the thresholds in the settings, which only top operators change', async () => {
    expect((await w.t.call({ method: 'PUT', url: '/api/tasks/settings', as: 'b11sec', payload: { yellowDays: 30 } })).statusCode).toBe(403);
    expect((await w.t.call({ method: 'PUT', url: '/api/tasks/settings', as: 'zzb', payload: { yellowDays: -1 } })).statusCode).toBe(400);
    const s = expectStatus(
      await w.t.call({ method: 'PUT', url: '/api/tasks/settings', as: 'zzb', payload: { yellowDays: 30 } }),
      200,
    ).json();
    expect(s).toEqual({ yellowDays: 30, escalationDays: 7, staleDays: 14, recurrenceAheadDays: 31 });
    await runSupervisionScan(w.t.ctx);
    expect((await task(b11Task)).supervisionLevel).toBe('yellow');
    expect((await task(b12Task)).supervisionLevel).toBe('yellow');
    expect(await inbox('b12sec', 'due_soon')).toHaveLength(1);
    expect((await w.t.call({ method: 'GET', url: '/api/tasks/settings', as: 'b11mem' })).json().yellowDays).toBe(30);
  });

  it('scans in batches that yield, however many there are', async () => {
    await w.t.call({ method: 'PUT', url: '/api/tasks/settings', as: 'zzb', payload: { yellowDays: 40 } });
    const scan = await runSupervisionScan(w.t.ctx, { batchSize: 1 });
    expect(scan.batches).toBeGreaterThanOrEqual(3);
    expect(scan.scanned).toBe(scan.batches);
  });

  it('挂牌督办: a leader flags, the executor is told and answers by the date, the leader is told', async () => {
    expect(
      (
        await w.t.call({
          method: 'POST',
          url: `/api/tasks/${b11Task}/flag`,
          as: 'b11sec',
          payload: { text: 'x', answerDueOn: '2026-11-30' },
        })
      ).statusCode,
    ).toBe(403);
    const past = await w.t.call({
      method: 'POST',
      url: `/api/tasks/${b11Task}/flag`,
      as: 'leader',
      payload: { text: 'x', answerDueOn: '2026-11-01' },
    });
    expect(past.statusCode).toBe(400);
    const flagged = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${b11Task}/flag`,
        as: 'leader',
        payload: { text: '组织生活会迟迟未开，请说明原因和计划', answerDueOn: '2026-11-30' },
      }),
      200,
    ).json();
    expect(flagged.flagged).toBe(true);
    expect(flagged.notices).toHaveLength(1);
    const noticeId = flagged.notices[0].id;
    expect(flagged.notices[0]).toMatchObject({
      status: 'open',
      answerDueOn: '2026-11-30',
      issuedBy: { displayName: 'leader' },
      late: false,
    });
    const twice = await w.t.call({
      method: 'POST',
      url: `/api/tasks/${b11Task}/flag`,
      as: 'zzb',
      payload: { text: 'again', answerDueOn: '2026-11-30' },
    });
    expect(twice.statusCode).toBe(409);
    expect(await inbox('b11sec', 'supervision_notice')).toHaveLength(1);
    const board = (await w.t.call({ method: 'GET', url: '/api/supervision-notices?status=open', as: 'leader' })).json();
    expect(board.items.map((n: { id: number }) => n.id)).toEqual([noticeId]);
    expect((await w.t.call({ method: 'GET', url: `/api/supervision-notices/${noticeId}`, as: 'b12sec' })).statusCode).toBe(404);
    expect(
      (await w.t.call({ method: 'POST', url: `/api/supervision-notices/${noticeId}/answer`, as: 'b11mem', payload: { text: 'x' } }))
        .statusCode,
    ).toBe(403);
    expect(
      (await w.t.call({ method: 'POST', url: `/api/supervision-notices/${noticeId}/answer`, as: 'b12sec', payload: { text: 'x' } }))
        .statusCode,
    ).toBe(404);
    const answered = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/supervision-notices/${noticeId}/answer`,
        as: 'b11sec',
        payload: { text: '已定于 11 月 28 日召开' },
      }),
      200,
    ).json();
    expect(answered).toMatchObject({ status: 'answered', answeredBy: { displayName: 'b11sec' }, late: false });
    expect(await inbox('leader', 'notice_answered')).toHaveLength(1);
    const again = await w.t.call({
      method: 'POST',
      url: `/api/supervision-notices/${noticeId}/answer`,
      as: 'b11sec',
      payload: { text: 'x' },
    });
    expect(again.statusCode).toBe(409);
    const unflagged = expectStatus(
      await w.t.call({ method: 'POST', url: `/api/tasks/${b11Task}/unflag`, as: 'leader', payload: { reason: '已落实' } }),
      200,
    ).json();
    expect(unflagged.flagged).toBe(false);
  });

  it('counts a notice answered after its date as late', async () => {
    await w.t.call({
      method: 'POST',
      url: `/api/tasks/${b12Task}/flag`,
      as: 'leader',
      payload: { text: '请说明', answerDueOn: '2026-11-26' },
    });
    w.t.clock.advance(2 * DAY);
    await relogin(w);
    const late = (await w.t.call({ method: 'GET', url: '/api/supervision-notices?late=true', as: 'leader' })).json();
    expect(late.total).toBe(1);
    const id = late.items[0].id;
    const answered = (
      await w.t.call({ method: 'POST', url: `/api/supervision-notices/${id}/answer`, as: 'b12sec', payload: { text: '补答' } })
    ).json();
    expect(answered.late).toBe(true);
    expect((await w.t.call({ method: 'GET', url: '/api/supervision-notices?late=true', as: 'leader' })).json().total).toBe(1);
  });
});

describe('daily digest', () => {
  let w: TaskWorld;
  beforeEach(async () => {
    w = await taskWorld();
  });
  afterEach(async () => w.close());

  it('sends each person one digest a day listing their due-soon, overdue and to-verify work, and nothing when empty', async () => {
    const root = await draft(w, 'zzb', { title: '主题党日' });
    const [b11, b12] = (
      await w.t.call({
        method: 'POST',
        url: `/api/tasks/${root}/issue`,
        as: 'zzb',
        payload: { recipients: { orgIds: [w.tree.b11.id, w.tree.b12.id] }, childDueOn: '2026-11-20' },
      })
    ).json().childIds;
    await w.t.call({ method: 'POST', url: `/api/tasks/${b12}/accept`, as: 'b12sec', payload: {} });
    await w.t.call({ method: 'POST', url: `/api/tasks/${b12}/report`, as: 'b12sec', payload: { text: '已开展', progress: 100 } });
    await runSupervisionScan(w.t.ctx);
    const first = await buildDailyDigests(w.t.ctx);
    expect(first).toEqual({ day: '2026-11-25', delivered: 2 });
    const digest = (await w.t.call({ method: 'GET', url: '/api/notifications?kind=digest', as: 'b11sec' })).json().items;
    expect(digest).toHaveLength(1);
    expect(digest[0].title).toBe('每日待办摘要（2026-11-25）');
    expect(digest[0].body).toBe('已逾期 1 项');
    expect(digest[0].data.sections[0]).toMatchObject({ key: 'overdue', count: 1, items: [{ id: b11, link: `/tasks/${b11}` }] });
    const issuer = (await w.t.call({ method: 'GET', url: '/api/notifications?kind=digest', as: 'zzb' })).json().items;
    expect(issuer[0].data.sections).toEqual([expect.objectContaining({ key: 'to_verify', count: 1, label: '待验收' })]);
    expect((await w.t.call({ method: 'GET', url: '/api/notifications?kind=digest', as: 'b12sec' })).json().total).toBe(0);
    expect((await w.t.call({ method: 'GET', url: '/api/notifications?kind=digest', as: 'leader' })).json().total).toBe(0);
    expect((await buildDailyDigests(w.t.ctx)).delivered).toBe(0);
    w.t.clock.advance(DAY);
    await relogin(w);
    expect((await buildDailyDigests(w.t.ctx)).delivered).toBe(2);
    expect((await w.t.call({ method: 'GET', url: '/api/notifications?kind=digest', as: 'b11sec' })).json().total).toBe(2);
  });

  it('waits until 07:00 Beijing time to build the day’s digest', async () => {
    w.t.clock.now = new Date('2026-11-25T22:00:00.000Z'); // 06:00 on the 26th in Beijing
    expect(await buildDailyDigests(w.t.ctx)).toEqual({ day: '2026-11-26', delivered: 0 });
  });
});

describe('recurring tasks', () => {
  let w: TaskWorld;
  beforeEach(async () => {
    w = await taskWorld();
  });
  afterEach(async () => w.close());

  it('generates monthly occurrences ahead of time, once each, under the recurring task', async () => {
    const id = await draft(w, 'b11sec', {
      orgId: w.tree.b11.id,
      level: 'action',
      title: '主题党日',
      startOn: '2026-11-01',
      dueOn: '2027-03-31',
      recurrence: 'monthly',
      responsibleUserId: w.users.b11sec,
      frameworkNodeIds: [w.node('4.1.1')],
    });
    expect((await generateRecurringTasks(w.t.ctx)).created).toBe(0); // drafts do not recur
    await w.t.call({ method: 'POST', url: `/api/tasks/${id}/issue`, as: 'b11sec', payload: {} });
    expect(await generateRecurringTasks(w.t.ctx)).toMatchObject({ created: 2 }); // Nov and Dec (starts within 31 days)
    expect((await generateRecurringTasks(w.t.ctx)).created).toBe(0);
    const detail = (await w.t.call({ method: 'GET', url: `/api/tasks/${id}`, as: 'b11sec' })).json();
    expect(
      detail.children.map((c: { title: string; dueOn: string; recurrencePeriod: string; status: string }) => [
        c.title,
        c.dueOn,
        c.recurrencePeriod,
        c.status,
      ]),
    ).toEqual([
      ['主题党日（2026年11月）', '2026-11-30', '2026-11', 'issued'],
      ['主题党日（2026年12月）', '2026-12-31', '2026-12', 'issued'],
    ]);
    expect(detail.children[0].frameworkNodes[0].code).toBe('4.1.1');
    w.t.clock.advance(31 * DAY);
    expect((await generateRecurringTasks(w.t.ctx)).created).toBe(1);
    w.t.clock.advance(200 * DAY);
    expect((await generateRecurringTasks(w.t.ctx)).created).toBe(2); // Feb and Mar; the series ends 2027-03-31
  });

  it('leaves a recurring task issued down to the recipients, whose copies recur', async () => {
    const id = await draft(w, 'zzb', { title: '季度党课', dueOn: '2027-12-31', recurrence: 'quarterly' });
    await w.t.call({
      method: 'POST',
      url: `/api/tasks/${id}/issue`,
      as: 'zzb',
      payload: { recipients: { orgIds: [w.tree.b11.id, w.tree.b12.id] } },
    });
    const r = await generateRecurringTasks(w.t.ctx);
    expect(r.created).toBe(2); // 2026-Q4 for each branch
    const kids = await w.t.database.db
      .selectFrom('tasks')
      .select(['title', 'recurrence_period'])
      .where('recurrence_source_id', 'is not', null)
      .execute();
    expect(kids.map((k) => k.recurrence_period).sort()).toEqual(['2026-Q4', '2026-Q4']);
    expect(kids[0].title).toContain('2026年第4季度');
  });
});

describe('notification inbox', () => {
  let w: TaskWorld;
  beforeEach(async () => {
    w = await taskWorld();
  });
  afterEach(async () => w.close());

  it('lists one’s own notifications, counts unread ones, and marks them read', async () => {
    const root = await draft(w, 'zzb', { title: '通知测试' });
    await w.t.call({
      method: 'POST',
      url: `/api/tasks/${root}/issue`,
      as: 'zzb',
      payload: { recipients: { orgIds: [w.tree.b11.id, w.tree.b12.id] } },
    });
    const count = (await w.t.call({ method: 'GET', url: '/api/notifications/unread-count', as: 'b11sec' })).json();
    expect(count).toEqual({ count: 1 });
    const list = (await w.t.call({ method: 'GET', url: '/api/notifications?unread=true', as: 'b11sec' })).json();
    expect(list.items[0]).toMatchObject({ kind: 'assigned', title: '新任务：通知测试', readAt: null, entityType: 'task' });
    const id = list.items[0].id;
    expect((await w.t.call({ method: 'POST', url: `/api/notifications/${id}/read`, as: 'b12sec' })).statusCode).toBe(404);
    const read = expectStatus(await w.t.call({ method: 'POST', url: `/api/notifications/${id}/read`, as: 'b11sec' }), 200).json();
    expect(read.readAt).not.toBeNull();
    expect((await w.t.call({ method: 'GET', url: '/api/notifications/unread-count', as: 'b11sec' })).json().count).toBe(0);
    expect((await w.t.call({ method: 'POST', url: '/api/notifications/read-all', as: 'b12sec' })).json()).toEqual({ updated: 1 });
    expect((await w.t.call({ method: 'GET', url: '/api/notifications' })).statusCode).toBe(401);
  });
});

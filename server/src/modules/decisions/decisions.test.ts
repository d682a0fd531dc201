import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus, relogin, type TaskWorld, taskWorld } from '../tasks/tasks.fixtures.js';
import { runSupervisionScan } from '../tasks/tasks.supervision.js';
import { insertMeeting, insertResolution } from './decisions.fixtures.js';

const DAY = 86_400_000;
const SOURCE = '《中国共产党国有企业基层组织工作条例（试行）》(2019)';

/**
 * The register under test belongs to the committee C of the standard tree (zzb = org_admin at C, leader, csec =
 * secretary at C); branch secretaries (b11sec, b12sec) do not see it; a member has no register role at all.
 */
describe('decision register (三会一层) and the pre-study rule', () => {
  let w: TaskWorld;
  let boardA: { id: number; agendaIds: number[] };
  let pcEarlier: { id: number; agendaIds: number[] };

  beforeAll(async () => {
    w = await taskWorld();
    boardA = await insertMeeting(w.t, {
      orgId: w.tree.c.id,
      type: 'board',
      date: '2026-11-10',
      time: '14:00',
      title: '2026年第6次董事会',
      agenda: ['审议热轧生产线升级改造项目', '审议年度预算调整'],
    });
    pcEarlier = await insertMeeting(w.t, {
      orgId: w.tree.c.id,
      type: 'party_committee',
      date: '2026-11-03',
      title: '2026年第21次党委会',
      agenda: ['第一议题：学习贯彻重要讲话精神', '前置研究：热轧生产线升级改造项目'],
    });
  });
  afterAll(async () => w.close());

  async function create(body: Record<string, unknown>, as = 'zzb') {
    return w.t.call({
      method: 'POST',
      url: '/api/decisions',
      as,
      payload: {
        orgId: w.tree.c.id,
        title: '热轧生产线升级改造项目',
        bodyCode: 'board',
        categoryCode: 'major_project',
        decidedOn: '2026-11-10',
        ...body,
      },
    });
  }

  async function createOk(body: Record<string, unknown>, as = 'zzb') {
    return expectStatus(await create(body, as), 201).json();
  }

  describe('pre-study order', () => {
    it('flags a board decision on a 重大经营管理事项 with no party committee meeting linked, naming the rule and its source', async () => {
      const d = await createOk({ meetingId: boardA.id, agendaItemId: boardA.agendaIds[0] });
      expect(d.preStudy).toMatchObject({ required: true, status: 'missing', severity: 'violation', rule: 'soe.pre_study', source: SOURCE });
      expect(d.preStudy.message).toContain('前置研究');
      expect(d.preStudy.message).toContain('董事会或经理层');
      expect(d.meeting).toMatchObject({ id: boardA.id, typeCode: 'board', date: '2026-11-10' });
      expect(d.agendaItem).toMatchObject({ id: boardA.agendaIds[0], position: 1 });
    });

    it('accepts a 党委会 on an earlier day, and the flag clears when it is linked later', async () => {
      const d = await createOk({ meetingId: boardA.id });
      expect(d.preStudy.status).toBe('missing');
      const res = await w.t.call({
        method: 'PATCH',
        url: `/api/decisions/${d.id}`,
        as: 'zzb',
        payload: { preStudyMeetingId: pcEarlier.id, preStudyAgendaItemId: pcEarlier.agendaIds[1] },
      });
      const after = expectStatus(res, 200).json();
      expect(after.preStudy).toMatchObject({ status: 'ok', severity: 'ok' });
      expect(after.preStudy.meeting).toMatchObject({ id: pcEarlier.id, typeCode: 'party_committee', date: '2026-11-03' });
      expect(after.preStudy.agendaItem).toMatchObject({ position: 2, title: '前置研究：热轧生产线升级改造项目' });
      const log = await w.t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_type', '=', 'decision')
        .where('entity_id', '=', String(d.id))
        .orderBy('seq')
        .execute();
      expect(log.map((l) => l.action)).toEqual(['decision.created', 'decision.updated']);
      expect(JSON.parse(log[1].changes)).toContainEqual({ field: 'pre_study_meeting_id', before: null, after: pcEarlier.id });
    });

    it('flags a 党委会 held on a later day than the decision', async () => {
      const later = await insertMeeting(w.t, { orgId: w.tree.c.id, type: 'party_committee', date: '2026-11-12' });
      const d = await createOk({ meetingId: boardA.id, preStudyMeetingId: later.id });
      expect(d.preStudy).toMatchObject({ status: 'late', severity: 'violation' });
      expect(d.preStudy.message).toContain('2026-11-12');
      expect(d.preStudy.message).toContain('晚于');
    });

    it('on the same day: in order when the 党委会 started before the board meeting, a violation when it did not', async () => {
      const pcMorning = await insertMeeting(w.t, { orgId: w.tree.c.id, type: 'party_committee', date: '2026-11-10', time: '09:00' });
      const pcEvening = await insertMeeting(w.t, { orgId: w.tree.c.id, type: 'party_committee', date: '2026-11-10', time: '16:30' });
      const pcSameTime = await insertMeeting(w.t, { orgId: w.tree.c.id, type: 'party_committee', date: '2026-11-10', time: '14:00' });
      const before = await createOk({ meetingId: boardA.id, preStudyMeetingId: pcMorning.id });
      expect(before.preStudy).toMatchObject({ status: 'ok', severity: 'ok' });
      expect(before.preStudy.message).toContain('同日');
      const afterwards = await createOk({ meetingId: boardA.id, preStudyMeetingId: pcEvening.id });
      expect(afterwards.preStudy).toMatchObject({ status: 'late', severity: 'violation' });
      const simultaneous = await createOk({ meetingId: boardA.id, preStudyMeetingId: pcSameTime.id });
      expect(simultaneous.preStudy.status).toBe('late');
    });

    it('on the same day without the board meeting on record: a warning until the decision meeting is linked', async () => {
      const pcMorning = await insertMeeting(w.t, { orgId: w.tree.c.id, type: 'party_committee', date: '2026-11-10', time: '08:30' });
      const d = await createOk({ preStudyMeetingId: pcMorning.id });
      expect(d.preStudy).toMatchObject({ status: 'same_day_unverified', severity: 'warning' });
      const linked = expectStatus(
        await w.t.call({ method: 'PATCH', url: `/api/decisions/${d.id}`, as: 'zzb', payload: { meetingId: boardA.id } }),
        200,
      ).json();
      expect(linked.preStudy.status).toBe('ok');
    });

    it('is not required for other categories or bodies, and follows the data when an operator changes a category', async () => {
      const routine = await createOk({ categoryCode: 'routine_business', bodyCode: 'management', decidedOn: '2026-11-11' });
      expect(routine.preStudy).toMatchObject({ required: false, status: 'not_required', severity: 'none' });
      const pcOwn = await createOk({
        bodyCode: 'party_committee',
        categoryCode: 'major_decision',
        decidedOn: '2026-11-03',
        meetingId: pcEarlier.id,
      });
      expect(pcOwn.preStudy.status).toBe('not_required');
      const congress = await createOk({ bodyCode: 'workers_congress', categoryCode: 'major_decision' });
      expect(congress.preStudy.status).toBe('not_required');
      const mgmt = await createOk({ bodyCode: 'management', categoryCode: 'large_fund' });
      expect(mgmt.preStudy.status).toBe('missing');

      expectStatus(
        await w.t.call({
          method: 'PATCH',
          url: '/api/decision-categories/routine_business',
          as: 'zzb',
          payload: { requiresPreStudy: true },
        }),
        200,
      );
      const again = expectStatus(await w.t.call({ method: 'GET', url: `/api/decisions/${routine.id}`, as: 'zzb' }), 200).json();
      expect(again.preStudy.status).toBe('missing');
      expectStatus(
        await w.t.call({
          method: 'PATCH',
          url: '/api/decision-categories/routine_business',
          as: 'zzb',
          payload: { requiresPreStudy: false },
        }),
        200,
      );
      // A branch secretary cannot change the enterprise's categories.
      expect(
        (await w.t.call({ method: 'PATCH', url: '/api/decision-categories/other', as: 'b11sec', payload: { requiresPreStudy: true } }))
          .statusCode,
      ).toBe(403);
    });

    it('re-checks when the meetings change: a pre-study moved after the decision, or cancelled, is flagged', async () => {
      const pc = await insertMeeting(w.t, { orgId: w.tree.c.id, type: 'party_committee', date: '2026-11-05' });
      const d = await createOk({ meetingId: boardA.id, preStudyMeetingId: pc.id });
      expect(d.preStudy.status).toBe('ok');
      await w.t.database.db.updateTable('meetings').set({ meeting_date: '2026-11-20' }).where('id', '=', pc.id).execute();
      const moved = expectStatus(await w.t.call({ method: 'GET', url: `/api/decisions/${d.id}`, as: 'zzb' }), 200).json();
      expect(moved.preStudy.status).toBe('late');
      await w.t.database.db
        .updateTable('meetings')
        .set({ meeting_date: '2026-11-05', status: 'cancelled' })
        .where('id', '=', pc.id)
        .execute();
      const cancelled = expectStatus(await w.t.call({ method: 'GET', url: `/api/decisions/${d.id}`, as: 'zzb' }), 200).json();
      expect(cancelled.preStudy.status).toBe('missing');
    });

    it('lists, counts and filters by the check', async () => {
      const all = expectStatus(await w.t.call({ method: 'GET', url: '/api/decisions?year=2026&pageSize=200', as: 'zzb' }), 200).json();
      const byStatus = (s: string[]) => all.items.filter((d: { preStudy: { status: string } }) => s.includes(d.preStudy.status)).length;
      const violations = expectStatus(
        await w.t.call({ method: 'GET', url: '/api/decisions?year=2026&preStudy=violation&pageSize=200', as: 'zzb' }),
        200,
      ).json();
      expect(violations.total).toBe(byStatus(['missing', 'late']));
      expect(violations.total).toBeGreaterThanOrEqual(4);
      expect(violations.items.every((d: { preStudy: { severity: string } }) => d.preStudy.severity === 'violation')).toBe(true);
      const stats = expectStatus(await w.t.call({ method: 'GET', url: '/api/decisions/stats?year=2026', as: 'zzb' }), 200).json();
      expect(stats.total).toBe(all.total);
      expect(stats.violations).toBe(violations.total);
      expect(stats.warnings).toBe(byStatus(['same_day_unverified']));
      expect(stats.byBody.find((b: { code: string }) => b.code === 'board').n).toBe(
        all.items.filter((d: { body: { code: string } }) => d.body.code === 'board').length,
      );
      const sorted = expectStatus(
        await w.t.call({ method: 'GET', url: '/api/decisions?sort=preStudy&order=desc&pageSize=200', as: 'zzb' }),
        200,
      ).json();
      expect(sorted.items[0].preStudy.status).toBe('missing');
      const none2025 = expectStatus(await w.t.call({ method: 'GET', url: '/api/decisions?year=2025', as: 'zzb' }), 200).json();
      expect(none2025.total).toBe(0);
      const boards = expectStatus(
        await w.t.call({ method: 'GET', url: '/api/decisions?body=board,management&q=热轧', as: 'zzb' }),
        200,
      ).json();
      expect(boards.total).toBeGreaterThan(0);
      expect(
        boards.items.every(
          (d: { body: { code: string }; title: string }) => ['board', 'management'].includes(d.body.code) && d.title.includes('热轧'),
        ),
      ).toBe(true);
    });
  });

  describe('bad input', () => {
    it('refuses a board meeting as the pre-study, an agenda item of another meeting, unknown codes and impossible dates', async () => {
      const wrongType = await create({ preStudyMeetingId: boardA.id });
      expect(wrongType.statusCode).toBe(400);
      expect(wrongType.json().error.details[0].path).toBe('preStudyMeetingId');
      const wrongItem = await create({ meetingId: boardA.id, agendaItemId: pcEarlier.agendaIds[0] });
      expect(wrongItem.statusCode).toBe(400);
      expect(wrongItem.json().error.details[0].path).toBe('agendaItemId');
      const body = await create({ bodyCode: 'no_such_body' });
      expect(body.statusCode).toBe(400);
      expect(body.json().error.code).toBe('VALIDATION_FAILED');
      expect((await create({ categoryCode: 'nope' })).statusCode).toBe(400);
      expect((await create({ decidedOn: '2026-02-30' })).statusCode).toBe(400);
      expect((await create({ decidedOn: '10/11/2026' })).statusCode).toBe(400);
      expect((await create({ title: '   ' })).statusCode).toBe(400);
      expect((await create({ reviewOn: '2026-01-01' })).statusCode).toBe(400);
      expect((await create({ meetingId: 999999 })).statusCode).toBe(400);
      expect((await create({ bodyCode: 'party_committee', preStudyMeetingId: pcEarlier.id })).statusCode).toBe(400);
      expect((await create({ unknownField: 1 })).statusCode).toBe(400);
      expect((await create({ meetingId: pcEarlier.id })).statusCode).toBe(400);
      const b21Meeting = await insertMeeting(w.t, { orgId: w.tree.b21.id, type: 'party_committee', date: '2026-11-01' });
      const foreign = await create({ preStudyMeetingId: b21Meeting.id });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().error.details[0].message).toContain('organisation');
      expect((await w.t.call({ method: 'GET', url: '/api/decisions?preStudy=bogus', as: 'zzb' })).statusCode).toBe(400);
    });
  });

  describe('access', () => {
    it('answers 404 for another organisation’s item and keeps lists in scope', async () => {
      const atB21 = await createOk({
        orgId: w.tree.b21.id,
        bodyCode: 'management',
        categoryCode: 'routine_business',
        title: '二厂一支部事项',
      });
      const atC = await createOk({ title: '公司层面事项', categoryCode: 'routine_business' });
      for (const as of ['b11sec', 'b12sec']) {
        expect((await w.t.call({ method: 'GET', url: `/api/decisions/${atB21.id}`, as })).statusCode).toBe(404);
        expect((await w.t.call({ method: 'GET', url: `/api/decisions/${atC.id}`, as })).statusCode).toBe(404);
        expect((await w.t.call({ method: 'PATCH', url: `/api/decisions/${atC.id}`, as, payload: { title: 'x' } })).statusCode).toBe(404);
        expect(
          (
            await w.t.call({
              method: 'POST',
              url: `/api/decisions/${atC.id}/follow-ups`,
              as,
              payload: { title: 'x', orgId: w.tree.b11.id, dueOn: '2026-12-31' },
            })
          ).statusCode,
        ).toBe(404);
      }
      expectStatus(await w.t.call({ method: 'GET', url: `/api/decisions/${atB21.id}`, as: 'b21sec' }), 200);
      const b21List = expectStatus(await w.t.call({ method: 'GET', url: '/api/decisions?pageSize=200', as: 'b21sec' }), 200).json();
      expect(b21List.items.map((d: { id: number }) => d.id)).toEqual([atB21.id]);
      expect((await w.t.call({ method: 'GET', url: '/api/decisions', as: 'b11mem' })).statusCode).toBe(403);
      // The leader reads but does not write.
      expectStatus(await w.t.call({ method: 'GET', url: `/api/decisions/${atC.id}`, as: 'leader' }), 200);
      expect((await create({ title: 'x' }, 'leader')).statusCode).toBe(403);
      // A branch secretary cannot record an item for the committee.
      expect((await create({ title: 'x' }, 'b11sec')).statusCode).toBe(404);
      expect((await w.t.call({ method: 'GET', url: '/api/decisions/99999', as: 'zzb' })).statusCode).toBe(404);
    });
  });

  describe('follow-up (决策事项跟踪督办)', () => {
    it('creates follow-up tasks through the task engine, rolls them up, and shows late ones on the board with the decision', async () => {
      const d = await createOk({
        title: '推进热轧生产线升级改造',
        meetingId: boardA.id,
        preStudyMeetingId: pcEarlier.id,
        reviewOn: '2026-12-15',
      });
      expect(d.status).toBe('decided');
      const first = expectStatus(
        await w.t.call({
          method: 'POST',
          url: `/api/decisions/${d.id}/follow-ups`,
          as: 'zzb',
          payload: { title: '完成设备招标', orgId: w.tree.b11.id, dueOn: '2026-11-30' },
        }),
        201,
      ).json();
      expect(first.decision.status).toBe('in_progress');
      const second = expectStatus(
        await w.t.call({
          method: 'POST',
          url: `/api/decisions/${d.id}/follow-ups`,
          as: 'zzb',
          payload: { title: '组织技术培训', orgId: w.tree.b12.id, dueOn: '2026-12-20' },
        }),
        201,
      ).json();
      const detail = second.decision;
      expect(detail.followUpTasks.map((t: { id: number }) => t.id)).toEqual([first.taskId, second.taskId]);
      expect(detail.followUp).toMatchObject({ total: 2, open: 2, verified: 0, overdue: 0, nextDueOn: '2026-11-30' });

      // The task links back to the decision, hangs on 决策事项跟踪督办 and was issued to the branch.
      const task = expectStatus(await w.t.call({ method: 'GET', url: `/api/tasks/${first.taskId}`, as: 'b11sec' }), 200).json();
      expect(task.source).toEqual({ type: 'decision', id: d.id, title: '推进热轧生产线升级改造', href: `/governance/decisions/${d.id}` });
      expect(task.status).toBe('issued');
      expect(task.frameworkNodes.map((n: { code: string }) => n.code)).toEqual(['2.1.2']);

      // B11 does the work: accept, report 100 %, zzb verifies → one verified follow-up.
      expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${first.taskId}/accept`, as: 'b11sec', payload: {} }), 200);
      expectStatus(
        await w.t.call({
          method: 'POST',
          url: `/api/tasks/${first.taskId}/report`,
          as: 'b11sec',
          payload: { text: '招标完成', progress: 100 },
        }),
        200,
      );
      expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${first.taskId}/verify`, as: 'zzb', payload: {} }), 200);
      // B12 reports 40 % progress by a note.
      expectStatus(await w.t.call({ method: 'POST', url: `/api/tasks/${second.taskId}/accept`, as: 'b12sec', payload: {} }), 200);
      expectStatus(
        await w.t.call({
          method: 'POST',
          url: `/api/tasks/${second.taskId}/note`,
          as: 'b12sec',
          payload: { text: '已培训两期', progress: 40 },
        }),
        200,
      );
      let now = expectStatus(await w.t.call({ method: 'GET', url: `/api/decisions/${d.id}`, as: 'zzb' }), 200).json();
      expect(now.followUp).toMatchObject({
        total: 2,
        open: 1,
        verified: 1,
        overdue: 0,
        progress: 70,
        verifiedCompletion: 50,
        nextDueOn: '2026-12-20',
      });

      // A month later the B12 task is late: the roll-up counts it, the board shows it with the decision's title.
      w.t.clock.advance(30 * DAY);
      await relogin(w);
      await runSupervisionScan(w.t.ctx);
      now = expectStatus(await w.t.call({ method: 'GET', url: `/api/decisions/${d.id}`, as: 'zzb' }), 200).json();
      expect(now.followUp.overdue).toBe(1);
      expect(now.reviewDue).toBe(true);
      expect(now.followUpTasks.find((t: { id: number }) => t.id === second.taskId)).toMatchObject({
        supervisionLevel: 'red',
        overdueDays: 5,
      });
      const board = expectStatus(await w.t.call({ method: 'GET', url: '/api/tasks?view=board&pageSize=200', as: 'leader' }), 200).json();
      const late = board.items.find((t: { id: number }) => t.id === second.taskId);
      expect(late.source).toMatchObject({ type: 'decision', id: d.id, title: '推进热轧生产线升级改造' });
      const stats = expectStatus(await w.t.call({ method: 'GET', url: '/api/decisions/stats', as: 'zzb' }), 200).json();
      expect(stats.overdueFollowUps).toBeGreaterThanOrEqual(1);
      const dueList = expectStatus(
        await w.t.call({ method: 'GET', url: '/api/decisions?reviewDue=true&pageSize=200', as: 'zzb' }),
        200,
      ).json();
      expect(dueList.items.map((x: { id: number }) => x.id)).toContain(d.id);

      // A child the branch decomposes inherits the source through its top task.
      const sub = expectStatus(
        await w.t.call({
          method: 'POST',
          url: `/api/tasks/${second.taskId}/decompose`,
          as: 'b12sec',
          payload: { items: [{ responsibleUserId: w.users.b12sec, title: '第三期培训' }] },
        }),
        200,
      ).json();
      const child = expectStatus(await w.t.call({ method: 'GET', url: `/api/tasks/${sub.childIds[0]}`, as: 'b12sec' }), 200).json();
      expect(child.source).toMatchObject({ type: 'decision', id: d.id });
    });

    it('refuses follow-ups on a completed item, with bad input, or for an organisation the actor does not operate', async () => {
      const d = await createOk({ title: '已办结事项', categoryCode: 'routine_business', status: 'completed' });
      const done = await w.t.call({
        method: 'POST',
        url: `/api/decisions/${d.id}/follow-ups`,
        as: 'zzb',
        payload: { title: 'x', orgId: w.tree.b11.id, dueOn: '2026-12-31' },
      });
      expect(done.statusCode).toBe(409);
      const open = await createOk({ title: '待落实事项', categoryCode: 'routine_business' });
      const bad = await w.t.call({
        method: 'POST',
        url: `/api/decisions/${open.id}/follow-ups`,
        as: 'zzb',
        payload: { title: '', orgId: w.tree.b11.id, dueOn: '2026-13-01' },
      });
      expect(bad.statusCode).toBe(400);
      // csec (secretary at C) writes the register, and the task engine lets C's secretary create at C's subtree.
      const own = await w.t.call({
        method: 'POST',
        url: `/api/decisions/${open.id}/follow-ups`,
        as: 'csec',
        payload: { title: '本级落实', orgId: w.tree.c.id, dueOn: '2026-12-31' },
      });
      expect(own.statusCode).toBe(201);
      const before = await w.t.database.db
        .selectFrom('tasks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const nowhere = await w.t.call({
        method: 'POST',
        url: `/api/decisions/${open.id}/follow-ups`,
        as: 'zzb',
        payload: { title: 'x', orgId: 999999, dueOn: '2026-12-31' },
      });
      expect(nowhere.statusCode).toBe(404);
      const after = await w.t.database.db
        .selectFrom('tasks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });
  });

  describe('resolutions and export', () => {
    it('turns a meeting resolution into a decision item, linked both ways, once', async () => {
      const mgmtMeeting = await insertMeeting(w.t, {
        orgId: w.tree.c.id,
        type: 'management',
        date: '2026-11-18',
        time: '10:00',
        agenda: ['研究年度资金计划'],
      });
      const resolutionId = await insertResolution(
        w.t,
        mgmtMeeting.id,
        '同意2027年度资金计划，由财务部牵头落实。',
        mgmtMeeting.agendaIds[0],
      );
      const res = await w.t.call({
        method: 'POST',
        url: `/api/decisions/from-resolution/${resolutionId}`,
        as: 'zzb',
        payload: { categoryCode: 'large_fund', ownerDepartment: '财务部' },
      });
      const d = expectStatus(res, 201).json();
      expect(d).toMatchObject({
        body: { code: 'management' },
        decidedOn: '2026-11-18',
        meeting: { id: mgmtMeeting.id },
        agendaItem: { id: mgmtMeeting.agendaIds[0] },
        resolution: { id: resolutionId, meetingId: mgmtMeeting.id },
        summary: '同意2027年度资金计划，由财务部牵头落实。',
        ownerDepartment: '财务部',
      });
      expect(d.preStudy.status).toBe('missing');
      const r = await w.t.database.db
        .selectFrom('meeting_resolutions')
        .select('decision_id')
        .where('id', '=', resolutionId)
        .executeTakeFirstOrThrow();
      expect(r.decision_id).toBe(d.id);
      // The meeting page shows the link back: the resolution names its decision item.
      const meeting = expectStatus(await w.t.call({ method: 'GET', url: `/api/meetings/${mgmtMeeting.id}`, as: 'zzb' }), 200).json();
      expect(meeting.resolutions.find((x: { id: number }) => x.id === resolutionId)).toMatchObject({
        decisionId: d.id,
        decision: { id: d.id, title: d.title },
      });
      const again = await w.t.call({
        method: 'POST',
        url: `/api/decisions/from-resolution/${resolutionId}`,
        as: 'zzb',
        payload: { categoryCode: 'large_fund' },
      });
      expect(again.statusCode).toBe(409);
      expect(
        (
          await w.t.call({
            method: 'POST',
            url: `/api/decisions/from-resolution/${resolutionId}`,
            as: 'b11sec',
            payload: { categoryCode: 'large_fund' },
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (
          await w.t.call({
            method: 'POST',
            url: '/api/decisions/from-resolution/999999',
            as: 'zzb',
            payload: { categoryCode: 'large_fund' },
          })
        ).statusCode,
      ).toBe(404);
    });

    it('lists the meetings an item can link to: 党委会 for the pre-study, the body’s meetings for the decision', async () => {
      const pre = expectStatus(
        await w.t.call({
          method: 'GET',
          url: `/api/decisions/meeting-options?orgId=${w.tree.c.id}&purpose=pre_study&before=2026-11-10`,
          as: 'zzb',
        }),
        200,
      ).json();
      expect(pre.length).toBeGreaterThan(0);
      expect(pre.every((m: { typeCode: string; date: string }) => m.typeCode === 'party_committee' && m.date <= '2026-11-10')).toBe(true);
      expect(pre.find((m: { id: number }) => m.id === pcEarlier.id).agendaItems).toHaveLength(2);
      const board = expectStatus(
        await w.t.call({ method: 'GET', url: `/api/decisions/meeting-options?orgId=${w.tree.c.id}&purpose=board`, as: 'zzb' }),
        200,
      ).json();
      expect(board.map((m: { id: number }) => m.id)).toEqual([boardA.id]);
    });

    it('exports exactly the filtered register as .xlsx, with the check and its source', async () => {
      const list = expectStatus(
        await w.t.call({ method: 'GET', url: '/api/decisions?preStudy=violation&pageSize=200', as: 'zzb' }),
        200,
      ).json();
      const res = await w.t.call({ method: 'GET', url: '/api/decisions/export.xlsx?preStudy=violation', as: 'zzb' });
      expect(res.statusCode).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      expect(ws.rowCount - 1).toBe(list.total);
      const header = (ws.getRow(1).values as unknown[]).slice(1);
      const checkCol = header.indexOf('前置研究检查') + 1;
      const msgCol = header.indexOf('检查说明（依据）') + 1;
      expect(String(ws.getRow(2).getCell(checkCol).value)).toMatch(/^违规/);
      expect(String(ws.getRow(2).getCell(msgCol).value)).toContain(SOURCE);
    });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, PNG } from '../tasks/tasks.fixtures.js';
import { expectStatus, type MeetingWorld, meetingWorld, planMeeting } from './meetings.fixtures.js';
import { sendMeetingReminders } from './meetings.reminders.js';

let w: MeetingWorld;

beforeAll(async () => {
  w = await meetingWorld();
});
afterAll(async () => {
  await w.close();
});

const FIRST = { title: '学习习近平总书记关于国有企业改革发展的重要论述', isFirstTopic: true };
const WORK = { title: '研究部署12月安全生产工作', isFirstTopic: false };

describe('meetings: agenda and the 第一议题 warning', () => {
  it('warns when a party meeting has no 第一议题 and not when it has one first', async () => {
    const without = await planMeeting(w, 'b11sec', { agenda: [WORK] });
    expect(without.warnings.map((x: { code: string }) => x.code)).toContain('first_topic_missing');
    const withFirst = await planMeeting(w, 'b11sec', { agenda: [FIRST, WORK] });
    expect(withFirst.warnings.map((x: { code: string }) => x.code)).not.toContain('first_topic_missing');
    expect(withFirst.hasFirstTopic).toBe(true);
    expect(withFirst.agenda.map((a: { position: number }) => a.position)).toEqual([1, 2]);
  });

  it('warns when the 第一议题 is not the first item, and clears the warning once the agenda is reordered', async () => {
    const m = await planMeeting(w, 'b11sec', { agenda: [WORK, FIRST] });
    expect(m.warnings.map((x: { code: string }) => x.code)).toContain('first_topic_not_first');
    const fixed = expectStatus(
      await w.t.call({ method: 'PUT', url: `/api/meetings/${m.id}/agenda`, as: 'b11sec', payload: { items: [FIRST, WORK] } }),
      200,
    ).json();
    expect(fixed.warnings.map((x: { code: string }) => x.code)).not.toContain('first_topic_not_first');
    expect(fixed.agenda[0].isFirstTopic).toBe(true);
  });

  it('does not ask a board meeting for a 第一议题', async () => {
    const m = await planMeeting(w, 'zzb', { orgId: w.tree.c.id, typeCode: 'board', title: '董事会第5次会议', agenda: [WORK] });
    expect(m.warnings.map((x: { code: string }) => x.code)).not.toContain('first_topic_missing');
    expect(m.attendees).toHaveLength(0);
  });

  it('lists meetings lacking a 第一议题', async () => {
    const res = expectStatus(
      await w.t.call({ method: 'GET', url: `/api/meetings?firstTopicMissing=true&orgId=${w.tree.b11.id}`, as: 'b11sec' }),
      200,
    ).json();
    expect(res.total).toBeGreaterThan(0);
    expect(res.items.every((i: { hasFirstTopic: boolean; firstTopicRequired: boolean }) => !i.hasFirstTopic && i.firstTopicRequired)).toBe(
      true,
    );
  });
});

describe('meetings: expected attendees from the organisation', () => {
  it('expects the committee at a 支委会, the party members at a 党员大会 and the group at a 党小组会', async () => {
    const committee = await planMeeting(w, 'b11sec', { agenda: [FIRST] });
    expect(committee.attendees.map((a: { person: { id: number } }) => a.person.id).sort()).toEqual(
      [w.b11.secretary, w.b11.organiser, w.b11.propaganda].sort(),
    );
    const general = await planMeeting(w, 'b11sec', { typeCode: 'general_meeting', title: '党员大会', agenda: [FIRST] });
    // 3 committee + 3 members + 2 group members; the activist is not expected.
    expect(general.attendees).toHaveLength(8);
    const group = await planMeeting(w, 'b11sec', { orgId: w.tree.gr111.id, typeCode: 'group_meeting', title: '党小组会' });
    expect(group.attendees.map((a: { person: { id: number } }) => a.person.id).sort()).toEqual([...w.b11.groupMembers].sort());
  });

  it('offers the org’s people in the attendee picker with the default ones suggested', async () => {
    const res = expectStatus(
      await w.t.call({ method: 'GET', url: `/api/meetings/candidates?orgId=${w.tree.b11.id}&typeCode=branch_committee`, as: 'b11sec' }),
      200,
    ).json();
    expect(res.filter((c: { suggested: boolean }) => c.suggested)).toHaveLength(3);
    expect(res.find((c: { id: number }) => c.id === w.b11.secretary).posts).toContain('书记');
  });

  it('replaces expected attendees but keeps someone who already attended as a guest', async () => {
    const m = await planMeeting(w, 'b11sec', { agenda: [FIRST] });
    expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/meetings/${m.id}/attendance`,
        as: 'b11sec',
        payload: { items: [{ personId: w.b11.organiser, status: 'present' }] },
      }),
      200,
    );
    const after = expectStatus(
      await w.t.call({
        method: 'PUT',
        url: `/api/meetings/${m.id}/attendees`,
        as: 'b11sec',
        payload: { personIds: [w.b11.secretary, w.b11.members[0]] },
      }),
      200,
    ).json();
    const by = new Map(after.attendees.map((a: { person: { id: number }; expected: boolean }) => [a.person.id, a.expected]));
    expect(by.get(w.b11.secretary)).toBe(true);
    expect(by.get(w.b11.members[0])).toBe(true);
    expect(by.get(w.b11.organiser)).toBe(false);
    expect(by.has(w.b11.propaganda)).toBe(false);
  });
});

describe('meetings: bad input answers 4xx, never 500', () => {
  it('rejects an unknown type, a type the org kind does not hold, bad times, a one-sided talk', async () => {
    const post = (payload: Record<string, unknown>) =>
      w.t.call({
        method: 'POST',
        url: '/api/meetings',
        as: 'b11sec',
        payload: { orgId: w.tree.b11.id, typeCode: 'branch_committee', title: 'x', startsAt: '2026-12-01T09:00:00+08:00', ...payload },
      });
    expect((await post({ typeCode: 'nonsense' })).json().error.code).toBe('VALIDATION_FAILED');
    expect((await post({ typeCode: 'group_meeting' })).statusCode).toBe(400);
    expect((await post({ startsAt: 'tomorrow' })).statusCode).toBe(400);
    expect((await post({ endsAt: '2026-12-01T08:00:00+08:00' })).json().error.details[0].path).toBe('endsAt');
    expect((await post({ typeCode: 'talk', chairPersonId: w.b11.secretary })).statusCode).toBe(400);
    expect((await post({ chairPersonId: 999999 })).statusCode).toBe(400);
    expect((await post({ title: '' })).statusCode).toBe(400);
    const m = await planMeeting(w, 'b11sec', {});
    const leave = await w.t.call({
      method: 'POST',
      url: `/api/meetings/${m.id}/attendance`,
      as: 'b11sec',
      payload: { items: [{ personId: w.b11.organiser, status: 'leave' }] },
    });
    expect(leave.statusCode).toBe(400);
  });
});

describe('meetings: access is org-scoped', () => {
  it('answers 404 when another branch’s secretary opens or edits a meeting, and lets the general branch above see it', async () => {
    const m = await planMeeting(w, 'b11sec', { agenda: [FIRST] });
    expect((await w.t.call({ method: 'GET', url: `/api/meetings/${m.id}`, as: 'b12sec' })).statusCode).toBe(404);
    expect((await w.t.call({ method: 'PATCH', url: `/api/meetings/${m.id}`, as: 'b12sec', payload: { title: 'hijack' } })).statusCode).toBe(
      404,
    );
    expect((await w.t.call({ method: 'GET', url: `/api/meetings/${m.id}`, as: 'b21sec' })).statusCode).toBe(404);
    expectStatus(await w.t.call({ method: 'GET', url: `/api/meetings/${m.id}`, as: 'g1sec' }), 200);
    expectStatus(await w.t.call({ method: 'PATCH', url: `/api/meetings/${m.id}`, as: 'g1sec', payload: { place: '二楼会议室' } }), 200);
    const list = expectStatus(await w.t.call({ method: 'GET', url: '/api/meetings?pageSize=200', as: 'b12sec' }), 200).json();
    expect(list.items.some((i: { id: number }) => i.id === m.id)).toBe(false);
  });

  it('lets a member read the branch’s meetings but not change them', async () => {
    const m = await planMeeting(w, 'b11sec', { agenda: [FIRST] });
    const seen = expectStatus(await w.t.call({ method: 'GET', url: `/api/meetings/${m.id}`, as: 'b11mem' }), 200).json();
    expect(seen.can.edit).toBe(false);
    expect((await w.t.call({ method: 'PATCH', url: `/api/meetings/${m.id}`, as: 'b11mem', payload: { title: 'x' } })).statusCode).toBe(403);
    expect((await w.t.call({ method: 'POST', url: '/api/meetings', as: 'b11mem', payload: {} })).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('keeps another branch out of the org’s calendar and planned-vs-held figures', async () => {
    expect(
      (await w.t.call({ method: 'GET', url: `/api/meetings/calendar?orgId=${w.tree.b11.id}&from=2026-11-01&to=2026-11-30`, as: 'b12sec' }))
        .statusCode,
    ).toBe(404);
  });
});

describe('meetings: check-in by code', () => {
  it('marks a member present with the code, treats a repeat as done, and refuses wrong, closed or expired codes', async () => {
    const m = await planMeeting(w, 'b11sec', {
      typeCode: 'general_meeting',
      title: '党员大会（签到）',
      startsAt: '2026-11-25T15:00:00+08:00',
      agenda: [FIRST],
    });
    const open = expectStatus(
      await w.t.call({ method: 'POST', url: `/api/meetings/${m.id}/checkin/open`, as: 'b11sec', payload: { minutes: 60 } }),
      200,
    ).json();
    expect(open.code).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(open.url).toBe(`/meetings/checkin?code=${open.code}`);
    expect(open.qrSvg).toContain('<svg');
    const wrong = await w.t.call({ method: 'POST', url: '/api/meetings/checkin', as: 'b11mem', payload: { code: 'ZZZZZZ' } });
    expect(wrong.statusCode).toBe(404);
    const ok = expectStatus(
      await w.t.call({ method: 'POST', url: '/api/meetings/checkin', as: 'b11mem', payload: { code: open.code.toLowerCase() } }),
      200,
    ).json();
    expect(ok).toMatchObject({ meetingId: m.id, status: 'present', already: false, expected: true });
    const again = expectStatus(
      await w.t.call({ method: 'POST', url: '/api/meetings/checkin', as: 'b11mem', payload: { code: open.code } }),
      200,
    ).json();
    expect(again.already).toBe(true);
    const detail = expectStatus(await w.t.call({ method: 'GET', url: `/api/meetings/${m.id}`, as: 'b11sec' }), 200).json();
    const me = detail.attendees.find((a: { person: { id: number } }) => a.person.id === w.b11.members[0]);
    expect(me).toMatchObject({ status: 'present', checkinMethod: 'code' });
    expect(detail.attendance.present).toBe(1);
    // A secretary of another branch checks in with the code: added as a guest (not expected).
    const guest = expectStatus(
      await w.t.call({ method: 'POST', url: '/api/meetings/checkin', as: 'b12sec', payload: { code: open.code } }),
      200,
    ).json();
    expect(guest.expected).toBe(false);
    expectStatus(await w.t.call({ method: 'POST', url: `/api/meetings/${m.id}/checkin/close`, as: 'b11sec' }), 200);
    expect((await w.t.call({ method: 'POST', url: '/api/meetings/checkin', as: 'b11mem', payload: { code: open.code } })).statusCode).toBe(
      404,
    );
    const reopened = expectStatus(
      await w.t.call({ method: 'POST', url: `/api/meetings/${m.id}/checkin/open`, as: 'b11sec', payload: { minutes: 5 } }),
      200,
    ).json();
    w.t.clock.advance(6 * 60_000);
    expect(
      (await w.t.call({ method: 'POST', url: '/api/meetings/checkin', as: 'b11mem', payload: { code: reopened.code } })).statusCode,
    ).toBe(404);
    expect((await w.t.call({ method: 'POST', url: '/api/meetings/checkin', as: 'b11mem', payload: { code: '!!' } })).statusCode).toBe(400);
  });

  it('refuses to open check-in for a meeting days away, and only recorders see the code', async () => {
    const m = await planMeeting(w, 'b11sec', { startsAt: '2026-12-20T09:00:00+08:00', recorderPersonId: w.b11.members[0] });
    expect((await w.t.call({ method: 'POST', url: `/api/meetings/${m.id}/checkin/open`, as: 'b11sec', payload: {} })).statusCode).toBe(409);
    expect((await w.t.call({ method: 'GET', url: `/api/meetings/${m.id}/checkin`, as: 'leader' })).statusCode).toBe(403);
    // The member is the recorder: they may see the check-in screen and mark attendance.
    expectStatus(await w.t.call({ method: 'GET', url: `/api/meetings/${m.id}/checkin`, as: 'b11mem' }), 200);
  });
});

describe('meetings: holding, cancelling, files', () => {
  it('cannot record a meeting as held before its date; when held, pending attendees become absent', async () => {
    const future = await planMeeting(w, 'b11sec', { startsAt: '2026-11-27T09:00:00+08:00' });
    expect((await w.t.call({ method: 'POST', url: `/api/meetings/${future.id}/hold`, as: 'b11sec', payload: {} })).statusCode).toBe(409);
    const past = await planMeeting(w, 'b11sec', { startsAt: '2026-11-20T09:00:00+08:00', agenda: [FIRST] });
    expect(past.warnings.map((x: { code: string }) => x.code)).toContain('not_recorded');
    await w.t.call({
      method: 'POST',
      url: `/api/meetings/${past.id}/attendance`,
      as: 'b11sec',
      payload: {
        items: [
          { personId: w.b11.secretary, status: 'present' },
          { personId: w.b11.organiser, status: 'leave', leaveReason: '出差' },
        ],
      },
    });
    const held = expectStatus(
      await w.t.call({ method: 'POST', url: `/api/meetings/${past.id}/hold`, as: 'b11sec', payload: { minutes: '会议纪要……' } }),
      200,
    ).json();
    expect(held.status).toBe('held');
    expect(held.attendance).toMatchObject({ expected: 3, present: 1, leave: 1, absent: 1, pending: 0 });
    expect(held.minutes).toBe('会议纪要……');
    expect(
      (await w.t.call({ method: 'POST', url: `/api/meetings/${past.id}/cancel`, as: 'b11sec', payload: { reason: 'x' } })).statusCode,
    ).toBe(409);
    expect((await w.t.call({ method: 'DELETE', url: `/api/meetings/${past.id}`, as: 'b11sec' })).statusCode).toBe(409);
    const audit = await w.t.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'meeting')
      .where('entity_id', '=', String(past.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['meeting.created', 'meeting.attendance_marked', 'meeting.held']));
  });

  it('attaches a sign-in sheet photo that another branch cannot download', async () => {
    const m = await planMeeting(w, 'b11sec', {});
    const up = await w.t.call({
      method: 'POST',
      url: `/api/meetings/${m.id}/files`,
      as: 'b11sec',
      ...multipart('签到表.png', PNG, 'image/png'),
    });
    const file = expectStatus(up, 201).json();
    expectStatus(await w.t.call({ method: 'GET', url: file.url, as: 'g1sec' }), 200);
    expect((await w.t.call({ method: 'GET', url: file.url, as: 'b12sec' })).statusCode).toBe(404);
  });
});

describe('meetings: resolution → task (task engine), linked both ways', () => {
  it('creates one task for a resolution; the task names the meeting and the meeting shows the task', async () => {
    const m = await planMeeting(w, 'b11sec', { startsAt: '2026-11-20T09:00:00+08:00', agenda: [FIRST, WORK] });
    const withRes = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/meetings/${m.id}/resolutions`,
        as: 'b11sec',
        payload: { text: '由李组织牵头，12月15日前完成冬季安全隐患排查', agendaItemId: m.agenda[1].id },
      }),
      200,
    ).json();
    const rid = withRes.resolutions[0].id;
    const res = expectStatus(
      await w.t.call({
        method: 'POST',
        url: `/api/meetings/${m.id}/resolutions/${rid}/task`,
        as: 'b11sec',
        payload: { dueOn: '2026-12-15', title: '冬季安全隐患排查' },
      }),
      200,
    ).json();
    const task = res.resolutions[0].task;
    expect(task).toMatchObject({ title: '冬季安全隐患排查', status: 'draft', dueOn: '2026-12-15' });
    const taskDetail = expectStatus(await w.t.call({ method: 'GET', url: `/api/tasks/${task.id}`, as: 'b11sec' }), 200).json();
    expect(taskDetail.org.id).toBe(w.tree.b11.id);
    expect(taskDetail.source).toMatchObject({ type: 'meeting_resolution', id: rid, href: `/meetings/${m.id}` });
    const back = expectStatus(await w.t.call({ method: 'GET', url: `/api/meetings/by-task/${task.id}`, as: 'b11sec' }), 200).json();
    expect(back).toEqual({ meetingId: m.id, resolutionId: rid });
    expect(
      (
        await w.t.call({
          method: 'POST',
          url: `/api/meetings/${m.id}/resolutions/${rid}/task`,
          as: 'b11sec',
          payload: { dueOn: '2026-12-15' },
        })
      ).statusCode,
    ).toBe(409);
    expect((await w.t.call({ method: 'DELETE', url: `/api/meetings/${m.id}/resolutions/${rid}`, as: 'b11sec' })).statusCode).toBe(409);
    expect((await w.t.call({ method: 'GET', url: `/api/meetings/by-task/${task.id}`, as: 'b12sec' })).statusCode).toBe(404);
    const bad = await w.t.call({
      method: 'POST',
      url: `/api/meetings/${m.id}/resolutions`,
      as: 'b11sec',
      payload: { text: 'x', agendaItemId: 999999 },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('meetings: calendar, planned vs held, reminders, export', () => {
  it('shows the month’s meetings of a subtree and counts planned vs held per type', async () => {
    const cal = expectStatus(
      await w.t.call({ method: 'GET', url: `/api/meetings/calendar?orgId=${w.tree.g1.id}&from=2026-11-01&to=2026-11-30`, as: 'g1sec' }),
      200,
    ).json();
    expect(cal.items.length).toBeGreaterThan(3);
    expect(cal.items.every((i: { meetingDate: string }) => i.meetingDate >= '2026-11-01' && i.meetingDate <= '2026-11-30')).toBe(true);
    expect((await w.t.call({ method: 'GET', url: '/api/meetings/calendar?from=2026-01-01&to=2026-12-31', as: 'g1sec' })).statusCode).toBe(
      400,
    );
    const ph = expectStatus(
      await w.t.call({ method: 'GET', url: `/api/meetings/planned-vs-held?orgId=${w.tree.b11.id}&year=2026`, as: 'b11sec' }),
      200,
    ).json();
    const committee = ph.rows.find((r: { typeCode: string }) => r.typeCode === 'branch_committee');
    expect(committee.held).toBeGreaterThanOrEqual(1);
    expect(committee.planned).toBe(committee.held + committee.cancelled + committee.overdue + committee.upcoming);
  });

  it('reminds linked attendees once before a meeting, and again only if it moves', async () => {
    const m = await planMeeting(w, 'b11sec', {
      startsAt: new Date(w.t.clock.fn().getTime() + 20 * 3600_000).toISOString(),
      title: '明日支委会',
    });
    const first = await sendMeetingReminders(w.t.ctx);
    expect(first.meetings).toBeGreaterThanOrEqual(1);
    const inbox = expectStatus(await w.t.call({ method: 'GET', url: '/api/notifications?pageSize=50', as: 'b11sec' }), 200).json();
    expect(inbox.items.some((n: { kind: string; entityId: number }) => n.kind === 'meeting_reminder' && n.entityId === m.id)).toBe(true);
    const second = await sendMeetingReminders(w.t.ctx);
    expect(second.notified).toBe(0);
    expectStatus(
      await w.t.call({
        method: 'PATCH',
        url: `/api/meetings/${m.id}`,
        as: 'b11sec',
        payload: { startsAt: new Date(w.t.clock.fn().getTime() + 22 * 3600_000).toISOString() },
      }),
      200,
    );
    expect((await sendMeetingReminders(w.t.ctx)).notified).toBeGreaterThanOrEqual(1);
  });

  it('exports the list as .xlsx', async () => {
    const res = expectStatus(await w.t.call({ method: 'GET', url: `/api/meetings/export.xlsx?orgId=${w.tree.b11.id}`, as: 'b11sec' }), 200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

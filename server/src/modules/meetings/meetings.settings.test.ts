import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../../test/harness.js';
import { CHECKIN_MAX_FAILURES_PER_IP, CHECKIN_MAX_FAILURES_PER_USER } from './meetings.checkin.js';
import { expectStatus, type MeetingWorld, meetingWorld, planMeeting } from './meetings.fixtures.js';

let w: MeetingWorld;

beforeAll(async () => {
  w = await meetingWorld();
  // An operator of a second-level organisation (G1), a system administrator, and two more members of B12 with accounts.
  await makeUser(w.t, 'g1admin', [{ role: 'org_admin', orgId: w.tree.g1.id }]);
  await makeUser(w.t, 'sys', [{ role: 'sysadmin', orgId: w.tree.c.id }]);
  for (const [name, personId] of [
    ['b12m1', w.b12Members[1]],
    ['b12m2', w.b12Members[2]],
  ] as const) {
    const id = await makeUser(w.t, name, [{ role: 'member', orgId: w.tree.b12.id }]);
    await w.t.database.db
      .updateTable('users')
      .set({ person_id: personId ?? null })
      .where('id', '=', id)
      .execute();
  }
  for (const name of ['g1admin', 'sys', 'b12m1', 'b12m2']) {
    await w.t.login(name);
  }
});
afterAll(async () => {
  await w.close();
});

const JOINT = {
  code: 'joint_meeting',
  name: '党政联席会议',
  nameEn: 'Joint party–administration meeting',
  category: 'party',
  firstTopic: false,
  orgLife: false,
  orgKinds: ['committee', 'general_branch'],
  defaultMinutes: 120,
  sortOrder: 150,
};

describe('meeting types are data the top operators extend', () => {
  it('lets 组织部 at the top add a type, audited, and offers it to meetings', async () => {
    const created = expectStatus(await w.t.call({ method: 'POST', url: '/api/meeting-types', as: 'zzb', payload: JOINT }), 201).json();
    expect(created).toMatchObject({ code: 'joint_meeting', name: '党政联席会议', firstTopic: false, isTalk: false, active: true });
    const list = expectStatus(await w.t.call({ method: 'GET', url: '/api/meeting-types', as: 'b11sec' }), 200).json();
    expect(list.map((t: { code: string }) => t.code)).toContain('joint_meeting');
    const audit = await w.t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_name'])
      .where('entity_type', '=', 'meeting_type')
      .where('entity_id', '=', 'joint_meeting')
      .execute();
    expect(audit).toEqual([{ action: 'meeting_type.created', actor_name: 'zzb' }]);
    const m = await planMeeting(w, 'zzb', { orgId: w.tree.c.id, typeCode: 'joint_meeting', title: '党政联席会议', agenda: [] });
    expect(m.type.code).toBe('joint_meeting');
    expect(m.warnings.map((x: { code: string }) => x.code)).not.toContain('first_topic_missing');
  });

  it('edits a type (a party meeting then requires 第一议题) and audits the before and after', async () => {
    const updated = expectStatus(
      await w.t.call({
        method: 'PUT',
        url: '/api/meeting-types/joint_meeting',
        as: 'sys',
        payload: { ...JOINT, name: '党委联席会议', firstTopic: true, orgLife: true },
      }),
      200,
    ).json();
    expect(updated).toMatchObject({ code: 'joint_meeting', name: '党委联席会议', firstTopic: true, orgLife: true });
    const m = await planMeeting(w, 'zzb', { orgId: w.tree.c.id, typeCode: 'joint_meeting', title: '党委联席会议', agenda: [] });
    expect(m.warnings.map((x: { code: string }) => x.code)).toContain('first_topic_missing');
    const row = await w.t.database.db
      .selectFrom('audit_log')
      .select(['action', 'changes'])
      .where('entity_type', '=', 'meeting_type')
      .where('action', '=', 'meeting_type.updated')
      .executeTakeFirstOrThrow();
    expect(row.changes).toContain('党委联席会议');
    expect(row.changes).toContain('党政联席会议');
  });

  it('refuses operators below the top, secretaries and leaders (403), and changes nothing', async () => {
    for (const as of ['g1admin', 'b11sec', 'leader']) {
      const res = await w.t.call({ method: 'POST', url: '/api/meeting-types', as, payload: { ...JOINT, code: 'other_meeting' } });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      expect(
        (await w.t.call({ method: 'PUT', url: '/api/meeting-types/joint_meeting', as, payload: { ...JOINT, name: '改名' } })).statusCode,
      ).toBe(403);
    }
    const types = expectStatus(await w.t.call({ method: 'GET', url: '/api/meeting-types', as: 'zzb' }), 200).json();
    expect(types.find((t: { code: string }) => t.code === 'other_meeting')).toBeUndefined();
    expect(types.find((t: { code: string }) => t.code === 'joint_meeting').name).toBe('党委联席会议');
  });

  it('answers 409 for a code in use, 404 for an unknown type and 400 naming the field for bad input', async () => {
    const dup = await w.t.call({ method: 'POST', url: '/api/meeting-types', as: 'zzb', payload: { ...JOINT, code: 'party_committee' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('CONFLICT');
    expect(
      (await w.t.call({ method: 'PUT', url: '/api/meeting-types/no_such_type', as: 'zzb', payload: { ...JOINT, code: 'no_such_type' } }))
        .statusCode,
    ).toBe(404);
    const bad = await w.t.call({
      method: 'POST',
      url: '/api/meeting-types',
      as: 'zzb',
      payload: { ...JOINT, code: 'Bad Code', orgKinds: [] },
    });
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.code', 'body.orgKinds']));
  });
});

describe('check-in codes: wrong guesses are limited', () => {
  async function openCheckin(): Promise<string> {
    const m = await planMeeting(w, 'b11sec', {
      typeCode: 'general_meeting',
      title: '党员大会（签到限流）',
      startsAt: '2026-11-25T18:00:00+08:00',
      agenda: [],
    });
    const open = expectStatus(
      await w.t.call({ method: 'POST', url: `/api/meetings/${m.id}/checkin/open`, as: 'b11sec', payload: { minutes: 120 } }),
      200,
    ).json();
    return open.code;
  }
  const submit = (as: string, code: string, ip = '127.0.0.1') =>
    w.t.call({ method: 'POST', url: '/api/meetings/checkin', as, payload: { code }, remoteAddress: ip });

  it(`answers 429 after ${CHECKIN_MAX_FAILURES_PER_USER} wrong codes a minute from one account, even for the right code, until the minute passes`, async () => {
    const code = await openCheckin();
    for (let i = 0; i < CHECKIN_MAX_FAILURES_PER_USER; i++) {
      expect((await submit('b11mem', 'WRONG2', `10.0.1.${i}`)).statusCode).toBe(404);
    }
    const limited = await submit('b11mem', 'WRONG2', '10.0.1.99');
    expect(limited.statusCode).toBe(429);
    const body = limited.json();
    expect(body.error).toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { scope: 'user', limit: CHECKIN_MAX_FAILURES_PER_USER } });
    expect(typeof body.error.message).toBe('string');
    expect(Date.parse(body.error.details.retryAt)).toBeGreaterThan(w.t.clock.now.getTime());
    expect((await submit('b11mem', code, '10.0.1.99')).statusCode).toBe(429);
    // Another member is not affected.
    expectStatus(await submit('b12sec', code), 200);
    w.t.clock.advance(61_000);
    expect(expectStatus(await submit('b11mem', code), 200).json()).toMatchObject({ status: 'present', already: false });
  });

  it(`answers 429 to every account from an address after ${CHECKIN_MAX_FAILURES_PER_IP} wrong codes a minute; other addresses go on`, async () => {
    w.t.clock.advance(61_000);
    const code = await openCheckin();
    const ip = '10.0.2.7';
    let failures = 0;
    for (const as of ['b11mem', 'b11sec', 'b12sec', 'b12m1']) {
      for (let i = 0; i < CHECKIN_MAX_FAILURES_PER_USER && failures < CHECKIN_MAX_FAILURES_PER_IP; i++) {
        expect((await submit(as, 'WRONG3', ip)).statusCode).toBe(404);
        failures++;
      }
    }
    expect(failures).toBe(CHECKIN_MAX_FAILURES_PER_IP);
    // b12m2 never guessed wrong, but shares the address.
    const limited = await submit('b12m2', code, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { scope: 'ip', limit: CHECKIN_MAX_FAILURES_PER_IP } });
    expectStatus(await submit('b12m2', code, '10.0.2.8'), 200);
    // A malformed code is bad input (400), not a guess.
    expect((await submit('b12m1', '!!', '10.0.2.9')).statusCode).toBe(400);
  });
});

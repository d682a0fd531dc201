import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, makeUser, standardTree, type TestApp } from '../../test/harness.js';
import { addPerson, addPost } from '../orgs/orgs.testkit.js';

/**
 * Test world for meetings: the standard tree (C → G1 → B11 (→ GR111), B12; G2 → B21) founded long ago;
 * B11 has a committee (secretary 书记, 组织委员, 宣传委员) and 5 more members (2 of them in GR111); B12 has 3 members
 * and no committee. Accounts: zzb (org_admin at C), g1sec, b11sec (linked to B11's secretary), b12sec, b21sec,
 * b11mem (member at B11, linked to an ordinary member), leader (leader at C).
 */
export interface MeetingWorld {
  t: TestApp;
  tree: Awaited<ReturnType<typeof standardTree>>;
  users: Record<string, number>;
  b11: { secretary: number; organiser: number; propaganda: number; members: number[]; groupMembers: number[] };
  b12Members: number[];
  dataDir: string;
  close(): Promise<void>;
}

/** Builds the meetings test world (see MeetingWorld). */
export async function meetingWorld(): Promise<MeetingWorld> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gt-meetings-'));
  const t = await createTestApp({ DATA_DIR: dataDir });
  const tree = await standardTree(t);
  await t.database.db.updateTable('orgs').set({ founded_on: '2000-01-01' }).execute();
  const secretary = await addPerson(t, { branchId: tree.b11.id, name: '王书记' });
  const organiser = await addPerson(t, { branchId: tree.b11.id, name: '李组织' });
  const propaganda = await addPerson(t, { branchId: tree.b11.id, name: '赵宣传' });
  const members = [
    await addPerson(t, { branchId: tree.b11.id, name: '党员甲' }),
    await addPerson(t, { branchId: tree.b11.id, name: '党员乙' }),
    await addPerson(t, { branchId: tree.b11.id, name: '党员丙', status: 'probationary' }),
  ];
  const groupMembers = [
    await addPerson(t, { branchId: tree.b11.id, groupId: tree.gr111.id, name: '组员甲' }),
    await addPerson(t, { branchId: tree.b11.id, groupId: tree.gr111.id, name: '组员乙' }),
  ];
  await addPerson(t, { branchId: tree.b11.id, name: '积极分子', status: 'activist' });
  await addPost(t, tree.b11.id, secretary, 'secretary');
  await addPost(t, tree.b11.id, organiser, 'organization_member');
  await addPost(t, tree.b11.id, propaganda, 'propaganda_member');
  await t.database.db.updateTable('orgs').set({ term_start: '2024-01-01', term_years: 3 }).where('id', '=', tree.b11.id).execute();
  const b12Members = [
    await addPerson(t, { branchId: tree.b12.id, name: '二支部甲' }),
    await addPerson(t, { branchId: tree.b12.id, name: '二支部乙' }),
    await addPerson(t, { branchId: tree.b12.id, name: '二支部丙' }),
  ];
  const spec: Array<[string, 'org_admin' | 'secretary' | 'leader' | 'member', number, number | null]> = [
    ['zzb', 'org_admin', tree.c.id, null],
    ['leader', 'leader', tree.c.id, null],
    ['g1sec', 'secretary', tree.g1.id, null],
    ['b11sec', 'secretary', tree.b11.id, secretary],
    ['b12sec', 'secretary', tree.b12.id, b12Members[0] ?? null],
    ['b21sec', 'secretary', tree.b21.id, null],
    ['b11mem', 'member', tree.b11.id, members[0] ?? null],
  ];
  const users: Record<string, number> = {};
  for (const [name, role, orgId, personId] of spec) {
    users[name] = await makeUser(t, name, [{ role, orgId }]);
    if (personId !== null) {
      await t.database.db
        .updateTable('users')
        .set({ person_id: personId })
        .where('id', '=', users[name] ?? 0)
        .execute();
    }
    await t.login(name);
  }
  return {
    t,
    tree,
    users,
    b11: { secretary, organiser, propaganda, members, groupMembers },
    b12Members,
    dataDir,
    async close() {
      await t.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Asserts a status code, showing the body when it differs. */
export function expectStatus(res: LightMyRequestResponse, status: number): LightMyRequestResponse {
  if (res.statusCode !== status) {
    throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body.slice(0, 1000)}`);
  }
  return res;
}

/** Plans a meeting through the API; returns its detail. */
export async function planMeeting(w: MeetingWorld, as: string, body: Record<string, unknown>) {
  const res = await w.t.call({
    method: 'POST',
    url: '/api/meetings',
    as,
    payload: { orgId: w.tree.b11.id, typeCode: 'branch_committee', title: '11月支委会', startsAt: '2026-11-20T14:00:00+08:00', ...body },
  });
  return expectStatus(res, 201).json();
}

/** Inserts a held meeting directly (fast set-up for compliance arithmetic); returns its id. */
export async function insertHeld(
  t: TestApp,
  orgId: number,
  typeCode: string,
  date: string,
  present: number[] = [],
  status: 'held' | 'planned' | 'cancelled' = 'held',
): Promise<number> {
  const db = t.database.db;
  const now = t.clock.fn().toISOString();
  const type = await db.selectFrom('meeting_types').select('org_life').where('code', '=', typeCode).executeTakeFirstOrThrow();
  const row = await db
    .insertInto('meetings')
    .values({
      org_id: orgId,
      type_code: typeCode,
      title: `${typeCode} ${date}`,
      meeting_date: date,
      starts_at: `${date}T06:00:00.000Z`,
      ends_at: null,
      place: '会议室',
      online: 0,
      online_link: null,
      chair_person_id: typeCode === 'talk' ? (present[0] ?? null) : null,
      recorder_person_id: null,
      counterpart_person_id: typeCode === 'talk' ? (present[1] ?? null) : null,
      status,
      minutes: '',
      summary: null,
      cancel_reason: null,
      checkin_code: null,
      checkin_open: 0,
      checkin_expires_at: null,
      reminder_sent_at: null,
      held_at: status === 'held' ? now : null,
      created_by: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const p of present) {
    await db
      .insertInto('meeting_attendees')
      .values({
        meeting_id: row.id,
        person_id: p,
        expected: 1,
        status: 'present',
        leave_reason: null,
        checkin_method: 'recorder',
        checked_in_at: now,
        meeting_date: date,
        org_id: orgId,
        org_life: type.org_life,
        meeting_status: status,
        updated_at: now,
      })
      .execute();
  }
  return row.id;
}

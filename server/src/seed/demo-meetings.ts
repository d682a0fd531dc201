import { COMMITTEE_POST_KINDS, MEMBER_STATUSES, type PostKind } from '@guantong/shared';
import { type Insertable, type Kysely, sql } from 'kysely';
import type { AppContext } from '../core/context.js';
import type { DB } from '../db/schema.js';
import { addDays, beijingDate } from '../modules/meetings/meetings.dates.js';
import type {
  MeetingAgendaItemsTable,
  MeetingAttendeesTable,
  MeetingsTable,
  StudyRecordsTable,
} from '../modules/meetings/meetings.tables.js';

/**
 * A deterministic year of meetings for the demo enterprise (the 12 months up to today): 支委会 / 主题党日 / 党小组会
 * monthly, 党员大会 and 党课 quarterly, 组织生活会 and 民主评议党员 once, 谈心谈话 covering most members, the
 * committee's 党委会 (with 第一议题) and 中心组 study, a few 董事会 / 经理层 meetings; attendance with leaves and
 * absences; study records (五学); study plans. Mostly compliant, with a handful of branches that missed months
 * (red cells) and a few members who have not attended for 4+ months. Rows go in bulk (explicit meeting ids).
 *
 * The branch `DEMO_OPEN_BRANCH` has this month's 主题党日 and 党小组会 done but not its 支委会 (the e2e test records it).
 */
export const DEMO_OPEN_BRANCH = 'B001';

/** A small deterministic hash → [0, 1). */
function rand(a: number, b: number, salt: number): number {
  let h = (a * 73_856_093) ^ (b * 19_349_663) ^ (salt * 83_492_791);
  h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
  h ^= h >>> 15;
  return (h >>> 0) / 4_294_967_296;
}

const FIRST_TOPICS = [
  '学习习近平总书记关于国有企业改革发展和党的建设的重要论述',
  '学习贯彻党的二十届四中全会精神',
  '学习习近平总书记关于安全生产的重要指示精神',
  '学习习近平总书记在企业座谈会上的重要讲话精神',
  '学习《中国共产党国有企业基层组织工作条例（试行）》',
  '学习习近平总书记关于科技创新的重要论述',
];
const WORK_ITEMS = [
  '研究本月安全生产和质量提升工作',
  '讨论发展党员和积极分子培养工作',
  '部署党员先锋岗创建工作',
  '研究“赶超标杆我能干成什么”大讨论推进工作',
  '听取党小组工作汇报',
];
const LEAVE_REASONS = ['出差', '病假', '倒班', '外出培训', '事假'];
const PLACES = ['党员活动室', '车间会议室', '三楼会议室', '党建阵地'];

interface OrgRow {
  id: number;
  code: string;
  kind: 'committee' | 'general_branch' | 'branch' | 'group';
  parent_id: number | null;
  name: string;
  term_start: string | null;
}

function monthStarts(today: string): string[] {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const out: string[] = [];
  for (let i = 11; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    out.push(d.toISOString().slice(0, 10));
  }
  return out;
}

function dayIn(monthStart: string, day: number): string {
  const [y, m] = monthStart.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${monthStart.slice(0, 7)}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** Inserts the demo year of meetings when there are none yet; returns counts. */
export async function seedDemoMeetings(ctx: AppContext): Promise<{ meetings: number; attendees: number; ms: number }> {
  const t0 = performance.now();
  const db = ctx.database.db;
  if (await db.selectFrom('meetings').select('id').limit(1).executeTakeFirst()) {
    return { meetings: 0, attendees: 0, ms: 0 };
  }
  const today = beijingDate(ctx.clock());
  const now = ctx.clock().toISOString();
  const orgs = (await db
    .selectFrom('orgs')
    .select(['id', 'code', 'kind', 'parent_id', 'name', 'term_start'])
    .where('status', '=', 'active')
    .execute()) as OrgRow[];
  if (orgs.length === 0) {
    return { meetings: 0, attendees: 0, ms: 0 };
  }
  const people = await db
    .selectFrom('people')
    .select(['id', 'branch_id', 'group_id'])
    .where('status', '=', 'active')
    .where('party_status', 'in', [...MEMBER_STATUSES])
    .orderBy('id')
    .execute();
  const posts = await db
    .selectFrom('org_posts')
    .select(['org_id', 'person_id', 'post'])
    .where('post', 'in', COMMITTEE_POST_KINDS as PostKind[])
    .where((eb) => eb.or([eb('end_on', 'is', null), eb('end_on', '>', today)]))
    .execute();
  const membersOf = new Map<number, number[]>();
  const groupMembers = new Map<number, number[]>();
  for (const p of people) {
    if (p.branch_id !== null) {
      membersOf.set(p.branch_id, [...(membersOf.get(p.branch_id) ?? []), p.id]);
    }
    if (p.group_id !== null) {
      groupMembers.set(p.group_id, [...(groupMembers.get(p.group_id) ?? []), p.id]);
    }
  }
  const committeeOf = new Map<number, number[]>();
  const committeeOnly = new Set<number>();
  for (const p of posts) {
    const list = committeeOf.get(p.org_id) ?? [];
    if (!list.includes(p.person_id)) {
      list.push(p.person_id);
    }
    committeeOf.set(p.org_id, list);
    if (p.post !== 'secretary' && p.post !== 'deputy_secretary') {
      committeeOnly.add(p.org_id);
    }
  }
  const secretaryOf = new Map<number, number>();
  for (const p of posts) {
    if (p.post === 'secretary' || (p.post === 'deputy_secretary' && !secretaryOf.has(p.org_id))) {
      secretaryOf.set(p.org_id, p.person_id);
    }
  }
  const branches = orgs.filter((o) => o.kind === 'branch').sort((a, b) => a.code.localeCompare(b.code));
  const groupsOf = new Map<number, OrgRow[]>();
  for (const g of orgs.filter((o) => o.kind === 'group')) {
    if (g.parent_id !== null) {
      groupsOf.set(g.parent_id, [...(groupsOf.get(g.parent_id) ?? []), g]);
    }
  }
  // A few branches missed meetings (red), and ~1.5% of members stopped coming in the summer (4+ months).
  const weak = new Set(branches.filter((_, i) => i % 29 === 5).map((b) => b.id));
  const lapsing = new Set(people.filter((p) => rand(p.id, 7, 99) < 0.015).map((p) => p.id));
  const months = monthStarts(today);
  const startId =
    Number(
      (
        await db
          .selectFrom('meetings')
          .select((eb) => eb.fn.max('id').as('m'))
          .executeTakeFirst()
      )?.m ?? 0,
    ) + 1;
  let nextId = startId;
  const meetings: Array<Insertable<MeetingsTable>> = [];
  const agenda: Array<Insertable<MeetingAgendaItemsTable>> = [];
  const attendees: Array<Insertable<MeetingAttendeesTable>> = [];
  const studies: Array<Insertable<StudyRecordsTable>> = [];
  const orgLifeTypes = new Set([
    'general_meeting',
    'branch_committee',
    'group_meeting',
    'party_lecture',
    'theme_day',
    'org_life_meeting',
    'member_review',
  ]);

  const add = (
    org: OrgRow,
    type: string,
    title: string,
    date: string,
    hour: number,
    expected: number[],
    opts: {
      firstTopic?: boolean;
      study?: { mode: StudyRecordsTable['mode']; topic: string; hours: number; speaker?: string };
      chair?: number;
      counterpart?: number;
      salt?: number;
    } = {},
  ) => {
    if (date > addDays(today, 14)) {
      return;
    }
    const id = nextId++;
    const held = date < today || (date === today && hour < 8);
    const status = held ? 'held' : 'planned';
    const startsAt = new Date(Date.parse(`${date}T${String(hour).padStart(2, '0')}:00:00+08:00`)).toISOString();
    meetings.push({
      id,
      org_id: org.id,
      type_code: type,
      title,
      meeting_date: date,
      starts_at: startsAt,
      ends_at: new Date(Date.parse(startsAt) + 90 * 60_000).toISOString(),
      place: PLACES[id % PLACES.length] ?? '',
      online: 0,
      online_link: null,
      chair_person_id: opts.chair ?? secretaryOf.get(org.kind === 'group' ? (org.parent_id ?? 0) : org.id) ?? null,
      recorder_person_id: null,
      counterpart_person_id: opts.counterpart ?? null,
      status,
      minutes: held ? `${title}。会议按议程进行，与会同志结合工作实际进行了讨论，形成一致意见。` : '',
      summary: null,
      cancel_reason: null,
      checkin_code: null,
      checkin_open: 0,
      checkin_expires_at: null,
      reminder_sent_at: held ? now : null,
      held_at: held ? now : null,
      created_by: null,
      created_at: now,
      updated_at: now,
    });
    if (opts.firstTopic) {
      agenda.push({
        meeting_id: id,
        position: 1,
        title: FIRST_TOPICS[id % FIRST_TOPICS.length] ?? '',
        is_first_topic: 1,
        presenter: null,
        notes: '',
        created_at: now,
        updated_at: now,
      });
    }
    if (type !== 'talk') {
      agenda.push({
        meeting_id: id,
        position: opts.firstTopic ? 2 : 1,
        title: WORK_ITEMS[id % WORK_ITEMS.length] ?? '',
        is_first_topic: 0,
        presenter: null,
        notes: '',
        created_at: now,
        updated_at: now,
      });
    }
    if (opts.study) {
      studies.push({
        meeting_id: id,
        mode: opts.study.mode,
        topic: opts.study.topic,
        materials: '',
        speaker: opts.study.speaker ?? null,
        hours: opts.study.hours,
        plan_item_id: null,
        org_id: org.id,
        meeting_date: date,
        created_at: now,
        updated_at: now,
      });
    }
    for (const pid of new Set(expected)) {
      const r = rand(id, pid, opts.salt ?? 3);
      let att: MeetingAttendeesTable['status'] = 'pending';
      let reason: string | null = null;
      if (held) {
        if (lapsing.has(pid) && date >= `${today.slice(0, 4)}-06-01`) {
          att = 'absent';
        } else if (r < 0.9) {
          att = 'present';
        } else if (r < 0.96) {
          att = 'leave';
          reason = LEAVE_REASONS[pid % LEAVE_REASONS.length] ?? '事假';
        } else {
          att = 'absent';
        }
      }
      attendees.push({
        meeting_id: id,
        person_id: pid,
        expected: 1,
        status: att,
        leave_reason: reason,
        checkin_method: att === 'present' ? 'recorder' : null,
        checked_in_at: att === 'present' ? startsAt : null,
        meeting_date: date,
        org_id: org.id,
        org_life: orgLifeTypes.has(type) ? 1 : 0,
        meeting_status: status,
        updated_at: now,
      });
    }
  };

  const currentMonth = today.slice(0, 7);
  for (const [bi, b] of branches.entries()) {
    const members = membersOf.get(b.id) ?? [];
    const committee = committeeOf.get(b.id) ?? [];
    const hasCommittee = b.term_start !== null || committeeOnly.has(b.id);
    const isOpen = b.code === DEMO_OPEN_BRANCH;
    const themeDay = 15 + (bi % 10);
    for (const [mi, ms] of months.entries()) {
      const isCurrent = ms.slice(0, 7) === currentMonth;
      const miss = (salt: number) =>
        !(isOpen && isCurrent) && ((weak.has(b.id) && rand(b.id, mi, salt) < 0.35) || rand(b.id, mi, salt + 50) < 0.002);
      if (hasCommittee && !(isOpen && isCurrent) && !miss(1)) {
        add(b, 'branch_committee', `${ms.slice(5, 7)}月支委会`, dayIn(ms, 5 + (bi % 7)), 14, committee, { firstTopic: true });
      }
      if (!miss(2)) {
        add(
          b,
          'theme_day',
          `${ms.slice(5, 7)}月主题党日`,
          isOpen && isCurrent ? ms : dayIn(ms, themeDay),
          isOpen && isCurrent ? 7 : 15,
          members,
        );
      }
      for (const [gi, g] of (groupsOf.get(b.id) ?? []).entries()) {
        if (!miss(3 + gi)) {
          add(
            g,
            'group_meeting',
            `${ms.slice(5, 7)}月党小组会`,
            isOpen && isCurrent ? ms : dayIn(ms, 8 + ((bi + gi) % 12)),
            isOpen && isCurrent ? 7 : 16,
            groupMembers.get(g.id) ?? [],
          );
        }
      }
      const month = Number(ms.slice(5, 7));
      if (month % 3 === 2) {
        if (!miss(20)) {
          add(b, 'general_meeting', `第${Math.ceil(month / 3)}季度党员大会`, dayIn(ms, 20 + (bi % 5)), 14, members, { firstTopic: true });
        }
        if (!miss(21)) {
          add(
            b,
            'party_lecture',
            `书记讲党课：${FIRST_TOPICS[(bi + mi) % FIRST_TOPICS.length]?.replace('学习', '') ?? ''}`,
            dayIn(ms, 10 + (bi % 9)),
            15,
            members,
            {
              study: { mode: mi % 2 === 0 ? 'leader_led' : 'expert', topic: FIRST_TOPICS[(bi + mi) % FIRST_TOPICS.length] ?? '', hours: 2 },
            },
          );
        }
      }
      if (month === 1 && !miss(22)) {
        add(b, 'org_life_meeting', '年度组织生活会', dayIn(ms, 18 + (bi % 8)), 9, members);
        add(b, 'member_review', '民主评议党员', dayIn(ms, 19 + (bi % 8)), 14, members);
      }
    }
    // 谈心谈话: the secretary talks with each member once in the year (a few branches are behind).
    const secretary = secretaryOf.get(b.id);
    if (secretary !== undefined) {
      const share = weak.has(b.id) ? 0.5 : 1;
      const yearStart = `${today.slice(0, 4)}-01-01`;
      for (const [k, p] of members.entries()) {
        if (p === secretary || rand(b.id, p, 30) >= share) {
          continue;
        }
        const date = addDays(
          yearStart,
          Math.floor(rand(b.id, p, 31) * Math.max(1, (Date.parse(today) - Date.parse(yearStart)) / 86_400_000)),
        );
        add(b, 'talk', '谈心谈话', date, 10 + (k % 6), [secretary, p], { chair: secretary, counterpart: p });
      }
    }
  }
  // The committee: 党委会 twice a month with 第一议题 (党委会跟进学), 中心组 study monthly, 读书班, board and management.
  const top = orgs.find((o) => o.parent_id === null && o.kind === 'committee');
  if (top) {
    const committee = committeeOf.get(top.id) ?? [];
    for (const [mi, ms] of months.entries()) {
      for (const day of [8, 22]) {
        add(top, 'party_committee', `党委会（${ms.slice(5, 7)}月第${day === 8 ? 1 : 2}次）`, dayIn(ms, day), 9, committee, {
          firstTopic: true,
          study: { mode: 'follow_up', topic: FIRST_TOPICS[(mi + day) % FIRST_TOPICS.length] ?? '', hours: 1 },
        });
      }
      add(top, 'theory_group', `党委理论学习中心组${ms.slice(5, 7)}月集体学习`, dayIn(ms, 14), 14, committee, {
        study: {
          mode: mi % 4 === 3 ? 'leader_led' : 'seminar',
          topic: FIRST_TOPICS[(mi + 2) % FIRST_TOPICS.length] ?? '',
          hours: 3,
          speaker: mi % 4 === 3 ? '集团公司党组领导' : undefined,
        },
      });
      if (mi % 2 === 0) {
        add(top, 'board', `董事会${ms.slice(5, 7)}月会议`, dayIn(ms, 25), 9, committee);
      }
      add(top, 'management', `总经理办公会（${ms.slice(5, 7)}月）`, dayIn(ms, 12), 9, committee);
      if (mi === 3) {
        add(top, 'reading_class', '处级干部读书班', dayIn(ms, 16), 9, committee, {
          study: { mode: 'reading_class', topic: '党的创新理论系统学习', hours: 16 },
        });
      }
      if (mi === 6) {
        add(top, 'party_lecture', '专家辅导讲座：新质生产力与铝加工产业升级', dayIn(ms, 18), 14, committee, {
          study: { mode: 'expert', topic: '新质生产力', hours: 3, speaker: '东北大学教授' },
        });
      }
    }
  }
  const CHUNK = 500;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < meetings.length; i += CHUNK) {
      await trx
        .insertInto('meetings')
        .values(meetings.slice(i, i + CHUNK))
        .execute();
    }
    for (let i = 0; i < agenda.length; i += CHUNK) {
      await trx
        .insertInto('meeting_agenda_items')
        .values(agenda.slice(i, i + CHUNK))
        .execute();
    }
    for (let i = 0; i < attendees.length; i += CHUNK) {
      await trx
        .insertInto('meeting_attendees')
        .values(attendees.slice(i, i + CHUNK))
        .execute();
    }
    for (let i = 0; i < studies.length; i += CHUNK) {
      await trx
        .insertInto('study_records')
        .values(studies.slice(i, i + CHUNK))
        .execute();
    }
    if (ctx.database.dialect === 'postgres') {
      await sql`select setval(pg_get_serial_sequence('meetings', 'id'), (select coalesce(max(id), 1) from meetings))`.execute(trx);
    }
    await seedStudyPlans(trx, orgs, today, now);
    await seedReflectionsAndMakeups(trx, today, now);
  });
  return { meetings: meetings.length, attendees: attendees.length, ms: Math.round(performance.now() - t0) };
}

async function seedStudyPlans(trx: Kysely<DB>, orgs: OrgRow[], today: string, now: string): Promise<void> {
  const year = Number(today.slice(0, 4));
  const planned = orgs.filter((o) => o.kind === 'committee' || o.kind === 'general_branch' || (o.kind === 'branch' && o.code <= 'B010'));
  for (const o of planned) {
    const plan = await trx
      .insertInto('study_plans')
      .values({
        org_id: o.id,
        year,
        title: `${o.name}${year}年理论学习计划`,
        description: '坚持“第一议题”制度，落实“五学”机制，全年集中学习不少于12次。',
        target_hours: o.kind === 'committee' ? 48 : 24,
        status: 'active',
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('study_plan_items')
      .values(
        FIRST_TOPICS.map((topic, i) => ({
          plan_id: plan.id,
          position: i + 1,
          topic,
          materials: '原文原著、学习读本',
          mode: (['follow_up', 'seminar', 'reading_class', 'leader_led', 'expert'] as const)[i % 5],
          planned_month: `${year}-${String(i * 2 + 1).padStart(2, '0')}`,
          planned_hours: 2 + (i % 3),
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  }
  // Sessions on a planned topic count toward the plan.
  await sql`update study_records set plan_item_id = (
      select min(pi.id) from study_plan_items pi join study_plans sp on sp.id = pi.plan_id
      where sp.org_id = study_records.org_id and sp.year = ${year} and pi.topic = study_records.topic)
    where plan_item_id is null and meeting_date >= ${`${year}-01-01`}`.execute(trx);
}

const REFLECTIONS = [
  ['学习第一议题的体会', '通过学习，我进一步认识到要把学习成果转化为岗位实绩，在安全生产和质量提升中发挥党员先锋作用。'],
  ['赶超标杆我能干成什么', '对照标杆找差距，我将带头开展工艺攻关，力争把本工序的一次合格率再提高一个百分点。'],
  ['学习二十届四中全会精神心得', '全会精神为企业高质量发展指明了方向，我要立足本职，推动新质生产力在车间落地。'],
] as const;

/** A few reflections (mixed review states) and make-up study for absentees of branch study sessions. */
async function seedReflectionsAndMakeups(trx: Kysely<DB>, today: string, now: string): Promise<void> {
  const sessions = await trx
    .selectFrom('study_records as s')
    .innerJoin('meetings as m', 'm.id', 's.meeting_id')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['m.id', 'm.org_id', 'm.meeting_date'])
    .where('m.status', '=', 'held')
    .where('o.kind', '=', 'branch')
    .where('o.code', '<=', 'B030')
    .orderBy('m.id')
    .execute();
  const reflections: Array<Insertable<DB['study_reflections']>> = [];
  const makeups: Array<Insertable<DB['study_makeups']>> = [];
  for (const s of sessions) {
    const attendees = await trx.selectFrom('meeting_attendees').select(['person_id', 'status']).where('meeting_id', '=', s.id).execute();
    for (const a of attendees) {
      const r = rand(s.id, a.person_id, 61);
      if (a.status === 'present' && r < 0.12) {
        const [title, body] = REFLECTIONS[(s.id + a.person_id) % REFLECTIONS.length] ?? REFLECTIONS[0];
        const submitted = addDays(s.meeting_date, 3) > today ? today : addDays(s.meeting_date, 3);
        const status = r < 0.08 ? 'approved' : r < 0.1 ? 'returned' : 'submitted';
        reflections.push({
          person_id: a.person_id,
          org_id: s.org_id,
          meeting_id: s.id,
          plan_item_id: null,
          title,
          body,
          status,
          review_comment: status === 'returned' ? '请结合本岗位谈具体措施' : null,
          reviewed_by: null,
          reviewed_at: status === 'submitted' ? null : now,
          submitted_on: submitted,
          created_by: null,
          created_at: now,
          updated_at: now,
        });
      } else if (a.status === 'absent' || a.status === 'leave') {
        const done = r < 0.6;
        makeups.push({
          meeting_id: s.id,
          person_id: a.person_id,
          status: done ? 'done' : 'assigned',
          due_on: addDays(s.meeting_date, 30),
          done_on: done ? (addDays(s.meeting_date, 10) > today ? today : addDays(s.meeting_date, 10)) : null,
          hours: null,
          note: done ? '观看学习录像并提交学习笔记' : null,
          created_at: now,
          updated_at: now,
        });
      }
    }
  }
  for (let i = 0; i < reflections.length; i += 500) {
    await trx
      .insertInto('study_reflections')
      .values(reflections.slice(i, i + 500))
      .execute();
  }
  for (let i = 0; i < makeups.length; i += 500) {
    await trx
      .insertInto('study_makeups')
      .values(makeups.slice(i, i + 500))
      .execute();
  }
}

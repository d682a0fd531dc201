import type { Kysely } from 'kysely';
import type { Actor } from '../core/access.js';
import type { AppContext } from '../core/context.js';
import { loadGrants } from '../core/session.js';
import type { DB } from '../db/schema.js';
import { adoptAnswer, createCampaign, reviewAnswer, submitAnswer } from '../modules/campaigns/campaigns.service.js';
import { addFollowUp, createDecision } from '../modules/decisions/decisions.service.js';
import { acceptTask, noteTask, reportTask, verifyTask } from '../modules/tasks/tasks.service.js';

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Beijing wall time on a date → the UTC instant the meetings table stores. */
function instant(date: string, hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h - 8, m)).toISOString();
}

async function actorOf(db: Kysely<DB>, username: string): Promise<Actor | null> {
  const u = await db.selectFrom('users').select(['id', 'username', 'display_name']).where('username', '=', username).executeTakeFirst();
  return u ? { userId: u.id, username: u.username, displayName: u.display_name, grants: await loadGrants(db, u.id) } : null;
}

async function insertMeeting(
  db: Kysely<DB>,
  m: {
    orgId: number;
    type: string;
    title: string;
    date: string;
    time: string;
    place: string;
    /** The 第一议题 of a party meeting (first on the agenda; not among the returned agenda ids). */
    firstTopic?: string;
    agenda: string[];
    createdBy: number | null;
    now: string;
  },
): Promise<SeedMeeting> {
  const row = await db
    .insertInto('meetings')
    .values({
      org_id: m.orgId,
      type_code: m.type,
      title: m.title,
      meeting_date: m.date,
      starts_at: instant(m.date, m.time),
      ends_at: instant(m.date, `${String(Number(m.time.slice(0, 2)) + 2).padStart(2, '0')}${m.time.slice(2)}`),
      place: m.place,
      online_link: null,
      chair_person_id: null,
      recorder_person_id: null,
      counterpart_person_id: null,
      status: 'held',
      summary: null,
      cancel_reason: null,
      checkin_code: null,
      checkin_expires_at: null,
      reminder_sent_at: null,
      held_at: instant(m.date, m.time),
      created_by: m.createdBy,
      created_at: m.now,
      updated_at: m.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const offset = m.firstTopic ? 1 : 0;
  if (m.firstTopic) {
    await db
      .insertInto('meeting_agenda_items')
      .values({
        meeting_id: row.id,
        position: 1,
        title: m.firstTopic,
        is_first_topic: 1,
        presenter: null,
        created_at: m.now,
        updated_at: m.now,
      })
      .execute();
  }
  const agendaIds: number[] = [];
  for (const [i, title] of m.agenda.entries()) {
    const a = await db
      .insertInto('meeting_agenda_items')
      .values({
        meeting_id: row.id,
        position: offset + i + 1,
        title,
        is_first_topic: 0,
        presenter: null,
        created_at: m.now,
        updated_at: m.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    agendaIds.push(a.id);
  }
  return { id: row.id, date: m.date, agendaIds };
}

/** A governance meeting the register links to: its id, Beijing date and the agenda items added for the register. */
interface SeedMeeting {
  id: number;
  date: string;
  agendaIds: number[];
}

/**
 * Reuses the latest held meeting of a type that the meetings seed made for the organisation (on or before a date,
 * after another): appends the register's agenda items and, when given, a note to its title ("党委会（05月第1次 ·
 * 前置研究 · …）"). Null when there is none (the caller inserts its own).
 */
async function reuseMeeting(
  db: Kysely<DB>,
  m: { orgId: number; type: string; onOrBefore: string; after?: string; agenda: string[]; titleNote?: string; now: string },
): Promise<SeedMeeting | null> {
  let q = db
    .selectFrom('meetings')
    .select(['id', 'title', 'meeting_date'])
    .where('org_id', '=', m.orgId)
    .where('type_code', '=', m.type)
    .where('status', '=', 'held')
    .where('meeting_date', '<=', m.onOrBefore);
  if (m.after) {
    q = q.where('meeting_date', '>', m.after);
  }
  const row = await q.orderBy('meeting_date', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  if (!row) {
    return null;
  }
  const last = await db
    .selectFrom('meeting_agenda_items')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('meeting_id', '=', row.id)
    .executeTakeFirst();
  const agendaIds: number[] = [];
  for (const [i, title] of m.agenda.entries()) {
    const a = await db
      .insertInto('meeting_agenda_items')
      .values({ meeting_id: row.id, position: Number(last?.p ?? 0) + i + 1, title, presenter: null, created_at: m.now, updated_at: m.now })
      .returning('id')
      .executeTakeFirstOrThrow();
    agendaIds.push(a.id);
  }
  if (m.titleNote) {
    const title = row.title.endsWith('）') ? `${row.title.slice(0, -1)} · ${m.titleNote}）` : `${row.title}（${m.titleNote}）`;
    await db.updateTable('meetings').set({ title, updated_at: m.now }).where('id', '=', row.id).execute();
  }
  return { id: row.id, date: row.meeting_date, agendaIds };
}

const ANSWERS: Array<{ text: string; tags: string[]; shortlist?: boolean }> = [
  { text: '优化熔铸炉燃烧参数，力争吨铝天然气单耗下降5%。', tags: ['降本增效'], shortlist: true },
  { text: '牵头编制本班组标准化作业指导书，把交接班时间压缩到15分钟以内。', tags: ['质量提升'] },
  { text: '开展“一日一巡”设备点检，全年非计划停机时间减少20%。', tags: ['安全环保'], shortlist: true },
  { text: '带领青年突击队攻关铸锭表面裂纹问题，成品率提高1.5个百分点。', tags: ['技术创新', '质量提升'], shortlist: true },
  { text: '推行废料分类回收，年回收铝屑200吨以上。', tags: ['降本增效', '安全环保'] },
  { text: '每月组织一次岗位安全隐患“随手拍”，做到隐患当天整改。', tags: ['安全环保'] },
  { text: '学习标杆企业换辊经验，把换辊时间从40分钟缩短到30分钟。', tags: ['降本增效'] },
  { text: '结对帮带两名新入职大学生，一年内独立顶岗。', tags: [] },
  { text: '把客户投诉的板形问题建成案例库，每季度复盘一次。', tags: ['质量提升'] },
  { text: '推动能源计量表具全覆盖，按班组公布能耗排名。', tags: ['降本增效'] },
];

/**
 * The demo register (三会一层) and one discussion campaign (大讨论), dated relative to today so that the demo always
 * looks current, created through the modules' services as 组织部 (zzb) and the branch secretaries:
 * governance meetings of the enterprise (党委会, 董事会, 总经理办公会); six decision items, one of them a deliberate
 * pre-study violation (a 大额资金运作 decided by management with no 党委会 before it) and one pre-studied the same
 * morning; follow-up tasks in several states (one verified, one under way, one overdue); the campaign
 * “赶超标杆我能干成什么” with answers recorded for members of four branches, tagged, shortlisted, one adopted.
 * Runs once (skips when the register has items).
 */
export async function seedDemoDecisions(ctx: AppContext): Promise<{ decisions: number; answers: number }> {
  const db = ctx.database.db;
  if (await db.selectFrom('decisions').select('id').limit(1).executeTakeFirst()) {
    return { decisions: 0, answers: 0 };
  }
  const zzb = await actorOf(db, 'zzb');
  const top = await db.selectFrom('orgs').select(['id', 'path']).where('parent_id', 'is', null).orderBy('id').limit(1).executeTakeFirst();
  if (!zzb || !top) {
    return { decisions: 0, answers: 0 };
  }
  const today = new Date(ctx.clock().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const now = ctx.clock().toISOString();
  const year = today.slice(0, 4);
  const day = (n: number) => addDays(today, n);

  // Governance meetings of the enterprise. The meetings seed already holds the committee's 党委会 (twice a month)
  // and the 董事会: reuse those (adding the pre-study agenda items) so the demo has no duplicate 党委会; only the
  // 总经理办公会 that decides on the afternoon of a 党委会 is added. Without the meetings seed, insert our own.
  const board1 =
    (await reuseMeeting(db, {
      orgId: top.id,
      type: 'board',
      onOrBefore: day(-14),
      agenda: ['审议熔铸车间智能化改造项目', '审议下一年度资金预算方案'],
      now,
    })) ??
    (await insertMeeting(db, {
      orgId: top.id,
      type: 'board',
      title: `${year}年董事会会议`,
      date: day(-52),
      time: '14:00',
      place: '公司办公楼五楼董事会会议室',
      agenda: ['审议熔铸车间智能化改造项目', '审议下一年度资金预算方案'],
      createdBy: zzb.userId,
      now,
    }));
  const pc1 =
    (await reuseMeeting(db, {
      orgId: top.id,
      type: 'party_committee',
      onOrBefore: addDays(board1.date, -1),
      after: addDays(board1.date, -31),
      agenda: ['前置研究：熔铸车间智能化改造项目', '前置研究：下一年度资金预算方案'],
      titleNote: '前置研究 · 熔铸智能化改造、资金预算',
      now,
    })) ??
    (await insertMeeting(db, {
      orgId: top.id,
      type: 'party_committee',
      title: `${year}年党委会（前置研究 · 熔铸智能化改造、资金预算）`,
      date: addDays(board1.date, -8),
      time: '09:00',
      place: '公司办公楼三楼第一会议室',
      firstTopic: '学习习近平总书记关于国有企业改革发展的重要论述',
      agenda: ['前置研究：熔铸车间智能化改造项目', '前置研究：下一年度资金预算方案'],
      createdBy: zzb.userId,
      now,
    }));
  const pc2 =
    (await reuseMeeting(db, {
      orgId: top.id,
      type: 'party_committee',
      onOrBefore: day(-10),
      after: pc1.date,
      agenda: ['前置研究：中层管理人员选拔任用方案'],
      titleNote: '前置研究 · 中层干部选拔任用',
      now,
    })) ??
    (await insertMeeting(db, {
      orgId: top.id,
      type: 'party_committee',
      title: `${year}年党委会（前置研究 · 中层干部选拔任用）`,
      date: day(-30),
      time: '08:30',
      place: '公司办公楼三楼第一会议室',
      firstTopic: '学习《中国共产党国有企业基层组织工作条例（试行）》',
      agenda: ['前置研究：中层管理人员选拔任用方案', '研究第四季度党建工作'],
      createdBy: zzb.userId,
      now,
    }));
  // The afternoon of pc2: management decides what the 党委会 studied that morning (and one item it did not).
  const gm1 = await insertMeeting(db, {
    orgId: top.id,
    type: 'management',
    title: `${year}年总经理办公会（${pc2.date.slice(5, 7)}月${pc2.date.slice(8, 10)}日下午）`,
    date: pc2.date,
    time: '15:00',
    place: '公司办公楼五楼第二会议室',
    agenda: ['研究中层管理人员选拔任用方案', '研究原铝锭年度大额采购合同'],
    createdBy: zzb.userId,
    now,
  });

  const base = { orgId: top.id, status: 'decided' as const, summary: '' };
  const decisions = [
    await createDecision(ctx, zzb, {
      ...base,
      title: `研究确定${year}年党建工作要点`,
      bodyCode: 'party_committee',
      categoryCode: 'party_building',
      decidedOn: pc1.date,
      meetingId: pc1.id,
      docNo: `党委〔${year}〕3号`,
      summary: '明确全年党建重点任务，纳入任务清单分解落实。',
      status: 'completed',
    }),
    await createDecision(ctx, zzb, {
      ...base,
      title: '熔铸车间智能化改造项目',
      bodyCode: 'board',
      categoryCode: 'major_project',
      decidedOn: board1.date,
      meetingId: board1.id,
      agendaItemId: board1.agendaIds[0],
      preStudyMeetingId: pc1.id,
      preStudyAgendaItemId: pc1.agendaIds[0],
      preStudyNote: '党委会研究同意提交董事会审议',
      docNo: `董事会〔${year}〕6号`,
      summary: '同意实施熔铸车间智能化改造，总投资约1.2亿元，分两期建设。',
      ownerUserId: zzb.userId,
      ownerDepartment: '生产运营部',
      reviewOn: day(40),
    }),
    await createDecision(ctx, zzb, {
      ...base,
      title: '下一年度资金预算方案',
      bodyCode: 'board',
      categoryCode: 'large_fund',
      decidedOn: board1.date,
      meetingId: board1.id,
      agendaItemId: board1.agendaIds[1],
      preStudyMeetingId: pc1.id,
      preStudyAgendaItemId: pc1.agendaIds[1],
      docNo: `董事会〔${year}〕7号`,
      summary: '审议通过年度资金预算，严格大额资金支付审批。',
      ownerDepartment: '财务部',
      reviewOn: day(-2),
    }),
    await createDecision(ctx, zzb, {
      ...base,
      title: '中层管理人员选拔任用方案',
      bodyCode: 'management',
      categoryCode: 'major_appointment',
      decidedOn: gm1.date,
      meetingId: gm1.id,
      agendaItemId: gm1.agendaIds[0],
      preStudyMeetingId: pc2.id,
      preStudyAgendaItemId: pc2.agendaIds[0],
      preStudyNote: '党委会当日上午前置研究，下午总经理办公会决定',
      ownerDepartment: '党委组织部（人力资源部）',
    }),
    // The deliberate violation: a large-amount fund decision of management without the party committee's pre-study.
    await createDecision(ctx, zzb, {
      ...base,
      title: '原铝锭年度大额采购合同',
      bodyCode: 'management',
      categoryCode: 'large_fund',
      decidedOn: gm1.date,
      meetingId: gm1.id,
      agendaItemId: gm1.agendaIds[1],
      summary: '同意与供应商签订年度原铝锭采购合同，金额约3.6亿元。',
      ownerDepartment: '采购中心',
      reviewOn: day(30),
    }),
    await createDecision(ctx, zzb, {
      ...base,
      title: '职工食堂改造及餐补标准调整',
      bodyCode: 'workers_congress',
      categoryCode: 'staff_welfare',
      decidedOn: day(-20),
      summary: '职代会审议通过职工食堂改造方案和餐补标准调整。',
      ownerDepartment: '工会',
    }),
  ];

  // Follow-up (决策事项跟踪督办) of the smelting upgrade: one verified, one under way, one overdue.
  // One branch from each of the first four units (general branches), so the work and the answers spread out.
  const allBranches = await db
    .selectFrom('orgs')
    .select(['id', 'code', 'name', 'path', 'parent_id'])
    .where('kind', '=', 'branch')
    .where('status', '=', 'active')
    .where('path', 'like', `${top.path}%`)
    .orderBy('sort_order')
    .orderBy('code')
    .execute();
  const seenParents = new Set<number | null>();
  const branches = allBranches
    .filter((b) => {
      if (seenParents.has(b.parent_id)) {
        return false;
      }
      seenParents.add(b.parent_id);
      return true;
    })
    .slice(0, 4);
  const project = decisions[1];
  if (project && branches.length >= 3) {
    const specs = [
      { title: '完成智能化改造一期设备招标', org: branches[0], due: day(-10) },
      { title: '组织熔铸岗位操作人员技能培训', org: branches[1], due: day(25) },
      { title: '编制二期改造实施方案并报批', org: branches[2], due: day(-3) },
    ];
    const taskIds: number[] = [];
    for (const s of specs) {
      const r = await addFollowUp(ctx, zzb, project.id, {
        title: s.title,
        description: '',
        orgId: s.org.id,
        dueOn: s.due,
        level: 'action',
        priority: 'high',
        issue: true,
      });
      taskIds.push(r.taskId);
    }
    const sec0 = await actorOf(db, `sec-${specs[0].org.code}`);
    const sec1 = await actorOf(db, `sec-${specs[1].org.code}`);
    if (sec0) {
      await acceptTask(ctx, sec0, taskIds[0], {});
      await reportTask(ctx, sec0, taskIds[0], { text: '一期设备招标已完成，中标单位已确定。', progress: 100, fileIds: [] });
      await verifyTask(ctx, zzb, taskIds[0], { text: '招标结果符合要求，予以验收。' });
    }
    if (sec1) {
      await acceptTask(ctx, sec1, taskIds[1], {});
      await noteTask(ctx, sec1, taskIds[1], { text: '已完成两期培训，共培训操作人员46人次。', progress: 60, fileIds: [] });
    }
  }
  const budget = decisions[2];
  if (budget && branches[3]) {
    await addFollowUp(ctx, zzb, budget.id, {
      title: '落实大额资金支付分级审批',
      description: '',
      orgId: branches[3].id,
      dueOn: day(45),
      level: 'action',
      priority: 'normal',
      issue: true,
    });
  }

  // The discussion campaign, with answers recorded by the branch secretaries for their members.
  const campaign = await createCampaign(ctx, zzb, {
    orgId: top.id,
    title: '“赶超标杆我能干成什么”大讨论',
    question: '赶超标杆我能干成什么',
    description: '对标行业先进，每名党员结合本岗位，提出一件自己能干成的实事。优秀建议由党委采纳，纳入任务清单落实。',
    startsOn: day(-20),
    endsOn: day(10),
    tags: ['降本增效', '质量提升', '安全环保', '技术创新'],
    publish: true,
  });
  let answers = 0;
  const answerIds: Array<{ id: number; tags: string[]; shortlist?: boolean; orgId: number }> = [];
  for (const [bi, b] of branches.entries()) {
    const sec = await actorOf(db, `sec-${b.code}`);
    if (!sec) {
      continue;
    }
    const members = await db
      .selectFrom('people')
      .select('id')
      .where('branch_id', '=', b.id)
      .where('status', '=', 'active')
      .where('party_status', 'in', ['full', 'probationary'])
      .orderBy('employee_no')
      .limit(bi === 0 ? 4 : 2 + (bi % 2))
      .execute();
    for (const m of members) {
      const spec = ANSWERS[answers % ANSWERS.length];
      const a = await submitAnswer(ctx, sec, campaign.id, { text: spec.text, personId: m.id });
      answerIds.push({ id: a.id, tags: spec.tags, shortlist: spec.shortlist, orgId: b.id });
      answers += 1;
    }
  }
  for (const a of answerIds) {
    if (a.tags.length > 0 || a.shortlist) {
      await reviewAnswer(ctx, zzb, a.id, { tags: a.tags, ...(a.shortlist ? { shortlisted: true } : {}) });
    }
  }
  const adopt = answerIds.find((a) => a.shortlist);
  if (adopt) {
    await adoptAnswer(ctx, zzb, adopt.id, {
      title: '熔铸炉燃烧参数优化，吨铝天然气单耗下降5%',
      description: '',
      orgId: adopt.orgId,
      dueOn: day(90),
      level: 'action',
      priority: 'normal',
      issue: true,
    });
  }
  return { decisions: decisions.length, answers };
}

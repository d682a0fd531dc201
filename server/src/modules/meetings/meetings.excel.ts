import type { MeetingListQuery } from '@guantong/shared';
import type { Actor } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { type ExcelSheetSpec, writeSheet } from '../../core/excel.js';
import { attendanceSummaries, type MeetingJoinedRow, meetingColumns, NO_ATTENDANCE } from './meetings.repository.js';
import { meetingListQuery, presentListItem } from './meetings.service.js';

const MAX_EXPORT_ROWS = 20_000;
const STATUS = { planned: '计划', held: '已召开', cancelled: '已取消' } as const;

const SPEC: ExcelSheetSpec = {
  templateId: 'guantong.meetings.export.v1',
  title: '会议台账',
  sheetName: '会议台账',
  instructions: [],
  columns: [
    { key: 'date', header: '日期', type: 'date', width: 12 },
    { key: 'time', header: '时间', type: 'text', width: 8 },
    { key: 'org', header: '组织', type: 'text', width: 28 },
    { key: 'type', header: '会议类型', type: 'text', width: 16 },
    { key: 'title', header: '会议名称', type: 'text', width: 36 },
    { key: 'place', header: '地点', type: 'text', width: 18 },
    { key: 'status', header: '状态', type: 'text', width: 8 },
    { key: 'firstTopic', header: '第一议题', type: 'text', width: 10 },
    { key: 'expected', header: '应到', type: 'integer', width: 8 },
    { key: 'present', header: '实到', type: 'integer', width: 8 },
    { key: 'leave', header: '请假', type: 'integer', width: 8 },
    { key: 'absent', header: '缺席', type: 'integer', width: 8 },
  ],
};

/** The meeting list with the same filters as the page, as .xlsx (at most 20,000 rows). */
export async function exportMeetings(ctx: AppContext, actor: Actor, q: MeetingListQuery): Promise<Buffer> {
  const { base, today } = await meetingListQuery(ctx, actor, q);
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(count.n) > MAX_EXPORT_ROWS) {
    throw new AppError('EXPORT_TOO_LARGE', 400, `The list has more than ${MAX_EXPORT_ROWS} meetings; narrow the filters.`, {
      rows: Number(count.n),
      max: MAX_EXPORT_ROWS,
    });
  }
  const sortCol = q.sort === 'title' ? 'm.title' : q.sort === 'createdAt' ? 'm.created_at' : 'm.starts_at';
  const rows = (await base
    .select(meetingColumns())
    .orderBy(sortCol, q.order)
    .orderBy('m.id', q.order)
    .execute()) as unknown as MeetingJoinedRow[];
  const summaries = await attendanceSummaries(
    ctx.database.db,
    rows.map((r) => r.id),
  );
  return writeSheet(
    SPEC,
    rows.map((r) => {
      const m = presentListItem(r, summaries.get(r.id) ?? NO_ATTENDANCE, today);
      return {
        date: m.meetingDate,
        time: new Date(Date.parse(m.startsAt) + 8 * 3600_000).toISOString().slice(11, 16),
        org: m.org.name,
        type: m.typeName,
        title: m.title,
        place: m.online ? `线上 ${m.place}` : m.place,
        status: m.overdue ? '待补记录' : STATUS[m.status],
        firstTopic: m.firstTopicRequired ? (m.hasFirstTopic ? '有' : '缺') : '—',
        expected: m.attendance.expected,
        present: m.attendance.present,
        leave: m.attendance.leave,
        absent: m.attendance.absent,
      };
    }),
  );
}

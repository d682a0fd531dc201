import type { DecisionListQuery, DecisionStatus, PreStudyStatus } from '@guantong/shared';
import type { Actor } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { type ExcelSheetSpec, writeSheet } from '../../core/excel.js';
import { allDecisions } from './decisions.service.js';

const MAX_EXPORT_ROWS = 20_000;

export const DECISION_STATUS_LABELS: Record<DecisionStatus, string> = {
  decided: '已决策',
  in_progress: '落实中',
  completed: '已办结',
  cancelled: '已撤销',
};

export const PRE_STUDY_LABELS: Record<PreStudyStatus, string> = {
  not_required: '无需前置研究',
  ok: '已前置研究',
  missing: '违规：缺少前置研究',
  late: '违规：前置研究晚于决策',
  same_day_unverified: '待核实：同日，无法确认先后',
};

/** The register's export: exactly the columns and rows the list shows under the same filters and order. */
export const DECISION_EXPORT_SPEC: ExcelSheetSpec = {
  templateId: 'guantong.decisions.export.v1',
  title: '三会一层决策事项清单',
  sheetName: '决策事项清单',
  instructions: [],
  columns: [
    { key: 'id', header: '编号', type: 'integer', width: 8 },
    { key: 'decidedOn', header: '决策日期', type: 'date', width: 12 },
    { key: 'org', header: '组织', type: 'text', width: 22 },
    { key: 'body', header: '决策主体', type: 'text', width: 18 },
    { key: 'category', header: '事项类别', type: 'text', width: 28 },
    { key: 'title', header: '决策事项', type: 'text', width: 40 },
    { key: 'docNo', header: '文号', type: 'text', width: 18 },
    { key: 'meeting', header: '决策会议', type: 'text', width: 30 },
    { key: 'agendaItem', header: '议题', type: 'text', width: 24 },
    { key: 'preStudyMeeting', header: '前置研究（党委会）', type: 'text', width: 30 },
    { key: 'preStudyDate', header: '前置研究日期', type: 'date', width: 12 },
    { key: 'preStudy', header: '前置研究检查', type: 'text', width: 24 },
    { key: 'preStudyMessage', header: '检查说明（依据）', type: 'text', width: 60 },
    { key: 'summary', header: '决策内容摘要', type: 'text', width: 50 },
    { key: 'owner', header: '责任人', type: 'text', width: 14 },
    { key: 'ownerDepartment', header: '牵头部门', type: 'text', width: 14 },
    { key: 'reviewOn', header: '复查日期', type: 'date', width: 12 },
    { key: 'status', header: '状态', type: 'text', width: 10 },
    { key: 'followUps', header: '跟踪任务数', type: 'integer', width: 10 },
    { key: 'progress', header: '落实进度(%)', type: 'number', width: 12 },
    { key: 'verified', header: '已验收任务', type: 'integer', width: 10 },
    { key: 'overdue', header: '逾期任务', type: 'integer', width: 10 },
  ],
};

/** The filtered, sorted register as .xlsx (400 EXPORT_TOO_LARGE above 20,000 items). */
export async function exportDecisions(ctx: AppContext, actor: Actor, q: DecisionListQuery): Promise<Buffer> {
  const items = await allDecisions(ctx, actor, q, MAX_EXPORT_ROWS);
  return writeSheet(
    DECISION_EXPORT_SPEC,
    items.map((d) => ({
      id: d.id,
      decidedOn: d.decidedOn,
      org: d.org.name,
      body: d.body.name,
      category: d.category.groupName ? `${d.category.name}（${d.category.groupName}）` : d.category.name,
      title: d.title,
      docNo: d.docNo ?? '',
      meeting: d.meeting ? `${d.meeting.title}（${d.meeting.date}）` : '',
      agendaItem: d.agendaItem ? `${d.agendaItem.position}. ${d.agendaItem.title}` : '',
      preStudyMeeting: d.preStudy.meeting ? d.preStudy.meeting.title : '',
      preStudyDate: d.preStudy.meeting?.date ?? null,
      preStudy: PRE_STUDY_LABELS[d.preStudy.status],
      preStudyMessage: d.preStudy.required ? `${d.preStudy.message} 依据：${d.preStudy.source}` : '',
      summary: d.summary,
      owner: d.ownerUser?.displayName ?? '',
      ownerDepartment: d.ownerDepartment ?? '',
      reviewOn: d.reviewOn,
      status: DECISION_STATUS_LABELS[d.status],
      followUps: d.followUp.total,
      progress: d.followUp.progress,
      verified: d.followUp.verified,
      overdue: d.followUp.overdue,
    })),
  );
}

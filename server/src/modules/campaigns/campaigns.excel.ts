import type { CampaignAnswerListQuery } from '@guantong/shared';
import type { Actor } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { AppError } from '../../core/errors.js';
import { type ExcelSheetSpec, writeSheet } from '../../core/excel.js';
import { STATUS_LABELS } from '../tasks/tasks.excel.js';
import { parseTags } from './campaigns.presenter.js';
import { answersForExport } from './campaigns.service.js';

export const MAX_ANSWER_EXPORT_ROWS = 20_000;

const SPEC: ExcelSheetSpec = {
  templateId: 'guantong.campaign-answers.export.v1',
  title: '大讨论回答',
  sheetName: '回答',
  instructions: [],
  columns: [
    { key: 'no', header: '序号', type: 'integer', width: 6 },
    { key: 'person', header: '回答人', type: 'text', width: 12 },
    { key: 'org', header: '所在组织', type: 'text', width: 28 },
    { key: 'orgCode', header: '组织编码', type: 'text', width: 10 },
    { key: 'text', header: '回答内容', type: 'text', width: 60 },
    { key: 'tags', header: '标签', type: 'text', width: 18 },
    { key: 'shortlisted', header: '入围', type: 'text', width: 6 },
    { key: 'task', header: '采纳任务', type: 'text', width: 30 },
    { key: 'taskStatus', header: '任务状态', type: 'text', width: 10 },
    { key: 'submittedBy', header: '提交人', type: 'text', width: 12 },
    { key: 'submittedAt', header: '提交时间', type: 'text', width: 17 },
    { key: 'files', header: '附件数', type: 'integer', width: 8 },
  ],
};

/** A UTC instant as Beijing wall time `YYYY-MM-DD HH:mm`. */
function beijing(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * The answers of a campaign the actor sees, with the page's filters and order, as .xlsx with Chinese headers
 * (at most 20,000 rows; more is 400 EXPORT_TOO_LARGE).
 */
export async function exportAnswers(
  ctx: AppContext,
  actor: Actor,
  id: number,
  q: Omit<CampaignAnswerListQuery, 'page' | 'pageSize'>,
): Promise<{ data: Buffer; title: string }> {
  const { campaign, rows, total, files } = await answersForExport(ctx, actor, id, q, MAX_ANSWER_EXPORT_ROWS);
  if (total > MAX_ANSWER_EXPORT_ROWS) {
    throw new AppError('EXPORT_TOO_LARGE', 400, `The list has more than ${MAX_ANSWER_EXPORT_ROWS} answers; narrow the filters.`, {
      rows: total,
      max: MAX_ANSWER_EXPORT_ROWS,
    });
  }
  const data = await writeSheet(
    SPEC,
    rows.map((a, i) => ({
      no: i + 1,
      person: a.person_name ?? '',
      org: a.org_name,
      orgCode: a.org_code,
      text: a.text,
      tags: parseTags(a.tags).join('、'),
      shortlisted: a.shortlisted === 1 ? '是' : '否',
      task: a.task_title ?? '',
      taskStatus: a.task_status ? STATUS_LABELS[a.task_status] : '',
      submittedBy: a.submitted_by_name ?? '',
      submittedAt: beijing(a.created_at),
      files: files.get(a.id)?.length ?? 0,
    })),
  );
  return { data, title: campaign.title };
}

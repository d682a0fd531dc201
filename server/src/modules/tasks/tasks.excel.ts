import type {
  ImportRowError,
  Recurrence,
  ResponsibilityKind,
  SupervisionLevel,
  TaskImportQuery,
  TaskImportResult,
  TaskLevel,
  TaskListQuery,
  TaskPriority,
  TaskStatus,
} from '@guantong/shared';
import { type Actor, requireVisibleOrg } from '../../core/access.js';
import { auditMany } from '../../core/audit-bulk.js';
import type { AppContext } from '../../core/context.js';
import { AppError, invalidState } from '../../core/errors.js';
import { buildTemplate, type ExcelSheetSpec, parseDateText, readSheet, writeSheet } from '../../core/excel.js';
import { localToday } from './tasks.dates.js';
import { currentNodes } from './tasks.framework.js';
import { OPERATOR_ROLES } from './tasks.policy.js';
import { insertEvents, insertFrameworkLinks, insertTask, joinedInOrder, orderTaskList, updateTask } from './tasks.repository.js';
import { presentRows, taskListBase } from './tasks.service.js';

/** Chinese labels of the enumerations, as exports show them and imports accept them. */
export const LEVEL_LABELS: Record<TaskLevel, string> = {
  major_item: '重大事项',
  annual_target: '年度指标',
  action: '具体实施',
  subtask: '子项',
};
export const STATUS_LABELS: Record<TaskStatus, string> = {
  draft: '草稿',
  issued: '已下达',
  accepted: '已签收',
  in_progress: '执行中',
  reported: '已反馈',
  verified: '已验收',
  returned: '已退回',
  closed: '已销号',
  cancelled: '已取消',
};
export const RESPONSIBILITY_LABELS: Record<ResponsibilityKind, string> = {
  principal: '主体责任',
  first: '第一责任',
  dual_role: '一岗双责',
  joint: '党政同责',
};
export const PRIORITY_LABELS: Record<TaskPriority, string> = { low: '低', normal: '一般', high: '高', urgent: '紧急' };
export const SUPERVISION_LABELS: Record<SupervisionLevel, string> = { none: '正常', yellow: '黄牌（即将到期）', red: '红牌（逾期）' };
export const RECURRENCE_LABELS: Record<Recurrence, string> = { none: '不重复', monthly: '每月', quarterly: '每季度' };

function reverse<K extends string>(labels: Record<K, string>): Map<string, K> {
  return new Map(Object.entries(labels).map(([k, v]) => [v as string, k as K]));
}

/** The export's columns (what a task list shows). */
export const TASK_EXPORT_SPEC: ExcelSheetSpec = {
  templateId: 'guantong.tasks.export.v1',
  title: '任务清单',
  sheetName: '任务清单',
  instructions: [],
  columns: [
    { key: 'id', header: '任务编号', type: 'integer', width: 10 },
    { key: 'level', header: '层级', type: 'text', width: 10 },
    { key: 'title', header: '任务名称', type: 'text', width: 40 },
    { key: 'org', header: '责任组织', type: 'text', width: 24 },
    { key: 'responsible', header: '责任人', type: 'text', width: 12 },
    { key: 'responsibilityKind', header: '责任类型', type: 'text', width: 12 },
    { key: 'issuerOrg', header: '下达组织', type: 'text', width: 24 },
    { key: 'issuer', header: '下达人', type: 'text', width: 12 },
    { key: 'priority', header: '优先级', type: 'text', width: 8 },
    { key: 'startOn', header: '开始日期', type: 'date', width: 12 },
    { key: 'dueOn', header: '截止日期', type: 'date', width: 12 },
    { key: 'status', header: '状态', type: 'text', width: 10 },
    { key: 'supervision', header: '督办等级', type: 'text', width: 14 },
    { key: 'flagged', header: '挂牌督办', type: 'text', width: 10 },
    { key: 'overdueDays', header: '逾期天数', type: 'integer', width: 10 },
    { key: 'reportedProgress', header: '反馈进度(%)', type: 'number', width: 12 },
    { key: 'rollupProgress', header: '汇总进度(%)', type: 'number', width: 12 },
    { key: 'verifiedCompletion', header: '验收完成度(%)', type: 'number', width: 14 },
    { key: 'targetValue', header: '目标值', type: 'number', width: 10 },
    { key: 'targetUnit', header: '单位', type: 'text', width: 8 },
    { key: 'targetActual', header: '实际值', type: 'number', width: 10 },
    { key: 'weight', header: '权重', type: 'number', width: 8 },
    { key: 'framework', header: '党建工作体系要求', type: 'text', width: 30 },
    { key: 'lastUpdateAt', header: '最近更新', type: 'text', width: 20 },
  ],
};

/** Largest export in one file. */
export const MAX_EXPORT_ROWS = 50_000;

/** The list the user is looking at (same view, filters and order, every page) as .xlsx with Chinese headers. */
export async function exportTasks(ctx: AppContext, actor: Actor, q: TaskListQuery): Promise<Buffer> {
  const base = await taskListBase(ctx, actor, q);
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(count.n) > MAX_EXPORT_ROWS) {
    throw new AppError('EXPORT_TOO_LARGE', 400, `The list has more than ${MAX_EXPORT_ROWS} tasks; narrow the filters.`, {
      rows: Number(count.n),
      max: MAX_EXPORT_ROWS,
    });
  }
  const ordered = orderTaskList(base, q);
  const out: Record<string, unknown>[] = [];
  for (let offset = 0; ; offset += 2000) {
    const ids = (await ordered.limit(2000).offset(offset).execute()).map((r) => r.id);
    const rows = await joinedInOrder(ctx.database.db, ids);
    for (const t of await presentRows(ctx, rows)) {
      out.push({
        id: t.id,
        level: LEVEL_LABELS[t.level],
        title: t.title,
        org: t.org.name,
        responsible: t.responsibleUser?.displayName ?? '',
        responsibilityKind: RESPONSIBILITY_LABELS[t.responsibilityKind],
        issuerOrg: t.issuerOrg.name,
        issuer: t.issuerUser?.displayName ?? '',
        priority: PRIORITY_LABELS[t.priority],
        startOn: t.startOn,
        dueOn: t.dueOn,
        status: STATUS_LABELS[t.status],
        supervision: SUPERVISION_LABELS[t.supervisionLevel],
        flagged: t.flagged ? '是' : '否',
        overdueDays: t.overdueDays,
        reportedProgress: t.reportedProgress,
        rollupProgress: t.rollup.progress,
        verifiedCompletion: t.rollup.verifiedCompletion,
        targetValue: t.target.value,
        targetUnit: t.target.unit,
        targetActual: t.target.actual,
        weight: t.weight,
        framework: t.frameworkNodes.map((n) => `${n.code} ${n.name}`).join('；'),
        lastUpdateAt: t.lastUpdateAt ? t.lastUpdateAt.replace('T', ' ').slice(0, 16) : '',
      });
    }
    if (ids.length < 2000) {
      break;
    }
  }
  return writeSheet(TASK_EXPORT_SPEC, out);
}

/** The annual task list import template (年度任务清单). */
export const TASK_IMPORT_SPEC: ExcelSheetSpec = {
  templateId: 'guantong.tasks.v1',
  title: '年度任务清单导入模板',
  sheetName: '年度任务清单',
  instructions: [
    '每行一项任务。“序号”在本文件内唯一；下级任务在“上级序号”填写其上级任务的序号，上级任务须写在下级之前。',
    '层级自上而下：重大事项 → 年度指标 → 具体实施 → 子项；下级任务的层级不能高于上级。',
    '“党建工作体系要求”填写当年体系中要求的编码（如 3.1.2），多个编码用顿号或逗号分隔。',
    '导入后任务为草稿，归属于导入时选择的组织；核对后逐项下达。',
  ],
  columns: [
    { key: 'no', header: '序号', type: 'integer', required: true, example: 1, width: 8 },
    { key: 'parentNo', header: '上级序号', type: 'integer', width: 10, help: '顶层任务留空' },
    { key: 'level', header: '层级', type: 'enum', required: true, options: Object.values(LEVEL_LABELS), example: '重大事项', width: 12 },
    { key: 'title', header: '任务名称', type: 'text', required: true, example: '落实“第一议题”制度', width: 40 },
    { key: 'description', header: '任务说明', type: 'text', width: 40 },
    { key: 'framework', header: '党建工作体系要求', type: 'text', width: 20, help: '要求编码，如 1.1.1；多个用顿号分隔' },
    {
      key: 'responsibilityKind',
      header: '责任类型',
      type: 'enum',
      options: Object.values(RESPONSIBILITY_LABELS),
      width: 12,
      help: '默认 主体责任',
    },
    { key: 'priority', header: '优先级', type: 'enum', options: Object.values(PRIORITY_LABELS), width: 10, help: '默认 一般' },
    { key: 'startOn', header: '开始日期', type: 'date', width: 12 },
    { key: 'dueOn', header: '截止日期', type: 'date', required: true, example: new Date(Date.UTC(2026, 11, 31)), width: 12 },
    { key: 'targetValue', header: '目标值', type: 'number', width: 10 },
    { key: 'targetUnit', header: '单位', type: 'text', width: 8 },
    { key: 'weight', header: '权重', type: 'number', width: 8, help: '默认 1' },
    { key: 'recurrence', header: '周期', type: 'enum', options: Object.values(RECURRENCE_LABELS), width: 10, help: '默认 不重复' },
  ],
};

export function taskImportTemplate(): Promise<Buffer> {
  return buildTemplate(TASK_IMPORT_SPEC);
}

const MAX_IMPORT_ROWS = 5000;

interface ParsedRow {
  row: number;
  no: number;
  parentNo: number | null;
  level: TaskLevel;
  title: string;
  description: string;
  nodeIds: Array<{ node_id: number; lineage_id: number }>;
  responsibilityKind: ResponsibilityKind;
  priority: TaskPriority;
  startOn: string | null;
  dueOn: string;
  targetValue: number | null;
  targetUnit: string | null;
  weight: number;
  recurrence: Recurrence;
}

const LEVEL_BY_LABEL = reverse(LEVEL_LABELS);
const RESP_BY_LABEL = reverse(RESPONSIBILITY_LABELS);
const PRIORITY_BY_LABEL = reverse(PRIORITY_LABELS);
const RECURRENCE_BY_LABEL = reverse(RECURRENCE_LABELS);
const LEVEL_ORDER: TaskLevel[] = ['major_item', 'annual_target', 'action', 'subtask'];

/**
 * Imports an annual task list into drafts owned by `orgId` (the actor must operate it). Every row is checked and
 * errors carry row, field, column, code and a Chinese message; `all_or_nothing` imports nothing when any row fails
 * (422 IMPORT_HAS_ERRORS), `valid_only` skips failing rows and their descendants; `dryRun` only checks.
 */
export async function importTasks(ctx: AppContext, actor: Actor, q: TaskImportQuery, data: Buffer): Promise<TaskImportResult> {
  const db = ctx.database.db;
  const org = await requireVisibleOrg(db, actor, q.orgId, OPERATOR_ROLES);
  if (org.status !== 'active') {
    throw invalidState('The organisation is not active.');
  }
  const sheet = await readSheet(data, TASK_IMPORT_SPEC, { maxRows: MAX_IMPORT_ROWS });
  const header = new Map(TASK_IMPORT_SPEC.columns.map((c) => [c.key, c.header]));
  const nodes = await currentNodes(ctx);
  const nodeByCode = new Map(nodes.map((n) => [n.code, n]));
  const errors: ImportRowError[] = [];
  const err = (row: number, field: string | null, code: string, message: string) =>
    errors.push({ row, field, column: field ? (header.get(field) ?? null) : null, code, message });
  const parsed: ParsedRow[] = [];
  const byNo = new Map<number, ParsedRow>();
  const failed = new Set<number>();
  for (const r of sheet) {
    const v = r.values;
    const before = errors.length;
    const no = Number(v.no);
    if (!v.no || !Number.isInteger(no) || no <= 0) {
      err(r.row, 'no', v.no ? 'invalid_number' : 'required', v.no ? '序号应为正整数' : '序号必填');
    } else if (byNo.has(no) || failed.has(no)) {
      err(r.row, 'no', 'duplicate_in_file', `序号 ${no} 在文件中重复`);
    }
    const parentNo = v.parentNo ? Number(v.parentNo) : null;
    let parent: ParsedRow | undefined;
    if (v.parentNo && (!Number.isInteger(parentNo) || (parentNo ?? 0) <= 0)) {
      err(r.row, 'parentNo', 'invalid_number', '上级序号应为正整数');
    } else if (parentNo !== null) {
      parent = byNo.get(parentNo);
      if (!parent) {
        err(
          r.row,
          'parentNo',
          failed.has(parentNo) ? 'parent_failed' : 'unknown_parent',
          failed.has(parentNo) ? `上级序号 ${parentNo} 所在行有错误` : `上级序号 ${parentNo} 不存在或写在本行之后`,
        );
      }
    }
    const level = v.level ? LEVEL_BY_LABEL.get(v.level) : undefined;
    if (!level) {
      err(
        r.row,
        'level',
        v.level ? 'invalid_option' : 'required',
        v.level ? `层级应为：${Object.values(LEVEL_LABELS).join('、')}` : '层级必填',
      );
    } else if (parent && LEVEL_ORDER.indexOf(level) < LEVEL_ORDER.indexOf(parent.level)) {
      err(r.row, 'level', 'level_above_parent', '下级任务的层级不能高于上级任务');
    }
    const title = (v.title ?? '').trim();
    if (!title) {
      err(r.row, 'title', 'required', '任务名称必填');
    } else if (title.length > 300) {
      err(r.row, 'title', 'too_long', '任务名称不能超过 300 字');
    }
    const description = v.description ?? '';
    if (description.length > 5000) {
      err(r.row, 'description', 'too_long', '任务说明不能超过 5000 字');
    }
    const nodeIds: ParsedRow['nodeIds'] = [];
    for (const code of (v.framework ?? '').split(/[、,，;；\s]+/).filter(Boolean)) {
      const n = nodeByCode.get(code);
      if (!n) {
        err(r.row, 'framework', 'unknown_framework_code', `党建工作体系中没有编码 ${code}`);
      } else if (!nodeIds.some((x) => x.lineage_id === n.lineageId)) {
        nodeIds.push({ node_id: n.id, lineage_id: n.lineageId });
      }
    }
    const resp = v.responsibilityKind ? RESP_BY_LABEL.get(v.responsibilityKind) : 'principal';
    if (!resp) {
      err(r.row, 'responsibilityKind', 'invalid_option', `责任类型应为：${Object.values(RESPONSIBILITY_LABELS).join('、')}`);
    }
    const priority = v.priority ? PRIORITY_BY_LABEL.get(v.priority) : 'normal';
    if (!priority) {
      err(r.row, 'priority', 'invalid_option', `优先级应为：${Object.values(PRIORITY_LABELS).join('、')}`);
    }
    const startOn = v.startOn ? parseDateText(v.startOn) : null;
    if (v.startOn && !startOn) {
      err(r.row, 'startOn', 'invalid_date', '开始日期不是有效日期');
    }
    const dueOn = v.dueOn ? parseDateText(v.dueOn) : null;
    if (!dueOn) {
      err(r.row, 'dueOn', v.dueOn ? 'invalid_date' : 'required', v.dueOn ? '截止日期不是有效日期' : '截止日期必填');
    } else if (startOn && startOn > dueOn) {
      err(r.row, 'startOn', 'start_after_due', '开始日期晚于截止日期');
    }
    const targetValue = v.targetValue ? Number(v.targetValue) : null;
    if (v.targetValue && !Number.isFinite(targetValue)) {
      err(r.row, 'targetValue', 'invalid_number', '目标值应为数字');
    }
    const weight = v.weight ? Number(v.weight) : 1;
    if (!Number.isFinite(weight) || weight < 0 || weight > 1000) {
      err(r.row, 'weight', 'invalid_number', '权重应为 0 到 1000 之间的数字');
    }
    const recurrence = v.recurrence ? RECURRENCE_BY_LABEL.get(v.recurrence) : 'none';
    if (!recurrence) {
      err(r.row, 'recurrence', 'invalid_option', `周期应为：${Object.values(RECURRENCE_LABELS).join('、')}`);
    }
    if ((v.targetUnit ?? '').length > 20) {
      err(r.row, 'targetUnit', 'too_long', '单位不能超过 20 字');
    }
    if (errors.length > before || !level || !dueOn || !resp || !priority || !recurrence) {
      if (Number.isInteger(no) && no > 0) {
        failed.add(no);
      }
      continue;
    }
    const p: ParsedRow = {
      row: r.row,
      no,
      parentNo,
      level,
      title,
      description,
      nodeIds,
      responsibilityKind: resp,
      priority,
      startOn,
      dueOn,
      targetValue,
      targetUnit: v.targetUnit ?? null,
      weight,
      recurrence,
    };
    parsed.push(p);
    byNo.set(no, p);
  }
  const result: TaskImportResult = {
    dryRun: q.dryRun === 'true',
    mode: q.mode,
    rows: sheet.length,
    imported: 0,
    skipped: sheet.length - parsed.length,
    errors,
    taskIds: [],
  };
  if (result.dryRun) {
    return result;
  }
  if (errors.length > 0 && q.mode === 'all_or_nothing') {
    throw new AppError('IMPORT_HAS_ERRORS', 422, 'Some rows have errors; nothing was imported.', { ...result, skipped: sheet.length });
  }
  const now = ctx.clock().toISOString();
  const today = localToday(ctx.clock());
  result.taskIds = await db.transaction().execute(async (trx) => {
    const idByNo = new Map<number, { id: number; rootId: number; depth: number }>();
    const created: Array<{ id: number; values: object }> = [];
    for (const p of parsed) {
      const parent = p.parentNo !== null ? idByNo.get(p.parentNo) : undefined;
      const values = {
        level: p.level,
        parent_id: parent?.id ?? null,
        root_id: parent?.rootId ?? null,
        depth: parent ? parent.depth + 1 : 0,
        title: p.title,
        description: p.description,
        org_id: org.id,
        issuer_org_id: org.id,
        issuer_user_id: actor.userId,
        created_by: actor.userId,
        responsible_user_id: null,
        responsibility_kind: p.responsibilityKind,
        priority: p.priority,
        start_on: p.startOn,
        due_on: p.dueOn,
        target_value: p.targetValue,
        target_unit: p.targetUnit,
        target_actual: null,
        weight: p.weight,
        status: 'draft' as const,
        recurrence: p.recurrence,
        last_update_at: now,
        created_at: now,
        updated_at: now,
      };
      const id = await insertTask(trx, values);
      const rootId = parent?.rootId ?? id;
      if (!parent) {
        await updateTask(trx, id, { root_id: id });
      }
      idByNo.set(p.no, { id, rootId, depth: values.depth });
      await insertFrameworkLinks(
        trx,
        p.nodeIds.map((n) => ({ task_id: id, ...n, org_id: org.id, status: 'draft' as const, due_on: p.dueOn })),
      );
      created.push({ id, values: { ...values, root_id: rootId, framework_node_ids: p.nodeIds.map((n) => n.node_id), source_row: p.row } });
    }
    await insertEvents(
      trx,
      created.map((c) => ({
        task_id: c.id,
        at: now,
        actor_id: actor.userId,
        actor_name: actor.displayName,
        kind: 'created' as const,
        from_status: null,
        to_status: 'draft' as const,
        text: '由年度任务清单导入',
        progress: null,
        data: JSON.stringify({ imported: today }),
      })),
    );
    await auditMany(
      trx,
      actor,
      created.map((c) => ({ action: 'task.imported', entityType: 'task', entityId: c.id, after: c.values })),
      ctx.clock,
    );
    return created.map((c) => c.id);
  });
  result.imported = result.taskIds.length;
  return result;
}

import {
  coverageMatrixQuerySchema,
  coverageMatrixSchema,
  coverageNodeQuerySchema,
  coverageNodeSchema,
  coverageOrgSchema,
  fileRefSchema,
  idParamSchema,
  noticeAnswerSchema,
  noticeListQuerySchema,
  pageOf,
  supervisionNoticeSchema,
  taskAssigneeQuerySchema,
  taskAssigneeSchema,
  taskCommentSchema,
  taskCreateSchema,
  taskDecomposeSchema,
  taskDetailSchema,
  taskFlagSchema,
  taskImportQuerySchema,
  taskImportResultSchema,
  taskIssueResultSchema,
  taskIssueSchema,
  taskListItemSchema,
  taskListQuerySchema,
  taskMetricsQuerySchema,
  taskMetricsSchema,
  taskNoteSchema,
  taskReasonSchema,
  taskReportSchema,
  taskSettingsSchema,
  taskSettingsUpdateSchema,
  taskSummaryQuerySchema,
  taskSummarySchema,
  taskUpdateSchema,
} from '@guantong/shared';
import { z } from 'zod';
import { requireRole } from '../../core/access.js';
import type { AppContext } from '../../core/context.js';
import { readXlsxUpload, sendXlsx } from '../../core/excel.js';
import type { ZodApp } from '../../core/http.js';
import type { JobDefinition } from '../../core/jobs.js';
import { actorOf } from '../../core/session.js';
import { readSingleUpload } from '../files/files.routes.js';
import { registerFileOwner } from '../files/files.service.js';
import { registerFrameworkLinkProvider } from '../framework/framework.links.js';
import { registerDigestSource } from '../notifications/notifications.service.js';
import { listAssignees } from './tasks.assignees.js';
import { coverageForNode, coverageForOrg } from './tasks.coverage.js';
import { coverageMatrix } from './tasks.coverage-matrix.js';
import { localToday } from './tasks.dates.js';
import { exportTasks, importTasks, taskImportTemplate } from './tasks.excel.js';
import { taskImportErrorFile } from './tasks.import-errors.js';
import { taskMetrics } from './tasks.metrics.js';
import { SUPERVISOR_ROLES, TASK_READ_ROLES, TASK_WRITE_ROLES } from './tasks.policy.js';
import { generateRecurringTasks } from './tasks.recurrence.js';
import {
  acceptTask,
  cancelTask,
  canSeeTaskById,
  closeTask,
  createTask,
  decomposeTask,
  getTaskDetail,
  issueTask,
  listTasks,
  noteTask,
  reportTask,
  returnTask,
  startTask,
  TASK_FILE_OWNER,
  tasksLinkedToNodes,
  updateTaskFields,
  uploadTaskFile,
  verifyTask,
} from './tasks.service.js';
import { getTaskSettings, updateTaskSettings } from './tasks.settings.js';
import { taskSummary } from './tasks.summary.js';
import { answerNotice, flagTask, getNotice, listNotices, runSupervisionScan, taskDigestSections, unflagTask } from './tasks.supervision.js';
import { TRANSITIONS } from './tasks.workflow.js';

const nodeParams = z.object({ nodeId: z.coerce.number().int().positive() }).strict();
const orgParams = z.object({ orgId: z.coerce.number().int().positive() }).strict();
const workflowSchema = z.array(z.object({ action: z.string(), from: z.array(z.string()), to: z.string().nullable(), by: z.string() }));

/**
 * Tasks (任务清单), their closed loop, evidence, 督办 notices, coverage (贯通) and indicators. Also declares what the
 * module contributes elsewhere: task files (access follows the task), the framework node page's task list, and the
 * tasks part of the daily digest.
 */
export function registerTaskRoutes(app: ZodApp, ctx: AppContext): void {
  registerFileOwner(TASK_FILE_OWNER, (c, actor, id) => canSeeTaskById(c, actor, id));
  registerFrameworkLinkProvider('tasks', tasksLinkedToNodes);
  registerDigestSource('tasks', (c) => taskDigestSections(c));

  const tags = ['tasks'];
  const reader = (req: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req);
    requireRole(actor, TASK_READ_ROLES);
    return actor;
  };
  const writer = (req: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req);
    requireRole(actor, TASK_WRITE_ROLES);
    return actor;
  };
  const supervisor = (req: Parameters<typeof actorOf>[0]) => {
    const actor = actorOf(req);
    requireRole(actor, SUPERVISOR_ROLES);
    return actor;
  };

  app.get(
    '/api/tasks',
    { schema: { tags, querystring: taskListQuerySchema, response: { 200: pageOf(taskListItemSchema) } } },
    async (req) => listTasks(ctx, reader(req), req.query),
  );
  app.get('/api/tasks/export.xlsx', { schema: { tags, querystring: taskListQuerySchema } }, async (req, reply) => {
    const data = await exportTasks(ctx, reader(req), req.query);
    return sendXlsx(reply, data, `任务清单-${localToday(ctx.clock())}.xlsx`);
  });
  app.get('/api/tasks/import/template.xlsx', { schema: { tags } }, async (req, reply) => {
    reader(req);
    return sendXlsx(reply, await taskImportTemplate(), '年度任务清单导入模板.xlsx');
  });
  app.post(
    '/api/tasks/import',
    { schema: { tags, querystring: taskImportQuerySchema, response: { 200: taskImportResultSchema } } },
    async (req) => {
      const actor = writer(req);
      const file = await readXlsxUpload(req, { maxBytes: 10 * 1024 * 1024 });
      return importTasks(ctx, actor, req.query, file.data);
    },
  );
  app.post(
    '/api/tasks/import/error-file.xlsx',
    { schema: { tags, querystring: z.object({ orgId: z.coerce.number().int().positive() }).strict() } },
    async (req, reply) => {
      const actor = writer(req);
      const file = await readXlsxUpload(req, { maxBytes: 10 * 1024 * 1024 });
      return sendXlsx(reply, await taskImportErrorFile(ctx, actor, req.query.orgId, file.data), '年度任务清单-错误信息.xlsx');
    },
  );
  app.get(
    '/api/tasks/summary',
    { schema: { tags, querystring: taskSummaryQuerySchema, response: { 200: taskSummarySchema } } },
    async (req) => taskSummary(ctx, reader(req), req.query),
  );
  app.get(
    '/api/tasks/assignees',
    { schema: { tags, querystring: taskAssigneeQuerySchema, response: { 200: z.array(taskAssigneeSchema) } } },
    async (req) => listAssignees(ctx, reader(req), req.query),
  );
  app.get('/api/tasks/workflow', { schema: { tags, response: { 200: workflowSchema } } }, async (req) => {
    reader(req);
    return TRANSITIONS.map((t) => ({ action: t.action, from: [...t.from], to: t.to, by: t.by }));
  });
  app.get('/api/tasks/settings', { schema: { tags, response: { 200: taskSettingsSchema } } }, async (req) =>
    getTaskSettings(ctx, reader(req)),
  );
  app.put('/api/tasks/settings', { schema: { tags, body: taskSettingsUpdateSchema, response: { 200: taskSettingsSchema } } }, async (req) =>
    updateTaskSettings(ctx, actorOf(req), req.body),
  );
  app.get(
    '/api/tasks/metrics',
    { schema: { tags, querystring: taskMetricsQuerySchema, response: { 200: taskMetricsSchema } } },
    async (req) => taskMetrics(ctx, reader(req), req.query),
  );
  app.post('/api/tasks', { schema: { tags, body: taskCreateSchema, response: { 201: taskDetailSchema } } }, async (req, reply) => {
    const task = await createTask(ctx, writer(req), req.body);
    return reply.status(201).send(task);
  });
  app.get('/api/tasks/:id', { schema: { tags, params: idParamSchema, response: { 200: taskDetailSchema } } }, async (req) =>
    getTaskDetail(ctx, reader(req), req.params.id),
  );
  app.patch(
    '/api/tasks/:id',
    { schema: { tags, params: idParamSchema, body: taskUpdateSchema, response: { 200: taskDetailSchema } } },
    async (req) => updateTaskFields(ctx, reader(req), req.params.id, req.body),
  );
  app.post(
    '/api/tasks/:id/issue',
    { schema: { tags, params: idParamSchema, body: taskIssueSchema, response: { 200: taskIssueResultSchema } } },
    async (req) => issueTask(ctx, reader(req), req.params.id, req.body),
  );
  app.post(
    '/api/tasks/:id/decompose',
    { schema: { tags, params: idParamSchema, body: taskDecomposeSchema, response: { 200: taskIssueResultSchema } } },
    async (req) => decomposeTask(ctx, reader(req), req.params.id, req.body),
  );
  const comment = { tags, params: idParamSchema, body: taskCommentSchema.optional(), response: { 200: taskDetailSchema } };
  app.post('/api/tasks/:id/accept', { schema: comment }, async (req) => acceptTask(ctx, reader(req), req.params.id, req.body ?? {}));
  app.post('/api/tasks/:id/start', { schema: comment }, async (req) => startTask(ctx, reader(req), req.params.id, req.body ?? {}));
  app.post('/api/tasks/:id/verify', { schema: comment }, async (req) => verifyTask(ctx, reader(req), req.params.id, req.body ?? {}));
  app.post('/api/tasks/:id/close', { schema: comment }, async (req) => closeTask(ctx, reader(req), req.params.id, req.body ?? {}));
  const reason = { tags, params: idParamSchema, body: taskReasonSchema, response: { 200: taskDetailSchema } };
  app.post('/api/tasks/:id/return', { schema: reason }, async (req) => returnTask(ctx, reader(req), req.params.id, req.body));
  app.post('/api/tasks/:id/cancel', { schema: reason }, async (req) => cancelTask(ctx, reader(req), req.params.id, req.body));
  app.post('/api/tasks/:id/unflag', { schema: reason }, async (req) => unflagTask(ctx, supervisor(req), req.params.id, req.body));
  app.post(
    '/api/tasks/:id/note',
    { schema: { tags, params: idParamSchema, body: taskNoteSchema, response: { 200: taskDetailSchema } } },
    async (req) => noteTask(ctx, reader(req), req.params.id, req.body),
  );
  app.post(
    '/api/tasks/:id/report',
    { schema: { tags, params: idParamSchema, body: taskReportSchema, response: { 200: taskDetailSchema } } },
    async (req) => reportTask(ctx, reader(req), req.params.id, req.body),
  );
  app.post(
    '/api/tasks/:id/flag',
    { schema: { tags, params: idParamSchema, body: taskFlagSchema, response: { 200: taskDetailSchema } } },
    async (req) => flagTask(ctx, supervisor(req), req.params.id, req.body),
  );
  app.post('/api/tasks/:id/files', { schema: { tags, params: idParamSchema, response: { 201: fileRefSchema } } }, async (req, reply) => {
    const actor = reader(req);
    const file = await readSingleUpload(req);
    return reply.status(201).send(await uploadTaskFile(ctx, actor, req.params.id, file));
  });

  const noticeTags = ['supervision'];
  app.get(
    '/api/supervision-notices',
    { schema: { tags: noticeTags, querystring: noticeListQuerySchema, response: { 200: pageOf(supervisionNoticeSchema) } } },
    async (req) => listNotices(ctx, reader(req), req.query),
  );
  app.get(
    '/api/supervision-notices/:id',
    { schema: { tags: noticeTags, params: idParamSchema, response: { 200: supervisionNoticeSchema } } },
    async (req) => getNotice(ctx, reader(req), req.params.id),
  );
  app.post(
    '/api/supervision-notices/:id/answer',
    { schema: { tags: noticeTags, params: idParamSchema, body: noticeAnswerSchema, response: { 200: supervisionNoticeSchema } } },
    async (req) => answerNotice(ctx, reader(req), req.params.id, req.body),
  );

  const coverageTags = ['coverage'];
  app.get(
    '/api/coverage/nodes/:nodeId',
    { schema: { tags: coverageTags, params: nodeParams, querystring: coverageNodeQuerySchema, response: { 200: coverageNodeSchema } } },
    async (req) => coverageForNode(ctx, reader(req), req.params.nodeId, req.query),
  );
  app.get(
    '/api/coverage/matrix',
    { schema: { tags: coverageTags, querystring: coverageMatrixQuerySchema, response: { 200: coverageMatrixSchema } } },
    async (req) => coverageMatrix(ctx, reader(req), req.query),
  );
  app.get(
    '/api/coverage/orgs/:orgId',
    { schema: { tags: coverageTags, params: orgParams, response: { 200: coverageOrgSchema } } },
    async (req) => coverageForOrg(ctx, reader(req), req.params.orgId),
  );
}

/** The supervision scan (yellow / red / escalation / stale): every 15 minutes. */
export const taskSupervisionJob: JobDefinition = {
  name: 'tasks.supervision',
  intervalMs: 15 * 60_000,
  async run(ctx) {
    const r = await runSupervisionScan(ctx);
    return `scanned ${r.scanned} in ${r.ms} ms (max batch ${r.maxBatchMs} ms): yellow ${r.yellow}, red ${r.red}, cleared ${r.cleared}, escalated ${r.escalated}, stale ${r.stale}, notified ${r.notified}`;
  },
};

/** Recurring occurrences, generated ahead: hourly. */
export const taskRecurrenceJob: JobDefinition = {
  name: 'tasks.recurrence',
  intervalMs: 60 * 60_000,
  async run(ctx) {
    const r = await generateRecurringTasks(ctx);
    return `${r.templates} recurring tasks, ${r.created} occurrences created`;
  },
};
